//! Becoming a merchant and listing products (品控), over HTTP on both databases: the
//! credit code's check character, one open application, moderators' decisions with
//! reasons, review of new and edited products, pausing, and every refusal's code.

use crate::earnings::{buy, click, commissions, share_of};
use crate::flow::moderator;
use crate::helpers::{call, notification_kinds, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use serde_json::{json, Value};

on_each_database!(
    an_application_is_checked_decided_and_opens_a_shop,
    products_wait_for_review_and_only_content_edits_go_back,
    bad_products_are_refused_and_nothing_is_saved,
);

/// A valid code (check character 'E').
pub(crate) const CODE: &str = "91110108MA01ABCD1E";

fn application(code: &str) -> Value {
    json!({"shop_name": "云雾茶园", "category": "food", "contact": "138 0000 0000", "credit_code": code})
}

/// An account that applied and was approved: (its client, its shop id).
pub(crate) async fn open_shop(app: &TestApp, handle: &str, code: &str) -> (Browser, i64) {
    let owner = register(app, handle, "password 123").await;
    let (status, filed) = call(
        owner
            .post(app.url("/api/v1/merchant/applications"))
            .json(&application(code)),
    )
    .await;
    assert_eq!(status, 201, "{filed}");
    let moderator = moderator(app).await;
    let id = filed["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/moderation/applications/{id}"));
    let (status, decided) = call(moderator.post(url).json(&json!({"approve": true}))).await;
    assert_eq!(status, 200, "{decided}");
    (owner, decided["merchant_id"].as_i64().unwrap())
}

/// A photo uploaded by `who`: its id.
pub(crate) async fn photo(app: &TestApp, who: &Browser) -> i64 {
    let png = crate::helpers::png_photo(0);
    let req = who
        .post(app.url("/api/v1/uploads"))
        .header("content-type", "image/png");
    let (status, body) = call(req.body(png)).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap()
}

pub(crate) fn product_body(title: &str, photo: i64) -> Value {
    json!({"title": title, "description": "明前采摘", "category": "food", "price_cents": 10_000,
           "stock": 5, "commission_bp": 1000, "photo_ids": [photo]})
}

