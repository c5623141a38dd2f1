//! A share's pictures for chat apps and for saving: `/s/{code}/card.jpg` (1200×630, the
//! link preview), `/s/{code}/card-square.jpg` (WeChat's card thumbnail) and
//! `/s/{code}/poster.png` (分享海报). Public while the share is visible; kept by caches
//! for ten minutes only, so a share taken down stops being shown soon after.

use super::AppState;
use crate::{domain::cards::Kind, error::ApiResult, service::cards};
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};

async fn picture(state: &AppState, code: &str, kind: Kind) -> ApiResult<Response> {
    let bytes = cards::picture(&state.store, &state.cards, &state.public_url, code, kind).await?;
    Ok((
        [
            (header::CONTENT_TYPE, kind.content_type()),
            (header::CACHE_CONTROL, "public, max-age=600"),
        ],
        bytes,
    )
        .into_response())
}

pub async fn card(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Response> {
    picture(&state, &code, Kind::Card).await
}

pub async fn square(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    picture(&state, &code, Kind::Square).await
}

pub async fn poster(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    picture(&state, &code, Kind::Poster).await
}
