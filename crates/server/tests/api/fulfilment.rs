//! Orders after payment, over HTTP on both databases: shipping (carrier and waybill),
//! receipt (by the buyer, or 10 days after shipping), cancelling an order unshipped after
//! 48 hours, returns within 7 days with the shop's answer and a moderator's decision,
//! completion when the window closes (commission confirmed, the shop settled less
//! commission and fee), a moderator's refund after it, stock under 50 checkouts at once.

use crate::earnings::{assert_ledger_ok, buy, click, commissions, earnings, jobs, share_of};
use crate::flow::{self, moderator};
use crate::helpers::{call, notification_kinds, register, Browser, TestApp, TestDb};
use crate::merchants::{listed, open_shop, CODE};
use crate::on_each_database_threaded;
use circle_server::clock::{Clock, DAY, HOUR};
use serde_json::{json, Value};

on_each_database_threaded!(
    an_order_moves_through_fulfilment_and_every_illegal_move_is_refused,
    a_disputed_return_is_decided_by_a_moderator,
    an_unshipped_order_is_cancelled_after_48_hours_and_restocked,
    receipt_is_confirmed_ten_days_after_shipping,
    completion_settles_the_shop_and_a_later_refund_unsettles_it,
    fifty_checkouts_for_ten_units_make_ten_orders,
);

struct Setup {
    app: TestApp,
    shop: Browser,
    product: i64,
    buyer: Browser,
}

async fn setup(db: TestDb) -> Setup {
    let app = TestApp::spawn(db).await;
    let (shop, _) = open_shop(&app, "teafarm", CODE).await;
    let product = listed(&app, &shop, "高山云雾绿茶").await;
    let buyer = register(&app, "buyer", "password 123").await;
    Setup {
        app,
        shop,
        product,
        buyer,
    }
}

async fn post(who: &Browser, app: &TestApp, path: &str, body: Option<Value>) -> (u16, Value) {
    let req = who.post(app.url(path));
    call(match body {
        Some(b) => req.json(&b),
        None => req,
    })
    .await
}

fn waybill() -> Value {
    json!({"carrier": "sf", "tracking_no": "SF1234567890123"})
}

async fn an_order_moves_through_fulfilment_and_every_illegal_move_is_refused(db: TestDb) {
    let Setup {
        app,
        shop,
        product,
        buyer,
    } = setup(db).await;
    let id = buy(&app, &buyer, product).await["id"].as_i64().unwrap();
    let order = |p: &str| format!("/api/v1/orders/{id}/{p}");
    let shop_order = |p: &str| format!("/api/v1/merchant/orders/{id}/{p}");
    let code = |r: (u16, Value)| (r.0, r.1["code"].as_str().map(str::to_owned));
    let illegal = (409, Some("illegal_transition".to_owned()));

    // Paid: not receivable; cancellable only after 48 hours.
    assert_eq!(
        code(post(&buyer, &app, &order("receive"), None).await),
        illegal
    );
    let (status, err) = post(&buyer, &app, &order("cancel"), None).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("cancel_too_early"))
    );
    assert!(
        err["message"].as_str().unwrap().contains("48 hours"),
        "{err}"
    );
    // Only its own shop ships it, with a waybill of the carrier's form.
    let (other, _) = open_shop(&app, "othershop", "91330106MA2CRCL008").await;
    assert_eq!(
        post(&other, &app, &shop_order("ship"), Some(waybill()))
            .await
            .0,
        404
    );
    let (status, err) = post(&buyer, &app, &shop_order("ship"), Some(waybill())).await;
    assert_eq!((status, err["code"].as_str()), (403, Some("not_merchant")));
    let bad = json!({"carrier": "sf", "tracking_no": "1234"});
    let (status, err) = post(&shop, &app, &shop_order("ship"), Some(bad)).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("tracking_no")));
    let (status, shipped) = post(&shop, &app, &shop_order("ship"), Some(waybill())).await;
    assert_eq!(
        (status, shipped["order"]["status"].as_str()),
        (200, Some("shipped"))
    );
    assert_eq!(shipped["order"]["carrier"], "sf");
    assert_eq!(shipped["buyer"]["handle"], "buyer");
    assert_eq!(
        code(post(&shop, &app, &shop_order("ship"), Some(waybill())).await),
        illegal,
        "shipped twice"
    );
    app.clock.advance(49 * HOUR);
    assert_eq!(
        code(post(&buyer, &app, &order("cancel"), None).await),
        illegal,
        "shipped: no cancel"
    );
    assert_eq!(
        code(post(&buyer, &app, &order("return"), Some(json!({"reason": "x"}))).await),
        illegal
    );

    // Received: the 7-day window starts.
    let (status, got) = post(&buyer, &app, &order("receive"), None).await;
    assert_eq!((status, got["status"].as_str()), (200, Some("delivered")));
    let delivered = got["delivered_at"].as_i64().unwrap();
    assert_eq!(got["return_window_ends"], delivered + 7 * DAY);
    assert_eq!(
        code(post(&buyer, &app, &order("receive"), None).await),
        illegal
    );
    let (status, err) = post(
        &buyer,
        &app,
        &order("return"),
        Some(json!({"reason": "  "})),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (422, Some("reason")));
    let (status, asked) = post(
        &buyer,
        &app,
        &order("return"),
        Some(json!({"reason": "口味不合适"})),
    )
    .await;
    assert_eq!(
        (status, asked["return_status"].as_str()),
        (200, Some("requested"))
    );
    assert_eq!(
        code(
            post(
                &buyer,
                &app,
                &order("return"),
                Some(json!({"reason": "再来"}))
            )
            .await
        ),
        illegal
    );
    let (_, counts) = call(shop.get(app.url("/api/v1/merchant"))).await;
    assert_eq!(
        (counts["to_ship"].as_i64(), counts["returns_open"].as_i64()),
        (Some(0), Some(1))
    );
    let (_, returns) = call(shop.get(app.url("/api/v1/merchant/orders?filter=returns"))).await;
    assert_eq!(returns["items"][0]["order"]["return_reason"], "口味不合适");

    // The shop accepts: refunded, and no completion afterwards.
    let (status, refunded) = post(&shop, &app, &shop_order("return/accept"), None).await;
    let (_, returns) = call(shop.get(app.url("/api/v1/merchant/orders?filter=returns"))).await;
    assert_eq!(
        (status, refunded["order"]["status"].as_str()),
        (200, Some("refunded"))
    );
    assert_eq!(returns["items"], json!([]), "answered: off the list");
    assert_eq!(
        code(post(&shop, &app, &shop_order("return/accept"), None).await),
        illegal
    );
    app.clock.advance(8 * DAY);
    assert_eq!(jobs(&app).await.completed, 0);
    assert_eq!(
        notification_kinds(&app, &buyer).await,
        ["order_refunded", "order_shipped"]
    );
    assert_eq!(
        notification_kinds(&app, &shop).await[..3],
        ["order_refunded", "return_requested", "order_paid"]
    );
    assert_ledger_ok(&app).await;
}

