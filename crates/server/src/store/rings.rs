//! The like-ring job's reads and writes: recent counted likes in, and for each ring
//! member (found by `domain::rings`): flagged, their likes stop counting, the shares
//! they lifted sink back.

use super::Db;
use crate::{clock::Millis, domain::feed};
use std::collections::BTreeSet;

/// (liker, author) of the counted likes made since `since`.
pub async fn counted_likes_since(db: &mut Db, since: Millis) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT l.user_id, s.author_id FROM likes l JOIN shares s ON s.id = l.share_id \
         WHERE l.counted = 1 AND l.created_at >= $1",
    )
    .bind(since)
    .fetch_all(&mut *db)
    .await
}

/// Flags a ring member (`true` if newly), stops their likes counting and sinks the
/// shares they lifted back to what their other likes earn.
pub async fn discount_member(db: &mut Db, member: i64, now: Millis) -> sqlx::Result<bool> {
    let newly =
        sqlx::query("UPDATE users SET like_ring_at = $1 WHERE id = $2 AND like_ring_at IS NULL")
            .bind(now)
            .bind(member)
            .execute(&mut *db)
            .await?
            .rows_affected()
            == 1;
    let lifted: Vec<i64> = sqlx::query_scalar(
        "UPDATE likes SET counted = 0 WHERE user_id = $1 AND counted = 1 RETURNING share_id",
    )
    .bind(member)
    .fetch_all(&mut *db)
    .await?;
    for share in lifted.into_iter().collect::<BTreeSet<_>>() {
        restore_rank(db, share, now).await?;
    }
    Ok(newly)
}

/// Recounts a share's counted likes and puts its rank back to what they earn (with the
/// verified-purchase boost while its order is delivered or completed).
async fn restore_rank(db: &mut Db, share: i64, now: Millis) -> sqlx::Result<()> {
    let (counted, created_at, verified): (i64, Millis, i64) = sqlx::query_as(
        "UPDATE shares SET buyer_like_count = \
           (SELECT COUNT(*) FROM likes WHERE share_id = $1 AND counted = 1) \
         WHERE id = $1 RETURNING buyer_like_count, created_at, \
           CAST(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = shares.order_id \
             AND o.status IN ('delivered', 'completed')) THEN 1 ELSE 0 END AS BIGINT)",
    )
    .bind(share)
    .fetch_one(&mut *db)
    .await?;
    set_rank(
        db,
        share,
        feed::rank_with_likes(created_at, verified == 1, counted),
        now,
    )
    .await
}

/// Sets a share's live rank; its timelines follow (in the background for a 达人's).
async fn set_rank(db: &mut Db, share: i64, rank: Millis, now: Millis) -> sqlx::Result<()> {
    sqlx::query("UPDATE shares SET rank = $1 WHERE id = $2")
        .bind(rank)
        .bind(share)
        .execute(&mut *db)
        .await?;
    super::feed_jobs::rank_changed(db, share, now).await
}

/// An order was refunded: its shares lose the verified-purchase boost
/// (as they lose 已购), keeping what their counted likes earn.
pub async fn unboost_order(db: &mut Db, order: i64, now: Millis) -> sqlx::Result<()> {
    let shares: Vec<(i64, i64, Millis)> =
        sqlx::query_as("SELECT id, buyer_like_count, created_at FROM shares WHERE order_id = $1")
            .bind(order)
            .fetch_all(&mut *db)
            .await?;
    for (share, counted, created_at) in shares {
        set_rank(
            db,
            share,
            feed::rank_with_likes(created_at, false, counted),
            now,
        )
        .await?;
    }
    Ok(())
}
