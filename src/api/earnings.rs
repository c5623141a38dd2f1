//! Share clicks, earnings, withdrawals and notifications.

use super::{call_empty, get, post, post_idempotent, ApiError, Method};
use circle_api::{
    CommissionView, Earnings, MarkRead, NotificationView, Page, ShareStats, UnreadCount,
    WithdrawalCreate, WithdrawalView,
};

/// Reports a real view of a share's page (the server sets the visitor cookie).
pub async fn click(code: &str) -> Result<(), ApiError> {
    call_empty(
        Method::Post,
        &format!("/api/v1/shares/{}/click", super::encode(code)),
    )
    .await
}

pub async fn earnings() -> Result<Earnings, ApiError> {
    get("/api/v1/earnings").await
}

pub async fn commissions() -> Result<Page<CommissionView>, ApiError> {
    get("/api/v1/earnings/commissions").await
}

pub async fn share_stats() -> Result<Page<ShareStats>, ApiError> {
    get("/api/v1/earnings/shares").await
}

pub async fn withdraw(key: &str, amount_cents: i64) -> Result<WithdrawalView, ApiError> {
    post_idempotent(
        "/api/v1/withdrawals",
        key,
        &WithdrawalCreate { amount_cents },
    )
    .await
}

pub async fn withdrawals() -> Result<Page<WithdrawalView>, ApiError> {
    get("/api/v1/withdrawals").await
}

pub async fn notifications() -> Result<Page<NotificationView>, ApiError> {
    get("/api/v1/notifications").await
}

pub async fn unread() -> Result<UnreadCount, ApiError> {
    get("/api/v1/notifications/unread").await
}

pub async fn mark_read(up_to: i64) -> Result<UnreadCount, ApiError> {
    post("/api/v1/notifications/read", &MarkRead { up_to }).await
}
