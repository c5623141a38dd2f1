//! Shares and their photos: posting, the per-day counts, editing, deleting, and the
//! ratings they put into their products' averages.

use super::Db;
use crate::{clock::Millis, domain::feed};

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
        "SELECT o.id FROM orders o WHERE o.buyer_id = $1 AND o.product_id = $2 AND o.status IN ('delivered', 'completed'){extra} \
         ORDER BY o.id DESC LIMIT 1"
    ))
    .bind(author)
    .bind(product)
    .fetch_optional(&mut *db)
    .await
}

/// Of `ids`, those `owner` uploaded that no share and no product uses yet (`product`:
/// except that product, whose own photos it may keep).
pub async fn claimable_photos(
    db: &mut Db,
    owner: i64,
    ids: &[i64],
    product: Option<i64>,
) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id FROM media WHERE owner_id = $1 AND id IN ({}) \
         AND NOT EXISTS (SELECT 1 FROM share_photos sp WHERE sp.media_id = media.id) \
         AND NOT EXISTS (SELECT 1 FROM product_photos pp WHERE pp.media_id = media.id AND pp.product_id <> $2)",
        super::in_list(3, ids)
    );
    let mut q = sqlx::query_scalar(&sql)
        .bind(owner)
        .bind(product.unwrap_or(0));
    for id in super::padded(ids) {
        q = q.bind(id);
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
    let rank = feed::rank(now, s.verified);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO shares (code, author_id, product_id, order_id, text, rating, day, is_ad, created_at, rating_counted, rank) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
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
    .bind(rank)
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
    // Up to `INLINE_FAN_OUT` readers now; a 达人's many in the background.
    let cap = feed::INLINE_FAN_OUT;
    let inline =
        super::timeline::readers_up_to(db, s.author_id, s.product_id, cap + 1).await? <= cap;
    super::timeline::fan_out(db, id, s.author_id, s.product_id, rank, now, inline).await?;
    if !inline {
        super::feed_jobs::queue(db, super::feed_jobs::Kind::FanOut, id, now).await?;
    }
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

/// Puts a share's rating into its product's average (`counted`: only while its order is
/// delivered or completed) or takes it out; a no-op when it already is so.
pub async fn count_rating(db: &mut Db, share: i64, counted: bool) -> sqlx::Result<()> {
    let (from, to, order_ok) = if counted {
        (
            0,
            1,
            " AND EXISTS (SELECT 1 FROM orders o WHERE o.id = shares.order_id \
                 AND o.status IN ('delivered', 'completed'))",
        )
    } else {
        (1, 0, "")
    };
    let rated: Option<(i64, i64)> = sqlx::query_as(&format!(
        "UPDATE shares SET rating_counted = $1 WHERE id = $2 AND rating_counted = $3 \
         AND rating IS NOT NULL{order_ok} RETURNING product_id, rating"
    ))
    .bind(to)
    .bind(share)
    .bind(from)
    .fetch_optional(&mut *db)
    .await?;
    if let Some((product, rating)) = rated {
        add_rating(db, product, rating, if counted { 1 } else { -1 }).await?;
    }
    Ok(())
}

/// Takes the ratings of an order's shares out of their products' averages (a refund),
/// each once: the conditional UPDATE lets one of two racing transactions do it.
pub async fn uncount_ratings_of_order(db: &mut Db, order: i64) -> sqlx::Result<()> {
    let rated: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE shares SET rating_counted = 0 WHERE order_id = $1 AND rating_counted = 1 \
         RETURNING product_id, rating",
    )
    .bind(order)
    .fetch_all(&mut *db)
    .await?;
    for (product, rating) in rated {
        add_rating(db, product, rating, -1).await?;
    }
    Ok(())
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
    sqlx::query_as(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(is_ad), 0) AS BIGINT) AS ads FROM shares \
         WHERE author_id = $1 AND day = $2",
    )
    .bind(author)
    .bind(day)
    .fetch_one(&mut *db)
    .await
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
    sqlx::query_as("SELECT id, product_id FROM shares WHERE code = $1 AND status = 'visible'")
        .bind(code)
        .fetch_optional(&mut *db)
        .await
}

/// Which of `ids` are hidden shares.
pub async fn hidden_among(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id FROM shares WHERE status = 'hidden' AND id IN ({})",
        super::in_list(1, ids)
    );
    let mut q = sqlx::query_scalar(&sql);
    for id in super::padded(ids) {
        q = q.bind(id);
    }
    q.fetch_all(&mut *db).await
}

/// The author of a share, whatever its status.
pub async fn author(db: &mut Db, id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT author_id FROM shares WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *db)
        .await
}

/// (author, created_at) of a visible share.
pub async fn owner(db: &mut Db, id: i64) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as("SELECT author_id, created_at FROM shares WHERE id = $1 AND status = 'visible'")
        .bind(id)
        .fetch_optional(&mut *db)
        .await
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
pub async fn delete(db: &mut Db, id: i64, now: Millis) -> sqlx::Result<bool> {
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
    count_rating(db, id, false).await?;
    // Its rows go now when few, in the background when a 达人's many (pages skip a share
    // that is not visible meanwhile).
    super::feed_jobs::cancel(db, id).await?;
    let cap = feed::INLINE_FAN_OUT;
    if super::timeline::rows_up_to(db, id, cap + 1).await? <= cap {
        sqlx::query("DELETE FROM timeline WHERE share_id = $1")
            .bind(id)
            .execute(&mut *db)
            .await?;
    } else {
        super::feed_jobs::queue(db, super::feed_jobs::Kind::Purge, id, now).await?;
    }
    Ok(true)
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
