//! Buying: checkout with attribution and stock (one way to buy, for the handlers, the
//! demo data and the ledger property test) and my orders. What happens after payment is
//! `service::fulfilment`.

use super::{
    money,
    notify::{self, Event},
    page, views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{
        accounts::FieldError,
        ledger::{self as rules, Movement, ATTRIBUTION_WINDOW},
        orders,
    },
    store::{
        self,
        commissions::NewCommission,
        ledger::{self, Refs},
        Store,
    },
};
use circle_api::{Attribution, ErrorCode, FieldProblem, NotificationKind, OrderView, Page};

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
    if !store::catalog::take_stock(&mut tx, product_id, quantity).await? {
        return Err(ApiError::new(
            ErrorCode::OutOfStock,
            "Not enough left: fewer units are in stock than you asked for.",
        ));
    }
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
        merchant_id: product.merchant_id,
        fee_bp: product.fee_bp,
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
    if let Some(user) = product.merchant_user_id {
        let event = Event::Order {
            user,
            kind: NotificationKind::OrderPaid,
            order: id,
            amount: Some(amount),
        };
        notify::record(&mut tx, event, now).await?;
    }
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
