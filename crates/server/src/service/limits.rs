//! Rate limits: each allowance is taken in its own short transaction, so an attempt
//! counts even when the use case then refuses it, and every server process sees it.

use super::{ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::limits::{retry_after_secs, Limit},
    store::{self, Store},
};
use circle_api::ErrorCode;

/// The stored key: short keys as they are, a long one (input that slipped past its
/// check) as its SHA-256, so no request can make a key longer than 100 bytes.
fn key(action: &str, subject: &str) -> String {
    let key = format!("{action}:{subject}");
    if key.len() <= 100 {
        return key;
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{action}:sha256:{hex}")
}

/// Takes one request from each `(limit, subject)` allowance (`subject`: `user:7`,
/// `ip:10.0.0.1`, `handle:alice`); the first that is used up answers 429 + Retry-After.
pub async fn take(store: &Store, now: Millis, checks: &[(Limit, String)]) -> ApiResult<()> {
    for (limit, subject) in checks {
        let key = key(limit.action, subject);
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

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_at_most_100_bytes() {
        assert_eq!(super::key("login", "ip:10.0.0.1"), "login:ip:10.0.0.1");
        let long = super::key("login", &"x".repeat(65_536));
        assert!(
            long.len() <= 100 && long.starts_with("login:sha256:"),
            "{long}"
        );
        assert_ne!(long, super::key("login", &"y".repeat(65_536)));
    }
}
