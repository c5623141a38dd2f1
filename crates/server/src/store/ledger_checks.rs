//! The balance checks of `circle ledger check`: no payout (a person's or a shop's) took
//! more than was available and no balance that cannot be negative is; and the shops'
//! side: what each shop is owed matches its orders, and each completed order was settled
//! once and in full.

use super::Db;
use crate::domain::ledger::Kind;
use std::collections::BTreeMap;

/// The live part of an order's commission (pending or confirmed), in SQL.
const LIVE_COMMISSION: &str =
    "(SELECT CAST(COALESCE(SUM(c.amount_cents), 0) AS BIGINT) FROM commissions c \
     WHERE c.order_id = o.id AND c.status IN ('pending', 'confirmed'))";

/// The amount a movement of `kind` about order `o` moved, in SQL.
fn posted(kind: Kind) -> String {
    format!(
        "(SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_transactions t \
           JOIN ledger_entries e ON e.tx_id = t.id \
           WHERE t.order_id = o.id AND t.kind = '{}' AND e.amount_cents > 0)",
        kind.name()
    )
}

/// The shops' checks (6–8).
pub async fn shops(db: &mut Db) -> sqlx::Result<Vec<String>> {
    let mut breaches = Vec::new();

    // 6. A shop's pending money is its open orders' amounts less their live commissions.
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT m.id AS id, \
           (SELECT CAST(COALESCE(SUM(e.amount_cents), 0) AS BIGINT) FROM ledger_entries e \
              WHERE e.owner_id = m.id AND e.account = 'merchant_payable') AS payable, \
           (SELECT CAST(COALESCE(SUM(o.amount_cents - {LIVE_COMMISSION}), 0) AS BIGINT) FROM orders o \
              WHERE o.merchant_id = m.id AND o.status IN ('paid', 'shipped', 'delivered')) AS open \
         FROM merchants m"
    ))
    .fetch_all(&mut *db)
    .await?;
    for (id, payable, open) in rows {
        if payable != open {
            breaches.push(format!(
                "merchant {id}: pending {payable}, but its open orders come to {open}"
            ));
        }
    }

    // 7. A completed order was settled once: the shop's share, the fee and the live
    //    commission add up to its amount; an order that never completed was not settled.
    let rows: Vec<(i64, String, i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT o.id AS id, o.status AS status, o.amount_cents AS amount, {settled} AS settled, \
                {fee} AS fee, {LIVE_COMMISSION} AS commission, \
                (SELECT COUNT(*) FROM ledger_transactions t WHERE t.order_id = o.id \
                   AND t.kind IN ('settlement_reversed', 'fee_returned')) AS undone \
         FROM orders o WHERE o.status IN ('completed', 'refunded') OR o.completed_at IS NOT NULL",
        settled = posted(Kind::OrderSettled),
        fee = posted(Kind::FeeCharged),
    ))
    .fetch_all(&mut *db)
    .await?;
    for (id, status, amount, settled, fee, commission, undone) in rows {
        let ok = match status.as_str() {
            "completed" => settled + fee + commission == amount && undone == 0,
            // Refunded after completion: the settlement was undone; before it: none.
            _ => (settled + fee == 0) == (undone == 0),
        };
        if !ok {
            breaches.push(format!(
                "order {id} ({status}, {amount}): settled {settled}, fee {fee}, commission {commission}, {undone} reversals"
            ));
        }
    }

    // 8. No shop's payout was ever funded by more than its available balance, and no
    //    shop's in-flight or paid-out money is negative.
    breaches.extend(overdrawn(db, "merchant").await?);
    Ok(breaches)
}

/// Breaches of `who`'s (`user` or `merchant`) balances: a withdrawal that took available
/// below zero when it was requested, and any negative pending, in-flight or paid-out money.
pub(super) async fn overdrawn(db: &mut Db, who: &str) -> sqlx::Result<Vec<String>> {
    let mut breaches = Vec::new();
    let mut running: BTreeMap<i64, i64> = BTreeMap::new();
    let rows: Vec<(i64, i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT e.owner_id AS owner, e.amount_cents AS amount, t.kind AS kind, t.id AS tx \
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id \
         WHERE e.account = '{who}_available' ORDER BY t.id, e.id"
    ))
    .fetch_all(&mut *db)
    .await?;
    for (owner, amount, kind, tx) in rows {
        let balance = running.entry(owner).or_default();
        *balance += amount;
        if kind == Kind::WithdrawalRequested.name() && *balance < 0 {
            breaches.push(format!(
                "{who} {owner}: withdrawal in transaction {tx} took available to {balance}"
            ));
        }
    }
    // A shop's pending money is checked against its orders instead (`ledger_merchants`).
    let pending = if who == "user" {
        ", 'user_pending'"
    } else {
        ""
    };
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT owner_id AS owner, account, CAST(SUM(amount_cents) AS BIGINT) AS total FROM ledger_entries \
         WHERE account IN ('{who}_withdrawing', '{who}_withdrawn'{pending}) \
         GROUP BY owner_id, account HAVING SUM(amount_cents) < 0"
    ))
    .fetch_all(&mut *db)
    .await?;
    for (owner, account, total) in rows {
        breaches.push(format!("{who} {owner}: {account} balance is {total}"));
    }
    Ok(breaches)
}
