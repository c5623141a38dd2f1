//! Extractors: a JSON body whose rejections use our error body, and the session user.

use super::{error::ApiError, AppState};
use crate::{domain::accounts::session_token_hash, store};
use axum::{
    extract::{FromRequest, FromRequestParts},
    http::{header, request::Parts, HeaderMap},
};
use circle_api::Me;

/// `axum::Json`, but a bad body answers with `ApiError`'s JSON.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

pub const SESSION_COOKIE: &str = "circle_session";

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
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(ApiError::Unauthenticated)?;
        let token_hash = session_token_hash(token);
        let user = store::sessions::find_user(state.store.pool(), &token_hash, state.clock.now())
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentUser { user })
    }
}
