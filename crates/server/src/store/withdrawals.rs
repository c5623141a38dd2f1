//! The `withdrawals` table: requested, then paid or failed. The rules (minimum, the
//! available balance, idempotency) live in `service::earnings`.

use super::enums::Stored;
use super::Db;
use crate::clock::Millis;
use circle_api::{Cents, WithdrawalStatus};

/// A withdrawal and the fingerprint of the request that made it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithdrawalRow {
    pub id: i64,
    pub amount_cents: Cents,
    pub status: Stored<WithdrawalStatus>,
    pub created_at: Millis,
    pub settled_at: Option<Millis>,
    pub request_hash: String,
}

const COLUMNS: &str = "id, amount_cents, status, created_at, settled_at, request_hash";

/// The withdrawal a user made with a key, and the fingerprint of its request.
pub async fn by_key(db: &mut Db, user: i64, key: &str) -> sqlx::Result<Option<WithdrawalRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM withdrawals WHERE user_id = $1 AND idempotency_key = $2"
    ))
    .bind(user)
    .bind(key)
    .fetch_optional(&mut *db)
    .await
}

/// A withdrawal asked for by `user`, paying them or (`merchant`) the shop they run.
pub async fn insert(
    db: &mut Db,
    user: i64,
    merchant: Option<i64>,
    amount: Cents,
    key: &str,
    hash: &str,
    now: Millis,
) -> sqlx::Result<WithdrawalRow> {
    sqlx::query_as(&format!(
        "INSERT INTO withdrawals (user_id, amount_cents, idempotency_key, request_hash, created_at, merchant_id) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(user)
    .bind(amount)
    .bind(key)
    .bind(hash)
    .bind(now)
    .bind(merchant)
    .fetch_one(&mut *db)
    .await
}

/// Settles a requested withdrawal as paid or failed: (who asked, the shop it pays if
/// any, amount), or `None` if it was settled already (the conditional UPDATE lets one
/// settlement win).
pub async fn settle(
    db: &mut Db,
    id: i64,
    paid: bool,
    now: Millis,
) -> sqlx::Result<Option<(i64, Option<i64>, Cents)>> {
    let to = if paid { "paid" } else { "failed" };
    sqlx::query_as(
        "UPDATE withdrawals SET status = $1, settled_at = $2 WHERE id = $3 AND status = 'requested' \
         RETURNING user_id, merchant_id, amount_cents",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *db)
    .await
}

/// Requested withdrawals made at or before `before`, oldest first.
pub async fn requested_before(db: &mut Db, before: Millis) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM withdrawals WHERE status = 'requested' AND created_at <= $1 ORDER BY id LIMIT 500",
    )
    .bind(before)
    .fetch_all(&mut *db)
    .await
}

/// A person's own withdrawals (`merchant`: their shop's), newest first.
pub async fn list(
    db: &mut Db,
    user: i64,
    merchant: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<WithdrawalRow>> {
    let whose = if merchant.is_some() {
        "merchant_id = $4"
    } else {
        "merchant_id IS NULL AND $4 IS NULL"
    };
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM withdrawals WHERE user_id = $1 AND {whose} AND id < $2 ORDER BY id DESC LIMIT $3"
    ))
    .bind(user)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .bind(merchant)
    .fetch_all(&mut *db)
    .await
}
