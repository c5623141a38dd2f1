//! Extractors: a JSON body whose rejections use our error body, and the session user.

use super::{error::ApiError, AppState};
use crate::service::accounts;
use axum::{
    extract::{FromRequest, FromRequestParts},
    http::{header, request::Parts, HeaderMap},
};
use circle_api::{ErrorCode, Me};

/// `axum::Json`, but a bad body answers with `ApiError`'s JSON, and a body with a
/// control character in any string is refused before it is parsed (422).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .is_some_and(|m| {
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !json {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                "Expected request with `Content-Type: application/json`",
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(axum::extract::rejection::JsonRejection::from)?;
        if super::characters::json_has_control(&bytes) {
            return Err(super::characters::refused_body(&bytes));
        }
        Ok(Json(axum::Json::<T>::from_bytes(&bytes)?.0))
    }
}

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` with our error body (422).
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path`; an id that does not parse is simply not found (404).
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// The most items one page holds.
pub const PAGE_MAX: i64 = 50;

/// Page size: 20 unless asked, never more than `PAGE_MAX`.
pub fn page_size(limit: Option<i64>) -> i64 {
    limit.unwrap_or(20).clamp(1, PAGE_MAX)
}

/// `?after=…&limit=…` of a keyset-paged list.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The `next` value of the previous page.
    pub after: Option<String>,
    /// 1–50, 20 unless asked.
    pub limit: Option<i64>,
}

impl ListQuery {
    /// The cursor as an id; a bad one is a 422.
    pub fn after_id(&self) -> Result<Option<i64>, ApiError> {
        cursor(self.after.as_deref())
    }

    pub fn limit(&self) -> i64 {
        page_size(self.limit)
    }
}

/// Parses a keyset cursor (`next` of the previous page); a bad one is a 422.
pub fn cursor(after: Option<&str>) -> Result<Option<i64>, ApiError> {
    after
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>().map_err(|_| {
                ApiError::invalid("`after` must be the `next` value of the previous page")
            })
        })
        .transpose()
}

pub const SESSION_COOKIE: &str = "circle_session";
/// A first-party id for logged-out visitors, so their share clicks can be bound to the
/// account they register or log in with.
pub const VISITOR_COOKIE: &str = "circle_visitor";

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, and `Secure` when served over https
/// (directly or behind a proxy that says so). `value` must be URL-safe.
pub fn set_cookie(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age_secs: i64,
) -> axum::http::HeaderValue {
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = if state.https || forwarded_https {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    axum::http::HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| axum::http::HeaderValue::from_static(""))
}

/// The value of one cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The logged-in user; rejects with 401 when there is no live session.
pub struct CurrentUser {
    pub user: Me,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = cookie(&parts.headers, SESSION_COOKIE)
            .ok_or(ApiError::new(ErrorCode::Unauthenticated, "log in first"))?;
        let now = state.clock.now();
        let (user, banned_until) = accounts::session_user(&state.store, now, token)
            .await?
            .ok_or(ApiError::new(ErrorCode::Unauthenticated, "log in first"))?;
        // A banned account may read and log out, but not change anything else.
        let reading = matches!(
            parts.method,
            axum::http::Method::GET | axum::http::Method::HEAD
        );
        let logging_out = parts.uri.path() == "/api/v1/auth/logout";
        if let Some(until) = banned_until.filter(|until| *until > now) {
            if !reading && !logging_out {
                let hour = 3_600_000;
                return Err(ApiError::new(
                    ErrorCode::Banned,
                    format!(
                        "A moderator suspended this account for another {} h; it can still read.",
                        (until - now + hour - 1) / hour
                    ),
                ));
            }
        }
        Ok(CurrentUser { user })
    }
}

/// The logged-in user if there is one; never rejects.
pub struct MaybeUser(pub Option<Me>);

impl MaybeUser {
    pub fn id(&self) -> Option<i64> {
        self.0.as_ref().map(|u| u.id)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match CurrentUser::from_request_parts(parts, state).await {
            Ok(current) => Ok(MaybeUser(Some(current.user))),
            Err(e) if e.is(ErrorCode::Unauthenticated) => Ok(MaybeUser(None)),
            Err(e) => Err(e),
        }
    }
}

/// The client's IP address, for per-IP rate limits: the TCP peer, or — when the peer is
/// one of the `--trusted-proxies` — the right-most untrusted hop of `X-Forwarded-For`
/// ("unknown" when the server was started without connection info).
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(peer) = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
        else {
            return Ok(ClientIp("unknown".to_owned()));
        };
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let ip = crate::domain::net::client_ip(peer, &forwarded, &state.net.trusted_proxies);
        Ok(ClientIp(ip.to_string()))
    }
}

/// The request's `Idempotency-Key`, checked (1–100 visible ASCII characters); a missing
/// or malformed one is a 422 naming the header.
pub fn idempotency_key(headers: &HeaderMap) -> Result<&str, ApiError> {
    let key = headers
        .get(circle_api::IDEMPOTENCY_KEY_HEADER)
        .map(|v| v.to_str().unwrap_or("\u{0}"))
        .unwrap_or("");
    crate::domain::orders::check_idempotency_key(key)?;
    Ok(key)
}
