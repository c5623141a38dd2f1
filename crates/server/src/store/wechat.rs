//! The cached WeChat access token and `jsapi_ticket`, shared by every server process.

use super::Db;
use crate::clock::Millis;

/// The cached value of `kind` if it is still good after `good_after`.
pub async fn cached(db: &mut Db, kind: &str, good_after: Millis) -> sqlx::Result<Option<String>> {
    let row: Option<(String, Millis)> =
        sqlx::query_as("SELECT value, expires_at FROM wechat_tokens WHERE kind = $1")
            .bind(kind)
            .fetch_optional(&mut *db)
            .await?;
    Ok(row.and_then(|(value, expires)| (expires > good_after).then_some(value)))
}

pub async fn keep(db: &mut Db, kind: &str, value: &str, expires_at: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO wechat_tokens (kind, value, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (kind) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    )
    .bind(kind)
    .bind(value)
    .bind(expires_at)
    .execute(&mut *db)
    .await?;
    Ok(())
}
