//! The per-reader timeline: written when a share is posted (fan-out, in the background
//! for a 达人's many readers) or a friendship begins (backfill), read a page at a time
//! by rank. A row's rank follows its share's live rank (`shares.rank`): rewritten at once
//! for a share in few timelines, in the background for a 达人's.

use super::{share_views::Current, Db};
use crate::{clock::Millis, domain::feed};

/// Who reads a share besides its author, in the order their reason wins: why, the
/// query (yielding `reader`, with `{key}` for its one parameter), and whether the key
/// is the product (else the author).
const READERS: [(i64, &str, bool); 3] = [
    (
        feed::VIA_FRIEND,
        "SELECT friend_id AS reader FROM friendships WHERE user_id = {key}",
        false,
    ),
    (
        feed::VIA_FOLLOW,
        "SELECT follower_id AS reader FROM follows WHERE followee_id = {key}",
        false,
    ),
    (
        feed::VIA_TOPIC,
        "SELECT user_id AS reader FROM topic_follows WHERE product_id = {key}",
        true,
    ),
];

/// How many reasons a background fan-out goes through.
pub(crate) const STAGES: usize = READERS.len();

fn readers_sql(sql: &str) -> String {
    sql.replace("{key}", "$1")
}

/// How many readers a new share of `author` about `product` would reach besides its
/// author, counted up to `cap` per reason (so a 达人's million followers cost `cap`
/// index steps, not a million).
pub(super) async fn readers_up_to(
    db: &mut Db,
    author: i64,
    product: i64,
    cap: i64,
) -> sqlx::Result<i64> {
    // One statement: `$1` the author, `$2` the product, `$3` the cap.
    let counts: Vec<String> = READERS
        .iter()
        .map(|(_, sql, by_product)| {
            let key = if *by_product { "$2" } else { "$1" };
            format!(
                "(SELECT COUNT(*) FROM (SELECT r.reader FROM ({}) r LIMIT $3) c)",
                sql.replace("{key}", key)
            )
        })
        .collect();
    sqlx::query_scalar(&format!("SELECT CAST({} AS BIGINT)", counts.join(" + ")))
        .bind(author)
        .bind(product)
        .bind(cap)
        .fetch_one(&mut *db)
        .await
}

/// Puts a share into the timeline of its author and, with `all`, of the author's friends
/// and followers and the product's followers; the first reason wins.
pub(super) async fn fan_out(
    db: &mut Db,
    share: i64,
    author: i64,
    product: i64,
    rank: i64,
    now: Millis,
    all: bool,
) -> sqlx::Result<()> {
    let own = (
        feed::VIA_OWN,
        "SELECT CAST({key} AS BIGINT) AS reader",
        false,
    );
    let readers = std::iter::once(own).chain(READERS.into_iter().filter(|_| all));
    for (via, sql, by_product) in readers {
        sqlx::query(&format!(
            "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
             SELECT r.reader, $2, $3, $4, $5, $6, $7 FROM ({}) r WHERE true \
             ON CONFLICT (reader_id, share_id) DO NOTHING",
            readers_sql(sql)
        ))
        .bind(if by_product { product } else { author })
        .bind(share)
        .bind(author)
        .bind(product)
        .bind(via)
        .bind(rank)
        .bind(now)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// One background step of a share's fan-out: the next `batch` readers of reason `stage`
/// after reader `after`, with the share's rank now. The last reader written, or `None`
/// when the stage has no more (or there is no such stage).
pub(crate) async fn fan_out_batch(
    db: &mut Db,
    share: i64,
    stage: usize,
    after: i64,
    batch: i64,
) -> sqlx::Result<Option<i64>> {
    let Some((via, sql, by_product)) = READERS.get(stage).copied() else {
        return Ok(None);
    };
    let (author, product, rank, created_at): (i64, i64, i64, Millis) =
        sqlx::query_as("SELECT author_id, product_id, rank, created_at FROM shares WHERE id = $1")
            .bind(share)
            .fetch_one(&mut *db)
            .await?;
    let key = if by_product { product } else { author };
    let last: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT MAX(n.reader) FROM \
         (SELECT r.reader FROM ({}) r WHERE r.reader > $2 ORDER BY r.reader LIMIT $3) n",
        readers_sql(sql)
    ))
    .bind(key)
    .bind(after)
    .bind(batch)
    .fetch_one(&mut *db)
    .await?;
    let Some(last) = last else {
        return Ok(None);
    };
    sqlx::query(&format!(
        "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
         SELECT r.reader, $4, $5, $6, $7, $8, $9 FROM ({}) r WHERE r.reader > $2 AND r.reader <= $3 \
         ON CONFLICT (reader_id, share_id) DO NOTHING",
        readers_sql(sql)
    ))
    .bind(key)
    .bind(after)
    .bind(last)
    .bind(share)
    .bind(author)
    .bind(product)
    .bind(via)
    .bind(rank)
    .bind(created_at)
    .execute(&mut *db)
    .await?;
    Ok(Some(last))
}

/// How many timeline rows a share has, counted up to `cap`.
pub(super) async fn rows_up_to(db: &mut Db, share: i64, cap: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT reader_id FROM timeline WHERE share_id = $1 LIMIT $2) c",
    )
    .bind(share)
    .bind(cap)
    .fetch_one(&mut *db)
    .await
}

/// Gives every timeline row of a share its live rank (for a share in few timelines).
pub(super) async fn sync_rank(db: &mut Db, share: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE timeline SET rank = (SELECT rank FROM shares WHERE id = $1) WHERE share_id = $1",
    )
    .bind(share)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The last reader of the share's next `batch` timeline rows after reader `after`.
