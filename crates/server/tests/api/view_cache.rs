//! A server process keeps the shares it has shown, hydrated; a share changed by another
//! process, or by SQL outside any server, is shown changed at once: its likes, comments,
//! text, 已购, photos, product, shop and author, and a hidden share is gone.

use crate::helpers::{call, png_photo, product, register, Browser, TestApp, TestDb};
use crate::processes::Server;
use crate::shares::{befriend, purchase};
use serde_json::{json, Value};

crate::on_each_database!(a_shown_share_changes_wherever_it_is_changed_from);

/// The share as `who` sees it through `base` (a process) on its page, and on `who`'s
/// circle page.
async fn seen(base: &str, who: &Browser, share: (i64, &str)) -> (Value, Value) {
    let (status, view) = call(who.get(format!("{base}/api/v1/shares/{}", share.1))).await;
    assert_eq!(status, 200, "{view}");
    (view, circle_card(base, who, share.0).await.1)
}

/// `who`'s circle page (checked to have loaded) and the share's card on it, if any.
async fn circle_card(base: &str, who: &Browser, share: i64) -> (Value, Value) {
    let (status, feed) = call(who.get(format!("{base}/api/v1/feed"))).await;
    assert_eq!(status, 200, "{feed}");
    let card = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["share"]["id"] == share)
        .map(|c| c["share"].clone())
        .unwrap_or(Value::Null);
    (feed, card)
}

/// Reads the share twice through the first process (the second read from its cache)
/// and checks `field` of the view and of the circle's card both times.
async fn shows(base: &str, who: &Browser, share: (i64, &str), field: &str, expected: Value) {
    for read in ["first read", "second read"] {
        let (view, card) = seen(base, who, share).await;
        assert_eq!(pointer(&view, field), &expected, "{read}: {view}");
        assert_eq!(pointer(&card, field), &expected, "{read}, circle: {card}");
    }
}

fn pointer<'a>(v: &'a Value, field: &str) -> &'a Value {
    v.pointer(field).unwrap_or(&Value::Null)
}

async fn sql(app: &TestApp, statement: &str, id: i64) {
    let done = sqlx::query(statement)
        .bind(id)
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1, "{statement}");
}

async fn a_shown_share_changes_wherever_it_is_changed_from(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let one = app.url("");
    let one = one.trim_end_matches('/');
    let other = Server::start(app.database_url());
    let two = other.base.as_str();
    let alice = register(&app, "alice", "password 123").await;
    let bob = register(&app, "bob", "password 123").await;
    befriend(&app, &alice, &bob, "bob").await;
    let p = product(&app, "保温杯", "home", 1000, true).await;
    let order = purchase(&app, &alice, p, true).await;
    let (status, up) = call(
        alice
            .post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body(png_photo(0)),
    )
    .await;
    assert_eq!(status, 201, "{up}");
    let (status, s) = call(alice.post(app.url("/api/v1/shares")).json(
        &json!({"product_id": p, "text": "保温十二小时", "rating": 5, "photo_ids": [up["id"]]}),
    ))
    .await;
    assert_eq!(status, 201, "{s}");
    let id = s["id"].as_i64().unwrap();
    let code = s["code"].as_str().unwrap();
    let p2 = product(&app, "围巾", "home", 2000, true).await;
    let (status, s2) = call(
        alice
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p2, "text": "另一件"})),
    )
    .await;
    assert_eq!(status, 201, "{s2}");
    let other_share = s2["id"].as_i64().unwrap();
    shows(one, &bob, (id, code), "/like_count", json!(0)).await;
    shows(one, &bob, (id, code), "/verified_purchase", json!(true)).await;
    assert!(
        !app.store.share_views().is_empty(),
        "the first process keeps it"
    );

    // Through the other process: a like, a comment, an edit, a purchase (stock).
    let (status, body) = call(bob.put(format!("{two}/api/v1/shares/id/{id}/like"))).await;
    assert_eq!(status, 200, "{body}");
    shows(one, &bob, (id, code), "/like_count", json!(1)).await;
    shows(one, &bob, (id, code), "/liked_by_me", json!(true)).await;
    let (_, alice_view) = seen(one, &alice, (id, code)).await;
    assert_eq!(alice_view["liked_by_me"], false, "{alice_view}");
    assert!(
        alice_view["editable_until"].is_i64(),
        "the author's own view"
    );
    let comment = json!({"text": "好用吗？"});
    let url = format!("{two}/api/v1/shares/id/{id}/comments");
    let (status, body) = call(bob.post(url).json(&comment)).await;
    assert_eq!(status, 201, "{body}");
    shows(one, &bob, (id, code), "/comment_count", json!(1)).await;
    let edit = json!({"text": "保温十二小时，真的"});
    let url = format!("{two}/api/v1/shares/id/{id}");
    let (status, body) = call(alice.patch(url).json(&edit)).await;
    assert_eq!(status, 200, "{body}");
    shows(one, &bob, (id, code), "/text", json!("保温十二小时，真的")).await;
    let (status, body) = call(
        bob.post(format!("{two}/api/v1/orders"))
            .header("idempotency-key", "view-cache-1")
            .json(&json!({"product_id": p, "quantity": 2})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    shows(one, &bob, (id, code), "/product/stock", json!(997)).await;

    // SQL outside any server: the author's name, the shop's name, a photo removed.
    sql(
        &app,
        "UPDATE users SET display_name = '爱丽丝' WHERE id = $1",
        s["author"]["id"].as_i64().unwrap(),
    )
    .await;
    shows(
        one,
        &bob,
        (id, code),
        "/author/display_name",
        json!("爱丽丝"),
    )
    .await;
    let merchant = s["product"]["merchant"]["id"].as_i64().unwrap();
    sql(
        &app,
        "UPDATE merchants SET name = '保温杯专卖' WHERE id = $1",
        merchant,
    )
    .await;
    shows(
        one,
        &bob,
        (id, code),
        "/product/merchant/name",
        json!("保温杯专卖"),
    )
    .await;
    sql(&app, "DELETE FROM share_photos WHERE share_id = $1", id).await;
    shows(one, &bob, (id, code), "/photos", json!([])).await;

    // The author's order refunded (已购 goes), then the share hidden by a moderator.
    crate::flow::moderator_refund(&app, order).await;
    shows(one, &bob, (id, code), "/verified_purchase", json!(false)).await;
    let moderator = crate::flow::moderator(&app).await;
    let url = format!("{two}/api/v1/moderation/shares/{id}/hide");
    let (status, body) = call(moderator.post(url).json(&json!({"reason": "广告"}))).await;
    assert_eq!(status, 204, "{body}");
    let (status, _) = call(bob.get(format!("{one}/api/v1/shares/{code}"))).await;
    assert_eq!(status, 404, "a hidden share is not shown from the cache");
    let (feed, card) = circle_card(one, &bob, other_share).await;
    assert_eq!(card["text"], "另一件", "the circle has loaded: {feed}");
    let (_, card) = circle_card(one, &bob, id).await;
    assert_eq!(card, Value::Null, "nor on the circle");
}
