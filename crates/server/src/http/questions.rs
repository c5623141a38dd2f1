//! 问大家: questions on a product's topic, answers by its buyers and merchant, helpful
//! marks, the questions waiting for me, and whether I receive them.

use super::{
    error::ApiResult,
    extract::{ClientIp, CurrentUser, Json, ListQuery, MaybeUser, Path, Query},
    AppState,
};
use crate::service::{answers, questions};
use axum::{extract::State, http::StatusCode};
use circle_api::{
    AnswerCreate, AnswerView, ErrorBody, HelpfulState, Page, QuestionCreate, QuestionDetail,
    QuestionForMe, QuestionSettings, QuestionView,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ask, list))
        .routes(routes!(waiting))
        .routes(routes!(detail))
        .routes(routes!(answer))
        .routes(routes!(mark_helpful, unmark_helpful))
        .routes(routes!(settings, set_settings))
}

/// Ask the people who bought a product (问大家). The question goes to up to 5 of its
/// buyers with a delivered, unrefunded order (the asker's friends first), none of whom
/// gets more than 3 a day; those who turned questions off get none.
#[utoipa::path(post, path = "/api/v1/products/{id}/questions", tag = "questions", params(("id" = i64, Path, description = "Product id")), request_body = QuestionCreate,
    responses(
        (status = 201, description = "Asked", body = QuestionView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 409, description = "The product is not on sale now (product_unavailable)", body = ErrorBody),
        (status = 422, description = "Empty, over 200 characters or control characters (invalid_input); nearly repeats one of my questions of the last 7 days (near_duplicate)", body = ErrorBody),
        (status = 429, description = "5 questions today (daily_question_limit) or too fast (rate_limited); Retry-After says when", body = ErrorBody),
    ))]
async fn ask(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<QuestionCreate>,
) -> ApiResult<(StatusCode, Json<QuestionView>)> {
    let view = questions::ask(&state.store, state.clock.now(), me.user.id, id, &req).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A product's questions, newest first, each with its best answer.
#[utoipa::path(get, path = "/api/v1/products/{id}/questions", tag = "questions", params(("id" = i64, Path, description = "Product id"), ListQuery),
    responses((status = 200, description = "Questions", body = Page<QuestionView>), (status = 404, description = "No such product", body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<QuestionView>>> {
    let after = q.after_id()?;
    questions::of_product(&state.store, viewer.id(), id, after, q.limit())
        .await
        .map(Json)
}

/// Questions waiting for my answer: sent to me, or a friend's unanswered question about
/// something I bought (the last 14 days, at most 5).
#[utoipa::path(get, path = "/api/v1/questions/waiting", tag = "questions",
    responses((status = 200, description = "Questions for me", body = Vec<QuestionForMe>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn waiting(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<Vec<QuestionForMe>>> {
    questions::for_me(&state.store, state.clock.now(), me.user.id)
        .await
        .map(Json)
}

/// A question with its buyers' answers (most helpful first), the merchant's apart, and
/// whether I may answer.
#[utoipa::path(get, path = "/api/v1/questions/{id}", tag = "questions", params(("id" = i64, Path, description = "Question id")),
    responses((status = 200, description = "The question", body = QuestionDetail), (status = 404, description = "Unknown or hidden", body = ErrorBody)))]
async fn detail(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<QuestionDetail>> {
    questions::detail(&state.store, viewer.id(), id)
        .await
        .map(Json)
}

/// Answer a question, once: only with a delivered, unrefunded order of its product
/// (shown 已购), or as its merchant (shown 商家, apart). The asker is told.
#[utoipa::path(post, path = "/api/v1/questions/{id}/answers", tag = "questions", params(("id" = i64, Path, description = "Question id")), request_body = AnswerCreate,
    responses(
        (status = 201, description = "Answered", body = AnswerView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "No delivered, unrefunded order of the product (not_a_buyer)", body = ErrorBody),
        (status = 404, description = "Unknown or hidden question", body = ErrorBody),
        (status = 409, description = "Already answered (already_answered)", body = ErrorBody),
        (status = 422, description = "Empty, over 300 characters or control characters", body = ErrorBody),
        (status = 429, description = "Too fast; Retry-After says when", body = ErrorBody),
    ))]
async fn answer(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<AnswerCreate>,
) -> ApiResult<(StatusCode, Json<AnswerView>)> {
    let view = answers::answer(&state.store, state.clock.now(), me.user.id, id, &req).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Mark an answer helpful (twice is the same as once). Counted like likes: only from
/// accounts a day old with a delivered order, outside like rings.
#[utoipa::path(put, path = "/api/v1/answers/{id}/helpful", tag = "questions", params(("id" = i64, Path, description = "Answer id")),
    responses((status = 200, description = "Marked", body = HelpfulState), (status = 403, description = "My own answer", body = ErrorBody), (status = 404, description = "No such answer", body = ErrorBody), (status = 429, description = "Rate limited; Retry-After says when", body = ErrorBody)))]
async fn mark_helpful(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Json<HelpfulState>> {
    let now = state.clock.now();
    answers::set_helpful(&state.store, now, me.user.id, &ip, id, true)
        .await
        .map(Json)
}

/// Take a helpful mark back.
#[utoipa::path(delete, path = "/api/v1/answers/{id}/helpful", tag = "questions", params(("id" = i64, Path, description = "Answer id")),
    responses((status = 200, description = "Not marked", body = HelpfulState), (status = 404, description = "No such answer", body = ErrorBody)))]
async fn unmark_helpful(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Json<HelpfulState>> {
    let now = state.clock.now();
    answers::set_helpful(&state.store, now, me.user.id, &ip, id, false)
        .await
        .map(Json)
}

/// Whether shoppers' questions about what I bought are sent to me.
#[utoipa::path(get, path = "/api/v1/me/question-settings", tag = "questions",
    responses((status = 200, description = "My setting", body = QuestionSettings), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn settings(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<QuestionSettings>> {
    questions::settings(&state.store, me.user.id)
        .await
        .map(Json)
}

/// Turn shoppers' questions on or off.
#[utoipa::path(put, path = "/api/v1/me/question-settings", tag = "questions", request_body = QuestionSettings,
    responses((status = 200, description = "Saved", body = QuestionSettings), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn set_settings(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<QuestionSettings>,
) -> ApiResult<Json<QuestionSettings>> {
    questions::set_settings(&state.store, me.user.id, req)
        .await
        .map(Json)
}
