//! The double-entry ledger: posting movements, balances derived from entries, and the
//! invariant check behind `circle ledger check`.

use super::{enums::Stored, Db};
use crate::{
    clock::Millis,
    domain::ledger::{Account, Kind, Movement},
};
use circle_api::{Cents, CommissionStatus, OrderStatus, WithdrawalStatus};
use std::collections::BTreeSet;

/// What a transaction is about.
#[derive(Debug, Clone, Copy, Default)]
pub struct Refs {
    pub order: Option<i64>,
    pub commission: Option<i64>,
    pub withdrawal: Option<i64>,
}

/// Takes the user's wallet lock until the transaction ends: every transaction that moves
/// a user's money takes it first, so balance checks and postings cannot interleave.
pub async fn lock_wallet(db: &mut Db, user: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO wallets (user_id, version) VALUES ($1, 1) \
         ON CONFLICT (user_id) DO UPDATE SET version = wallets.version + 1",
    )
    .bind(user)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Posts a movement once: `false` when its dedupe key was already posted (a retry or a
/// lost race), and then nothing is written. Takes the wallet locks of the users involved.
pub async fn post(db: &mut Db, m: &Movement, refs: Refs, now: Millis) -> sqlx::Result<bool> {
    let users: BTreeSet<i64> = m.users().collect();
    for user in users {
        lock_wallet(db, user).await?;
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (kind, dedupe_key, order_id, commission_id, withdrawal_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(m.kind.name())
    .bind(&m.dedupe_key)
    .bind(refs.order)
    .bind(refs.commission)
    .bind(refs.withdrawal)
    .bind(now)
    .fetch_optional(&mut *db)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    for (account, amount) in &m.entries {
        sqlx::query(
            "INSERT INTO ledger_entries (tx_id, account, owner_id, amount_cents, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(account.name())
        .bind(account.owner())
        .bind(amount)
        .bind(now)
        .execute(&mut *db)
        .await?;
    }
    Ok(true)
}

/// The amount a movement moved (its positive entry), or 0 if it was never posted.
pub async fn posted(db: &mut Db, dedupe_key: &str) -> sqlx::Result<Cents> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t \
         JOIN ledger_entries e ON e.tx_id = t.id WHERE t.dedupe_key = $1 AND e.amount_cents > 0",
    )
    .bind(dedupe_key)
    .fetch_one(&mut *db)
    .await
}

/// The balance of one account: the sum of its entries.
pub async fn balance(db: &mut Db, account: Account) -> sqlx::Result<Cents> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM ledger_entries \
         WHERE owner_id = $1 AND account = $2",
    )
    .bind(account.owner())
    .bind(account.name())
    .fetch_one(&mut *db)
    .await
}

/// A user's balances, each derived from the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wallet {
    pub pending: Cents,
    pub available: Cents,
    pub withdrawing: Cents,
    pub withdrawn: Cents,
    /// Confirmed commissions over all time less claw-backs.
    pub confirmed: Cents,
}

pub async fn wallet(db: &mut Db, user: i64) -> sqlx::Result<Wallet> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT e.account AS account, t.kind AS kind, CAST(SUM(e.amount_cents) AS BIGINT) AS total \
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id \
         WHERE e.owner_id = $1 AND e.account IN ('user_pending', 'user_available', 'user_withdrawing', 'user_withdrawn') \
         GROUP BY e.account, t.kind",
    )
    .bind(user)
    .fetch_all(&mut *db)
    .await?;
    let mut w = Wallet::default();
    for (account, kind, total) in rows {
        match account.as_str() {
            "user_pending" => w.pending += total,
            "user_available" => {
                w.available += total;
                if kind == Kind::CommissionConfirmed.name()
                    || kind == Kind::CommissionClawedBack.name()
                {
                    w.confirmed += total;
                }
            }
            "user_withdrawing" => w.withdrawing += total,
            "user_withdrawn" => w.withdrawn += total,
            other => {
                return Err(sqlx::Error::Decode(
                    format!("unknown wallet account {other:?}").into(),
                ))
            }
        }
    }
    Ok(w)
}

/// A merchant's balances, each derived from the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MerchantBalances {
    pub pending: Cents,
    pub available: Cents,
    pub withdrawing: Cents,
    pub withdrawn: Cents,
}

pub async fn merchant_balances(db: &mut Db, merchant: i64) -> sqlx::Result<MerchantBalances> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT account, CAST(SUM(amount_cents) AS BIGINT) AS total FROM ledger_entries \
         WHERE owner_id = $1 AND account IN ('merchant_payable', 'merchant_available', \
           'merchant_withdrawing', 'merchant_withdrawn') GROUP BY account",
    )
    .bind(merchant)
    .fetch_all(&mut *db)
    .await?;
    let mut b = MerchantBalances::default();
    for (account, total) in rows {
        match account.as_str() {
            "merchant_payable" => b.pending = total,
            "merchant_available" => b.available = total,
            "merchant_withdrawing" => b.withdrawing = total,
            _ => b.withdrawn = total,
        }
    }
    Ok(b)
}

