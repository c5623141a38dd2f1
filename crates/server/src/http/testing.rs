//! Test controls for browser tests, compiled into debug builds only and mounted only
//! with `--test-controls`: move the server's clock (then run the jobs), settle payouts.

use super::{
    error::{ApiError, ApiResult},
    extract::Json,
    AppState,
};
use crate::service::jobs;
use axum::{extract::State, routing::post, Router};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/test/clock", post(advance))
        .route("/api/test/payouts", post(payouts))
}

#[derive(Deserialize)]
struct Advance {
    ms: i64,
}

async fn advance(
    State(state): State<AppState>,
    Json(req): Json<Advance>,
) -> ApiResult<Json<serde_json::Value>> {
    let clock = state.test_clock.as_ref().ok_or(ApiError::not_found())?;
    if req.ms < 0 {
        return Err(ApiError::invalid("time only moves forward"));
    }
    clock.advance(req.ms);
    let run = jobs::run_jobs(&state.store, state.clock.now()).await?;
    Ok(Json(serde_json::json!({
        "now": state.clock.now(),
        "received": run.received,
        "completed": run.completed,
        "confirmed": run.confirmed,
        "paid_out": run.paid_out,
    })))
}

#[derive(Deserialize)]
struct Payouts {
    /// "paid" or "failed"
    outcome: String,
}

async fn payouts(
    State(state): State<AppState>,
    Json(req): Json<Payouts>,
) -> ApiResult<Json<serde_json::Value>> {
    state.test_clock.as_ref().ok_or(ApiError::not_found())?;
    let paid = match req.outcome.as_str() {
        "paid" => true,
        "failed" => false,
        _ => return Err(ApiError::invalid("outcome is paid or failed")),
    };
    let now = state.clock.now();
    let settled = jobs::settle_withdrawals(&state.store, now, now, paid).await?;
    Ok(Json(serde_json::json!({ "settled": settled })))
}
