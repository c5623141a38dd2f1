//! A product's topic page: its verified rating, friends who bought it, its shares
//! (friends' first) and who follows it.

use super::social::NamedRow;
use super::Db;
use crate::clock::Millis;

/// (sum, count) of the ratings counted in the product's average, and its description.
pub async fn product_facts(db: &mut Db, product: i64) -> sqlx::Result<(i64, i64, String)> {
    sqlx::query_as("SELECT rating_sum, rating_count, description FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(&mut *db)
        .await
}

/// How many of the viewer's friends have a delivered order of the product, and up to five of them.
pub async fn friends_bought(
    db: &mut Db,
    viewer: i64,
    product: i64,
) -> sqlx::Result<(i64, Vec<NamedRow>)> {
    let people: Vec<NamedRow> = sqlx::query_as(
        "SELECT u.id, u.handle, u.display_name FROM friendships f JOIN users u ON u.id = f.friend_id \
         WHERE f.user_id = $1 AND EXISTS (SELECT 1 FROM orders o WHERE o.buyer_id = f.friend_id \
           AND o.product_id = $2 AND o.status IN ('delivered', 'completed')) \
         ORDER BY u.id LIMIT 200",
    )
    .bind(viewer)
    .bind(product)
    .fetch_all(&mut *db)
    .await?;
    Ok((people.len() as i64, people.into_iter().take(5).collect()))
}

/// Share ids of a product for its topic page: the viewer's friends' first (newest
/// first), then everyone's by likes, then newest. Two index ranges of at most `limit`.
pub async fn topic_share_ids(
    db: &mut Db,
    viewer: Option<i64>,
    product: i64,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    let mut ids: Vec<i64> = sqlx::query_scalar(
        // CROSS JOIN makes SQLite start from the viewer's few friends rather than
        // the product's many shares; PostgreSQL plans it as an ordinary join.
        "SELECT s.id FROM friendships f CROSS JOIN shares s \
         WHERE f.user_id = $1 AND s.author_id = f.friend_id AND s.product_id = $2 \
           AND s.status = 'visible' \
         ORDER BY s.id DESC LIMIT $3",
    )
    .bind(viewer.unwrap_or(-1))
    .bind(product)
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM shares WHERE product_id = $1 AND status = 'visible' \
         ORDER BY like_count DESC, id DESC LIMIT $2",
    )
    .bind(product)
    .bind(limit * 2)
    .fetch_all(&mut *db)
    .await?;
    for id in others {
        if ids.len() as i64 >= limit {
            break;
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// (following, followers) of a product's topic.
pub async fn topic_follow_state(
    db: &mut Db,
    viewer: Option<i64>,
    product: i64,
) -> sqlx::Result<(bool, i64)> {
    let (followers, mine): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*) AS followers, \
           CAST(COALESCE(SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END), 0) AS BIGINT) AS mine \
         FROM topic_follows WHERE product_id = $2",
    )
    .bind(viewer.unwrap_or(-1))
    .bind(product)
    .fetch_one(&mut *db)
    .await?;
    Ok((mine > 0, followers))
}

pub async fn set_topic_follow(
    db: &mut Db,
    user: i64,
    product: i64,
    follow: bool,
    now: Millis,
) -> sqlx::Result<()> {
    if follow {
        sqlx::query(
            "INSERT INTO topic_follows (user_id, product_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, product_id) DO NOTHING",
        )
        .bind(user)
        .bind(product)
        .bind(now)
        .execute(&mut *db)
        .await?;
    } else {
        sqlx::query("DELETE FROM topic_follows WHERE user_id = $1 AND product_id = $2")
            .bind(user)
            .bind(product)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}
