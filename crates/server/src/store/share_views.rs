//! Shares as people see them: the share, its author, product and photos, and whether
//! the viewer liked it; one query whatever the number of shares. The rows become the
//! API's `ShareView` in `service::views`, which keeps them (`view_cache`) and asks
//! `versions` first: one small query whether they are still what it keeps.

use super::catalog::{ProductRow, PRODUCT_COLUMNS};
use super::view_cache::Versions;
use super::Db;
use crate::clock::Millis;

/// 1 when the viewer (`$1`) liked the share `s`, else 0. A scalar subquery on the like's
/// key: PostgreSQL may run an `EXISTS` as one scan of the whole table hashed.
macro_rules! liked {
    () => {
        "CAST(CASE WHEN (SELECT k.user_id FROM likes k WHERE k.share_id = s.id AND k.user_id = $1) \
         IS NULL THEN 0 ELSE 1 END AS BIGINT)"
    };
}
pub(super) use liked;

const SHARE_COLUMNS: &str = concat!(
    "s.id AS s_id, s.code AS s_code, s.text AS s_text, s.rating AS s_rating, \
    s.like_count AS s_like_count, s.buyer_like_count AS s_buyer_like_count, s.comment_count AS s_comment_count, s.created_at AS s_created_at, \
    s.edited_at AS s_edited_at, s.author_id AS s_author_id, s.is_ad AS s_is_ad, u.handle AS u_handle, u.display_name AS u_display_name, \
    CAST(CASE WHEN (SELECT o.status FROM orders o WHERE o.id = s.order_id) IN ('delivered', 'completed') THEN 1 ELSE 0 END AS BIGINT) AS s_verified, ",
    liked!(),
    " AS s_liked, s.view_version AS s_view_version, p.view_version AS p_view_version, u.view_version AS u_view_version, \
    (SELECT string_agg(pm.token, ',' ORDER BY sp.position) FROM share_photos sp \
      JOIN media pm ON pm.id = sp.media_id WHERE sp.share_id = s.id) AS s_photos"
);

/// A share with its author and product, as one viewer sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShareRow {
    #[sqlx(rename = "s_id")]
    pub id: i64,
    #[sqlx(rename = "s_code")]
    pub code: String,
    #[sqlx(rename = "s_text")]
    pub text: String,
    #[sqlx(rename = "s_rating")]
    pub rating: Option<i64>,
    #[sqlx(rename = "s_like_count")]
    pub like_count: i64,
    #[sqlx(rename = "s_buyer_like_count")]
    pub buyer_like_count: i64,
    #[sqlx(rename = "s_comment_count")]
    pub comment_count: i64,
    #[sqlx(rename = "s_created_at")]
    pub created_at: Millis,
    #[sqlx(rename = "s_edited_at")]
    pub edited_at: Option<Millis>,
    #[sqlx(rename = "s_author_id")]
    pub author_id: i64,
    #[sqlx(rename = "s_is_ad")]
    pub is_ad: i64,
    #[sqlx(rename = "u_handle")]
    pub author_handle: String,
    #[sqlx(rename = "u_display_name")]
    pub author_name: String,
    /// Its order is delivered now (已购).
    #[sqlx(rename = "s_verified")]
    pub verified: i64,
    #[sqlx(rename = "s_liked")]
    pub liked: i64,
    #[sqlx(rename = "s_view_version")]
    pub share_version: i64,
    #[sqlx(rename = "p_view_version")]
    pub product_version: i64,
    #[sqlx(rename = "u_view_version")]
    pub author_version: i64,
    /// The photos' media tokens in order, joined by commas (hex tokens have none).
    #[sqlx(rename = "s_photos")]
    pub photos: Option<String>,
    #[sqlx(flatten)]
    pub product: ProductRow,
}

impl ShareRow {
    pub fn versions(&self) -> Versions {
        (
            self.share_version,
            self.product_version,
            self.author_version,
        )
    }

    /// The photos' media tokens, in order.
    pub fn photo_tokens(&self) -> impl Iterator<Item = &str> {
        self.photos
            .as_deref()
            .into_iter()
            .flat_map(|joined| joined.split(','))
    }
}

/// A visible share's versions now, and whether the viewer liked it.
#[derive(Debug, Clone, Copy)]
pub struct Current {
    pub id: i64,
    pub versions: Versions,
    pub liked: bool,
}

/// The versions of the visible shares among `ids` (in no order): integers only, from
/// the three rows' primary keys and the viewer's like.
pub async fn versions(db: &mut Db, viewer: Option<i64>, ids: &[i64]) -> sqlx::Result<Vec<Current>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT s.id, s.view_version, p.view_version, u.view_version, {} \
         FROM shares s JOIN products p ON p.id = s.product_id JOIN users u ON u.id = s.author_id \
         WHERE s.status = 'visible' AND s.id IN ({})",
        liked!(),
        super::in_list(2, ids)
    );
    let mut q = sqlx::query_as(&sql).bind(viewer.unwrap_or(-1));
    for id in super::padded(ids) {
        q = q.bind(id);
    }
    let rows: Vec<(i64, i64, i64, i64, i64)> = q.fetch_all(&mut *db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, share, product, author, liked)| Current {
            id,
            versions: (share, product, author),
            liked: liked == 1,
        })
        .collect())
}

/// The rows of the visible shares among `ids` (in no order), photos included: one query
/// whatever the number of shares.
pub async fn rows(db: &mut Db, viewer: Option<i64>, ids: &[i64]) -> sqlx::Result<Vec<ShareRow>> {
    rows_with(db, viewer, ids, "s.status = 'visible'").await
}

/// Like `rows`, hidden shares included (for moderators).
pub async fn rows_for_moderation(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<ShareRow>> {
    rows_with(db, None, ids, "s.status IN ('visible', 'hidden')").await
}

async fn rows_with(
    db: &mut Db,
    viewer: Option<i64>,
    ids: &[i64],
    status: &str,
) -> sqlx::Result<Vec<ShareRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {SHARE_COLUMNS}, {PRODUCT_COLUMNS} FROM shares s \
         JOIN users u ON u.id = s.author_id JOIN products p ON p.id = s.product_id \
         JOIN merchants m ON m.id = p.merchant_id \
         WHERE {status} AND s.id IN ({})",
        super::in_list(2, ids)
    );
    let mut q = sqlx::query_as(&sql).bind(viewer.unwrap_or(-1));
    for id in super::padded(ids) {
        q = q.bind(id);
    }
    q.fetch_all(&mut *db).await
}
