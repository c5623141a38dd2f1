//! Products as their merchants write them and moderators review them.

use super::{
    catalog::{ProductRow, PRODUCT_COLUMNS},
    enums::{name, Stored},
    Db,
};
use crate::{clock::Millis, domain::merchants::Product};
use circle_api::ProductStatus;

/// A product with what only its merchant and the moderators see.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MerchantProductRow {
    #[sqlx(flatten)]
    pub product: ProductRow,
    pub description: String,
    pub review_reason: Option<String>,
    /// Units in orders that were not cancelled or refunded.
    pub sold: i64,
}

fn select(where_clause: &str) -> String {
    format!(
        "SELECT {PRODUCT_COLUMNS}, p.description AS description, p.review_reason AS review_reason, \
           (SELECT CAST(COALESCE(SUM(o.quantity), 0) AS BIGINT) FROM orders o \
              WHERE o.product_id = p.id AND o.status NOT IN ('cancelled', 'refunded')) AS sold \
         FROM products p JOIN merchants m ON m.id = p.merchant_id WHERE {where_clause}"
    )
}

/// The merchant's product; another merchant's is `None`, as if it did not exist.
pub async fn of_merchant(
    db: &mut Db,
    id: i64,
    merchant: i64,
) -> sqlx::Result<Option<MerchantProductRow>> {
    sqlx::query_as(&select("p.id = $1 AND p.merchant_id = $2"))
        .bind(id)
        .bind(merchant)
        .fetch_optional(&mut *db)
        .await
}

/// The merchant's products, newest first, keyset-paginated on the id.
pub async fn list_of_merchant(
    db: &mut Db,
    merchant: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MerchantProductRow>> {
    sqlx::query_as(&format!(
        "{} ORDER BY p.id DESC LIMIT $3",
        select("p.merchant_id = $1 AND p.id < $2")
    ))
    .bind(merchant)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// Products waiting for review, oldest first, keyset-paginated on the id.
pub async fn review_queue(
    db: &mut Db,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MerchantProductRow>> {
    sqlx::query_as(&format!(
        "{} ORDER BY p.id LIMIT $2",
        select("p.status = 'pending_review' AND p.id > $1")
    ))
    .bind(after.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// A shop's products on sale, newest first, keyset-paginated on the id.
pub async fn on_sale(
    db: &mut Db,
    merchant: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<ProductRow>> {
    sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN merchants m ON m.id = p.merchant_id \
         WHERE p.merchant_id = $1 AND p.status = 'active' AND p.id < $2 ORDER BY p.id DESC LIMIT $3"
    ))
    .bind(merchant)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// The photos of products, in order: (product, media id, media token).
pub async fn photos(db: &mut Db, products: &[i64]) -> sqlx::Result<Vec<(i64, i64, String)>> {
    if products.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT pp.product_id, pp.media_id, m.token FROM product_photos pp \
         JOIN media m ON m.id = pp.media_id WHERE pp.product_id IN ({}) \
         ORDER BY pp.product_id, pp.position",
        super::in_list(1, products)
    );
    let mut q = sqlx::query_as(&sql);
    for id in super::padded(products) {
        q = q.bind(id);
    }
    q.fetch_all(&mut *db).await
}

/// The product as its merchant last wrote it, and its status.
pub async fn written(db: &mut Db, id: i64) -> sqlx::Result<Option<(Product, ProductStatus)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        title: String,
        description: String,
        category: String,
        price_cents: i64,
        stock: i64,
        commission_bp: i64,
        status: Stored<ProductStatus>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT title, description, category, price_cents, stock, commission_bp, status \
         FROM products WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let photo_ids = photos(db, &[id])
        .await?
        .into_iter()
        .map(|(_, m, _)| m)
        .collect();
    let product = Product {
        title: r.title,
        description: r.description,
        category: r.category,
        price_cents: r.price_cents,
        stock: r.stock,
        commission_bp: r.commission_bp,
        photo_ids,
    };
    Ok(Some((product, r.status.0)))
}

/// Writes the product's fields and status, and its photos (the first is the cover).
pub async fn write(
    db: &mut Db,
    id: i64,
    p: &Product,
    status: ProductStatus,
    now: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE products SET title = $1, description = $2, category = $3, price_cents = $4, stock = $5, \
           commission_bp = $6, status = $7, image_id = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(&p.title)
    .bind(&p.description)
    .bind(&p.category)
    .bind(p.price_cents)
    .bind(p.stock)
    .bind(p.commission_bp)
    .bind(name(status))
    .bind(p.photo_ids.first().copied())
    .bind(now)
    .bind(id)
    .execute(&mut *db)
    .await?;
    set_photos(db, id, &p.photo_ids).await
}

/// Replaces the product's photos, in order.
pub async fn set_photos(db: &mut Db, id: i64, photo_ids: &[i64]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM product_photos WHERE product_id = $1")
        .bind(id)
        .execute(&mut *db)
        .await?;
    for (position, media) in photo_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO product_photos (product_id, position, media_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(*media)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

/// A moderator's decision on a product waiting for review, once: `false` if it is not
/// waiting (any more).
pub async fn review(
    db: &mut Db,
    id: i64,
    to: ProductStatus,
    reason: Option<&str>,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE products SET status = $1, review_reason = $2, updated_at = $3 \
         WHERE id = $4 AND status = 'pending_review'",
    )
    .bind(name(to))
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}
