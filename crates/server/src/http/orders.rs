//! Buying: checkout with an `Idempotency-Key` (payment is simulated), my orders,
//! confirming receipt, cancelling an unshipped order, asking for a return.

use super::{
    error::ApiResult,
    extract::{idempotency_key, CurrentUser, Json, ListQuery, Path, Query},
    AppState,
};
use crate::{
    domain::orders::Move,
    service::{
        fulfilment::{self, Actor, Input},
        orders::{self, Checkout},
    },
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{CheckoutRequest, ErrorBody, OrderView, Page, ReasonRequest};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkout, list))
        .routes(routes!(get_order))
        .routes(routes!(receive))
        .routes(routes!(cancel))
        .routes(routes!(request_return))
}

/// Buy one product. Send a fresh `Idempotency-Key` per purchase: a retry with the same
/// key answers with the same order (200) instead of buying again.
#[utoipa::path(
    post, path = "/api/v1/orders", tag = "orders",
    request_body = CheckoutRequest,
    params(("Idempotency-Key" = String, Header, description = "1–100 visible ASCII characters, new for each purchase")),
    responses(
        (status = 201, description = "Paid (simulated)", body = OrderView),
        (status = 200, description = "A retry: the order this key already made", body = OrderView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 409, description = "The product cannot be bought now", body = ErrorBody),
        (status = 422, description = "Bad quantity or key, or the key was used for another request", body = ErrorBody),
    )
)]
async fn checkout(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Json(req): Json<CheckoutRequest>,
) -> ApiResult<Response> {
    let buyer = current.user.id;
    let key = idempotency_key(&headers)?;
    let now = state.clock.now();
    let placed =
        orders::checkout(&state.store, now, buyer, req.product_id, req.quantity, key).await?;
    Ok(match placed {
        Checkout::Created(id) => {
            let order = orders::get(&state.store, buyer, id).await?;
            (StatusCode::CREATED, Json(order)).into_response()
        }
        Checkout::Replayed(id) => {
            let order = orders::get(&state.store, buyer, id).await?;
            (
                StatusCode::OK,
                [("idempotent-replayed", "true")],
                Json(order),
            )
                .into_response()
        }
    })
}

/// My orders, newest first.
#[utoipa::path(
    get, path = "/api/v1/orders", tag = "orders", params(ListQuery),
    responses(
        (status = 200, description = "One page of my orders", body = Page<OrderView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
    )
)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<OrderView>>> {
    let after = q.after_id()?;
    let page = orders::list(&state.store, current.user.id, after, q.limit()).await?;
    Ok(Json(page))
}

/// One of my orders. Someone else's order is 404, as if it did not exist.
#[utoipa::path(
    get, path = "/api/v1/orders/{id}", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "The order", body = OrderView),
        (status = 404, description = "Not one of my orders", body = ErrorBody),
    )
)]
async fn get_order(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrderView>> {
    orders::get(&state.store, current.user.id, id)
        .await
        .map(Json)
}

/// Confirm receipt (确认收货) of a shipped order; the 7-day return window starts.
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/receive", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "Delivered", body = OrderView),
        (status = 404, description = "Not one of my orders", body = ErrorBody),
        (status = 409, description = "Not shipped (yet), or received already", body = ErrorBody),
    )
)]
async fn receive(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrderView>> {
    act(&state, current.user.id, id, Move::Receive, Input::None).await
}

/// Cancel an order the merchant did not ship within 48 hours: full refund.
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/cancel", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "Cancelled and refunded", body = OrderView),
        (status = 404, description = "Not one of my orders", body = ErrorBody),
        (status = 409, description = "Shipped already, or the 48 hours have not passed (`cancel_too_early`)", body = ErrorBody),
    )
)]
async fn cancel(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrderView>> {
    act(&state, current.user.id, id, Move::Cancel, Input::None).await
}

/// Ask for a return (七天无理由退货) within 7 days of delivery, with a reason. The
/// merchant accepts (refund) or disputes (a moderator decides).
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/return", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Return requested", body = OrderView),
        (status = 404, description = "Not one of my orders", body = ErrorBody),
        (status = 409, description = "Not received, asked already, or the window closed (`return_window_closed`, with the date)", body = ErrorBody),
        (status = 422, description = "No reason, or one over 200 characters", body = ErrorBody),
    )
)]
async fn request_return(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Json<OrderView>> {
    act(
        &state,
        current.user.id,
        id,
        Move::RequestReturn,
        Input::Reason(req.reason),
    )
    .await
}

async fn act(
    state: &AppState,
    buyer: i64,
    id: i64,
    m: Move,
    input: Input,
) -> ApiResult<Json<OrderView>> {
    let now = state.clock.now();
    fulfilment::act(&state.store, now, Actor::Buyer(buyer), id, m, input).await?;
    orders::get(&state.store, buyer, id).await.map(Json)
}
