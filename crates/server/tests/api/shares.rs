//! Sharing: 已购 and ratings, photos, the edit window, refused shares; helpers the
//! other sharing tests use.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use circle_server::clock::DAY;
use serde_json::{json, Value};

on_each_database!(
    a_delivered_purchase_shares_with_badge_and_rating,
    ratings_need_a_delivered_unrated_order,
    a_refund_withdraws_the_badge,
    bad_shares_are_refused_and_nothing_is_saved,
    uploads_are_checked_by_their_bytes,
    photos_show_in_the_order_they_were_given,
    edit_window_is_fifteen_minutes_and_only_for_the_author,
);

/// `who` buys `product` and (optionally) has it shipped and received; returns the order id.
pub(crate) async fn purchase(app: &TestApp, who: &Browser, product: i64, deliver: bool) -> i64 {
    let key = format!("k{}", rand_suffix());
    let (status, order) = call(
        who.post(app.url("/api/v1/orders"))
            .header("idempotency-key", key)
            .json(&json!({"product_id": product, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 201);
    let id = order["id"].as_i64().unwrap();
    if deliver {
        crate::flow::deliver(app, who, id).await;
    }
    id
}

pub(crate) fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

pub(crate) async fn share(app: &TestApp, who: &Browser, body: Value) -> (u16, Value) {
    call(who.post(app.url("/api/v1/shares")).json(&body)).await
}

pub(crate) async fn befriend(app: &TestApp, a: &Browser, b: &Browser, b_handle: &str) {
    let (_, req) = call(
        a.post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": b_handle})),
    )
    .await;
    let id = req["id"].as_i64().unwrap();
    assert_eq!(
        call(b.post(app.url(&format!("/api/v1/friend-requests/{id}/accept"))))
            .await
            .0,
        204
    );
}

pub(crate) async fn feed(app: &TestApp, who: &Browser) -> Value {
    call(who.get(app.url("/api/v1/feed"))).await.1
}

pub(crate) fn feed_share_ids(feed: &Value) -> Vec<i64> {
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["share"]["id"].as_i64().unwrap())
        .collect()
}

async fn a_delivered_purchase_shares_with_badge_and_rating(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    purchase(&app, &a, tea, true).await;
    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "  回甘很好  ", "rating": 5}),
    )
    .await;
    assert_eq!(status, 201, "{s}");
    assert_eq!(s["verified_purchase"], true);
    assert_eq!(s["rating"], 5);
    assert_eq!(s["text"], "回甘很好");
    assert_eq!(s["author"]["handle"], "anna");
    assert!(s["editable_until"].is_i64());
    let code = s["code"].as_str().unwrap();
    assert_eq!(code.len(), 12);
    let (status, public) =
        call(reqwest::Client::new().get(app.url(&format!("/api/v1/shares/{code}")))).await;
    assert_eq!(status, 200);
    assert_eq!(public["id"], s["id"]);
    assert!(
        public["editable_until"].is_null(),
        "only the author sees the edit window"
    );
    assert_eq!(
        call(reqwest::Client::new().get(app.url("/api/v1/shares/ZZZZZZZZZZZZ")))
            .await
            .0,
        404
    );
}

async fn ratings_need_a_delivered_unrated_order(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let (status, err) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "想买", "rating": 4}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("rating_not_allowed"))
    );
    purchase(&app, &a, tea, false).await;
    let (status, _) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "还没到", "rating": 4}),
    )
    .await;
    assert_eq!(status, 422, "a paid but undelivered order cannot rate");
    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "还没到货，先分享"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(s["verified_purchase"], false);
    assert!(s["rating"].is_null());
}

async fn a_refund_withdraws_the_badge(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let order = purchase(&app, &a, tea, true).await;
    let (_, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "好", "rating": 5}),
    )
    .await;
    crate::flow::return_and_refund(&app, &a, order).await;
    let code = s["code"].as_str().unwrap();
    let (_, after) = call(a.get(app.url(&format!("/api/v1/shares/{code}")))).await;
    assert_eq!(after["verified_purchase"], false);
}

