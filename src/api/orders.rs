//! Orders: checkout, my orders, delivery and refund.

use super::{call_for, get, post_idempotent, ApiError, Method};
use circle_api::{CheckoutRequest, OrderView, Page};

pub async fn checkout(key: &str, req: &CheckoutRequest) -> Result<OrderView, ApiError> {
    post_idempotent("/api/v1/orders", key, req).await
}

pub async fn mine() -> Result<Page<OrderView>, ApiError> {
    get("/api/v1/orders").await
}

pub async fn deliver(id: i64) -> Result<OrderView, ApiError> {
    call_for(Method::Post, &format!("/api/v1/orders/{id}/deliver")).await
}

pub async fn refund(id: i64) -> Result<OrderView, ApiError> {
    call_for(Method::Post, &format!("/api/v1/orders/{id}/refund")).await
}
