//! The `users` table.

use super::{enums::Stored, Db};
use crate::clock::Millis;
use circle_api::Role;

/// A user row with its password hash, for login.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserWithHash {
    #[sqlx(flatten)]
    pub user: MeRow,
    pub password_hash: String,
}

pub struct NewUser<'a> {
    pub handle: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub created_at: Millis,
}

/// A user as they see themselves.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeRow {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
    pub role: Stored<Role>,
    pub locale: String,
    pub created_at: Millis,
}

/// Inserts a user; a taken handle surfaces as a unique violation.
pub async fn insert(db: &mut Db, new: NewUser<'_>) -> sqlx::Result<MeRow> {
    sqlx::query_as(
        "INSERT INTO users (handle, display_name, password_hash, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         RETURNING id, handle, display_name, role, locale, created_at",
    )
    .bind(new.handle)
    .bind(new.display_name)
    .bind(new.password_hash)
    .bind(super::enums::name(new.role))
    .bind(new.created_at)
    .fetch_one(&mut *db)
    .await
}

pub async fn find_by_handle(db: &mut Db, handle: &str) -> sqlx::Result<Option<UserWithHash>> {
    sqlx::query_as(
        "SELECT id, handle, display_name, role, locale, created_at, password_hash \
         FROM users WHERE handle = $1",
    )
    .bind(handle)
    .fetch_optional(&mut *db)
    .await
}

pub async fn count(db: &mut Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *db)
        .await
}

/// Suspends an account until `until`.
/// Gives the account `to` if its role is `from` (a shopper whose shop was approved
/// becomes a merchant; a moderator stays one).
pub async fn set_role_if(db: &mut Db, user: i64, from: Role, to: Role) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2 AND role = $3")
        .bind(super::enums::name(to))
        .bind(user)
        .bind(super::enums::name(from))
        .execute(&mut *db)
        .await?;
    Ok(())
}

pub async fn ban(db: &mut Db, user: i64, until: Millis) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET banned_until = $1 WHERE id = $2")
        .bind(until)
        .bind(user)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// What decides whether a person's like counts: account age, ring flag, a delivered order.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct LikeStanding {
    pub created_at: Millis,
    pub like_ring_at: Option<Millis>,
    pub has_delivered_order: i64,
}

pub async fn like_standing(db: &mut Db, user: i64) -> sqlx::Result<Option<LikeStanding>> {
    sqlx::query_as(
        "SELECT u.created_at, u.like_ring_at, CAST(CASE WHEN EXISTS \
           (SELECT 1 FROM orders o WHERE o.buyer_id = u.id AND o.status IN ('delivered', 'completed')) \
           THEN 1 ELSE 0 END AS BIGINT) AS has_delivered_order \
         FROM users u WHERE u.id = $1",
    )
    .bind(user)
    .fetch_optional(&mut *db)
    .await
}
