//! People, friend requests, friendships and follows.

use super::enums::Stored;
use super::Db;
use crate::clock::Millis;
use circle_api::FriendRequestStatus;

/// Columns of a person `u` as seen by viewer `$1` (-1 when logged out): one query gives
/// a whole list with each relation, no query per row.
const PERSON_COLUMNS: &str = "u.id AS u_id, u.handle AS u_handle, u.display_name AS u_display_name, \
    CAST(CASE WHEN EXISTS (SELECT 1 FROM friendships f WHERE f.user_id = $1 AND f.friend_id = u.id) THEN 1 ELSE 0 END AS BIGINT) AS rel_friend, \
    CAST(CASE WHEN EXISTS (SELECT 1 FROM follows w WHERE w.follower_id = $1 AND w.followee_id = u.id) THEN 1 ELSE 0 END AS BIGINT) AS rel_following, \
    (SELECT r.id FROM friend_requests r WHERE r.from_id = $1 AND r.to_id = u.id AND r.status = 'pending') AS rel_sent, \
    (SELECT r.id FROM friend_requests r WHERE r.from_id = u.id AND r.to_id = $1 AND r.status = 'pending') AS rel_received";

/// A person with the viewer's relation to them (`PERSON_COLUMNS`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonRow {
    #[sqlx(rename = "u_id")]
    pub id: i64,
    #[sqlx(rename = "u_handle")]
    pub handle: String,
    #[sqlx(rename = "u_display_name")]
    pub display_name: String,
    #[sqlx(rename = "rel_friend")]
    pub friend: i64,
    #[sqlx(rename = "rel_following")]
    pub following: i64,
    /// My pending request to them.
    #[sqlx(rename = "rel_sent")]
    pub request_sent: Option<i64>,
    /// Their pending request to me.
    #[sqlx(rename = "rel_received")]
    pub request_received: Option<i64>,
}

/// A person's name only.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NamedRow {
    pub id: i64,
    pub handle: String,
    pub display_name: String,
}

/// People whose handle starts with `prefix`, by handle; keyset on the handle.
pub async fn search_people(
    db: &mut Db,
    viewer: Option<i64>,
    prefix: &str,
    after: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM users u \
         WHERE u.handle LIKE $2 ESCAPE '\\' AND u.handle > $3 ORDER BY u.handle LIMIT $4"
    );
    sqlx::query_as(&sql)
        .bind(viewer.unwrap_or(-1))
        .bind(format!("{}%", super::escape_like(prefix)))
        .bind(after.unwrap_or(""))
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}

pub async fn person_by_handle(
    db: &mut Db,
    viewer: Option<i64>,
    handle: &str,
) -> sqlx::Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM users u WHERE u.handle = $2");
    sqlx::query_as(&sql)
        .bind(viewer.unwrap_or(-1))
        .bind(handle)
        .fetch_optional(&mut *db)
        .await
}

pub async fn person_by_id(
    db: &mut Db,
    viewer: Option<i64>,
    id: i64,
) -> sqlx::Result<Option<PersonRow>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM users u WHERE u.id = $2");
    sqlx::query_as(&sql)
        .bind(viewer.unwrap_or(-1))
        .bind(id)
        .fetch_optional(&mut *db)
        .await
}

/// People by id, without relation (one query for a whole list).
pub async fn people_by_ids(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<NamedRow>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT id, handle, display_name FROM users WHERE id IN ({})",
        super::in_list(1, ids)
    );
    let mut q = sqlx::query_as(&sql);
    for id in super::padded(ids) {
        q = q.bind(id);
    }
    q.fetch_all(&mut *db).await
}

/// (followers, friends, created_at) of a user.
pub async fn profile_counts(db: &mut Db, user_id: i64) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM follows WHERE followee_id = $1) AS followers, \
                (SELECT COUNT(*) FROM friendships WHERE user_id = $1) AS friends, \
                created_at FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await
}

pub async fn are_friends(db: &mut Db, a: i64, b: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM friendships WHERE user_id = $1 AND friend_id = $2",
    )
    .bind(a)
    .bind(b)
    .fetch_one(&mut *db)
    .await?;
    Ok(n > 0)
}

/// Of `people`, those who are `user`'s friends.
pub async fn friends_among(db: &mut Db, user: i64, people: &[i64]) -> sqlx::Result<Vec<i64>> {
    if people.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT friend_id FROM friendships WHERE user_id = $1 AND friend_id IN ({})",
        super::in_list(2, people)
    );
    let mut query = sqlx::query_scalar(&sql).bind(user);
    for p in super::padded(people) {
        query = query.bind(p);
    }
    query.fetch_all(&mut *db).await
}

/// The pending request from `from` to `to`, if any.
pub async fn pending_request(db: &mut Db, from: i64, to: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM friend_requests WHERE from_id = $1 AND to_id = $2 AND status = 'pending'",
    )
    .bind(from)
    .bind(to)
    .fetch_optional(&mut *db)
    .await
}

