//! A 达人 costs what anyone else costs (issue 15): a share reaching more readers than a
//! request should write is fanned out in the background, a batch per transaction; a like
//! changes the share's live rank, never the timelines; pages are ranked by the live rank.

use crate::concurrency::scalar;
use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::questions::established;
use crate::shares::{feed, feed_share_ids, share};
use crate::{on_each_database, on_each_database_threaded};
use circle_server::{domain::feed::INLINE_FAN_OUT, service::jobs, store};
use futures::future::join_all;
use serde_json::json;
use std::time::Duration;

on_each_database!(
    a_big_authors_share_reaches_its_followers_in_the_background,
    a_like_reranks_a_big_authors_timelines_in_the_background,
);

/// On a multi-threaded runtime, so the workers really overlap.
mod parallel {
    use super::*;
    on_each_database_threaded!(parallel_background_work_writes_each_row_once);
}

/// `n` new accounts following `author`; the first follower's id.
async fn followers(app: &TestApp, author: i64, n: i64) -> i64 {
    let now = circle_server::clock::Clock::now(&app.clock);
    let pool = app.store.pool();
    let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
        .fetch_one(pool)
        .await
        .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO users (handle, display_name, password_hash, role, created_at) \
         SELECT 'fan_' || CAST(i AS TEXT), '粉丝', '', 'shopper', $2 FROM n",
    )
    .bind(n)
    .bind(now)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO follows (follower_id, followee_id, created_at) \
         SELECT id, $1, $2 FROM users WHERE id > $3",
    )
    .bind(author)
    .bind(now)
    .bind(before)
    .execute(pool)
    .await
    .unwrap();
    before + 1
}

async fn me(app: &TestApp, who: &Browser) -> i64 {
    call(who.get(app.url("/api/v1/me"))).await.1["id"]
        .as_i64()
        .unwrap()
}

const ROWS_OF: &str = "SELECT COUNT(*) FROM timeline WHERE share_id = $1";

