//! The authorization matrix: for every endpoint that takes the id of something that
//! belongs to someone, another user gets 403/404 and changes nothing, and a logged-out
//! caller gets 401 wherever login is needed.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use reqwest::Method;
use serde_json::{json, Value};

on_each_database!(another_user_cannot_see_or_change_what_is_not_theirs);

/// Everything that could change, as one snapshot to compare before and after.
async fn snapshot(app: &TestApp) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for (name, sql) in [
        (
            "orders",
            "SELECT COUNT(*) FROM orders WHERE status = 'paid'",
        ),
        (
            "moved orders",
            "SELECT COUNT(*) FROM orders WHERE status <> 'paid' OR return_status IS NOT NULL",
        ),
        (
            "refunded",
            "SELECT COUNT(*) FROM orders WHERE status = 'refunded'",
        ),
        (
            "visible shares",
            "SELECT COUNT(*) FROM shares WHERE status = 'visible'",
        ),
        (
            "edited shares",
            "SELECT COUNT(*) FROM shares WHERE edited_at IS NOT NULL",
        ),
        ("comments", "SELECT COUNT(*) FROM comments"),
        (
            "pending requests",
            "SELECT COUNT(*) FROM friend_requests WHERE status = 'pending'",
        ),
        ("friendships", "SELECT COUNT(*) FROM friendships"),
        ("withdrawals", "SELECT COUNT(*) FROM withdrawals"),
        // Bob may read his own notifications; nobody else's may change.
        (
            "others' unread",
            "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL \
             AND user_id <> (SELECT id FROM users WHERE handle = 'bob')",
        ),
        ("ledger", "SELECT COUNT(*) FROM ledger_entries"),
        (
            "delisted",
            "SELECT COUNT(*) FROM products WHERE status <> 'active'",
        ),
        (
            "banned",
            "SELECT COUNT(*) FROM users WHERE banned_until IS NOT NULL",
        ),
        ("moderation log", "SELECT COUNT(*) FROM moderation_log"),
    ] {
        let n: i64 = sqlx::query_scalar(sql)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        out.push((name.to_owned(), n));
    }
    out
}

