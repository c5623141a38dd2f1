//! Accounts: register, log in, log out, the current user.

use super::{call_empty, get, post, take_prefetched, ApiError, Method};
use circle_api::{LoginRequest, Me, RegisterRequest};

pub async fn register(req: &RegisterRequest) -> Result<Me, ApiError> {
    post("/api/v1/auth/register", req).await
}

pub async fn login(req: &LoginRequest) -> Result<Me, ApiError> {
    post("/api/v1/auth/login", req).await
}

pub async fn logout() -> Result<(), ApiError> {
    call_empty(Method::Post, "/api/v1/auth/logout").await
}

/// The logged-in user, or `None` when logged out. Uses the request `index.html`
/// started early when it is still there.
pub async fn me() -> Result<Option<Me>, ApiError> {
    if let Some(prefetched) = take_prefetched::<Me>("__circleMe").await {
        return prefetched;
    }
    match get::<Me>("/api/v1/me").await {
        Ok(me) => Ok(Some(me)),
        Err(e) if e.code() == Some(circle_api::ErrorCode::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The account's WeChat login.
pub async fn wechat_link() -> Result<circle_api::WechatLink, ApiError> {
    get("/api/v1/me/wechat").await
}

/// Unlinks WeChat from the account.
pub async fn wechat_unlink() -> Result<(), ApiError> {
    call_empty(Method::Delete, "/api/v1/me/wechat").await
}
