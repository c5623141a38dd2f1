//! The property test's own model of orders and money, written apart from the server's
//! rules so that a mistake in one does not hide in the other: what each move does to an
//! order, and to the sharers' and the shop's balances.

use circle_server::clock::{DAY, HOUR};

pub const USERS: usize = 3;
/// (price in cents, commission rate in basis points)
pub const PRODUCTS: [(i64, i64); 3] = [(12_345, 1_000), (99_999, 333), (5_000, 0)];
/// The shop's platform fee in basis points.
pub const FEE_BP: i64 = 250;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ret {
    Requested,
    Disputed,
    Refused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Paid { at: i64 },
    Shipped { at: i64 },
    Delivered { at: i64, ret: Option<Ret> },
    Completed,
    Cancelled,
    Refunded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommissionState {
    Pending,
    Confirmed,
    Gone,
}

/// A share as its author and the moderators left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareState {
    Visible,
    /// By a moderator; a moderator may show it again.
    Hidden,
    /// By its author, for good.
    Deleted,
}

/// A product as the reports and the moderators left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductState {
    Active,
    /// Reported as counterfeit: not for sale, its orders' money frozen.
    UnderReview,
    /// For good: its pending commissions went back to the shop.
    Delisted,
}

/// Who opened a share link: a logged-in user, or that user before logging in (a
/// visitor whose clicks become the user's at login).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clicker {
    User(usize),
    Visitor(usize),
}

pub struct ModelClick {
    pub by: Clicker,
    pub product: usize,
    pub sharer: usize,
    pub at: i64,
}

pub struct ModelOrder {
    pub id: i64,
    pub buyer: usize,
    pub product: usize,
    pub amount: i64,
    pub stage: Stage,
    /// (sharer, amount, state)
    pub commission: Option<(usize, i64, CommissionState)>,
    /// What the shop was credited at completion.
    pub settled: i64,
}

#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Balances {
    pub pending: i64,
    pub available: i64,
    pub withdrawing: i64,
    pub withdrawn: i64,
}

/// Who a withdrawal pays: a user (by index) or the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payee {
    User(usize),
    Shop,
}

pub struct ModelWithdrawal {
    pub id: i64,
    pub payee: Payee,
    pub amount: i64,
    pub at: i64,
    pub settled: bool,
}

/// A move of an order, by whoever makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Ship,
    Receive,
    Cancel,
    Return,
    Accept,
    Dispute,
    /// A moderator refunds at any stage.
    Refund,
    /// A moderator decides a disputed return for the shop.
    Refuse,
}

pub struct Model {
    pub users: Vec<i64>,
    pub owner: i64,
    pub merchant: i64,
    pub products: Vec<i64>,
    /// shares[user][product]: (id, code)
    pub shares: Vec<Vec<(i64, String)>>,
    pub share_state: Vec<Vec<ShareState>>,
    pub product_state: Vec<ProductState>,
    /// In the order they were made (which is also time order).
    pub clicks: Vec<ModelClick>,
    pub orders: Vec<ModelOrder>,
    /// Each buyer's previous checkout: (key, product, quantity).
    pub last_key: Vec<Option<(String, usize, i64)>>,
    pub balances: Vec<Balances>,
    pub shop: Balances,
    pub withdrawals: Vec<ModelWithdrawal>,
}

impl Model {
    /// The sharer a purchase of `product` by `buyer` at `now` pays, and how much: the
    /// buyer's last click on the product in the 7 days before, if its share is still
    /// visible, is not the buyer's own, and the product pays a commission on `amount`.
    pub fn attribute(
        &self,
        buyer: usize,
        product: usize,
        amount: i64,
        now: i64,
    ) -> Option<(usize, i64)> {
        let click = self.clicks.iter().rev().find(|c| {
            c.by == Clicker::User(buyer) && c.product == product && c.at >= now - 7 * DAY
        })?;
        let commission = amount * PRODUCTS[product].1 / 10_000;
        let visible = self.share_state[click.sharer][product] == ShareState::Visible;
        (click.sharer != buyer && visible && commission > 0).then_some((click.sharer, commission))
    }

    /// The product was delisted: the pending commissions of its orders go back to the shop.
    pub fn delist(&mut self, product: usize) {
        self.product_state[product] = ProductState::Delisted;
        for o in self.orders.iter_mut().filter(|o| o.product == product) {
            if let Some((sharer, c, state @ CommissionState::Pending)) = o.commission.as_mut() {
                *state = CommissionState::Gone;
                self.balances[*sharer].pending -= *c;
                self.shop.pending += *c;
            }
        }
    }

