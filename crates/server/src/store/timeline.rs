//! The per-reader timeline: written when a share is posted (fan-out) or a friendship
//! begins (backfill), read a page at a time by rank.

use super::Db;
use crate::{clock::Millis, domain::feed};
use sqlx::Row;

/// Puts a share into the timeline of its author, the author's friends and followers,
/// and the product's followers; the first reason wins.
pub(super) async fn fan_out(
    db: &mut Db,
    share: i64,
    author: i64,
    product: i64,
    rank: i64,
    now: Millis,
) -> sqlx::Result<()> {
    let readers = [
        (feed::VIA_OWN, "SELECT CAST($1 AS BIGINT) AS reader"),
        (
            feed::VIA_FRIEND,
            "SELECT friend_id AS reader FROM friendships WHERE user_id = $1",
        ),
        (
            feed::VIA_FOLLOW,
            "SELECT follower_id AS reader FROM follows WHERE followee_id = $1",
        ),
        (
            feed::VIA_TOPIC,
            "SELECT user_id AS reader FROM topic_follows WHERE product_id = $3",
        ),
    ];
    for (via, who) in readers {
        sqlx::query(&format!(
            "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
             SELECT r.reader, $2, $1, $3, $4, $5, $6 FROM ({who}) r WHERE true \
             ON CONFLICT (reader_id, share_id) DO NOTHING"
        ))
        .bind(author)
        .bind(share)
        .bind(product)
        .bind(via)
        .bind(rank)
        .bind(now)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// When two people become friends, each gets the other's recent shares in their timeline.
pub async fn backfill_friend(db: &mut Db, reader: i64, author: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
         SELECT $1, t.share_id, t.author_id, t.product_id, $3, t.rank, t.created_at \
         FROM timeline t WHERE t.reader_id = $2 AND t.author_id = $2 \
         ORDER BY t.rank DESC LIMIT 50 \
         ON CONFLICT (reader_id, share_id) DO NOTHING",
    )
    .bind(reader)
    .bind(author)
    .bind(feed::VIA_FRIEND)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// One run of a reader's timeline after the cursor `(rank, share_id)`, best first.
pub async fn timeline(
    db: &mut Db,
    reader: i64,
    after: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<feed::Row>> {
    let (rank, share) = after.unwrap_or((i64::MAX, i64::MAX));
    let rows = sqlx::query(
        "SELECT share_id, author_id, product_id, via, rank, created_at FROM timeline \
         WHERE reader_id = $1 AND (rank < $2 OR (rank = $2 AND share_id < $3)) \
         ORDER BY rank DESC, share_id DESC LIMIT $4",
    )
    .bind(reader)
    .bind(rank)
    .bind(share)
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    rows.iter().map(timeline_row).collect()
}

/// The reader's timeline rows of these shares (those still there), in rank order.
pub async fn timeline_rows(
    db: &mut Db,
    reader: i64,
    shares: &[i64],
) -> sqlx::Result<Vec<feed::Row>> {
    if shares.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT share_id, author_id, product_id, via, rank, created_at FROM timeline \
         WHERE reader_id = $1 AND share_id IN ({}) ORDER BY rank DESC, share_id DESC",
        super::placeholders(2, shares.len())
    );
    let mut q = sqlx::query(&sql).bind(reader);
    for id in shares {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *db)
        .await?
        .iter()
        .map(timeline_row)
        .collect()
}

fn timeline_row(r: &sqlx::any::AnyRow) -> sqlx::Result<feed::Row> {
    Ok(feed::Row {
        share_id: r.try_get("share_id")?,
        author_id: r.try_get("author_id")?,
        product_id: r.try_get("product_id")?,
        via: r.try_get("via")?,
        rank: r.try_get("rank")?,
        created_at: r.try_get("created_at")?,
    })
}
