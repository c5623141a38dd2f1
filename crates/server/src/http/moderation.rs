//! Quality control: anyone reports; moderators restore, delist, hide; every action is
//! in an append-only log.

use super::{
    error::ApiResult,
    extract::{ClientIp, CurrentUser, Json, Path},
    AppState,
};
use crate::service::{moderation, reporting};
use axum::{extract::State, http::StatusCode};
use circle_api::{
    BanRequest, ErrorBody, LogEntry, ModerationAction, ModerationQueue, ReportCreate, ReportView,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_product))
        .routes(routes!(report_share))
        .routes(routes!(appeal_share))
        .routes(routes!(my_reports))
        .routes(routes!(queue))
        .routes(routes!(restore_product))
        .routes(routes!(delist_product))
        .routes(routes!(hide_share))
        .routes(routes!(restore_share))
        .routes(routes!(log))
        .routes(routes!(ban))
}

fn moderator(me: &CurrentUser) -> ApiResult<i64> {
    moderation::moderator(me.user.role).map(|()| me.user.id)
}

/// Report a product as counterfeit. Only with a delivered order of it, once per person;
/// at 3 reports it goes under review (not buyable, out of feeds and discover, its
/// pending commissions frozen) until a moderator restores or delists it.
#[utoipa::path(post, path = "/api/v1/products/{id}/report", tag = "moderation", params(("id" = i64, Path, description = "Product id")), request_body = ReportCreate,
    responses(
        (status = 201, description = "Reported", body = ReportView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "No delivered order of this product", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 409, description = "Already reported by me", body = ErrorBody),
        (status = 422, description = "Not a product reason, or the note is too long", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    ))]
async fn report_product(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReportCreate>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    let now = state.clock.now();
    let report = reporting::report_product(&state.store, now, me.user.id, &ip, id, &req).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// Report a share (spam, fake review, abuse), once per person; at 5 reports from
/// accounts at least 7 days old with a delivered order it is hidden until a moderator
/// looks (reports from newer accounts only put it in the moderators' queue).
#[utoipa::path(post, path = "/api/v1/shares/id/{id}/report", tag = "moderation", params(("id" = i64, Path, description = "Share id")), request_body = ReportCreate,
    responses(
        (status = 201, description = "Reported", body = ReportView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such share", body = ErrorBody),
        (status = 409, description = "Already reported by me", body = ErrorBody),
        (status = 422, description = "Not a share reason, or the note is too long", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    ))]
async fn report_share(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReportCreate>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    let now = state.clock.now();
    let report = reporting::report_share(&state.store, now, me.user.id, &ip, id, &req).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// The author of a share hidden by reports asks a moderator to review it (once).
#[utoipa::path(post, path = "/api/v1/shares/id/{id}/appeal", tag = "moderation", params(("id" = i64, Path, description = "Share id")),
    responses(
        (status = 204, description = "A moderator will look at it"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such share of mine", body = ErrorBody),
        (status = 409, description = "Not hidden, or already sent for review", body = ErrorBody),
    ))]
async fn appeal_share(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    moderation::appeal(&state.store, state.clock.now(), me.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My reports and what became of them.
#[utoipa::path(get, path = "/api/v1/reports/mine", tag = "moderation",
    responses((status = 200, description = "My reports, newest first", body = Vec<ReportView>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn my_reports(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<Vec<ReportView>>> {
    reporting::mine(&state.store, me.user.id).await.map(Json)
}

/// Moderators: products under review and shares with open reports, with the reports.
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation",
    responses(
        (status = 200, description = "The queues", body = ModerationQueue),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a moderator", body = ErrorBody),
    ))]
async fn queue(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ModerationQueue>> {
    moderator(&me)?;
    moderation::queue(&state.store).await.map(Json)
}

async fn act_on_product(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    req: &ModerationAction,
    delist: bool,
) -> ApiResult<StatusCode> {
    let moderator = moderator(me)?;
    let now = state.clock.now();
    moderation::decide_product(&state.store, now, moderator, id, &req.reason, delist).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moderators: the product is fine; everything resumes (commissions confirm again).
#[utoipa::path(post, path = "/api/v1/moderation/products/{id}/restore", tag = "moderation", params(("id" = i64, Path, description = "Product id")), request_body = ModerationAction,
    responses((status = 204, description = "Restored"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such product", body = ErrorBody), (status = 409, description = "Not under review", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn restore_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_product(&state, &me, id, &req, false).await
}

/// Moderators: the product is counterfeit; delisted, its frozen commissions reversed.
#[utoipa::path(post, path = "/api/v1/moderation/products/{id}/delist", tag = "moderation", params(("id" = i64, Path, description = "Product id")), request_body = ModerationAction,
    responses((status = 204, description = "Delisted"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such product", body = ErrorBody), (status = 409, description = "Already delisted", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn delist_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_product(&state, &me, id, &req, true).await
}

async fn act_on_share(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    req: &ModerationAction,
    hide: bool,
) -> ApiResult<StatusCode> {
    let moderator = moderator(me)?;
    let now = state.clock.now();
    moderation::decide_share(&state.store, now, moderator, id, &req.reason, hide).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moderators: hide a share (its reports are upheld).
#[utoipa::path(post, path = "/api/v1/moderation/shares/{id}/hide", tag = "moderation", params(("id" = i64, Path, description = "Share id")), request_body = ModerationAction,
    responses((status = 204, description = "Hidden"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such share", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn hide_share(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_share(&state, &me, id, &req, true).await
}

/// Moderators: show a share again (its reports are dismissed).
#[utoipa::path(post, path = "/api/v1/moderation/shares/{id}/restore", tag = "moderation", params(("id" = i64, Path, description = "Share id")), request_body = ModerationAction,
    responses((status = 204, description = "Visible again"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such share", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn restore_share(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_share(&state, &me, id, &req, false).await
}

/// Moderators: the audit log, newest first.
#[utoipa::path(get, path = "/api/v1/moderation/log", tag = "moderation",
    responses((status = 200, description = "The last 100 actions", body = Vec<LogEntry>), (status = 403, description = "Not a moderator", body = ErrorBody)))]
async fn log(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Vec<LogEntry>>> {
    moderator(&me)?;
    moderation::log(&state.store).await.map(Json)
}

/// Moderators: suspend an account for some days (it can still read and log out).
#[utoipa::path(post, path = "/api/v1/moderation/users/{handle}/ban", tag = "moderation", params(("handle" = String, Path, description = "Handle")), request_body = BanRequest,
    responses(
        (status = 204, description = "Banned"),
        (status = 403, description = "Not a moderator, or a moderator's account", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Days out of range, or no reason", body = ErrorBody),
    ))]
async fn ban(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
    Json(req): Json<BanRequest>,
) -> ApiResult<StatusCode> {
    let moderator = moderator(&me)?;
    let now = state.clock.now();
    moderation::ban(&state.store, now, moderator, &handle, req.days, &req.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
