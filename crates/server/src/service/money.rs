//! The commission moves that several use cases share (checkout, refund, the confirm
//! job, delisting): each changes the commission's status once, posts its ledger
//! movement and tells the sharer, inside the caller's transaction.

use super::notify::{self, Event};
use crate::{
    clock::Millis,
    domain::ledger::Movement,
    store::{
        commissions::{self, Commission, NewCommission},
        ledger::{self, Refs},
        Db,
    },
};
use circle_api::{CommissionStatus, Reversal};

/// Creates an order's commission and its pending money, once per order.
pub async fn accrue(db: &mut Db, new: NewCommission, now: Millis) -> sqlx::Result<()> {
    let Some(id) = commissions::insert(db, &new, now).await? else {
        return Ok(());
    };
    let c = Commission {
        id,
        sharer_id: new.sharer_id,
        merchant_id: new.merchant_id,
        amount_cents: new.amount_cents,
        share_id: new.share_id,
        order_id: new.order_id,
        product_id: 0,
    };
    let movement =
        Movement::commission_accrued(c.order_id, c.merchant_id, c.sharer_id, c.amount_cents);
    ledger::post(db, &movement, refs(&c), now).await?;
    let event = Event::Commission {
        commission: &c,
        status: CommissionStatus::Pending,
    };
    notify::record(db, event, now).await
}

/// Moves a commission from `from` to `to`, posting the movement that goes with it;
/// `false` (and nothing written) if another transaction moved it first.
pub async fn settle(
    db: &mut Db,
    c: &Commission,
    from: CommissionStatus,
    to: CommissionStatus,
    reversal: Option<Reversal>,
    now: Millis,
) -> sqlx::Result<bool> {
    let why = reversal.map(crate::store::enums::name);
    if !commissions::move_status(db, c.id, from, to, why.as_deref(), now).await? {
        return Ok(false);
    }
    let movement = match to {
        CommissionStatus::Confirmed => {
            Movement::commission_confirmed(c.id, c.sharer_id, c.amount_cents)
        }
        CommissionStatus::Reversed => {
            Movement::commission_reversed(c.id, c.merchant_id, c.sharer_id, c.amount_cents)
        }
        CommissionStatus::ClawedBack => {
            Movement::commission_clawed_back(c.id, c.merchant_id, c.sharer_id, c.amount_cents)
        }
        CommissionStatus::Pending => unreachable!("nothing moves a commission back to pending"),
    };
    ledger::post(db, &movement, refs(c), now).await?;
    notify::record(
        db,
        Event::Commission {
            commission: c,
            status: to,
        },
        now,
    )
    .await?;
    Ok(true)
}

/// The order was refunded: reverse its pending commission, claw back a confirmed one.
pub async fn refund(db: &mut Db, order: i64, now: Millis) -> sqlx::Result<()> {
    let Some((c, status)) = commissions::of_order(db, order).await? else {
        return Ok(());
    };
    let to = match status {
        CommissionStatus::Pending => CommissionStatus::Reversed,
        CommissionStatus::Confirmed => CommissionStatus::ClawedBack,
        CommissionStatus::Reversed | CommissionStatus::ClawedBack => return Ok(()),
    };
    settle(db, &c, status, to, Some(Reversal::Refund), now).await?;
    Ok(())
}

fn refs(c: &Commission) -> Refs {
    Refs {
        order: Some(c.order_id),
        commission: Some(c.id),
        withdrawal: None,
    }
}
