//! Shares as people see them: the share, its author, product and photos, and whether
//! the viewer liked it; two queries whatever the number of shares.

use super::catalog::{product_from_row, PRODUCT_COLUMNS};
use super::Db;
use circle_api::{Person, ShareView};
use sqlx::{any::AnyRow, Row};
use std::collections::HashMap;

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
