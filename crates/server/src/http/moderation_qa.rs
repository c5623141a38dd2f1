//! Reports on 问大家's questions and answers, and moderators hiding or restoring them.

use super::{
    error::ApiResult,
    extract::{ClientIp, CurrentUser, Json, Path},
    AppState,
};
use crate::service::{
    moderation,
    moderation_qa::{self, Post},
};
use axum::{extract::State, http::StatusCode};
use circle_api::{ErrorBody, ModerationAction, ReportCreate, ReportView};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_question))
        .routes(routes!(report_answer))
        .routes(routes!(hide_question))
        .routes(routes!(restore_question))
        .routes(routes!(hide_answer))
        .routes(routes!(restore_answer))
}

async fn report(
    state: &AppState,
    me: &CurrentUser,
    ip: &str,
    post: Post,
    id: i64,
    req: &ReportCreate,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    let now = state.clock.now();
    let report = moderation_qa::report(&state.store, now, me.user.id, ip, post, id, req).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

/// Report a question (spam, fake review, abuse), once per person; at 5 reports from
/// established accounts it is hidden until a moderator looks.
#[utoipa::path(post, path = "/api/v1/questions/{id}/report", tag = "moderation", params(("id" = i64, Path, description = "Question id")), request_body = ReportCreate,
    responses(
        (status = 201, description = "Reported", body = ReportView),
        (status = 403, description = "My own question", body = ErrorBody),
        (status = 404, description = "No such question", body = ErrorBody),
        (status = 409, description = "Already reported by me", body = ErrorBody),
        (status = 422, description = "Not a reason for it, or the note is too long", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when", body = ErrorBody),
    ))]
async fn report_question(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReportCreate>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    report(&state, &me, &ip, Post::Question, id, &req).await
}

/// Report an answer, as a question is reported; a hidden answer leaves its question's
/// counts.
#[utoipa::path(post, path = "/api/v1/answers/{id}/report", tag = "moderation", params(("id" = i64, Path, description = "Answer id")), request_body = ReportCreate,
    responses(
        (status = 201, description = "Reported", body = ReportView),
        (status = 403, description = "My own answer", body = ErrorBody),
        (status = 404, description = "No such answer", body = ErrorBody),
        (status = 409, description = "Already reported by me", body = ErrorBody),
        (status = 422, description = "Not a reason for it, or the note is too long", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when", body = ErrorBody),
    ))]
async fn report_answer(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReportCreate>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    report(&state, &me, &ip, Post::Answer, id, &req).await
}

async fn decide(
    state: &AppState,
    me: &CurrentUser,
    post: Post,
    id: i64,
    req: &ModerationAction,
    hide: bool,
) -> ApiResult<StatusCode> {
    moderation::moderator(me.user.role)?;
    let now = state.clock.now();
    moderation_qa::decide(&state.store, now, me.user.id, post, id, &req.reason, hide).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moderators: hide a question (its reports are upheld).
#[utoipa::path(post, path = "/api/v1/moderation/questions/{id}/hide", tag = "moderation", params(("id" = i64, Path, description = "Question id")), request_body = ModerationAction,
    responses((status = 204, description = "Hidden"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such question", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn hide_question(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    decide(&state, &me, Post::Question, id, &req, true).await
}

/// Moderators: show a question again (its reports are dismissed).
#[utoipa::path(post, path = "/api/v1/moderation/questions/{id}/restore", tag = "moderation", params(("id" = i64, Path, description = "Question id")), request_body = ModerationAction,
    responses((status = 204, description = "Visible again"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such question", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn restore_question(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    decide(&state, &me, Post::Question, id, &req, false).await
}

/// Moderators: hide an answer (its reports are upheld; it leaves the counts).
#[utoipa::path(post, path = "/api/v1/moderation/answers/{id}/hide", tag = "moderation", params(("id" = i64, Path, description = "Answer id")), request_body = ModerationAction,
    responses((status = 204, description = "Hidden"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such answer", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn hide_answer(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    decide(&state, &me, Post::Answer, id, &req, true).await
}

/// Moderators: show an answer again (its reports are dismissed; it counts again).
#[utoipa::path(post, path = "/api/v1/moderation/answers/{id}/restore", tag = "moderation", params(("id" = i64, Path, description = "Answer id")), request_body = ModerationAction,
    responses((status = 204, description = "Visible again"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such answer", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn restore_answer(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    decide(&state, &me, Post::Answer, id, &req, false).await
}
