//! "No N+1": a feed page and a topic page run the same number of SQL statements whether
//! they hold one share or many (with likes, comments, ratings and collapsed friends),
//! whether the server has shown their shares before (kept, checked by their versions)
//! or reads them again.
//!
//! Its own test binary, because it counts every statement in the process: sqlx reports
//! each one as a tracing event (target `sqlx::query`), and SQLite runs them on its own
//! worker threads, so the counter has to be the global subscriber, which only a binary
//! with one test can own.

#![allow(clippy::unwrap_used)]

#[path = "api/flow.rs"]
#[allow(dead_code)]
mod flow;
#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{call, product, register, Browser, TestApp, TestDb};
use serde_json::json;
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};
use tracing_subscriber::layer::SubscriberExt;

#[derive(Clone, Default)]
struct QueryCounter(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QueryCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl QueryCounter {
    /// How many statements a page load causes: the fewest of three loads, so that a
    /// pooled connection being opened (its set-up statements count too) is not counted.
    async fn count(&self, who: &Browser, url: &str) -> usize {
        let mut fewest = usize::MAX;
        for _ in 0..3 {
            let before = self.0.load(Ordering::SeqCst);
            assert_eq!(who.get(url).send().await.unwrap().status(), 200);
            fewest = fewest.min(self.0.load(Ordering::SeqCst) - before);
        }
        fewest
    }

    /// Like `count`, for a page none of whose shares this process has shown as they are
    /// now (every share is touched before each load: its view is read again).
    async fn count_cold(&self, app: &TestApp, who: &Browser, url: &str) -> usize {
        let mut fewest = usize::MAX;
        for _ in 0..3 {
            sqlx::query("UPDATE shares SET comment_count = comment_count")
                .execute(app.store.pool())
                .await
                .unwrap();
            let before = self.0.load(Ordering::SeqCst);
            assert_eq!(who.get(url).send().await.unwrap().status(), 200);
            fewest = fewest.min(self.0.load(Ordering::SeqCst) - before);
        }
        fewest
    }
}

/// One author's two shares must not repeat each other.
const TEXTS: [&str; 2] = ["又一条好物分享", "换个角度说说体验"];

async fn purchase(app: &TestApp, who: &Browser, product: i64, key: &str) {
    let (status, order) = call(
        who.post(app.url("/api/v1/orders"))
            .header("idempotency-key", key)
            .json(&json!({"product_id": product, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 201);
    let id = order["id"].as_i64().unwrap();
    flow::deliver(app, who, id).await;
}

async fn befriend(app: &TestApp, a: &Browser, b: &Browser, b_handle: &str) {
    let (_, req) = call(
        a.post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": b_handle})),
    )
    .await;
    let id = req["id"].as_i64().unwrap();
    let (status, _) = call(b.post(app.url(&format!("/api/v1/friend-requests/{id}/accept")))).await;
    assert_eq!(status, 204);
}

async fn pages_cost_the_same(db: TestDb, counter: &QueryCounter) {
    let app = TestApp::spawn(db).await;
    let reader = register(&app, "reader", "password123").await;
    let p = product(&app, "计数用商品", "home", 9_900, true).await;
    let first = register(&app, "author0", "password123").await;
    befriend(&app, &reader, &first, "author0").await;
    purchase(&app, &first, p, "k0").await;
    let (status, _) = call(
        first
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "第一条"})),
    )
    .await;
    assert_eq!(status, 201);

    let feed_url = app.url("/api/v1/feed");
    let topic_url = app.url(&format!("/api/v1/products/{p}/topic"));
    let feed_one = counter.count(&reader, &feed_url).await;
    let topic_one = counter.count(&reader, &topic_url).await;
    assert!(
        feed_one > 0 && topic_one > 0,
        "the counter sees the queries"
    );

    for n in 1..12 {
        let handle = format!("author{n}");
        // Stay inside the reader's comment and like rate limits.
        app.clock.advance(10 * circle_server::clock::SECOND);
        let author = register(&app, &handle, "password123").await;
        befriend(&app, &reader, &author, &handle).await;
        let other = product(&app, &format!("计数用商品{n}"), "home", 9_900, true).await;
        for (i, product) in [p, other].into_iter().enumerate() {
            purchase(&app, &author, product, &format!("k{n}-{i}")).await;
            let (status, s) = call(
                author
                    .post(app.url("/api/v1/shares"))
                    .json(&json!({"product_id": product, "text": TEXTS[i], "rating": 4})),
            )
            .await;
            assert_eq!(status, 201);
            let id = s["id"].as_i64().unwrap();
            let (status, liked) =
                call(reader.put(app.url(&format!("/api/v1/shares/id/{id}/like")))).await;
            assert_eq!((status, &liked["liked"]), (200, &json!(true)), "{liked}");
            let (status, comment) = call(
                reader
                    .post(app.url(&format!("/api/v1/shares/id/{id}/comments")))
                    .json(&json!({"text": "好"})),
            )
            .await;
            assert_eq!(status, 201, "{comment}");
        }
    }
    let (_, feed) = call(reader.get(&feed_url)).await;
    let cards = feed["items"].as_array().unwrap();
    assert!(cards.len() >= 12, "{feed}");
    // The page measured holds what it claims: liked, commented, rated, collapsed cards.
    let liked = cards
        .iter()
        .filter(|c| c["share"]["like_count"] == 1)
        .count();
    let commented = cards
        .iter()
        .filter(|c| c["share"]["comment_count"] == 1)
        .count();
    let collapsed = cards
        .iter()
        .filter(|c| !c["also"].as_array().unwrap().is_empty())
        .count();
    assert!(liked >= 11 && commented >= 11 && collapsed >= 1, "{feed}");
    let feed_many = counter.count(&reader, &feed_url).await;
    let topic_many = counter.count(&reader, &topic_url).await;
    let feed_cold = counter.count_cold(&app, &reader, &feed_url).await;
    let topic_cold = counter.count_cold(&app, &reader, &topic_url).await;
    eprintln!(
        "feed page: {feed_one} → {feed_many} statements ({feed_cold} with its shares read); \
         topic page: {topic_one} → {topic_many} ({topic_cold})"
    );
    // One card or a full page of 20: the same statements, plus at most the one lookup of
    // collapsed friends' names that a page without collapsed cards skips. An N+1 would add
    // a statement per card.
    // The README's figures: a feed page is 2 statements, 3 with collapsed cards (the
    // session, the timeline with its shares' versions, the friends' names); a topic page
    // 11 (its 问大家 section reads the top questions and their count). Shares this process
    // has not shown as they are now add the one statement that reads them (rows and photos).
    assert_eq!(feed_one, 2, "a feed page of one card");
    assert!(
        feed_many <= 3,
        "feed page: {feed_one} statements for one card, {feed_many} for a full page"
    );
    assert_eq!(feed_cold, feed_many + 1, "a feed page of shares read again");
    assert_eq!(topic_one, 11, "a topic page");
    assert_eq!(
        topic_many, topic_one,
        "a topic page is a fixed number of statements"
    );
    assert_eq!(
        topic_cold,
        topic_one + 1,
        "a topic page of shares read again"
    );
}

#[tokio::test]
async fn feed_and_topic_pages_cost_the_same_queries_whatever_they_hold() {
    let counter = QueryCounter::default();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::TRACE)
        .with(counter.clone());
    tracing::subscriber::set_global_default(subscriber).unwrap();
    pages_cost_the_same(TestDb::sqlite(), &counter).await;
    if let Some(db) = TestDb::postgres().await {
        pages_cost_the_same(db, &counter).await;
    }
}
