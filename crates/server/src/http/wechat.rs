//! `GET /api/v1/wechat/jssdk-config?url=…`: what the page needs for `wx.config`.

use super::{
    error::{ApiError, ApiResult},
    extract::{Json, Query},
    AppState,
};
use crate::{
    domain::wechat as sign,
    wechat::{self, WechatError},
};
use axum::extract::State;
use circle_api::{ErrorBody, JsSdkConfig};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(jssdk_config))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfigQuery {
    /// The full URL of the page that calls `wx.config` (its `#fragment` is not signed).
    url: String,
}

/// Signs a WeChat JS-SDK config for one page URL of this site.
#[utoipa::path(get, path = "/api/v1/wechat/jssdk-config", tag = "wechat", params(ConfigQuery),
    responses(
        (status = 200, description = "The signed config", body = JsSdkConfig),
        (status = 422, description = "No URL, or not a page of this site", body = ErrorBody),
        (status = 502, description = "WeChat did not answer as expected", body = ErrorBody),
        (status = 503, description = "No WeChat app id and secret are configured", body = ErrorBody),
    ))]
async fn jssdk_config(
    State(state): State<AppState>,
    Query(q): Query<ConfigQuery>,
) -> ApiResult<Json<JsSdkConfig>> {
    let app_id = state
        .wechat
        .wechat_app_id
        .clone()
        .ok_or(ApiError::WechatNotConfigured)?;
    let url = sign::signable_url(q.url.trim());
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 2000 {
        return Err(ApiError::Unprocessable(
            "url must be the page's full http(s) URL".into(),
        ));
    }
    let now = state.clock.now();
    let ticket = wechat::jsapi_ticket(&state.store, &state.wechat, now)
        .await
        .map_err(|e| match e {
            WechatError::NotConfigured => ApiError::WechatNotConfigured,
            WechatError::Upstream(why) => {
                tracing::warn!("WeChat: {why}");
                ApiError::WechatUnavailable
            }
            WechatError::Database(e) => e.into(),
        })?;
    let nonce_str = crate::domain::shares::new_visitor_id()[..16].to_owned();
    let timestamp = now / 1000;
    Ok(Json(JsSdkConfig {
        signature: sign::signature(&ticket, &nonce_str, timestamp, url),
        app_id,
        timestamp,
        nonce_str,
    }))
}