async fn a_disputed_return_is_decided_by_a_moderator(db: TestDb) {
    let Setup {
        app,
        shop,
        product,
        buyer,
    } = setup(db).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let id = buy(&app, &buyer, product).await["id"].as_i64().unwrap();
        flow::deliver(&app, &buyer, id).await;
        let (status, _) = post(
            &buyer,
            &app,
            &format!("/api/v1/orders/{id}/return"),
            Some(json!({"reason": "有破损"})),
        )
        .await;
        assert_eq!(status, 200);
        let path = format!("/api/v1/merchant/orders/{id}/return/dispute");
        let (status, err) = post(&shop, &app, &path, Some(json!({"reason": ""}))).await;
        assert_eq!((status, err["field"].as_str()), (422, Some("reason")));
        let (status, disputed) = post(
            &shop,
            &app,
            &path,
            Some(json!({"reason": "发货前已检查完好"})),
        )
        .await;
        assert_eq!(
            (status, disputed["order"]["return_status"].as_str()),
            (200, Some("disputed"))
        );
        ids.push(id);
    }
    let moderator = moderator(&app).await;
    let (_, queue) = call(moderator.get(app.url("/api/v1/moderation/returns"))).await;
    assert_eq!(queue["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        queue["items"][0]["order"]["return_note"],
        "发货前已检查完好"
    );
    assert_eq!(
        call(shop.get(app.url("/api/v1/moderation/returns")))
            .await
            .0,
        403
    );
    // One for the shop (the order completes as usual), one for the buyer (refunded).
    let refuse = format!("/api/v1/moderation/orders/{}/refuse-return", ids[0]);
    assert_eq!(
        post(&moderator, &app, &refuse, Some(json!({"reason": ""})))
            .await
            .0,
        422
    );
    assert_eq!(
        post(
            &moderator,
            &app,
            &refuse,
            Some(json!({"reason": "照片显示完好"}))
        )
        .await
        .0,
        204
    );
    assert_eq!(
        post(&moderator, &app, &refuse, Some(json!({"reason": "再来"})))
            .await
            .0,
        409
    );
    let refund = format!("/api/v1/moderation/orders/{}/refund", ids[1]);
    assert_eq!(
        post(
            &moderator,
            &app,
            &refund,
            Some(json!({"reason": "破损属实"}))
        )
        .await
        .0,
        204
    );
    assert_eq!(
        flow::order(&app, &buyer, ids[0]).await["return_status"],
        "refused"
    );
    assert_eq!(
        flow::order(&app, &buyer, ids[1]).await["status"],
        "refunded"
    );
    app.clock.advance(8 * DAY);
    assert_eq!(jobs(&app).await.completed, 1);
    assert_eq!(
        flow::order(&app, &buyer, ids[0]).await["status"],
        "completed"
    );
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    assert_eq!(log[0]["action"], "refund_order");
    assert_eq!(log[1]["action"], "refuse_return");
    assert_ledger_ok(&app).await;
}

