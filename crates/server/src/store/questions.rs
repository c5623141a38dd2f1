//! 问大家: questions, who they were sent to, answers and helpful marks.

use super::Db;
use crate::clock::Millis;

/// Orders that make someone a buyer who answers: delivered or completed (a refunded,
/// cancelled or unreceived order does not).
pub(super) const RECEIVED: &str = "o.status IN ('delivered', 'completed')";

/// A visible question with its asker and the best answer's id.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub product_id: i64,
    pub asker_id: i64,
    pub asker_handle: String,
    pub asker_name: String,
    pub text: String,
    pub answer_count: i64,
    pub created_at: Millis,
    pub best_answer_id: Option<i64>,
}

const QUESTION_COLUMNS: &str = "q.id, q.product_id, q.asker_id, u.handle AS asker_handle, \
     u.display_name AS asker_name, q.text, q.answer_count, q.created_at, \
     (SELECT a.id FROM answers a WHERE a.question_id = q.id AND a.hidden = 0 \
      ORDER BY a.by_merchant ASC, a.helpful_count DESC, a.id ASC LIMIT 1) AS best_answer_id";

/// The questions `asker` asked on China day `day`.
pub async fn count_on_day(db: &mut Db, asker: i64, day: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM questions WHERE asker_id = $1 AND day = $2")
        .bind(asker)
        .bind(day)
        .fetch_one(&mut *db)
        .await
}

/// The asker's question texts since `since`, for the near-duplicate rule.
pub async fn recent_texts(db: &mut Db, asker: i64, since: Millis) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT text FROM questions WHERE asker_id = $1 AND created_at >= $2")
        .bind(asker)
        .bind(since)
        .fetch_all(&mut *db)
        .await
}

pub async fn insert(
    db: &mut Db,
    product: i64,
    asker: i64,
    text: &str,
    day: i64,
    now: Millis,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO questions (product_id, asker_id, text, day, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(product)
    .bind(asker)
    .bind(text)
    .bind(day)
    .bind(now)
    .fetch_one(&mut *db)
    .await
}

/// Buyers who could be sent a question about `product` from `asker`: with a received
/// order, not the asker, receiving questions, not yet at `cap` today; the asker's friends
/// first, then by their latest order. At most `limit`.
pub async fn route_candidates(
    db: &mut Db,
    asker: i64,
    product: i64,
    day: i64,
    cap: i64,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(&format!(
        "SELECT o.buyer_id FROM orders o JOIN users u ON u.id = o.buyer_id \
         LEFT JOIN friendships f ON f.user_id = $1 AND f.friend_id = o.buyer_id \
         LEFT JOIN question_inbox i ON i.user_id = o.buyer_id AND i.day = $3 \
         WHERE o.product_id = $2 AND {RECEIVED} AND o.buyer_id <> $1 AND u.questions_off = 0 \
           AND COALESCE(i.count, 0) < $4 \
         GROUP BY o.buyer_id \
         ORDER BY MAX(CASE WHEN f.user_id IS NULL THEN 0 ELSE 1 END) DESC, MAX(o.id) DESC \
         LIMIT $5"
    ))
    .bind(asker)
    .bind(product)
    .bind(day)
    .bind(cap)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// Takes one of `user`'s `cap` questions of China day `day`: false when they are used
/// up. One conditional upsert, exact under concurrency on both databases.
pub async fn take_inbox(db: &mut Db, user: i64, day: i64, cap: i64) -> sqlx::Result<bool> {
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO question_inbox (user_id, day, count) VALUES ($1, $2, 1) \
         ON CONFLICT (user_id, day) DO UPDATE SET count = question_inbox.count + 1 \
         WHERE question_inbox.count < $3 RETURNING count",
    )
    .bind(user)
    .bind(day)
    .bind(cap)
    .fetch_optional(&mut *db)
    .await?;
    Ok(taken.is_some())
}

pub async fn add_route(db: &mut Db, question: i64, user: i64, now: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO question_routes (question_id, user_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(question)
    .bind(user)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Whom a question was sent to.
pub async fn routed_to(db: &mut Db, question: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT user_id FROM question_routes WHERE question_id = $1 ORDER BY user_id",
    )
    .bind(question)
    .fetch_all(&mut *db)
    .await
}

/// Visible questions by id, in no particular order.
pub async fn by_ids(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<QuestionRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {QUESTION_COLUMNS} FROM questions q JOIN users u ON u.id = q.asker_id \
         WHERE q.hidden = 0 AND q.id IN ({})",
        super::in_list(1, ids)
    );
    let mut query = sqlx::query_as(&sql);
    for id in super::padded(ids) {
        query = query.bind(id);
    }
    query.fetch_all(&mut *db).await
}

/// A product's visible questions, newest first, keyset-paginated on the id.
pub async fn of_product(
    db: &mut Db,
    product: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM questions q JOIN users u ON u.id = q.asker_id \
         WHERE q.product_id = $1 AND q.hidden = 0 AND q.id < $2 ORDER BY q.id DESC LIMIT $3"
    ))
    .bind(product)
    .bind(after.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// A product's most helpful visible questions (then the most answered, then newest), and
/// how many visible questions it has.
pub async fn top_of_product(
    db: &mut Db,
    product: i64,
    limit: i64,
) -> sqlx::Result<(Vec<QuestionRow>, i64)> {
    let rows = sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM questions q JOIN users u ON u.id = q.asker_id \
         WHERE q.product_id = $1 AND q.hidden = 0 \
         ORDER BY q.helpful_count DESC, q.answer_count DESC, q.id DESC LIMIT $2"
    ))
    .bind(product)
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    let count =
        sqlx::query_scalar("SELECT COUNT(*) FROM questions WHERE product_id = $1 AND hidden = 0")
            .bind(product)
            .fetch_one(&mut *db)
            .await?;
    Ok((rows, count))
}