/// Lists a product and has a moderator approve it: its id.
pub(crate) async fn listed(app: &TestApp, shop: &Browser, title: &str) -> i64 {
    let p = photo(app, shop).await;
    let (status, made) = call(
        shop.post(app.url("/api/v1/merchant/products"))
            .json(&product_body(title, p)),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let id = made["product"]["id"].as_i64().unwrap();
    review(app, id, true, "").await;
    id
}

async fn review(app: &TestApp, id: i64, approve: bool, reason: &str) -> Value {
    let moderator = moderator(app).await;
    let url = app.url(&format!("/api/v1/moderation/products/{id}/review"));
    let (status, body) = call(
        moderator
            .post(url)
            .json(&json!({"approve": approve, "reason": reason})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A second product of the shop, waiting for review: its id.
async fn review_target(app: &TestApp, shop: &Browser) -> i64 {
    let p = photo(app, shop).await;
    let url = app.url("/api/v1/merchant/products");
    let (status, made) = call(shop.post(url).json(&product_body("红茶", p))).await;
    assert_eq!(status, 201, "{made}");
    made["product"]["id"].as_i64().unwrap()
}

async fn photo_of(app: &TestApp, shop: &Browser, product: i64) -> i64 {
    let url = app.url(&format!("/api/v1/merchant/products/{product}"));
    call(shop.get(url)).await.1["photo_ids"][0]
        .as_i64()
        .unwrap()
}

async fn an_application_is_checked_decided_and_opens_a_shop(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let owner = register(&app, "teafarm", "password 123").await;
    let apply = |body: Value| {
        call(
            owner
                .post(app.url("/api/v1/merchant/applications"))
                .json(&body),
        )
    };
    // A wrong check character, a bad category, a two-line name: 422 naming the field.
    let wrong = format!("{}F", &CODE[..17]);
    for (body, field) in [
        (application(&wrong), "credit_code"),
        (application("91110108MA01ABCD1"), "credit_code"),
        (
            json!({"shop_name": "x", "category": "cars", "contact": "1", "credit_code": CODE}),
            "category",
        ),
        (
            json!({"shop_name": "a\nb", "category": "food", "contact": "1", "credit_code": CODE}),
            "shop_name",
        ),
    ] {
        let (status, err) = apply(body).await;
        assert_eq!(
            (status, err["code"].as_str(), err["field"].as_str()),
            (422, Some("invalid_input"), Some(field))
        );
    }
    // A licence photo must be the applicant's own upload.
    let stranger = register(&app, "stranger", "password 123").await;
    let theirs = photo(&app, &stranger).await;
    let mut body = application(CODE);
    body["licence_photo_id"] = json!(theirs);
    let (status, err) = apply(body).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (422, Some("licence_photo_id"))
    );
    let (_, mine) = call(owner.get(app.url("/api/v1/merchant/applications"))).await;
    assert_eq!(mine, json!([]), "nothing saved");
    // The merchant side is closed to a shopper.
    let (status, err) = call(owner.get(app.url("/api/v1/merchant"))).await;
    assert_eq!((status, err["code"].as_str()), (403, Some("not_merchant")));

    let (status, filed) = apply(application(&CODE.to_lowercase())).await;
    assert_eq!(status, 201, "{filed}");
    assert_eq!(
        (filed["status"].as_str(), filed["credit_code"].as_str()),
        (Some("pending"), Some(CODE))
    );
    let (status, err) = apply(application(CODE)).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("application_open"))
    );

    // Only moderators decide; a rejection needs a reason, and the applicant sees it.
    let id = filed["id"].as_i64().unwrap();
    let url = app.url(&format!("/api/v1/moderation/applications/{id}"));
    let (status, _) = call(owner.post(&url).json(&json!({"approve": true}))).await;
    assert_eq!(status, 403);
    let moderator = moderator(&app).await;
    let (status, err) = call(moderator.post(&url).json(&json!({"approve": false}))).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("reason")));
    let (status, rejected) = call(
        moderator
            .post(&url)
            .json(&json!({"approve": false, "reason": "执照照片不清晰"})),
    )
    .await;
    assert_eq!(
        (status, rejected["status"].as_str()),
        (200, Some("rejected"))
    );
    let (status, _) = call(moderator.post(&url).json(&json!({"approve": true}))).await;
    assert_eq!(status, 409, "decided once");
    let (_, mine) = call(owner.get(app.url("/api/v1/merchant/applications"))).await;
    assert_eq!(mine[0]["reason"], "执照照片不清晰");
    assert_eq!(
        notification_kinds(&app, &owner).await,
        ["application_rejected"]
    );

    // Applying again after a rejection; approved: a verified shop and the merchant role.
    let (_, again) = apply(application(CODE)).await;
    let url = app.url(&format!("/api/v1/moderation/applications/{}", again["id"]));
    let (_, approved) = call(moderator.post(&url).json(&json!({"approve": true}))).await;
    assert_eq!(approved["status"], "approved");
    let shop = approved["merchant_id"].as_i64().unwrap();
    let (_, me) = call(owner.get(app.url("/api/v1/me"))).await;
    assert_eq!(me["role"], "merchant");
    let (status, home) = call(owner.get(app.url("/api/v1/merchant"))).await;
    assert_eq!(
        (status, home["id"].as_i64(), home["name"].as_str()),
        (200, Some(shop), Some("云雾茶园"))
    );
    let (status, page) =
        call(reqwest::Client::new().get(app.url(&format!("/api/v1/shops/{shop}")))).await;
    assert_eq!((status, page["verified"].as_bool()), (200, Some(true)));
    let (status, err) = apply(application(CODE)).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("application_open")),
        "one shop per account"
    );

    // One shop per licence: another account with the same code cannot be approved.
    let copycat = register(&app, "copycat", "password 123").await;
    let (_, filed) = call(
        copycat
            .post(app.url("/api/v1/merchant/applications"))
            .json(&application(CODE)),
    )
    .await;
    let url = app.url(&format!("/api/v1/moderation/applications/{}", filed["id"]));
    let (status, err) = call(moderator.post(&url).json(&json!({"approve": true}))).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("credit_code_taken"))
    );
    let (_, queue) = call(moderator.get(app.url("/api/v1/moderation/applications"))).await;
    assert_eq!(
        queue["items"].as_array().unwrap().len(),
        1,
        "still waiting: {queue}"
    );
    let (_, log) = call(moderator.get(app.url("/api/v1/moderation/log"))).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["approve_merchant", "reject_merchant"]);
}

