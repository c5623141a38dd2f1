//! Use cases that combine several rules and tables: checkout with attribution, and the
//! background jobs that move money with time. The HTTP handlers, the demo data and the
//! ledger property test all go through these, so there is one way to buy.

use crate::{
    clock::Millis,
    domain::{
        ledger::{self, ATTRIBUTION_WINDOW},
        orders,
    },
    store::{self, Store},
};
use circle_api::Attribution;

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    #[error("no such product")]
    NotFound,
    #[error("this product cannot be bought now")]
    Unavailable,
    #[error("that amount is too large for one order")]
    TooLarge,
    #[error("this Idempotency-Key was already used for a different request")]
    KeyReused,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkout {
    /// A new paid order.
    Created(i64),
    /// The order this key made before (a retry, or a concurrent twin that won).
    Replayed(i64),
}

/// Buys `quantity` of a product (payment simulated) once per `key`. Attribution is last
/// click: the buyer's most recent view of a share of this product in the 7 days before
/// payment; the order, its payment and its commission are written in one transaction.
/// `quantity` and `key` must have passed `domain::orders`' checks.
pub async fn checkout(
    store: &Store,
    buyer: i64,
    product_id: i64,
    quantity: i64,
    key: &str,
    now: Millis,
) -> Result<Checkout, CheckoutError> {
    let pool = store.pool();
    let hash = orders::request_hash(product_id, quantity);
    let replay = |(id, stored): (i64, String)| {
        if stored == hash {
            Ok(Checkout::Replayed(id))
        } else {
            Err(CheckoutError::KeyReused)
        }
    };
    if let Some(existing) = store::orders::find_by_key(pool, buyer, key).await? {
        return replay(existing);
    }
    let product = store::catalog::sellable(pool, product_id)
        .await?
        .ok_or(CheckoutError::NotFound)?;
    if !product.buyable {
        return Err(CheckoutError::Unavailable);
    }
    let amount = orders::amount(product.price_cents, quantity).ok_or(CheckoutError::TooLarge)?;
    let clicked =
        store::clicks::last_click(pool, buyer, product_id, now - ATTRIBUTION_WINDOW, now).await?;
    let commission = ledger::commission(amount, product.commission_bp).unwrap_or(0);
    let attribution = ledger::attribute(buyer, clicked, product.buyable, commission);
    let new = store::orders::NewOrder {
        buyer_id: buyer,
        product_id,
        quantity,
        amount_cents: amount,
        idempotency_key: key,
        request_hash: &hash,
        merchant_id: product.merchant_id,
        share_id: clicked.map(|c| c.share_id),
        attribution,
        commission: match (attribution, clicked) {
            (Attribution::Commission, Some(c)) => Some((c.sharer_id, commission)),
            _ => None,
        },
    };
    match store::orders::insert_once(pool, new, now).await? {
        Some(id) => Ok(Checkout::Created(id)),
        None => match store::orders::find_by_key(pool, buyer, key).await? {
            Some(existing) => replay(existing),
            None => Err(CheckoutError::Database(sqlx::Error::RowNotFound)),
        },
    }
}

/// How long a simulated payout takes: requested withdrawals older than this are paid.
pub const PAYOUT_DELAY: Millis = 60 * crate::clock::SECOND;
/// How often the like-ring scan runs on a live server.
pub const RING_SCAN_EVERY: Millis = 3600 * crate::clock::SECOND;

/// What one run of the jobs did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobsRun {
    pub confirmed: u64,
    pub paid_out: u64,
    /// Accounts newly found in like rings (their likes stop counting).
    pub ring_members: usize,
}

/// The time-driven jobs: confirm commissions whose return window has passed, pay out
/// withdrawals (simulated: they succeed), discount like rings, forget rate-limit keys
/// that are back to a full allowance. Safe to run from several processes at
/// once: every step is a conditional update that only one of them wins.
pub async fn run_jobs(store: &Store, now: Millis) -> sqlx::Result<JobsRun> {
    run_jobs_with(store, now, true).await
}

/// Like `run_jobs`; `rings: false` skips the like-ring scan, which reads a week of likes
/// and so runs less often than the rest on a live server.
pub async fn run_jobs_with(store: &Store, now: Millis, rings: bool) -> sqlx::Result<JobsRun> {
    let confirmed = store::commissions::confirm_due(store.pool(), now).await?;
    let mut paid_out = 0;
    for id in store::withdrawals::requested_before(store.pool(), now - PAYOUT_DELAY).await? {
        if store::withdrawals::settle(store.pool(), id, true, now).await? {
            paid_out += 1;
        }
    }
    let ring_members = if rings {
        store::rings::discount(store.pool(), now).await?
    } else {
        0
    };
    store::limits::prune(store.pool(), now).await?;
    Ok(JobsRun {
        confirmed,
        paid_out,
        ring_members,
    })
}
