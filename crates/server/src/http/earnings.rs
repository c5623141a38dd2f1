//! 收益: the sharer's money (all derived from the ledger), commissions with their
//! reasons, per-share results, withdrawals; and notifications.

use super::{
    error::{ApiError, ApiResult},
    extract::{cursor, idempotency_key, page, page_size, CurrentUser, Json, Query},
    AppState,
};
use crate::{
    domain::{ledger::WITHDRAWAL_MIN_CENTS, orders},
    store::{self, withdrawals::Requested},
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{
    CommissionView, Earnings, ErrorBody, NotificationView, Page, ShareStats, UnreadCount,
    WithdrawalCreate, WithdrawalView,
};
use serde::Deserialize;
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    after: Option<String>,
    limit: Option<i64>,
}

/// My balances: pending, confirmed, available, being withdrawn, withdrawn; and the
/// commissions of the last 30 days, per day.
#[utoipa::path(get, path = "/api/v1/earnings", tag = "earnings",
    responses(
        (status = 200, description = "My earnings", body = Earnings),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn earnings(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Earnings>> {
    let pool = state.store.pool();
    let w = store::ledger::wallet(pool, me.user.id).await?;
    let last_30_days = store::commissions::daily(pool, me.user.id, state.clock.now(), 30).await?;
    Ok(Json(Earnings {
        pending_cents: w.pending,
        confirmed_cents: w.confirmed,
        available_cents: w.available,
        withdrawing_cents: w.withdrawing,
        withdrawn_cents: w.withdrawn,
        last_30_days,
    }))
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
    let limit = page_size(q.limit);
    let after = cursor(q.after.as_deref())?;
    let items =
        store::commissions::list_for_sharer(state.store.pool(), me.user.id, after, limit).await?;
    Ok(Json(page(items, limit, |c| c.id.to_string())))
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
    let limit = page_size(q.limit);
    let after = cursor(q.after.as_deref())?;
    let items =
        store::commissions::share_stats(state.store.pool(), me.user.id, after, limit).await?;
    Ok(Json(page(items, limit, |s| s.share_id.to_string())))
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
    if req.amount_cents < WITHDRAWAL_MIN_CENTS {
        return Err(ApiError::InsufficientBalance(format!(
            "A withdrawal is at least ¥{}.",
            WITHDRAWAL_MIN_CENTS / 100
        )));
    }
    let hash = orders::withdrawal_hash(req.amount_cents);
    let outcome = store::withdrawals::request(
        state.store.pool(),
        me.user.id,
        req.amount_cents,
        key,
        &hash,
        state.clock.now(),
    )
    .await?;
    match outcome {
        Requested::Created(w) => Ok((StatusCode::CREATED, Json(w)).into_response()),
        Requested::Replayed(w) => {
            Ok((StatusCode::OK, [("idempotent-replayed", "true")], Json(w)).into_response())
        }
        Requested::KeyReused => Err(ApiError::IdempotencyKeyReused),
        Requested::Insufficient(available) if available < 0 => {
            Err(ApiError::InsufficientBalance(format!(
                "Your available balance is negative (¥{}) after a refund was clawed back; \
                 withdrawals resume when it is positive again.",
                super::money(available)
            )))
        }
        Requested::Insufficient(available) => Err(ApiError::InsufficientBalance(format!(
            "You can withdraw at most ¥{} now.",
            super::money(available)
        ))),
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
    let limit = page_size(q.limit);
    let after = cursor(q.after.as_deref())?;
    let items = store::withdrawals::list(state.store.pool(), me.user.id, after, limit).await?;
    Ok(Json(page(items, limit, |w| w.id.to_string())))
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
    let limit = page_size(q.limit);
    let after = cursor(q.after.as_deref())?;
    let items = store::notifications::list(state.store.pool(), me.user.id, after, limit).await?;
    Ok(Json(page(items, limit, |n| n.id.to_string())))
}

/// How many of my notifications are unread (the tab bar's badge).
#[utoipa::path(get, path = "/api/v1/notifications/unread", tag = "notifications",
    responses(
        (status = 200, description = "The count", body = UnreadCount),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn unread(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<UnreadCount>> {
    let unread = store::notifications::unread(state.store.pool(), me.user.id).await?;
    Ok(Json(UnreadCount { unread }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MarkRead {
    /// Marks this notification and every older one as read.
    up_to: i64,
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
    let pool = state.store.pool();
    store::notifications::mark_read(pool, me.user.id, req.up_to, state.clock.now()).await?;
    let unread = store::notifications::unread(pool, me.user.id).await?;
    Ok(Json(UnreadCount { unread }))
}