async fn a_big_authors_share_reaches_its_followers_in_the_background(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "达人同款", "beauty", 9900, true).await;
    let star = register(&app, "big_star", "password 123").await;
    let star_id = me(&app, &star).await;
    let first_fan = followers(&app, star_id, INLINE_FAN_OUT + 500).await;
    let fan = crate::flow::session(&app, first_fan).await;

    let (status, s) = share(&app, &star, json!({"product_id": p, "text": "真的好用"})).await;
    assert_eq!(status, 201, "{s}");
    let id = s["id"].as_i64().unwrap();
    // The request wrote the author's own row and queued the rest.
    assert_eq!(scalar(&app, ROWS_OF, id).await, 1);
    assert!(feed_share_ids(&feed(&app, &fan).await).is_empty());
    let batches = jobs::timeline_work(&app.store, u64::MAX, Duration::ZERO)
        .await
        .unwrap();
    assert!(batches >= 1, "{batches}");
    assert_eq!(scalar(&app, ROWS_OF, id).await, 1 + INLINE_FAN_OUT + 500);
    assert_eq!(feed_share_ids(&feed(&app, &fan).await), vec![id]);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM feed_jobs WHERE share_id = $1",
            id
        )
        .await,
        0
    );

    // Deleting it: gone from every page at once, its rows purged in the background.
    let (status, _) = call(star.delete(app.url(&format!("/api/v1/shares/id/{id}")))).await;
    assert_eq!(status, 204);
    assert!(feed_share_ids(&feed(&app, &fan).await).is_empty());
    assert_eq!(scalar(&app, ROWS_OF, id).await, 1 + INLINE_FAN_OUT + 500);
    jobs::timeline_work(&app.store, u64::MAX, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(scalar(&app, ROWS_OF, id).await, 0);

    // A small author's share is in its readers' circle as soon as it is posted.
    let friendless = register(&app, "small_one", "password 123").await;
    let (_, small) = share(
        &app,
        &friendless,
        json!({"product_id": p, "text": "小众好物"}),
    )
    .await;
    assert_eq!(
        scalar(&app, ROWS_OF, small["id"].as_i64().unwrap()).await,
        1
    );
    let waiting = store::feed_jobs::waiting(&mut app.store.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(waiting, 0);
}

async fn a_like_reranks_a_big_authors_timelines_in_the_background(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let early = product(&app, "早发的", "home", 1000, true).await;
    let late = product(&app, "晚发的", "home", 1000, true).await;
    let other = product(&app, "别的", "home", 1000, true).await;
    let star = register(&app, "liked_star", "password 123").await;
    let star_id = me(&app, &star).await;
    let fan = crate::flow::session(&app, followers(&app, star_id, INLINE_FAN_OUT + 10).await).await;
    let b = register(&app, "author_b", "password 123").await;
    let (status, _) = call(fan.put(app.url("/api/v1/follows/author_b"))).await;
    assert_eq!(status, 204);
    let (_, first) = share(
        &app,
        &star,
        json!({"product_id": early, "text": "先发的一条"}),
    )
    .await;
    jobs::timeline_work(&app.store, u64::MAX, Duration::ZERO)
        .await
        .unwrap();
    app.clock.advance(3_600_000);
    let (_, second) = share(
        &app,
        &b,
        json!({"product_id": late, "text": "一小时后的一条"}),
    )
    .await;
    let (first, second) = (
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    );
    assert_eq!(feed_share_ids(&feed(&app, &fan).await), vec![second, first]);

    // Seven counted likes lift the first by 70 minutes: the share's rank moves at once,
    // its 1,011 timeline rows in the background.
    let stored = "SELECT CAST(SUM(rank) AS BIGINT) FROM timeline WHERE share_id = $1";
    let before = scalar(&app, stored, first).await;
    for _ in 0..7 {
        let liker = established(&app, other).await;
        let (status, l) =
            call(liker.put(app.url(&format!("/api/v1/shares/id/{first}/like")))).await;
        assert_eq!(status, 200, "{l}");
    }
    assert_eq!(
        scalar(&app, stored, first).await,
        before,
        "no row rewritten by the request"
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM feed_jobs WHERE share_id = $1",
            first
        )
        .await,
        1
    );
    jobs::timeline_work(&app.store, u64::MAX, Duration::ZERO)
        .await
        .unwrap();
    let stale = "SELECT COUNT(*) FROM timeline t JOIN shares s ON s.id = t.share_id \
                 WHERE t.share_id = $1 AND t.rank <> s.rank";
    assert_eq!(scalar(&app, stale, first).await, 0);
    assert_eq!(scalar(&app, ROWS_OF, first).await, 1 + INLINE_FAN_OUT + 10);
    assert_eq!(feed_share_ids(&feed(&app, &fan).await), vec![first, second]);
}

async fn parallel_background_work_writes_each_row_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "爆款", "home", 1000, true).await;
    let star = register(&app, "parallel_star", "password 123").await;
    let star_id = me(&app, &star).await;
    let fans = 3 * circle_server::domain::feed::FAN_OUT_BATCH + 7;
    followers(&app, star_id, fans).await;
    let (status, s) = share(&app, &star, json!({"product_id": p, "text": "限量"})).await;
    assert_eq!(status, 201, "{s}");
    let id = s["id"].as_i64().unwrap();
    // Four processes' workers at once: every follower gets the share exactly once.
    let runs =
        join_all((0..4).map(|_| jobs::timeline_work(&app.store, u64::MAX, Duration::ZERO))).await;
    assert!(runs.iter().all(Result::is_ok), "{runs:?}");
    assert_eq!(scalar(&app, ROWS_OF, id).await, 1 + fans);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(DISTINCT reader_id) FROM timeline WHERE share_id = $1",
            id
        )
        .await,
        1 + fans
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM feed_jobs WHERE share_id = $1",
            id
        )
        .await,
        0
    );
}
