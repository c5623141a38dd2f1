//! The one error type of the server: use cases return it, handlers answer with it.
//!
//! Policy: every failure becomes `{"code","message"[,"field","problem"]}`; the code is
//! one of `circle_api::ErrorCode` (the list the app translates, defined once there, with
//! its HTTP status), so an error here is a code plus what to tell the person — never a
//! second list of variants. Client mistakes say what to do next. Internal errors are
//! logged with their cause and answered with a generic message; details never leak.

use crate::domain::accounts::FieldError;
use axum::{
    extract::rejection::{JsonRejection, PathRejection, QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use circle_api::{ErrorBody, ErrorCode, FieldProblem};
use std::borrow::Cow;

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    message: Cow<'static, str>,
    /// The request field it is about, and what is wrong with it.
    field: Option<(Cow<'static, str>, Option<FieldProblem>)>,
    /// Seconds until a limit lifts (`Retry-After`).
    retry_after: Option<u64>,
    /// The cause of an internal error, for the log only.
    source: Option<anyhow::Error>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            retry_after: None,
            source: None,
        }
    }

    /// A text field (named by the request, so not known in advance) holds a control
    /// character.
    pub fn bad_characters_in(field: String) -> Self {
        let mut err = Self::new(
            ErrorCode::InvalidInput,
            "Remove the control characters from the text.",
        );
        err.field = Some((field.into(), Some(FieldProblem::BadCharacters)));
        err
    }

    /// The error is about this request field.
    pub fn at(mut self, field: &'static str) -> Self {
        self.field = Some((field.into(), None));
        self
    }

    /// The limit lifts in `secs` seconds.
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound, "not found")
    }

    /// A body that parsed as JSON but not as this endpoint's shape, or a bad parameter.
    pub fn invalid(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn internal(cause: anyhow::Error) -> Self {
        let mut e = Self::new(
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again.",
        );
        e.source = Some(cause);
        e
    }

    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == code
    }

    /// What the person is told (the generic text for internal errors).
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code,
            message: self.message.to_string(),
            problem: self.field.as_ref().and_then(|(_, p)| *p),
            field: self.field.as_ref().map(|(f, _)| f.to_string()),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)?;
        if let Some(cause) = &self.source {
            write!(f, " ({cause:#})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        let mut err = Self::new(ErrorCode::InvalidInput, e.message);
        err.field = Some((e.field.into(), Some(e.problem)));
        err
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        Self::internal(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::error!(error = %e, "database unavailable");
                Self::new(ErrorCode::Unavailable, "the database is unavailable")
            }
            other => Self::internal(other.into()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::invalid(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        Self::not_found()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => {
                Self::new(ErrorCode::PayloadTooLarge, "the request body is too large")
            }
            StatusCode::UNPROCESSABLE_ENTITY => Self::invalid(rejection.body_text()),
            _ => Self::new(ErrorCode::BadRequest, rejection.body_text()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(cause) = &self.source {
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// Answers unknown `/api` paths with the JSON error body, not the SPA.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found()
}

/// Answers a known path called with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this method is not allowed here",
    )
}
