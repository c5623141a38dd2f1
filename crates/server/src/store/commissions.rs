//! Commissions: created at payment, dated at delivery, confirmed after the return window,
//! reversed or clawed back on refund. Every status change posts its ledger movement in
//! the same transaction, guarded by a conditional UPDATE so it happens once.

use super::enums::Stored;
use super::Db;
use crate::{clock::Millis, domain::ledger::RETURN_WINDOW};
use circle_api::{Cents, CommissionStatus, Reversal};

pub struct NewCommission {
    pub order_id: i64,
    pub share_id: i64,
    pub sharer_id: i64,
    pub merchant_id: i64,
    pub amount_cents: Cents,
}

/// A commission as the money use cases need it.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Commission {
    pub id: i64,
    pub sharer_id: i64,
    pub merchant_id: i64,
    pub amount_cents: Cents,
    pub share_id: i64,
    pub order_id: i64,
    pub product_id: i64,
}

/// Creates the order's commission, once per order: its id, or `None` if it exists.
pub async fn insert(db: &mut Db, c: &NewCommission, now: Millis) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO commissions (order_id, share_id, sharer_id, amount_cents, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id) DO NOTHING RETURNING id",
    )
    .bind(c.order_id)
    .bind(c.share_id)
    .bind(c.sharer_id)
    .bind(c.amount_cents)
    .bind(now)
    .fetch_optional(&mut *db)
    .await
}

/// The order was delivered: its commission becomes available after the return window.
pub async fn date_for_delivery(db: &mut Db, order: i64, delivered_at: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE commissions SET available_at = $1 WHERE order_id = $2 AND status = 'pending'",
    )
    .bind(delivered_at + RETURN_WINDOW)
    .bind(order)
    .execute(&mut *db)
    .await?;
    Ok(())
}

const COMMISSION_WITH_MERCHANT: &str = "SELECT c.id AS id, c.sharer_id AS sharer_id, \
     c.amount_cents AS amount_cents, c.share_id AS share_id, c.order_id AS order_id, \
     p.merchant_id AS merchant_id, o.product_id AS product_id \
     FROM commissions c JOIN orders o ON o.id = c.order_id JOIN products p ON p.id = o.product_id";

/// Moves a commission from `from` to `to`: `false` if another transaction moved it first
/// (the conditional UPDATE is what makes each move happen once).
pub async fn move_status(
    db: &mut Db,
    id: i64,
    from: CommissionStatus,
    to: CommissionStatus,
    reversal: Option<&str>,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE commissions SET status = $1, settled_at = $2, reversal = $5 \
         WHERE id = $3 AND status = $4",
    )
    .bind(super::enums::name(to))
    .bind(now)
    .bind(id)
    .bind(super::enums::name(from))
    .bind(reversal)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

#[derive(sqlx::FromRow)]
struct WithStatus {
    #[sqlx(flatten)]
    commission: Commission,
    status: Stored<CommissionStatus>,
}

/// The commission of an order, with its status.
pub async fn of_order(
    db: &mut Db,
    order: i64,
) -> sqlx::Result<Option<(Commission, CommissionStatus)>> {
    let row: Option<WithStatus> = sqlx::query_as(&format!(
        "{COMMISSION_WITH_MERCHANT_STATUS} WHERE c.order_id = $1"
    ))
    .bind(order)
    .fetch_optional(&mut *db)
    .await?;
    Ok(row.map(|r| (r.commission, r.status.0)))
}

const COMMISSION_WITH_MERCHANT_STATUS: &str = "SELECT c.id AS id, c.sharer_id AS sharer_id, \
     c.amount_cents AS amount_cents, c.share_id AS share_id, c.order_id AS order_id, \
     p.merchant_id AS merchant_id, o.product_id AS product_id, c.status AS status \
     FROM commissions c JOIN orders o ON o.id = c.order_id JOIN products p ON p.id = o.product_id";

