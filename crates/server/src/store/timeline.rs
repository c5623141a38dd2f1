//! The per-reader timeline: written when a share is posted (fan-out) or a friendship
//! begins (backfill), read a page at a time by rank.

use super::Db;
use crate::{clock::Millis, domain::feed};

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
    let rows: Vec<TimelineRow> = sqlx::query_as(
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
    Ok(rows.into_iter().map(Into::into).collect())
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
    let mut q = sqlx::query_as(&sql).bind(reader);
    for id in shares {
        q = q.bind(*id);
    }
    let rows: Vec<TimelineRow> = q.fetch_all(&mut *db).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A timeline row as read; `feed::Row` is the domain's view of it.
#[derive(sqlx::FromRow)]
struct TimelineRow {
    share_id: i64,
    author_id: i64,
    product_id: i64,
    via: i64,
    rank: i64,
    created_at: Millis,
}

impl From<TimelineRow> for feed::Row {
    fn from(r: TimelineRow) -> Self {
        feed::Row {
            share_id: r.share_id,
            author_id: r.author_id,
            product_id: r.product_id,
            via: r.via,
            rank: r.rank,
            created_at: r.created_at,
        }
    }
}
