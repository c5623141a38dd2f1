//! What moderators do for the merchant side: decide applications, review product
//! versions, decide disputed returns and refund an order at any stage. Each decision
//! carries a reason that goes into the audit log.

use super::{
    error::ApiResult,
    extract::{CurrentUser, Json, ListQuery, Path, Query},
    AppState,
};
use crate::{
    domain::orders::Move,
    service::{
        fulfilment::{self, Actor, Input},
        merchants, products,
    },
};
use axum::extract::State;
use circle_api::{
    ApplicationView, ErrorBody, MerchantOrderView, MerchantProductView, Page, ReasonRequest,
    ReviewDecision,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(applications))
        .routes(routes!(decide_application))
        .routes(routes!(product_queue))
        .routes(routes!(review_product))
        .routes(routes!(disputes))
        .routes(routes!(refund_order))
        .routes(routes!(refuse_return))
}

/// Applications waiting for a decision, oldest first.
#[utoipa::path(get, path = "/api/v1/moderation/applications", tag = "moderation", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<ApplicationView>),
        (status = 403, description = "Not a moderator", body = ErrorBody),
    ))]
async fn applications(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<ApplicationView>>> {
    let after = q.after_id()?;
    merchants::open_applications(&state.store, me.user.role, after, q.limit())
        .await
        .map(Json)
}

/// Approve an application (the shop opens, verified) or reject it with a reason.
#[utoipa::path(post, path = "/api/v1/moderation/applications/{id}", tag = "moderation",
    params(("id" = i64, Path, description = "Application id")), request_body = ReviewDecision,
    responses(
        (status = 200, description = "Decided", body = ApplicationView),
        (status = 403, description = "Not a moderator", body = ErrorBody),
        (status = 404, description = "No such application", body = ErrorBody),
        (status = 409, description = "Decided already, or the credit code has a shop (`credit_code_taken`)", body = ErrorBody),
        (status = 422, description = "A rejection without a reason", body = ErrorBody),
    ))]
async fn decide_application(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ReviewDecision>,
) -> ApiResult<Json<ApplicationView>> {
    let now = state.clock.now();
    let who = (me.user.id, me.user.role);
    merchants::decide(&state.store, now, who, id, &req, state.platform_fee_bp)
        .await
        .map(Json)
}

/// Product versions waiting for review, oldest first.
#[utoipa::path(get, path = "/api/v1/moderation/products", tag = "moderation", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<MerchantProductView>),
        (status = 403, description = "Not a moderator", body = ErrorBody),
    ))]
async fn product_queue(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<MerchantProductView>>> {
    let after = q.after_id()?;
    products::review_queue(&state.store, me.user.role, after, q.limit())
        .await
        .map(Json)
}

/// Approve a product version (it goes on sale) or reject it with a reason.
#[utoipa::path(post, path = "/api/v1/moderation/products/{id}/review", tag = "moderation",
    params(("id" = i64, Path, description = "Product id")), request_body = ReviewDecision,
    responses(
        (status = 200, description = "Decided", body = MerchantProductView),
        (status = 403, description = "Not a moderator", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 409, description = "Not waiting for review", body = ErrorBody),
        (status = 422, description = "A rejection without a reason", body = ErrorBody),
    ))]
async fn review_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ReviewDecision>,
) -> ApiResult<Json<MerchantProductView>> {
    let now = state.clock.now();
    products::review(&state.store, now, (me.user.id, me.user.role), id, &req)
        .await
        .map(Json)
}

/// Returns the merchants disputed, newest first.
#[utoipa::path(get, path = "/api/v1/moderation/returns", tag = "moderation", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<MerchantOrderView>),
        (status = 403, description = "Not a moderator", body = ErrorBody),
    ))]
async fn disputes(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<MerchantOrderView>>> {
    let after = q.after_id()?;
    merchants::disputed_returns(&state.store, me.user.role, after, q.limit())
        .await
        .map(Json)
}

async fn decide(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    m: Move,
    reason: String,
) -> ApiResult<()> {
    crate::service::moderation::moderator(me.user.role)?;
    let now = state.clock.now();
    let actor = Actor::Moderator(me.user.id);
    fulfilment::act(&state.store, now, actor, id, m, Input::Reason(reason)).await?;
    Ok(())
}

/// Refund an order at any stage (a disputed return decided for the buyer, a counterfeit
/// found after completion: the sharer's commission is clawed back then).
#[utoipa::path(post, path = "/api/v1/moderation/orders/{id}/refund", tag = "moderation",
    params(("id" = i64, Path, description = "Order id")), request_body = ReasonRequest,
    responses(
        (status = 204, description = "Refunded"),
        (status = 403, description = "Not a moderator", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody),
        (status = 409, description = "Refunded or cancelled already", body = ErrorBody),
        (status = 422, description = "No reason", body = ErrorBody),
    ))]
async fn refund_order(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<axum::http::StatusCode> {
    decide(&state, &me, id, Move::Refund, req.reason).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Decide a disputed return for the merchant: the order completes as usual.
#[utoipa::path(post, path = "/api/v1/moderation/orders/{id}/refuse-return", tag = "moderation",
    params(("id" = i64, Path, description = "Order id")), request_body = ReasonRequest,
    responses(
        (status = 204, description = "Refused"),
        (status = 403, description = "Not a moderator", body = ErrorBody),
        (status = 404, description = "No such order", body = ErrorBody),
        (status = 409, description = "No disputed return", body = ErrorBody),
        (status = 422, description = "No reason", body = ErrorBody),
    ))]
async fn refuse_return(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<axum::http::StatusCode> {
    decide(&state, &me, id, Move::RefuseReturn, req.reason).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
