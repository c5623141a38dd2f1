//! Likes and comments on shares.

use super::{
    limits,
    notify::{self, Event},
    page, views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{accounts::FieldError, feed, limits as rates, shares as rules},
    store::{self, shares, Store},
};
use circle_api::{CommentCreate, CommentView, FieldProblem, LikeState, Page};

/// The visible share's author, or not found.
async fn author_of(db: &mut store::Db, share: i64) -> ApiResult<i64> {
    shares::owner(db, share)
        .await?
        .map(|(author, _)| author)
        .ok_or(ApiError::not_found())
}

/// Takes one like from the person's allowance (60 a minute) and the address's (300):
/// likes and 问大家's helpful marks share it.
pub(super) async fn take_like_allowance(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
) -> ApiResult<()> {
    let checks = [
        (rates::LIKE_PER_USER, format!("user:{user}")),
        (rates::LIKE_PER_IP, format!("ip:{ip}")),
    ];
    limits::take(store, now, &checks).await
}

/// Whether a like (or a helpful mark) `user` makes now counts: the domain's rule on the
/// account's age, delivered orders and like-ring flag.
pub(super) async fn like_counts_now(db: &mut store::Db, now: Millis, user: i64) -> ApiResult<bool> {
    let standing = store::users::like_standing(db, user)
        .await?
        .ok_or(ApiError::not_found())?;
    Ok(feed::like_counts(
        now,
        standing.created_at,
        standing.like_ring_at.is_some(),
        standing.has_delivered_order == 1,
    ))
}

/// Likes (`true`) or unlikes a share; repeating either is harmless. Likes: 60 a minute
/// per person, 300 per IP. Whether the like counts for ranking is the domain's rule.
pub async fn set_like(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    share: i64,
    liked: bool,
) -> ApiResult<LikeState> {
    if liked {
        take_like_allowance(store, now, user, ip).await?;
    }
    let mut tx = store.begin().await?;
    let author = author_of(&mut tx, share).await?;
    // Whether a new like counts is decided now; an unlike takes back what its like gave.
    let counts = liked && like_counts_now(&mut tx, now, user).await?;
    let change = store::engagement::set_like(&mut tx, share, user, liked, counts, now).await?;
    if liked && change.changed {
        let event = Event::Liked {
            share,
            author,
            by: user,
        };
        notify::record(&mut tx, event, now).await?;
    }
    tx.commit().await?;
    Ok(change.state)
}

/// Comments on a share, or replies to one of its comments (20 a minute per person, 100
/// per IP).
pub async fn comment(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    share: i64,
    req: &CommentCreate,
) -> ApiResult<CommentView> {
    {
        // 404 before the allowance is charged.
        author_of(&mut *store.conn().await?, share).await?;
    }
    let checks = [
        (rates::COMMENT_PER_USER, format!("user:{user}")),
        (rates::COMMENT_PER_IP, format!("ip:{ip}")),
    ];
    limits::take(store, now, &checks).await?;
    let text = rules::check_comment(&req.text)?;
    let mut tx = store.begin().await?;
    let author = author_of(&mut tx, share).await?;
    if let Some(parent) = req.parent_id {
        let of = store::engagement::comment_share(&mut tx, parent)
            .await?
            .map(|(s, _)| s);
        if of != Some(share) {
            return Err(FieldError::new(
                "parent_id",
                FieldProblem::BadCharacters,
                "Reply to a comment of this share.",
            )
            .into());
        }
    }
    let id =
        store::engagement::insert_comment(&mut tx, share, user, req.parent_id, &text, now).await?;
    notify::record(
        &mut tx,
        Event::Commented {
            share,
            author,
            by: user,
        },
        now,
    )
    .await?;
    let view = store::engagement::comments(&mut tx, share, Some(id - 1), 1)
        .await?
        .pop()
        .map(|row| views::comment(row, Some(user)))
        .ok_or(ApiError::not_found())?;
    tx.commit().await?;
    Ok(view)
}

/// A visible share's comments, oldest first.
pub async fn comments(
    store: &Store,
    viewer: Option<i64>,
    share: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<CommentView>> {
    let mut db = store.conn().await?;
    author_of(&mut db, share).await?;
    let rows = store::engagement::comments(&mut db, share, after, limit).await?;
    let items = rows
        .into_iter()
        .map(|r| views::comment(r, viewer))
        .collect();
    Ok(page(items, limit, |c| c.id.to_string()))
}

/// Deletes the author's own comment.
pub async fn delete_comment(store: &Store, now: Millis, user: i64, id: i64) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    match store::engagement::comment_share(&mut tx, id).await? {
        Some((share, author)) if author == user => {
            store::engagement::delete_comment(&mut tx, id, share, now).await?;
            tx.commit().await?;
            Ok(())
        }
        _ => Err(ApiError::not_found()),
    }
}
