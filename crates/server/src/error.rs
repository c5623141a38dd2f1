//! The one error type of the server: use cases return it, handlers answer with it.
//!
//! Policy: every failure becomes `{"code","message"[,"field","problem"]}` with a fitting
//! status. Client mistakes say what to do next. Internal errors are logged with their
//! cause and answered with a generic message; details never leak to the client.

use crate::domain::accounts::FieldError;
use axum::{
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use circle_api::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("log in first")]
    Unauthenticated,
    #[error("wrong handle or password")]
    WrongCredentials,
    #[error("{0}")]
    Forbidden(&'static str),
    /// Banned for this many more hours (rounded up).
    #[error("A moderator suspended this account for another {0} h; it can still read.")]
    Banned(i64),
    #[error("not found")]
    NotFound,
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("this handle is taken")]
    HandleTaken,
    #[error("this product cannot be bought now")]
    ProductUnavailable,
    #[error("{0}")]
    IllegalTransition(String),
    #[error("this Idempotency-Key was already used for a different request; use a new key")]
    IdempotencyKeyReused,
    #[error("you are already friends")]
    AlreadyFriends,
    #[error("a friend request is already waiting for an answer")]
    RequestPending,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("{0}")]
    RatingNotAllowed(&'static str),
    /// A limit was hit; the second value is seconds until it lifts (Retry-After).
    #[error("{0}")]
    ShareLimit(String, u64),
    /// The 10-a-day limit; seconds until it lifts.
    #[error("You have shared 10 times today; share again tomorrow.")]
    DailyShareLimit(u64),
    /// A merchant's 1 ad a day; seconds until it lifts.
    #[error("A merchant may share its own products once a day (as an ad); share again tomorrow.")]
    AdLimit(u64),
    #[error("This text nearly repeats one of your shares of the last 7 days; say something new about it.")]
    NearDuplicate,
    #[error("You already reported this; a moderator will look at it.")]
    AlreadyReported,
    #[error("a share can only be edited in its first 15 minutes")]
    EditWindowClosed,
    #[error("{0}")]
    BadUpload(&'static str),
    #[error("{}", .0.message)]
    Invalid(FieldError),
    /// A body that parsed as JSON but not as this endpoint's shape.
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    InsufficientBalance(String),
    #[error("WeChat sharing is not configured on this server")]
    WechatNotConfigured,
    #[error("WeChat did not answer as expected; try again later")]
    WechatUnavailable,
    /// A rate limit: what was limited, and seconds until another request is allowed.
    #[error("Too many {0} in a short time; try again in {1} s.")]
    RateLimited(&'static str, u64),
    #[error("the database is unavailable")]
    Unavailable,
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::WrongCredentials => ErrorCode::WrongCredentials,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::Banned(_) => ErrorCode::Banned,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::HandleTaken => ErrorCode::HandleTaken,
            ApiError::ProductUnavailable => ErrorCode::ProductUnavailable,
            ApiError::IllegalTransition(_) => ErrorCode::IllegalTransition,
            ApiError::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            ApiError::AlreadyFriends => ErrorCode::AlreadyFriends,
            ApiError::RequestPending => ErrorCode::RequestPending,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::RatingNotAllowed(_) => ErrorCode::RatingNotAllowed,
            ApiError::ShareLimit(..) => ErrorCode::ShareLimit,
            ApiError::DailyShareLimit(_) => ErrorCode::DailyShareLimit,
            ApiError::AdLimit(_) => ErrorCode::AdLimit,
            ApiError::NearDuplicate => ErrorCode::NearDuplicate,
            ApiError::AlreadyReported => ErrorCode::AlreadyReported,
            ApiError::EditWindowClosed => ErrorCode::EditWindowClosed,
            ApiError::BadUpload(_) => ErrorCode::BadUpload,
            ApiError::Invalid(_) | ApiError::Unprocessable(_) => ErrorCode::InvalidInput,
            ApiError::InsufficientBalance(_) => ErrorCode::InsufficientBalance,
            ApiError::WechatNotConfigured => ErrorCode::WechatNotConfigured,
            ApiError::WechatUnavailable => ErrorCode::WechatUnavailable,
            ApiError::RateLimited(..) => ErrorCode::RateLimited,
            ApiError::Unavailable => ErrorCode::Unavailable,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.code() {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthenticated | ErrorCode::WrongCredentials => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden | ErrorCode::Banned => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::HandleTaken
            | ErrorCode::ProductUnavailable
            | ErrorCode::IllegalTransition
            | ErrorCode::AlreadyFriends
            | ErrorCode::RequestPending => StatusCode::CONFLICT,
            ErrorCode::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::RatingNotAllowed | ErrorCode::BadUpload => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ShareLimit | ErrorCode::DailyShareLimit | ErrorCode::AdLimit => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ErrorCode::NearDuplicate => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::EditWindowClosed | ErrorCode::AlreadyReported => StatusCode::CONFLICT,
            ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::InsufficientBalance => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::WechatNotConfigured => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::WechatUnavailable => StatusCode::BAD_GATEWAY,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (field, problem) = match self {
            ApiError::Invalid(e) => (Some(e.field.to_owned()), Some(e.problem)),
            ApiError::HandleTaken => (Some("handle".to_owned()), None),
            ApiError::WrongCredentials => (Some("password".to_owned()), None),
            _ => (None, None),
        };
        let message = match self {
            ApiError::Internal(_) => "Something went wrong on our side. Please try again.".into(),
            other => other.to_string(),
        };
        ErrorBody {
            code: self.code(),
            message,
            field,
            problem,
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::Invalid(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::error!(error = %e, "database unavailable");
                ApiError::Unavailable
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::Unprocessable(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError::NotFound
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::Unprocessable(rejection.body_text()),
            _ => ApiError::BadRequest(rejection.body_text()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        if let ApiError::ShareLimit(_, retry_after)
        | ApiError::DailyShareLimit(retry_after)
        | ApiError::AdLimit(retry_after)
        | ApiError::RateLimited(_, retry_after) = &self
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
        }
        response
    }
}

/// Answers unknown `/api` paths with the JSON error body, not the SPA.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

/// Answers a known path called with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
