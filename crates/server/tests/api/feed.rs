//! The circle and topic pages: who sees which shares, collapsing, keyset pages with
//! two cards per author, topic follows, friends' earlier shares.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use crate::shares::{befriend, feed, feed_share_ids, purchase, share};
use serde_json::json;

on_each_database!(
    the_feed_shows_friends_followed_and_own_shares_and_collapses,
    a_deleted_share_leaves_every_feed,
    the_topic_page_counts_friends_and_verified_ratings,
    topic_followers_get_new_shares_and_profiles_list_shares,
    feed_pages_are_keyset_and_cap_two_cards_per_author,
    cards_led_from_past_the_first_rows_read_their_versions_and_likes,
    accepting_a_friend_brings_their_earlier_shares_into_both_circles,
);

async fn the_feed_shows_friends_followed_and_own_shares_and_collapses(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let cup = product(&app, "杯子", "home", 8900, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let c = register(&app, "carl", "password 123").await;
    let fan = register(&app, "fan", "password 123").await;
    let stranger = register(&app, "stranger", "password 123").await;
    befriend(&app, &a, &b, "bert").await;
    befriend(&app, &c, &b, "bert").await;
    assert_eq!(call(fan.put(app.url("/api/v1/follows/anna"))).await.0, 204);

    let (_, sa) = share(&app, &a, json!({"product_id": tea, "text": "A 的普洱"})).await;
    app.clock.advance(60_000);
    let (_, sc) = share(&app, &c, json!({"product_id": tea, "text": "C 的普洱"})).await;
    app.clock.advance(60_000);
    let (_, sa2) = share(&app, &a, json!({"product_id": cup, "text": "A 的杯子"})).await;

    let b_feed = feed(&app, &b).await;
    assert_eq!(
        feed_share_ids(&b_feed),
        [sa2["id"].as_i64().unwrap(), sc["id"].as_i64().unwrap()]
    );
    assert_eq!(
        b_feed["items"][1]["also"][0]["handle"], "anna",
        "two friends' tea shares are one card"
    );
    assert_eq!(
        feed_share_ids(&feed(&app, &fan).await),
        [sa2["id"].as_i64().unwrap(), sa["id"].as_i64().unwrap()]
    );
    assert_eq!(
        feed_share_ids(&feed(&app, &a).await).len(),
        2,
        "own shares are in one's circle"
    );
    assert!(feed_share_ids(&feed(&app, &stranger).await).is_empty());
    assert_eq!(
        call(Browser::new().get(app.url("/api/v1/feed"))).await.0,
        401
    );
    assert_eq!(
        call(b.get(app.url("/api/v1/feed?after=nonsense"))).await.0,
        422
    );
}

async fn a_deleted_share_leaves_every_feed(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    befriend(&app, &a, &b, "bert").await;
    let (_, s) = share(&app, &a, json!({"product_id": tea, "text": "好"})).await;
    assert_eq!(feed_share_ids(&feed(&app, &b).await).len(), 1);
    assert_eq!(
        call(a.delete(app.url(&format!("/api/v1/shares/id/{}", s["id"]))))
            .await
            .0,
        204
    );
    assert!(feed_share_ids(&feed(&app, &b).await).is_empty());
}

async fn the_topic_page_counts_friends_and_verified_ratings(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let c = register(&app, "carl", "password 123").await;
    befriend(&app, &a, &b, "bert").await;
    let a_order = purchase(&app, &a, tea, true).await;
    purchase(&app, &c, tea, true).await;
    let (_, sc) = share(
        &app,
        &c,
        json!({"product_id": tea, "text": "一般", "rating": 2}),
    )
    .await;
    let (_, sa) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "好喝", "rating": 4}),
    )
    .await;
    // C's share has more likes, but B's friend A comes first.
    call(b.put(app.url(&format!("/api/v1/shares/id/{}/like", sc["id"])))).await;

    let path = format!("/api/v1/products/{tea}/topic");
    let (status, topic) = call(b.get(app.url(&path))).await;
    assert_eq!(status, 200);
    assert_eq!(topic["friends_bought"], 1);
    assert_eq!(topic["friends_bought_sample"][0]["handle"], "anna");
    assert_eq!(topic["rating_count"], 2);
    assert_eq!(topic["rating_avg_centi"], 300);
    assert_eq!(topic["shares"][0]["id"], sa["id"]);
    assert_eq!(topic["shares"][1]["id"], sc["id"]);
    let (_, anonymous) = call(reqwest::Client::new().get(app.url(&path))).await;
    assert_eq!(anonymous["friends_bought"], 0);

    // A refund takes the rating out of the average and A out of "friends who bought".
    crate::flow::return_and_refund(&app, &a, a_order).await;
    let (_, topic) = call(b.get(app.url(&path))).await;
    assert_eq!(topic["rating_count"], 1);
    assert_eq!(topic["rating_avg_centi"], 200);
    assert_eq!(topic["friends_bought"], 0);
    // Deleting a rated share withdraws its rating too.
    let delete = c.delete(app.url(&format!("/api/v1/shares/id/{}", sc["id"])));
    assert_eq!(call(delete).await.0, 204);
    let (_, topic) = call(b.get(app.url(&path))).await;
    assert_eq!(topic["rating_count"], 0);
    assert!(topic["rating_avg_centi"].is_null());
    assert_eq!(
        call(b.get(app.url("/api/v1/products/99999/topic"))).await.0,
        404
    );
}

