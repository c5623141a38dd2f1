//! Sharing out and commissions: clicks and attribution, the commission life cycle in the
//! ledger, who sees the money, top 达人; helpers the money tests share.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use circle_server::{
    clock::{Clock, DAY},
    service::jobs,
    store::ledger,
};
use serde_json::{json, Value};

on_each_database_threaded!(
    a_click_before_register_earns_the_sharer_a_pending_commission,
    commission_confirms_seven_days_after_delivery,
    no_commission_for_self_purchase_hidden_share_or_no_click,
    last_click_within_seven_days_wins,
    refund_before_confirmation_reverses_the_commission,
    refund_after_confirmation_claws_back_and_blocks_withdrawals,
    twenty_parallel_checkout_retries_make_one_order_and_one_commission,
    clicks_on_unknown_codes_are_404_and_logged_in_clicks_set_no_cookie,
    only_the_sharer_sees_money_and_share_stats,
    top_sharers_and_levels_count_delivered_attributed_sales,
);

/// ¥1000.00 at 5% (the fixture's rate): a commission of 5000 cents.
pub(crate) const PRICE: i64 = 100_000;
pub(crate) const COMMISSION: i64 = 5_000;

pub(crate) fn key() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!("key-{}", N.fetch_add(1, Ordering::SeqCst))
}

