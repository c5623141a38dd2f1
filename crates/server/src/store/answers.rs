//! 问大家's answers: writing them, reading them as a viewer sees them, helpful marks,
//! and hiding (a hidden answer leaves its question's counts).

use super::{questions::RECEIVED, Db};
use crate::clock::Millis;

/// An answer, with whether its author holds a received order of the product now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerRow {
    pub id: i64,
    pub question_id: i64,
    pub author_id: i64,
    pub author_handle: String,
    pub author_name: String,
    pub by_merchant: i64,
    pub bought_at: Option<Millis>,
    pub text: String,
    pub helpful_count: i64,
    pub helpful_by_me: i64,
    pub created_at: Millis,
}

fn answer_select(filter: &str) -> String {
    format!(
        "SELECT a.id, a.question_id, a.author_id, u.handle AS author_handle, \
                u.display_name AS author_name, a.by_merchant, \
                (SELECT MIN(o.created_at) FROM orders o WHERE o.buyer_id = a.author_id \
                   AND o.product_id = q.product_id AND {RECEIVED}) AS bought_at, \
                a.text, a.helpful_count, \
                (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = a.id AND v.user_id = $1) AS helpful_by_me, \
                a.created_at \
         FROM answers a JOIN questions q ON q.id = a.question_id JOIN users u ON u.id = a.author_id \
         WHERE a.hidden = 0 AND {filter}"
    )
}

/// Whether `user` answered the question.
pub async fn answered(db: &mut Db, question: i64, user: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM answers WHERE question_id = $1 AND author_id = $2",
    )
    .bind(question)
    .bind(user)
    .fetch_one(&mut *db)
    .await?;
    Ok(n > 0)
}

/// Adds an answer and counts it on its question.
pub async fn insert(
    db: &mut Db,
    question: i64,
    author: i64,
    text: &str,
    by_merchant: bool,
    now: Millis,
) -> sqlx::Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO answers (question_id, author_id, text, by_merchant, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(question)
    .bind(author)
    .bind(text)
    .bind(i64::from(by_merchant))
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query("UPDATE questions SET answer_count = answer_count + 1 WHERE id = $1")
        .bind(question)
        .execute(&mut *db)
        .await?;
    Ok(id)
}

/// Visible answers by id, as `viewer` sees them.
pub async fn by_ids(db: &mut Db, viewer: Option<i64>, ids: &[i64]) -> sqlx::Result<Vec<AnswerRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = answer_select(&format!("a.id IN ({})", super::in_list(2, ids)));
    let mut query = sqlx::query_as(&sql).bind(viewer.unwrap_or(0));
    for id in super::padded(ids) {
        query = query.bind(id);
    }
    query.fetch_all(&mut *db).await
}

/// A question's visible answers by its buyers (`by_merchant` false) or its merchant,
/// most helpful first, then oldest; at most `limit`.
pub async fn of_question(
    db: &mut Db,
    viewer: Option<i64>,
    question: i64,
    by_merchant: bool,
    limit: i64,
) -> sqlx::Result<Vec<AnswerRow>> {
    let sql = format!(
        "{} ORDER BY a.helpful_count DESC, a.id ASC LIMIT $4",
        answer_select("a.question_id = $2 AND a.by_merchant = $3")
    );
    sqlx::query_as(&sql)
        .bind(viewer.unwrap_or(0))
        .bind(question)
        .bind(i64::from(by_merchant))
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}

/// A visible answer of a visible question: its author, question, product and asker.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct AnswerTarget {
    pub author_id: i64,
    pub question_id: i64,
    pub product_id: i64,
    pub asker_id: i64,
}

pub async fn target(db: &mut Db, answer: i64) -> sqlx::Result<Option<AnswerTarget>> {
    sqlx::query_as(
        "SELECT a.author_id, a.question_id, q.product_id, q.asker_id FROM answers a \
         JOIN questions q ON q.id = a.question_id WHERE a.id = $1 AND a.hidden = 0 AND q.hidden = 0",
    )
    .bind(answer)
    .fetch_optional(&mut *db)
    .await
}

/// Marks an answer helpful (`true`) or takes the mark back; a counted mark moves the
/// answer's and its question's helpful counts. Whether anything changed.
pub async fn set_helpful(
    db: &mut Db,
    t: AnswerTarget,
    answer: i64,
    user: i64,
    helpful: bool,
    counts: bool,
    now: Millis,
) -> sqlx::Result<bool> {
    let counted: Option<i64> = if helpful {
        sqlx::query_scalar(
            "INSERT INTO answer_votes (answer_id, user_id, counts, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (answer_id, user_id) DO NOTHING RETURNING counts",
        )
        .bind(answer)
        .bind(user)
        .bind(i64::from(counts))
        .bind(now)
        .fetch_optional(&mut *db)
        .await?
    } else {
        sqlx::query_scalar(
            "DELETE FROM answer_votes WHERE answer_id = $1 AND user_id = $2 RETURNING counts",
        )
        .bind(answer)
        .bind(user)
        .fetch_optional(&mut *db)
        .await?
    };
    if counted == Some(1) {
        let delta: i64 = if helpful { 1 } else { -1 };
        sqlx::query("UPDATE answers SET helpful_count = helpful_count + $1 WHERE id = $2")
            .bind(delta)
            .bind(answer)
            .execute(&mut *db)
            .await?;
        sqlx::query("UPDATE questions SET helpful_count = helpful_count + $1 WHERE id = $2")
            .bind(delta)
            .bind(t.question_id)
            .execute(&mut *db)
            .await?;
    }
    Ok(counted.is_some())
}

/// An answer's counted helpful marks, and whether `user` marked it.
pub async fn helpful_state(db: &mut Db, answer: i64, user: i64) -> sqlx::Result<(i64, bool)> {
    let (count, mine): (i64, i64) = sqlx::query_as(
        "SELECT a.helpful_count, (SELECT COUNT(*) FROM answer_votes v WHERE v.answer_id = a.id AND v.user_id = $2) \
         FROM answers a WHERE a.id = $1",
    )
    .bind(answer)
    .bind(user)
    .fetch_one(&mut *db)
    .await?;
    Ok((count, mine > 0))
}

/// Hides or shows an answer; its question's counts follow. Whether it changed, and
/// who wrote it.
pub async fn set_hidden(db: &mut Db, answer: i64, hidden: bool) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE answers SET hidden = $1 WHERE id = $2 AND hidden <> $1 \
         RETURNING question_id, helpful_count, author_id",
    )
    .bind(i64::from(hidden))
    .bind(answer)
    .fetch_optional(&mut *db)
    .await?;
    let Some((question, helpful, author)) = row else {
        return Ok(None);
    };
    let sign: i64 = if hidden { -1 } else { 1 };
    sqlx::query(
        "UPDATE questions SET answer_count = answer_count + $1, helpful_count = helpful_count + $2 WHERE id = $3",
    )
    .bind(sign)
    .bind(sign * helpful)
    .bind(question)
    .execute(&mut *db)
    .await?;
    Ok(Some(author))
}

/// An answer's author and whether it is hidden.
pub async fn owner(db: &mut Db, answer: i64) -> sqlx::Result<Option<(i64, bool)>> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT author_id, hidden FROM answers WHERE id = $1")
            .bind(answer)
            .fetch_optional(&mut *db)
            .await?;
    Ok(row.map(|(a, h)| (a, h == 1)))
}
