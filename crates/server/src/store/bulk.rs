//! Bulk writes for `circle seed`: multi-row INSERTs with explicit ids, and the
//! set-based statements that finish a seed (followers' timelines, the orders' ledger
//! payments, rating aggregates, PostgreSQL's identity sequences).

use super::{Backend, Db};
use crate::domain::feed;

/// Rows for one multi-row INSERT.
pub struct Batch {
    head: String,
    cols: usize,
    values: Vec<Arg>,
}

pub enum Arg {
    I(i64),
    O(Option<i64>),
    S(String),
}

/// Rows per statement: well inside SQLite's 32766 and PostgreSQL's 65535 parameters.
const PARAMS_PER_STATEMENT: usize = 4_000;

impl Batch {
    pub fn new(table_and_columns: &str, cols: usize) -> Self {
        Self {
            head: format!("INSERT INTO {table_and_columns} VALUES "),
            cols,
            values: Vec::new(),
        }
    }

    /// For rows with explicit ids: PostgreSQL's `GENERATED ALWAYS` identity columns take
    /// them only when told to.
    pub fn with_ids(mut self, backend: super::Backend) -> Self {
        if backend == super::Backend::Postgres {
            self.head = self
                .head
                .replace(" VALUES ", " OVERRIDING SYSTEM VALUE VALUES ");
        }
        self
    }

    pub fn push(&mut self, row: Vec<Arg>) {
        debug_assert_eq!(row.len(), self.cols);
        self.values.extend(row);
    }

    pub fn nearly_full(&self) -> bool {
        self.values.len() + 16 * self.cols > PARAMS_PER_STATEMENT
    }

    pub async fn flush_if_full(&mut self, db: &mut Db) -> sqlx::Result<()> {
        if self.values.len() + self.cols > PARAMS_PER_STATEMENT {
            self.flush(db).await?;
        }
        Ok(())
    }

    pub async fn flush(&mut self, db: &mut Db) -> sqlx::Result<()> {
        if self.values.is_empty() {
            return Ok(());
        }
        let rows = self.values.len() / self.cols;
        let mut sql = self.head.clone();
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..self.cols {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", r * self.cols + c + 1));
            }
            sql.push(')');
        }
        sql.push_str(" ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(&sql);
        for v in self.values.drain(..) {
            q = match v {
                Arg::I(i) => q.bind(i),
                Arg::O(o) => q.bind(o),
                Arg::S(s) => q.bind(s),
            };
        }
        q.execute(&mut *db).await?;
        Ok(())
    }
}

/// The next free id of a table (seeded rows carry explicit ids).
pub async fn next_id(db: &mut Db, table: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM {table}"
    ))
    .fetch_one(&mut *db)
    .await
}

/// Followers of the 达人 get the 达人's shares too (one statement, done by the database).
pub async fn fan_out_to_followers(db: &mut Db, first_user: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
         SELECT f.follower_id, t.share_id, t.author_id, t.product_id, $1, t.rank, t.created_at \
         FROM follows f JOIN timeline t ON t.reader_id = f.followee_id AND t.author_id = f.followee_id \
         WHERE f.follower_id >= $2 ON CONFLICT (reader_id, share_id) DO NOTHING",
    )
    .bind(feed::VIA_FOLLOW)
    .bind(first_user)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Each seeded order's payment in the ledger, as `Movement::order_paid` posts it
/// (dedupe key `paid:order:{id}`; platform → merchant payable), and for a completed one its
/// settlement, as `Movement::order_settled` posts it (seeded orders carry no commission
/// and their shops no fee: merchant payable → merchant available), set-based.
pub async fn post_order_payments(db: &mut Db, first_order: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO ledger_transactions (kind, dedupe_key, order_id, created_at) \
         SELECT 'order_paid', 'paid:order:' || o.id, o.id, o.created_at FROM orders o \
         WHERE o.id >= $1 ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(first_order)
    .execute(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_entries (tx_id, account, owner_id, amount_cents, created_at) \
         SELECT t.id, 'platform', 0, -o.amount_cents, t.created_at \
           FROM ledger_transactions t JOIN orders o ON o.id = t.order_id \
           WHERE t.kind = 'order_paid' AND o.id >= $1 \
         UNION ALL \
         SELECT t.id, 'merchant_payable', p.merchant_id, o.amount_cents, t.created_at \
           FROM ledger_transactions t JOIN orders o ON o.id = t.order_id JOIN products p ON p.id = o.product_id \
           WHERE t.kind = 'order_paid' AND o.id >= $1",
    )
    .bind(first_order)
    .execute(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_transactions (kind, dedupe_key, order_id, created_at) \
         SELECT 'order_settled', 'settle:order:' || o.id, o.id, o.completed_at FROM orders o \
         WHERE o.id >= $1 AND o.status = 'completed' ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(first_order)
    .execute(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_entries (tx_id, account, owner_id, amount_cents, created_at) \
         SELECT t.id, 'merchant_payable', o.merchant_id, -o.amount_cents, t.created_at \
           FROM ledger_transactions t JOIN orders o ON o.id = t.order_id \
           WHERE t.kind = 'order_settled' AND o.id >= $1 \
         UNION ALL \
         SELECT t.id, 'merchant_available', o.merchant_id, o.amount_cents, t.created_at \
           FROM ledger_transactions t JOIN orders o ON o.id = t.order_id \
           WHERE t.kind = 'order_settled' AND o.id >= $1",
    )
    .bind(first_order)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The counted ratings into each product's aggregate, as the API's writes keep it.
pub async fn recount_ratings(db: &mut Db, first_product: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE products SET \
           rating_sum = (SELECT COALESCE(SUM(s.rating), 0) FROM shares s \
             WHERE s.product_id = products.id AND s.rating_counted = 1), \
           rating_count = (SELECT COUNT(*) FROM shares s \
             WHERE s.product_id = products.id AND s.rating_counted = 1) \
         WHERE id >= $1",
    )
    .bind(first_product)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Explicit ids bypass PostgreSQL's identity sequences; move them past what was written.
pub async fn advance_sequences(db: &mut Db, backend: Backend) -> sqlx::Result<()> {
    if backend != Backend::Postgres {
        return Ok(());
    }
    for table in [
        "users",
        "merchants",
        "products",
        "orders",
        "shares",
        "comments",
    ] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}
