//! The merchant console's API (`/api/v1/merchant/…`, the logged-in account's shop) and
//! the public shop page (`/api/v1/shops/{id}`). A non-merchant gets 403 `not_merchant`.

use super::{
    error::ApiResult,
    extract::{idempotency_key, CurrentUser, Json, ListQuery, Path, Query},
    AppState,
};
use crate::{
    domain::orders::Move,
    service::{
        fulfilment::{self, Actor, Input},
        merchants, products,
    },
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use circle_api::{
    ApplicationRequest, ApplicationView, ErrorBody, MerchantHome, MerchantOrderView,
    MerchantProductView, OrderFilter, Page, ProductRequest, ProductStatusRequest, ProductView,
    ReasonRequest, ShareSales, ShipRequest, ShopView, WithdrawalCreate, WithdrawalView,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(apply, my_applications))
        .routes(routes!(home))
        .routes(routes!(create_product, list_products))
        .routes(routes!(get_product, edit_product))
        .routes(routes!(set_product_status))
        .routes(routes!(list_orders))
        .routes(routes!(get_order))
        .routes(routes!(ship))
        .routes(routes!(accept_return))
        .routes(routes!(dispute_return))
        .routes(routes!(sales))
        .routes(routes!(withdraw, withdrawals))
        .routes(routes!(shop))
        .routes(routes!(shop_products))
}

/// Apply to sell: shop name, category, contact and the business licence's 统一社会信用代码
/// (its check character is verified). A moderator approves or rejects it.
#[utoipa::path(post, path = "/api/v1/merchant/applications", tag = "merchants", request_body = ApplicationRequest,
    responses(
        (status = 201, description = "Filed; waiting for a moderator", body = ApplicationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 409, description = "An application is open already, or the account has a shop", body = ErrorBody),
        (status = 422, description = "A field is invalid (`field` names it)", body = ErrorBody),
    ))]
async fn apply(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ApplicationRequest>,
) -> ApiResult<(StatusCode, Json<ApplicationView>)> {
    let app = merchants::apply(&state.store, state.clock.now(), me.user.id, &req).await?;
    Ok((StatusCode::CREATED, Json(app)))
}

/// My applications, newest first, with their outcome.
#[utoipa::path(get, path = "/api/v1/merchant/applications", tag = "merchants",
    responses((status = 200, description = "Mine", body = Vec<ApplicationView>)))]
async fn my_applications(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<Vec<ApplicationView>>> {
    merchants::my_applications(&state.store, me.user.id)
        .await
        .map(Json)
}

/// My shop: what waits for it and its balances.
#[utoipa::path(get, path = "/api/v1/merchant", tag = "merchants",
    responses(
        (status = 200, description = "The console's home", body = MerchantHome),
        (status = 403, description = "Not a merchant (`not_merchant`)", body = ErrorBody),
    ))]
async fn home(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<MerchantHome>> {
    merchants::home(&state.store, me.user.id).await.map(Json)
}

/// List a new product; it waits for a moderator's review before it can be bought.
#[utoipa::path(post, path = "/api/v1/merchant/products", tag = "merchants", request_body = ProductRequest,
    responses(
        (status = 201, description = "Waiting for review", body = MerchantProductView),
        (status = 403, description = "Not a merchant", body = ErrorBody),
        (status = 422, description = "A field is invalid, or a photo is not this shop's", body = ErrorBody),
    ))]
async fn create_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ProductRequest>,
) -> ApiResult<(StatusCode, Json<MerchantProductView>)> {
    let made = products::create(&state.store, state.clock.now(), me.user.id, &req).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// My shop's products, newest first, with status and review reasons.
#[utoipa::path(get, path = "/api/v1/merchant/products", tag = "merchants", params(ListQuery),
    responses((status = 200, description = "One page", body = Page<MerchantProductView>)))]
async fn list_products(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<MerchantProductView>>> {
    let after = q.after_id()?;
    products::list(&state.store, me.user.id, after, q.limit())
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/merchant/products/{id}", tag = "merchants",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 200, description = "The product", body = MerchantProductView),
        (status = 404, description = "Not one of my shop's products", body = ErrorBody),
    ))]
