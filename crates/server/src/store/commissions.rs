//! Commissions: created at payment, dated at delivery, confirmed after the return window,
//! reversed or clawed back on refund. Every status change posts its ledger movement in
//! the same transaction, guarded by a conditional UPDATE so it happens once.

use super::{
    ledger::{self, Refs, Tx},
    notifications::{self, Notify},
};
use crate::{
    clock::Millis,
    domain::ledger::{Movement, RETURN_WINDOW},
};
use circle_api::{Cents, CommissionStatus, CommissionView, NotificationKind, ShareStats};
use sqlx::{any::AnyRow, AnyPool, Row};

pub struct NewCommission {
    pub order_id: i64,
    pub share_id: i64,
    pub sharer_id: i64,
    pub merchant_id: i64,
    pub amount_cents: Cents,
}

/// Creates the order's commission and its pending money, once per order.
pub async fn accrue(tx: &mut Tx, c: &NewCommission, now: Millis) -> sqlx::Result<()> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO commissions (order_id, share_id, sharer_id, amount_cents, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id) DO NOTHING RETURNING id",
    )
    .bind(c.order_id)
    .bind(c.share_id)
    .bind(c.sharer_id)
    .bind(c.amount_cents)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else { return Ok(()) };
    let movement =
        Movement::commission_accrued(c.order_id, c.merchant_id, c.sharer_id, c.amount_cents);
    let refs = Refs {
        order: Some(c.order_id),
        commission: Some(id),
        withdrawal: None,
    };
    ledger::post(tx, &movement, refs, now).await?;
    notifications::add(
        &mut **tx,
        Notify {
            user_id: c.sharer_id,
            kind: NotificationKind::CommissionPending,
            share_id: Some(c.share_id),
            order_id: Some(c.order_id),
            amount_cents: Some(c.amount_cents),
            ..Notify::default()
        },
        now,
    )
    .await
}

/// The order was delivered: its commission becomes available after the return window.
pub async fn on_delivered(tx: &mut Tx, order: i64, delivered_at: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE commissions SET available_at = $1 WHERE order_id = $2 AND status = 'pending'",
    )
    .bind(delivered_at + RETURN_WINDOW)
    .bind(order)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

struct Row_ {
    id: i64,
    sharer: i64,
    merchant: i64,
    amount: Cents,
    share: i64,
    order: i64,
}

fn commission_row(r: &AnyRow) -> sqlx::Result<Row_> {
    Ok(Row_ {
        id: r.try_get("id")?,
        sharer: r.try_get("sharer_id")?,
        merchant: r.try_get("merchant_id")?,
        amount: r.try_get("amount_cents")?,
        share: r.try_get("share_id")?,
        order: r.try_get("order_id")?,
    })
}

const COMMISSION_WITH_MERCHANT: &str = "SELECT c.id AS id, c.sharer_id AS sharer_id, \
     c.amount_cents AS amount_cents, c.share_id AS share_id, c.order_id AS order_id, \
     p.merchant_id AS merchant_id \
     FROM commissions c JOIN orders o ON o.id = c.order_id JOIN products p ON p.id = o.product_id";

/// Moves a commission from `from` to `to` and posts `movement`, or does nothing if
/// another transaction moved it first.
#[allow(clippy::too_many_arguments)]
async fn settle(
    tx: &mut Tx,
    c: &Row_,
    from: &str,
    to: &str,
    reversal: Option<&str>,
    movement: Movement,
    kind: NotificationKind,
    now: Millis,
) -> sqlx::Result<bool> {
    let moved = sqlx::query(
        "UPDATE commissions SET status = $1, settled_at = $2, reversal = $5 \
         WHERE id = $3 AND status = $4",
    )
    .bind(to)
    .bind(now)
    .bind(c.id)
    .bind(from)
    .bind(reversal)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if !moved {
        return Ok(false);
    }
    let refs = Refs {
        order: Some(c.order),
        commission: Some(c.id),
        withdrawal: None,
    };
    ledger::post(tx, &movement, refs, now).await?;
    notifications::add(
        &mut **tx,
        Notify {
            user_id: c.sharer,
            kind,
            share_id: Some(c.share),
            order_id: Some(c.order),
            amount_cents: Some(c.amount),
            ..Notify::default()
        },
        now,
    )
    .await?;
    Ok(true)
}