async fn another_user_cannot_see_or_change_what_is_not_theirs(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "alice", "password 123").await;
    let b = register(&app, "bob", "password 123").await;
    register(&app, "carol", "password 123").await;
    let p = product(&app, "权限测试品", "home", 100_000, true).await;

    // Alice's things: an order, a share, a comment, a friend request to Carol,
    // notifications, money (a commission through Bob's purchase, then a withdrawal).
    let (_, order) = call(
        a.post(app.url("/api/v1/orders"))
            .header("idempotency-key", "a-1")
            .json(&json!({"product_id": p, "quantity": 1})),
    )
    .await;
    let order = order["id"].as_i64().unwrap();
    let (_, share) = call(
        a.post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "爱丽丝的分享"})),
    )
    .await;
    let share_id = share["id"].as_i64().unwrap();
    let code = share["code"].as_str().unwrap().to_owned();
    let (_, comment) = call(
        a.post(app.url(&format!("/api/v1/shares/id/{share_id}/comments")))
            .json(&json!({"text": "我自己的评论"})),
    )
    .await;
    let comment = comment["id"].as_i64().unwrap();
    let (_, request) = call(
        a.post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": "carol"})),
    )
    .await;
    let request = request["id"].as_i64().unwrap();
    let (status, _) = call(b.post(app.url(&format!("/api/v1/shares/{code}/click")))).await;
    assert_eq!(status, 204, "Bob's click");
    let (status, bobs) = call(
        b.post(app.url("/api/v1/orders"))
            .header("idempotency-key", "b-1")
            .json(&json!({"product_id": p, "quantity": 1})),
    )
    .await;
    assert_eq!(
        (status, bobs["attribution"].as_str()),
        (201, Some("commission")),
        "{bobs}"
    );
    // Bob receives it, the return window passes: Alice's ¥50.00 is available, and she
    // withdraws ¥10.00 of it.
    crate::flow::deliver(&app, &b, bobs["id"].as_i64().unwrap()).await;
    app.clock.advance(8 * circle_server::clock::DAY);
    let now = circle_server::clock::Clock::now(&app.clock);
    let run = circle_server::service::jobs::run_jobs(&app.store, now)
        .await
        .unwrap();
    assert_eq!(run.confirmed, 1);
    let (status, withdrawal) = call(
        a.post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", "a-w1")
            .json(&json!({"amount_cents": 1000})),
    )
    .await;
    assert_eq!(status, 201, "{withdrawal}");
    let (_, alices) = call(a.get(app.url("/api/v1/withdrawals"))).await;
    assert_eq!(
        alices["items"].as_array().map(Vec::len),
        Some(1),
        "{alices}"
    );
    let (_, alice_earnings) = call(a.get(app.url("/api/v1/earnings"))).await;
    assert_eq!(alice_earnings["available_cents"], 4000, "{alice_earnings}");
    let (_, a_notes) = call(a.get(app.url("/api/v1/notifications"))).await;
    assert!(!a_notes["items"].as_array().unwrap().is_empty());
    let a_newest_note = a_notes["items"][0]["id"].as_i64().unwrap();

    let before = snapshot(&app).await;
    let s = share_id;
    // (method, path, body) — each one Alice's.
    let theirs: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/api/v1/orders/{order}"), None),
        (
            Method::POST,
            format!("/api/v1/orders/{order}/receive"),
            None,
        ),
        (Method::POST, format!("/api/v1/orders/{order}/cancel"), None),
        (
            Method::POST,
            format!("/api/v1/orders/{order}/return"),
            Some(json!({"reason": "不想要了"})),
        ),
        // Bob runs no shop: the shop's side of Alice's order is not his either.
        (
            Method::GET,
            format!("/api/v1/merchant/orders/{order}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/merchant/orders/{order}/ship"),
            Some(json!({"carrier": "sf", "tracking_no": "SF123456789012"})),
        ),
        (
            Method::POST,
            format!("/api/v1/merchant/orders/{order}/return/accept"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/merchant/orders/{order}/return/dispute"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/orders/{order}/refund"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/shares/id/{s}"),
            Some(json!({"text": "被改了"})),
        ),
        (Method::DELETE, format!("/api/v1/shares/id/{s}"), None),
        (Method::DELETE, format!("/api/v1/comments/{comment}"), None),
        (
            Method::POST,
            format!("/api/v1/friend-requests/{request}/cancel"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/friend-requests/{request}/accept"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/friend-requests/{request}/decline"),
            None,
        ),
        (Method::POST, format!("/api/v1/shares/id/{s}/appeal"), None),
        // Moderators' actions, tried by someone who is not one.
        (
            Method::POST,
            format!("/api/v1/moderation/products/{p}/delist"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/products/{p}/restore"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/products/{p}/review"),
            Some(json!({"approve": true})),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/shares/{s}/hide"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/shares/{s}/restore"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/moderation/orders/{order}/refuse-return"),
            Some(json!({"reason": "x"})),
        ),
        (
            Method::POST,
            "/api/v1/moderation/users/alice/ban".into(),
            Some(json!({"days": 1, "reason": "x"})),
        ),
        (Method::GET, "/api/v1/moderation/log".into(), None),
        (Method::GET, "/api/v1/moderation/queue".into(), None),
        (Method::GET, "/api/v1/moderation/products".into(), None),
        (Method::GET, "/api/v1/moderation/returns".into(), None),
        (Method::GET, "/api/v1/moderation/applications".into(), None),
    ];
    for (method, path, body) in &theirs {
        let mut req = b.request(method.clone(), app.url(path));
        if let Some(body) = body {
            req = req.json(body);
        }
        let (status, err) = call(req).await;
        assert!(
            status == 403 || status == 404,
            "bob {method} {path}: {status} {err}"
        );
    }
    // Scoped to the caller: Bob marking "up to Alice's newest" reads only his own, and
    // his earnings, withdrawals and notifications hold nothing of Alice's.
    call(
        b.post(app.url("/api/v1/notifications/read"))
            .json(&json!({"up_to": a_newest_note})),
    )
    .await;
    let (_, bob_notes) = call(b.get(app.url("/api/v1/notifications"))).await;
    let ids: Vec<i64> = bob_notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert!(
        !ids.is_empty() && !ids.contains(&a_newest_note),
        "Bob's own only: {bob_notes}"
    );
    let (_, bob_earnings) = call(b.get(app.url("/api/v1/earnings"))).await;
    assert_eq!(bob_earnings["pending_cents"], 0);
    assert_eq!(bob_earnings["available_cents"], 0);
    assert_eq!(bob_earnings["withdrawing_cents"], 0);
    for path in [
        "/api/v1/earnings/commissions",
        "/api/v1/earnings/shares",
        "/api/v1/withdrawals",
    ] {
        let (status, page) = call(b.get(app.url(path))).await;
        assert_eq!(status, 200);
        let text = page.to_string();
        assert!(
            !text.contains(&code),
            "{path} shows Alice's share to Bob: {text}"
        );
    }
    assert_eq!(snapshot(&app).await, before, "nothing changed");

    // Logged out: 401 wherever login is needed.
    let nobody = Browser::new();
    let needs_login: Vec<(Method, String)> = vec![
        (Method::GET, "/api/v1/me".into()),
        (Method::GET, "/api/v1/orders".into()),
        (Method::POST, "/api/v1/orders".into()),
        (Method::GET, format!("/api/v1/orders/{order}")),
        (Method::POST, format!("/api/v1/orders/{order}/receive")),
        (Method::POST, format!("/api/v1/orders/{order}/cancel")),
        (Method::POST, format!("/api/v1/orders/{order}/return")),
        (Method::GET, "/api/v1/merchant".into()),
        (Method::POST, "/api/v1/merchant/applications".into()),
        (Method::GET, "/api/v1/merchant/products".into()),
        (Method::POST, "/api/v1/merchant/products".into()),
        (Method::GET, "/api/v1/merchant/orders".into()),
        (
            Method::POST,
            format!("/api/v1/merchant/orders/{order}/ship"),
        ),
        (Method::POST, "/api/v1/merchant/withdrawals".into()),
        (Method::GET, "/api/v1/moderation/applications".into()),
        (
            Method::POST,
            format!("/api/v1/moderation/orders/{order}/refund"),
        ),
        (Method::POST, "/api/v1/shares".into()),
        (Method::PATCH, format!("/api/v1/shares/id/{s}")),
        (Method::DELETE, format!("/api/v1/shares/id/{s}")),
        (Method::PUT, format!("/api/v1/shares/id/{s}/like")),
        (Method::DELETE, format!("/api/v1/shares/id/{s}/like")),
        (Method::POST, format!("/api/v1/shares/id/{s}/comments")),
        (Method::DELETE, format!("/api/v1/comments/{comment}")),
        (Method::GET, "/api/v1/feed".into()),
        (Method::POST, "/api/v1/friend-requests".into()),
        (Method::GET, "/api/v1/friend-requests".into()),
        (
            Method::POST,
            format!("/api/v1/friend-requests/{request}/accept"),
        ),
        (Method::GET, "/api/v1/earnings".into()),
        (Method::GET, "/api/v1/earnings/commissions".into()),
        (Method::GET, "/api/v1/earnings/shares".into()),
        (Method::POST, "/api/v1/withdrawals".into()),
        (Method::GET, "/api/v1/withdrawals".into()),
        (Method::GET, "/api/v1/notifications".into()),
        (Method::GET, "/api/v1/notifications/unread".into()),
        (Method::POST, "/api/v1/notifications/read".into()),
        (Method::PUT, format!("/api/v1/products/{p}/follow")),
        (Method::PUT, "/api/v1/follows/carol".into()),
        (Method::POST, format!("/api/v1/products/{p}/report")),
        (Method::POST, format!("/api/v1/shares/id/{s}/report")),
        (Method::GET, "/api/v1/reports/mine".into()),
        (Method::GET, "/api/v1/moderation/queue".into()),
        (Method::POST, "/api/v1/moderation/users/alice/ban".into()),
    ];
    for (method, path) in &needs_login {
        let req = nobody
            .request(method.clone(), app.url(path))
            .header("idempotency-key", "x")
            .json(&json!({}));
        let (status, err) = call(req).await;
        assert_eq!(status, 401, "logged out {method} {path}: {err}");
        assert_eq!(err["code"], "unauthenticated");
    }
    assert_eq!(snapshot(&app).await, before, "still nothing changed");
}
