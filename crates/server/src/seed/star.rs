//! `circle bench-star`: what a 达人 costs (issue 15). On a fresh database: a star with
//! `followers` followers; a reader who follows the star and 2,000 others whose
//! `shares_each` shares fill the reader's timeline; then the star posts, is liked and
//! unliked, deletes; the reader reads pages; another user checks out while a fan-out
//! runs. Each use case is timed in-process (the service call with its transaction).

use crate::{
    clock::{Millis, DAY},
    service::{engagement, feed as circle, jobs, orders, shares},
    store::{self, catalog, Store},
};
use anyhow::{Context, Result};
use circle_api::{ProductStatus, ShareCreate};
use std::time::{Duration, Instant};

const OTHERS: i64 = 2_000;

/// Inserts `n` accounts a month old; the first one's id.
async fn accounts(store: &Store, prefix: &str, n: i64, now: Millis) -> Result<i64> {
    let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
        .fetch_one(store.pool())
        .await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO users (handle, display_name, password_hash, role, created_at) \
         SELECT $2 || CAST(i AS TEXT), '用户', '', 'shopper', $3 FROM n",
    )
    .bind(n)
    .bind(prefix)
    .bind(now - 30 * DAY)
    .execute(store.pool())
    .await?;
    Ok(before + 1)
}

fn percentiles(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let at = |q: f64| d[((d.len() as f64 * q) as usize).min(d.len() - 1)].as_secs_f64() * 1e3;
    (at(0.5), at(0.99))
}

fn report(name: &str, d: Vec<Duration>) -> f64 {
    let (p50, p99) = percentiles(d);
    println!("{name:<44} {p50:>8.2}ms {p99:>8.2}ms");
    p99
}

/// Ten CJK characters no other day's text shares (the near-duplicate rule).
fn distinct(day: i64) -> String {
    (0..10)
        .filter_map(|k| char::from_u32(0x4E00 + u32::try_from(day * 16 + k).unwrap_or(0)))
        .collect()
}