async fn get_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<MerchantProductView>> {
    products::get(&state.store, me.user.id, id).await.map(Json)
}

/// Edit a product (send all of it). Title, description, category or photos changed:
/// it waits for review again; price, stock and rate apply at once.
#[utoipa::path(put, path = "/api/v1/merchant/products/{id}", tag = "merchants",
    params(("id" = i64, Path, description = "Product id")), request_body = ProductRequest,
    responses(
        (status = 200, description = "Saved", body = MerchantProductView),
        (status = 404, description = "Not one of my shop's products", body = ErrorBody),
        (status = 409, description = "Under review after reports, or delisted", body = ErrorBody),
        (status = 422, description = "A field is invalid", body = ErrorBody),
    ))]
async fn edit_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ProductRequest>,
) -> ApiResult<Json<MerchantProductView>> {
    products::edit(&state.store, state.clock.now(), me.user.id, id, &req)
        .await
        .map(Json)
}

/// Pause an active product, or put a paused one back on sale.
#[utoipa::path(post, path = "/api/v1/merchant/products/{id}/status", tag = "merchants",
    params(("id" = i64, Path, description = "Product id")), request_body = ProductStatusRequest,
    responses(
        (status = 200, description = "Moved", body = MerchantProductView),
        (status = 404, description = "Not one of my shop's products", body = ErrorBody),
        (status = 409, description = "Not possible from its status", body = ErrorBody),
    ))]
async fn set_product_status(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ProductStatusRequest>,
) -> ApiResult<Json<MerchantProductView>> {
    products::set_status(&state.store, me.user.id, id, req.status)
        .await
        .map(Json)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct OrdersQuery {
    /// `all` (the default), `to_ship`, `returns` (waiting for an answer) or `settled`.
    filter: Option<OrderFilter>,
    after: Option<String>,
    limit: Option<i64>,
}

/// My shop's orders, newest first: all, those to ship, or those with a return.
#[utoipa::path(get, path = "/api/v1/merchant/orders", tag = "merchants", params(OrdersQuery),
    responses((status = 200, description = "One page", body = Page<MerchantOrderView>)))]
async fn list_orders(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<OrdersQuery>,
) -> ApiResult<Json<Page<MerchantOrderView>>> {
    let after = super::extract::cursor(q.after.as_deref())?;
    let limit = super::extract::page_size(q.limit);
    let filter = q.filter.unwrap_or(OrderFilter::All);
    merchants::orders(&state.store, me.user.id, filter, after, limit)
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/merchant/orders/{id}", tag = "merchants",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "The order", body = MerchantOrderView),
        (status = 404, description = "Not my shop's order", body = ErrorBody),
    ))]
async fn get_order(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<MerchantOrderView>> {
    merchants::order(&state.store, me.user.id, id)
        .await
        .map(Json)
}

async fn act(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    m: Move,
    input: Input,
) -> ApiResult<Json<MerchantOrderView>> {
    let shop = merchants::shop_id(&state.store, me.user.id).await?;
    let now = state.clock.now();
    fulfilment::act(&state.store, now, Actor::Merchant(shop), id, m, input).await?;
    merchants::order(&state.store, me.user.id, id)
        .await
        .map(Json)
}

/// Ship a paid order: the carrier and its waybill number (checked for its form).
#[utoipa::path(post, path = "/api/v1/merchant/orders/{id}/ship", tag = "merchants",
    params(("id" = i64, Path, description = "Order id")), request_body = ShipRequest,
    responses(
        (status = 200, description = "Shipped", body = MerchantOrderView),
        (status = 404, description = "Not my shop's order", body = ErrorBody),
        (status = 409, description = "Shipped already, or cancelled", body = ErrorBody),
        (status = 422, description = "Not a waybill number of that carrier", body = ErrorBody),
    ))]
async fn ship(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ShipRequest>,
) -> ApiResult<Json<MerchantOrderView>> {
    act(&state, &me, id, Move::Ship, Input::Ship(req)).await
}