/// Creates a pending request; `None` when one is already pending (unique index).
pub async fn insert_request(
    db: &mut Db,
    from: i64,
    to: i64,
    now: Millis,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO friend_requests (from_id, to_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(from)
    .bind(to)
    .bind(now)
    .fetch_optional(&mut *db)
    .await
}

/// A request as seen by one of its two parties; `None` for anyone else.
pub async fn request_for_party(
    db: &mut Db,
    id: i64,
    party: i64,
) -> sqlx::Result<Option<(i64, i64, Stored<FriendRequestStatus>)>> {
    sqlx::query_as(
        "SELECT from_id, to_id, status FROM friend_requests WHERE id = $1 AND (from_id = $2 OR to_id = $2)",
    )
    .bind(id)
    .bind(party)
    .fetch_optional(&mut *db)
    .await
}

/// Decides a pending request; on `accepted` the friendship is made in the same
/// transaction. Returns false when the request was no longer pending.
pub async fn decide_request(
    db: &mut Db,
    id: i64,
    status: FriendRequestStatus,
    now: Millis,
) -> sqlx::Result<bool> {
    let parties: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE friend_requests SET status = $1, decided_at = $2 WHERE id = $3 AND status = 'pending' \
         RETURNING from_id, to_id",
    )
    .bind(super::enums::name(status))
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *db)
    .await?;
    let Some((a, b)) = parties else {
        return Ok(false);
    };
    if status == FriendRequestStatus::Accepted {
        for (x, y) in [(a, b), (b, a)] {
            sqlx::query(
                "INSERT INTO friendships (user_id, friend_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, friend_id) DO NOTHING",
            )
            .bind(x)
            .bind(y)
            .bind(now)
            .execute(&mut *db)
            .await?;
        }
    }
    Ok(true)
}

pub async fn unfriend(db: &mut Db, a: i64, b: i64) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "DELETE FROM friendships WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)",
    )
    .bind(a)
    .bind(b)
    .execute(&mut *db)
    .await?;
    Ok(result.rows_affected() > 0)
}

const REQUEST_SELECT: &str = "SELECT r.id, r.status, r.created_at, \
        a.id AS a_id, a.handle AS a_handle, a.display_name AS a_name, \
        b.id AS b_id, b.handle AS b_handle, b.display_name AS b_name \
    FROM friend_requests r JOIN users a ON a.id = r.from_id JOIN users b ON b.id = r.to_id";

/// A friend request with both people (`a` asked `b`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub status: Stored<FriendRequestStatus>,
    pub created_at: Millis,
    pub a_id: i64,
    pub a_handle: String,
    pub a_name: String,
    pub b_id: i64,
    pub b_handle: String,
    pub b_name: String,
}

pub async fn request_by_id(db: &mut Db, id: i64) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await
}

/// Pending requests to (`incoming`) or from the user, newest first.
pub async fn pending_requests(
    db: &mut Db,
    user: i64,
    incoming: bool,
) -> sqlx::Result<Vec<RequestRow>> {
    let mine = if incoming { "r.to_id" } else { "r.from_id" };
    let sql = format!(
        "{REQUEST_SELECT} WHERE {mine} = $1 AND r.status = 'pending' ORDER BY r.id DESC LIMIT 100"
    );
    sqlx::query_as(&sql).bind(user).fetch_all(&mut *db).await
}

/// The user's friends, by id; keyset on the friend's id.
pub async fn friends(
    db: &mut Db,
    viewer: i64,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM friendships fr JOIN users u ON u.id = fr.friend_id \
         WHERE fr.user_id = $2 AND u.id > $3 ORDER BY u.id LIMIT $4"
    );
    sqlx::query_as(&sql)
        .bind(viewer)
        .bind(user)
        .bind(after.unwrap_or(0))
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}

/// Who follows the user, by id; keyset on the follower's id.
pub async fn followers(
    db: &mut Db,
    viewer: Option<i64>,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<PersonRow>> {
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM follows fo JOIN users u ON u.id = fo.follower_id \
         WHERE fo.followee_id = $2 AND u.id > $3 ORDER BY u.id LIMIT $4"
    );
    sqlx::query_as(&sql)
        .bind(viewer.unwrap_or(-1))
        .bind(user)
        .bind(after.unwrap_or(0))
        .bind(limit)
        .fetch_all(&mut *db)
        .await
}

pub async fn follow(db: &mut Db, follower: i64, followee: i64, now: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (follower_id, followee_id) DO NOTHING",
    )
    .bind(follower)
    .bind(followee)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

pub async fn unfollow(db: &mut Db, follower: i64, followee: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
        .bind(follower)
        .bind(followee)
        .execute(&mut *db)
        .await?;
    Ok(())
}
