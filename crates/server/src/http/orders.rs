//! Buying: checkout with an `Idempotency-Key` (payment is simulated), my orders,
//! mark delivered (simulated logistics), request a refund.

use super::{
    error::ApiResult,
    extract::{idempotency_key, CurrentUser, Json, ListQuery, Path, Query},
    AppState,
};
use crate::{
    domain::orders::OrderAction,
    service::orders::{self, Checkout},
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{CheckoutRequest, ErrorBody, OrderView, Page};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkout, list))
        .routes(routes!(get_order))
        .routes(routes!(deliver))
        .routes(routes!(refund))
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

/// Simulated logistics: the parcel arrived. Only from `paid`.
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/deliver", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "Delivered", body = OrderView),
        (status = 404, description = "Not one of my orders", body = ErrorBody),
        (status = 409, description = "Not possible from the order's status", body = ErrorBody),
    )
)]
async fn deliver(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrderView>> {
    act(&state, current.user.id, id, OrderAction::MarkDelivered).await
}

/// Request a refund (granted at once in this simulation). From `paid` or `delivered`.
#[utoipa::path(
    post, path = "/api/v1/orders/{id}/refund", tag = "orders",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "Refunded", body = OrderView),
        (status = 404, description = "Not one of my orders", body = ErrorBody),
        (status = 409, description = "Already refunded", body = ErrorBody),
    )
)]
async fn refund(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<OrderView>> {
    act(&state, current.user.id, id, OrderAction::RequestRefund).await
}

async fn act(
    state: &AppState,
    buyer: i64,
    id: i64,
    action: OrderAction,
) -> ApiResult<Json<OrderView>> {
    let now = state.clock.now();
    orders::act(&state.store, now, buyer, id, action)
        .await
        .map(Json)
}
