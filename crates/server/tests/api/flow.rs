//! Orders through fulfilment, as the people involved do it over HTTP: the shop ships,
//! the buyer confirms receipt, a return is asked for and accepted, a moderator refunds.
//! The shop's and the moderator's clients log in by a session written into the store
//! (their accounts are fixtures; logging in through the API is tested on its own).

use crate::helpers::{call, Browser, TestApp};
use circle_server::{clock::Clock, domain::accounts, store};
use serde_json::{json, Value};

/// A new account with `role`; its id.
pub async fn account(app: &TestApp, role: circle_api::Role) -> i64 {
    let handle = format!("acct_{:x}", rand::random::<u32>());
    let mut db = app.store.conn().await.unwrap();
    let new = store::users::NewUser {
        handle: &handle,
        display_name: "测试账号",
        password_hash: "not-a-hash: logs in by a fixture session only",
        role,
        created_at: app.clock.now() - 30 * circle_server::clock::DAY,
    };
    store::users::insert(&mut db, new).await.unwrap().id
}

/// A client logged in as `user`, by a session written into the store.
pub async fn session(app: &TestApp, user: i64) -> Browser {
    session_in(app, user, Browser::new()).await
}

/// `browser` (e.g. one at another address) logged in as `user`.
pub async fn session_in(app: &TestApp, user: i64, browser: Browser) -> Browser {
    let (token, hash) = accounts::new_session_token();
    let now = app.clock.now();
    let mut db = app.store.conn().await.unwrap();
    store::sessions::insert(
        &mut db,
        &hash,
        user,
        now,
        now + 30 * circle_server::clock::DAY,
    )
    .await
    .unwrap();
    browser.add_cookie(&app.url("/"), &format!("circle_session={token}"));
    browser
}

/// A client logged in as the account that runs shop `merchant`.
pub async fn shop(app: &TestApp, merchant: i64) -> Browser {
    let owner: Option<i64> = sqlx::query_scalar("SELECT user_id FROM merchants WHERE id = $1")
        .bind(merchant)
        .fetch_one(&mut *app.store.conn().await.unwrap())
        .await
        .unwrap();
    session(app, owner.expect("the shop has an account")).await
}

/// A client logged in as a new moderator.
pub async fn moderator(app: &TestApp) -> Browser {
    let id = account(app, circle_api::Role::Moderator).await;
    session(app, id).await
}

/// The buyer's order as the buyer sees it.
pub async fn order(app: &TestApp, buyer: &Browser, order: i64) -> Value {
    let (status, body) = call(buyer.get(app.url(&format!("/api/v1/orders/{order}")))).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The shop of the order's product ships it (a 顺丰 waybill).
pub async fn ship(app: &TestApp, buyer: &Browser, id: i64) -> Value {
    let merchant = order(app, buyer, id).await["product"]["merchant"]["id"]
        .as_i64()
        .unwrap();
    let shop = shop(app, merchant).await;
    let waybill =
        json!({"carrier": "sf", "tracking_no": format!("SF{}", 100_000_000_000_i64 + id)});
    let url = app.url(&format!("/api/v1/merchant/orders/{id}/ship"));
    let (status, body) = call(shop.post(url).json(&waybill)).await;
    assert_eq!(status, 200, "ship: {body}");
    assert_eq!(body["order"]["status"], "shipped");
    body
}

/// The shop ships the order and the buyer confirms receipt; the order as the buyer sees it.
pub async fn deliver(app: &TestApp, buyer: &Browser, id: i64) -> Value {
    ship(app, buyer, id).await;
    let url = app.url(&format!("/api/v1/orders/{id}/receive"));
    let (status, body) = call(buyer.post(url)).await;
    assert_eq!(status, 200, "receive: {body}");
    assert_eq!(body["status"], "delivered");
    body
}

/// The buyer asks for a return and the shop accepts it: the order is refunded.
pub async fn return_and_refund(app: &TestApp, buyer: &Browser, id: i64) -> Value {
    let url = app.url(&format!("/api/v1/orders/{id}/return"));
    let (status, body) = call(buyer.post(url).json(&json!({"reason": "不合适"}))).await;
    assert_eq!(status, 200, "return: {body}");
    assert_eq!(body["return_status"], "requested");
    let merchant = body["product"]["merchant"]["id"].as_i64().unwrap();
    let shop = shop(app, merchant).await;
    let url = app.url(&format!("/api/v1/merchant/orders/{id}/return/accept"));
    let (status, body) = call(shop.post(url)).await;
    assert_eq!(status, 200, "accept: {body}");
    assert_eq!(body["order"]["status"], "refunded");
    order(app, buyer, id).await
}

/// A moderator refunds the order, whatever its stage.
pub async fn moderator_refund(app: &TestApp, id: i64) {
    let moderator = moderator(app).await;
    let url = app.url(&format!("/api/v1/moderation/orders/{id}/refund"));
    let (status, body) = call(moderator.post(url).json(&json!({"reason": "假货，退款"}))).await;
    assert_eq!(status, 204, "refund: {body}");
}
