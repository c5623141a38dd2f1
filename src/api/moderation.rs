//! Reports and moderation.

use super::{get, post, post_empty, ApiError};
use circle_api::{
    BanRequest, LogEntry, ModerationAction, ModerationQueue, ReportCreate, ReportReason, ReportView,
};

pub async fn report_share(id: i64, reason: ReportReason) -> Result<ReportView, ApiError> {
    let body = ReportCreate {
        reason,
        note: String::new(),
    };
    post(&format!("/api/v1/shares/id/{id}/report"), &body).await
}

pub async fn report_product(id: i64) -> Result<ReportView, ApiError> {
    let body = ReportCreate {
        reason: ReportReason::Counterfeit,
        note: String::new(),
    };
    post(&format!("/api/v1/products/{id}/report"), &body).await
}

pub async fn mine() -> Result<Vec<ReportView>, ApiError> {
    get("/api/v1/reports/mine").await
}

pub async fn queue() -> Result<ModerationQueue, ApiError> {
    get("/api/v1/moderation/queue").await
}

pub async fn log() -> Result<Vec<LogEntry>, ApiError> {
    get("/api/v1/moderation/log").await
}

/// `what`: `products/{id}/restore`, `products/{id}/delist`, `shares/{id}/hide`, …
pub async fn act(what: &str, reason: String) -> Result<(), ApiError> {
    post_empty(
        &format!("/api/v1/moderation/{what}"),
        &ModerationAction { reason },
    )
    .await
}

/// The author asks a moderator to review a share that reports hid.
pub async fn appeal(share: i64) -> Result<(), ApiError> {
    super::call_empty(
        super::Method::Post,
        &format!("/api/v1/shares/id/{share}/appeal"),
    )
    .await
}

pub async fn ban(handle: &str, days: i64, reason: String) -> Result<(), ApiError> {
    let path = format!("/api/v1/moderation/users/{}/ban", super::encode(handle));
    post_empty(&path, &BanRequest { days, reason }).await
}
