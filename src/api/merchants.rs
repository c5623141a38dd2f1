//! The merchant side: applying, the console (products, orders, returns, sales, money),
//! shop pages, and what moderators decide for it.

use super::{call_for, get, post, post_empty, post_idempotent, put, ApiError, Method};
use circle_api::{
    ApplicationRequest, ApplicationView, MerchantHome, MerchantOrderView, MerchantProductView,
    OrderFilter, Page, ProductRequest, ProductStatus, ProductStatusRequest, ProductView,
    ReasonRequest, ReviewDecision, ShareSales, ShipRequest, ShopView, WithdrawalCreate,
    WithdrawalView,
};

pub async fn apply(req: &ApplicationRequest) -> Result<ApplicationView, ApiError> {
    post("/api/v1/merchant/applications", req).await
}

pub async fn my_applications() -> Result<Vec<ApplicationView>, ApiError> {
    get("/api/v1/merchant/applications").await
}

pub async fn home() -> Result<MerchantHome, ApiError> {
    get("/api/v1/merchant").await
}

/// The query string of a keyset page: `?after=…` after the first page.
fn after(cursor: Option<String>, sep: char) -> String {
    cursor
        .map(|c| format!("{sep}after={}", super::encode(&c)))
        .unwrap_or_default()
}

pub async fn products(cursor: Option<String>) -> Result<Page<MerchantProductView>, ApiError> {
    get(&format!("/api/v1/merchant/products{}", after(cursor, '?'))).await
}

pub async fn create_product(req: &ProductRequest) -> Result<MerchantProductView, ApiError> {
    post("/api/v1/merchant/products", req).await
}

pub async fn edit_product(id: i64, req: &ProductRequest) -> Result<MerchantProductView, ApiError> {
    put(&format!("/api/v1/merchant/products/{id}"), req).await
}

pub async fn set_status(id: i64, status: ProductStatus) -> Result<MerchantProductView, ApiError> {
    let body = ProductStatusRequest { status };
    post(&format!("/api/v1/merchant/products/{id}/status"), &body).await
}

pub async fn orders(
    filter: OrderFilter,
    cursor: Option<String>,
) -> Result<Page<MerchantOrderView>, ApiError> {
    let filter = match filter {
        OrderFilter::All => "all",
        OrderFilter::ToShip => "to_ship",
        OrderFilter::Returns => "returns",
        OrderFilter::Settled => "settled",
    };
    get(&format!(
        "/api/v1/merchant/orders?filter={filter}{}",
        after(cursor, '&')
    ))
    .await
}

pub async fn ship(id: i64, req: &ShipRequest) -> Result<MerchantOrderView, ApiError> {
    post(&format!("/api/v1/merchant/orders/{id}/ship"), req).await
}

pub async fn accept_return(id: i64) -> Result<MerchantOrderView, ApiError> {
    call_for(
        Method::Post,
        &format!("/api/v1/merchant/orders/{id}/return/accept"),
    )
    .await
}

pub async fn dispute_return(id: i64, reason: String) -> Result<MerchantOrderView, ApiError> {
    let body = ReasonRequest { reason };
    post(
        &format!("/api/v1/merchant/orders/{id}/return/dispute"),
        &body,
    )
    .await
}

pub async fn sales() -> Result<Vec<ShareSales>, ApiError> {
    get("/api/v1/merchant/sales").await
}

pub async fn withdraw(key: &str, amount_cents: i64) -> Result<WithdrawalView, ApiError> {
    let body = WithdrawalCreate { amount_cents };
    post_idempotent("/api/v1/merchant/withdrawals", key, &body).await
}

pub async fn withdrawals() -> Result<Page<WithdrawalView>, ApiError> {
    get("/api/v1/merchant/withdrawals").await
}

pub async fn shop(id: i64) -> Result<ShopView, ApiError> {
    get(&format!("/api/v1/shops/{id}")).await
}

pub async fn shop_products(id: i64) -> Result<Page<ProductView>, ApiError> {
    get(&format!("/api/v1/shops/{id}/products")).await
}

// Moderators.

pub async fn open_applications() -> Result<Page<ApplicationView>, ApiError> {
    get("/api/v1/moderation/applications").await
}

pub async fn decide_application(
    id: i64,
    decision: &ReviewDecision,
) -> Result<ApplicationView, ApiError> {
    post(&format!("/api/v1/moderation/applications/{id}"), decision).await
}

pub async fn review_queue() -> Result<Page<MerchantProductView>, ApiError> {
    get("/api/v1/moderation/products").await
}

pub async fn review_product(
    id: i64,
    decision: &ReviewDecision,
) -> Result<MerchantProductView, ApiError> {
    post(
        &format!("/api/v1/moderation/products/{id}/review"),
        decision,
    )
    .await
}

pub async fn disputes() -> Result<Page<MerchantOrderView>, ApiError> {
    get("/api/v1/moderation/returns").await
}

/// `refund`: decide for the buyer (the order is refunded); otherwise for the shop.
pub async fn decide_return(id: i64, refund: bool, reason: String) -> Result<(), ApiError> {
    let what = if refund { "refund" } else { "refuse-return" };
    post_empty(
        &format!("/api/v1/moderation/orders/{id}/{what}"),
        &ReasonRequest { reason },
    )
    .await
}
