//! Withdrawals (rules, payouts, 20 at once), notifications of money and social events,
//! and `ledger check` itself: append-only rows, breaches found, seeded and demo data.

use crate::earnings::{
    assert_ledger_ok, buy, earnings, jobs, key, share_of, sharer_with_available, COMMISSION, PRICE,
};
use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use circle_server::{clock::Clock, service::jobs, store::ledger};
use serde_json::json;

on_each_database_threaded!(
    withdrawal_rules_and_payout_outcomes,
    twenty_parallel_withdrawals_of_the_whole_balance_make_one,
    notifications_for_likes_comments_and_friend_requests,
    ledger_rows_are_append_only_and_check_finds_breaches,
    seeded_data_passes_the_ledger_check,
);

async fn withdrawal_rules_and_payout_outcomes(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (sharer, _) = sharer_with_available(&app, "wd").await;
    let withdraw = |key: Option<String>, cents: i64| {
        let mut req = sharer
            .post(app.url("/api/v1/withdrawals"))
            .json(&json!({"amount_cents": cents}));
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        call(req)
    };
    let (status, err) = withdraw(None, 1000).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (422, Some("idempotency_key"))
    );
    let (status, err) = withdraw(Some(key()), 999).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("insufficient_balance"))
    );
    let (status, err) = withdraw(Some(key()), COMMISSION + 1).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("insufficient_balance"))
    );
    assert!(err["message"].as_str().unwrap().contains("50.00"), "{err}");
    let (status, _) = call(
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", key())
            .body("{\"amount_cents\": \"lots\"}")
            .header("content-type", "application/json"),
    )
    .await;
    assert_eq!(status, 422);

    // A withdrawal, its retry, and the same key for another amount.
    let k = key();
    let (status, first) = withdraw(Some(k.clone()), 2000).await;
    assert_eq!((status, first["status"].as_str()), (201, Some("requested")));
    let (status, retry) = withdraw(Some(k.clone()), 2000).await;
    assert_eq!((status, &retry["id"]), (200, &first["id"]));
    let (status, err) = withdraw(Some(k), 3000).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    let e = earnings(&app, &sharer).await;
    assert_eq!(e["available_cents"], COMMISSION - 2000);
    assert_eq!(e["withdrawing_cents"], 2000);

    // The payout fails: the money comes back.
    let id = first["id"].as_i64().unwrap();
    let now = app.clock.now();
    assert!(jobs::settle_withdrawal(&app.store, now, id, false)
        .await
        .unwrap());
    assert!(
        !jobs::settle_withdrawal(&app.store, now, id, true)
            .await
            .unwrap(),
        "settled once only"
    );
    let e = earnings(&app, &sharer).await;
    assert_eq!(
        (
            e["available_cents"].as_i64(),
            e["withdrawing_cents"].as_i64()
        ),
        (Some(COMMISSION), Some(0))
    );

    // The next one is paid out by the job after the simulated delay.
    let (status, second) = withdraw(Some(key()), COMMISSION).await;
    assert_eq!(status, 201);
    assert_eq!(jobs(&app).await.paid_out, 0, "too early");
    app.clock.advance(jobs::PAYOUT_DELAY);
    assert_eq!(jobs(&app).await.paid_out, 1);
    let (_, list) = call(sharer.get(app.url("/api/v1/withdrawals"))).await;
    assert_eq!(list["items"][0]["id"], second["id"]);
    assert_eq!(list["items"][0]["status"], "paid");
    assert_eq!(list["items"][1]["status"], "failed");
    let e = earnings(&app, &sharer).await;
    assert_eq!(e["available_cents"], 0);
    assert_eq!(e["withdrawn_cents"], COMMISSION);
    assert_ledger_ok(&app).await;
}

async fn twenty_parallel_withdrawals_of_the_whole_balance_make_one(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (sharer, _) = sharer_with_available(&app, "race").await;
    let requests = (0..20).map(|_| {
        call(
            sharer
                .post(app.url("/api/v1/withdrawals"))
                .header("idempotency-key", key())
                .json(&json!({"amount_cents": COMMISSION})),
        )
    });
    let results = futures::future::join_all(requests).await;
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let refused = results
        .iter()
        .filter(|(s, b)| *s == 422 && b["code"] == "insufficient_balance")
        .count();
    assert_eq!((created, refused), (1, 19), "{results:?}");
    let e = earnings(&app, &sharer).await;
    assert_eq!(e["available_cents"], 0);
    assert_eq!(e["withdrawing_cents"], COMMISSION);
    assert_ledger_ok(&app).await;
}

