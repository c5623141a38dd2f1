//! Merchants and products.

use super::enums::Stored;
use super::Db;
use crate::clock::Millis;
use circle_api::{Cents, ProductStatus};

/// The columns of a `ProductRow`; join `products p` with `merchants m`.
pub const PRODUCT_COLUMNS: &str = "p.id AS p_id, p.title AS p_title, p.category AS p_category, \
     p.price_cents AS p_price_cents, p.stock AS p_stock, p.status AS p_status, p.image_id AS p_image_id, \
     (SELECT token FROM media WHERE id = p.image_id) AS p_image_token, \
     p.commission_bp AS p_commission_bp, \
     m.id AS m_id, m.name AS m_name, m.verified AS m_verified";

/// A product with its merchant (`PRODUCT_COLUMNS`); `service::views::product` makes
/// the API's view of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    #[sqlx(rename = "p_id")]
    pub id: i64,
    #[sqlx(rename = "p_title")]
    pub title: String,
    #[sqlx(rename = "p_category")]
    pub category: String,
    #[sqlx(rename = "p_price_cents")]
    pub price_cents: Cents,
    #[sqlx(rename = "p_stock")]
    pub stock: i64,
    #[sqlx(rename = "p_status")]
    pub status: Stored<ProductStatus>,
    #[sqlx(rename = "p_image_id")]
    pub image_id: Option<i64>,
    #[sqlx(rename = "p_image_token")]
    pub image_token: Option<String>,
    #[sqlx(rename = "p_commission_bp")]
    pub commission_bp: i64,
    #[sqlx(rename = "m_id")]
    pub merchant_id: i64,
    #[sqlx(rename = "m_name")]
    pub merchant_name: String,
    #[sqlx(rename = "m_verified")]
    pub merchant_verified: i64,
}

pub async fn insert_merchant(
    db: &mut Db,
    name: &str,
    verified: bool,
    user_id: Option<i64>,
    now: Millis,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO merchants (name, verified, user_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(i64::from(verified))
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *db)
    .await
}

pub struct NewProduct<'a> {
    pub merchant_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub category: &'a str,
    pub price_cents: Cents,
    pub stock: i64,
    pub commission_bp: i64,
    pub image_id: Option<i64>,
    pub status: ProductStatus,
}

pub async fn insert_product(db: &mut Db, p: NewProduct<'_>, now: Millis) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO products (merchant_id, title, description, category, price_cents, stock, \
                               commission_bp, image_id, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(p.merchant_id)
    .bind(p.title)
    .bind(p.description)
    .bind(p.category)
    .bind(p.price_cents)
    .bind(p.stock)
    .bind(p.commission_bp)
    .bind(p.image_id)
    .bind(super::enums::name(p.status))
    .bind(now)
    .fetch_one(&mut *db)
    .await
}

/// Moves a product between statuses; whether it changed.
pub async fn move_product_status(
    db: &mut Db,
    product: i64,
    from: &[ProductStatus],
    to: ProductStatus,
) -> sqlx::Result<bool> {
    let first = from.first().copied().unwrap_or(to);
    let second = from.get(1).copied().unwrap_or(first);
    Ok(sqlx::query(
        "UPDATE products SET status = $1 WHERE id = $2 AND (status = $3 OR status = $4)",
    )
    .bind(super::enums::name(to))
    .bind(product)
    .bind(super::enums::name(first))
    .bind(super::enums::name(second))
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

/// A product's status.
pub async fn status(db: &mut Db, id: i64) -> sqlx::Result<Option<ProductStatus>> {
    let status: Option<Stored<ProductStatus>> =
        sqlx::query_scalar("SELECT status FROM products WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(status.map(|s| s.0))
}

/// Sets a product's status whatever it was (fixtures and tools).
pub async fn set_product_status(db: &mut Db, id: i64, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE products SET status = $1 WHERE id = $2")
        .bind(status)
        .bind(id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

pub async fn get_product(db: &mut Db, id: i64) -> sqlx::Result<Option<ProductRow>> {
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN merchants m ON m.id = p.merchant_id WHERE p.id = $1"
    );
    sqlx::query_as(&sql).bind(id).fetch_optional(&mut *db).await
}

/// Several products by id, in the order of `ids` (unknown ids left out): one query.
pub async fn products_by_ids(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<ProductRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN merchants m ON m.id = p.merchant_id \
         WHERE p.id IN ({})",
        super::in_list(1, ids)
    );
    let mut q = sqlx::query_as(&sql);
    for id in super::padded(ids) {
        q = q.bind(id);
    }
    let mut found: Vec<ProductRow> = q.fetch_all(&mut *db).await?;
    found.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    Ok(found)
}

/// What a checkout or a share needs to know about a product.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Sellable {
    pub price_cents: Cents,
    pub status: Stored<ProductStatus>,
    pub merchant_id: i64,
    pub commission_bp: i64,
    pub verified: i64,
    /// The platform's fee on the merchant's sales.
    pub fee_bp: i64,
    /// The merchant's own account, if it has one (its shares of the product are ads).
    pub merchant_user_id: Option<i64>,
}

impl Sellable {
    pub fn buyable(&self) -> bool {
        crate::domain::orders::buyable(self.status.0, self.verified == 1)
    }
}

pub async fn sellable(db: &mut Db, id: i64) -> sqlx::Result<Option<Sellable>> {
    sqlx::query_as(
        "SELECT p.price_cents, p.status, p.merchant_id, p.commission_bp, m.verified, m.fee_bp, \
                m.user_id AS merchant_user_id \
         FROM products p JOIN merchants m ON m.id = p.merchant_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await
}

/// Buyable products, newest first, optionally by category and title substring;
/// keyset-paginated on the id (`after`: the last id of the previous page).
pub async fn search_products(
    db: &mut Db,
    query: &str,
    category: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<ProductRow>> {
    let pattern = format!("%{}%", super::escape_like(&query.to_lowercase()));
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN merchants m ON m.id = p.merchant_id \
         WHERE p.status = 'active' AND m.verified = 1 \
           AND ($1 = '' OR p.category = $1) \
           AND ($2 = '%%' OR LOWER(p.title) LIKE $2 ESCAPE '\\') \
           AND p.id < $3 \
         ORDER BY p.id DESC LIMIT $4"
    );
    sqlx::query_as(&sql)
        .bind(category.unwrap_or(""))
        .bind(pattern)
        .bind(after.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}

/// Takes `quantity` units of the product's stock: `false` (nothing taken) when fewer
/// are left. One conditional UPDATE, so the last unit sells once.
pub async fn take_stock(db: &mut Db, product: i64, quantity: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
            .bind(quantity)
            .bind(product)
            .execute(&mut *db)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Puts units back (an order cancelled before it was shipped).
pub async fn restock(db: &mut Db, product: i64, quantity: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE products SET stock = stock + $1 WHERE id = $2")
        .bind(quantity)
        .bind(product)
        .execute(&mut *db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::super::escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
    }
}