async fn topic_followers_get_new_shares_and_profiles_list_shares(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let watcher = register(&app, "watcher", "password 123").await;
    for _ in 0..2 {
        assert_eq!(
            call(watcher.put(app.url(&format!("/api/v1/products/{tea}/follow"))))
                .await
                .0,
            204
        );
    }
    let (_, topic) = call(watcher.get(app.url(&format!("/api/v1/products/{tea}/topic")))).await;
    assert_eq!(
        (topic["following"].as_bool(), topic["followers"].as_i64()),
        (Some(true), Some(1))
    );
    let (_, s) = share(&app, &a, json!({"product_id": tea, "text": "新茶到了"})).await;
    assert_eq!(
        feed_share_ids(&feed(&app, &watcher).await),
        [s["id"].as_i64().unwrap()]
    );
    assert_eq!(
        call(watcher.delete(app.url(&format!("/api/v1/products/{tea}/follow"))))
            .await
            .0,
        204
    );
    assert_eq!(
        call(watcher.put(app.url("/api/v1/products/99999/follow")))
            .await
            .0,
        404
    );

    let (_, list) = call(reqwest::Client::new().get(app.url("/api/v1/people/anna/shares"))).await;
    assert_eq!(list["items"][0]["id"], s["id"]);
    assert_eq!(
        call(reqwest::Client::new().get(app.url("/api/v1/people/ghost/shares")))
            .await
            .0,
        404
    );
}

async fn feed_pages_are_keyset_and_cap_two_cards_per_author(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reader = register(&app, "reader", "password 123").await;
    let mut expected = Vec::new();
    for i in 0..23 {
        let tea = product(&app, &format!("茶{i}"), "food", 1000, true).await;
        let handle = format!("author{i:02}");
        let author = register(&app, &handle, "password 123").await;
        assert_eq!(
            call(reader.put(app.url(&format!("/api/v1/follows/{handle}"))))
                .await
                .0,
            204
        );
        app.clock.advance(1000);
        let (_, s) = share(
            &app,
            &author,
            json!({"product_id": tea, "text": format!("第{i}条")}),
        )
        .await;
        expected.push(s["id"].as_i64().unwrap());
    }
    // One prolific author: three shares, of which only two fit on a page.
    let prolific = register(&app, "prolific", "password 123").await;
    call(reader.put(app.url("/api/v1/follows/prolific"))).await;
    for i in 0..3 {
        let p = product(&app, &format!("杯{i}"), "home", 1000, true).await;
        app.clock.advance(1000);
        let (_, s) = share(
            &app,
            &prolific,
            json!({"product_id": p, "text": format!("杯子{i}")}),
        )
        .await;
        // The third is held back by the cap, and must come on the next page.
        expected.push(s["id"].as_i64().unwrap());
    }
    let first = feed(&app, &reader).await;
    let first_ids = feed_share_ids(&first);
    assert_eq!(first_ids.len(), 20);
    let by_prolific = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["share"]["author"]["handle"] == "prolific")
        .count();
    assert_eq!(by_prolific, 2, "at most two cards per author in a page");
    let next = first["next"].as_str().unwrap().to_owned();
    // A new share after the first page does not shift the second page.
    let late = register(&app, "late", "password 123").await;
    call(reader.put(app.url("/api/v1/follows/late"))).await;
    let p = product(&app, "新品", "home", 1000, true).await;
    share(&app, &late, json!({"product_id": p, "text": "新的"})).await;
    let (_, second) = call(reader.get(app.url(&format!("/api/v1/feed?after={next}")))).await;
    let second_ids = feed_share_ids(&second);
    assert!(second["next"].is_null());
    let mut all: Vec<i64> = first_ids.iter().chain(second_ids.iter()).copied().collect();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n, "no share twice");
    for id in &expected {
        assert!(all.contains(id), "followed share {id} is on a page");
    }
    // The late share ranks above the first page's cursor: it waits for a refresh.
    assert_eq!(n, expected.len(), "every share once");
}