    pub fn balance(&mut self, payee: Payee) -> &mut Balances {
        match payee {
            Payee::User(u) => &mut self.balances[u],
            Payee::Shop => &mut self.shop,
        }
    }
}

/// The stage a move leads to from `stage` at `now`, or `None` if it is not legal.
pub fn next(m: Move, stage: Stage, now: i64) -> Option<Stage> {
    use Stage::*;
    match (m, stage) {
        (Move::Ship, Paid { .. }) => Some(Shipped { at: now }),
        (Move::Receive, Shipped { .. }) => Some(Delivered { at: now, ret: None }),
        (Move::Cancel, Paid { at }) if now >= at + 48 * HOUR => Some(Cancelled),
        (Move::Return, Delivered { at, ret: None }) if now < at + 7 * DAY => Some(Delivered {
            at,
            ret: Some(Ret::Requested),
        }),
        (
            Move::Accept,
            Delivered {
                ret: Some(Ret::Requested | Ret::Disputed),
                ..
            },
        ) => Some(Refunded),
        (
            Move::Dispute,
            Delivered {
                at,
                ret: Some(Ret::Requested),
            },
        ) => Some(Delivered {
            at,
            ret: Some(Ret::Disputed),
        }),
        (
            Move::Refuse,
            Delivered {
                at,
                ret: Some(Ret::Disputed),
            },
        ) => Some(Delivered {
            at,
            ret: Some(Ret::Refused),
        }),
        (Move::Refund, Paid { .. } | Shipped { .. } | Delivered { .. } | Completed) => {
            Some(Refunded)
        }
        _ => None,
    }
}

/// The money of order `i` moving from its stage to `to`.
pub fn apply(m: &mut Model, i: usize, to: Stage) {
    let was = m.orders[i].stage;
    let amount = m.orders[i].amount;
    let live = |o: &ModelOrder| match o.commission {
        Some((_, c, CommissionState::Pending | CommissionState::Confirmed)) => c,
        _ => 0,
    };
    let refunding = matches!(to, Stage::Refunded | Stage::Cancelled);
    if refunding {
        let c = live(&m.orders[i]);
        if was == Stage::Completed {
            // The shop gives back what it was credited; the sharer's confirmed money goes.
            m.shop.available -= m.orders[i].settled;
        } else {
            m.shop.pending -= amount - c;
        }
        if let Some((sharer, c, state)) = m.orders[i].commission.as_mut() {
            match *state {
                CommissionState::Pending => m.balances[*sharer].pending -= *c,
                CommissionState::Confirmed => m.balances[*sharer].available -= *c,
                CommissionState::Gone => {}
            }
            *state = CommissionState::Gone;
        }
    }
    if to == Stage::Completed {
        let c = live(&m.orders[i]);
        let fee = amount * FEE_BP / 10_000;
        let net = amount - c - fee;
        m.shop.pending -= amount - c;
        m.shop.available += net;
        m.orders[i].settled = net;
        if let Some((sharer, c, state)) = m.orders[i].commission.as_mut() {
            if *state == CommissionState::Pending {
                m.balances[*sharer].pending -= *c;
                m.balances[*sharer].available += *c;
                *state = CommissionState::Confirmed;
            }
        }
    }
    m.orders[i].stage = to;
}

/// What the jobs do at `now`: receipt confirmed 10 days after shipping, then orders
/// whose return window closed (no return open) completed, unless their product is under
/// review or delisted. (received, completed)
pub fn jobs(m: &mut Model, now: i64) -> (u64, u64) {
    let mut received = 0;
    for o in &mut m.orders {
        if let Stage::Shipped { at } = o.stage {
            if at + 10 * DAY <= now {
                o.stage = Stage::Delivered { at: now, ret: None };
                received += 1;
            }
        }
    }
    let mut completed = 0;
    for i in 0..m.orders.len() {
        if let Stage::Delivered {
            at,
            ret: None | Some(Ret::Refused),
        } = m.orders[i].stage
        {
            let frozen = m.product_state[m.orders[i].product] != ProductState::Active;
            if at + 7 * DAY <= now && !frozen {
                apply(m, i, Stage::Completed);
                completed += 1;
            }
        }
    }
    (received, completed)
}
