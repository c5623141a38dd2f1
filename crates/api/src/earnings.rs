//! Sharing out and commissions: share links, attribution, earnings, withdrawals,
//! notifications, the WeChat JS-SDK config.

use crate::{Cents, Person};
use serde::{Deserialize, Serialize};

/// The smallest withdrawal, in cents.
pub const WITHDRAWAL_MIN_CENTS: Cents = 1000;
/// Days after delivery before a commission is confirmed (the return window).
pub const RETURN_WINDOW_DAYS: i64 = 7;

/// Why an order earns its sharer a commission, or why it does not.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// No share link was opened by the buyer in the 7 days before payment.
    NoClick,
    /// The last share opened was the buyer's own.
    SelfPurchase,
    /// The last share opened is hidden or deleted.
    ShareHidden,
    /// The product was not active at payment.
    ProductInactive,
    /// The product pays no commission (or it rounds to 0 cents).
    NoCommissionRate,
    /// The sharer earns a commission.
    Commission,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommissionStatus {
    /// Waiting for delivery and the 7-day return window.
    Pending,
    /// Confirmed and added to the available balance.
    Confirmed,
    /// The order was refunded before confirmation.
    Reversed,
    /// The order was refunded after confirmation: taken back from available.
    ClawedBack,
}

/// One commission, as its sharer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommissionView {
    pub id: i64,
    pub order_id: i64,
    pub share_code: String,
    pub product_title: String,
    pub amount_cents: Cents,
    pub status: CommissionStatus,
    /// While pending: when it becomes available (absent until the order is delivered).
    pub available_at: Option<i64>,
    pub created_at: i64,
    pub settled_at: Option<i64>,
    /// For a reversed commission: why.
    pub reversal: Option<Reversal>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reversal {
    /// The order was refunded within the return window.
    Refund,
    /// The product was delisted after counterfeit reports (its commissions were frozen).
    Delisted,
}

/// Totals of the earnings page, all derived from the ledger.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Earnings {
    /// Waiting for the return window.
    pub pending_cents: Cents,
    /// Confirmed over all time, less claw-backs.
    pub confirmed_cents: Cents,
    /// Can be withdrawn now; negative after a claw-back, which blocks withdrawals.
    pub available_cents: Cents,
    /// Requested, not yet paid out.
    pub withdrawing_cents: Cents,
    /// Paid out.
    pub withdrawn_cents: Cents,
    /// Commissions earned per China day over the last 30 days, oldest first (30 values).
    pub last_30_days: Vec<Cents>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalCreate {
    /// At least 1000 cents, at most the available balance.
    pub amount_cents: Cents,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalStatus {
    Requested,
    Paid,
    /// The payout failed; the money went back to available.
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalView {
    pub id: i64,
    pub amount_cents: Cents,
    pub status: WithdrawalStatus,
    pub created_at: i64,
    pub settled_at: Option<i64>,
}

/// What one of my shares brought: only its author ever sees this.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareStats {
    pub share_id: i64,
    pub code: String,
    pub product_title: String,
    pub clicks: i64,
    pub orders: i64,
    /// Pending and confirmed commissions (reversed and clawed-back ones excluded).
    pub commission_cents: Cents,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Like,
    Comment,
    FriendRequest,
    FriendAccepted,
    CommissionPending,
    CommissionConfirmed,
    CommissionReversed,
    CommissionClawedBack,
    WithdrawalPaid,
    WithdrawalFailed,
    /// To a merchant: a new paid order to ship.
    OrderPaid,
    /// To a buyer: the order was shipped.
    OrderShipped,
    /// To a merchant: the buyer cancelled an order that was not shipped in 48 hours.
    OrderCancelled,
    /// To a merchant: a buyer asks for a return.
    ReturnRequested,
    /// To a buyer: the merchant disputed the return; a moderator decides.
    ReturnDisputed,
    /// To a buyer and the merchant: a moderator decided a disputed return for the merchant.
    ReturnRefused,
    /// To a buyer and the merchant: the order was refunded.
    OrderRefunded,
    /// To a merchant: the return window closed; the sale (less commission and fee) is available.
    OrderCompleted,
    /// To an applicant: the shop was approved, or rejected (the reason is on 我的).
    ApplicationApproved,
    ApplicationRejected,
    /// To a merchant: a product version was approved, or rejected (the reason is in the console).
    ProductApproved,
    ProductRejected,
    /// To an author: reports hid the share; it can be sent for review.
    ShareHidden,
    /// To an author: a moderator hid the share.
    ShareTakenDown,
    /// To an author: a moderator showed the hidden share again.
    ShareRestored,
    /// To a buyer: a shopper asks about something they bought (问大家).
    QuestionAsked,
    /// To an asker: someone answered their question.
    QuestionAnswered,
    /// To a merchant: a shopper asks about one of its products (to answer as 商家).
    QuestionToShop,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub actor: Option<Person>,
    /// For likes and comments: the share's code (`/s/{code}`) and its product.
    pub share_code: Option<String>,
    /// The share it is about (a hidden one can be sent for review by its id).
    pub share_id: Option<i64>,
    /// The product it is about (a share's, an order's, a reviewed one).
    pub product_id: Option<i64>,
    /// For order events: the order.
    pub order_id: Option<i64>,
    pub amount_cents: Option<Cents>,
    /// For 问大家: the question and its text.
    #[serde(default)]
    pub question_id: Option<i64>,
    #[serde(default)]
    pub question_text: Option<String>,
    /// The product's title, for questions and answers.
    #[serde(default)]
    pub product_title: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: i64,
}

/// `GET /api/v1/me/wechat`: the account's WeChat login.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatLink {
    pub linked: bool,
    /// The WeChat nickname it was linked with.
    pub nickname: Option<String>,
    /// Without a password the account logs in only with WeChat, so it cannot unlink.
    pub has_password: bool,
}

/// What `wx.config` needs, signed for one page URL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JsSdkConfig {
    pub app_id: String,
    pub timestamp: i64,
    pub nonce_str: String,
    pub signature: String,
}

/// Body of `POST /api/v1/notifications/read`: everything up to this id is read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    pub up_to: i64,
}
