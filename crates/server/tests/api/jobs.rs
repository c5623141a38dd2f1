//! The time-driven jobs under competition: three server processes running them at once,
//! refunds racing the job that completes orders, and the like-ring scan that runs once
//! an hour whichever process gets to it.

use crate::earnings::{assert_ledger_ok, buy, click, earnings, share_of, COMMISSION, PRICE};
use crate::flow;
use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use crate::processes::Server;
use crate::shares::{purchase, share, DISTINCT};
use circle_api::Role;
use circle_server::{
    clock::{Clock, DAY, HOUR},
    service::jobs::{self, RING_SCAN_EVERY},
    store::{leases, ledger},
};
use serde_json::{json, Value};

on_each_database_threaded!(
    three_processes_running_the_jobs_at_once_do_each_step_once,
    refunds_racing_the_completion_job_leave_every_order_refunded_once,
    the_ring_scan_runs_once_an_hour_across_runners,
    a_lease_is_taken_once_per_period,
);

/// How many notifications of `kind` the account `handle` has had.
async fn notified(app: &TestApp, handle: &str, kind: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.handle = $1 AND n.kind = $2",
    )
    .bind(handle)
    .bind(kind)
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

/// A new shopper (an account a month old) who taps `code` and buys `product`.
async fn buyer_through(app: &TestApp, code: &str, product: i64) -> (Browser, i64) {
    let who = flow::session(app, flow::account(app, Role::Shopper).await).await;
    assert_eq!(click(app, &who, code).await, 204);
    let id = buy(app, &who, product).await["id"].as_i64().unwrap();
    (who, id)
}

async fn three_processes_running_the_jobs_at_once_do_each_step_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "多进程好物", "home", PRICE, true).await;
    let sharer = register(&app, "jobs_sharer", "password 123").await;
    let code = share_of(&app, &sharer, p).await;
    // Four sales complete first, so the sharer has money to withdraw.
    for _ in 0..4 {
        let (who, id) = buyer_through(&app, &code, p).await;
        flow::deliver(&app, &who, id).await;
    }
    app.clock.advance(8 * DAY);
    assert_eq!(
        jobs::run_jobs(&app.store, app.clock.now())
            .await
            .unwrap()
            .confirmed,
        4
    );
    let (status, w) = call(
        sharer
            .post(app.url("/api/v1/withdrawals"))
            .header("idempotency-key", "jobs-w1")
            .json(&json!({"amount_cents": 4 * COMMISSION})),
    )
    .await;
    assert_eq!(status, 201, "{w}");
    // Ten more are received by their buyers and ten only shipped.
    for i in 0..20 {
        let (who, id) = buyer_through(&app, &code, p).await;
        if i % 2 == 0 {
            flow::deliver(&app, &who, id).await;
        } else {
            flow::ship(&app, &who, id).await;
        }
    }
    let before = earnings(&app, &sharer).await;
    assert_eq!(before["pending_cents"], 20 * COMMISSION, "{before}");

    // Three processes on the same database, each asked to move its clock 20 days on and
    // run the jobs, all at the same moment.
    let servers: Vec<Server> = (0..3)
        .map(|_| Server::start_with(app.database_url(), &["--test-controls"]))
        .collect();
    let client = Browser::new();
    let runs: Vec<Value> = futures::future::join_all(servers.iter().map(|s| {
        let req = client
            .post(format!("{}/api/test/clock", s.base))
            .json(&json!({"ms": 20 * DAY}));
        async move {
            let (status, run) = call(req).await;
            assert_eq!(status, 200, "{run}");
            run
        }
    }))
    .await;
    let sum = |field: &str| -> i64 { runs.iter().map(|r| r[field].as_i64().unwrap()).sum() };
    assert_eq!(
        (
            sum("received"),
            sum("completed"),
            sum("confirmed"),
            sum("paid_out")
        ),
        (10, 10, 10, 1),
        "each step done by exactly one process: {runs:?}"
    );
    let after = earnings(&app, &sharer).await;
    assert_eq!(after["pending_cents"], 10 * COMMISSION, "{after}");
    assert_eq!(after["available_cents"], 10 * COMMISSION, "{after}");
    assert_eq!(after["withdrawn_cents"], 4 * COMMISSION, "{after}");
    assert_eq!(
        notified(&app, "jobs_sharer", "commission_confirmed").await,
        14
    );
    assert_eq!(notified(&app, "jobs_sharer", "withdrawal_paid").await, 1);
    assert_ledger_ok(&app).await;
}