/// The figures of one run: p99 of share, like, page, delete (ms).
pub async fn run(store: &Store, followers: i64, shares_each: i64, now: Millis) -> Result<[f64; 4]> {
    let mut db = store.conn().await?;
    let merchant = catalog::insert_merchant(&mut db, "达人好物店", true, None, now).await?;
    let product = |title: &'static str| catalog::NewProduct {
        merchant_id: merchant,
        title,
        description: "",
        category: "beauty",
        price_cents: 9900,
        stock: 1_000_000_000,
        commission_bp: 500,
        image_id: None,
        status: ProductStatus::Active,
    };
    let lipstick = catalog::insert_product(&mut db, product("达人口红"), now).await?;
    drop(db);
    let star = accounts(store, "star_", 1, now).await?;
    let fans = accounts(store, "fan_", followers, now).await?;
    let others = accounts(store, "author_", OTHERS, now).await?;
    let reader = fans;
    let pool = store.pool();
    // The likers have a delivered order, so their likes count (and move the rank).
    sqlx::query(
        "INSERT INTO orders (buyer_id, product_id, quantity, amount_cents, status, idempotency_key, \
                             request_hash, created_at, delivered_at, merchant_id) \
         SELECT id, $1, 1, 9900, 'delivered', 'bench-' || CAST(id AS TEXT), 'bench', $2, $2, $3 \
         FROM users WHERE id > $4 AND id <= $4 + 30",
    )
    .bind(lipstick)
    .bind(now - 20 * DAY)
    .bind(merchant)
    .bind(fans)
    .execute(pool)
    .await?;
    sqlx::query("INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, $1, $2 FROM users WHERE id >= $3 AND id < $4")
        .bind(star).bind(now).bind(fans).bind(fans + followers).execute(pool).await?;
    sqlx::query("INSERT INTO follows (follower_id, followee_id, created_at) SELECT $1, id, $2 FROM users WHERE id >= $3")
        .bind(reader).bind(now).bind(others).execute(pool).await?;
    // The others' shares over the last 30 days, in the reader's timeline as a follower's.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1 - 1) \
         INSERT INTO shares (code, author_id, product_id, text, day, created_at, rank) \
         SELECT 'b' || CAST(u.id AS TEXT) || '_' || CAST(n.i AS TEXT), u.id, $2, '好用', n.i, \
                $3 - n.i * 3600000 - u.id, $3 - n.i * 3600000 - u.id \
         FROM users u, n WHERE u.id >= $4",
    )
    .bind(shares_each)
    .bind(lipstick)
    .bind(now)
    .bind(others)
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
         SELECT $1, id, author_id, product_id, 2, rank, created_at FROM shares WHERE author_id >= $2",
    )
    .bind(reader).bind(others).execute(pool).await?;
    // Statistics, as a database that grew over time has them (PostgreSQL's autovacuum,
    // SQLite's optimize): the planner must know `follows` is big.
    sqlx::query("ANALYZE").execute(pool).await?;
    println!(
        "达人 with {followers} followers; the reader follows them and {OTHERS} others ({} shares in the timeline)",
        OTHERS * shares_each
    );

    // The star posts once a day (the per-day rules), is liked and unliked.
    let (mut posting, mut liking, mut unliking) = (Vec::new(), Vec::new(), Vec::new());
    let mut posted = Vec::new();
    for day in 1..=30 {
        let at = now + day * DAY;
        let req = ShareCreate {
            product_id: lipstick,
            text: distinct(day),
            rating: None,
            photo_ids: vec![],
        };
        let t = Instant::now();
        let last = shares::create(store, at, star, &req)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
            .id;
        posted.push(last);
        posting.push(t.elapsed());
        let t = Instant::now();
        engagement::set_like(store, at, fans + day, "127.0.0.1", last, true)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        liking.push(t.elapsed());
        let t = Instant::now();
        engagement::set_like(store, at, fans + day, "127.0.0.1", last, false)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        unliking.push(t.elapsed());
    }
    let share_p99 = report("share by the 达人 (POST /api/v1/shares)", posting);
    let like_p99 = report("like of the 达人's share", liking);
    report("unlike", unliking);
    let last = *posted.last().context("no share posted")?;

    // Another user's checkouts, alone and while one share's fan-out runs (the earlier
    // shares' fan-outs are dropped: one is what a post costs the others).
    sqlx::query("DELETE FROM feed_jobs WHERE share_id <> $1")
        .bind(last)
        .execute(pool)
        .await?;
    let buyer = others;
    let checkout = |i: i64| {
        let key = format!("bench-star-{followers}-{i}");
        async move {
            let t = Instant::now();
            orders::checkout(store, now, buyer, lipstick, 1, &key)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            Ok::<_, anyhow::Error>(t.elapsed())
        }
    };
    let mut alone = Vec::new();
    for i in 0..50 {
        alone.push(checkout(i).await?);
    }
    report("checkout by someone else", alone);
    let started = Instant::now();
    let fan_out = tokio::spawn({
        let store = store.clone();
        async move { jobs::timeline_work(&store, u64::MAX, jobs::TIMELINE_PAUSE).await }
    });
    let mut during = Vec::new();
    let mut i = 50;
    while !fan_out.is_finished() && i < 5_000 {
        during.push(checkout(i).await?);
        i += 1;
    }
    let batches = fan_out.await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM timeline WHERE share_id = $1")
        .bind(last)
        .fetch_one(pool)
        .await?;
    println!(
        "background fan-out of one share: {rows} rows in {batches} batches, {:.1}s",
        started.elapsed().as_secs_f64()
    );
    if !during.is_empty() {
        report(
            &format!("checkout during the fan-out ({} of them)", during.len()),
            during,
        );
    }

    // The reader's pages, and deleting a share a million timelines hold.
    let mut pages = Vec::new();
    let mut cursor = crate::domain::feed::Cursor::default();
    for _ in 0..200 {
        let t = Instant::now();
        let page = circle::page(store, reader, &cursor)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        pages.push(t.elapsed());
        cursor = match page
            .next
            .as_deref()
            .and_then(crate::domain::feed::Cursor::parse)
        {
            Some(next) if pages.len() % 10 != 0 => next,
            _ => crate::domain::feed::Cursor::default(),
        };
    }
    let mut slowest: Vec<(usize, Duration)> = pages.iter().copied().enumerate().collect();
    slowest.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
    let slowest: Vec<String> = slowest
        .iter()
        .take(6)
        .map(|(i, d)| format!("#{} {:.2}", i + 1, d.as_secs_f64() * 1e3))
        .collect();
    let page_p99 = report("the reader's circle page (GET /api/v1/feed)", pages);
    println!("  its slowest pages (ms): {}", slowest.join(", "));
    // Deleting: the earlier shares' fan-outs were dropped, so each first gets the worker's
    // first batch (more than `INLINE_FAN_OUT` rows, so deleting it takes the 达人's path:
    // hidden at once, purged in the background, as for the last share's million rows).
    let mut db = store.conn().await?;
    for &share in &posted[..posted.len() - 1] {
        for stage in 0..store::timeline::STAGES {
            let batch = crate::domain::feed::FAN_OUT_BATCH;
            if store::timeline::fan_out_batch(&mut db, share, stage, 0, batch)
                .await?
                .is_some()
            {
                break;
            }
        }
    }
    drop(db);
    let mut deleting = Vec::new();
    for &share in &posted {
        let t = Instant::now();
        shares::delete(store, now + 31 * DAY, star, share)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        deleting.push(t.elapsed());
    }
    let delete_p99 = report("delete of a 达人's share (30)", deleting);
    let waiting = store::feed_jobs::waiting(&mut *store.conn().await?).await?;
    println!("timeline jobs waiting: {waiting}");
    Ok([share_p99, like_p99, page_p99, delete_p99])
}
