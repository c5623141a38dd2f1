//! Orders: checkout (simulated payment), fulfilment (shipping, receipt, completion),
//! cancellation and returns.

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

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Paid; the merchant ships within 48 hours or the buyer may cancel.
    Paid,
    Shipped,
    /// Received (confirmed by the buyer, or 10 days after shipping); the 7-day return
    /// window runs.
    Delivered,
    /// The return window closed: the sharer's commission and the merchant's money are
    /// confirmed; only a moderator can still refund it.
    Completed,
    /// Cancelled by the buyer, unshipped after 48 hours: fully refunded.
    Cancelled,
    Refunded,
}

impl OrderStatus {
    /// The buyer has the goods and keeps them: delivered or completed, not refunded.
    pub fn received(self) -> bool {
        matches!(self, OrderStatus::Delivered | OrderStatus::Completed)
    }
}

/// Where a return request stands (absent when none was asked for).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    /// The buyer asked; the merchant accepts (the order is refunded) or disputes.
    Requested,
    /// The merchant disputed; a moderator decides.
    Disputed,
    /// A moderator decided for the merchant: the order completes as usual.
    Refused,
}

/// Hours a merchant has to ship before the buyer may cancel.
pub const SHIP_WITHIN_HOURS: i64 = 48;
/// Days after shipping when receipt is confirmed for a buyer who did not.
pub const AUTO_RECEIVE_DAYS: i64 = 10;
/// A return reason, a dispute note: up to this many characters.
pub const RETURN_TEXT_MAX: usize = 200;

/// The parcel services a merchant ships with; the app names them.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    /// 顺丰速运
    Sf,
    /// 京东物流
    Jd,
    /// 中国邮政 EMS
    Ems,
    /// 中通快递
    Zto,
    /// 圆通速递
    Yto,
    /// 申通快递
    Sto,
    /// 韵达快递
    Yunda,
}

impl Carrier {
    pub const ALL: [Carrier; 7] = [
        Carrier::Sf,
        Carrier::Jd,
        Carrier::Ems,
        Carrier::Zto,
        Carrier::Yto,
        Carrier::Sto,
        Carrier::Yunda,
    ];

    /// The name people know it by.
    pub fn name_zh(self) -> &'static str {
        match self {
            Carrier::Sf => "顺丰速运",
            Carrier::Jd => "京东物流",
            Carrier::Ems => "中国邮政 EMS",
            Carrier::Zto => "中通快递",
            Carrier::Yto => "圆通速递",
            Carrier::Sto => "申通快递",
            Carrier::Yunda => "韵达快递",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipRequest {
    pub carrier: Carrier,
    /// The carrier's waybill number, checked for its form (e.g. SF + 12 digits).
    pub tracking_no: String,
}

/// A buyer's return request, a merchant's dispute: a reason in their words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonRequest {
    /// 1–200 characters.
    pub reason: String,
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
    pub carrier: Option<Carrier>,
    pub tracking_no: Option<String>,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub refunded_at: Option<i64>,
    /// While paid: from when the buyer may cancel (48 hours after payment).
    pub cancellable_at: Option<i64>,
    /// While shipped: when receipt is confirmed if the buyer does not (10 days).
    pub auto_receive_at: Option<i64>,
    /// Once delivered: when the 7-day return window closes (and the order completes).
    pub return_window_ends: Option<i64>,
    pub return_status: Option<ReturnStatus>,
    pub return_reason: Option<String>,
    /// The merchant's reason for disputing the return.
    pub return_note: Option<String>,
    /// Whether the share the buyer came through earns a commission, or why not.
    pub attribution: Attribution,
}