async fn refunds_racing_the_completion_job_leave_every_order_refunded_once(db: TestDb) {
    const ORDERS: usize = 8;
    let app = TestApp::spawn(db).await;
    let p = product(&app, "竞态好物", "home", PRICE, true).await;
    let sharer = register(&app, "race_sharer", "password 123").await;
    let code = share_of(&app, &sharer, p).await;
    let mut orders = Vec::new();
    for _ in 0..ORDERS {
        let (who, id) = buyer_through(&app, &code, p).await;
        flow::deliver(&app, &who, id).await;
        orders.push((who, id));
    }
    // The return window has just closed: the job would complete every order now, while
    // a moderator refunds each of them.
    app.clock.advance(7 * DAY);
    let now = app.clock.now();
    let moderator = flow::moderator(&app).await;
    let refunds = futures::future::join_all(orders.iter().map(|(_, id)| {
        let url = app.url(&format!("/api/v1/moderation/orders/{id}/refund"));
        call(moderator.post(url).json(&json!({"reason": "假货，退款"})))
    }));
    let (a, b, refunds) = tokio::join!(
        jobs::run_jobs(&app.store, now),
        jobs::run_jobs(&app.store, now),
        refunds
    );
    for (status, body) in &refunds {
        assert_eq!(
            *status, 204,
            "every refund succeeds, before or after completion: {body}"
        );
    }
    let (a, b) = (a.unwrap(), b.unwrap());
    // The sharer's own purchase (no commission, no refund) completes too.
    let completed = a.completed + b.completed - 1;
    assert!(completed <= ORDERS as u64);
    assert_eq!(
        a.confirmed + b.confirmed,
        completed,
        "one confirmation per completion"
    );
    for (who, id) in &orders {
        assert_eq!(flow::order(&app, who, *id).await["status"], "refunded");
    }
    // Whatever completed first was clawed back: nothing is left to anyone.
    let money = earnings(&app, &sharer).await;
    assert_eq!(
        (&money["pending_cents"], &money["available_cents"]),
        (&json!(0), &json!(0)),
        "{money}"
    );
    // A commission confirmed first is clawed back, a pending one reversed: one each.
    let confirmed = notified(&app, "race_sharer", "commission_confirmed").await;
    let clawed = notified(&app, "race_sharer", "commission_clawed_back").await;
    let reversed = notified(&app, "race_sharer", "commission_reversed").await;
    assert_eq!((confirmed, clawed), (completed as i64, completed as i64));
    assert_eq!(clawed + reversed, ORDERS as i64);
    let merchant: i64 = sqlx::query_scalar("SELECT merchant_id FROM products WHERE id = $1")
        .bind(p)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let shop = ledger::merchant_balances(&mut app.store.conn().await.unwrap(), merchant)
        .await
        .unwrap();
    assert_eq!(
        (shop.pending, shop.available),
        (0, PRICE),
        "only the sharer's own purchase is left to the shop: {shop:?}"
    );
    assert_ledger_ok(&app).await;
}

/// Four accounts, each a day past a delivered purchase, so their likes count. Returns
/// them with the product each bought.
async fn ring_accounts(app: &TestApp, tag: &str) -> Vec<(Browser, i64)> {
    let mut ring = Vec::new();
    for i in 0..4 {
        let who = register(app, &format!("{tag}{i}"), "password 123").await;
        let p = product(app, &format!("{tag}刷单品{i}"), "home", 1000, true).await;
        purchase(app, &who, p, true).await;
        ring.push((who, p));
    }
    ring
}

