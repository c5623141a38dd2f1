//! The background half of the timeline: a 达人's fan-out, rank rewrite and a deleted
//! share's purge, done a batch per transaction from `feed_jobs`, so that no request
//! writes more than `feed::INLINE_FAN_OUT` rows and no other writer waits for more than
//! one batch.

use super::{timeline, Db};
use crate::{clock::Millis, domain::feed};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    FanOut,
    Purge,
    Rank,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::FanOut => "fan_out",
            Kind::Purge => "purge",
            Kind::Rank => "rank",
        }
    }
}

pub async fn queue(db: &mut Db, kind: Kind, share: i64, now: Millis) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO feed_jobs (kind, share_id, created_at) VALUES ($1, $2, $3)")
        .bind(kind.name())
        .bind(share)
        .bind(now)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// A share's live rank changed: its timeline rows follow, at once when they are few, in
/// the background when a 达人's (a rewrite already under way starts over, so every row
/// ends with the newest rank; likes move a rank at most 12 times).
pub async fn rank_changed(db: &mut Db, share: i64, now: Millis) -> sqlx::Result<()> {
    let cap = feed::INLINE_FAN_OUT;
    if timeline::rows_up_to(db, share, cap + 1).await? <= cap {
        return timeline::sync_rank(db, share).await;
    }
    let restarted =
        sqlx::query("UPDATE feed_jobs SET after_id = 0 WHERE share_id = $1 AND kind = 'rank'")
            .bind(share)
            .execute(&mut *db)
            .await?;
    if restarted.rows_affected() == 0 {
        queue(db, Kind::Rank, share, now).await?;
    }
    Ok(())
}

/// A deleted share fans out and is re-ranked no further.
pub async fn cancel(db: &mut Db, share: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM feed_jobs WHERE share_id = $1 AND kind IN ('fan_out', 'rank')")
        .bind(share)
        .execute(&mut *db)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct Job {
    id: i64,
    kind: String,
    share_id: i64,
    stage: i64,
    after_id: i64,
}

/// Takes the oldest job and does one batch of it, in the caller's transaction: `false`
/// when there is none. On PostgreSQL the job row is locked `FOR UPDATE SKIP LOCKED`, so
/// several processes work on different jobs at once; SQLite's write lock serializes them.
pub async fn step(db: &mut Db) -> sqlx::Result<bool> {
    let lock = if db.backend_name() == "PostgreSQL" {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let job: Option<Job> = sqlx::query_as(&format!(
        "SELECT id, kind, share_id, stage, after_id FROM feed_jobs ORDER BY id LIMIT 1{lock}"
    ))
    .fetch_optional(&mut *db)
    .await?;
    let Some(job) = job else {
        return Ok(false);
    };
    let batch = feed::FAN_OUT_BATCH;
    let rows = if job.kind == Kind::Purge.name() {
        Some(timeline::purge_batch(db, job.share_id, job.after_id, batch).await?)
    } else if job.kind == Kind::Rank.name() {
        Some(timeline::sync_rank_batch(db, job.share_id, job.after_id, batch).await?)
    } else {
        None
    };
    if let Some(last) = rows {
        match last {
            Some(last) => advance(db, job.id, job.stage, last).await?,
            None => finish(db, job.id).await?,
        }
        return Ok(true);
    }
    let stage = usize::try_from(job.stage).unwrap_or(usize::MAX);
    let (stage, after) =
        match timeline::fan_out_batch(db, job.share_id, stage, job.after_id, feed::FAN_OUT_BATCH)
            .await?
        {
            Some(last) => (job.stage, last),
            None => (job.stage + 1, 0),
        };
    if usize::try_from(stage).is_ok_and(|s| s >= timeline::STAGES) {
        finish(db, job.id).await?;
    } else {
        advance(db, job.id, stage, after).await?;
    }
    Ok(true)
}

async fn advance(db: &mut Db, job: i64, stage: i64, after: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE feed_jobs SET stage = $1, after_id = $2 WHERE id = $3")
        .bind(stage)
        .bind(after)
        .bind(job)
        .execute(&mut *db)
        .await?;
    Ok(())
}

async fn finish(db: &mut Db, job: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM feed_jobs WHERE id = $1")
        .bind(job)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// How many jobs are waiting (the worker looks before it takes the write lock).
pub async fn waiting(db: &mut Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM feed_jobs")
        .fetch_one(&mut *db)
        .await
}
