//! The commission moves that several use cases share (checkout, refund, the confirm
//! job, delisting): each changes the commission's status once, posts its ledger
//! movement and tells the sharer, inside the caller's transaction.

use super::notify::{self, Event, Told};
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
    let movement = Movement::commission_accrued(
        new.order_id,
        new.merchant_id,
        new.sharer_id,
        new.amount_cents,
    );
    let refs = Refs {
        order: Some(new.order_id),
        commission: Some(id),
        withdrawal: None,
    };
    ledger::post(db, &movement, refs, now).await?;
    let told = Told {
        sharer_id: new.sharer_id,
        share_id: new.share_id,
        order_id: new.order_id,
        amount_cents: new.amount_cents,
    };
    let event = Event::Commission {
        commission: told,
        status: CommissionStatus::Pending,
    };
    notify::record(db, event, now).await
}

/// Where a commission goes once it leaves `pending` (or, for a claw-back, `confirmed`).
#[derive(Debug, Clone, Copy)]
pub enum Settlement {
    /// The return window passed: the money becomes available.
    Confirm,
    /// Refunded or delisted before confirmation: the pending money goes back.
    Reverse(Reversal),
    /// Refunded after confirmation: the available money goes back.
    ClawBack,
}

impl Settlement {
    fn moves(self) -> (CommissionStatus, CommissionStatus) {
        match self {
            Settlement::Confirm => (CommissionStatus::Pending, CommissionStatus::Confirmed),
            Settlement::Reverse(_) => (CommissionStatus::Pending, CommissionStatus::Reversed),
            Settlement::ClawBack => (CommissionStatus::Confirmed, CommissionStatus::ClawedBack),
        }
    }
}

/// Settles a commission once, posting the movement that goes with it and telling the
/// sharer; `false` (and nothing written) if another transaction moved it first.
pub async fn settle(
    db: &mut Db,
    c: &Commission,
    how: Settlement,
    now: Millis,
) -> sqlx::Result<bool> {
    let (from, to) = how.moves();
    let (movement, why) = match how {
        Settlement::Confirm => (
            Movement::commission_confirmed(c.id, c.sharer_id, c.amount_cents),
            None,
        ),
        Settlement::Reverse(why) => (
            Movement::commission_reversed(c.id, c.merchant_id, c.sharer_id, c.amount_cents),
            Some(why),
        ),
        Settlement::ClawBack => (
            Movement::commission_clawed_back(c.id, c.merchant_id, c.sharer_id, c.amount_cents),
            Some(Reversal::Refund),
        ),
    };
    let why = why.map(crate::store::enums::name);
    if !commissions::move_status(db, c.id, from, to, why.as_deref(), now).await? {
        return Ok(false);
    }
    ledger::post(db, &movement, refs(c), now).await?;
    let event = Event::Commission {
        commission: c.into(),
        status: to,
    };
    notify::record(db, event, now).await?;
    Ok(true)
}

/// The order was refunded: reverse its pending commission, claw back a confirmed one.
pub async fn refund(db: &mut Db, order: i64, now: Millis) -> sqlx::Result<()> {
    let Some((c, status)) = commissions::of_order(db, order).await? else {
        return Ok(());
    };
    let how = match status {
        CommissionStatus::Pending => Settlement::Reverse(Reversal::Refund),
        CommissionStatus::Confirmed => Settlement::ClawBack,
        CommissionStatus::Reversed | CommissionStatus::ClawedBack => return Ok(()),
    };
    settle(db, &c, how, now).await?;
    Ok(())
}

fn refs(c: &Commission) -> Refs {
    Refs {
        order: Some(c.order_id),
        commission: Some(c.id),
        withdrawal: None,
    }
}
