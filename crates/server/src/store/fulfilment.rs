//! Orders through fulfilment: the stage a move is checked against, the moves (each a
//! conditional UPDATE on the status it was checked against), what the jobs find due,
//! and the merchant's lists.

use super::{
    catalog::PRODUCT_COLUMNS,
    enums::{name, Stored},
    orders::{OrderRow, ORDER_COLUMNS},
    Db,
};
use crate::{clock::Millis, domain::orders::Stage};
use circle_api::{Carrier, Cents, OrderFilter, OrderStatus, ReturnStatus};

/// What a move needs to know of an order: its stage, its parties and its money.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Staged {
    pub id: i64,
    pub buyer_id: i64,
    pub merchant_id: i64,
    /// The account that runs the shop (told of the order's moves).
    pub merchant_user_id: Option<i64>,
    pub product_id: i64,
    pub quantity: i64,
    pub amount_cents: Cents,
    pub fee_bp: i64,
    status: Stored<OrderStatus>,
    return_status: Option<Stored<ReturnStatus>>,
    created_at: Millis,
    shipped_at: Option<Millis>,
    delivered_at: Option<Millis>,
}

impl Staged {
    pub fn stage(&self) -> Stage {
        Stage {
            status: self.status.0,
            return_status: self.return_status.map(|r| r.0),
            created_at: self.created_at,
            shipped_at: self.shipped_at,
            delivered_at: self.delivered_at,
        }
    }
}

/// The order's stage; call it after `store::lock(Locked::Order)` so it stays true.
pub async fn staged(db: &mut Db, id: i64) -> sqlx::Result<Option<Staged>> {
    sqlx::query_as(
        "SELECT o.id, o.buyer_id, o.merchant_id, m.user_id AS merchant_user_id, o.product_id, \
                o.quantity, o.amount_cents, o.fee_bp, o.status, o.return_status, o.created_at, \
                o.shipped_at, o.delivered_at \
         FROM orders o JOIN merchants m ON m.id = o.merchant_id WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await
}

/// What a move writes besides the status.
#[derive(Debug, Clone)]
pub enum Write {
    Shipped {
        carrier: Carrier,
        tracking_no: String,
    },
    Delivered,
    Completed,
    Cancelled,
    Refunded,
    ReturnRequested {
        reason: String,
    },
    ReturnDisputed {
        note: String,
    },
    ReturnRefused,
}

/// Writes a checked move, on the condition that the order is still in `from`: `false`
/// (nothing written) if another transaction moved it first.
pub async fn write(
    db: &mut Db,
    id: i64,
    from: OrderStatus,
    w: &Write,
    now: Millis,
) -> sqlx::Result<bool> {
    let set = match w {
        Write::Shipped { .. } => {
            "status = 'shipped', shipped_at = $3, tracking_no = $4, carrier = $5"
        }
        Write::Delivered => "status = 'delivered', delivered_at = $3",
        Write::Completed => "status = 'completed', completed_at = $3",
        Write::Cancelled => "status = 'cancelled', cancelled_at = $3",
        Write::Refunded => "status = 'refunded', refunded_at = $3",
        Write::ReturnRequested { .. } => {
            "return_status = 'requested', return_reason = $4, return_requested_at = $3"
        }
        Write::ReturnDisputed { .. } => {
            "return_status = 'disputed', return_note = $4, return_answered_at = $3"
        }
        Write::ReturnRefused => "return_status = 'refused', return_answered_at = $3",
    };
    let sql = format!("UPDATE orders SET {set} WHERE id = $1 AND status = $2");
    let query = sqlx::query(&sql).bind(id).bind(name(from)).bind(now);
    let query = match w {
        Write::Shipped {
            carrier,
            tracking_no,
        } => query.bind(tracking_no.as_str()).bind(name(*carrier)),
        Write::ReturnRequested { reason: text } | Write::ReturnDisputed { note: text } => {
            query.bind(text.as_str())
        }
        _ => query,
    };
    Ok(query.execute(&mut *db).await?.rows_affected() == 1)
}

/// Shipped orders whose buyer has not confirmed receipt by `shipped_before`.
pub async fn due_to_receive(
    db: &mut Db,
    shipped_before: Millis,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM orders WHERE status = 'shipped' AND shipped_at <= $1 ORDER BY shipped_at, id LIMIT $2",
    )
    .bind(shipped_before)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// Delivered orders whose return window closed (delivered by `delivered_before`), with
/// no return open and a product that is not frozen (under review or delisted).
pub async fn due_to_complete(
    db: &mut Db,
    delivered_before: Millis,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT o.id FROM orders o JOIN products p ON p.id = o.product_id \
         WHERE o.status = 'delivered' AND o.delivered_at <= $1 \
           AND (o.return_status IS NULL OR o.return_status = 'refused') \
           AND p.status NOT IN ('under_review', 'delisted') \
         ORDER BY o.delivered_at, o.id LIMIT $2",
    )
    .bind(delivered_before)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// An order with who bought it and whose share sold it, for its merchant.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MerchantOrderRow {
    #[sqlx(flatten)]
    pub order: OrderRow,
    pub buyer_id: i64,
    pub buyer_handle: String,
    pub buyer_name: String,
    pub sharer_id: Option<i64>,
    pub sharer_handle: Option<String>,
    pub sharer_name: Option<String>,
    pub commission_cents: Option<Cents>,
    pub fee_bp: i64,
}

