//! Media: photos (as renditions, never their originals; databases from before kept the
//! demo's SVG drawings as they were), found
//! by an unguessable token; who may see them follows what they are attached to.

use super::Db;
use crate::{
    clock::Millis,
    domain::images::{Rendition, Variant},
};

/// A new token for a media row: 128 random bits as hex.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a photo as its renditions; `size` is what the uploader sent (it counts
/// towards their daily allowance). (id, token)
pub async fn insert_photo(
    db: &mut Db,
    owner_id: Option<i64>,
    renditions: &[Rendition],
    size: i64,
    now: Millis,
) -> sqlx::Result<(i64, String)> {
    let (id, token) = insert(db, owner_id, "image/webp", &[], size, now).await?;
    for r in renditions {
        sqlx::query(
            "INSERT INTO media_renditions (media_id, variant, content_type, width, height, bytes) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(r.variant.name())
        .bind(r.variant.content_type())
        .bind(i64::from(r.width))
        .bind(i64::from(r.height))
        .bind(&r.bytes)
        .execute(&mut *db)
        .await?;
    }
    Ok((id, token))
}

async fn insert(
    db: &mut Db,
    owner_id: Option<i64>,
    content_type: &str,
    bytes: &[u8],
    size: i64,
    now: Millis,
) -> sqlx::Result<(i64, String)> {
    let token = new_token();
    let id = sqlx::query_scalar(
        "INSERT INTO media (owner_id, content_type, bytes, created_at, size, token) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(owner_id)
    .bind(content_type)
    .bind(bytes)
    .bind(now)
    .bind(size)
    .bind(&token)
    .fetch_one(&mut *db)
    .await?;
    Ok((id, token))
}

/// A media row as the server decides who may see it.
#[derive(Debug, sqlx::FromRow)]
pub struct Found {
    pub id: i64,
    pub owner_id: Option<i64>,
    /// 1 while it is a photo of a visible share or of a product on the shop floor (on
    /// sale, paused, under review or delisted): anyone may see it then.
    pub public: i64,
}

/// The product statuses whose photos anyone may see: not one waiting for its first
/// review or refused.
const SHOWN_PRODUCTS: &str = "('active', 'paused', 'under_review', 'delisted')";

pub async fn find(db: &mut Db, token: &str) -> sqlx::Result<Option<Found>> {
    let sql = format!(
        "SELECT m.id, m.owner_id, CAST(CASE WHEN \
             EXISTS (SELECT 1 FROM share_photos sp JOIN shares s ON s.id = sp.share_id \
                     WHERE sp.media_id = m.id AND s.status = 'visible') \
          OR EXISTS (SELECT 1 FROM products p WHERE p.image_id = m.id AND p.status IN {SHOWN_PRODUCTS}) \
          OR EXISTS (SELECT 1 FROM product_photos pp JOIN products p ON p.id = pp.product_id \
                     WHERE pp.media_id = m.id AND p.status IN {SHOWN_PRODUCTS}) \
          THEN 1 ELSE 0 END AS BIGINT) AS public \
         FROM media m WHERE m.token = $1"
    );
    sqlx::query_as(&sql)
        .bind(token)
        .fetch_optional(&mut *db)
        .await
}

/// The bytes to serve for `variant` of media `id`: its rendition, or (for media stored
/// before renditions, the demo's drawings) the stored bytes. (content type, bytes)
pub async fn bytes(
    db: &mut Db,
    id: i64,
    variant: Variant,
) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    let rendition = sqlx::query_as(
        "SELECT content_type, bytes FROM media_renditions WHERE media_id = $1 AND variant = $2",
    )
    .bind(id)
    .bind(variant.name())
    .fetch_optional(&mut *db)
    .await?;
    if rendition.is_some() {
        return Ok(rendition);
    }
    sqlx::query_as("SELECT content_type, bytes FROM media WHERE id = $1 AND LENGTH(bytes) > 0")
        .bind(id)
        .fetch_optional(&mut *db)
        .await
}

/// The bytes `owner` uploaded since `since`.
pub async fn uploaded_bytes_since(db: &mut Db, owner: i64, since: Millis) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM media WHERE owner_id = $1 AND created_at >= $2",
    )
    .bind(owner)
    .bind(since)
    .fetch_one(&mut *db)
    .await
}

/// Deletes people's uploads from before `before` that no share, product or shop
/// application uses: photos picked and never posted.
pub async fn prune_unattached(db: &mut Db, before: Millis) -> sqlx::Result<u64> {
    const UNUSED: &str = "owner_id IS NOT NULL AND created_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM share_photos p WHERE p.media_id = media.id) \
         AND NOT EXISTS (SELECT 1 FROM product_photos p WHERE p.media_id = media.id) \
         AND NOT EXISTS (SELECT 1 FROM products p WHERE p.image_id = media.id) \
         AND NOT EXISTS (SELECT 1 FROM merchant_applications a WHERE a.licence_media_id = media.id)";
    sqlx::query(&format!(
        "DELETE FROM media_renditions WHERE media_id IN (SELECT id FROM media WHERE {UNUSED})"
    ))
    .bind(before)
    .execute(&mut *db)
    .await?;
    Ok(sqlx::query(&format!("DELETE FROM media WHERE {UNUSED}"))
        .bind(before)
        .execute(&mut *db)
        .await?
        .rows_affected())
}
