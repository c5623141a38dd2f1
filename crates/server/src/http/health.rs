//! `GET /api/v1/health`: the server answers and its database is reachable.

use super::{error::ApiResult, extract::Json, AppState};
use axum::extract::State;
use circle_api::{ErrorBody, Health};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

#[utoipa::path(
    get, path = "/api/v1/health", tag = "health",
    responses(
        (status = 200, description = "Up, with a reachable database", body = Health),
        (status = 503, description = "The database is unreachable", body = ErrorBody),
    )
)]
async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    state.store.ping().await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: state.store.backend().name().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
