//! Rate-limit state in the database, so that every server process counts the same
//! requests.

use super::Db;
use crate::{clock::Millis, domain::limits::Limit};

/// Takes one request from `key`'s allowance: `Ok` or the milliseconds to wait. The
/// first statement locks the key's row (inserting it if new), so concurrent requests
/// through any process are counted one after the other.
pub async fn take(
    db: &mut Db,
    key: &str,
    limit: Limit,
    now: Millis,
) -> sqlx::Result<Result<(), Millis>> {
    let stored: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limits (key, tat) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET tat = rate_limits.tat RETURNING tat",
    )
    .bind(key)
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    match limit.check(Some(stored), now) {
        Ok(tat) => {
            sqlx::query("UPDATE rate_limits SET tat = $1 WHERE key = $2")
                .bind(tat)
                .bind(key)
                .execute(&mut *db)
                .await?;
            Ok(Ok(()))
        }
        Err(wait) => Ok(Err(wait)),
    }
}

/// Forgets keys whose allowance is full again (a missing key is a full allowance), so
/// the table holds only recent activity, whatever handles or addresses were tried.
pub async fn prune(db: &mut Db, now: Millis) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM rate_limits WHERE tat <= $1")
        .bind(now)
        .execute(&mut *db)
        .await?
        .rows_affected())
}
