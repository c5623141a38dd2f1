//! The cached WeChat access token and `jsapi_ticket`, shared by every server process;
//! and the WeChat identities accounts log in with.

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

/// A WeChat identity as WeChat's web authorization gave it.
pub struct Identity<'a> {
    pub openid: &'a str,
    pub unionid: Option<&'a str>,
    pub nickname: &'a str,
    pub avatar_url: &'a str,
}

/// The account `openid` logs into, if linked; with its row to log in with.
pub async fn account_of(db: &mut Db, openid: &str) -> sqlx::Result<Option<super::users::MeRow>> {
    sqlx::query_as(
        "SELECT u.id, u.handle, u.display_name, u.role, u.locale, u.created_at \
         FROM wechat_accounts w JOIN users u ON u.id = w.user_id WHERE w.openid = $1",
    )
    .bind(openid)
    .fetch_optional(&mut *db)
    .await
}

/// Links `who` to `user`; a violation of `wechat_accounts_pkey` (the openid is another
/// account's) or of the user's uniqueness (the account has another WeChat) is the caller's.
pub async fn link(db: &mut Db, user: i64, who: &Identity<'_>, now: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO wechat_accounts (openid, unionid, user_id, nickname, avatar_url, linked_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(who.openid)
    .bind(who.unionid)
    .bind(user)
    .bind(who.nickname)
    .bind(who.avatar_url)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The WeChat nickname linked to `user`, and whether the account has a password.
pub async fn link_of(db: &mut Db, user: i64) -> sqlx::Result<(Option<String>, bool)> {
    sqlx::query_as(
        "SELECT (SELECT nickname FROM wechat_accounts WHERE user_id = u.id), \
                CAST(CASE WHEN u.password_hash <> '' THEN 1 ELSE 0 END AS BIGINT) \
         FROM users u WHERE u.id = $1",
    )
    .bind(user)
    .fetch_one(&mut *db)
    .await
    .map(|(nickname, has_password): (Option<String>, i64)| (nickname, has_password == 1))
}

pub async fn unlink(db: &mut Db, user: i64) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM wechat_accounts WHERE user_id = $1")
            .bind(user)
            .execute(&mut *db)
            .await?
            .rows_affected(),
    )
}
