//! The `orders` table.

use super::catalog::{ProductRow, PRODUCT_COLUMNS};
use super::{enums::Stored, Db};
use crate::clock::Millis;
use circle_api::{Attribution, Carrier, Cents, OrderStatus, ReturnStatus};

/// An order with its product, for its buyer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    #[sqlx(rename = "o_id")]
    pub id: i64,
    #[sqlx(rename = "o_quantity")]
    pub quantity: i64,
    #[sqlx(rename = "o_amount_cents")]
    pub amount_cents: Cents,
    #[sqlx(rename = "o_status")]
    pub status: Stored<OrderStatus>,
    #[sqlx(rename = "o_created_at")]
    pub created_at: Millis,
    #[sqlx(rename = "o_carrier")]
    pub carrier: Option<Stored<Carrier>>,
    #[sqlx(rename = "o_tracking_no")]
    pub tracking_no: Option<String>,
    #[sqlx(rename = "o_shipped_at")]
    pub shipped_at: Option<Millis>,
    #[sqlx(rename = "o_delivered_at")]
    pub delivered_at: Option<Millis>,
    #[sqlx(rename = "o_completed_at")]
    pub completed_at: Option<Millis>,
    #[sqlx(rename = "o_cancelled_at")]
    pub cancelled_at: Option<Millis>,
    #[sqlx(rename = "o_refunded_at")]
    pub refunded_at: Option<Millis>,
    #[sqlx(rename = "o_return_status")]
    pub return_status: Option<Stored<ReturnStatus>>,
    #[sqlx(rename = "o_return_reason")]
    pub return_reason: Option<String>,
    #[sqlx(rename = "o_return_note")]
    pub return_note: Option<String>,
    #[sqlx(rename = "o_attribution")]
    pub attribution: Stored<Attribution>,
    #[sqlx(flatten)]
    pub product: ProductRow,
}

/// The columns of an `OrderRow`; join `orders o`, `products p` and `merchants m`.
pub const ORDER_COLUMNS: &str = "o.id AS o_id, o.quantity AS o_quantity, \
     o.amount_cents AS o_amount_cents, o.status AS o_status, o.created_at AS o_created_at, \
     o.carrier AS o_carrier, o.tracking_no AS o_tracking_no, o.shipped_at AS o_shipped_at, \
     o.delivered_at AS o_delivered_at, o.completed_at AS o_completed_at, \
     o.cancelled_at AS o_cancelled_at, o.refunded_at AS o_refunded_at, \
     o.return_status AS o_return_status, o.return_reason AS o_return_reason, \
     o.return_note AS o_return_note, o.attribution AS o_attribution";

fn select_orders(where_clause: &str) -> String {
    format!(
        "SELECT {ORDER_COLUMNS}, {PRODUCT_COLUMNS} \
         FROM orders o JOIN products p ON p.id = o.product_id JOIN merchants m ON m.id = p.merchant_id \
         WHERE {where_clause}"
    )
}

pub struct NewOrder<'a> {
    pub buyer_id: i64,
    pub product_id: i64,
    pub merchant_id: i64,
    /// The platform's fee, as the merchant's terms say at payment.
    pub fee_bp: i64,
    pub quantity: i64,
    pub amount_cents: Cents,
    pub idempotency_key: &'a str,
    pub request_hash: &'a str,
    /// The share the buyer came through (last click), whatever the attribution says.
    pub share_id: Option<i64>,
    pub attribution: Attribution,
}

/// Inserts the order unless this buyer already used this key: `None` then. The unique
/// constraint makes concurrent requests with one key create exactly one order.
pub async fn insert(db: &mut Db, o: &NewOrder<'_>, now: Millis) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO orders (buyer_id, product_id, quantity, amount_cents, idempotency_key, request_hash, \
                             share_id, attribution, created_at, merchant_id, fee_bp) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (buyer_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(o.buyer_id)
    .bind(o.product_id)
    .bind(o.quantity)
    .bind(o.amount_cents)
    .bind(o.idempotency_key)
    .bind(o.request_hash)
    .bind(o.share_id)
    .bind(super::enums::name(o.attribution))
    .bind(now)
    .bind(o.merchant_id)
    .bind(o.fee_bp)
    .fetch_optional(&mut *db)
    .await
}

/// The order a buyer made with a key, and the fingerprint of the request that made it.
pub async fn find_by_key(
    db: &mut Db,
    buyer_id: i64,
    key: &str,
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, request_hash FROM orders WHERE buyer_id = $1 AND idempotency_key = $2",
    )
    .bind(buyer_id)
    .bind(key)
    .fetch_optional(&mut *db)
    .await
}

/// One of the buyer's orders; someone else's order is `None`, as if it did not exist.
pub async fn get_for_buyer(db: &mut Db, id: i64, buyer_id: i64) -> sqlx::Result<Option<OrderRow>> {
    sqlx::query_as(&select_orders("o.id = $1 AND o.buyer_id = $2"))
        .bind(id)
        .bind(buyer_id)
        .fetch_optional(&mut *db)
        .await
}

/// The buyer's orders, newest first, keyset-paginated on the id.
pub async fn list_for_buyer(
    db: &mut Db,
    buyer_id: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<OrderRow>> {
    let sql = format!(
        "{} ORDER BY o.id DESC LIMIT $3",
        select_orders("o.buyer_id = $1 AND o.id < $2")
    );
    sqlx::query_as(&sql)
        .bind(buyer_id)
        .bind(after.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}