async fn notifications_for_likes_comments_and_friend_requests(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "保温杯", "home", PRICE, true).await;
    let author = register(&app, "author", "password123").await;
    let code = share_of(&app, &author, p).await;
    let fan = register(&app, "fan", "password123").await;
    let (_, view) = call(fan.get(app.url(&format!("/api/v1/shares/{code}")))).await;
    let id = view["id"].as_i64().unwrap();
    let unread = |who: &Browser| {
        let req = who.get(app.url("/api/v1/notifications/unread"));
        async move { call(req).await.1["unread"].as_i64().unwrap() }
    };
    // Buying told the author the order was shipped; that one is read first.
    let (_, notes) = call(author.get(app.url("/api/v1/notifications"))).await;
    assert_eq!(notes["items"][0]["kind"], "order_shipped", "{notes}");
    let newest = notes["items"][0]["id"].as_i64().unwrap();
    let read = author.post(app.url("/api/v1/notifications/read"));
    call(read.json(&json!({"up_to": newest}))).await;
    assert_eq!(unread(&author).await, 0);
    // Liking twice notifies once; liking my own share notifies nobody.
    for _ in 0..2 {
        call(fan.put(app.url(&format!("/api/v1/shares/id/{id}/like")))).await;
    }
    call(author.put(app.url(&format!("/api/v1/shares/id/{id}/like")))).await;
    call(
        fan.post(app.url(&format!("/api/v1/shares/id/{id}/comments")))
            .json(&json!({"text": "在哪买的？"})),
    )
    .await;
    call(
        fan.post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": "author"})),
    )
    .await;
    assert_eq!(unread(&author).await, 3);
    let (status, page) = call(author.get(app.url("/api/v1/notifications"))).await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["friend_request", "comment", "like", "order_shipped"]
    );
    assert_eq!(page["items"][2]["actor"]["handle"], "fan");
    assert_eq!(page["items"][2]["share_code"], code.as_str());
    let newest = page["items"][0]["id"].as_i64().unwrap();
    let (status, left) = call(
        author
            .post(app.url("/api/v1/notifications/read"))
            .json(&json!({"up_to": newest})),
    )
    .await;
    assert_eq!((status, left["unread"].as_i64()), (200, Some(0)));
    // Someone else's notifications are not mine to read.
    assert_eq!(unread(&fan).await, 0);
    let (_, theirs) = call(fan.get(app.url("/api/v1/notifications"))).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);
    let (status, _) = call(Browser::new().get(app.url("/api/v1/notifications"))).await;
    assert_eq!(status, 401);
}

async fn ledger_rows_are_append_only_and_check_finds_breaches(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let _ = sharer_with_available(&app, "ledger").await;
    assert_ledger_ok(&app).await;
    let pool = app.store.pool();
    for sql in [
        "UPDATE ledger_entries SET amount_cents = amount_cents + 1",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_transactions SET kind = 'order_paid'",
        "DELETE FROM ledger_transactions",
    ] {
        let err = sqlx::query(sql).execute(pool).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    // A transaction that does not balance, written around the rules, is found.
    let tx: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (kind, dedupe_key, created_at) VALUES ('order_paid', 'forged', 0) RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO ledger_entries (tx_id, account, owner_id, amount_cents, created_at) VALUES ($1, 'user_available', 1, 100, 0)",
    )
    .bind(tx)
    .execute(pool)
    .await
    .unwrap();
    let breaches = ledger::check(&mut pool.acquire().await.unwrap())
        .await
        .unwrap();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert!(breaches[0].contains("forged"));
}

async fn seeded_data_passes_the_ledger_check(db: TestDb) {
    let app = TestApp::spawn(db).await;
    circle_server::seed::run(&app.store, 40, 300, &app.clock)
        .await
        .unwrap();
    assert_ledger_ok(&app).await;
    let paid: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'order_paid'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(paid, 300);
    // And the API keeps working on top of seeded ids (sequences moved past them).
    let p = product(&app, "种子之后", "home", PRICE, true).await;
    let buyer = register(&app, "after_seed", "password123").await;
    buy(&app, &buyer, p).await;
    assert_ledger_ok(&app).await;
}

#[tokio::test]
async fn the_demo_circle_has_earnings_and_a_clean_ledger() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    circle_server::demo::seed_if_empty(&app.store, &app.clock, &app.fonts())
        .await
        .unwrap();
    assert_ledger_ok(&app).await;
    let demo =
        circle_server::store::users::find_by_handle(&mut app.store.conn().await.unwrap(), "demo")
            .await
            .unwrap()
            .unwrap()
            .user
            .id;
    let w = ledger::wallet(&mut app.store.conn().await.unwrap(), demo)
        .await
        .unwrap();
    // 3 × ¥89.00 at 5% confirmed; ¥99.00 at 8% pending a date, 2 × that waiting delivery.
    assert_eq!(w.available, 1335);
    assert_eq!(w.confirmed, 1335);
    assert_eq!(w.pending, 792 + 1584);
}