/// The order was refunded: reverse a pending commission, claw back a confirmed one.
pub async fn on_refunded(tx: &mut Tx, order: i64, now: Millis) -> sqlx::Result<()> {
    let row = sqlx::query(&format!("{COMMISSION_WITH_MERCHANT} WHERE c.order_id = $1"))
        .bind(order)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(c) = row.as_ref().map(commission_row).transpose()? else {
        return Ok(());
    };
    let reverse = Movement::commission_reversed(c.id, c.merchant, c.sharer, c.amount);
    if settle(
        tx,
        &c,
        "pending",
        "reversed",
        Some("refund"),
        reverse,
        NotificationKind::CommissionReversed,
        now,
    )
    .await?
    {
        return Ok(());
    }
    let claw = Movement::commission_clawed_back(c.id, c.merchant, c.sharer, c.amount);
    settle(
        tx,
        &c,
        "confirmed",
        "clawed_back",
        Some("refund"),
        claw,
        NotificationKind::CommissionClawedBack,
        now,
    )
    .await?;
    Ok(())
}

/// Confirms every pending commission whose return window has passed and whose product
/// is still active (a product under review keeps its commissions frozen). Returns how
/// many were confirmed.
pub async fn confirm_due(pool: &AnyPool, now: Millis) -> sqlx::Result<u64> {
    let mut confirmed = 0;
    loop {
        let due = sqlx::query(&format!(
            "{COMMISSION_WITH_MERCHANT} WHERE c.status = 'pending' AND c.available_at <= $1 \
             AND p.status = 'active' ORDER BY c.id LIMIT 200"
        ))
        .bind(now)
        .fetch_all(pool)
        .await?;
        if due.is_empty() {
            return Ok(confirmed);
        }
        for row in &due {
            let c = commission_row(row)?;
            let mut tx = pool.begin().await?;
            let movement = Movement::commission_confirmed(c.id, c.sharer, c.amount);
            if settle(
                &mut tx,
                &c,
                "pending",
                "confirmed",
                None,
                movement,
                NotificationKind::CommissionConfirmed,
                now,
            )
            .await?
            {
                confirmed += 1;
            }
            tx.commit().await?;
        }
    }
}

fn status_from_db(s: &str) -> CommissionStatus {
    match s {
        "confirmed" => CommissionStatus::Confirmed,
        "reversed" => CommissionStatus::Reversed,
        "clawed_back" => CommissionStatus::ClawedBack,
        _ => CommissionStatus::Pending,
    }
}

/// The sharer's commissions, newest first, keyset-paginated on the id.
pub async fn list_for_sharer(
    pool: &AnyPool,
    sharer: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<CommissionView>> {
    let rows = sqlx::query(
        "SELECT c.id, c.order_id, c.amount_cents, c.status, c.available_at, c.created_at, \
                c.settled_at, c.reversal, s.code, p.title \
         FROM commissions c JOIN shares s ON s.id = c.share_id JOIN products p ON p.id = s.product_id \
         WHERE c.sharer_id = $1 AND c.id < $2 ORDER BY c.id DESC LIMIT $3",
    )
    .bind(sharer)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CommissionView {
                id: r.try_get("id")?,
                order_id: r.try_get("order_id")?,
                share_code: r.try_get("code")?,
                product_title: r.try_get("title")?,
                amount_cents: r.try_get("amount_cents")?,
                status: status_from_db(r.try_get::<String, _>("status")?.as_str()),
                available_at: r.try_get("available_at")?,
                created_at: r.try_get("created_at")?,
                settled_at: r.try_get("settled_at")?,
                reversal: match r.try_get::<Option<String>, _>("reversal")?.as_deref() {
                    Some("delisted") => Some(circle_api::Reversal::Delisted),
                    Some(_) => Some(circle_api::Reversal::Refund),
                    None => None,
                },
            })
        })
        .collect()
}

