//! Accounts: register, log in, log out, who am I.

use super::{
    error::{ApiError, ApiResult},
    extract::{cookie, set_cookie, ClientIp, CurrentUser, Json, SESSION_COOKIE, VISITOR_COOKIE},
    AppState,
};
use crate::{
    clock::DAY,
    domain::{
        accounts::{self, DisplayName, FieldError, Handle},
        limits,
    },
    store,
};
use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{ErrorBody, FieldProblem, LoginRequest, Me, RegisterRequest, Role};
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
    super::rate_limit(&state, &[(limits::REGISTER_PER_IP, format!("ip:{ip}"))]).await?;
    let handle = Handle::parse(&req.handle)?;
    let display_name = DisplayName::parse(&req.display_name)?;
    accounts::check_new_password(&req.password)?;
    let password = req.password;
    let hash = tokio::task::spawn_blocking(move || accounts::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing failed: {e}")))?;
    let user = store::users::insert(
        state.store.pool(),
        store::users::NewUser {
            handle: handle.as_str(),
            display_name: display_name.as_str(),
            password_hash: &hash,
            role: Role::Shopper,
            created_at: state.clock.now(),
        },
    )
    .await
    .map_err(|e| {
        if store::is_unique_violation(&e) {
            ApiError::HandleTaken
        } else {
            e.into()
        }
    })?;
    start_session(&state, &headers, user, StatusCode::CREATED).await
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
    if req.handle.trim().is_empty() {
        return Err(FieldError::new("handle", FieldProblem::Required, "Enter your handle.").into());
    }
    if req.password.is_empty() {
        return Err(
            FieldError::new("password", FieldProblem::Required, "Enter your password.").into(),
        );
    }
    // Throttling before the password is even looked at: per handle (guessing one
    // account's password from anywhere) and per IP (trying many accounts).
    let handle = req.handle.trim().to_ascii_lowercase();
    super::rate_limit(
        &state,
        &[
            (limits::LOGIN_PER_HANDLE, format!("handle:{handle}")),
            (limits::LOGIN_PER_IP, format!("ip:{ip}")),
        ],
    )
    .await?;
    let found = store::users::find_by_handle(state.store.pool(), &handle).await?;
    let phc = found.as_ref().map_or_else(
        || accounts::dummy_hash().to_owned(),
        |f| f.password_hash.clone(),
    );
    let password = req.password;
    let ok = tokio::task::spawn_blocking(move || accounts::verify_password(&password, &phc))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    match found {
        Some(found) if ok => {
            store::sessions::delete_expired_of_user(
                state.store.pool(),
                found.user.id,
                state.clock.now(),
            )
            .await?;
            start_session(&state, &headers, found.user, StatusCode::OK).await
        }
        _ => Err(ApiError::WrongCredentials),
    }
}

/// End this session.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Logged out; the session cookie is cleared"))
)]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        store::sessions::delete(state.store.pool(), &accounts::session_token_hash(token)).await?;
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
async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user: Me,
    status: StatusCode,
) -> ApiResult<Response> {
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        store::sessions::delete(state.store.pool(), &accounts::session_token_hash(old)).await?;
    }
    let (token, token_hash) = accounts::new_session_token();
    let now = state.clock.now();
    let ttl_days = i64::from(state.session_days);
    store::sessions::insert(
        state.store.pool(),
        &token_hash,
        user.id,
        now,
        now + ttl_days * DAY,
    )
    .await?;
    // Share links this browser opened before logging in now count for the account.
    if let Some(visitor) = cookie(headers, VISITOR_COOKIE) {
        store::clicks::bind_visitor(state.store.pool(), visitor, user.id).await?;
    }
    let cookie = set_cookie(state, headers, SESSION_COOKIE, &token, ttl_days * 24 * 3600);
    Ok((status, [(header::SET_COOKIE, cookie)], Json(user)).into_response())
}
