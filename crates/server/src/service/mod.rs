//! The use cases: one public function per thing a person (or the jobs) does. Each takes
//! the store, `now`, the acting user and typed input; runs its checks and writes in ONE
//! transaction (`Store::begin`, with the row locks, conditional updates or unique
//! indexes that make its rule exact on both databases); and returns a typed outcome or
//! an `ApiError`. Handlers call exactly one of these; nothing here knows HTTP.

pub mod accounts;
pub mod answers;
pub mod cards;
pub mod catalog;
pub mod earnings;
pub mod engagement;
pub mod feed;
pub mod fulfilment;
mod hashing;
pub mod jobs;
pub mod limits;
pub mod merchants;
pub mod moderation;
pub mod moderation_qa;
mod money;
pub mod notify;
pub mod orders;
pub mod photos;
pub mod products;
pub mod questions;
pub mod reporting;
pub mod shares;
pub mod social;
pub mod views;
pub mod wechat;
pub mod wechat_login;

pub use crate::error::{ApiError, ApiResult};

/// What a key used before means: the same request again gets what it made (`made`);
/// another request with it is refused.
pub fn replay<T>(stored_hash: &str, hash: &str, made: T) -> ApiResult<T> {
    if stored_hash == hash {
        Ok(made)
    } else {
        Err(ApiError::new(
            circle_api::ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was already used for a different request; use a new key",
        ))
    }
}

/// A page of `items`; when it is full, `next` is the cursor of its last item.
pub fn page<T>(items: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> String) -> circle_api::Page<T> {
    let full = i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit;
    let next = if full {
        items.last().map(&cursor_of)
    } else {
        None
    };
    circle_api::Page { items, next }
}
