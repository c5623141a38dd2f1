//! Withdrawals: requested (money moves from available to in flight), then paid or failed
//! (failed returns it). The wallet lock makes concurrent requests see each other, so the
//! available balance can never fund more than it holds.

use super::{
    ledger::{self, Refs, Tx},
    notifications::{self, Notify},
};
use crate::{
    clock::Millis,
    domain::ledger::{Account, Movement},
};
use circle_api::{Cents, NotificationKind, WithdrawalStatus, WithdrawalView};
use sqlx::{any::AnyRow, AnyPool, Row};

pub enum Requested {
    /// A new withdrawal.
    Created(WithdrawalView),
    /// This key was used before for the same request: that withdrawal.
    Replayed(WithdrawalView),
    /// This key was used before for another amount.
    KeyReused,
    /// More than available; the balance it saw.
    Insufficient(Cents),
}

fn status_from_db(s: &str) -> WithdrawalStatus {
    match s {
        "paid" => WithdrawalStatus::Paid,
        "failed" => WithdrawalStatus::Failed,
        _ => WithdrawalStatus::Requested,
    }
}

fn view(r: &AnyRow) -> sqlx::Result<WithdrawalView> {
    Ok(WithdrawalView {
        id: r.try_get("id")?,
        amount_cents: r.try_get("amount_cents")?,
        status: status_from_db(r.try_get::<String, _>("status")?.as_str()),
        created_at: r.try_get("created_at")?,
        settled_at: r.try_get("settled_at")?,
    })
}

const COLUMNS: &str = "id, amount_cents, status, created_at, settled_at, request_hash";

pub async fn request(
    pool: &AnyPool,
    user: i64,
    amount: Cents,
    key: &str,
    hash: &str,
    now: Millis,
) -> sqlx::Result<Requested> {
    let mut tx: Tx = pool.begin().await?;
    // First statement is a write: SQLite takes its write lock here (a read first could
    // deadlock two writers), PostgreSQL locks the wallet row.
    ledger::lock_wallet(&mut tx, user).await?;
    let existing = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM withdrawals WHERE user_id = $1 AND idempotency_key = $2"
    ))
    .bind(user)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = existing {
        tx.rollback().await?;
        return Ok(if row.try_get::<String, _>("request_hash")? == hash {
            Requested::Replayed(view(&row)?)
        } else {
            Requested::KeyReused
        });
    }
    let available = ledger::balance(&mut *tx, Account::UserAvailable(user)).await?;
    if amount > available {
        tx.rollback().await?;
        return Ok(Requested::Insufficient(available));
    }
    let row = sqlx::query(&format!(
        "INSERT INTO withdrawals (user_id, amount_cents, idempotency_key, request_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    ))
    .bind(user)
    .bind(amount)
    .bind(key)
    .bind(hash)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let w = view(&row)?;
    let refs = Refs {
        withdrawal: Some(w.id),
        ..Refs::default()
    };
    ledger::post(
        &mut tx,
        &Movement::withdrawal_requested(w.id, user, amount),
        refs,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Requested::Created(w))
}

/// Settles a requested withdrawal as paid or failed; `false` if it was settled already.
pub async fn settle(pool: &AnyPool, id: i64, paid: bool, now: Millis) -> sqlx::Result<bool> {
    let mut tx: Tx = pool.begin().await?;
    let to = if paid { "paid" } else { "failed" };
    let row = sqlx::query(
        "UPDATE withdrawals SET status = $1, settled_at = $2 WHERE id = $3 AND status = 'requested' \
         RETURNING user_id, amount_cents",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        tx.rollback().await?;
        return Ok(false);
    };
    let user: i64 = row.try_get("user_id")?;
    let amount: Cents = row.try_get("amount_cents")?;
    let (movement, kind) = if paid {
        (
            Movement::withdrawal_paid(id, user, amount),
            NotificationKind::WithdrawalPaid,
        )
    } else {
        (
            Movement::withdrawal_failed(id, user, amount),
            NotificationKind::WithdrawalFailed,
        )
    };
    let refs = Refs {
        withdrawal: Some(id),
        ..Refs::default()
    };
    ledger::post(&mut tx, &movement, refs, now).await?;
    let note = Notify {
        user_id: user,
        kind,
        amount_cents: Some(amount),
        ..Notify::default()
    };
    notifications::add(&mut *tx, note, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Requested withdrawals made at or before `before`, oldest first.
pub async fn requested_before(pool: &AnyPool, before: Millis) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM withdrawals WHERE status = 'requested' AND created_at <= $1 ORDER BY id LIMIT 500",
    )
    .bind(before)
    .fetch_all(pool)
    .await
}

pub async fn list(
    pool: &AnyPool,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<WithdrawalView>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM withdrawals WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
    ))
    .bind(user)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(view).collect()
}
