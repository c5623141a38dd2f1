//! The `sessions` table: one row per login, keyed by the SHA-256 of the cookie token,
//! so any server process can check any session and a leaked table holds no tokens.

use super::{users::MeRow, Db};
use crate::clock::Millis;

pub async fn insert(
    db: &mut Db,
    token_hash: &str,
    user_id: i64,
    now: Millis,
    expires_at: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The user of a live session.
/// The session's user, and until when they are banned (if they are).
pub async fn find_user(
    db: &mut Db,
    token_hash: &str,
    now: Millis,
) -> sqlx::Result<Option<(MeRow, Option<Millis>)>> {
    #[derive(sqlx::FromRow)]
    struct Found {
        #[sqlx(flatten)]
        me: MeRow,
        banned_until: Option<Millis>,
    }
    let found: Option<Found> = sqlx::query_as(
        "SELECT u.id, u.handle, u.display_name, u.role, u.locale, u.created_at, u.banned_until \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *db)
    .await?;
    Ok(found.map(|f| (f.me, f.banned_until)))
}

pub async fn delete(db: &mut Db, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Drops a user's expired sessions; called at login so the table does not grow forever.
pub async fn delete_expired_of_user(db: &mut Db, user_id: i64, now: Millis) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2")
        .bind(user_id)
        .bind(now)
        .execute(&mut *db)
        .await?;
    Ok(())
}
