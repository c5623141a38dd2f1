//! Reports on 问大家's questions and answers, and moderators hiding or showing them again.
//! The weighting is the shares': 5 reports from established accounts (7 days old, with a
//! delivered order) hide one until a moderator looks; newer accounts' reports only put it
//! in the queue. A hidden answer leaves its question's counts.

use super::{
    reporting::{checked, file_weighted, open_reports, reason},
    views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    store::{self, reports, Db, Locked, Store},
};
use circle_api::{ErrorCode, PostCase, ReportCreate, ReportView};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Post {
    Question,
    Answer,
}

impl Post {
    fn kind(self) -> &'static str {
        match self {
            Post::Question => "question",
            Post::Answer => "answer",
        }
    }

    fn locked(self) -> Locked {
        match self {
            Post::Question => Locked::Question,
            Post::Answer => Locked::Answer,
        }
    }
}

/// Who wrote it and whether it is hidden; not found when it does not exist.
async fn author_of(db: &mut Db, post: Post, id: i64) -> ApiResult<(i64, bool)> {
    let found = match post {
        Post::Question => store::questions::owner(db, id)
            .await?
            .map(|(asker, _, hidden)| (asker, hidden)),
        Post::Answer => store::answers::owner(db, id).await?,
    };
    found.ok_or(ApiError::not_found())
}

async fn set_hidden(db: &mut Db, post: Post, id: i64, hidden: bool) -> sqlx::Result<()> {
    match post {
        Post::Question => store::questions::set_hidden(db, id, hidden)
            .await
            .map(|_| ()),
        Post::Answer => store::answers::set_hidden(db, id, hidden).await.map(|_| ()),
    }
}

/// Reports a visible question or answer (spam, fake review, abuse), once per person; the
/// row lock makes the count exact.
pub async fn report(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    post: Post,
    id: i64,
    req: &ReportCreate,
) -> ApiResult<ReportView> {
    let req = &checked(store, now, user, ip, req, false).await?;
    let mut tx = store.begin().await?;
    store::lock(&mut tx, post.locked(), id).await?;
    let (author, hidden) = author_of(&mut tx, post, id).await?;
    if hidden {
        return Err(ApiError::not_found());
    }
    if author == user {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You cannot report what you wrote yourself.",
        ));
    }
    let (report, hide) = file_weighted(&mut tx, now, user, post.kind(), id, req).await?;
    if hide {
        set_hidden(&mut tx, post, id, true).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// A moderator hides a question or answer (its reports upheld) or shows it again
/// (dismissed); logged in the same transaction.
pub async fn decide(
    store: &Store,
    now: Millis,
    moderator: i64,
    post: Post,
    id: i64,
    why: &str,
    hide: bool,
) -> ApiResult<()> {
    let why = reason(why)?;
    let mut tx = store.begin().await?;
    if !store::lock(&mut tx, post.locked(), id).await? {
        return Err(ApiError::not_found());
    }
    set_hidden(&mut tx, post, id, hide).await?;
    let (verb, outcome) = if hide {
        ("hide", "upheld")
    } else {
        ("restore", "dismissed")
    };
    let action = format!("{verb}_{}", post.kind());
    reports::resolve(&mut tx, post.kind(), id, outcome, now).await?;
    reports::log(&mut tx, moderator, &action, post.kind(), id, &why, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Questions and answers with open reports, with the reports.
pub(super) async fn cases(db: &mut Db) -> ApiResult<Vec<PostCase>> {
    let mut cases = Vec::new();
    for post in [Post::Question, Post::Answer] {
        let ids = reports::open_targets(db, post.kind(), 50).await?;
        let all = open_reports(db, post.kind(), &ids).await?;
        for row in store::questions::posts(db, post.kind(), &ids).await? {
            cases.push(PostCase {
                kind: post.kind().to_owned(),
                id: row.id,
                question_id: row.question_id,
                author: views::person(row.author_id, row.author_handle, row.author_name),
                text: row.text,
                hidden: row.hidden == 1,
                reports: all
                    .iter()
                    .filter(|r| r.target_id == row.id)
                    .cloned()
                    .collect(),
            });
        }
    }
    Ok(cases)
}
