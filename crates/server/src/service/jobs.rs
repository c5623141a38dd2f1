//! The time-driven jobs: confirm receipt of orders shipped 10 days ago, complete orders
//! whose return window has closed (confirming their commissions and settling their
//! merchants), pay out withdrawals (simulated), discount like rings, forget full
//! rate-limit allowances.
//! Safe to run from several processes at once: each step is its own transaction whose
//! conditional update only one of them wins.

use super::{
    fulfilment::{self, Actor, Input},
    notify::{self, Event},
    ApiResult,
};
use crate::{
    clock::{Millis, DAY, SECOND},
    domain::{
        ledger::{Movement, Payee, RETURN_WINDOW},
        orders::Move,
        rings,
    },
    store::{
        self,
        ledger::{self, Refs},
        Store,
    },
};
use circle_api::{ErrorCode, AUTO_RECEIVE_DAYS};
use std::{future::Future, pin::Pin};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
use std::collections::BTreeSet;

/// How long a simulated payout takes: requested withdrawals older than this are paid.
pub const PAYOUT_DELAY: Millis = 60 * SECOND;
/// How often the like-ring scan runs, across all server processes.
pub const RING_SCAN_EVERY: Millis = 3600 * SECOND;
/// The lease the like-ring scan takes.
const RING_SCAN: &str = "ring_scan";

/// What one run of the jobs did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobsRun {
    /// Orders whose receipt was confirmed for their buyer.
    pub received: u64,
    /// Orders completed (return window closed).
    pub completed: u64,
    /// Commissions those completions confirmed.
    pub confirmed: u64,
    pub paid_out: u64,
    /// Accounts newly found in like rings (their likes stop counting).
    pub ring_members: usize,
    /// Uploads deleted because nothing used them for `UNATTACHED_UPLOAD_KEPT`.
    pub pruned_uploads: u64,
    /// Batches of background timeline work done (a 达人's fan-out, a purge).
    pub timeline_batches: u64,
}

/// How long a photo picked in the composer waits to be posted before it is deleted.
pub const UNATTACHED_UPLOAD_KEPT: Millis = DAY;

/// All the jobs. The like-ring scan, which reads a week of likes, runs at most once per
/// `RING_SCAN_EVERY` across all server processes: whichever takes its lease first.
pub async fn run_jobs(store: &Store, now: Millis) -> ApiResult<JobsRun> {
    let (received, _) = receive_due(store, now).await?;
    let (completed, confirmed) = complete_due(store, now).await?;
    let paid_out = settle_withdrawals(store, now - PAYOUT_DELAY, now, true).await?;
    let scan =
        store::leases::take(&mut *store.conn().await?, RING_SCAN, now, RING_SCAN_EVERY).await?;
    let ring_members = if scan {
        discount_rings(store, now).await?
    } else {
        0
    };
    let mut tx = store.begin().await?;
    store::limits::prune(&mut tx, now).await?;
    let pruned_uploads =
        store::media::prune_unattached(&mut tx, now - UNATTACHED_UPLOAD_KEPT).await?;
    tx.commit().await?;
    let timeline_batches = timeline_work(store, u64::MAX, std::time::Duration::ZERO).await?;
    Ok(JobsRun {
        received,
        completed,
        confirmed,
        paid_out,
        ring_members,
        pruned_uploads,
        timeline_batches,
    })
}

/// The background timeline work (a 达人's fan-out, rank rewrite, a deleted share's
/// purge), one batch per transaction, `pause` between batches — on SQLite a writer that
/// waited during a batch gets the lock in the pause — until none is left or
/// `max_batches` are done; how many were. Looks before taking the write lock, so an idle
/// server's frequent calls cost one read.
pub async fn timeline_work(
    store: &Store,
    max_batches: u64,
    pause: std::time::Duration,
) -> ApiResult<u64> {
    let mut done = 0;
    while done < max_batches && store::feed_jobs::waiting(&mut *store.conn().await?).await? > 0 {
        if done > 0 && !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
        let mut tx = store.begin().await?;
        let stepped = store::feed_jobs::step(&mut tx).await?;
        tx.commit().await?;
        if !stepped {
            break;
        }
        done += 1;
    }
    Ok(done)
}

/// The pause the server's background worker leaves between two batches.
pub const TIMELINE_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// Confirms receipt of every order shipped 10 days ago whose buyer did not: (orders, 0).
pub async fn receive_due(store: &Store, now: Millis) -> ApiResult<(u64, u64)> {
    let before = now - AUTO_RECEIVE_DAYS * DAY;
    each_due(store, now, Move::Receive, |db| {
        Box::pin(store::fulfilment::due_to_receive(db, before, 200))
    })
    .await
}

/// Completes every order whose return window closed with no return open: its
/// commission is confirmed and its merchant's share becomes available. A product under
/// review or delisted keeps its orders frozen. (orders, commissions confirmed)
pub async fn complete_due(store: &Store, now: Millis) -> ApiResult<(u64, u64)> {
    let before = now - RETURN_WINDOW;
    each_due(store, now, Move::Complete, |db| {
        Box::pin(store::fulfilment::due_to_complete(db, before, 200))
    })
    .await
}

/// Makes `m` on each order `due` finds, each in its own transaction, until none is
/// left; an order another process moved first (or that is frozen) is skipped. (orders
/// moved, commissions confirmed)
async fn each_due(
    store: &Store,
    now: Millis,
    m: Move,
    due: impl for<'a> Fn(&'a mut store::Db) -> BoxFuture<'a, sqlx::Result<Vec<i64>>>,
) -> ApiResult<(u64, u64)> {
    let (mut moved, mut confirmed) = (0, 0);
    let mut seen = BTreeSet::new();
    loop {
        let ids = due(&mut *store.conn().await?).await?;
        let fresh: Vec<i64> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
        if fresh.is_empty() {
            return Ok((moved, confirmed));
        }
        for id in fresh {
            match fulfilment::act(store, now, Actor::Jobs, id, m, Input::None).await {
                Ok(done) => {
                    moved += 1;
                    confirmed += u64::from(done.commission_confirmed);
                }
                Err(e) if e.is(ErrorCode::IllegalTransition) => {}
                Err(e) => return Err(e),
            }
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
    let Some((user, merchant, amount)) = store::withdrawals::settle(&mut tx, id, paid, now).await?
    else {
        return Ok(false);
    };
    let payee = merchant.map_or(Payee::User(user), Payee::Merchant);
    let movement = if paid {
        Movement::withdrawal_paid(id, payee, amount)
    } else {
        Movement::withdrawal_failed(id, payee, amount)
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
