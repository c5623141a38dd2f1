//! Quality control: reports on products and shares, and the moderators' work.

use crate::{ProductView, ShareView};
use serde::{Deserialize, Serialize};

/// Reports that put a product under review.
pub const PRODUCT_REPORTS_FOR_REVIEW: i64 = 3;
/// Reports that hide a share until a moderator looks.
pub const SHARE_REPORTS_TO_HIDE: i64 = 5;
pub const REPORT_NOTE_MAX: usize = 200;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// Products only: a fake.
    Counterfeit,
    /// Shares only.
    Spam,
    FakeReview,
    Abuse,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportCreate {
    pub reason: ReportReason,
    /// A short reason in the reporter's words, up to 200 characters.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportOutcome {
    Open,
    /// A moderator agreed: the product was delisted or the share hidden.
    Upheld,
    /// A moderator restored the product or share.
    Dismissed,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: i64,
    /// `product` or `share`.
    pub target_kind: String,
    pub target_id: i64,
    pub reason: ReportReason,
    pub note: String,
    pub outcome: ReportOutcome,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    /// Whether it counts towards hiding a share: only reports from accounts at least 7
    /// days old with a delivered order do (product reports always need one).
    pub counts: bool,
}

/// What a moderator does, and why (kept in the audit log).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationAction {
    /// 1–200 characters.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductCase {
    pub product: ProductView,
    pub reports: Vec<ReportView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareCase {
    /// The share as it is now (it may be hidden).
    pub share: ShareView,
    pub hidden: bool,
    /// Its author asked for a review (such shares lead the queue).
    pub appealed: bool,
    pub reports: Vec<ReportView>,
}

/// A reported question or answer (问大家).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostCase {
    /// `question` or `answer`.
    pub kind: String,
    pub id: i64,
    /// The question (itself, for a question), for its page `/questions/{id}`.
    pub question_id: i64,
    pub author: crate::Person,
    pub text: String,
    pub hidden: bool,
    pub reports: Vec<ReportView>,
}

/// The moderation queues: products under review, shares, questions and answers with
/// open reports.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    pub products: Vec<ProductCase>,
    pub shares: Vec<ShareCase>,
    #[serde(default)]
    pub posts: Vec<PostCase>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    pub id: i64,
    pub moderator: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub created_at: i64,
}

/// Body of `POST /api/v1/moderation/users/{handle}/ban`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BanRequest {
    /// 1–365 days.
    pub days: i64,
    /// 1–200 characters; goes into the audit log.
    pub reason: String,
}
