//! Rate limits: each allowance is taken in its own short transaction, so an attempt
//! counts even when the use case then refuses it, and every server process sees it.

use super::{ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::limits::{retry_after_secs, Limit},
    store::{self, Store},
};
use circle_api::ErrorCode;

/// Takes one request from each `(limit, subject)` allowance (`subject`: `user:7`,
/// `ip:10.0.0.1`, `handle:alice`); the first that is used up answers 429 + Retry-After.
pub async fn take(store: &Store, now: Millis, checks: &[(Limit, String)]) -> ApiResult<()> {
    for (limit, subject) in checks {
        let key = format!("{}:{subject}", limit.action);
        let mut tx = store.begin().await?;
        let taken = store::limits::take(&mut tx, &key, *limit, now).await?;
        tx.commit().await?;
        if let Err(wait) = taken {
            let what = match limit.action {
                "like" => "likes",
                "comment" => "comments",
                "friend_request" => "friend requests",
                "login" => "login attempts",
                "register" => "registrations",
                "report" => "reports",
                _ => "requests",
            };
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                format!(
                    "Too many {} in a short time; try again in {} s.",
                    what,
                    retry_after_secs(wait)
                ),
            )
            .retry_after(retry_after_secs(wait)));
        }
    }
    Ok(())
}
