//! Property test of the money: random sequences of clicks, purchases (and their
//! retries), every fulfilment move (ship, receive, cancel, return, accept, dispute, a
//! moderator's refund or refusal), clock moves, job runs, the sharers' and the shop's
//! withdrawals and payout outcomes. After every step: `ledger check` finds nothing, every
//! user's and the shop's ledger-derived balances equal an independent model's
//! (`ledger_model`), each order has at most one commission, a move succeeds exactly when
//! the model says it is legal, and a withdrawal exactly when the model's available
//! balance covers it. Runs on SQLite and, when given, PostgreSQL.

use crate::helpers::TestDb;
use crate::ledger_model::{
    self as model, Balances, CommissionState, Model, ModelOrder, ModelWithdrawal, Move, Payee,
    Stage, FEE_BP, PRODUCTS, USERS,
};
use circle_api::{Carrier, ErrorCode, Role, ShipRequest};
use circle_server::{
    clock::{Clock, ManualClock, SystemClock, DAY},
    domain::{ledger::Payee as ServerPayee, orders::Move as ServerMove},
    service::{
        earnings::{self, Withdrawn},
        fulfilment::{self, Actor, Input},
        jobs,
        orders::{self, Checkout},
    },
    store::{self, ledger, Store},
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

#[derive(Debug, Clone)]
enum Op {
    /// `buyer` opens `sharer`'s share of `product`.
    Click {
        buyer: usize,
        sharer: usize,
        product: usize,
    },
    /// `buyer` opens `sharer`'s share of `product` and buys it.
    BuyThrough {
        buyer: usize,
        sharer: usize,
        product: usize,
    },
    /// `buyer` buys; `retry` repeats the buyer's previous key instead of a new one.
    Buy {
        buyer: usize,
        product: usize,
        retry: bool,
    },
    /// Makes `Move` on the n-th order (mostly one it is legal for).
    Order(Move, usize),
    AdvanceHours(i64),
    RunJobs,
    /// A user asks for their available balance plus `delta` (at least the minimum); an
    /// even `pick` picks the user with the most available, an odd one anybody.
    Withdraw {
        pick: usize,
        delta: i64,
    },
    /// The shop asks for its available balance plus `delta` (at least the minimum).
    ShopWithdraw {
        delta: i64,
    },
    /// Settle the n-th withdrawal as paid or failed.
    Payout {
        n: usize,
        paid: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let user = 0..USERS;
    let product = 0..PRODUCTS.len();
    prop_oneof![
        4 => (user.clone(), 0..USERS, product.clone())
            .prop_map(|(buyer, sharer, product)| Op::Click { buyer, sharer, product }),
        3 => (user.clone(), 0..USERS, product.clone())
            .prop_map(|(buyer, sharer, product)| Op::BuyThrough { buyer, sharer, product }),
        2 => (user.clone(), product, any::<bool>())
            .prop_map(|(buyer, product, retry)| Op::Buy { buyer, product, retry }),
        3 => any::<usize>().prop_map(|n| Op::Order(Move::Ship, n)),
        3 => any::<usize>().prop_map(|n| Op::Order(Move::Receive, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Cancel, n)),
        2 => any::<usize>().prop_map(|n| Op::Order(Move::Return, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Accept, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Dispute, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Refund, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Refuse, n)),
        1 => prop_oneof![Just(0i64), -3000..3000i64].prop_map(|delta| Op::ShopWithdraw { delta }),
        2 => (1..240i64).prop_map(Op::AdvanceHours),
        2 => Just(Op::RunJobs),
        4 => (any::<usize>(), prop_oneof![Just(0i64), Just(1), Just(-1), -3000..3000i64])
            .prop_map(|(pick, delta)| Op::Withdraw { pick, delta }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(n, paid)| Op::Payout { n, paid }),
    ]
}

static CASE: AtomicU64 = AtomicU64::new(0);
/// The latest time any case reached: the jobs are global, so each case starts well after
/// the previous ones and first lets the jobs settle whatever they left due.
static LATEST: AtomicI64 = AtomicI64::new(0);

async fn setup(store: &Store, clock: &ManualClock) -> Model {
    let mut db = store.conn().await.unwrap();
    let pool = &mut *db;
    let case = CASE.fetch_add(1, Ordering::SeqCst);
    let now = clock.now();
    let mut users = Vec::new();
    for u in 0..USERS {
        let handle = format!("p{case}_{u}");
        let me = store::users::insert(
            pool,
            store::users::NewUser {
                handle: &handle,
                display_name: "属性测试",
                password_hash: "x",
                role: Role::Shopper,
                created_at: now,
            },
        )
        .await
        .unwrap();
        users.push(me.id);
    }
    let owner = store::users::insert(
        pool,
        store::users::NewUser {
            handle: &format!("p{case}_shop"),
            display_name: "测试商家",
            password_hash: "x",
            role: Role::Merchant,
            created_at: now,
        },
    )
    .await
    .unwrap()
    .id;
    let merchant = store::catalog::insert_merchant(pool, "测试商家", true, Some(owner), now)
        .await
        .unwrap();
    sqlx::query("UPDATE merchants SET fee_bp = $1 WHERE id = $2")
        .bind(FEE_BP)
        .bind(merchant)
        .execute(&mut *pool)
        .await
        .unwrap();
    let mut products = Vec::new();
    for (price, bp) in PRODUCTS {
        let id = store::catalog::insert_product(
            pool,
            store::catalog::NewProduct {
                merchant_id: merchant,
                title: "测试商品",
                description: "",
                category: "home",
                price_cents: price,
                stock: 10_000,
                commission_bp: bp,
                image_id: None,
                status: circle_api::ProductStatus::Active,
            },
            now,
        )
        .await
        .unwrap();
        products.push(id);
    }
    let mut shares = Vec::new();
    for &user in &users {
        let mut row = Vec::new();
        for &product in &products {
            let code = circle_server::domain::shares::new_share_code();
            let id = store::shares::insert(
                pool,
                store::shares::NewShare {
                    code: &code,
                    author_id: user,
                    product_id: product,
                    order_id: None,
                    text: "好物分享",
                    rating: None,
                    photo_ids: &[],
                    day: circle_server::domain::shares::china_day(now),
                    verified: false,
                    is_ad: false,
                },
                now,
            )
            .await
            .unwrap();
            row.push(id);
        }
        shares.push(row);
    }
    Model {
        users,
        owner,
        merchant,
        products,
        shares,
        clicks: Vec::new(),
        orders: Vec::new(),
        last_key: vec![None; USERS],
        balances: vec![Balances::default(); USERS],
        shop: Balances::default(),
        withdrawals: Vec::new(),
    }
}

async fn step(
    store: &Store,
    clock: &ManualClock,
    m: &mut Model,
    op: &Op,
) -> Result<(), TestCaseError> {
    let mut db = store.conn().await.unwrap();
    let pool = &mut *db;
    let now = clock.now();
    match *op {
        Op::BuyThrough {
            buyer,
            sharer,
            product,
        } => {
            let click = Op::Click {
                buyer,
                sharer,
                product,
            };
            Box::pin(step(store, clock, m, &click)).await?;
            let buy = Op::Buy {
                buyer,
                product,
                retry: false,
            };
            Box::pin(step(store, clock, m, &buy)).await?;
        }
        Op::Click {
            buyer,
            sharer,
            product,
        } => {
            let c = store::clicks::Click {
                share_id: m.shares[sharer][product],
                product_id: m.products[product],
                user_id: Some(m.users[buyer]),
                visitor_id: None,
            };
            store::clicks::record(pool, c, now).await.unwrap();
            m.clicks.push((buyer, product, sharer, now));
        }
        Op::Buy {
            buyer,
            product,
            retry,
        } => {
            let (key, product) = match (&m.last_key[buyer], retry) {
                (Some((key, p)), true) => (key.clone(), *p),
                _ => (format!("k{}", CASE.fetch_add(1, Ordering::SeqCst)), product),
            };
            let placed = orders::checkout(store, now, m.users[buyer], m.products[product], 1, &key)
                .await
                .unwrap();
            match placed {
                Checkout::Replayed(id) => {
                    prop_assert!(retry, "a new key replayed an order");
                    prop_assert!(m.orders.iter().any(|o| o.id == id));
                }
                Checkout::Created(id) => {
                    prop_assert!(m.orders.iter().all(|o| o.id != id));
                    // Last click on this product by this buyer within 7 days wins.
                    let click =
                        m.clicks.iter().rev().find(|(b, p, _, at)| {
                            *b == buyer && *p == product && *at >= now - 7 * DAY
                        });
                    let (price, bp) = PRODUCTS[product];
                    let amount = price * bp / 10_000;
                    let commission = match click {
                        Some(&(_, _, sharer, _)) if sharer != buyer && amount > 0 => {
                            m.balances[sharer].pending += amount;
                            Some((sharer, amount, CommissionState::Pending))
                        }
                        _ => None,
                    };
                    m.shop.pending += price - commission.map_or(0, |c| c.1);
                    m.orders.push(ModelOrder {
                        id,
                        buyer,
                        amount: price,
                        stage: Stage::Paid { at: now },
                        commission,
                        settled: 0,
                    });
                    m.last_key[buyer] = Some((key, product));
                }
            }
        }
        Op::Order(mv, n) => {
            if m.orders.is_empty() {
                return Ok(());
            }
            // Mostly an order the move is legal for; sometimes any (an illegal move).
            let legal: Vec<usize> = (0..m.orders.len())
                .filter(|&i| model::next(mv, m.orders[i].stage, now).is_some())
                .collect();
            let i = if n % 4 == 0 || legal.is_empty() {
                n % m.orders.len()
            } else {
                legal[n % legal.len()]
            };
            let (id, buyer) = (m.orders[i].id, m.users[m.orders[i].buyer]);
            let (actor, server_move, input) = match mv {
                Move::Ship => (
                    Actor::Merchant(m.merchant),
                    ServerMove::Ship,
                    Input::Ship(ShipRequest {
                        carrier: Carrier::Sf,
                        tracking_no: format!("SF{}", 100_000_000_000 + id),
                    }),
                ),
                Move::Receive => (Actor::Buyer(buyer), ServerMove::Receive, Input::None),
                Move::Cancel => (Actor::Buyer(buyer), ServerMove::Cancel, Input::None),
                Move::Return => (Actor::Buyer(buyer), ServerMove::RequestReturn, reason()),
                Move::Accept => (
                    Actor::Merchant(m.merchant),
                    ServerMove::AcceptReturn,
                    Input::None,
                ),
                Move::Dispute => (
                    Actor::Merchant(m.merchant),
                    ServerMove::DisputeReturn,
                    reason(),
                ),
                Move::Refund => (Actor::Moderator(m.owner), ServerMove::Refund, reason()),
                Move::Refuse => (
                    Actor::Moderator(m.owner),
                    ServerMove::RefuseReturn,
                    reason(),
                ),
            };
            let moved = match fulfilment::act(store, now, actor, id, server_move, input).await {
                Ok(_) => true,
                Err(e)
                    if e.is(ErrorCode::IllegalTransition)
                        || e.is(ErrorCode::CancelTooEarly)
                        || e.is(ErrorCode::ReturnWindowClosed) =>
                {
                    false
                }
                Err(e) => panic!("{e}"),
            };
            let want = model::next(mv, m.orders[i].stage, now);
            prop_assert_eq!(
                moved,
                want.is_some(),
                "{:?} order {} from {:?}",
                mv,
                id,
                m.orders[i].stage
            );
            if let Some(to) = want {
                model::apply(m, i, to);
            }
        }
        Op::AdvanceHours(h) => {
            // Time passes and the jobs run, as on a live server.
            clock.advance(h * 3_600_000);
            Box::pin(step(store, clock, m, &Op::RunJobs)).await?;
        }
        Op::RunJobs => {
            let run = jobs::run_jobs(store, now).await.unwrap();
            let (received, completed) = model::jobs(m, now);
            prop_assert_eq!((run.received, run.completed), (received, completed));
            // The job also pays out (successfully) withdrawals older than the delay.
            let mut paid_out = 0;
            for i in 0..m.withdrawals.len() {
                let w = &mut m.withdrawals[i];
                if !w.settled && w.at <= now - jobs::PAYOUT_DELAY {
                    w.settled = true;
                    let (payee, amount) = (w.payee, w.amount);
                    m.balance(payee).withdrawing -= amount;
                    m.balance(payee).withdrawn += amount;
                    paid_out += 1;
                }
            }
            prop_assert_eq!(run.paid_out, paid_out);
        }
        Op::Withdraw { pick, delta } => {
            let user = if pick % 2 == 0 {
                (0..USERS)
                    .max_by_key(|&u| m.balances[u].available)
                    .unwrap_or(0)
            } else {
                pick % USERS
            };
            let available = m.balances[user].available;
            let amount = (available + delta).max(1000);
            let key = format!("w{}", CASE.fetch_add(1, Ordering::SeqCst));
            let payee = ServerPayee::User(m.users[user]);
            match earnings::withdraw(store, now, m.users[user], payee, amount, &key).await {
                Ok(Withdrawn::Created(w)) => {
                    prop_assert!(amount <= available, "{amount} > {available} was accepted");
                    m.balances[user].available -= amount;
                    m.balances[user].withdrawing += amount;
                    m.withdrawals.push(ModelWithdrawal {
                        id: w.id,
                        payee: Payee::User(user),
                        amount,
                        at: now,
                        settled: false,
                    });
                }
                Err(e) if e.is(ErrorCode::InsufficientBalance) => {
                    prop_assert!(amount > available, "{amount} <= {available} was refused");
                    // The refusal names the balance it saw.
                    let why = e.message();
                    let seen = circle_api::Yuan(available).to_string();
                    prop_assert!(why.contains(&seen), "{why} does not say {seen}");
                }
                Ok(Withdrawn::Replayed(_)) => prop_assert!(false, "a fresh key was seen before"),
                Err(e) => prop_assert!(false, "withdrawal failed: {e}"),
            }
        }
        Op::ShopWithdraw { delta } => {
            let available = m.shop.available;
            let amount = (available + delta).max(1000);
            let key = format!("w{}", CASE.fetch_add(1, Ordering::SeqCst));
            let payee = ServerPayee::Merchant(m.merchant);
            match earnings::withdraw(store, now, m.owner, payee, amount, &key).await {
                Ok(Withdrawn::Created(w)) => {
                    prop_assert!(amount <= available, "{amount} > {available} was accepted");
                    m.shop.available -= amount;
                    m.shop.withdrawing += amount;
                    m.withdrawals.push(ModelWithdrawal {
                        id: w.id,
                        payee: Payee::Shop,
                        amount,
                        at: now,
                        settled: false,
                    });
                }
                Err(e) if e.is(ErrorCode::InsufficientBalance) => {
                    prop_assert!(amount > available, "{amount} <= {available} was refused");
                }
                Ok(Withdrawn::Replayed(_)) => prop_assert!(false, "a fresh key was seen before"),
                Err(e) => prop_assert!(false, "shop withdrawal failed: {e}"),
            }
        }
        Op::Payout { n, paid } => {
            if m.withdrawals.is_empty() {
                return Ok(());
            }
            let len = m.withdrawals.len();
            let w = &mut m.withdrawals[n % len];
            let settled = jobs::settle_withdrawal(store, now, w.id, paid)
                .await
                .unwrap();
            prop_assert_eq!(settled, !w.settled);
            if settled {
                w.settled = true;
                let (payee, amount) = (w.payee, w.amount);
                let b = m.balance(payee);
                b.withdrawing -= amount;
                if paid {
                    b.withdrawn += amount;
                } else {
                    b.available += amount;
                }
            }
        }
    }
    Ok(())
}

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

/// Every case starts with each user earning one confirmed commission and the shop three
/// completed sales (so withdrawals have money to take), then runs its random steps.
fn warm_up() -> Vec<Op> {
    let mut ops: Vec<Op> = (0..USERS)
        .map(|u| Op::BuyThrough {
            buyer: (u + 1) % USERS,
            sharer: u,
            product: 0,
        })
        .collect();
    // Each move picks among the orders it is legal for: all three get shipped, then received.
    ops.extend((0..USERS).map(|_| Op::Order(Move::Ship, 1)));
    ops.extend((0..USERS).map(|_| Op::Order(Move::Receive, 1)));
    ops.push(Op::AdvanceHours(7 * 24));
    ops
}

fn reason() -> Input {
    Input::Reason("属性测试".into())
}

fn run(db: TestDb) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(Store::connect(db.url())).unwrap();
    let config = Config {
        cases: 24,
        failure_persistence: None,
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