async fn an_unshipped_order_is_cancelled_after_48_hours_and_restocked(db: TestDb) {
    let Setup {
        app,
        shop,
        product,
        buyer,
    } = setup(db).await;
    let order = buy(&app, &buyer, product).await;
    let id = order["id"].as_i64().unwrap();
    assert_eq!(
        order["cancellable_at"],
        order["created_at"].as_i64().unwrap() + 48 * HOUR
    );
    let stock = || async {
        let (_, p) = call(shop.get(app.url(&format!("/api/v1/merchant/products/{product}")))).await;
        p["product"]["stock"].as_i64().unwrap()
    };
    assert_eq!(stock().await, 4);
    app.clock.advance(48 * HOUR);
    let (status, cancelled) =
        post(&buyer, &app, &format!("/api/v1/orders/{id}/cancel"), None).await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (200, Some("cancelled"))
    );
    assert_eq!(stock().await, 5, "back in stock");
    let (status, _) = post(
        &shop,
        &app,
        &format!("/api/v1/merchant/orders/{id}/ship"),
        Some(waybill()),
    )
    .await;
    assert_eq!(status, 409, "shipping a cancelled order");
    assert_eq!(notification_kinds(&app, &shop).await[0], "order_cancelled");
    assert_ledger_ok(&app).await;
}

async fn receipt_is_confirmed_ten_days_after_shipping(db: TestDb) {
    let Setup {
        app,
        product,
        buyer,
        ..
    } = setup(db).await;
    let id = buy(&app, &buyer, product).await["id"].as_i64().unwrap();
    let shipped = flow::ship(&app, &buyer, id).await;
    let auto = shipped["order"]["auto_receive_at"].as_i64().unwrap();
    assert_eq!(
        auto,
        shipped["order"]["shipped_at"].as_i64().unwrap() + 10 * DAY
    );
    app.clock.advance(10 * DAY - 1);
    assert_eq!(jobs(&app).await.received, 0);
    app.clock.advance(1);
    assert_eq!(jobs(&app).await.received, 1);
    let got = flow::order(&app, &buyer, id).await;
    assert_eq!(
        (got["status"].as_str(), got["delivered_at"].as_i64()),
        (Some("delivered"), Some(auto))
    );
    assert_eq!(jobs(&app).await.received, 0, "once");
}

