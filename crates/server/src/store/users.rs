//! The `users` table.

use crate::clock::Millis;
use circle_api::{Me, Role};
use sqlx::{AnyPool, Row};

/// A user row with its password hash, for login.
pub struct UserWithHash {
    pub user: Me,
    pub password_hash: String,
}

pub struct NewUser<'a> {
    pub handle: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub created_at: Millis,
}

pub fn role_from_db(s: &str) -> Role {
    match s {
        "merchant" => Role::Merchant,
        "moderator" => Role::Moderator,
        _ => Role::Shopper,
    }
}

pub fn role_to_db(role: Role) -> &'static str {
    match role {
        Role::Shopper => "shopper",
        Role::Merchant => "merchant",
        Role::Moderator => "moderator",
    }
}

pub(crate) fn me_from_row(row: &sqlx::any::AnyRow) -> sqlx::Result<Me> {
    Ok(Me {
        id: row.try_get("id")?,
        handle: row.try_get("handle")?,
        display_name: row.try_get("display_name")?,
        role: role_from_db(row.try_get::<String, _>("role")?.as_str()),
        locale: row.try_get("locale")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Inserts a user; a taken handle surfaces as a unique violation.
pub async fn insert(pool: &AnyPool, new: NewUser<'_>) -> sqlx::Result<Me> {
    let row = sqlx::query(
        "INSERT INTO users (handle, display_name, password_hash, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         RETURNING id, handle, display_name, role, locale, created_at",
    )
    .bind(new.handle)
    .bind(new.display_name)
    .bind(new.password_hash)
    .bind(role_to_db(new.role))
    .bind(new.created_at)
    .fetch_one(pool)
    .await?;
    me_from_row(&row)
}

pub async fn find_by_handle(pool: &AnyPool, handle: &str) -> sqlx::Result<Option<UserWithHash>> {
    let row = sqlx::query(
        "SELECT id, handle, display_name, role, locale, created_at, password_hash \
         FROM users WHERE handle = $1",
    )
    .bind(handle)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(UserWithHash {
            user: me_from_row(&row)?,
            password_hash: row.try_get("password_hash")?,
        })
    })
    .transpose()
}

pub async fn count(pool: &AnyPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
}

/// Suspends an account until `until`.
pub async fn ban(pool: &AnyPool, user: i64, until: Millis) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET banned_until = $1 WHERE id = $2")
        .bind(until)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}
