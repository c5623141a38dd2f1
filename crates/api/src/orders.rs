//! Orders: checkout (simulated payment), delivery, refund.

use crate::{Attribution, Cents, ProductView};
use serde::{Deserialize, Serialize};

/// The header that makes a checkout safe to retry.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
pub const QUANTITY_MAX: i64 = 99;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutRequest {
    pub product_id: i64,
    /// 1–99.
    pub quantity: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Paid,
    Delivered,
    Refunded,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    pub id: i64,
    pub product: ProductView,
    pub quantity: i64,
    pub amount_cents: Cents,
    pub status: OrderStatus,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub refunded_at: Option<i64>,
    /// Whether the share the buyer came through earns a commission, or why not.
    pub attribution: Attribution,
}
