//! Quality control end to end: counterfeit reports put a product under review (not
//! buyable, out of feeds and discover, commissions frozen) until a moderator restores it
//! (everything resumes) or delists it (frozen commissions reversed); share reports hide
//! a share at 5; every moderator action is in the append-only log.

use crate::earnings::assert_ledger_ok;
use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use circle_server::{
    clock::{Clock, DAY},
    service::jobs,
};
use serde_json::{json, Value};

on_each_database!(
    the_counterfeit_flow_freezes_then_resumes_or_reverses_commissions,
    five_share_reports_hide_a_share_and_moderators_decide,
    a_banned_account_reads_but_cannot_act_until_the_ban_ends,
);

pub(crate) async fn moderator(app: &TestApp) -> Browser {
    let m = register(app, "moderator1", "password 123").await;
    sqlx::query("UPDATE users SET role = 'moderator' WHERE handle = 'moderator1'")
        .execute(app.store.pool())
        .await
        .unwrap();
    m
}

async fn buy(app: &TestApp, who: &Browser, product: i64, key: &str, deliver: bool) -> Value {
    let (status, order) = call(
        who.post(app.url("/api/v1/orders"))
            .header("idempotency-key", key)
            .json(&json!({"product_id": product, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 201, "{order}");
    if deliver {
        let id = order["id"].as_i64().unwrap();
        crate::flow::deliver(app, who, id).await;
    }
    order
}

async fn report(app: &TestApp, who: &Browser, product: i64) -> (u16, Value) {
    call(
        who.post(app.url(&format!("/api/v1/products/{product}/report")))
            .json(&json!({"reason": "counterfeit", "note": "包装和正品不一样"})),
    )
    .await
}

async fn status_of(app: &TestApp, product: i64) -> String {
    sqlx::query_scalar("SELECT status FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

/// A sharer with a share of `product`, and three buyers who bought through it and got
/// it delivered, plus one whose order is not delivered yet. Returns (sharer, buyers).
async fn circle_around(app: &TestApp, product: i64, tag: &str) -> (Browser, Vec<Browser>) {
    let sharer = register(app, &format!("{tag}_sharer"), "password 123").await;
    buy(app, &sharer, product, &format!("{tag}-s"), true).await;
    let (status, share) = call(
        sharer
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": product, "text": format!("{tag} 的真实体验")})),
    )
    .await;
    assert_eq!(status, 201, "{share}");
    let code = share["code"].as_str().unwrap().to_owned();
    let mut buyers = Vec::new();
    for i in 0..4 {
        let b = register(app, &format!("{tag}_b{i}"), "password 123").await;
        let (status, _) = call(b.post(app.url(&format!("/api/v1/shares/{code}/click")))).await;
        assert_eq!(status, 204, "the click is recorded");
        buy(app, &b, product, &format!("{tag}-{i}"), i < 3).await;
        buyers.push(b);
    }
    (sharer, buyers)
}

async fn earnings(app: &TestApp, who: &Browser) -> Value {
    call(who.get(app.url("/api/v1/earnings"))).await.1
}

async fn the_counterfeit_flow_freezes_then_resumes_or_reverses_commissions(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = moderator(&app).await;
    let p = product(&app, "可疑名牌包", "fashion", 100_000, true).await;
    let (sharer, buyers) = circle_around(&app, p, "p1").await;
    assert_eq!(earnings(&app, &sharer).await["pending_cents"], 4 * 5000);

    // Before any report: in discover and in the sharer's circle.
    let stranger = register(&app, "stranger", "password 123").await;
    let (_, found) = call(stranger.get(app.url("/api/v1/products?q=可疑"))).await;
    assert_eq!(found["items"][0]["id"], p, "{found}");
    let (_, feed) = call(sharer.get(app.url("/api/v1/feed"))).await;
    assert_eq!(feed["items"][0]["share"]["product"]["id"], p, "{feed}");

    // Only buyers with a delivered order report; once each; the third puts it under review.
    assert_eq!(report(&app, &stranger, p).await.0, 403);
    assert_eq!(
        report(&app, &buyers[3], p).await.0,
        403,
        "not delivered yet"
    );
    let (status, r) = report(&app, &buyers[0], p).await;
    assert_eq!((status, r["outcome"].as_str()), (201, Some("open")));
    let (status, err) = report(&app, &buyers[0], p).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("already_reported"))
    );
    assert_eq!(report(&app, &buyers[1], p).await.0, 201);
    assert_eq!(
        status_of(&app, p).await,
        "active",
        "two reports are not enough"
    );
    assert_eq!(report(&app, &buyers[2], p).await.0, 201);
    assert_eq!(status_of(&app, p).await, "under_review");

    // Under review: not buyable, out of discover and the feed, commissions frozen.
    let (status, err) = call(
        stranger
            .post(app.url("/api/v1/orders"))
            .header("idempotency-key", "late")
            .json(&json!({"product_id": p, "quantity": 1})),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("product_unavailable"))
    );
    let (status, found) = call(stranger.get(app.url("/api/v1/products?q=可疑"))).await;
    assert_eq!(status, 200);
    assert!(found["items"].as_array().unwrap().is_empty());
    let (status, feed) = call(sharer.get(app.url("/api/v1/feed"))).await;
    assert_eq!(status, 200);
    assert!(feed["items"].as_array().unwrap().is_empty(), "{feed}");
    app.clock.advance(8 * DAY);
    let run = jobs::run_jobs(&app.store, app.clock.now()).await.unwrap();
    assert_eq!(run.confirmed, 0, "frozen");
    assert_eq!(earnings(&app, &sharer).await["available_cents"], 0);

    // Only moderators act, and they must say why.
    let restore = format!("/api/v1/moderation/products/{p}/restore");
    assert_eq!(
        call(sharer.post(app.url(&restore)).json(&json!({"reason": "x"})))
            .await
            .0,
        403
    );
    assert_eq!(
        call(sharer.get(app.url("/api/v1/moderation/queue")))
            .await
            .0,
        403
    );
    let (_, queue) = call(moderator.get(app.url("/api/v1/moderation/queue"))).await;
    assert_eq!(queue["products"][0]["product"]["id"], p);
    assert_eq!(queue["products"][0]["reports"].as_array().unwrap().len(), 3);
    let (status, err) = call(
        moderator
            .post(app.url(&restore))
            .json(&json!({"reason": " "})),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (422, Some("reason")));

    // Restored: everything resumes.
    let (status, _) = call(
        moderator
            .post(app.url(&restore))
            .json(&json!({"reason": "鉴定为正品"})),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(status_of(&app, p).await, "active");
    // Restoring it again: it is not under review (409), and nothing is logged.
    let (status, err) = call(
        moderator
            .post(app.url(&restore))
            .json(&json!({"reason": "再恢复一次"})),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("illegal_transition"))
    );
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    assert_eq!(
        log.as_array().unwrap().len(),
        1,
        "one restore logged: {log}"
    );
    let run = jobs::run_jobs(&app.store, app.clock.now()).await.unwrap();
    assert_eq!(run.confirmed, 3, "the three delivered orders' commissions");
    assert_eq!(earnings(&app, &sharer).await["available_cents"], 3 * 5000);
    let (_, mine) = call(buyers[0].get(app.url("/api/v1/reports/mine"))).await;
    assert_eq!(
        mine[0]["outcome"], "dismissed",
        "the reporter sees the outcome"
    );
    assert_ledger_ok(&app).await;

    // Another product is delisted: its frozen commissions are reversed with that reason.
    let q = product(&app, "假冒耳机", "digital", 100_000, true).await;
    let (sharer2, buyers2) = circle_around(&app, q, "p2").await;
    for b in &buyers2[..3] {
        assert_eq!(report(&app, b, q).await.0, 201);
    }
    assert_eq!(status_of(&app, q).await, "under_review");
    let (status, _) = call(
        moderator
            .post(app.url(&format!("/api/v1/moderation/products/{q}/delist")))
            .json(&json!({"reason": "三位买家举报，商家无法提供授权"})),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(status_of(&app, q).await, "delisted");
    let e = earnings(&app, &sharer2).await;
    assert_eq!(
        (e["pending_cents"].as_i64(), e["available_cents"].as_i64()),
        (Some(0), Some(0))
    );
    let (_, list) = call(sharer2.get(app.url("/api/v1/earnings/commissions"))).await;
    for c in list["items"].as_array().unwrap() {
        assert_eq!(
            (c["status"].as_str(), c["reversal"].as_str()),
            (Some("reversed"), Some("delisted"))
        );
    }
    let (_, mine) = call(buyers2[0].get(app.url("/api/v1/reports/mine"))).await;
    assert_eq!(mine[0]["outcome"], "upheld");
    assert_eq!(
        call(
            moderator
                .post(app.url(&format!("/api/v1/moderation/products/{q}/restore")))
                .json(&json!({"reason": "再看看"}))
        )
        .await
        .0,
        409,
        "a delisted product stays delisted"
    );
    assert_ledger_ok(&app).await;

    // The audit log: who, what, when, why; and it cannot be rewritten.
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    let actions: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        [
            ("delist_product", "三位买家举报，商家无法提供授权"),
            ("restore_product", "鉴定为正品")
        ]
    );
    assert_eq!(log[0]["moderator"], "moderator1");
    let err = sqlx::query("UPDATE moderation_log SET reason = 'changed'")
        .execute(app.store.pool())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

async fn five_share_reports_hide_a_share_and_moderators_decide(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = moderator(&app).await;
    let author = register(&app, "spammer", "password 123").await;
    let p = product(&app, "引流商品", "home", 1000, true).await;
    let (_, share) = call(
        author
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "加我微信领红包"})),
    )
    .await;
    let id = share["id"].as_i64().unwrap();
    let code = share["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/shares/id/{id}/report");
    let (status, _) = call(author.post(app.url(&path)).json(&json!({"reason": "spam"}))).await;
    assert_eq!(status, 403, "not one's own share");
    let (status, err) = call(
        moderator
            .post(app.url(&path))
            .json(&json!({"reason": "counterfeit"})),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (422, Some("reason")));
    let visible = || async {
        let (status, _) =
            call(Browser::new().get(app.url(&format!("/api/v1/shares/{code}")))).await;
        status == 200
    };
    let other = product(&app, "普通商品", "home", 500, true).await;
    for i in 0..5 {
        assert!(visible().await, "visible before report {}", i + 1);
        // Reports count from accounts at least 7 days old with a delivered order.
        let id = crate::flow::account(&app, circle_api::Role::Shopper).await;
        let reporter = crate::flow::session(&app, id).await;
        crate::shares::purchase(&app, &reporter, other, true).await;
        let (status, _) = call(
            reporter
                .post(app.url(&path))
                .json(&json!({"reason": "spam", "note": "引流广告"})),
        )
        .await;
        assert_eq!(status, 201);
    }
    assert!(!visible().await, "hidden at five reports");
    let (_, queue) = call(moderator.get(app.url("/api/v1/moderation/queue"))).await;
    assert_eq!(queue["shares"][0]["share"]["id"], id);
    assert_eq!(queue["shares"][0]["hidden"], true);
    assert_eq!(queue["shares"][0]["reports"].as_array().unwrap().len(), 5);

    // The moderator restores it (reports dismissed), then hides it for good.
    let act = |what: &str, reason: &str| {
        moderator
            .post(app.url(&format!("/api/v1/moderation/shares/{id}/{what}")))
            .json(&json!({"reason": reason}))
    };
    assert_eq!(call(act("restore", "误报")).await.0, 204);
    assert!(visible().await);
    assert_eq!(call(act("hide", "确认是引流")).await.0, 204);
    assert!(!visible().await);
    assert_eq!(
        call(
            moderator
                .post(app.url("/api/v1/moderation/shares/999999/hide"))
                .json(&json!({"reason": "x"}))
        )
        .await
        .0,
        404
    );
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    assert_eq!(log.as_array().unwrap().len(), 2);
}

