//! The like-ring job's reads and writes: recent counted likes in, and for each ring
//! member: flagged, their likes stop counting, the shares they lifted sink back.

use crate::{
    clock::Millis,
    domain::{feed, rings},
};
use sqlx::{AnyPool, Row};
use std::collections::BTreeSet;

/// Finds like rings among the last week's counted likes and discounts them; returns how
/// many accounts were newly flagged.
pub async fn discount(pool: &AnyPool, now: Millis) -> sqlx::Result<usize> {
    let rows = sqlx::query(
        "SELECT l.user_id, s.author_id FROM likes l JOIN shares s ON s.id = l.share_id \
         WHERE l.counted = 1 AND l.created_at >= $1",
    )
    .bind(now - rings::RING_WINDOW)
    .fetch_all(pool)
    .await?;
    let likes: Vec<(i64, i64)> = rows
        .iter()
        .map(|r| Ok((r.try_get("user_id")?, r.try_get("author_id")?)))
        .collect::<sqlx::Result<_>>()?;
    let members: BTreeSet<i64> = rings::ring_members(&likes).into_iter().collect();
    let mut flagged = 0;
    for member in members {
        let mut tx = pool.begin().await?;
        let newly = sqlx::query(
            "UPDATE users SET like_ring_at = $1 WHERE id = $2 AND like_ring_at IS NULL",
        )
        .bind(now)
        .bind(member)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let lifted: Vec<i64> = sqlx::query_scalar(
            "UPDATE likes SET counted = 0 WHERE user_id = $1 AND counted = 1 RETURNING share_id",
        )
        .bind(member)
        .fetch_all(&mut *tx)
        .await?;
        for share in lifted.into_iter().collect::<BTreeSet<_>>() {
            restore_rank(&mut tx, share).await?;
        }
        tx.commit().await?;
        flagged += usize::try_from(newly).unwrap_or(0);
    }
    Ok(flagged)
}

/// Recounts a share's counted likes and puts its rank back to what they earn.
async fn restore_rank(tx: &mut super::ledger::Tx, share: i64) -> sqlx::Result<()> {
    let row = sqlx::query(
        "UPDATE shares SET buyer_like_count = \
           (SELECT COUNT(*) FROM likes WHERE share_id = $1 AND counted = 1) \
         WHERE id = $1 RETURNING buyer_like_count, created_at, order_id",
    )
    .bind(share)
    .fetch_one(&mut **tx)
    .await?;
    let counted: i64 = row.try_get("buyer_like_count")?;
    let verified = row.try_get::<Option<i64>, _>("order_id")?.is_some();
    let rank = feed::rank(row.try_get("created_at")?, verified)
        + counted.min(feed::LIKE_BOOST_MAX_LIKES) * feed::LIKE_BOOST;
    sqlx::query("UPDATE timeline SET rank = $1 WHERE share_id = $2")
        .bind(rank)
        .bind(share)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