async fn next_readers(
    db: &mut Db,
    share: i64,
    after: i64,
    batch: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT MAX(n.reader_id) FROM (SELECT reader_id FROM timeline \
         WHERE share_id = $1 AND reader_id > $2 ORDER BY reader_id LIMIT $3) n",
    )
    .bind(share)
    .bind(after)
    .bind(batch)
    .fetch_one(&mut *db)
    .await
}

/// One background step over a share's rows: `statement` (`$1` the share, `$2` and `$3`
/// the readers it runs between) on its next `batch` rows after reader `after`. The last
/// reader done, or `None` at the end.
async fn rows_step(
    db: &mut Db,
    share: i64,
    after: i64,
    batch: i64,
    statement: &str,
) -> sqlx::Result<Option<i64>> {
    let Some(last) = next_readers(db, share, after, batch).await? else {
        return Ok(None);
    };
    sqlx::query(statement)
        .bind(share)
        .bind(after)
        .bind(last)
        .execute(&mut *db)
        .await?;
    Ok(Some(last))
}

/// A step of a rank rewrite: the rows get the share's live rank.
pub(super) async fn sync_rank_batch(
    db: &mut Db,
    share: i64,
    after: i64,
    batch: i64,
) -> sqlx::Result<Option<i64>> {
    let sql = "UPDATE timeline SET rank = (SELECT rank FROM shares WHERE id = $1) \
               WHERE share_id = $1 AND reader_id > $2 AND reader_id <= $3";
    rows_step(db, share, after, batch, sql).await
}

/// A step of a purge: the rows are deleted.
pub(super) async fn purge_batch(
    db: &mut Db,
    share: i64,
    after: i64,
    batch: i64,
) -> sqlx::Result<Option<i64>> {
    let sql = "DELETE FROM timeline WHERE share_id = $1 AND reader_id > $2 AND reader_id <= $3";
    rows_step(db, share, after, batch, sql).await
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

/// What the timeline query read of a row's share with the row.
#[derive(Debug, Clone, Copy)]
pub enum Along {
    /// The share is visible: its versions now and the reader's like.
    Current(Current),
    /// The share is no longer visible.
    Gone,
    /// Not read: the row is past the first `feed::LEAD_ROWS` of the run.
    Unread,
}

/// One run of a reader's timeline after the cursor `(rank, share_id)`, best first; the
/// first `feed::LEAD_ROWS` rows (those that lead the page's cards unless rows collapse)
/// with their share's versions now and the reader's like, read in the same statement, so
/// that a page whose shares this process keeps (`view_cache`) is one statement.
pub async fn timeline(
    db: &mut Db,
    reader: i64,
    after: Option<(i64, i64)>,
    limit: i64,
) -> sqlx::Result<Vec<(feed::Row, Along)>> {
    let (rank, share) = after.unwrap_or((i64::MAX, i64::MAX));
    // `lead_versions` is materialized: inlined, PostgreSQL sorts `run` again for each row.
    // The product's and author's versions are scalar subqueries on their keys, which
    // plan in a third of the time of joins (PostgreSQL plans this statement every time).
    let rows: Vec<PageRow> = sqlx::query_as(concat!(
        "WITH run AS (SELECT t.share_id, t.author_id, t.product_id, t.via, t.rank, t.created_at \
           FROM timeline t \
           WHERE t.reader_id = $1 AND (t.rank < $2 OR (t.rank = $2 AND t.share_id < $3)) \
           ORDER BY t.rank DESC, t.share_id DESC LIMIT $4), \
         lead_rows AS (SELECT share_id FROM run ORDER BY rank DESC, share_id DESC LIMIT $5), \
         lead_versions AS MATERIALIZED (SELECT s.id AS share_id, \
           CAST(CASE WHEN s.status = 'visible' THEN 1 ELSE 0 END AS BIGINT) AS visible, \
           s.view_version AS share_version, \
           (SELECT p.view_version FROM products p WHERE p.id = s.product_id) AS product_version, \
           (SELECT u.view_version FROM users u WHERE u.id = s.author_id) AS author_version, ",
        super::share_views::liked!(),
        " AS liked FROM lead_rows l JOIN shares s ON s.id = l.share_id) \
         SELECT r.share_id, r.author_id, r.product_id, r.via, r.rank, r.created_at, \
           n.visible, n.share_version, n.product_version, n.author_version, n.liked \
         FROM run r LEFT JOIN lead_versions n ON n.share_id = r.share_id \
         ORDER BY r.rank DESC, r.share_id DESC"
    ))
    .bind(reader)
    .bind(rank)
    .bind(share)
    .bind(limit)
    .bind(feed::LEAD_ROWS)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let along = match (
                r.visible,
                r.share_version,
                r.product_version,
                r.author_version,
            ) {
                (Some(1), Some(s), Some(p), Some(a)) => Along::Current(Current {
                    id: r.row.share_id,
                    versions: (s, p, a),
                    liked: r.liked == Some(1),
                }),
                (Some(_), ..) => Along::Gone,
                _ => Along::Unread,
            };
            (r.row.into(), along)
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    row: TimelineRow,
    visible: Option<i64>,
    share_version: Option<i64>,
    product_version: Option<i64>,
    author_version: Option<i64>,
    liked: Option<i64>,
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
        super::in_list(2, shares)
    );
    let mut q = sqlx::query_as(&sql).bind(reader);
    for id in super::padded(shares) {
        q = q.bind(id);
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