/// Commission earned per day (pending or confirmed), for the `days` days ending with the
/// one that holds `now`; days are China days (UTC+8), oldest first.
pub async fn daily(
    pool: &AnyPool,
    sharer: i64,
    now: Millis,
    days: i64,
) -> sqlx::Result<Vec<Cents>> {
    let today = crate::domain::shares::china_day(now);
    let first = today - (days - 1);
    let start = crate::domain::shares::china_day_start(first);
    let rows = sqlx::query(
        "SELECT created_at, amount_cents FROM commissions \
         WHERE sharer_id = $1 AND created_at >= $2 AND status IN ('pending', 'confirmed')",
    )
    .bind(sharer)
    .bind(start)
    .fetch_all(pool)
    .await?;
    let mut out = vec![0; usize::try_from(days).unwrap_or(0)];
    for r in rows {
        let day = crate::domain::shares::china_day(r.try_get("created_at")?);
        if let Some(slot) = usize::try_from(day - first)
            .ok()
            .and_then(|i| out.get_mut(i))
        {
            *slot += r.try_get::<i64, _>("amount_cents")?;
        }
    }
    Ok(out)
}

/// Per share of the author: clicks, attributed orders, commission (pending + confirmed),
/// most recent shares first, keyset-paginated on the share id.
pub async fn share_stats(
    pool: &AnyPool,
    author: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<ShareStats>> {
    let rows = sqlx::query(
        "SELECT s.id, s.code, p.title, \
           (SELECT COUNT(*) FROM share_clicks k WHERE k.share_id = s.id) AS clicks, \
           (SELECT COUNT(*) FROM orders o WHERE o.share_id = s.id) AS orders, \
           (SELECT CAST(COALESCE(SUM(c.amount_cents), 0) AS BIGINT) FROM commissions c \
              WHERE c.share_id = s.id AND c.status IN ('pending', 'confirmed')) AS commission \
         FROM shares s JOIN products p ON p.id = s.product_id \
         WHERE s.author_id = $1 AND s.status <> 'deleted' AND s.id < $2 ORDER BY s.id DESC LIMIT $3",
    )
    .bind(author)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ShareStats {
                share_id: r.try_get("id")?,
                code: r.try_get("code")?,
                product_title: r.try_get("title")?,
                clicks: r.try_get("clicks")?,
                orders: r.try_get("orders")?,
                commission_cents: r.try_get("commission")?,
            })
        })
        .collect()
}

/// Purchases this person's shares led to: attributed, delivered, not refunded.
pub async fn attributed_sales(pool: &AnyPool, sharer: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id \
         WHERE c.sharer_id = $1 AND o.status = 'delivered'",
    )
    .bind(sharer)
    .fetch_one(pool)
    .await
}

/// The product's top 达人 by attributed, delivered, unrefunded sales: (person id, sales).
pub async fn top_sharers(
    pool: &AnyPool,
    product: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT s.author_id AS author, COUNT(*) AS sales FROM orders o JOIN shares s ON s.id = o.share_id \
         WHERE o.product_id = $1 AND o.attribution = 'commission' AND o.status = 'delivered' \
         GROUP BY s.author_id ORDER BY COUNT(*) DESC, s.author_id LIMIT $2",
    )
    .bind(product)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("author")?, r.try_get("sales")?)))
        .collect()
}

/// The product was delisted: its frozen (pending) commissions are reversed, with that
/// reason. Returns how many.
pub async fn reverse_for_delisted(pool: &AnyPool, product: i64, now: Millis) -> sqlx::Result<u64> {
    let rows = sqlx::query(&format!(
        "{COMMISSION_WITH_MERCHANT} WHERE o.product_id = $1 AND c.status = 'pending'"
    ))
    .bind(product)
    .fetch_all(pool)
    .await?;
    let mut reversed = 0;
    for row in &rows {
        let c = commission_row(row)?;
        let mut tx = pool.begin().await?;
        let movement = Movement::commission_reversed(c.id, c.merchant, c.sharer, c.amount);
        if settle(
            &mut tx,
            &c,
            "pending",
            "reversed",
            Some("delisted"),
            movement,
            NotificationKind::CommissionReversed,
            now,
        )
        .await?
        {
            reversed += 1;
        }
        tx.commit().await?;
    }
    Ok(reversed)
}
