//! In-app notifications: likes, comments, friend requests, commission events.

use super::enums::Stored;
use super::Db;
use crate::clock::Millis;
use circle_api::{Cents, NotificationKind};

#[derive(Debug, Clone, Copy)]
pub struct Notify {
    pub user_id: i64,
    pub kind: NotificationKind,
    pub actor_id: Option<i64>,
    pub share_id: Option<i64>,
    pub order_id: Option<i64>,
    pub product_id: Option<i64>,
    pub question_id: Option<i64>,
    pub amount_cents: Option<Cents>,
}

impl Default for Notify {
    fn default() -> Self {
        Self {
            user_id: 0,
            kind: NotificationKind::Like,
            actor_id: None,
            share_id: None,
            order_id: None,
            product_id: None,
            question_id: None,
            amount_cents: None,
        }
    }
}

/// Adds a notification; nobody is notified of their own actions.
pub async fn add(db: &mut Db, n: Notify, now: Millis) -> sqlx::Result<()> {
    if n.actor_id == Some(n.user_id) {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, actor_id, share_id, order_id, amount_cents, created_at, \
                                    product_id, question_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(n.user_id)
    .bind(super::enums::name(n.kind))
    .bind(n.actor_id)
    .bind(n.share_id)
    .bind(n.order_id)
    .bind(n.amount_cents)
    .bind(now)
    .bind(n.product_id)
    .bind(n.question_id)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// A notification with who acted and what it is about.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: Stored<NotificationKind>,
    pub amount_cents: Option<Cents>,
    pub created_at: Millis,
    pub read_at: Option<Millis>,
    pub actor_id: Option<i64>,
    pub actor_handle: Option<String>,
    pub actor_name: Option<String>,
    pub share_code: Option<String>,
    pub share_id: Option<i64>,
    pub product_id: Option<i64>,
    pub order_id: Option<i64>,
    pub question_id: Option<i64>,
    pub question_text: Option<String>,
    pub product_title: Option<String>,
}

/// The user's notifications, newest first, keyset-paginated on the id.
pub async fn list(
    db: &mut Db,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<NotificationRow>> {
    sqlx::query_as(
        "SELECT n.id, n.kind, n.amount_cents, n.created_at, n.read_at, \
                u.id AS actor_id, u.handle AS actor_handle, u.display_name AS actor_name, \
                s.code AS share_code, n.share_id AS share_id, COALESCE(n.product_id, s.product_id, o.product_id) AS product_id, \
                n.order_id AS order_id, n.question_id AS question_id, q.text AS question_text, \
                p.title AS product_title \
         FROM notifications n LEFT JOIN users u ON u.id = n.actor_id \
         LEFT JOIN shares s ON s.id = n.share_id LEFT JOIN orders o ON o.id = n.order_id \
         LEFT JOIN questions q ON q.id = n.question_id LEFT JOIN products p ON p.id = q.product_id \
         WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
    )
    .bind(user)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

pub async fn unread(db: &mut Db, user: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user)
        .fetch_one(&mut *db)
        .await
}

/// Marks all of the user's notifications up to `up_to` (inclusive) as read.
pub async fn mark_read(db: &mut Db, user: i64, up_to: i64, now: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id <= $3 AND read_at IS NULL",
    )
    .bind(now)
    .bind(user)
    .bind(up_to)
    .execute(&mut *db)
    .await?;
    Ok(())
}
