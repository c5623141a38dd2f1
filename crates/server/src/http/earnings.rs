//! 收益: the sharer's money (all derived from the ledger), commissions with their
//! reasons, per-share results, withdrawals; and notifications.

use super::{
    error::ApiResult,
    extract::{idempotency_key, CurrentUser, Json, ListQuery, Query},
    AppState,
};
use crate::{
    domain::ledger::Payee,
    service::earnings::{self, Withdrawn},
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{
    CommissionView, Earnings, ErrorBody, MarkRead, NotificationView, Page, ShareStats, UnreadCount,
    WithdrawalCreate, WithdrawalView,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(earnings))
        .routes(routes!(commissions))
        .routes(routes!(share_stats))
        .routes(routes!(withdraw, withdrawals))
        .routes(routes!(notifications))
        .routes(routes!(unread))
        .routes(routes!(mark_read))
}

/// My balances: pending, confirmed, available, being withdrawn, withdrawn; and the
/// commissions of the last 30 days, per day.
#[utoipa::path(get, path = "/api/v1/earnings", tag = "earnings",
    responses(
        (status = 200, description = "My earnings", body = Earnings),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn earnings(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Earnings>> {
    earnings::summary(&state.store, state.clock.now(), me.user.id)
        .await
        .map(Json)
}

/// My commissions, newest first, each with its status and, while pending, its date.
#[utoipa::path(get, path = "/api/v1/earnings/commissions", tag = "earnings", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<CommissionView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn commissions(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<CommissionView>>> {
    let after = q.after_id()?;
    earnings::commissions(&state.store, me.user.id, after, q.limit())
        .await
        .map(Json)
}

/// Clicks, orders and commission of each of my shares. Only the author sees these.
#[utoipa::path(get, path = "/api/v1/earnings/shares", tag = "earnings", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<ShareStats>),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn share_stats(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<ShareStats>>> {
    let after = q.after_id()?;
    earnings::share_stats(&state.store, me.user.id, after, q.limit())
        .await
        .map(Json)
}

/// Withdraw from the available balance: at least 1000 cents, at most what is available.
/// Send a fresh `Idempotency-Key` per withdrawal; a retry answers with the same one.
#[utoipa::path(post, path = "/api/v1/withdrawals", tag = "earnings",
    request_body = WithdrawalCreate,
    params(("Idempotency-Key" = String, Header, description = "1–100 visible ASCII characters, new for each withdrawal")),
    responses(
        (status = 201, description = "Requested", body = WithdrawalView),
        (status = 200, description = "A retry: the withdrawal this key already made", body = WithdrawalView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 422, description = "Below the minimum, above the available balance, or the key was used for another amount", body = ErrorBody),
    ))]
async fn withdraw(
    State(state): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Json(req): Json<WithdrawalCreate>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let now = state.clock.now();
    let payee = Payee::User(me.user.id);
    let made =
        earnings::withdraw(&state.store, now, me.user.id, payee, req.amount_cents, key).await?;
    Ok(withdrawn(made))
}

/// A new withdrawal is 201; a retry with its key answers with it, 200 and marked replayed.
pub(super) fn withdrawn(made: Withdrawn) -> Response {
    match made {
        Withdrawn::Created(w) => (StatusCode::CREATED, Json(w)).into_response(),
        Withdrawn::Replayed(w) => {
            (StatusCode::OK, [("idempotent-replayed", "true")], Json(w)).into_response()
        }
    }
}

/// My withdrawals, newest first.
#[utoipa::path(get, path = "/api/v1/withdrawals", tag = "earnings", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<WithdrawalView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn withdrawals(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<WithdrawalView>>> {
    let after = q.after_id()?;
    earnings::withdrawals(&state.store, me.user.id, None, after, q.limit())
        .await
        .map(Json)
}

/// My notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(ListQuery),
    responses(
        (status = 200, description = "One page", body = Page<NotificationView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn notifications(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<NotificationView>>> {
    let after = q.after_id()?;
    earnings::notifications(&state.store, me.user.id, after, q.limit())
        .await
        .map(Json)
}

/// How many of my notifications are unread (the tab bar's badge).
#[utoipa::path(get, path = "/api/v1/notifications/unread", tag = "notifications",
    responses(
        (status = 200, description = "The count", body = UnreadCount),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn unread(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<UnreadCount>> {
    let unread = earnings::unread(&state.store, me.user.id).await?;
    Ok(Json(UnreadCount { unread }))
}

/// Mark my notifications up to an id as read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", request_body = MarkRead,
    responses(
        (status = 200, description = "What is still unread", body = UnreadCount),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn mark_read(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<MarkRead>,
) -> ApiResult<Json<UnreadCount>> {
    let now = state.clock.now();
    let unread = earnings::mark_read(&state.store, now, me.user.id, req.up_to).await?;
    Ok(Json(UnreadCount { unread }))
}
