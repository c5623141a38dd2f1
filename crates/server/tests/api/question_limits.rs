//! 问大家's limits under parallel requests, on SQLite and PostgreSQL: an asker's daily
//! questions, a buyer's daily cap, one counted helpful mark per person.

use crate::helpers::{call, product, register, TestApp, TestDb};
use crate::on_each_database_threaded;
use crate::questions::{answer, ask, asked_of, detail, established, id};
use crate::shares::purchase;
use futures::future::join_all;

on_each_database_threaded!(
    fifty_parallel_questions_keep_the_asker_limit_and_the_buyer_cap,
    parallel_helpful_marks_count_each_person_once,
);

/// Ten distinct CJK characters per `i`, so no two texts share a bigram.
fn text(i: u32) -> String {
    (0..10)
        .map(|k| char::from_u32(0x4E00 + i * 16 + k).unwrap())
        .collect()
}

async fn fifty_parallel_questions_keep_the_asker_limit_and_the_buyer_cap(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "投影仪", "digital", 199900, true).await;
    let buyer = register(&app, "projector_owner", "password 123").await;
    purchase(&app, &buyer, p, true).await;
    // One asker, 10 at once (the burst their allowance lets through): exactly 5 a day.
    let asker = register(&app, "eager", "password 123").await;
    let results = join_all((0..10).map(|i| {
        let (app, asker) = (&app, &asker);
        async move { ask(app, asker, p, &text(i)).await }
    }))
    .await;
    let ok = results.iter().filter(|(s, _)| *s == 201).count();
    assert!(
        results
            .iter()
            .all(|(s, b)| *s == 201 || (*s == 429 && b["code"] == "daily_question_limit")),
        "{results:?}"
    );
    assert_eq!(ok, 5);
    // Fifty askers at once: the one buyer is sent exactly 3 (the first asker's took them).
    let mut askers = Vec::new();
    for _ in 0..50 {
        let id = crate::flow::account(&app, circle_api::Role::Shopper).await;
        askers.push(crate::flow::session(&app, id).await);
    }
    let results = join_all(askers.iter().enumerate().map(|(i, a)| {
        let app = &app;
        async move { ask(app, a, p, &text(100 + i as u32)).await }
    }))
    .await;
    assert!(results.iter().all(|(s, b)| *s == 201 || panic!("{b}")));
    assert_eq!(asked_of(&app, &buyer).await, 3);
    let routed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM question_routes WHERE user_id = $1")
        .bind(
            call(buyer.get(app.url("/api/v1/me"))).await.1["id"]
                .as_i64()
                .unwrap(),
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(routed, 3);
}

async fn parallel_helpful_marks_count_each_person_once(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let p = product(&app, "降噪耳机", "digital", 99900, true).await;
    let other = product(&app, "耳机套", "digital", 2900, true).await;
    let asker = register(&app, "listener", "password 123").await;
    let q = id(&ask(&app, &asker, p, "降噪效果怎么样").await.1);
    let buyer = register(&app, "audiophile", "password 123").await;
    purchase(&app, &buyer, p, true).await;
    let a = id(&answer(&app, &buyer, q, "地铁里几乎听不到").await.1);
    let mut fans = Vec::new();
    for _ in 0..5 {
        fans.push(established(&app, other).await);
    }
    let url = app.url(&format!("/api/v1/answers/{a}/helpful"));
    // Fifty marks at once, ten from each of five people: five count.
    let results = join_all((0..50).map(|i| call(fans[i % 5].put(&url)))).await;
    assert!(results.iter().all(|(s, _)| *s == 200), "{results:?}");
    let d = detail(&app, &asker, q).await;
    assert_eq!(d["answers"][0]["helpful_count"], 5);
    let votes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answer_votes WHERE answer_id = $1")
        .bind(a)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(votes, 5);
}
