//! Leases: work that several server processes could each start, done by whichever takes
//! the lease first, at most once per period across all of them.

use super::Db;
use crate::clock::Millis;

/// Takes the lease `name` at `now` if nobody took it in the last `every`: `true` for the
/// one caller that did. A single conditional update, so of several processes racing for
/// it exactly one wins.
pub async fn take(db: &mut Db, name: &str, now: Millis, every: Millis) -> sqlx::Result<bool> {
    sqlx::query(
        "INSERT INTO leases (name, taken_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(Millis::MIN)
    .execute(&mut *db)
    .await?;
    let taken = sqlx::query("UPDATE leases SET taken_at = $1 WHERE name = $2 AND taken_at <= $3")
        .bind(now)
        .bind(name)
        .bind(now.saturating_sub(every))
        .execute(&mut *db)
        .await?;
    Ok(taken.rows_affected() == 1)
}

/// Gives the lease `name` back at once, so the next taker need not wait out its period
/// (a lease used as a lock: the period only bounds how long a crashed holder blocks).
pub async fn release(db: &mut Db, name: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE leases SET taken_at = $1 WHERE name = $2")
        .bind(Millis::MIN)
        .bind(name)
        .execute(&mut *db)
        .await?;
    Ok(())
}