/// Pending commissions whose return window has passed, of products that are active
/// now (a product under review keeps its commissions frozen), oldest first.
pub async fn due(db: &mut Db, now: Millis, limit: i64) -> sqlx::Result<Vec<Commission>> {
    sqlx::query_as(&format!(
        "{COMMISSION_WITH_MERCHANT} WHERE c.status = 'pending' AND c.available_at <= $1 \
         AND p.status = 'active' ORDER BY c.id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// The product's pending commissions.
pub async fn pending_of_product(db: &mut Db, product: i64) -> sqlx::Result<Vec<Commission>> {
    sqlx::query_as(&format!(
        "{COMMISSION_WITH_MERCHANT} WHERE o.product_id = $1 AND c.status = 'pending' ORDER BY c.id"
    ))
    .bind(product)
    .fetch_all(&mut *db)
    .await
}

/// A commission with its share and product, for the sharer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommissionRow {
    pub id: i64,
    pub order_id: i64,
    pub amount_cents: Cents,
    pub status: Stored<CommissionStatus>,
    pub available_at: Option<Millis>,
    pub created_at: Millis,
    pub settled_at: Option<Millis>,
    pub reversal: Option<Stored<Reversal>>,
    pub code: String,
    pub title: String,
}

/// The sharer's commissions, newest first, keyset-paginated on the id.
pub async fn list_for_sharer(
    db: &mut Db,
    sharer: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<CommissionRow>> {
    sqlx::query_as(
        "SELECT c.id, c.order_id, c.amount_cents, c.status, c.available_at, c.created_at, \
                c.settled_at, c.reversal, s.code, p.title \
         FROM commissions c JOIN shares s ON s.id = c.share_id JOIN products p ON p.id = s.product_id \
         WHERE c.sharer_id = $1 AND c.id < $2 ORDER BY c.id DESC LIMIT $3",
    )
    .bind(sharer)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// Commission earned per day (pending or confirmed), for the `days` days ending with the
/// one that holds `now`; days are China days (UTC+8), oldest first.
pub async fn daily(db: &mut Db, sharer: i64, now: Millis, days: i64) -> sqlx::Result<Vec<Cents>> {
    let today = crate::domain::shares::china_day(now);
    let first = today - (days - 1);
    let start = crate::domain::shares::china_day_start(first);
    let rows: Vec<(Millis, Cents)> = sqlx::query_as(
        "SELECT created_at, amount_cents FROM commissions \
         WHERE sharer_id = $1 AND created_at >= $2 AND status IN ('pending', 'confirmed')",
    )
    .bind(sharer)
    .bind(start)
    .fetch_all(&mut *db)
    .await?;
    let mut out = vec![0; usize::try_from(days).unwrap_or(0)];
    for (created_at, amount) in rows {
        let day = crate::domain::shares::china_day(created_at);
        if let Some(slot) = usize::try_from(day - first)
            .ok()
            .and_then(|i| out.get_mut(i))
        {
            *slot += amount;
        }
    }
    Ok(out)
}

/// Per share of the author: clicks, attributed orders, commission (pending + confirmed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatsRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub clicks: i64,
    pub orders: i64,
    pub commission: Cents,
}

/// Per share of the author: clicks, attributed orders, commission (pending + confirmed),
/// most recent shares first, keyset-paginated on the share id.
pub async fn share_stats(
    db: &mut Db,
    author: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<StatsRow>> {
    sqlx::query_as(
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
    .fetch_all(&mut *db)
    .await
}

/// Purchases this person's shares led to: attributed, delivered, not refunded.
pub async fn attributed_sales(db: &mut Db, sharer: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM commissions c JOIN orders o ON o.id = c.order_id \
         WHERE c.sharer_id = $1 AND o.status IN ('delivered', 'completed')",
    )
    .bind(sharer)
    .fetch_one(&mut *db)
    .await
}

/// The product's top 达人 by attributed, delivered, unrefunded sales: (person id, sales).
pub async fn top_sharers(db: &mut Db, product: i64, limit: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT s.author_id AS author, COUNT(*) AS sales FROM orders o JOIN shares s ON s.id = o.share_id \
         WHERE o.product_id = $1 AND o.attribution = 'commission' AND o.status IN ('delivered', 'completed') \
         GROUP BY s.author_id ORDER BY COUNT(*) DESC, s.author_id LIMIT $2",
    )
    .bind(product)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}