async fn a_banned_account_reads_but_cannot_act_until_the_ban_ends(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let moderator = moderator(&app).await;
    let troll = register(&app, "troll", "password 123").await;
    let p = product(&app, "被刷屏的商品", "home", 1000, true).await;
    let ban = |who: &Browser, handle: &str, days: i64| {
        who.post(app.url(&format!("/api/v1/moderation/users/{handle}/ban")))
            .json(&json!({"days": days, "reason": "连续发引流广告"}))
    };
    assert_eq!(
        call(ban(&troll, "troll", 1)).await.0,
        403,
        "only moderators ban"
    );
    let (status, err) = call(ban(&moderator, "troll", 0)).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("days")));
    let (status, err) = call(ban(&moderator, "troll", 366)).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (422, Some("days")),
        "at most 365 days"
    );
    assert_eq!(call(ban(&moderator, "moderator1", 1)).await.0, 403);
    assert_eq!(call(ban(&moderator, "nobody_here", 1)).await.0, 404);
    assert_eq!(call(ban(&moderator, "troll", 1)).await.0, 204);

    // Reading still works; changing anything does not, with a clear reason.
    assert_eq!(call(troll.get(app.url("/api/v1/me"))).await.0, 200);
    let post = || {
        troll
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "加我领红包"}))
    };
    let (status, err) = call(post()).await;
    assert_eq!((status, err["code"].as_str()), (403, Some("banned")));
    assert!(err["message"].as_str().unwrap().contains("24 h"), "{err}");
    let (status, _) = call(
        troll
            .post(app.url("/api/v1/orders"))
            .header("idempotency-key", "t1")
            .json(&json!({"product_id": p, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 403);
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    assert_eq!(log[0]["action"], "ban_user");
    assert_eq!(log[0]["reason"], "1 days: 连续发引流广告");

    // Logging out still works while banned (a shared phone must be able to).
    let (status, _) = call(troll.post(app.url("/api/v1/auth/logout"))).await;
    assert_eq!(status, 204);
    assert_eq!(call(troll.get(app.url("/api/v1/me"))).await.0, 401);

    // A day later the ban is over.
    app.clock.advance(DAY);
    let troll = crate::helpers::login(&app, "troll", "password 123").await;
    let post = || {
        troll
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "加我领红包"}))
    };
    assert_eq!(call(post()).await.0, 201);
}
