//! Share clicks: real views of a share's landing page, and the last one before a payment.

use super::Db;
use crate::{clock::Millis, domain::ledger::ClickedShare};

pub struct Click<'a> {
    pub share_id: i64,
    pub product_id: i64,
    pub user_id: Option<i64>,
    pub visitor_id: Option<&'a str>,
}

pub async fn record(db: &mut Db, c: Click<'_>, now: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO share_clicks (share_id, product_id, user_id, visitor_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(c.share_id)
    .bind(c.product_id)
    .bind(c.user_id)
    .bind(c.visitor_id)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The visitor logged in or registered: their earlier clicks are theirs now.
pub async fn bind_visitor(db: &mut Db, visitor: &str, user: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE share_clicks SET user_id = $1 WHERE visitor_id = $2 AND user_id IS NULL",
    )
    .bind(user)
    .bind(visitor)
    .execute(&mut *db)
    .await?
    .rows_affected())
}

/// The buyer's most recent click on a share of this product in `[since, now]`.
pub async fn last_click(
    db: &mut Db,
    buyer: i64,
    product: i64,
    since: Millis,
    now: Millis,
) -> sqlx::Result<Option<ClickedShare>> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT c.share_id, s.author_id, CAST(CASE WHEN s.status = 'visible' THEN 1 ELSE 0 END AS BIGINT) \
         FROM share_clicks c JOIN shares s ON s.id = c.share_id \
         WHERE c.user_id = $1 AND c.product_id = $2 AND c.created_at >= $3 AND c.created_at <= $4 \
         ORDER BY c.created_at DESC, c.id DESC LIMIT 1",
    )
    .bind(buyer)
    .bind(product)
    .bind(since)
    .bind(now)
    .fetch_optional(&mut *db)
    .await?;
    Ok(row.map(|(share_id, sharer_id, visible)| ClickedShare {
        share_id,
        sharer_id,
        share_visible: visible == 1,
    }))
}
