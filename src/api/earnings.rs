//! Share clicks, earnings, withdrawals and notifications.

use super::{call_empty, get, post, post_idempotent, ApiError, Method};
use circle_api::{
    CommissionView, Earnings, MarkRead, NotificationView, Page, ShareStats, UnreadCount,
    WithdrawalCreate, WithdrawalView,
};

/// Reports that the visitor acted on a share — tapped its product or its buy button —
/// which makes it the share their next purchase of that product is credited to (the
/// server sets the visitor cookie). Merely opening a share's page records nothing: a
/// page another site opened or redirected through is not a tap.
pub async fn click(code: &str) -> Result<(), ApiError> {
    call_empty(
        Method::Post,
        &format!("/api/v1/shares/{}/click", super::encode(code)),
    )
    .await
}

/// `click` from an event handler: a tap on a link inside `ev`'s target (the share's
/// product), fire and forget — the navigation goes on meanwhile.
pub fn tap_link(ev: &leptos::ev::MouseEvent, code: &str) {
    use wasm_bindgen::JsCast;
    let on_link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
        .is_some();
    if on_link {
        let code = code.to_owned();
        leptos::task::spawn_local(async move {
            let _ = click(&code).await;
        });
    }
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
