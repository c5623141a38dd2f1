//! The circle (`/`) rendered on the server for the reader logged in: the first page of
//! their feed and the questions waiting for them, as HTML (`circle_markup::circle`, the
//! same strings the app renders) in place of the boot splash, and as the data the app
//! starts from (`#circle-first`, by the API path that answers each), so the feed shows before the WASM has arrived and the
//! app takes over without fetching it again or moving anything. Logged out, or should
//! anything fail, `/` is the plain app shell, as every other app route is.

use super::{error::ApiError, extract::MaybeUser, landing, AppState};
use crate::{
    domain::feed::Cursor,
    service::{feed, questions},
};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{FeedCard, Me, Page};
use circle_markup::circle::{page, CARD_ZH, CIRCLE_ZH};

pub async fn circle(
    State(state): State<AppState>,
    viewer: Result<MaybeUser, ApiError>,
) -> Response {
    let Some(index) = state.index.as_deref() else {
        return not_built();
    };
    let rendered = match reader(viewer, "circle page") {
        Some(me) => or_shell(render(&state, index, &me).await, "circle page", me.id),
        None => None,
    };
    answer(index, rendered)
}

/// Who a page is rendered for: nobody when logged out, or when the session could not be
/// read (logged).
pub(super) fn reader(viewer: Result<MaybeUser, ApiError>, page: &str) -> Option<Me> {
    match viewer {
        Ok(MaybeUser(me)) => me,
        Err(e) => {
            tracing::warn!("{page}: {e}; answered with the shell");
            None
        }
    }
}

/// The page rendered for `reader`, or (logged) nothing when that failed: the shell answers.
pub(super) fn or_shell<E: std::fmt::Display>(
    html: Result<String, E>,
    page: &str,
    reader: i64,
) -> Option<String> {
    html.map_err(|e| tracing::warn!("{page} for {reader}: {e:#}; answered with the shell"))
        .ok()
}

/// A page rendered for the reader, or (`None`) the plain shell.
pub(super) fn answer(index: &str, rendered: Option<String>) -> Response {
    match rendered {
        // Someone's own page: never kept by a shared cache, and marked as a rendered page
        // (the service worker keeps only the plain shell for offline use).
        Some(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "private, no-cache"),
                (header::HeaderName::from_static(landing::RENDERED), "1"),
            ],
            html,
        )
            .into_response(),
        None => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            index.to_owned(),
        )
            .into_response(),
    }
}

/// 503 until the app is built.
pub(super) fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The app is not built yet: run `cargo xtask run`.",
    )
        .into_response()
}

async fn render(state: &AppState, index: &str, me: &Me) -> anyhow::Result<String> {
    let now = state.clock.now();
    let first = feed::page(&state.store, me.id, &Cursor::default())
        .await
        .map_err(|e| anyhow::anyhow!("feed: {e}"))?;
    let feed_json = feed::page_json(&first);
    let cards: Page<FeedCard> = serde_json::from_str(&feed_json)?;
    let waiting = questions::for_me(&state.store, now, me.id)
        .await
        .map_err(|e| anyhow::anyhow!("waiting questions: {e}"))?;
    let data = landing::first_data(&format!(
        "{{\"/api/v1/me\":{},\"/api/v1/feed\":{feed_json},\"/api/v1/questions/waiting\":{}}}",
        serde_json::to_string(me)?,
        serde_json::to_string(&waiting)?
    ));
    let body = page(
        &CIRCLE_ZH,
        &CARD_ZH,
        &me.display_name,
        &waiting,
        &cards.items,
        cards.next.is_some(),
        now,
    );
    Ok(landing::render(index, "", &data, "page", &body))
}