async fn completion_settles_the_shop_and_a_later_refund_unsettles_it(db: TestDb) {
    let Setup {
        app,
        shop,
        product,
        buyer,
    } = setup(db).await;
    // The platform's fee on this shop: 5 %.
    sqlx::query("UPDATE merchants SET fee_bp = 500")
        .execute(app.store.pool())
        .await
        .unwrap();
    let sharer = register(&app, "sharer", "password 123").await;
    let code = share_of(&app, &sharer, product).await;
    assert_eq!(click(&app, &buyer, &code).await, 204);
    let id = buy(&app, &buyer, product).await["id"].as_i64().unwrap();
    let home = || async { call(shop.get(app.url("/api/v1/merchant"))).await.1 };
    // ¥100 twice (the sharer's own order and the buyer's), less the buyer's ¥10 commission.
    assert_eq!(home().await["pending_cents"], 19_000);
    flow::deliver(&app, &buyer, id).await;
    // A return asked for and still open keeps it from completing.
    let (status, _) = post(
        &buyer,
        &app,
        &format!("/api/v1/orders/{id}/return"),
        Some(json!({"reason": "想想"})),
    )
    .await;
    assert_eq!(status, 200);
    app.clock.advance(7 * DAY);
    let run = jobs(&app).await;
    assert_eq!(
        (run.completed, run.confirmed),
        (1, 0),
        "only the sharer's own order"
    );
    let dispute = format!("/api/v1/merchant/orders/{id}/return/dispute");
    assert_eq!(
        post(&shop, &app, &dispute, Some(json!({"reason": "已拆封饮用"})))
            .await
            .0,
        200
    );
    let moderator = moderator(&app).await;
    let path = format!("/api/v1/moderation/orders/{id}/refuse-return");
    assert_eq!(
        post(
            &moderator,
            &app,
            &path,
            Some(json!({"reason": "超出退货理由"}))
        )
        .await
        .0,
        204
    );
    let run = jobs(&app).await;
    assert_eq!((run.completed, run.confirmed), (1, 1));
    let h = home().await;
    // Each ¥100 less its 5 % fee, the buyer's also less the ¥10 commission.
    assert_eq!(
        (h["pending_cents"].as_i64(), h["available_cents"].as_i64()),
        (Some(0), Some(9_500 + 8_500))
    );
    assert_eq!(earnings(&app, &sharer).await["available_cents"], 1_000);
    let (_, sales) = call(shop.get(app.url("/api/v1/merchant/sales"))).await;
    assert_eq!(sales.as_array().unwrap().len(), 1, "{sales}");
    assert_eq!(sales[0]["share_code"], code.as_str());
    assert_eq!(sales[0]["sharer"]["handle"], "sharer");
    let totals = (
        sales[0]["orders"].as_i64(),
        sales[0]["amount_cents"].as_i64(),
        sales[0]["commission_cents"].as_i64(),
    );
    assert_eq!(totals, (Some(1), Some(10_000), Some(1_000)));
    assert_eq!(flow::order(&app, &buyer, id).await["status"], "completed");
    let (status, err) = post(
        &buyer,
        &app,
        &format!("/api/v1/orders/{id}/return"),
        Some(json!({"reason": "x"})),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("return_window_closed"))
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains(&circle_api::china_date(app.clock.now())),
        "{err}"
    );

    // The shop withdraws part; then a counterfeit is found: a moderator refunds.
    let req = shop
        .post(app.url("/api/v1/merchant/withdrawals"))
        .header("idempotency-key", "w1");
    let (status, w) = call(req.json(&json!({"amount_cents": 10_000}))).await;
    assert_eq!(status, 201, "{w}");
    let req = shop
        .post(app.url("/api/v1/merchant/withdrawals"))
        .header("idempotency-key", "w2");
    let (status, err) = call(req.json(&json!({"amount_cents": 8_001}))).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("insufficient_balance"))
    );
    let (_, mine) = call(shop.get(app.url("/api/v1/withdrawals"))).await;
    assert_eq!(
        mine["items"],
        json!([]),
        "the shop's payouts are not its owner's"
    );
    flow::moderator_refund(&app, id).await;
    let h = home().await;
    assert_eq!(
        (
            h["available_cents"].as_i64(),
            h["withdrawing_cents"].as_i64()
        ),
        (Some(18_000 - 8_500 - 10_000), Some(10_000))
    );
    assert_eq!(commissions(&app, &sharer).await[0]["status"], "clawed_back");
    let (_, sales) = call(shop.get(app.url("/api/v1/merchant/sales"))).await;
    assert_eq!(sales, json!([]), "a refunded sale leaves the figures");
    assert_eq!(earnings(&app, &sharer).await["available_cents"], 0);
    assert_ledger_ok(&app).await;
}

async fn fifty_checkouts_for_ten_units_make_ten_orders(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (shop, _) = open_shop(&app, "teafarm", CODE).await;
    let product = listed(&app, &shop, "限量绿茶").await;
    let mut body = crate::merchants::product_body("限量绿茶", 0);
    let (_, current) =
        call(shop.get(app.url(&format!("/api/v1/merchant/products/{product}")))).await;
    body["photo_ids"] = current["photo_ids"].clone();
    body["stock"] = json!(10);
    assert_eq!(
        call(
            shop.put(app.url(&format!("/api/v1/merchant/products/{product}")))
                .json(&body)
        )
        .await
        .0,
        200
    );
    let mut buyers = Vec::new();
    for _ in 0..50 {
        buyers
            .push(flow::session(&app, flow::account(&app, circle_api::Role::Shopper).await).await);
    }
    let requests = buyers.iter().map(|b| {
        call(
            b.post(app.url("/api/v1/orders"))
                .header("idempotency-key", "one")
                .json(&json!({"product_id": product, "quantity": 1})),
        )
    });
    let results = futures::future::join_all(requests).await;
    let made = results.iter().filter(|(s, _)| *s == 201).count();
    let out = results
        .iter()
        .filter(|(s, b)| *s == 409 && b["code"] == "out_of_stock")
        .count();
    assert_eq!((made, out), (10, 40), "{results:?}");
    let (_, p) = call(shop.get(app.url(&format!("/api/v1/merchant/products/{product}")))).await;
    assert_eq!(
        (p["product"]["stock"].as_i64(), p["sold"].as_i64()),
        (Some(0), Some(10))
    );
    assert_ledger_ok(&app).await;
}
