//! Orders after payment: the merchant ships, the buyer confirms receipt (or the jobs do
//! after 10 days), the buyer cancels an order unshipped after 48 hours or asks for a
//! return within 7 days of delivery, the merchant accepts or disputes, a moderator
//! decides, and the jobs complete an order when its return window closes. One function
//! makes every move: it locks the order, asks `domain::orders::check`, writes the move
//! and its money and notifications in the same transaction.

use super::{
    money,
    notify::{self, Event},
    ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{
        accounts::FieldError,
        ledger::{self as rules, Movement},
        merchants,
        orders::{self, Move, Refusal},
        text,
    },
    store::{
        self,
        fulfilment::{Staged, Write},
        ledger::{self, Refs},
        Locked, Store,
    },
};
use circle_api::{
    ErrorCode, FieldProblem, NotificationKind, OrderStatus, ProductStatus, ShipRequest,
    RETURN_TEXT_MAX,
};

/// Who makes a move; each may make only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Buyer(i64),
    /// The shop (its id) of the logged-in merchant.
    Merchant(i64),
    Moderator(i64),
    Jobs,
}

/// What a move carries.
#[derive(Debug, Clone)]
pub enum Input {
    None,
    Ship(ShipRequest),
    /// A return's reason, a dispute's note, a moderator's reason.
    Reason(String),
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        ApiError::new(r.code, r.message)
    }
}

fn may(actor: Actor, m: Move) -> bool {
    use Move::*;
    match actor {
        Actor::Buyer(_) => matches!(m, Receive | Cancel | RequestReturn),
        Actor::Merchant(_) => matches!(m, Ship | AcceptReturn | DisputeReturn),
        Actor::Moderator(_) => matches!(m, Refund | RefuseReturn),
        Actor::Jobs => matches!(m, Receive | Complete),
    }
}

/// What a move did besides moving the order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    /// Completing the order confirmed its sharer's commission.
    pub commission_confirmed: bool,
}

/// Makes a move. Someone else's order is not found, as if it did not exist.
pub async fn act(
    store: &Store,
    now: Millis,
    actor: Actor,
    id: i64,
    m: Move,
    input: Input,
) -> ApiResult<Moved> {
    if !may(actor, m) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "This move is not yours to make.",
        ));
    }
    // Inputs are checked before anything is locked; `why` is a moderator's reason, for
    // the audit log.
    let reason = |r: &str| text::check("reason", r, RETURN_TEXT_MAX, true);
    let mut why = String::new();
    let write = match (m, input) {
        (Move::Ship, Input::Ship(req)) => Write::Shipped {
            carrier: req.carrier,
            tracking_no: merchants::tracking_no(req.carrier, &req.tracking_no)?,
        },
        (Move::Ship, _) => {
            let no = "Choose a carrier.";
            return Err(FieldError::new("carrier", FieldProblem::Required, no).into());
        }
        (Move::RequestReturn, Input::Reason(r)) => Write::ReturnRequested {
            reason: reason(&r)?,
        },
        (Move::DisputeReturn, Input::Reason(r)) => Write::ReturnDisputed { note: reason(&r)? },
        (Move::RefuseReturn | Move::Refund, Input::Reason(r)) => {
            why = reason(&r)?;
            if m == Move::Refund {
                Write::Refunded
            } else {
                Write::ReturnRefused
            }
        }
        (Move::RequestReturn | Move::DisputeReturn | Move::RefuseReturn | Move::Refund, _) => {
            return Err(FieldError::new("reason", FieldProblem::Required, "Say why.").into())
        }
        (Move::Receive, _) => Write::Delivered,
        (Move::Cancel, _) => Write::Cancelled,
        (Move::AcceptReturn, _) => Write::Refunded,
        (Move::Complete, _) => Write::Completed,
    };
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::Order, id).await?;
    let order = store::fulfilment::staged(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    let theirs = match actor {
        Actor::Buyer(b) => order.buyer_id == b,
        Actor::Merchant(mid) => order.merchant_id == mid,
        Actor::Moderator(_) | Actor::Jobs => true,
    };
    if !theirs {
        return Err(ApiError::not_found());
    }
    let stage = order.stage();
    orders::check(m, stage, now)?;
    if m == Move::Complete {
        // A product reported as counterfeit keeps its orders' money frozen.
        store::lock(&mut tx, Locked::Product, order.product_id).await?;
        let status = store::catalog::status(&mut tx, order.product_id).await?;
        if matches!(
            status,
            Some(ProductStatus::UnderReview | ProductStatus::Delisted)
        ) {
            return Err(ApiError::new(
                ErrorCode::IllegalTransition,
                "The product is frozen.",
            ));
        }
    }
    if !store::fulfilment::write(&mut tx, id, stage.status, &write, now).await? {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            "The order moved meanwhile.",
        ));
    }
    let moved = effects(&mut tx, &order, m, stage.status, now).await?;
    if let Actor::Moderator(moderator) = actor {
        let action = if m == Move::Refund {
            "refund_order"
        } else {
            "refuse_return"
        };
        store::reports::log(&mut tx, moderator, action, "order", id, &why, now).await?;
    }
    tx.commit().await?;
    Ok(moved)
}