/// Accept a return: the order is refunded (and the sharer's commission reversed).
#[utoipa::path(post, path = "/api/v1/merchant/orders/{id}/return/accept", tag = "merchants",
    params(("id" = i64, Path, description = "Order id")),
    responses(
        (status = 200, description = "Refunded", body = MerchantOrderView),
        (status = 404, description = "Not my shop's order", body = ErrorBody),
        (status = 409, description = "No open return", body = ErrorBody),
    ))]
async fn accept_return(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<MerchantOrderView>> {
    act(&state, &me, id, Move::AcceptReturn, Input::None).await
}

/// Dispute a return with a reason; a moderator decides.
#[utoipa::path(post, path = "/api/v1/merchant/orders/{id}/return/dispute", tag = "merchants",
    params(("id" = i64, Path, description = "Order id")), request_body = ReasonRequest,
    responses(
        (status = 200, description = "Disputed", body = MerchantOrderView),
        (status = 404, description = "Not my shop's order", body = ErrorBody),
        (status = 409, description = "No requested return", body = ErrorBody),
        (status = 422, description = "No reason", body = ErrorBody),
    ))]
async fn dispute_return(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<Json<MerchantOrderView>> {
    act(
        &state,
        &me,
        id,
        Move::DisputeReturn,
        Input::Reason(req.reason),
    )
    .await
}

/// Sales by share and 达人: which shares sold my products, and what their authors earned.
#[utoipa::path(get, path = "/api/v1/merchant/sales", tag = "merchants",
    responses((status = 200, description = "By share, grouped by sharer", body = Vec<ShareSales>)))]
async fn sales(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Vec<ShareSales>>> {
    merchants::sales(&state.store, me.user.id).await.map(Json)
}

/// Pay out the shop's available balance: at least 1000 cents; a fresh `Idempotency-Key`
/// per payout.
#[utoipa::path(post, path = "/api/v1/merchant/withdrawals", tag = "merchants", request_body = WithdrawalCreate,
    params(("Idempotency-Key" = String, Header, description = "1–100 visible ASCII characters, new for each payout")),
    responses(
        (status = 201, description = "Requested", body = WithdrawalView),
        (status = 200, description = "A retry", body = WithdrawalView),
        (status = 403, description = "Not a merchant", body = ErrorBody),
        (status = 422, description = "Below the minimum or above the available balance", body = ErrorBody),
    ))]
async fn withdraw(
    State(state): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    Json(req): Json<WithdrawalCreate>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers)?;
    let now = state.clock.now();
    let made = merchants::withdraw(&state.store, now, me.user.id, req.amount_cents, key).await?;
    Ok(super::earnings::withdrawn(made))
}

#[utoipa::path(get, path = "/api/v1/merchant/withdrawals", tag = "merchants", params(ListQuery),
    responses((status = 200, description = "One page", body = Page<WithdrawalView>)))]
async fn withdrawals(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<WithdrawalView>>> {
    let after = q.after_id()?;
    merchants::withdrawals(&state.store, me.user.id, after, q.limit())
        .await
        .map(Json)
}

/// A verified shop's public page.
#[utoipa::path(get, path = "/api/v1/shops/{id}", tag = "merchants",
    params(("id" = i64, Path, description = "Shop id")),
    responses(
        (status = 200, description = "The shop", body = ShopView),
        (status = 404, description = "No such verified shop", body = ErrorBody),
    ))]
async fn shop(State(state): State<AppState>, Path(id): Path<i64>) -> ApiResult<Json<ShopView>> {
    merchants::shop(&state.store, id).await.map(Json)
}

/// A shop's products on sale, newest first.
#[utoipa::path(get, path = "/api/v1/shops/{id}/products", tag = "merchants",
    params(("id" = i64, Path, description = "Shop id"), ListQuery),
    responses((status = 200, description = "One page", body = Page<ProductView>)))]
async fn shop_products(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<ProductView>>> {
    let after = q.after_id()?;
    merchants::shop_products(&state.store, id, after, q.limit())
        .await
        .map(Json)
}
