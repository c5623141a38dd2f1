//! Reports and the moderation log.

use super::enums::Stored;
use super::Db;
use crate::clock::Millis;
use circle_api::{ReportOutcome, ReportReason};
use sqlx::FromRow;

/// A report as its reporter and the moderators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: Stored<ReportReason>,
    pub note: String,
    pub outcome: Stored<ReportOutcome>,
    pub created_at: Millis,
    pub resolved_at: Option<Millis>,
    pub counts: i64,
}

/// One moderator action in the audit log.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LogRow {
    pub id: i64,
    pub handle: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub created_at: Millis,
}

const COLUMNS: &str =
    "id, target_kind, target_id, reason, note, outcome, created_at, resolved_at, counts";

/// A report about to be filed.
pub struct NewReport<'a> {
    pub reporter: i64,
    pub kind: &'a str,
    pub target: i64,
    pub reason: ReportReason,
    pub note: &'a str,
    /// Whether it counts towards the automatic action (hiding a share).
    pub counts: bool,
}

/// Files a report once per person and target: `None` if this person already did;
/// otherwise the report and the number of open reports on the target now that count.
pub async fn file(
    db: &mut Db,
    r: NewReport<'_>,
    now: Millis,
) -> sqlx::Result<Option<(ReportRow, i64)>> {
    let row = sqlx::query(&format!(
        "INSERT INTO reports (reporter_id, target_kind, target_id, reason, note, created_at, counts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reporter_id, target_kind, target_id) DO NOTHING \
         RETURNING {COLUMNS}"
    ))
    .bind(r.reporter)
    .bind(r.kind)
    .bind(r.target)
    .bind(super::enums::name(r.reason))
    .bind(r.note)
    .bind(now)
    .bind(i64::from(r.counts))
    .fetch_optional(&mut *db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let (kind, target) = (r.kind, r.target);
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reports WHERE target_kind = $1 AND target_id = $2 \
         AND outcome = 'open' AND counts = 1",
    )
    .bind(kind)
    .bind(target)
    .fetch_one(&mut *db)
    .await?;
    Ok(Some((ReportRow::from_row(&row)?, open)))
}

/// Whether `user` joined before `joined_before` and has a delivered order: a reporter
/// whose share reports count.
pub async fn established(db: &mut Db, user: i64, joined_before: Millis) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT u.id FROM users u WHERE u.id = $1 AND u.created_at <= $2 \
         AND EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = u.id \
           AND o.status IN ('delivered', 'completed'))",
    )
    .bind(user)
    .bind(joined_before)
    .fetch_optional(&mut *db)
    .await?;
    Ok(found.is_some())
}

/// The author asks for a review of their share hidden by reports (open ones), once per
/// hiding: `false` when the share is not theirs, not hidden by reports, or already
/// appealed.
pub async fn appeal(db: &mut Db, share: i64, author: i64, now: Millis) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE shares SET appealed_at = $1 WHERE id = $2 AND author_id = $3 \
         AND status = 'hidden' AND appealed_at IS NULL AND EXISTS (SELECT 1 FROM reports r \
           WHERE r.target_kind = 'share' AND r.target_id = shares.id AND r.outcome = 'open')",
    )
    .bind(now)
    .bind(share)
    .bind(author)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

/// Which of `ids` their authors asked to have reviewed.
pub async fn appealed_among(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id FROM shares WHERE appealed_at IS NOT NULL AND id IN ({})",
        super::in_list(1, ids)
    );
    let mut q = sqlx::query_scalar(&sql);
    for id in super::padded(ids) {
        q = q.bind(id);
    }
    q.fetch_all(&mut *db).await
}

/// Closes the target's open reports with an outcome.
pub async fn resolve(
    db: &mut Db,
    kind: &str,
    target: i64,
    outcome: &str,
    now: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE reports SET outcome = $1, resolved_at = $2 \
         WHERE target_kind = $3 AND target_id = $4 AND outcome = 'open'",
    )
    .bind(outcome)
    .bind(now)
    .bind(kind)
    .bind(target)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Open reports of each of `targets` (of one kind).
pub async fn open_for(db: &mut Db, kind: &str, targets: &[i64]) -> sqlx::Result<Vec<ReportRow>> {
    if targets.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM reports WHERE target_kind = $1 AND outcome = 'open' \
         AND target_id IN ({}) ORDER BY id",
        super::in_list(2, targets)
    );
    let mut q = sqlx::query_as(&sql).bind(kind);
    for t in super::padded(targets) {
        q = q.bind(t);
    }
    q.fetch_all(&mut *db).await
}

/// Targets of one kind with open reports, oldest report first (at most `limit`).
pub async fn open_targets(db: &mut Db, kind: &str, limit: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT target_id FROM reports WHERE target_kind = $1 AND outcome = 'open' \
         GROUP BY target_id ORDER BY MIN(id) LIMIT $2",
    )
    .bind(kind)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// The reporter's own reports, newest first, with their outcomes.
pub async fn mine(db: &mut Db, reporter: i64) -> sqlx::Result<Vec<ReportRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports WHERE reporter_id = $1 ORDER BY id DESC LIMIT 50"
    ))
    .bind(reporter)
    .fetch_all(&mut *db)
    .await
}

/// Appends to the moderation log (it cannot be changed afterwards).
pub async fn log(
    db: &mut Db,
    moderator: i64,
    action: &str,
    kind: &str,
    target: i64,
    reason: &str,
    now: Millis,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO moderation_log (moderator_id, action, target_kind, target_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(moderator)
    .bind(action)
    .bind(kind)
    .bind(target)
    .bind(reason)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

pub async fn log_entries(db: &mut Db, limit: i64) -> sqlx::Result<Vec<LogRow>> {
    sqlx::query_as(
        "SELECT l.id, u.handle, l.action, l.target_kind, l.target_id, l.reason, l.created_at \
         FROM moderation_log l JOIN users u ON u.id = l.moderator_id ORDER BY l.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// Hides a share or shows it again (already so is fine), its rating leaving or
/// rejoining its product's average with it; `false` when there is no such share or it
/// was deleted.
pub async fn set_share_hidden(db: &mut Db, share: i64, hidden: bool) -> sqlx::Result<bool> {
    let to = if hidden { "hidden" } else { "visible" };
    let found = sqlx::query(
        "UPDATE shares SET status = $1, appealed_at = NULL \
         WHERE id = $2 AND status IN ('visible', 'hidden')",
    )
    .bind(to)
    .bind(share)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1;
    if found {
        super::shares::count_rating(db, share, !hidden).await?;
    }
    Ok(found)
}
