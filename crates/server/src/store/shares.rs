//! Shares, their photos, likes, comments, topic follows and the per-reader timeline.

use super::catalog::{product_from_row, PRODUCT_COLUMNS};
use super::Db;
use crate::{clock::Millis, domain::feed};
use circle_api::{CommentView, LikeState, Person, ShareView};
use sqlx::{any::AnyRow, Row};
use std::collections::HashMap;

/// The author's most recent delivered order of a product; with `unrated`, only one that
/// no share has rated yet.
pub async fn delivered_order(
    db: &mut Db,
    author: i64,
    product: i64,
    unrated: bool,
) -> sqlx::Result<Option<i64>> {
    let extra = if unrated {
        " AND NOT EXISTS (SELECT 1 FROM shares s WHERE s.order_id = o.id AND s.rating IS NOT NULL)"
    } else {
        ""
    };
    sqlx::query_scalar(&format!(
        "SELECT o.id FROM orders o WHERE o.buyer_id = $1 AND o.product_id = $2 AND o.status = 'delivered'{extra} \
         ORDER BY o.id DESC LIMIT 1"
    ))
    .bind(author)
    .bind(product)
    .fetch_optional(&mut *db)
    .await
}

/// Of `ids`, those the author uploaded and no share uses yet.
pub async fn claimable_photos(db: &mut Db, author: i64, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id FROM media WHERE owner_id = $1 AND id IN ({}) \
         AND NOT EXISTS (SELECT 1 FROM share_photos sp WHERE sp.media_id = media.id)",
        super::placeholders(2, ids.len())
    );
    let mut q = sqlx::query_scalar(&sql).bind(author);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *db).await
}

pub struct NewShare<'a> {
    pub code: &'a str,
    pub author_id: i64,
    pub product_id: i64,
    pub order_id: Option<i64>,
    pub text: &'a str,
    pub rating: Option<i64>,
    pub photo_ids: &'a [i64],
    pub day: i64,
    pub verified: bool,
    pub is_ad: bool,
}

