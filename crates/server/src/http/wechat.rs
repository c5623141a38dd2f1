//! `GET /api/v1/wechat/jssdk-config?url=…`: what the page needs for `wx.config`.

use super::{
    error::ApiResult,
    extract::{Json, Query},
    AppState,
};
use crate::service::wechat;
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
    let now = state.clock.now();
    wechat::jssdk_config(
        &state.store,
        (&state.wechat, &state.public_url),
        now,
        &q.url,
    )
    .await
    .map(Json)
}
