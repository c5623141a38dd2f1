//! Orders: checkout, my orders, and the buyer's moves after payment (confirm receipt,
//! cancel an order not shipped in 48 hours, ask for a return).

use super::{call_for, get, post, post_idempotent, ApiError, Method};
use circle_api::{CheckoutRequest, OrderView, Page, ReasonRequest};

pub async fn checkout(key: &str, req: &CheckoutRequest) -> Result<OrderView, ApiError> {
    post_idempotent("/api/v1/orders", key, req).await
}

pub async fn mine() -> Result<Page<OrderView>, ApiError> {
    get("/api/v1/orders").await
}

pub async fn receive(id: i64) -> Result<OrderView, ApiError> {
    call_for(Method::Post, &format!("/api/v1/orders/{id}/receive")).await
}

pub async fn cancel(id: i64) -> Result<OrderView, ApiError> {
    call_for(Method::Post, &format!("/api/v1/orders/{id}/cancel")).await
}

pub async fn request_return(id: i64, reason: String) -> Result<OrderView, ApiError> {
    post(
        &format!("/api/v1/orders/{id}/return"),
        &ReasonRequest { reason },
    )
    .await
}
