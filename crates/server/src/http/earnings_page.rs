//! 收益 (`/earnings`) rendered on the server for the reader logged in: the totals, the
//! chart, the commissions, withdrawals and shares as HTML (`circle_markup::earnings`,
//! the same strings the app renders) in place of the boot splash, and as the data the app
//! starts from (`#circle-first`, by the API path that answers each), so the figures
//! show before the WASM arrives and the app takes over without asking again. Logged out,
//! or should anything fail, it is the plain shell (the app asks to log in, or says what
//! went wrong).

use super::{
    circle_page::{answer, not_built, or_shell, reader},
    error::{ApiError, ApiResult},
    extract::{page_size, MaybeUser},
    landing, AppState,
};
use crate::service::earnings;
use axum::{extract::State, response::Response};
use circle_api::Me;
use circle_markup::earnings::{page, EarningsData, EARNINGS_ZH};

pub async fn earnings_page(
    State(state): State<AppState>,
    viewer: Result<MaybeUser, ApiError>,
) -> Response {
    let Some(index) = state.index.as_deref() else {
        return not_built();
    };
    let rendered = match reader(viewer, "earnings page") {
        Some(me) => or_shell(render(&state, index, &me).await, "earnings page", me.id),
        None => None,
    };
    answer(index, rendered)
}

/// The page from what the four API paths the app reads would answer (first pages).
async fn render(state: &AppState, index: &str, me: &Me) -> ApiResult<String> {
    let (store, limit) = (&state.store, page_size(None));
    let summary = earnings::summary(store, state.clock.now(), me.id).await?;
    let commissions = earnings::commissions(store, me.id, None, limit).await?;
    let shares = earnings::share_stats(store, me.id, None, limit).await?;
    let withdrawals = earnings::withdrawals(store, me.id, None, None, limit).await?;
    let data = landing::first_data(&format!(
        "{{\"/api/v1/me\":{},\"/api/v1/earnings\":{},\"/api/v1/earnings/commissions\":{},\
         \"/api/v1/earnings/shares\":{},\"/api/v1/withdrawals\":{}}}",
        json(me),
        json(&summary),
        json(&commissions),
        json(&shares),
        json(&withdrawals)
    ));
    let body = page(
        &EARNINGS_ZH,
        &EarningsData {
            earnings: &summary,
            commissions: &commissions.items,
            shares: &shares.items,
            withdrawals: &withdrawals.items,
        },
    );
    Ok(landing::render(index, "", &data, "page", &body))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}