/// A prolific author's rows come first and all but two are deferred, so the page's last
/// cards are led by rows past the first `LEAD_ROWS`, whose versions the timeline query
/// does not read: they are read apart, and the reader's likes show on both kinds.
async fn cards_led_from_past_the_first_rows_read_their_versions_and_likes(db: TestDb) {
    use circle_server::domain::feed::{LEAD_ROWS, PAGE_CARDS};
    // Ten characters no other of the author's texts shares (the near-duplicate rule).
    let distinct = |i: u32| -> String {
        (0..10)
            .filter_map(|k| char::from_u32(0x4E00 + i * 16 + k))
            .collect()
    };
    let app = TestApp::spawn(db).await;
    let reader = register(&app, "reader", "password 123").await;
    let mut others = Vec::new();
    for i in 0..20 {
        let tea = product(&app, &format!("茶{i}"), "food", 1000, true).await;
        let handle = format!("author{i:02}");
        let author = register(&app, &handle, "password 123").await;
        let path = format!("/api/v1/follows/{handle}");
        assert_eq!(call(reader.put(app.url(&path))).await.0, 204);
        app.clock.advance(1000);
        let (status, s) = share(
            &app,
            &author,
            json!({"product_id": tea, "text": format!("第{i}条")}),
        )
        .await;
        assert_eq!(status, 201, "{s}");
        others.push(s["id"].as_i64().unwrap());
    }
    let prolific = register(&app, "prolific", "password 123").await;
    assert_eq!(
        call(reader.put(app.url("/api/v1/follows/prolific")))
            .await
            .0,
        204
    );
    for i in 0..15 {
        if i == 10 {
            // Ten shares a day at most.
            app.clock.advance(circle_server::clock::DAY);
        }
        let p = product(&app, &format!("杯{i}"), "home", 1000, true).await;
        app.clock.advance(1000);
        let (status, s) = share(
            &app,
            &prolific,
            json!({"product_id": p, "text": distinct(i)}),
        )
        .await;
        assert_eq!(status, 201, "{s}");
    }
    // Rows 0–14 are the prolific author's (two cards), then the others newest first:
    // `others[5]` is row 29, inside the rows read with their versions, and `others[2]`,
    // the page's last card, row 32, past them.
    assert_eq!(LEAD_ROWS, 30);
    let (near, far) = (others[5], others[2]);
    for id in [near, far] {
        let path = format!("/api/v1/shares/id/{id}/like");
        assert_eq!(call(reader.put(app.url(&path))).await.0, 200);
    }
    for round in 0..2 {
        // The first read hydrates every share; the second shows them as kept.
        let page = feed(&app, &reader).await;
        let cards = page["items"].as_array().unwrap();
        assert_eq!(cards.len(), PAGE_CARDS, "round {round}: {page}");
        assert_eq!(cards.last().unwrap()["share"]["id"], far, "round {round}");
        for card in cards {
            let id = card["share"]["id"].as_i64().unwrap();
            let liked = id == near || id == far;
            assert_eq!(
                card["share"]["liked_by_me"], liked,
                "round {round}: share {id}"
            );
            assert_eq!(
                card["share"]["like_count"],
                i64::from(liked),
                "round {round}: share {id}"
            );
        }
    }
}

async fn accepting_a_friend_brings_their_earlier_shares_into_both_circles(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let p = product(&app, "老分享", "home", 1000, true).await;
    let q = product(&app, "另一件", "home", 1000, true).await;
    let (_, sa) = share(
        &app,
        &a,
        json!({"product_id": p, "text": "认识之前就分享了"}),
    )
    .await;
    let (_, sb) = share(&app, &b, json!({"product_id": q, "text": "我也早就分享过"})).await;
    // B asks, A accepts (the /accept path, not the mutual-request one).
    befriend(&app, &b, &a, "anna").await;
    assert!(feed_share_ids(&feed(&app, &b).await).contains(&sa["id"].as_i64().unwrap()));
    assert!(feed_share_ids(&feed(&app, &a).await).contains(&sb["id"].as_i64().unwrap()));
}
