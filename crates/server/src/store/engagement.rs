//! Likes and comments, with the counters and the feed boost that follow them.

use super::Db;
use crate::{clock::Millis, domain::feed};
use circle_api::LikeState;

/// What a like or unlike changed.
pub struct LikeChange {
    pub state: LikeState,
    /// A like was added or taken back (not a repeat).
    pub changed: bool,
}

/// Likes (once per person) or unlikes; the counts and the feed boost follow. Repeating
/// either is harmless. `counts` (a new like counts for ranking and in
/// `buyer_like_count`) is the domain's decision, remembered on the like so that an unlike
/// takes back exactly what the like gave; an unlike ignores it.
pub async fn set_like(
    db: &mut Db,
    share: i64,
    user: i64,
    liked: bool,
    counts: bool,
    now: Millis,
) -> sqlx::Result<LikeChange> {
    // The write comes first (SQLite's lock); it returns whether the like counted.
    let changed: Option<i64> = if liked {
        sqlx::query_scalar(
            "INSERT INTO likes (share_id, user_id, counted, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (share_id, user_id) DO NOTHING RETURNING counted",
        )
        .bind(share)
        .bind(user)
        .bind(i64::from(counts))
        .bind(now)
        .fetch_optional(&mut *db)
        .await?
    } else {
        sqlx::query_scalar(
            "DELETE FROM likes WHERE share_id = $1 AND user_id = $2 RETURNING counted",
        )
        .bind(share)
        .bind(user)
        .fetch_optional(&mut *db)
        .await?
    };
    let Some(counted) = changed else {
        // A repeated like or unlike changes nothing; report the counts as they stand.
        let (like_count, buyer_like_count): (i64, i64) =
            sqlx::query_as("SELECT like_count, buyer_like_count FROM shares WHERE id = $1")
                .bind(share)
                .fetch_one(&mut *db)
                .await?;
        return Ok(LikeChange {
            state: LikeState {
                liked,
                like_count,
                buyer_like_count,
            },
            changed: false,
        });
    };
    let delta: i64 = if liked { 1 } else { -1 };
    let counted_delta = if counted == 1 { delta } else { 0 };
    let (like_count, buyer_like_count): (i64, i64) = sqlx::query_as(
        "UPDATE shares SET like_count = like_count + $1, buyer_like_count = buyer_like_count + $2 \
         WHERE id = $3 RETURNING like_count, buyer_like_count",
    )
    .bind(delta)
    .bind(counted_delta)
    .bind(share)
    .fetch_one(&mut *db)
    .await?;
    // The share's live rank moves; its timelines follow (in the background for a 达人's).
    if let Some(boost) = feed::like_boost(liked, counted == 1, buyer_like_count) {
        sqlx::query("UPDATE shares SET rank = rank + $1 WHERE id = $2")
            .bind(boost)
            .bind(share)
            .execute(&mut *db)
            .await?;
        super::feed_jobs::rank_changed(db, share, now).await?;
    }
    Ok(LikeChange {
        state: LikeState {
            liked,
            like_count,
            buyer_like_count,
        },
        changed: true,
    })
}

/// The share a comment belongs to, if the comment is live.
pub async fn comment_share(db: &mut Db, comment: i64) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as("SELECT share_id, author_id FROM comments WHERE id = $1 AND deleted_at IS NULL")
        .bind(comment)
        .fetch_optional(&mut *db)
        .await
}

pub async fn insert_comment(
    db: &mut Db,
    share: i64,
    author: i64,
    parent: Option<i64>,
    text: &str,
    now: Millis,
) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (share_id, author_id, parent_id, text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(share)
    .bind(author)
    .bind(parent)
    .bind(text)
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query("UPDATE shares SET comment_count = comment_count + 1 WHERE id = $1")
        .bind(share)
        .execute(&mut *db)
        .await?;
    Ok(id)
}

pub async fn delete_comment(
    db: &mut Db,
    comment: i64,
    share: i64,
    now: Millis,
) -> sqlx::Result<()> {
    let n = sqlx::query("UPDATE comments SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(now)
        .bind(comment)
        .execute(&mut *db)
        .await?
        .rows_affected();
    if n == 1 {
        sqlx::query("UPDATE shares SET comment_count = comment_count - 1 WHERE id = $1")
            .bind(share)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// A comment with its author.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub share_id: i64,
    pub parent_id: Option<i64>,
    pub text: String,
    pub created_at: Millis,
    pub author_id: i64,
    pub handle: String,
    pub display_name: String,
}

/// A share's live comments, oldest first; keyset on the id.
pub async fn comments(
    db: &mut Db,
    share: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<CommentRow>> {
    sqlx::query_as(
        "SELECT c.id, c.share_id, c.parent_id, c.text, c.created_at, c.author_id, u.handle, u.display_name \
         FROM comments c JOIN users u ON u.id = c.author_id \
         WHERE c.share_id = $1 AND c.deleted_at IS NULL AND c.id > $2 ORDER BY c.id LIMIT $3",
    )
    .bind(share)
    .bind(after.unwrap_or(0))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}