/// Inserts a share with its photos, fans it out to its readers' timelines and counts a
/// verified rating. Unique violations (the per-day and per-order rules) surface as
/// errors, for the use case to map by constraint name.
pub async fn insert(db: &mut Db, s: NewShare<'_>, now: Millis) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO shares (code, author_id, product_id, order_id, text, rating, day, is_ad, created_at, rating_counted) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(s.code)
    .bind(s.author_id)
    .bind(s.product_id)
    .bind(s.order_id)
    .bind(s.text)
    .bind(s.rating)
    .bind(s.day)
    .bind(i64::from(s.is_ad))
    .bind(now)
    .bind(i64::from(s.rating.is_some() && s.verified))
    .fetch_one(&mut *db)
    .await?;
    for (position, media_id) in s.photo_ids.iter().enumerate() {
        sqlx::query("INSERT INTO share_photos (share_id, position, media_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(*media_id)
            .execute(&mut *db)
            .await?;
    }
    fan_out(
        db,
        id,
        s.author_id,
        s.product_id,
        feed::rank(now, s.verified),
        now,
    )
    .await?;
    if let (Some(rating), true) = (s.rating, s.verified) {
        add_rating(db, s.product_id, rating, 1).await?;
    }
    Ok(id)
}

/// Adds (`count` 1) or withdraws (`count` -1) one buyer rating of a product.
async fn add_rating(db: &mut Db, product: i64, rating: i64, count: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE products SET rating_sum = rating_sum + $1, rating_count = rating_count + $2 WHERE id = $3")
        .bind(rating * count)
        .bind(count)
        .bind(product)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Takes the ratings of an order's shares out of their products' averages (a refund),
/// each once: the conditional UPDATE lets one of two racing transactions do it.
pub async fn uncount_ratings_of_order(db: &mut Db, order: i64) -> sqlx::Result<()> {
    let rated = sqlx::query(
        "UPDATE shares SET rating_counted = 0 WHERE order_id = $1 AND rating_counted = 1 \
         RETURNING product_id, rating",
    )
    .bind(order)
    .fetch_all(&mut *db)
    .await?;
    for row in rated {
        add_rating(db, row.try_get("product_id")?, row.try_get("rating")?, -1).await?;
    }
    Ok(())
}

/// Puts a share into the timeline of its author, the author's friends and followers,
/// and the product's followers; the first reason wins.
async fn fan_out(
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

const SHARE_COLUMNS: &str = "s.id AS s_id, s.code AS s_code, s.text AS s_text, s.rating AS s_rating, \
    s.like_count AS s_like_count, s.buyer_like_count AS s_buyer_like_count, s.comment_count AS s_comment_count, s.created_at AS s_created_at, \
    s.edited_at AS s_edited_at, s.author_id AS s_author_id, s.is_ad AS s_is_ad, u.handle AS u_handle, u.display_name AS u_display_name, \
    CAST(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = s.order_id AND o.status = 'delivered') THEN 1 ELSE 0 END AS BIGINT) AS s_verified, \
    CAST(CASE WHEN EXISTS (SELECT 1 FROM likes l WHERE l.share_id = s.id AND l.user_id = $1) THEN 1 ELSE 0 END AS BIGINT) AS s_liked";

fn share_from_row(row: &AnyRow, viewer: Option<i64>) -> sqlx::Result<ShareView> {
    let author_id: i64 = row.try_get("s_author_id")?;
    let created_at: i64 = row.try_get("s_created_at")?;
    Ok(ShareView {
        id: row.try_get("s_id")?,
        code: row.try_get("s_code")?,
        author: Person {
            id: author_id,
            handle: row.try_get("u_handle")?,
            display_name: row.try_get("u_display_name")?,
            relation: None,
        },
        product: product_from_row(row)?,
        text: row.try_get("s_text")?,
        rating: row.try_get("s_rating")?,
        verified_purchase: row.try_get::<i64, _>("s_verified")? == 1,
        is_ad: row.try_get::<i64, _>("s_is_ad")? == 1,
        photos: vec![],
        like_count: row.try_get("s_like_count")?,
        buyer_like_count: row.try_get("s_buyer_like_count")?,
        liked_by_me: row.try_get::<i64, _>("s_liked")? == 1,
        comment_count: row.try_get("s_comment_count")?,
        created_at,
        edited_at: row.try_get("s_edited_at")?,
        editable_until: (viewer == Some(author_id))
            .then(|| crate::domain::shares::editable_until(created_at)),
    })
}

/// Full views of the visible shares among `ids`, in the order of `ids`: two queries
/// whatever the number of shares.
pub async fn views(db: &mut Db, viewer: Option<i64>, ids: &[i64]) -> sqlx::Result<Vec<ShareView>> {
    views_with(db, viewer, ids, "s.status = 'visible'").await
}

/// Like `views`, hidden shares included (for moderators).
pub async fn views_for_moderation(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<ShareView>> {
    views_with(db, None, ids, "s.status IN ('visible', 'hidden')").await
}

async fn views_with(
    db: &mut Db,
    viewer: Option<i64>,
    ids: &[i64],
    status: &str,
) -> sqlx::Result<Vec<ShareView>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {SHARE_COLUMNS}, {PRODUCT_COLUMNS} FROM shares s \
         JOIN users u ON u.id = s.author_id JOIN products p ON p.id = s.product_id \
         JOIN merchants m ON m.id = p.merchant_id \
         WHERE {status} AND s.id IN ({})",
        super::placeholders(2, ids.len())
    );
    let mut q = sqlx::query(&sql).bind(viewer.unwrap_or(-1));
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&mut *db).await?;
    let mut by_id: HashMap<i64, ShareView> = HashMap::new();
    for row in &rows {
        let view = share_from_row(row, viewer)?;
        by_id.insert(view.id, view);
    }
    let photo_sql = format!(
        "SELECT share_id, media_id FROM share_photos WHERE share_id IN ({}) ORDER BY share_id, position",
        super::placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&photo_sql);
    for id in ids {
        q = q.bind(*id);
    }
    for row in q.fetch_all(&mut *db).await? {
        let share_id: i64 = row.try_get("share_id")?;
        let media_id: i64 = row.try_get("media_id")?;
        if let Some(view) = by_id.get_mut(&share_id) {
            view.photos.push(format!("/media/{media_id}"));
        }
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

pub async fn id_by_code(db: &mut Db, code: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM shares WHERE code = $1 AND status = 'visible'")
        .bind(code)
        .fetch_optional(&mut *db)
        .await
}

/// How many shares the author posted on a China day, and how many of them were ads
/// (deleted ones count: no delete-and-repost).
pub async fn count_on_day(db: &mut Db, author: i64, day: i64) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(is_ad), 0) AS BIGINT) AS ads FROM shares \
         WHERE author_id = $1 AND day = $2",
    )
    .bind(author)
    .bind(day)
    .fetch_one(&mut *db)
    .await?;
    Ok((row.try_get("n")?, row.try_get("ads")?))
}

