//! Each event that tells someone something does tell them, once, with what it is about:
//! a friend request accepted, a commission pending → confirmed, one reversed by a refund,
//! a withdrawal paid and one failed (its money back).

use crate::earnings::{buy, click, order_action, share_of};
use crate::helpers::{call, notification_kinds, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use circle_server::{
    clock::{Clock, DAY},
    service::jobs,
};
use serde_json::{json, Value};

on_each_database!(
    a_friend_is_told_of_acceptance,
    commission_and_payout_events_reach_the_sharer
);

async fn newest(app: &TestApp, who: &Browser) -> Value {
    let (_, page) = call(who.get(app.url("/api/v1/notifications"))).await;
    page["items"][0].clone()
}

async fn a_friend_is_told_of_acceptance(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "asker", "password 123").await;
    let b = register(&app, "accepter", "password 123").await;
    let (status, req) = call(
        a.post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": "accepter"})),
    )
    .await;
    assert_eq!(status, 201, "{req}");
    assert_eq!(notification_kinds(&app, &b).await, ["friend_request"]);
    let id = req["id"].as_i64().unwrap();
    let (status, _) = call(b.post(app.url(&format!("/api/v1/friend-requests/{id}/accept")))).await;
    assert_eq!(status, 204);
    let told = newest(&app, &a).await;
    assert_eq!(
        (told["kind"].as_str(), told["actor"]["handle"].as_str()),
        (Some("friend_accepted"), Some("accepter"))
    );
    assert_eq!(notification_kinds(&app, &a).await.len(), 1, "told once");
}

async fn commission_and_payout_events_reach_the_sharer(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "通知测试品", "home", 100_000, true).await;
    let sharer = register(&app, "sharer", "password 123").await;
    let code = share_of(&app, &sharer, p).await;
    let fan = register(&app, "fan", "password 123").await;
    let returner = register(&app, "returner", "password 123").await;
    assert_eq!(click(&app, &fan, &code).await, 204);
    assert_eq!(click(&app, &returner, &code).await, 204);
    let kept = buy(&app, &fan, p).await;
    let returned = buy(&app, &returner, p).await;
    let pending = newest(&app, &sharer).await;
    assert_eq!(
        (pending["kind"].as_str(), pending["amount_cents"].as_i64()),
        (Some("commission_pending"), Some(5000))
    );
    assert_eq!(
        notification_kinds(&app, &sharer)
            .await
            .iter()
            .filter(|k| *k == "commission_pending")
            .count(),
        2
    );

    // One is returned before it completes: reversed. The other completes: confirmed.
    order_action(&app, &fan, &kept, "deliver").await;
    order_action(&app, &returner, &returned, "deliver").await;
    order_action(&app, &returner, &returned, "refund").await;
    assert_eq!(newest(&app, &sharer).await["kind"], "commission_reversed");
    app.clock.advance(8 * DAY);
    let run = jobs::run_jobs(&app.store, app.clock.now()).await.unwrap();
    assert_eq!(run.confirmed, 1);
    let confirmed = newest(&app, &sharer).await;
    assert_eq!(
        (
            confirmed["kind"].as_str(),
            confirmed["amount_cents"].as_i64()
        ),
        (Some("commission_confirmed"), Some(5000))
    );

    // Two withdrawals: one paid, one failed (its money comes back).
    let withdraw = |amount: i64| {
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", format!("w-{amount}"))
            .json(&json!({"amount_cents": amount}))
    };
    assert_eq!(call(withdraw(1000)).await.0, 201);
    let now = app.clock.now();
    assert_eq!(
        jobs::settle_withdrawals(&app.store, now, now, true)
            .await
            .unwrap(),
        1
    );
    let paid = newest(&app, &sharer).await;
    assert_eq!(
        (paid["kind"].as_str(), paid["amount_cents"].as_i64()),
        (Some("withdrawal_paid"), Some(1000))
    );
    assert_eq!(call(withdraw(2000)).await.0, 201);
    let now = app.clock.now();
    assert_eq!(
        jobs::settle_withdrawals(&app.store, now, now, false)
            .await
            .unwrap(),
        1
    );
    let failed = newest(&app, &sharer).await;
    assert_eq!(
        (failed["kind"].as_str(), failed["amount_cents"].as_i64()),
        (Some("withdrawal_failed"), Some(2000))
    );
    let (_, money) = call(sharer.get(app.url("/api/v1/earnings"))).await;
    assert_eq!(
        money["available_cents"], 4000,
        "5000 − 1000 paid; the failed 2000 came back: {money}"
    );
}