/// The money and the notifications a move brings, inside its transaction.
async fn effects(
    db: &mut store::Db,
    order: &Staged,
    m: Move,
    was: OrderStatus,
    now: Millis,
) -> ApiResult<Moved> {
    let mut moved = Moved::default();
    let merchant_user = order.merchant_user_id;
    let tell = |user: Option<i64>, kind| {
        user.map(|user| Event::Order {
            user,
            kind,
            order: order.id,
            amount: None,
        })
    };
    let mut told = Vec::new();
    match m {
        Move::Ship => told.push(tell(Some(order.buyer_id), NotificationKind::OrderShipped)),
        Move::Receive => store::commissions::date_for_delivery(db, order.id, now).await?,
        Move::Cancel => {
            store::catalog::restock(db, order.product_id, order.quantity).await?;
            refund(db, order, was, now).await?;
            told.push(tell(merchant_user, NotificationKind::OrderCancelled));
        }
        Move::RequestReturn => told.push(tell(merchant_user, NotificationKind::ReturnRequested)),
        Move::DisputeReturn => {
            told.push(tell(Some(order.buyer_id), NotificationKind::ReturnDisputed))
        }
        Move::RefuseReturn => {
            told.push(tell(Some(order.buyer_id), NotificationKind::ReturnRefused));
            told.push(tell(merchant_user, NotificationKind::ReturnRefused));
        }
        Move::AcceptReturn | Move::Refund => {
            refund(db, order, was, now).await?;
            told.push(tell(Some(order.buyer_id), NotificationKind::OrderRefunded));
            told.push(tell(merchant_user, NotificationKind::OrderRefunded));
        }
        Move::Complete => {
            let (net, confirmed) = complete(db, order, now).await?;
            moved.commission_confirmed = confirmed;
            if let Some(user) = merchant_user {
                told.push(Some(Event::Order {
                    user,
                    kind: NotificationKind::OrderCompleted,
                    order: order.id,
                    amount: Some(net),
                }));
            }
        }
    }
    for event in told.into_iter().flatten() {
        notify::record(db, event, now).await?;
    }
    Ok(moved)
}

fn refs(order: i64) -> Refs {
    Refs {
        order: Some(order),
        ..Refs::default()
    }
}

/// The return window closed: the sharer's commission is confirmed, the merchant's share
/// (the amount less the commission and the fee) becomes available. Returns that share,
/// and whether a commission was confirmed.
async fn complete(db: &mut store::Db, order: &Staged, now: Millis) -> ApiResult<(i64, bool)> {
    let (commission, confirmed) = match store::commissions::of_order(db, order.id).await? {
        Some((c, circle_api::CommissionStatus::Pending)) => {
            let confirmed = money::settle(db, &c, money::Settlement::Confirm, now).await?;
            (c.amount_cents, confirmed)
        }
        Some((c, circle_api::CommissionStatus::Confirmed)) => (c.amount_cents, false),
        _ => (0, false),
    };
    let fee = rules::fee(order.amount_cents, order.fee_bp).unwrap_or(0);
    let net = order.amount_cents - commission - fee;
    if net > 0 {
        let m = Movement::order_settled(order.id, order.merchant_id, net);
        ledger::post(db, &m, refs(order.id), now).await?;
    }
    if fee > 0 {
        let m = Movement::fee_charged(order.id, order.merchant_id, fee);
        ledger::post(db, &m, refs(order.id), now).await?;
    }
    Ok((net, confirmed))
}

/// The buyer gets the whole amount back: a completed order's settlement is undone first
/// (the merchant's available may go negative), the commission is reversed or clawed
/// back, and the order's ratings leave the product's average.
async fn refund(
    db: &mut store::Db,
    order: &Staged,
    was: OrderStatus,
    now: Millis,
) -> ApiResult<()> {
    store::shares::uncount_ratings_of_order(db, order.id).await?;
    store::rings::unboost_order(db, order.id, now).await?;
    if was == OrderStatus::Completed {
        let settled = ledger::posted(db, &format!("settle:order:{}", order.id)).await?;
        if settled > 0 {
            let m = Movement::settlement_reversed(order.id, order.merchant_id, settled);
            ledger::post(db, &m, refs(order.id), now).await?;
        }
        let fee = ledger::posted(db, &format!("fee:order:{}", order.id)).await?;
        if fee > 0 {
            let m = Movement::fee_returned(order.id, order.merchant_id, fee);
            ledger::post(db, &m, refs(order.id), now).await?;
        }
    }
    money::refund(db, order.id, now).await?;
    let m = Movement::order_refunded(order.id, order.merchant_id, order.amount_cents);
    ledger::post(db, &m, refs(order.id), now).await?;
    Ok(())
}