/// The texts of the author's shares since `since` (deleted ones too), newest first.
pub async fn recent_texts(db: &mut Db, author: i64, since: Millis) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT text FROM shares WHERE author_id = $1 AND created_at >= $2 ORDER BY id DESC LIMIT 100",
    )
    .bind(author)
    .bind(since)
    .fetch_all(&mut *db)
    .await
}

/// (share id, product id) of a visible share, by its code.
pub async fn click_target(db: &mut Db, code: &str) -> sqlx::Result<Option<(i64, i64)>> {
    let row =
        sqlx::query("SELECT id, product_id FROM shares WHERE code = $1 AND status = 'visible'")
            .bind(code)
            .fetch_optional(&mut *db)
            .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("product_id")?)))
        .transpose()
}

/// Which of `ids` are hidden shares.
pub async fn hidden_among(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id FROM shares WHERE status = 'hidden' AND id IN ({})",
        super::placeholders(1, ids.len())
    );
    let mut q = sqlx::query_scalar(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&mut *db).await
}

/// (author, created_at) of a visible share.
pub async fn owner(db: &mut Db, id: i64) -> sqlx::Result<Option<(i64, i64)>> {
    let row = sqlx::query(
        "SELECT author_id, created_at FROM shares WHERE id = $1 AND status = 'visible'",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?;
    row.map(|r| Ok((r.try_get("author_id")?, r.try_get("created_at")?)))
        .transpose()
}

pub async fn edit(db: &mut Db, id: i64, text: &str, now: Millis) -> sqlx::Result<()> {
    sqlx::query("UPDATE shares SET text = $1, edited_at = $2 WHERE id = $3")
        .bind(text)
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Deletes a visible share (kept as a row, so the per-day rule still counts it), takes
/// its rating out of the product's average and the share out of every timeline. `false`
/// when it was not visible: of two racing deletes, one deletes.
pub async fn delete(db: &mut Db, id: i64) -> sqlx::Result<bool> {
    let deleted =
        sqlx::query("UPDATE shares SET status = 'deleted' WHERE id = $1 AND status = 'visible'")
            .bind(id)
            .execute(&mut *db)
            .await?
            .rows_affected()
            == 1;
    if !deleted {
        return Ok(false);
    }
    let rated = sqlx::query(
        "UPDATE shares SET rating_counted = 0 WHERE id = $1 AND rating_counted = 1 RETURNING product_id, rating",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?;
    if let Some(row) = rated {
        add_rating(db, row.try_get("product_id")?, row.try_get("rating")?, -1).await?;
    }
    sqlx::query("DELETE FROM timeline WHERE share_id = $1")
        .bind(id)
        .execute(&mut *db)
        .await?;
    Ok(true)
}

/// What a like or unlike changed.
pub struct LikeChange {
    pub state: LikeState,
    /// The share's author, when the like is new (to be told).
    pub new_like_of: Option<i64>,
}

/// Likes (once per person) or unlikes; the counts and the feed boost follow. Repeating
/// either is harmless. `counts` (the like counts for ranking and in `buyer_like_count`)
/// is the domain's decision, remembered on the like so that an unlike takes back
/// exactly what the like gave.
pub async fn set_like(
    db: &mut Db,
    share: i64,
    user: i64,
    liked: bool,
    counts: bool,
    now: Millis,
) -> sqlx::Result<LikeChange> {
    // The write comes first (SQLite's lock); it returns whether the like counted.
    let changed: Option<i64> = if liked {
        sqlx::query_scalar(
            "INSERT INTO likes (share_id, user_id, counted, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (share_id, user_id) DO NOTHING RETURNING counted",
        )
        .bind(share)
        .bind(user)
        .bind(i64::from(counts))
        .bind(now)
        .fetch_optional(&mut *db)
        .await?
    } else {
        sqlx::query_scalar(
            "DELETE FROM likes WHERE share_id = $1 AND user_id = $2 RETURNING counted",
        )
        .bind(share)
        .bind(user)
        .fetch_optional(&mut *db)
        .await?
    };
    let Some(counted) = changed else {
        // A repeated like or unlike changes nothing; report the counts as they stand.
        let row = sqlx::query("SELECT like_count, buyer_like_count FROM shares WHERE id = $1")
            .bind(share)
            .fetch_one(&mut *db)
            .await?;
        return Ok(LikeChange {
            state: LikeState {
                liked,
                like_count: row.try_get("like_count")?,
                buyer_like_count: row.try_get("buyer_like_count")?,
            },
            new_like_of: None,
        });
    };
    let delta: i64 = if liked { 1 } else { -1 };
    let counted_delta = if counted == 1 { delta } else { 0 };
    let row = sqlx::query(
        "UPDATE shares SET like_count = like_count + $1, buyer_like_count = buyer_like_count + $2 \
         WHERE id = $3 RETURNING like_count, buyer_like_count, author_id",
    )
    .bind(delta)
    .bind(counted_delta)
    .bind(share)
    .fetch_one(&mut *db)
    .await?;
    let like_count: i64 = row.try_get("like_count")?;
    let buyer_like_count: i64 = row.try_get("buyer_like_count")?;
    // Only counted likes lift a share, and only its first ones: the count before a like,
    // or after an unlike.
    let boosted = if liked {
        buyer_like_count
    } else {
        buyer_like_count + 1
    };
    if counted == 1 && boosted <= feed::LIKE_BOOST_MAX_LIKES {
        sqlx::query("UPDATE timeline SET rank = rank + $1 WHERE share_id = $2")
            .bind(delta * feed::LIKE_BOOST)
            .bind(share)
            .execute(&mut *db)
            .await?;
    }
    Ok(LikeChange {
        state: LikeState {
            liked,
            like_count,
            buyer_like_count,
        },
        new_like_of: liked.then_some(row.try_get("author_id")?),
    })
}

/// The share a comment belongs to, if the comment is live.
pub async fn comment_share(db: &mut Db, comment: i64) -> sqlx::Result<Option<(i64, i64)>> {
    let row = sqlx::query(
        "SELECT share_id, author_id FROM comments WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(comment)
    .fetch_optional(&mut *db)
    .await?;
    row.map(|r| Ok((r.try_get("share_id")?, r.try_get("author_id")?)))
        .transpose()
}

pub async fn insert_comment(
    db: &mut Db,
    share: i64,
    author: i64,
    parent: Option<i64>,
    text: &str,
    now: Millis,
) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (share_id, author_id, parent_id, text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(share)
    .bind(author)
    .bind(parent)
    .bind(text)
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query("UPDATE shares SET comment_count = comment_count + 1 WHERE id = $1")
        .bind(share)
        .execute(&mut *db)
        .await?;
    Ok(id)
}

pub async fn delete_comment(
    db: &mut Db,
    comment: i64,
    share: i64,
    now: Millis,
) -> sqlx::Result<()> {
    let n = sqlx::query("UPDATE comments SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(now)
        .bind(comment)
        .execute(&mut *db)
        .await?
        .rows_affected();
    if n == 1 {
        sqlx::query("UPDATE shares SET comment_count = comment_count - 1 WHERE id = $1")
            .bind(share)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// A share's live comments, oldest first; keyset on the id.
pub async fn comments(
    db: &mut Db,
    viewer: Option<i64>,
    share: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<CommentView>> {
    let rows = sqlx::query(
        "SELECT c.id, c.share_id, c.parent_id, c.text, c.created_at, c.author_id, u.handle, u.display_name \
         FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.share_id = $1 AND c.deleted_at IS NULL AND c.id > $2 ORDER BY c.id LIMIT $3",
    )
    .bind(share)
    .bind(after.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    rows.iter()
        .map(|r| {
            let author_id: i64 = r.try_get("author_id")?;
            Ok(CommentView {
                id: r.try_get("id")?,
                share_id: r.try_get("share_id")?,
                parent_id: r.try_get("parent_id")?,
                text: r.try_get("text")?,
                created_at: r.try_get("created_at")?,
                mine: viewer == Some(author_id),
                author: Person {
                    id: author_id,
                    handle: r.try_get("handle")?,
                    display_name: r.try_get("display_name")?,
                    relation: None,
                },
            })
        })
        .collect()
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

/// Visible shares of an author, newest first; keyset on the id.
pub async fn author_share_ids(
    db: &mut Db,
    author: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM shares WHERE author_id = $1 AND status = 'visible' AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(author)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// (average rating in hundredths, count) over shares whose order is still delivered.
pub async fn product_rating(db: &mut Db, product: i64) -> sqlx::Result<(Option<i64>, i64)> {
    let row = sqlx::query("SELECT rating_sum, rating_count FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(&mut *db)
        .await?;
    let n: i64 = row.try_get("rating_count")?;
    let total: i64 = row.try_get("rating_sum")?;
    Ok(((n > 0).then(|| (total * 100 + n / 2) / n), n))
}

/// How many of the viewer's friends have a delivered order of the product, and up to five of them.
pub async fn friends_bought(
    db: &mut Db,
    viewer: i64,
    product: i64,
) -> sqlx::Result<(i64, Vec<Person>)> {
    let rows = sqlx::query(
        "SELECT u.id, u.handle, u.display_name FROM friendships f JOIN users u ON u.id = f.friend_id \
         WHERE f.user_id = $1 AND EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = f.friend_id \
           AND o.product_id = $2 AND o.status = 'delivered') \
         ORDER BY u.id LIMIT 200",
    )
    .bind(viewer)
    .bind(product)
    .fetch_all(&mut *db)
    .await?;
    let people = rows
        .iter()
        .map(|r| {
            Ok(Person {
                id: r.try_get("id")?,
                handle: r.try_get("handle")?,
                display_name: r.try_get("display_name")?,
                relation: None,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((people.len() as i64, people.into_iter().take(5).collect()))
}

/// Share ids of a product for its topic page: the viewer's friends' first (newest
/// first), then everyone's by likes, then newest. Two index ranges of at most `limit`.
pub async fn topic_share_ids(
    db: &mut Db,
    viewer: Option<i64>,
    product: i64,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    let mut ids: Vec<i64> = sqlx::query_scalar(
        // CROSS JOIN makes SQLite start from the viewer's few friends rather than
        // the product's many shares; PostgreSQL plans it as an ordinary join.
        "SELECT s.id FROM friendships f CROSS JOIN shares s \
         WHERE f.user_id = $1 AND s.author_id = f.friend_id AND s.product_id = $2 \
           AND s.status = 'visible' \
         ORDER BY s.id DESC LIMIT $3",
    )
    .bind(viewer.unwrap_or(-1))
    .bind(product)
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM shares WHERE product_id = $1 AND status = 'visible' \
         ORDER BY like_count DESC, id DESC LIMIT $2",
    )
    .bind(product)
    .bind(limit * 2)
    .fetch_all(&mut *db)
    .await?;
    for id in others {
        if ids.len() as i64 >= limit {
            break;
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// (following, followers) of a product's topic.
pub async fn topic_follow_state(
    db: &mut Db,
    viewer: Option<i64>,
    product: i64,
) -> sqlx::Result<(bool, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS followers, \
           CAST(COALESCE(SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS mine \
         FROM topic_follows WHERE product_id = $2",
    )
    .bind(viewer.unwrap_or(-1))
    .bind(product)
    .fetch_one(&mut *db)
    .await?;
    Ok((
        row.try_get::<i64, _>("mine")? > 0,
        row.try_get("followers")?,
    ))
}

pub async fn set_topic_follow(
    db: &mut Db,
    user: i64,
    product: i64,
    follow: bool,
    now: Millis,
) -> sqlx::Result<()> {
    if follow {
        sqlx::query(
            "INSERT INTO topic_follows (user_id, product_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, product_id) DO NOTHING",
        )
        .bind(user)
        .bind(product)
        .bind(now)
        .execute(&mut *db)
        .await?;
    } else {
        sqlx::query("DELETE FROM topic_follows WHERE user_id = $1 AND product_id = $2")
            .bind(user)
            .bind(product)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}