/// Everything `circle ledger check` verifies; each breach is one readable line.
pub async fn check(db: &mut Db) -> sqlx::Result<Vec<String>> {
    let mut breaches = Vec::new();

    // 1. Every transaction has two or more entries summing to zero.
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT t.id AS id, t.dedupe_key AS key, COUNT(e.id) AS n, \
                CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) AS total \
         FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.tx_id = t.id \
         GROUP BY t.id, t.dedupe_key HAVING COUNT(e.id) < 2 OR COALESCE(SUM(e.amount_cents), 0) <> 0",
    )
    .fetch_all(&mut *db)
    .await?;
    for (id, key, n, total) in rows {
        breaches.push(format!(
            "transaction {id} ({key}) has {n} entries summing to {total}"
        ));
    }

    // 2. Every order's payment is posted once, with its amount; every refund likewise.
    let rows: Vec<(i64, Stored<OrderStatus>, i64, i64, i64)> = sqlx::query_as(
        "SELECT o.id AS id, o.status AS status, o.amount_cents AS amount, \
           (SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t \
              JOIN ledger_entries e ON e.tx_id = t.id \
              WHERE t.order_id = o.id AND t.kind = 'order_paid' AND e.account = 'merchant_payable') AS paid, \
           (SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t \
              JOIN ledger_entries e ON e.tx_id = t.id \
              WHERE t.order_id = o.id AND t.kind = 'order_refunded' AND e.account = 'platform') AS refunded \
         FROM orders o",
    )
    .fetch_all(&mut *db)
    .await?;
    for (id, status, amount, paid, refunded) in rows {
        let want_refund = if matches!(status.0, OrderStatus::Refunded | OrderStatus::Cancelled) {
            amount
        } else {
            0
        };
        if paid != amount || refunded != want_refund {
            breaches.push(format!(
                "order {id}: amount {amount}, ledger has paid {paid} and refunded {refunded}"
            ));
        }
    }

    // 3. Each commission's entries match its status: pending money while pending,
    //    available money once confirmed, nothing left after a reversal or claw-back.
    let rows: Vec<(i64, Stored<CommissionStatus>, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT c.id AS id, c.status AS status, c.amount_cents AS amount, \
           (SELECT COUNT(*) FROM ledger_transactions t WHERE t.order_id = c.order_id AND t.kind = 'commission_accrued') AS accruals, \
           (SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id \
              WHERE t.commission_id = c.id AND e.account = 'user_pending') AS pending, \
           (SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id \
              WHERE t.commission_id = c.id AND e.account = 'user_available') AS available \
         FROM commissions c",
    )
    .fetch_all(&mut *db)
    .await?;
    for (id, status, amount, accruals, pending, available) in rows {
        let want = match status.0 {
            CommissionStatus::Pending => (amount, 0),
            CommissionStatus::Confirmed => (0, amount),
            CommissionStatus::Reversed | CommissionStatus::ClawedBack => (0, 0),
        };
        if accruals != 1 || (pending, available) != want {
            breaches.push(format!(
                "commission {id} ({}, {amount}): {accruals} accruals, pending {pending}, available {available}",
                super::enums::name(status.0)
            ));
        }
    }
    // No order carries a commission unless its attribution says so.
    let stray: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id \
         WHERE o.attribution <> 'commission' OR o.buyer_id = c.sharer_id",
    )
    .fetch_one(&mut *db)
    .await?;
    if stray > 0 {
        breaches.push(format!(
            "{stray} commissions on orders not attributed to another person's share"
        ));
    }

    // 4. Withdrawals: requested once, settled at most once and as their status says.
    /// id, status, amount, requested / paid / failed postings, money in flight.
    type WithdrawalCheck = (i64, Stored<WithdrawalStatus>, i64, i64, i64, i64, i64);
    let rows: Vec<WithdrawalCheck> = sqlx::query_as(
        "SELECT w.id AS id, w.status AS status, w.amount_cents AS amount, \
           (SELECT COUNT(*) FROM ledger_transactions t WHERE t.withdrawal_id = w.id AND t.kind = 'withdrawal_requested') AS requested, \
           (SELECT COUNT(*) FROM ledger_transactions t WHERE t.withdrawal_id = w.id AND t.kind = 'withdrawal_paid') AS paid, \
           (SELECT COUNT(*) FROM ledger_transactions t WHERE t.withdrawal_id = w.id AND t.kind = 'withdrawal_failed') AS failed, \
           (SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id \
              WHERE t.withdrawal_id = w.id AND e.account IN ('user_withdrawing', 'merchant_withdrawing')) AS in_flight \
         FROM withdrawals w",
    )
    .fetch_all(&mut *db)
    .await?;
    for (id, status, amount, requested, paid, failed, in_flight) in rows {
        let counts = (requested, paid, failed);
        let want = match status.0 {
            WithdrawalStatus::Requested => ((1, 0, 0), amount),
            WithdrawalStatus::Paid => ((1, 1, 0), 0),
            WithdrawalStatus::Failed => ((1, 0, 1), 0),
        };
        if (counts, in_flight) != want {
            breaches.push(format!(
                "withdrawal {id} ({}, {amount}): requested/paid/failed postings {counts:?}, in flight {in_flight}",
                super::enums::name(status.0)
            ));
        }
    }

    // 5. Per user: no negative pending, in-flight or withdrawn balance, and no withdrawal
    //    was ever funded by more than the available balance at the time.
    breaches.extend(super::ledger_checks::overdrawn(db, "user").await?);
    breaches.extend(super::ledger_checks::shops(db).await?);
    Ok(breaches)
}
