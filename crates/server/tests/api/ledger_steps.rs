//! One step of the ledger property test: what it asks of the server (through the same
//! use cases the HTTP handlers call) and what the independent model says it must do.

use crate::ledger_model::{
    self as model, CommissionState, Model, ModelClick, ModelOrder, ModelWithdrawal, Move, Payee,
    ProductState, ShareState, Stage, PRODUCTS, USERS,
};
use crate::ledger_ops::{next_number, Op, ProductAct, ShareAct};
use circle_api::{Carrier, ErrorCode, ProductStatus, ShipRequest};
use circle_server::{
    clock::Clock,
    clock::ManualClock,
    domain::{ledger::Payee as ServerPayee, orders::Move as ServerMove},
    service::{
        earnings::{self, Withdrawn},
        fulfilment::{self, Actor, Input},
        jobs, moderation,
        orders::{self, Checkout},
        shares::{self, Clicker},
    },
    store::{self, Store},
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Where the clicks come from (one address, well within its allowance).
const CLICKS_FROM: &str = "198.51.100.7";

/// The visitor id of `buyer`'s browser before they log in.
fn visitor_of(m: &Model, buyer: usize) -> String {
    format!("visitor-{}", m.users[buyer])
}

/// Runs `op` against the server and the model, checking that they agree on what it did.
pub async fn step(
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
            quantity,
            meanwhile,
        } => {
            let click = Op::Click {
                buyer,
                sharer,
                product,
                visitor: false,
            };
            Box::pin(step(store, clock, m, &click)).await?;
            if let Some(act) = meanwhile {
                let share = Op::Share {
                    sharer,
                    product,
                    act,
                };
                Box::pin(step(store, clock, m, &share)).await?;
            }
            let buy = Op::Buy {
                buyer,
                product,
                quantity,
                retry: false,
            };
            Box::pin(step(store, clock, m, &buy)).await?;
        }
        Op::Click {
            buyer,
            sharer,
            product,
            visitor,
        } => {
            let visitor_id = visitor_of(m, buyer);
            let (who, by) = if visitor {
                (
                    Clicker::Visitor(&visitor_id),
                    model::Clicker::Visitor(buyer),
                )
            } else {
                (Clicker::User(m.users[buyer]), model::Clicker::User(buyer))
            };
            let code = &m.shares[sharer][product].1;
            let visible = m.share_state[sharer][product] == ShareState::Visible;
            match shares::click(store, now, CLICKS_FROM, code, who).await {
                Ok(()) => {
                    prop_assert!(visible, "a click on a share that is not visible counted");
                    m.clicks.push(ModelClick {
                        by,
                        product,
                        sharer,
                        at: now,
                    });
                }
                Err(e) if e.is(ErrorCode::NotFound) => {
                    prop_assert!(!visible, "a click on a visible share was refused");
                }
                Err(e) => prop_assert!(false, "click failed: {e}"),
            }
        }
        Op::Login { buyer } => {
            // What logging in does with the browser's visitor id.
            store::clicks::bind_visitor(pool, &visitor_of(m, buyer), m.users[buyer])
                .await
                .unwrap();
            for c in &mut m.clicks {
                if c.by == model::Clicker::Visitor(buyer) {
                    c.by = model::Clicker::User(buyer);
                }
            }
        }
        Op::Buy {
            buyer,
            product,
            quantity,
            retry,
        } => {
            let (key, product, quantity) = match (&m.last_key[buyer], retry) {
                (Some((key, p, q)), true) => (key.clone(), *p, *q),
                _ => (format!("k{}", next_number()), product, quantity),
            };
            let placed = orders::checkout(
                store,
                now,
                m.users[buyer],
                m.products[product],
                quantity,
                &key,
            )
            .await;
            let on_sale = m.product_state[product] == ProductState::Active;
            let replay = retry && m.last_key[buyer].is_some();
            match placed {
                Ok(Checkout::Replayed(id)) => {
                    prop_assert!(replay, "a new key replayed an order");
                    prop_assert!(m.orders.iter().any(|o| o.id == id));
                }
                Ok(Checkout::Created(id)) => {
                    prop_assert!(!replay, "a retry made a second order");
                    prop_assert!(on_sale, "a product not on sale was sold");
                    prop_assert!(m.orders.iter().all(|o| o.id != id));
                    let amount = PRODUCTS[product].0 * quantity;
                    let commission = m.attribute(buyer, product, amount, now);
                    if let Some((sharer, c)) = commission {
                        m.balances[sharer].pending += c;
                    }
                    m.shop.pending += amount - commission.map_or(0, |c| c.1);
                    m.orders.push(ModelOrder {
                        id,
                        buyer,
                        product,
                        amount,
                        stage: Stage::Paid { at: now },
                        commission: commission.map(|(s, c)| (s, c, CommissionState::Pending)),
                        settled: 0,
                    });
                    m.last_key[buyer] = Some((key, product, quantity));
                }
                Err(e) if e.is(ErrorCode::ProductUnavailable) => {
                    prop_assert!(!on_sale && !replay, "refused a sale: {e}");
                }
                Err(e) => prop_assert!(false, "checkout failed: {e}"),
            }
        }
        Op::Share {
            sharer,
            product,
            act,
        } => {
            let (id, state) = (m.shares[sharer][product].0, m.share_state[sharer][product]);
            let done = match act {
                ShareAct::Hide | ShareAct::Restore => {
                    let hide = matches!(act, ShareAct::Hide);
                    moderation::decide_share(store, now, m.owner, id, "属性测试", hide).await
                }
                ShareAct::Delete => shares::delete(store, now, m.users[sharer], id).await,
            };
            let want = match (act, state) {
                (_, ShareState::Deleted) | (ShareAct::Delete, ShareState::Hidden) => None,
                (ShareAct::Hide, _) => Some(ShareState::Hidden),
                (ShareAct::Restore, _) => Some(ShareState::Visible),
                (ShareAct::Delete, ShareState::Visible) => Some(ShareState::Deleted),
            };
            match (done, want) {
                (Ok(()), Some(to)) => m.share_state[sharer][product] = to,
                (Err(e), None) if e.is(ErrorCode::NotFound) => {}
                (done, want) => {
                    prop_assert!(false, "{act:?} from {state:?}: {done:?}, want {want:?}")
                }
            }
        }
        Op::Product { product, act } => {
            let (id, state) = (m.products[product], m.product_state[product]);
            let done = match act {
                ProductAct::Review => {
                    let mut tx = store.begin().await.unwrap();
                    let from = [ProductStatus::Active];
                    let moved = store::catalog::move_product_status(
                        &mut tx,
                        id,
                        &from,
                        ProductStatus::UnderReview,
                    )
                    .await
                    .unwrap();
                    tx.commit().await.unwrap();
                    prop_assert_eq!(moved, state == ProductState::Active);
                    if moved {
                        m.product_state[product] = ProductState::UnderReview;
                    }
                    return Ok(());
                }
                ProductAct::Restore | ProductAct::Delist => {
                    let delist = matches!(act, ProductAct::Delist);
                    moderation::decide_product(store, now, m.owner, id, "属性测试", delist).await
                }
            };
            match (act, state, done) {
                (ProductAct::Restore, ProductState::UnderReview, Ok(())) => {
                    m.product_state[product] = ProductState::Active;
                }
                (ProductAct::Delist, ProductState::Active | ProductState::UnderReview, Ok(())) => {
                    m.delist(product);
                }
                (_, _, Err(e)) if e.is(ErrorCode::IllegalTransition) => {
                    let legal = match act {
                        ProductAct::Restore => state == ProductState::UnderReview,
                        _ => state != ProductState::Delisted,
                    };
                    prop_assert!(!legal, "{act:?} from {state:?} refused: {e}");
                }
                (_, _, done) => prop_assert!(false, "{act:?} from {state:?}: {done:?}"),
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
            let key = format!("w{}", next_number());
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
            let key = format!("w{}", next_number());
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

fn reason() -> Input {
    Input::Reason("属性测试".into())
}
