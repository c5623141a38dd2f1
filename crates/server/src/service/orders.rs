//! Buying: checkout with attribution (one way to buy, for the handlers, the demo data
//! and the ledger property test), my orders, delivery and refunds.

use super::{money, page, views, ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::{
        accounts::FieldError,
        ledger::{self as rules, Movement, ATTRIBUTION_WINDOW},
        orders::{self, OrderAction},
    },
    store::{
        self,
        commissions::NewCommission,
        ledger::{self, Refs},
        Store,
    },
};
use circle_api::{Attribution, ErrorCode, FieldProblem, OrderStatus, OrderView, Page};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkout {
    /// A new paid order.
    Created(i64),
    /// The order this key made before (a retry, or a concurrent twin that won).
    Replayed(i64),
}

/// Buys `quantity` of a product (payment simulated) once per `key`. Attribution is last
/// click: the buyer's most recent click on a share of this product in the 7 days before
/// payment. The order, its payment and its commission are one transaction. `key` has
/// passed `domain::orders::check_idempotency_key`.
pub async fn checkout(
    store: &Store,
    now: Millis,
    buyer: i64,
    product_id: i64,
    quantity: i64,
    key: &str,
) -> ApiResult<Checkout> {
    orders::check_quantity(quantity)?;
    let hash = orders::request_hash(product_id, quantity);
    let replay =
        |(id, stored): (i64, String)| super::replay(&stored, &hash, Checkout::Replayed(id));
    let mut tx = store.begin().await?;
    if let Some(existing) = store::orders::find_by_key(&mut tx, buyer, key).await? {
        return replay(existing);
    }
    let product = super::catalog::buyable(&mut tx, product_id).await?;
    let amount = orders::amount(product.price_cents, quantity).ok_or_else(|| {
        FieldError::new(
            "quantity",
            FieldProblem::TooLong,
            "That amount is too large for one order.",
        )
    })?;
    let since = now - ATTRIBUTION_WINDOW;
    let clicked = store::clicks::last_click(&mut tx, buyer, product_id, since, now).await?;
    let commission = rules::commission(amount, product.commission_bp).unwrap_or(0);
    let attribution = rules::attribute(buyer, clicked, product.buyable(), commission);
    let new = store::orders::NewOrder {
        buyer_id: buyer,
        product_id,
        quantity,
        amount_cents: amount,
        idempotency_key: key,
        request_hash: &hash,
        share_id: clicked.map(|c| c.share_id),
        attribution,
    };
    let Some(id) = store::orders::insert(&mut tx, &new, now).await? else {
        // A concurrent request with this key committed first: answer with its order.
        let existing = store::orders::find_by_key(&mut tx, buyer, key)
            .await?
            .ok_or(ApiError::not_found())?;
        return replay(existing);
    };
    let paid = Movement::order_paid(id, product.merchant_id, amount);
    ledger::post(&mut tx, &paid, order_refs(id), now).await?;
    if let (Attribution::Commission, Some(c)) = (attribution, clicked) {
        let new = NewCommission {
            order_id: id,
            share_id: c.share_id,
            sharer_id: c.sharer_id,
            merchant_id: product.merchant_id,
            amount_cents: commission,
        };
        money::accrue(&mut tx, new, now).await?;
    }
    tx.commit().await?;
    Ok(Checkout::Created(id))
}

fn order_refs(order: i64) -> Refs {
    Refs {
        order: Some(order),
        ..Refs::default()
    }
}

/// One of the buyer's orders; someone else's is not found, as if it did not exist.
pub async fn get(store: &Store, buyer: i64, id: i64) -> ApiResult<OrderView> {
    store::orders::get_for_buyer(&mut *store.conn().await?, id, buyer)
        .await?
        .map(views::order)
        .ok_or(ApiError::not_found())
}

/// The buyer's orders, newest first.
pub async fn list(
    store: &Store,
    buyer: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<OrderView>> {
    let mut db = store.conn().await?;
    let rows = store::orders::list_for_buyer(&mut db, buyer, after, limit).await?;
    let items = rows.into_iter().map(views::order).collect();
    Ok(page(items, limit, |o| o.id.to_string()))
}

/// Moves the buyer's order (simulated delivery, or a refund granted at once). Delivery
/// dates the commission; a refund takes the order's ratings out, returns the money and
/// reverses or claws back the commission; all in one transaction, once.
pub async fn act(
    store: &Store,
    now: Millis,
    buyer: i64,
    id: i64,
    action: OrderAction,
) -> ApiResult<OrderView> {
    let illegal = |status: OrderStatus| {
        let status = store::enums::name(status);
        ApiError::new(
            ErrorCode::IllegalTransition,
            match action {
                OrderAction::MarkDelivered => {
                    format!("This order is {status}; only a paid order can be marked delivered.")
                }
                OrderAction::RequestRefund => {
                    format!("This order is {status}; it cannot be refunded again.")
                }
            },
        )
    };
    let (from, to) = action.transition();
    let mut tx = store.begin().await?;
    // The conditional update is the check: it moves the order only from a status the
    // action allows, so of two racing requests one moves it.
    let Some(moved) = store::orders::move_status(&mut tx, id, buyer, from, to, now).await? else {
        let order = store::orders::get_for_buyer(&mut tx, id, buyer)
            .await?
            .ok_or(ApiError::not_found())?;
        return Err(illegal(order.status.0));
    };
    match to {
        OrderStatus::Delivered => store::commissions::date_for_delivery(&mut tx, id, now).await?,
        OrderStatus::Refunded => {
            store::shares::uncount_ratings_of_order(&mut tx, id).await?;
            let refund = Movement::order_refunded(id, moved.merchant_id, moved.amount_cents);
            ledger::post(&mut tx, &refund, order_refs(id), now).await?;
            money::refund(&mut tx, id, now).await?;
        }
        OrderStatus::Paid => {}
    }
    tx.commit().await?;
    get(store, buyer, id).await
}