/// The merchant's orders, newest first, keyset-paginated on the id; `one` limits it to
/// one order. `merchant: None` (moderators) with `OrderFilter::Returns`: the disputed
/// returns of every shop.
pub async fn for_merchant(
    db: &mut Db,
    merchant: Option<i64>,
    filter: OrderFilter,
    one: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<MerchantOrderRow>> {
    let only = match (filter, merchant) {
        (OrderFilter::All, _) => "",
        (OrderFilter::ToShip, _) => " AND o.status = 'paid'",
        (OrderFilter::Returns, Some(_)) => {
            " AND o.status = 'delivered' AND o.return_status IN ('requested', 'disputed')"
        }
        (OrderFilter::Settled, _) => " AND o.status = 'completed'",
        (OrderFilter::Returns, None) => {
            " AND o.return_status = 'disputed' AND o.status = 'delivered'"
        }
    };
    let whose = if merchant.is_some() {
        "o.merchant_id = $1"
    } else {
        "$1 IS NULL"
    };
    let just = if one.is_some() {
        " AND o.id = $3"
    } else {
        " AND $3 IS NULL"
    };
    let sql = format!(
        "SELECT {ORDER_COLUMNS}, {PRODUCT_COLUMNS}, o.buyer_id AS buyer_id, b.handle AS buyer_handle, \
                b.display_name AS buyer_name, c.sharer_id AS sharer_id, su.handle AS sharer_handle, \
                su.display_name AS sharer_name, \
                CASE WHEN c.status IN ('pending', 'confirmed') THEN c.amount_cents END AS commission_cents, \
                o.fee_bp AS fee_bp \
         FROM orders o JOIN products p ON p.id = o.product_id JOIN merchants m ON m.id = p.merchant_id \
           JOIN users b ON b.id = o.buyer_id \
           LEFT JOIN commissions c ON c.order_id = o.id LEFT JOIN users su ON su.id = c.sharer_id \
         WHERE {whose} AND o.id < $2{only}{just} ORDER BY o.id DESC LIMIT $4"
    );
    sqlx::query_as(&sql)
        .bind(merchant)
        .bind(after.unwrap_or(i64::MAX))
        .bind(one)
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}

/// Paid orders waiting to be shipped, and returns waiting for the merchant's answer.
pub async fn merchant_counts(db: &mut Db, merchant: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM orders WHERE merchant_id = $1 AND status = 'paid'), \
                (SELECT COUNT(*) FROM orders WHERE merchant_id = $1 AND status = 'delivered' \
                   AND return_status = 'requested')",
    )
    .bind(merchant)
    .fetch_one(&mut *db)
    .await
}

/// One share's attributed sales of a merchant (not cancelled or refunded).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SalesRow {
    pub code: String,
    pub title: String,
    pub sharer_id: i64,
    pub handle: String,
    pub display_name: String,
    pub orders: i64,
    pub amount_cents: Cents,
    pub commission_cents: Cents,
}

/// The merchant's sales by share, the sharers who earned most first, then each sharer's
/// best shares first.
pub async fn sales_by_share(db: &mut Db, merchant: i64, limit: i64) -> sqlx::Result<Vec<SalesRow>> {
    sqlx::query_as(
        "SELECT s.code, p.title, u.id AS sharer_id, u.handle, u.display_name, COUNT(*) AS orders, \
                CAST(SUM(o.amount_cents) AS BIGINT) AS amount_cents, \
                CAST(SUM(c.amount_cents) AS BIGINT) AS commission_cents \
         FROM commissions c JOIN orders o ON o.id = c.order_id JOIN shares s ON s.id = c.share_id \
           JOIN products p ON p.id = o.product_id JOIN users u ON u.id = c.sharer_id \
         WHERE o.merchant_id = $1 AND o.status NOT IN ('cancelled', 'refunded') \
         GROUP BY s.id, s.code, p.title, u.id, u.handle, u.display_name \
         ORDER BY (SELECT SUM(c2.amount_cents) FROM commissions c2 JOIN orders o2 ON o2.id = c2.order_id \
                    WHERE c2.sharer_id = u.id AND o2.merchant_id = $1 \
                      AND o2.status NOT IN ('cancelled', 'refunded')) DESC, \
                  u.id, SUM(c.amount_cents) DESC, s.id \
         LIMIT $2",
    )
    .bind(merchant)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}
