//! Accounts: register, log in, log out, who am I.

use super::{
    error::ApiResult,
    extract::{cookie, set_cookie, ClientIp, CurrentUser, Json, SESSION_COOKIE, VISITOR_COOKIE},
    AppState,
};
use crate::service::accounts;
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{ErrorBody, LoginRequest, Me, RegisterRequest};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

/// Create an account and log in.
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered and logged in; sets the session cookie", body = Me),
        (status = 409, description = "The handle is taken", body = ErrorBody),
        (status = 422, description = "A field is invalid; `field` names it", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    )
)]
async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<RegisterRequest>,
) -> ApiResult<Response> {
    let browser = browser(&state, &ip, &headers);
    let session = accounts::register(&state.store, state.clock.now(), &browser, req).await?;
    Ok(session_response(
        &state,
        &headers,
        session,
        StatusCode::CREATED,
    ))
}

/// Log in with handle and password. A new session id is issued at every login.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; sets the session cookie", body = Me),
        (status = 401, description = "Wrong handle or password", body = ErrorBody),
        (status = 422, description = "A field is empty", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    )
)]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Response> {
    let browser = browser(&state, &ip, &headers);
    let session = accounts::login(&state.store, state.clock.now(), &browser, req).await?;
    Ok(session_response(&state, &headers, session, StatusCode::OK))
}

/// End this session.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Logged out; the session cookie is cleared"))
)]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        accounts::logout(&state.store, token).await?;
    }
    let clear = set_cookie(&state, &headers, SESSION_COOKIE, "", 0);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// The logged-in user.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, description = "The logged-in user", body = Me),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
async fn me(current: CurrentUser) -> Json<Me> {
    Json(current.user)
}

/// Issues a fresh session (dropping the one the request carried, if any) and answers
/// with the user and the cookie.
fn session_response(
    state: &AppState,
    headers: &HeaderMap,
    session: accounts::Session,
    status: StatusCode,
) -> Response {
    let cookie = session_cookie(state, headers, &session);
    (status, [(header::SET_COOKIE, cookie)], Json(session.user)).into_response()
}

/// The `Set-Cookie` of a new session.
pub(super) fn session_cookie(
    state: &AppState,
    headers: &HeaderMap,
    session: &accounts::Session,
) -> axum::http::HeaderValue {
    let max_age = i64::from(state.session_days) * 24 * 3600;
    set_cookie(state, headers, SESSION_COOKIE, &session.token, max_age)
}

pub(super) fn browser<'a>(
    state: &AppState,
    ip: &'a str,
    headers: &'a HeaderMap,
) -> accounts::Browser<'a> {
    accounts::Browser {
        ip,
        old_session: cookie(headers, SESSION_COOKIE),
        visitor: cookie(headers, VISITOR_COOKIE),
        session_days: state.session_days,
    }
}