async fn products_wait_for_review_and_only_content_edits_go_back(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (shop, _) = open_shop(&app, "teafarm", CODE).await;
    let shopper = register(&app, "shopper", "password 123").await;
    let p = photo(&app, &shop).await;
    let (status, made) = call(
        shop.post(app.url("/api/v1/merchant/products"))
            .json(&product_body("高山绿茶", p)),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["product"]["status"], "pending_review");
    let id = made["product"]["id"].as_i64().unwrap();
    let checkout = |who: &Browser, key: &str| {
        call(
            who.post(app.url("/api/v1/orders"))
                .header("idempotency-key", key)
                .json(&json!({"product_id": id, "quantity": 1})),
        )
    };
    let (status, err) = checkout(&shopper, "k1").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("product_unavailable")),
        "not before review"
    );
    let (_, found) = call(shopper.get(app.url("/api/v1/products?q=绿茶"))).await;
    assert_eq!(found["items"], json!([]));

    // Rejected with a reason the merchant sees; a new title goes back to review; approved.
    let rejected = review(&app, id, false, "图片与标题不符").await;
    assert_eq!(
        (
            rejected["product"]["status"].as_str(),
            rejected["review_reason"].as_str()
        ),
        (Some("rejected"), Some("图片与标题不符"))
    );
    let url = app.url(&format!("/api/v1/merchant/products/{id}"));
    let (status, edited) = call(shop.put(&url).json(&product_body("高山云雾绿茶", p))).await;
    assert_eq!(
        (status, edited["product"]["status"].as_str()),
        (200, Some("pending_review"))
    );
    review(&app, id, true, "").await;
    assert_eq!(
        notification_kinds(&app, &shop).await[..2],
        ["product_approved", "product_rejected"]
    );
    let (status, _) = checkout(&shopper, "k2").await;
    assert_eq!(status, 201);
    // A rejected product resubmitted goes back to review even if only its price changed.
    let second = review_target(&app, &shop).await;
    review(&app, second, false, "缺少实拍图").await;
    let mut cheaper = product_body("红茶", photo_of(&app, &shop, second).await);
    cheaper["price_cents"] = json!(9_000);
    let url2 = app.url(&format!("/api/v1/merchant/products/{second}"));
    let (_, again) = call(shop.put(&url2).json(&cheaper)).await;
    assert_eq!(again["product"]["status"], "pending_review");

    // Price, stock and rate apply at once and keep it on sale; the rate only for orders
    // paid after it.
    let sharer = register(&app, "sharer", "password 123").await;
    let code = share_of(&app, &sharer, id).await;
    let buyer = register(&app, "buyer", "password 123").await;
    assert_eq!(click(&app, &buyer, &code).await, 204);
    buy(&app, &buyer, id).await;
    let mut body = product_body("高山云雾绿茶", p);
    body["commission_bp"] = json!(2000);
    body["price_cents"] = json!(20_000);
    let (status, edited) = call(shop.put(&url).json(&body)).await;
    assert_eq!(
        (status, edited["product"]["status"].as_str()),
        (200, Some("active"))
    );
    buy(&app, &buyer, id).await;
    let amounts: Vec<i64> = commissions(&app, &sharer)
        .await
        .iter()
        .map(|c| c["amount_cents"].as_i64().unwrap())
        .collect();
    assert_eq!(
        amounts,
        [4000, 1000],
        "20 % of ¥200 after the change, 10 % of ¥100 before"
    );

    // Pause and resume; only an active product pauses; another shop sees nothing.
    let status_url = app.url(&format!("/api/v1/merchant/products/{id}/status"));
    let (_, paused) = call(shop.post(&status_url).json(&json!({"status": "paused"}))).await;
    assert_eq!(paused["product"]["status"], "paused");
    assert_eq!(checkout(&shopper, "k3").await.0, 409);
    let (status, _) = call(shop.post(&status_url).json(&json!({"status": "paused"}))).await;
    assert_eq!(status, 409);
    let (_, resumed) = call(shop.post(&status_url).json(&json!({"status": "active"}))).await;
    assert_eq!(resumed["product"]["status"], "active");
    let (other, _) = open_shop(&app, "othershop", "91330106MA2CRCL008").await;
    assert_eq!(call(other.get(&url)).await.0, 404);
    assert_eq!(call(other.put(&url).json(&body)).await.0, 404);
    assert_eq!(
        call(other.post(&status_url).json(&json!({"status": "paused"})))
            .await
            .0,
        404
    );
    let (_, shop_page) = call(reqwest::Client::new().get(app.url(&format!(
        "/api/v1/shops/{}/products",
        made["product"]["merchant"]["id"]
    ))))
    .await;
    assert_eq!(shop_page["items"][0]["id"], id);
}

