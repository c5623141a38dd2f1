//! Orders: checkout, my orders, delivery and refund.

use super::{get, post_for, post_idempotent, ApiError};
use circle_api::{CheckoutRequest, OrderView, Page};

pub async fn checkout(key: &str, req: &CheckoutRequest) -> Result<OrderView, ApiError> {
    post_idempotent("/api/v1/orders", key, req).await
}

pub async fn mine() -> Result<Page<OrderView>, ApiError> {
    get("/api/v1/orders").await
}

pub async fn deliver(id: i64) -> Result<OrderView, ApiError> {
    post_for(&format!("/api/v1/orders/{id}/deliver")).await
}

pub async fn refund(id: i64) -> Result<OrderView, ApiError> {
    post_for(&format!("/api/v1/orders/{id}/refund")).await
}
