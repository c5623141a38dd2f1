//! Applications to sell, and the merchants they make.

use super::{enums::Stored, Db};
use crate::{clock::Millis, domain::merchants::Application};
use circle_api::ApplicationStatus;

/// An application with its applicant.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationRow {
    pub id: i64,
    pub user_id: i64,
    pub handle: String,
    pub display_name: String,
    pub shop_name: String,
    pub category: String,
    pub contact: String,
    pub credit_code: String,
    pub licence_media_id: Option<i64>,
    pub licence_token: Option<String>,
    pub status: Stored<ApplicationStatus>,
    pub reason: Option<String>,
    pub created_at: Millis,
    pub decided_at: Option<Millis>,
    pub merchant_id: Option<i64>,
}

const APPLICATION: &str = "SELECT a.id, a.user_id, u.handle, u.display_name, a.shop_name, a.category, \
     a.contact, a.credit_code, a.licence_media_id, \
     (SELECT token FROM media WHERE id = a.licence_media_id) AS licence_token, a.status, a.reason, a.created_at, a.decided_at, \
     (SELECT m.id FROM merchants m WHERE m.user_id = a.user_id AND a.status = 'approved') AS merchant_id \
     FROM merchant_applications a JOIN users u ON u.id = a.user_id";

/// Files an application; `None` when the applicant already has one open (the partial
/// unique index decides, so two at once file one).
pub async fn apply(
    db: &mut Db,
    user: i64,
    a: &Application,
    licence: Option<i64>,
    now: Millis,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO merchant_applications (user_id, shop_name, category, contact, credit_code, \
                                            licence_media_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(user)
    .bind(&a.shop_name)
    .bind(&a.category)
    .bind(&a.contact)
    .bind(&a.credit_code)
    .bind(licence)
    .bind(now)
    .fetch_optional(&mut *db)
    .await
}

pub async fn application(db: &mut Db, id: i64) -> sqlx::Result<Option<ApplicationRow>> {
    sqlx::query_as(&format!("{APPLICATION} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await
}

/// The applicant's applications, newest first.
pub async fn applications_of(db: &mut Db, user: i64) -> sqlx::Result<Vec<ApplicationRow>> {
    sqlx::query_as(&format!(
        "{APPLICATION} WHERE a.user_id = $1 ORDER BY a.id DESC LIMIT 20"
    ))
    .bind(user)
    .fetch_all(&mut *db)
    .await
}

/// Open applications, oldest first, keyset-paginated on the id.
pub async fn open_applications(
    db: &mut Db,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<ApplicationRow>> {
    sqlx::query_as(&format!(
        "{APPLICATION} WHERE a.status = 'pending' AND a.id > $1 ORDER BY a.id LIMIT $2"
    ))
    .bind(after.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// Decides an open application once: `false` if it was decided already.
pub async fn decide(
    db: &mut Db,
    id: i64,
    to: ApplicationStatus,
    reason: &str,
    moderator: i64,
    now: Millis,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE merchant_applications SET status = $1, reason = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(super::enums::name(to))
    .bind(reason)
    .bind(moderator)
    .bind(now)
    .bind(id)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

/// The shop an approved application makes, verified, with the platform's fee.
pub async fn open_shop(
    db: &mut Db,
    app: &ApplicationRow,
    fee_bp: i64,
    now: Millis,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO merchants (user_id, name, verified, category, contact, credit_code, fee_bp, created_at) \
         VALUES ($1, $2, 1, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(app.user_id)
    .bind(&app.shop_name)
    .bind(&app.category)
    .bind(&app.contact)
    .bind(&app.credit_code)
    .bind(fee_bp)
    .bind(now)
    .fetch_one(&mut *db)
    .await
}

/// A merchant as its console and shop page need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MerchantRow {
    pub id: i64,
    /// The account that runs it.
    pub user_id: Option<i64>,
    pub name: String,
    pub category: Option<String>,
    pub verified: i64,
    pub fee_bp: i64,
    pub created_at: Millis,
}

const MERCHANT: &str =
    "SELECT id, user_id, name, category, verified, fee_bp, created_at FROM merchants";

/// The verified shop this account runs, if any.
pub async fn of_user(db: &mut Db, user: i64) -> sqlx::Result<Option<MerchantRow>> {
    sqlx::query_as(&format!("{MERCHANT} WHERE user_id = $1 AND verified = 1"))
        .bind(user)
        .fetch_optional(&mut *db)
        .await
}

pub async fn get(db: &mut Db, id: i64) -> sqlx::Result<Option<MerchantRow>> {
    sqlx::query_as(&format!("{MERCHANT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await
}

/// Whether the account already runs a shop (it cannot apply again).
pub async fn has_shop(db: &mut Db, user: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM merchants WHERE user_id = $1")
        .bind(user)
        .fetch_one(&mut *db)
        .await?;
    Ok(n > 0)
}