async fn bad_products_are_refused_and_nothing_is_saved(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (shop, _) = open_shop(&app, "teafarm", CODE).await;
    let p = photo(&app, &shop).await;
    let stranger = register(&app, "stranger", "password 123").await;
    let theirs = photo(&app, &stranger).await;
    let with = |key: &str, value: Value| {
        let mut body = product_body("绿茶", p);
        body[key] = value;
        body
    };
    for (body, field) in [
        (with("price_cents", json!(0)), "price_cents"),
        (with("price_cents", json!(10_000_001)), "price_cents"),
        (with("commission_bp", json!(9001)), "commission_bp"),
        (with("commission_bp", json!(-1)), "commission_bp"),
        (with("stock", json!(1_000_001)), "stock"),
        (with("stock", json!(-1)), "stock"),
        (with("title", json!("")), "title"),
        (with("title", json!("好\u{0}茶")), "title"),
        (with("photo_ids", json!([])), "photo_ids"),
        (with("photo_ids", json!([theirs])), "photo_ids"),
        (with("photo_ids", json!([p, p])), "photo_ids"),
        (with("category", json!("cars")), "category"),
    ] {
        let (status, err) = call(shop.post(app.url("/api/v1/merchant/products")).json(&body)).await;
        assert_eq!(
            (status, err["field"].as_str()),
            (422, Some(field)),
            "{body}: {err}"
        );
    }
    let (status, _) = call(
        shop.post(app.url("/api/v1/merchant/products"))
            .json(&with("stock", json!(i64::MAX))),
    )
    .await;
    assert_eq!(status, 422, "stock that overflows");
    let (status, err) = call(
        stranger
            .post(app.url("/api/v1/merchant/products"))
            .json(&product_body("绿茶", theirs)),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (403, Some("not_merchant")));
    let (_, list) = call(shop.get(app.url("/api/v1/merchant/products"))).await;
    assert_eq!(list["items"], json!([]), "nothing saved");
    // A photo belongs to one product.
    let id = listed(&app, &shop, "绿茶").await;
    let (_, got) = call(shop.get(app.url(&format!("/api/v1/merchant/products/{id}")))).await;
    let used = got["photo_ids"][0].as_i64().unwrap();
    let body = product_body("红茶", used);
    let (status, err) = call(shop.post(app.url("/api/v1/merchant/products")).json(&body)).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (422, Some("photo_ids")),
        "{err}"
    );
}