/// Questions waiting for `me` since `since`: sent to me, or asked by a friend about a
/// product I received and not answered by anyone yet; not mine, not answered by me.
pub async fn for_me(
    db: &mut Db,
    me: i64,
    since: Millis,
    limit: i64,
) -> sqlx::Result<Vec<QuestionRow>> {
    sqlx::query_as(&format!(
        "SELECT {QUESTION_COLUMNS} FROM questions q JOIN users u ON u.id = q.asker_id \
         WHERE q.hidden = 0 AND q.asker_id <> $1 AND q.created_at >= $2 \
           AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id AND a.author_id = $1) \
           AND (q.id IN (SELECT r.question_id FROM question_routes r WHERE r.user_id = $1 AND r.created_at >= $2) \
             OR q.id IN (SELECT q2.id FROM friendships f JOIN questions q2 ON q2.asker_id = f.friend_id \
                         WHERE f.user_id = $1 AND q2.created_at >= $2 AND q2.answer_count = 0 \
                           AND EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = $1 \
                                       AND o.product_id = q2.product_id AND {RECEIVED}))) \
         ORDER BY q.id DESC LIMIT $3"
    ))
    .bind(me)
    .bind(since)
    .bind(limit)
    .fetch_all(&mut *db)
    .await
}

/// When `user` first received the product (a delivered, unrefunded order), if they did.
pub async fn bought_at(db: &mut Db, user: i64, product: i64) -> sqlx::Result<Option<Millis>> {
    sqlx::query_scalar(&format!(
        "SELECT MIN(o.created_at) FROM orders o WHERE o.buyer_id = $1 AND o.product_id = $2 AND {RECEIVED}"
    ))
    .bind(user)
    .bind(product)
    .fetch_one(&mut *db)
    .await
}

/// A question's asker and product, visible or not (`hidden` says which).
pub async fn owner(db: &mut Db, question: i64) -> sqlx::Result<Option<(i64, i64, bool)>> {
    let row: Option<(i64, i64, i64)> =
        sqlx::query_as("SELECT asker_id, product_id, hidden FROM questions WHERE id = $1")
            .bind(question)
            .fetch_optional(&mut *db)
            .await?;
    Ok(row.map(|(a, p, h)| (a, p, h == 1)))
}

/// Hides or shows a question; whether it changed.
pub async fn set_hidden(db: &mut Db, question: i64, hidden: bool) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE questions SET hidden = $1 WHERE id = $2 AND hidden <> $1")
        .bind(i64::from(hidden))
        .bind(question)
        .execute(&mut *db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether `user` turned questions off on 我的.
pub async fn off(db: &mut Db, user: i64) -> sqlx::Result<bool> {
    let off: i64 = sqlx::query_scalar("SELECT questions_off FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&mut *db)
        .await?;
    Ok(off == 1)
}

pub async fn set_off(db: &mut Db, user: i64, off: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET questions_off = $1 WHERE id = $2")
        .bind(i64::from(off))
        .bind(user)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// A reported question or answer as a moderator sees it, hidden or not.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostRow {
    pub id: i64,
    pub question_id: i64,
    pub author_id: i64,
    pub author_handle: String,
    pub author_name: String,
    pub text: String,
    pub hidden: i64,
}

/// Questions (`kind` "question") or answers by id, for the moderators' queue.
pub async fn posts(db: &mut Db, kind: &str, ids: &[i64]) -> sqlx::Result<Vec<PostRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let (table, author, question) = match kind {
        "question" => ("questions", "asker_id", "id"),
        _ => ("answers", "author_id", "question_id"),
    };
    let sql = format!(
        "SELECT t.id, t.{question} AS question_id, u.id AS author_id, u.handle AS author_handle, \
                u.display_name AS author_name, t.text, t.hidden \
         FROM {table} t JOIN users u ON u.id = t.{author} WHERE t.id IN ({}) ORDER BY t.id",
        super::in_list(1, ids)
    );
    let mut query = sqlx::query_as(&sql);
    for id in super::padded(ids) {
        query = query.bind(id);
    }
    query.fetch_all(&mut *db).await
}
