//! The time-driven jobs: confirm commissions whose return window has passed, pay out
//! withdrawals (simulated), discount like rings, forget full rate-limit allowances.
//! Safe to run from several processes at once: each step is its own transaction whose
//! conditional update only one of them wins.

use super::{
    money::{self, Settlement},
    notify::{self, Event},
    ApiResult,
};
use crate::{
    clock::{Millis, SECOND},
    domain::{ledger::Movement, rings},
    store::{
        self,
        ledger::{self, Refs},
        Locked, Store,
    },
};
use circle_api::ProductStatus;
use std::collections::BTreeSet;

/// How long a simulated payout takes: requested withdrawals older than this are paid.
pub const PAYOUT_DELAY: Millis = 60 * SECOND;
/// How often the like-ring scan runs on a live server.
pub const RING_SCAN_EVERY: Millis = 3600 * SECOND;

/// What one run of the jobs did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobsRun {
    pub confirmed: u64,
    pub paid_out: u64,
    /// Accounts newly found in like rings (their likes stop counting).
    pub ring_members: usize,
}

/// All the jobs, the like-ring scan included.
pub async fn run_jobs(store: &Store, now: Millis) -> ApiResult<JobsRun> {
    run_jobs_with(store, now, true).await
}

/// Like `run_jobs`; `rings: false` skips the like-ring scan, which reads a week of likes
/// and so runs less often than the rest on a live server.
pub async fn run_jobs_with(store: &Store, now: Millis, rings: bool) -> ApiResult<JobsRun> {
    let confirmed = confirm_due(store, now).await?;
    let paid_out = settle_withdrawals(store, now - PAYOUT_DELAY, now, true).await?;
    let ring_members = if rings {
        discount_rings(store, now).await?
    } else {
        0
    };
    let mut tx = store.begin().await?;
    store::limits::prune(&mut tx, now).await?;
    tx.commit().await?;
    Ok(JobsRun {
        confirmed,
        paid_out,
        ring_members,
    })
}

/// Confirms every pending commission whose return window has passed, each in its own
/// transaction that first locks the product: a product delisted or put under review in
/// the meantime keeps its commission frozen.
pub async fn confirm_due(store: &Store, now: Millis) -> ApiResult<u64> {
    let mut confirmed = 0;
    let mut seen = BTreeSet::new();
    loop {
        let due = store::commissions::due(&mut *store.conn().await?, now, 200).await?;
        let fresh: Vec<_> = due.into_iter().filter(|c| seen.insert(c.id)).collect();
        if fresh.is_empty() {
            return Ok(confirmed);
        }
        for c in &fresh {
            let mut tx = store.begin().await?;
            store::lock(&mut tx, Locked::Product, c.product_id).await?;
            let status = store::catalog::status(&mut tx, c.product_id).await?;
            if status != Some(ProductStatus::Active) {
                continue;
            }
            if money::settle(&mut tx, c, Settlement::Confirm, now).await? {
                confirmed += 1;
            }
            tx.commit().await?;
        }
    }
}

/// Settles the withdrawals requested at or before `before` as paid (or failed: their
/// money goes back), each once; returns how many.
pub async fn settle_withdrawals(
    store: &Store,
    before: Millis,
    now: Millis,
    paid: bool,
) -> ApiResult<u64> {
    let ids = store::withdrawals::requested_before(&mut *store.conn().await?, before).await?;
    let mut settled = 0;
    for id in ids {
        if settle_withdrawal(store, now, id, paid).await? {
            settled += 1;
        }
    }
    Ok(settled)
}

/// Settles one requested withdrawal as paid or failed, posting its movement and telling
/// its owner; `false` if it was settled already.
pub async fn settle_withdrawal(store: &Store, now: Millis, id: i64, paid: bool) -> ApiResult<bool> {
    let mut tx = store.begin().await?;
    let Some((user, amount)) = store::withdrawals::settle(&mut tx, id, paid, now).await? else {
        return Ok(false);
    };
    let movement = if paid {
        Movement::withdrawal_paid(id, user, amount)
    } else {
        Movement::withdrawal_failed(id, user, amount)
    };
    let refs = Refs {
        withdrawal: Some(id),
        ..Refs::default()
    };
    ledger::post(&mut tx, &movement, refs, now).await?;
    notify::record(&mut tx, Event::Withdrawal { user, amount, paid }, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Finds like rings among the last week's counted likes and discounts each member in
/// its own transaction; returns how many accounts were newly flagged.
async fn discount_rings(store: &Store, now: Millis) -> ApiResult<usize> {
    let since = now - rings::RING_WINDOW;
    let likes = store::rings::counted_likes_since(&mut *store.conn().await?, since).await?;
    let members: BTreeSet<i64> = rings::ring_members(&likes).into_iter().collect();
    let mut flagged = 0;
    for member in members {
        let mut tx = store.begin().await?;
        if store::rings::discount_member(&mut tx, member, now).await? {
            flagged += 1;
        }
        tx.commit().await?;
    }
    Ok(flagged)
}