/// The ring shares what it bought and one more product each, and likes all of each
/// other's shares: six likes from each member, all to the three others, who like back.
/// Returns the shares' ids.
async fn ring_likes(app: &TestApp, ring: &[(Browser, i64)], tag: &str) -> Vec<i64> {
    let mut shares = Vec::new();
    for round in 0..2 {
        for (i, (who, bought)) in ring.iter().enumerate() {
            let p = if round == 0 {
                *bought
            } else {
                product(app, &format!("{tag}又一件{i}"), "home", 1000, true).await
            };
            let text = DISTINCT[round * 4 + i];
            let (status, s) = share(app, who, json!({"product_id": p, "text": text})).await;
            assert_eq!(status, 201, "{s}");
            shares.push((i, s["id"].as_i64().unwrap()));
        }
    }
    for (i, (who, _)) in ring.iter().enumerate() {
        for (author, id) in &shares {
            if *author != i {
                let url = app.url(&format!("/api/v1/shares/id/{id}/like"));
                assert_eq!(call(who.put(url)).await.0, 200);
            }
        }
    }
    shares.into_iter().map(|(_, id)| id).collect()
}

async fn counted_likes(app: &TestApp, share: i64) -> i64 {
    sqlx::query_scalar("SELECT buyer_like_count FROM shares WHERE id = $1")
        .bind(share)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn the_ring_scan_runs_once_an_hour_across_runners(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let first = ring_accounts(&app, "ringa").await;
    let second = ring_accounts(&app, "ringb").await;
    app.clock.advance(25 * HOUR);
    let first_shares = ring_likes(&app, &first, "ringa").await;
    let t0 = app.clock.now();
    let run = jobs::run_jobs(&app.store, t0).await.unwrap();
    assert_eq!(run.ring_members, 4, "the first run scans");
    assert_eq!(counted_likes(&app, first_shares[0]).await, 0);

    // A second ring forms a minute later; the jobs run every minute, but the scan waits
    // for its hour, so the ring's likes still count.
    app.clock.advance(60_000);
    let second_shares = ring_likes(&app, &second, "ringb").await;
    assert_eq!(counted_likes(&app, second_shares[0]).await, 3);
    for minute in 1..60 {
        let run = jobs::run_jobs(&app.store, t0 + minute * 60_000)
            .await
            .unwrap();
        assert_eq!(run.ring_members, 0, "scanned again after {minute} min");
    }
    assert_eq!(counted_likes(&app, second_shares[0]).await, 3);

    // At the hour, three runners (as three processes would) start together: one scans.
    let at = t0 + RING_SCAN_EVERY;
    let (a, b, c) = tokio::join!(
        jobs::run_jobs(&app.store, at),
        jobs::run_jobs(&app.store, at),
        jobs::run_jobs(&app.store, at)
    );
    let members = [a, b, c].map(|r| r.unwrap().ring_members);
    assert_eq!(members.iter().sum::<usize>(), 4, "{members:?}");
    assert_eq!(counted_likes(&app, second_shares[0]).await, 0);
}

/// Fifty takers of one lease at the same moment: exactly one gets it, and nobody does
/// again until its period has passed.
async fn a_lease_is_taken_once_per_period(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let now = app.clock.now();
    let take = |at| {
        let store = app.store.clone();
        async move {
            let mut db = store.conn().await.unwrap();
            leases::take(&mut db, "test_lease", at, HOUR).await.unwrap()
        }
    };
    let won = futures::future::join_all((0..50).map(|_| take(now))).await;
    assert_eq!(won.iter().filter(|w| **w).count(), 1);
    assert!(!take(now + HOUR - 1).await);
    assert!(take(now + HOUR).await);
    assert!(!take(now + HOUR).await);
}
