//! Property test of the money: random sequences of clicks (logged in, or as a visitor
//! whose clicks become theirs at login), purchases of one or more units (and their
//! retries), every fulfilment move (ship, receive, cancel, return, accept, dispute, a
//! moderator's refund or refusal), shares hidden, restored and deleted, products put under
//! review, restored and delisted, clock moves, job runs, the sharers' and the shop's
//! withdrawals and payout outcomes (steps in `ledger_ops`, run in `ledger_steps`). After
//! every step: `ledger check` finds nothing, every user's and the shop's ledger-derived
//! balances equal an independent model's (`ledger_model`), each order has at most one
//! commission, a move succeeds exactly when the model says it is legal, and a withdrawal
//! exactly when the model's available balance covers it. Runs on SQLite and, when given,
//! PostgreSQL. A failing case's seed is kept in `ledger_props.proptest-regressions` and
//! replayed first on every later run; `PROPTEST_CASES` runs more cases than the default 24.

use crate::helpers::TestDb;
use crate::ledger_model::{Balances, Model};
use crate::ledger_ops::{op, setup, warm_up};
use crate::ledger_steps::step;
use circle_server::{
    clock::{Clock, ManualClock, SystemClock, DAY},
    service::jobs,
    store::{self, ledger, Store},
};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicI64, Ordering};

/// The latest time any case reached: the jobs are global, so each case starts well after
/// the previous ones and first lets the jobs settle whatever they left due.
static LATEST: AtomicI64 = AtomicI64::new(0);

async fn verify(store: &Store, m: &Model) -> Result<(), TestCaseError> {
    let breaches = ledger::check(&mut store.conn().await.unwrap())
        .await
        .unwrap();
    prop_assert!(breaches.is_empty(), "ledger breaches: {:?}", breaches);
    for (i, &user) in m.users.iter().enumerate() {
        let w = ledger::wallet(&mut store.conn().await.unwrap(), user)
            .await
            .unwrap();
        let got = Balances {
            pending: w.pending,
            available: w.available,
            withdrawing: w.withdrawing,
            withdrawn: w.withdrawn,
        };
        prop_assert_eq!(got, m.balances[i], "user {}", i);
    }
    let b = ledger::merchant_balances(&mut store.conn().await.unwrap(), m.merchant)
        .await
        .unwrap();
    let got = Balances {
        pending: b.pending,
        available: b.available,
        withdrawing: b.withdrawing,
        withdrawn: b.withdrawn,
    };
    prop_assert_eq!(got, m.shop, "the shop");
    let ids: Vec<i64> = m.orders.iter().map(|o| o.id).collect();
    if !ids.is_empty() {
        let sql = format!(
            "SELECT COUNT(*) FROM commissions WHERE order_id IN ({})",
            store::placeholders(1, ids.len())
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for id in &ids {
            q = q.bind(*id);
        }
        let n = q.fetch_one(store.pool()).await.unwrap();
        let want = m.orders.iter().filter(|o| o.commission.is_some()).count();
        prop_assert_eq!(
            n,
            i64::try_from(want).unwrap(),
            "one commission per attributed order"
        );
    }
    Ok(())
}

/// Where failing cases' seeds are kept (commit the file: every run replays them first).
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/api/ledger_props.proptest-regressions"
);

fn run(db: TestDb) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(Store::connect(db.url())).unwrap();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(op(), 1..30), |ops| {
        rt.block_on(async {
            let start = SystemClock
                .now()
                .max(LATEST.load(Ordering::SeqCst) + 30 * DAY);
            let clock = ManualClock::at(start);
            // Earlier cases' shipped orders are received 8 days before this one starts
            // and complete as it starts, so its own job runs see only its own orders.
            jobs::run_jobs(&store, start - 8 * DAY).await.unwrap();
            jobs::run_jobs(&store, start).await.unwrap();
            let mut model = setup(&store, &clock).await;
            for op in warm_up().iter().chain(&ops) {
                step(&store, &clock, &mut model, op).await?;
                LATEST.fetch_max(clock.now(), Ordering::SeqCst);
                verify(&store, &model).await?;
            }
            Ok(())
        })
    });
    rt.block_on(store.close());
    drop(db);
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn ledger_holds_under_random_sequences_sqlite() {
    run(TestDb::sqlite());
}

#[test]
fn ledger_holds_under_random_sequences_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(TestDb::postgres()) else {
        return;
    };
    drop(rt);
    run(db);
}
