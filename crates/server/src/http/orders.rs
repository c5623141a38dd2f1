//! Buying: checkout with an `Idempotency-Key` (payment is simulated), my orders,
//! mark delivered (simulated logistics), request a refund.

use super::{
    error::{ApiError, ApiResult},
    extract::{cursor, idempotency_key, page, page_size, CurrentUser, Json, Path, Query},
    AppState,
};
use crate::{
    commerce::{self, Checkout, CheckoutError},
    domain::{
        accounts::FieldError,
        orders::{self, OrderAction},
    },
    store,
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{CheckoutRequest, ErrorBody, FieldProblem, OrderStatus, OrderView, Page};
use serde::Deserialize;
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
    orders::check_quantity(req.quantity)?;
    let now = state.clock.now();
    let placed = commerce::checkout(&state.store, buyer, req.product_id, req.quantity, key, now)
        .await
        .map_err(|e| match e {
            CheckoutError::NotFound => ApiError::NotFound,
            CheckoutError::Unavailable => ApiError::ProductUnavailable,
            CheckoutError::TooLarge => ApiError::Invalid(FieldError::new(
                "quantity",
                FieldProblem::TooLong,
                "That amount is too large for one order.",
            )),
            CheckoutError::KeyReused => ApiError::IdempotencyKeyReused,
            CheckoutError::Database(e) => e.into(),
        })?;
    Ok(match placed {
        Checkout::Created(id) => {
            (StatusCode::CREATED, Json(load(&state, id, buyer).await?)).into_response()
        }
        Checkout::Replayed(id) => (
            StatusCode::OK,
            [("idempotent-replayed", "true")],
            Json(load(&state, id, buyer).await?),
        )
            .into_response(),
    })
}

async fn load(state: &AppState, id: i64, buyer: i64) -> ApiResult<OrderView> {
    store::orders::get_for_buyer(state.store.pool(), id, buyer)
        .await?
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    after: Option<String>,
    limit: Option<i64>,
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
    let limit = page_size(q.limit);
    let after = cursor(q.after.as_deref())?;
    let items =
        store::orders::list_for_buyer(state.store.pool(), current.user.id, after, limit).await?;
    Ok(Json(page(items, limit, |o| o.id.to_string())))
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
    load(&state, id, current.user.id).await.map(Json)
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
    let order = load(state, id, buyer).await?;
    let illegal = |status: OrderStatus| {
        let status = orders::status_to_db(status);
        ApiError::IllegalTransition(match action {
            OrderAction::MarkDelivered => {
                format!("This order is {status}; only a paid order can be marked delivered.")
            }
            OrderAction::RequestRefund => {
                format!("This order is {status}; it cannot be refunded again.")
            }
        })
    };
    if !action.allowed_from(order.status) {
        return Err(illegal(order.status));
    }
    let (from, to) = action.transition();
    let moved =
        store::orders::transition(state.store.pool(), id, buyer, from, to, state.clock.now())
            .await?;
    let order = load(state, id, buyer).await?;
    if !moved {
        // Another request moved it first.
        return Err(illegal(order.status));
    }
    Ok(Json(order))
}