async fn bad_shares_are_refused_and_nothing_is_saved(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let fake = product(&app, "假货", "food", 100, false).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let png = crate::helpers::png_photo(0);
    let (status, bert_photo) = call(
        b.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body(png),
    )
    .await;
    assert_eq!(
        status, 201,
        "Bert's photo exists, so using it is refused as his: {bert_photo}"
    );
    let cases = [
        (json!({"product_id": tea, "text": "   "}), 422, "text"),
        (json!({"product_id": tea, "text": "好用\u{7}"}), 422, "text"),
        (
            json!({"product_id": tea, "text": "好".repeat(501)}),
            422,
            "text",
        ),
        (
            json!({"product_id": tea, "text": "好", "rating": 6}),
            422,
            "rating",
        ),
        (
            json!({"product_id": tea, "text": "好", "photo_ids": [1,2,3,4,5,6,7,8,9,10]}),
            422,
            "photo_ids",
        ),
        (
            json!({"product_id": tea, "text": "好", "photo_ids": [bert_photo["id"]]}),
            422,
            "photo_ids",
        ),
        (json!({"product_id": fake, "text": "好"}), 409, ""),
        (json!({"product_id": 99999, "text": "好"}), 404, ""),
    ];
    for (body, status, field) in cases {
        let (got, err) = share(&app, &a, body.clone()).await;
        assert_eq!(got, status, "{body}");
        if !field.is_empty() {
            assert_eq!(err["field"], field, "{body}");
        }
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shares")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
    let anonymous = Browser::new()
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": tea, "text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn uploads_are_checked_by_their_bytes(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let png = crate::helpers::png_photo(0);
    let (status, up) = call(
        a.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body(png.clone()),
    )
    .await;
    assert_eq!(status, 201);
    let (status, err) = call(
        a.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/jpeg")
            .body(png),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (422, Some("bad_upload")));
    let (status, _) = call(
        a.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body("<svg onload=alert(1)>"),
    )
    .await;
    assert_eq!(status, 422);
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(20 * 1024 * 1024 + 1, 0);
    let res = a
        .post(app.url("/api/v1/uploads"))
        .header("content-type", "image/png")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);

    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "有图", "photo_ids": [up["id"]]}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(s["photos"], json!([up["url"]]));
    let photo = reqwest::get(app.url(up["url"].as_str().unwrap()))
        .await
        .unwrap();
    // Re-encoded: JPEG for a client that does not say it takes WebP.
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    // A photo belongs to one share.
    app.clock.advance(DAY);
    let (status, _) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "同一张图", "photo_ids": [up["id"]]}),
    )
    .await;
    assert_eq!(status, 422);
}

async fn photos_show_in_the_order_they_were_given(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let mut ups = Vec::new();
    for seed in 1..=3 {
        let (status, up) = call(
            a.post(app.url("/api/v1/uploads"))
                .header("content-type", "image/png")
                .body(crate::helpers::png_photo(seed * 300)),
        )
        .await;
        assert_eq!(status, 201);
        ups.push(up);
    }
    let order = [&ups[2], &ups[0], &ups[1]];
    let ids: Vec<&Value> = order.iter().map(|u| &u["id"]).collect();
    let urls: Vec<&Value> = order.iter().map(|u| &u["url"]).collect();
    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "三张图", "photo_ids": ids}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(s["photos"], json!(urls));
    // Read again from the database, by another process (which has kept nothing).
    let other = crate::processes::Server::start(app.database_url());
    let code = s["code"].as_str().unwrap();
    let (status, again) = call(a.get(format!("{}/api/v1/shares/{code}", other.base))).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["photos"], json!(urls));
}

async fn edit_window_is_fifteen_minutes_and_only_for_the_author(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let (_, s) = share(&app, &a, json!({"product_id": tea, "text": "初稿"})).await;
    let id = s["id"].as_i64().unwrap();
    let path = format!("/api/v1/shares/id/{id}");
    assert_eq!(
        call(b.patch(app.url(&path)).json(&json!({"text": "篡改"})))
            .await
            .0,
        404
    );
    assert_eq!(call(b.delete(app.url(&path))).await.0, 404);
    app.clock.advance(14 * 60 * 1000);
    let (status, edited) = call(a.patch(app.url(&path)).json(&json!({"text": "改好了"}))).await;
    assert_eq!(status, 200);
    assert_eq!(edited["text"], "改好了");
    assert!(edited["edited_at"].is_i64());
    app.clock.advance(2 * 60 * 1000);
    let (status, err) = call(a.patch(app.url(&path)).json(&json!({"text": "太晚了"}))).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("edit_window_closed"))
    );
    assert_eq!(call(a.delete(app.url(&path))).await.0, 204);
    let code = s["code"].as_str().unwrap();
    assert_eq!(
        call(a.get(app.url(&format!("/api/v1/shares/{code}"))))
            .await
            .0,
        404
    );
    assert_eq!(call(a.delete(app.url(&path))).await.0, 404);
}

/// Eleven texts that do not repeat each other.
pub(crate) const DISTINCT: [&str; 11] = [
    "回甘很明显，冲了五六泡还有味道",
    "降噪效果比预期好，地铁上安静多了",
    "质地清爽不黏腻，用了两周脸不干",
    "纯棉很软，洗了几次没起球",
    "颜色和图片一致，睡感不错",
    "充电很快，出差带一个就够",
    "碗底有吸盘，宝宝打不翻",
    "跑了十公里脚不累，鞋底回弹好",
    "速干效果明显，夏天穿很舒服",
    "香味淡淡的，放在卧室刚好",
    "餐具釉面光滑，洗碗机也能用",
];