pub(crate) async fn buy(app: &TestApp, who: &Browser, product: i64) -> Value {
    let (status, order) = call(
        who.post(app.url("/api/v1/orders"))
            .header("idempotency-key", key())
            .json(&json!({"product_id": product, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 201, "{order}");
    order
}

pub(crate) async fn order_action(
    app: &TestApp,
    who: &Browser,
    order: &Value,
    action: &str,
) -> Value {
    let id = order["id"].as_i64().unwrap();
    match action {
        "deliver" => crate::flow::deliver(app, who, id).await,
        // Within the return window the buyer returns it; after it, only a moderator can.
        "refund" if crate::flow::order(app, who, id).await["status"] == "delivered" => {
            crate::flow::return_and_refund(app, who, id).await
        }
        "refund" => {
            crate::flow::moderator_refund(app, id).await;
            crate::flow::order(app, who, id).await
        }
        other => panic!("no such order action {other}"),
    }
}

/// Different words for each share (the same person may not repeat themselves).
const REVIEWS: &[&str] = &[
    "真的好用，推荐给大家",
    "包装很用心，物流也快",
    "颜值在线，朋友都问链接",
    "性价比不错，会回购",
    "用了一周再来评价，稳定",
    "比实体店便宜不少",
];

/// `who` buys, receives and shares `product`; returns the share's code.
pub(crate) async fn share_of(app: &TestApp, who: &Browser, product: i64) -> String {
    let order = buy(app, who, product).await;
    order_action(app, who, &order, "deliver").await;
    // Each test has its own database, so its products are numbered 1, 2, …
    let text = REVIEWS[usize::try_from(product).unwrap() % REVIEWS.len()];
    let (status, share) = call(
        who.post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": product, "text": text})),
    )
    .await;
    assert_eq!(status, 201, "{share}");
    share["code"].as_str().unwrap().to_owned()
}

pub(crate) async fn click(app: &TestApp, who: &Browser, code: &str) -> u16 {
    call(who.post(app.url(&format!("/api/v1/shares/{code}/click"))))
        .await
        .0
}

pub(crate) async fn earnings(app: &TestApp, who: &Browser) -> Value {
    let (status, body) = call(who.get(app.url("/api/v1/earnings"))).await;
    assert_eq!(status, 200, "{body}");
    body
}

pub(crate) async fn commissions(app: &TestApp, who: &Browser) -> Vec<Value> {
    let (status, body) = call(who.get(app.url("/api/v1/earnings/commissions"))).await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

pub(crate) async fn assert_ledger_ok(app: &TestApp) {
    let breaches = ledger::check(&mut app.store.conn().await.unwrap())
        .await
        .unwrap();
    assert!(breaches.is_empty(), "ledger breaches: {breaches:#?}");
}

pub(crate) async fn jobs(app: &TestApp) -> jobs::JobsRun {
    jobs::run_jobs(&app.store, app.clock.now()).await.unwrap()
}

/// A sharer with `cents` available: a friend bought through their link, the return
/// window passed. Returns (sharer, buyer).
pub(crate) async fn sharer_with_available(app: &TestApp, name: &str) -> (Browser, Browser) {
    let p = product(app, &format!("{name}的好物"), "home", PRICE, true).await;
    let sharer = register(app, &format!("{name}_a"), "password123").await;
    let code = share_of(app, &sharer, p).await;
    let buyer = register(app, &format!("{name}_b"), "password123").await;
    assert_eq!(click(app, &buyer, &code).await, 204);
    let order = buy(app, &buyer, p).await;
    order_action(app, &buyer, &order, "deliver").await;
    app.clock.advance(7 * DAY);
    assert_eq!(jobs(app).await.confirmed, 1);
    assert_eq!(earnings(app, &sharer).await["available_cents"], COMMISSION);
    (sharer, buyer)
}

async fn a_click_before_register_earns_the_sharer_a_pending_commission(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "云南古树普洱", "food", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;

    // A friend opens the link in a browser where nobody is logged in.
    let friend = Browser::new();
    let res = friend
        .post(app.url(&format!("/api/v1/shares/{code}/click")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("circle_visitor="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    // A second view keeps the same visitor id (no new cookie).
    let again = friend
        .post(app.url(&format!("/api/v1/shares/{code}/click")))
        .send()
        .await
        .unwrap();
    assert!(again.headers().get("set-cookie").is_none());

    // Registering binds the visitor's clicks to the new account.
    let res = friend
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"handle": "friend", "display_name": "朋友", "password": "password123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let order = buy(&app, &friend, p).await;
    assert_eq!(order["attribution"], "commission");

    let e = earnings(&app, &sharer).await;
    assert_eq!(e["pending_cents"], COMMISSION);
    assert_eq!(e["available_cents"], 0);
    assert_eq!(e["last_30_days"].as_array().unwrap().len(), 30);
    assert_eq!(e["last_30_days"][29], COMMISSION);
    let list = commissions(&app, &sharer).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["share_code"], code.as_str());
    assert!(list[0]["available_at"].is_null(), "not delivered yet");
    // The buyer earns nothing and sees no money of the sharer's.
    assert_eq!(earnings(&app, &friend).await["pending_cents"], 0);
    assert_ledger_ok(&app).await;
}

async fn commission_confirms_seven_days_after_delivery(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "降噪耳机", "digital", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;
    let buyer = register(&app, "buyer", "password123").await;
    assert_eq!(click(&app, &buyer, &code).await, 204);
    let order = buy(&app, &buyer, p).await;

    // Not delivered: time alone confirms nothing.
    app.clock.advance(20 * DAY);
    assert_eq!(jobs(&app).await.confirmed, 0);
    let delivered = order_action(&app, &buyer, &order, "deliver").await;
    let delivered_at = delivered["delivered_at"].as_i64().unwrap();
    let list = commissions(&app, &sharer).await;
    assert_eq!(list[0]["available_at"], delivered_at + 7 * DAY);

    app.clock.advance(7 * DAY - 1);
    assert_eq!(jobs(&app).await.confirmed, 0);
    assert_eq!(earnings(&app, &sharer).await["pending_cents"], COMMISSION);
    app.clock.advance(1);
    assert_eq!(jobs(&app).await.confirmed, 1);
    assert_eq!(jobs(&app).await.confirmed, 0, "confirmed once only");
    let e = earnings(&app, &sharer).await;
    assert_eq!(e["pending_cents"], 0);
    assert_eq!(e["confirmed_cents"], COMMISSION);
    assert_eq!(e["available_cents"], COMMISSION);
    assert_eq!(commissions(&app, &sharer).await[0]["status"], "confirmed");
    assert_ledger_ok(&app).await;
}

async fn no_commission_for_self_purchase_hidden_share_or_no_click(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "手冲咖啡豆", "food", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;

    // The sharer buys through their own link.
    assert_eq!(click(&app, &sharer, &code).await, 204);
    assert_eq!(buy(&app, &sharer, p).await["attribution"], "self_purchase");

    // Someone who never opened a link.
    let stranger = register(&app, "stranger", "password123").await;
    assert_eq!(buy(&app, &stranger, p).await["attribution"], "no_click");

    // The share is deleted between the click and the purchase.
    let late = register(&app, "late", "password123").await;
    assert_eq!(click(&app, &late, &code).await, 204);
    let (_, view) = call(sharer.get(app.url(&format!("/api/v1/shares/{code}")))).await;
    let id = view["id"].as_i64().unwrap();
    let (status, _) = call(sharer.delete(app.url(&format!("/api/v1/shares/id/{id}")))).await;
    assert_eq!(status, 204);
    assert_eq!(buy(&app, &late, p).await["attribution"], "share_hidden");
    // And a hidden share's link is gone for new clicks.
    assert_eq!(click(&app, &late, &code).await, 404);

    // A product without commission.
    let free = product(&app, "无佣金商品", "food", PRICE, true).await;
    sqlx::query("UPDATE products SET commission_bp = 0 WHERE id = $1")
        .bind(free)
        .execute(app.store.pool())
        .await
        .unwrap();
    let free_code = share_of(&app, &sharer, free).await;
    let (_, landing) = call(late.get(app.url(&format!("/api/v1/shares/{free_code}")))).await;
    assert_eq!(landing["product"]["earns_commission"], false);
    assert_eq!(click(&app, &late, &free_code).await, 204);
    assert_eq!(
        buy(&app, &late, free).await["attribution"],
        "no_commission_rate"
    );

    assert!(commissions(&app, &sharer).await.is_empty());
    let e = earnings(&app, &sharer).await;
    assert_eq!(
        (e["pending_cents"].as_i64(), e["available_cents"].as_i64()),
        (Some(0), Some(0))
    );
    assert_ledger_ok(&app).await;
}

async fn last_click_within_seven_days_wins(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "羊毛围巾", "fashion", PRICE, true).await;
    let first = register(&app, "first", "password123").await;
    let second = register(&app, "second", "password123").await;
    let first_code = share_of(&app, &first, p).await;
    let second_code = share_of(&app, &second, p).await;
    let buyer = register(&app, "buyer", "password123").await;

    assert_eq!(click(&app, &buyer, &first_code).await, 204);
    app.clock.advance(1000);
    assert_eq!(click(&app, &buyer, &second_code).await, 204);
    assert_eq!(buy(&app, &buyer, p).await["attribution"], "commission");
    assert_eq!(
        commissions(&app, &second).await.len(),
        1,
        "the last click wins"
    );
    assert!(commissions(&app, &first).await.is_empty());

    // A click older than 7 days no longer counts.
    let late = register(&app, "late", "password123").await;
    assert_eq!(click(&app, &late, &first_code).await, 204);
    app.clock.advance(7 * DAY + 1);
    assert_eq!(buy(&app, &late, p).await["attribution"], "no_click");
    // Exactly 7 days still counts.
    let edge = register(&app, "edge", "password123").await;
    assert_eq!(click(&app, &edge, &first_code).await, 204);
    app.clock.advance(7 * DAY);
    assert_eq!(buy(&app, &edge, p).await["attribution"], "commission");
    assert_eq!(commissions(&app, &first).await.len(), 1);
    assert_ledger_ok(&app).await;
}

async fn refund_before_confirmation_reverses_the_commission(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "空气炸锅", "home", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;
    let buyer = register(&app, "buyer", "password123").await;
    assert_eq!(click(&app, &buyer, &code).await, 204);
    let order = buy(&app, &buyer, p).await;
    order_action(&app, &buyer, &order, "deliver").await;
    app.clock.advance(3 * DAY);
    order_action(&app, &buyer, &order, "refund").await;

    let list = commissions(&app, &sharer).await;
    assert_eq!(list[0]["status"], "reversed");
    let e = earnings(&app, &sharer).await;
    assert_eq!(e["pending_cents"], 0);
    assert_eq!(e["available_cents"], 0);
    assert_eq!(
        e["last_30_days"][26], 0,
        "a reversed commission is not an earning"
    );
    // The window passing later confirms nothing.
    app.clock.advance(10 * DAY);
    assert_eq!(jobs(&app).await.confirmed, 0);
    assert_eq!(earnings(&app, &sharer).await["available_cents"], 0);
    assert_ledger_ok(&app).await;
}

async fn refund_after_confirmation_claws_back_and_blocks_withdrawals(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (sharer, buyer) = sharer_with_available(&app, "claw").await;
    // The sharer withdraws part of it; then the order is refunded.
    let (status, _) = call(
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", key())
            .json(&json!({"amount_cents": 3000})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, orders) = call(buyer.get(app.url("/api/v1/orders"))).await;
    order_action(&app, &buyer, &orders["items"][0], "refund").await;

    let e = earnings(&app, &sharer).await;
    assert_eq!(e["available_cents"], COMMISSION - 3000 - COMMISSION);
    assert_eq!(e["confirmed_cents"], 0);
    assert_eq!(commissions(&app, &sharer).await[0]["status"], "clawed_back");
    let (status, err) = call(
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", key())
            .json(&json!({"amount_cents": 1000})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(err["code"], "insufficient_balance");
    assert!(
        err["message"].as_str().unwrap().contains("negative"),
        "{err}"
    );
    assert_ledger_ok(&app).await;
}

async fn twenty_parallel_checkout_retries_make_one_order_and_one_commission(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "机械键盘", "digital", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;
    let buyer = register(&app, "buyer", "password123").await;
    assert_eq!(click(&app, &buyer, &code).await, 204);
    let requests = (0..20).map(|_| {
        call(
            buyer
                .post(app.url("/api/v1/orders"))
                .header("idempotency-key", "one-tap")
                .json(&json!({"product_id": p, "quantity": 1})),
        )
    });
    let results = futures::future::join_all(requests).await;
    assert_eq!(results.iter().filter(|(s, _)| *s == 201).count(), 1);
    assert!(results.iter().all(|(s, _)| *s == 201 || *s == 200));
    let commissions_n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM commissions")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(commissions_n, 1);
    assert_eq!(earnings(&app, &sharer).await["pending_cents"], COMMISSION);
    assert_ledger_ok(&app).await;
}

async fn clicks_on_unknown_codes_are_404_and_logged_in_clicks_set_no_cookie(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "香薰蜡烛", "home", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;
    let (status, err) =
        call(Browser::new().post(app.url("/api/v1/shares/NOPE1234abcd/click"))).await;
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
    // Without the CSRF header (a cross-site form), nothing is recorded.
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/shares/{code}/click")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let buyer = register(&app, "buyer", "password123").await;
    let res = buyer
        .post(app.url(&format!("/api/v1/shares/{code}/click")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers().get("set-cookie").is_none());
    let clicks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM share_clicks")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(clicks, 1);
}

async fn only_the_sharer_sees_money_and_share_stats(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "真丝眼罩", "beauty", PRICE, true).await;
    let sharer = register(&app, "sharer", "password123").await;
    let code = share_of(&app, &sharer, p).await;
    let buyer = register(&app, "buyer", "password123").await;
    assert_eq!(click(&app, &buyer, &code).await, 204);
    assert_eq!(click(&app, &Browser::new(), &code).await, 204);
    buy(&app, &buyer, p).await;

    let (status, stats) = call(sharer.get(app.url("/api/v1/earnings/shares"))).await;
    assert_eq!(status, 200);
    let s = &stats["items"][0];
    assert_eq!(
        (
            s["code"].as_str(),
            s["clicks"].as_i64(),
            s["orders"].as_i64(),
            s["commission_cents"].as_i64()
        ),
        (Some(code.as_str()), Some(2), Some(1), Some(COMMISSION))
    );
    // The buyer's own stats list holds none of the sharer's shares, and the public view
    // of the share carries no money.
    let (_, theirs) = call(buyer.get(app.url("/api/v1/earnings/shares"))).await;
    assert!(theirs["items"].as_array().unwrap().is_empty());
    let (_, public) = call(Browser::new().get(app.url(&format!("/api/v1/shares/{code}")))).await;
    let text = public.to_string();
    assert!(!text.contains("commission_cents") && !text.contains(&COMMISSION.to_string()));
    assert_eq!(public["product"]["earns_commission"], true);
    for path in [
        "/api/v1/earnings",
        "/api/v1/earnings/commissions",
        "/api/v1/earnings/shares",
        "/api/v1/withdrawals",
    ] {
        assert_eq!(
            call(Browser::new().get(app.url(path))).await.0,
            401,
            "{path}"
        );
    }
}

async fn top_sharers_and_levels_count_delivered_attributed_sales(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "露营灯", "sports", PRICE, true).await;
    let star = register(&app, "star", "password123").await;
    let other = register(&app, "other", "password123").await;
    let star_code = share_of(&app, &star, p).await;
    let other_code = share_of(&app, &other, p).await;
    let profile = |handle: &'static str| {
        let req = Browser::new().get(app.url(&format!("/api/v1/people/{handle}")));
        async move { call(req).await.1 }
    };
    assert_eq!(profile("star").await["level"], 0);

    let mut orders = Vec::new();
    for n in 0..5 {
        let buyer = register(&app, &format!("fan{n}"), "password123").await;
        assert_eq!(click(&app, &buyer, &star_code).await, 204);
        let order = buy(&app, &buyer, p).await;
        orders.push((buyer, order));
    }
    // Paid but not delivered: not a sale yet. Likes never count — not even many.
    let (_, star_share) =
        call(Browser::new().get(app.url(&format!("/api/v1/shares/{star_code}")))).await;
    let star_share = star_share["id"].as_i64().unwrap();
    for (buyer, _) in &orders {
        let (status, liked) =
            call(buyer.put(app.url(&format!("/api/v1/shares/id/{star_share}/like")))).await;
        assert_eq!((status, &liked["liked"]), (200, &json!(true)), "{liked}");
    }
    let (_, liked) =
        call(Browser::new().get(app.url(&format!("/api/v1/shares/{star_code}")))).await;
    assert_eq!(liked["like_count"], 5, "{liked}");
    let star_before = profile("star").await;
    assert_eq!(
        (&star_before["attributed_sales"], &star_before["level"]),
        (&json!(0), &json!(0))
    );
    for (buyer, order) in &orders {
        order_action(&app, buyer, order, "deliver").await;
    }
    let buyer = register(&app, "fan_other", "password123").await;
    assert_eq!(click(&app, &buyer, &other_code).await, 204);
    let order = buy(&app, &buyer, p).await;
    order_action(&app, &buyer, &order, "deliver").await;

    let star_profile = profile("star").await;
    assert_eq!(
        (
            star_profile["attributed_sales"].as_i64(),
            star_profile["level"].as_i64()
        ),
        (Some(5), Some(2))
    );
    assert_eq!(profile("other").await["level"], 1);
    let (_, topic) =
        call(Browser::new().get(app.url(&format!("/api/v1/products/{p}/topic")))).await;
    let top: Vec<(&str, i64)> = topic["top_sharers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["person"]["handle"].as_str().unwrap(),
                t["sales"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(top, [("star", 5), ("other", 1)]);

    // A refund takes the sale back.
    let (buyer, order) = &orders[0];
    order_action(&app, buyer, order, "refund").await;
    let star_profile = profile("star").await;
    assert_eq!(
        (
            star_profile["attributed_sales"].as_i64(),
            star_profile["level"].as_i64()
        ),
        (Some(4), Some(1))
    );
}
