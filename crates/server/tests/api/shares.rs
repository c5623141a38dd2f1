//! Sharing: 已购 and ratings, limits, photos, edit window, likes, comments, the feed.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use circle_server::clock::DAY;
use serde_json::{json, Value};

on_each_database!(
    a_delivered_purchase_shares_with_badge_and_rating,
    ratings_need_a_delivered_unrated_order,
    one_share_per_product_per_day_with_retry_after,
    a_refund_withdraws_the_badge,
    bad_shares_are_refused_and_nothing_is_saved,
    uploads_are_checked_by_their_bytes,
    edit_window_is_fifteen_minutes_and_only_for_the_author,
    likes_are_one_per_person_and_idempotent,
    comments_and_replies,
    the_feed_shows_friends_followed_and_own_shares_and_collapses,
    a_deleted_share_leaves_every_feed,
    the_topic_page_counts_friends_and_verified_ratings,
    topic_followers_get_new_shares_and_profiles_list_shares,
    feed_pages_are_keyset_and_cap_two_cards_per_author,
    ten_shares_a_day_and_the_eleventh_waits_for_tomorrow,
    a_merchants_shares_of_its_own_products_are_ads_once_a_day,
    a_near_duplicate_of_a_recent_share_is_refused_with_its_reason,
    only_likes_from_day_old_buyers_count_for_ranking,
    a_like_ring_loses_its_boost_and_honest_shares_keep_theirs,
    accepting_a_friend_brings_their_earlier_shares_into_both_circles,
);

/// `who` buys `product` and (optionally) marks it delivered; returns the order id.
async fn purchase(app: &TestApp, who: &Browser, product: i64, deliver: bool) -> i64 {
    let key = format!("k{}", rand_suffix());
    let (status, order) = call(
        who.post(app.url("/api/v1/orders"))
            .header("idempotency-key", key)
            .json(&json!({"product_id": product, "quantity": 1})),
    )
    .await;
    assert_eq!(status, 201);
    let id = order["id"].as_i64().unwrap();
    if deliver {
        assert_eq!(
            call(who.post(app.url(&format!("/api/v1/orders/{id}/deliver"))))
                .await
                .0,
            200
        );
    }
    id
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

async fn share(app: &TestApp, who: &Browser, body: Value) -> (u16, Value) {
    call(who.post(app.url("/api/v1/shares")).json(&body)).await
}

async fn befriend(app: &TestApp, a: &Browser, b: &Browser, b_handle: &str) {
    let (_, req) = call(
        a.post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": b_handle})),
    )
    .await;
    let id = req["id"].as_i64().unwrap();
    assert_eq!(
        call(b.post(app.url(&format!("/api/v1/friend-requests/{id}/accept"))))
            .await
            .0,
        204
    );
}

async fn feed(app: &TestApp, who: &Browser) -> Value {
    call(who.get(app.url("/api/v1/feed"))).await.1
}

fn feed_share_ids(feed: &Value) -> Vec<i64> {
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["share"]["id"].as_i64().unwrap())
        .collect()
}

async fn a_delivered_purchase_shares_with_badge_and_rating(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    purchase(&app, &a, tea, true).await;
    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "  回甘很好  ", "rating": 5}),
    )
    .await;
    assert_eq!(status, 201, "{s}");
    assert_eq!(s["verified_purchase"], true);
    assert_eq!(s["rating"], 5);
    assert_eq!(s["text"], "回甘很好");
    assert_eq!(s["author"]["handle"], "anna");
    assert!(s["editable_until"].is_i64());
    let code = s["code"].as_str().unwrap();
    assert_eq!(code.len(), 12);
    let (status, public) =
        call(reqwest::Client::new().get(app.url(&format!("/api/v1/shares/{code}")))).await;
    assert_eq!(status, 200);
    assert_eq!(public["id"], s["id"]);
    assert!(
        public["editable_until"].is_null(),
        "only the author sees the edit window"
    );
    assert_eq!(
        call(reqwest::Client::new().get(app.url("/api/v1/shares/ZZZZZZZZZZZZ")))
            .await
            .0,
        404
    );
}

async fn ratings_need_a_delivered_unrated_order(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let (status, err) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "想买", "rating": 4}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("rating_not_allowed"))
    );
    purchase(&app, &a, tea, false).await;
    let (status, _) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "还没到", "rating": 4}),
    )
    .await;
    assert_eq!(status, 422, "a paid but undelivered order cannot rate");
    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "还没到货，先分享"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(s["verified_purchase"], false);
    assert!(s["rating"].is_null());
}

async fn one_share_per_product_per_day_with_retry_after(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let cup = product(&app, "杯子", "home", 8900, true).await;
    let a = register(&app, "anna", "password 123").await;
    purchase(&app, &a, tea, true).await;
    assert_eq!(
        share(
            &app,
            &a,
            json!({"product_id": tea, "text": "第一次", "rating": 5})
        )
        .await
        .0,
        201
    );
    let res = a
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": tea, "text": "第二次"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=86_400).contains(&retry));
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "share_limit");
    assert!(err["message"].as_str().unwrap().contains("today"));
    // Another product the same day is fine; the same product the next day too.
    assert_eq!(
        share(&app, &a, json!({"product_id": cup, "text": "杯子不错"}))
            .await
            .0,
        201
    );
    app.clock.advance(DAY);
    let (status, s) = share(&app, &a, json!({"product_id": tea, "text": "第二天再聊"})).await;
    assert_eq!(status, 201);
    assert_eq!(s["verified_purchase"], true);
    // The one delivered order was rated already.
    let (status, err) = share(
        &app,
        &a,
        json!({"product_id": cup, "text": "x", "rating": 3}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("rating_not_allowed"))
    );
    app.clock.advance(DAY);
    let (status, err) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "再评一次", "rating": 1}),
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("rating_not_allowed"))
    );
}

async fn a_refund_withdraws_the_badge(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let order = purchase(&app, &a, tea, true).await;
    let (_, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "好", "rating": 5}),
    )
    .await;
    assert_eq!(
        call(a.post(app.url(&format!("/api/v1/orders/{order}/refund"))))
            .await
            .0,
        200
    );
    let code = s["code"].as_str().unwrap();
    let (_, after) = call(a.get(app.url(&format!("/api/v1/shares/{code}")))).await;
    assert_eq!(after["verified_purchase"], false);
}

async fn bad_shares_are_refused_and_nothing_is_saved(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let fake = product(&app, "假货", "food", 100, false).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
    let (_, bert_photo) = call(
        b.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body(png),
    )
    .await;
    let cases = [
        (json!({"product_id": tea, "text": "   "}), 422, "text"),
        (
            json!({"product_id": tea, "text": "好".repeat(501)}),
            422,
            "text",
        ),
        (
            json!({"product_id": tea, "text": "好", "rating": 6}),
            422,
            "rating",
        ),
        (
            json!({"product_id": tea, "text": "好", "photo_ids": [1,2,3,4,5,6,7,8,9,10]}),
            422,
            "photo_ids",
        ),
        (
            json!({"product_id": tea, "text": "好", "photo_ids": [bert_photo["id"]]}),
            422,
            "photo_ids",
        ),
        (json!({"product_id": fake, "text": "好"}), 409, ""),
        (json!({"product_id": 99999, "text": "好"}), 404, ""),
    ];
    for (body, status, field) in cases {
        let (got, err) = share(&app, &a, body.clone()).await;
        assert_eq!(got, status, "{body}");
        if !field.is_empty() {
            assert_eq!(err["field"], field, "{body}");
        }
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shares")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
    let anonymous = Browser::new()
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": tea, "text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn uploads_are_checked_by_their_bytes(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
    let (status, up) = call(
        a.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body(png.clone()),
    )
    .await;
    assert_eq!(status, 201);
    let (status, err) = call(
        a.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/jpeg")
            .body(png),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (422, Some("bad_upload")));
    let (status, _) = call(
        a.post(app.url("/api/v1/uploads"))
            .header("content-type", "image/png")
            .body("<svg onload=alert(1)>"),
    )
    .await;
    assert_eq!(status, 422);
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let res = a
        .post(app.url("/api/v1/uploads"))
        .header("content-type", "image/png")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);

    let (status, s) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "有图", "photo_ids": [up["id"]]}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(s["photos"], json!([up["url"]]));
    let photo = reqwest::get(app.url(up["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(photo.headers()["content-type"], "image/png");
    // A photo belongs to one share.
    app.clock.advance(DAY);
    let (status, _) = share(
        &app,
        &a,
        json!({"product_id": tea, "text": "同一张图", "photo_ids": [up["id"]]}),
    )
    .await;
    assert_eq!(status, 422);
}

async fn edit_window_is_fifteen_minutes_and_only_for_the_author(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let (_, s) = share(&app, &a, json!({"product_id": tea, "text": "初稿"})).await;
    let id = s["id"].as_i64().unwrap();
    let path = format!("/api/v1/shares/id/{id}");
    assert_eq!(
        call(b.patch(app.url(&path)).json(&json!({"text": "篡改"})))
            .await
            .0,
        404
    );
    assert_eq!(call(b.delete(app.url(&path))).await.0, 404);
    app.clock.advance(14 * 60 * 1000);
    let (status, edited) = call(a.patch(app.url(&path)).json(&json!({"text": "改好了"}))).await;
    assert_eq!(status, 200);
    assert_eq!(edited["text"], "改好了");
    assert!(edited["edited_at"].is_i64());
    app.clock.advance(2 * 60 * 1000);
    let (status, err) = call(a.patch(app.url(&path)).json(&json!({"text": "太晚了"}))).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (409, Some("edit_window_closed"))
    );
    assert_eq!(call(a.delete(app.url(&path))).await.0, 204);
    let code = s["code"].as_str().unwrap();
    assert_eq!(
        call(a.get(app.url(&format!("/api/v1/shares/{code}"))))
            .await
            .0,
        404
    );
    assert_eq!(call(a.delete(app.url(&path))).await.0, 404);
}

async fn likes_are_one_per_person_and_idempotent(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let c = register(&app, "carl", "password 123").await;
    let (_, s) = share(&app, &a, json!({"product_id": tea, "text": "好"})).await;
    let path = format!("/api/v1/shares/id/{}/like", s["id"]);
    for _ in 0..2 {
        let (status, state) = call(b.put(app.url(&path))).await;
        assert_eq!(status, 200);
        // Fresh accounts: the like shows, but counts for nothing in ranking.
        assert_eq!(
            state,
            json!({"liked": true, "like_count": 1, "buyer_like_count": 0})
        );
    }
    assert_eq!(call(c.put(app.url(&path))).await.1["like_count"], 2);
    for _ in 0..2 {
        assert_eq!(
            call(b.delete(app.url(&path))).await.1,
            json!({"liked": false, "like_count": 1, "buyer_like_count": 0})
        );
    }
    let code = s["code"].as_str().unwrap();
    let (_, seen_by_c) = call(c.get(app.url(&format!("/api/v1/shares/{code}")))).await;
    assert_eq!(seen_by_c["liked_by_me"], true);
    assert_eq!(call(Browser::new().put(app.url(&path))).await.0, 401);
    assert_eq!(
        call(b.put(app.url("/api/v1/shares/id/424242/like")))
            .await
            .0,
        404
    );
}

async fn comments_and_replies(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let tea = product(&app, "普洱", "food", 12800, true).await;
    let cup = product(&app, "杯子", "home", 8900, true).await;
    let a = register(&app, "anna", "password 123").await;
    let b = register(&app, "bert", "password 123").await;
    let (_, s) = share(&app, &a, json!({"product_id": tea, "text": "好"})).await;
    let (_, other) = share(&app, &a, json!({"product_id": cup, "text": "也好"})).await;
    let path = format!("/api/v1/shares/id/{}/comments", s["id"]);
    let (status, q) = call(
        b.post(app.url(&path))
            .json(&json!({"text": "多少钱买的？"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(q["author"]["handle"], "bert");
    let (status, reply) = call(
        a.post(app.url(&path))
            .json(&json!({"text": "128", "parent_id": q["id"]})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(reply["parent_id"], q["id"]);
    let other_path = format!("/api/v1/shares/id/{}/comments", other["id"]);
    let (status, err) = call(
        a.post(app.url(&other_path))
            .json(&json!({"text": "串楼", "parent_id": q["id"]})),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (422, Some("parent_id")));
    assert_eq!(
        call(a.post(app.url(&path)).json(&json!({"text": " "})))
            .await
            .0,
        422
    );

    let (_, list) = call(reqwest::Client::new().get(app.url(&path))).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let code = s["code"].as_str().unwrap();
    assert_eq!(
        call(a.get(app.url(&format!("/api/v1/shares/{code}"))))
            .await
            .1["comment_count"],
        2
    );
    // Only the author of a comment deletes it.
    assert_eq!(
        call(a.delete(app.url(&format!("/api/v1/comments/{}", q["id"]))))
            .await
            .0,
        404
    );
    assert_eq!(
        call(b.delete(app.url(&format!("/api/v1/comments/{}", q["id"]))))
            .await
            .0,
        204
    );
    let (_, list) = call(b.get(app.url(&path))).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        call(a.get(app.url(&format!("/api/v1/shares/{code}"))))
            .await
            .1["comment_count"],
        1
    );
}

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
    call(a.post(app.url(&format!("/api/v1/orders/{a_order}/refund")))).await;
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

/// Eleven texts that do not repeat each other.
const DISTINCT: [&str; 11] = [
    "回甘很明显，冲了五六泡还有味道",
    "降噪效果比预期好，地铁上安静多了",
    "质地清爽不黏腻，用了两周脸不干",
    "纯棉很软，洗了几次没起球",
    "颜色和图片一致，睡感不错",
    "充电很快，出差带一个就够",
    "碗底有吸盘，宝宝打不翻",
    "跑了十公里脚不累，鞋底回弹好",
    "速干效果明显，夏天穿很舒服",
    "香味淡淡的，放在卧室刚好",
    "餐具釉面光滑，洗碗机也能用",
];

async fn ten_shares_a_day_and_the_eleventh_waits_for_tomorrow(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = register(&app, "busy", "password 123").await;
    let mut products = Vec::new();
    for i in 0..12 {
        products.push(product(&app, &format!("好物{i}"), "home", 1000, true).await);
    }
    for (i, p) in products.iter().take(10).enumerate() {
        let (status, body) =
            share(&app, &author, json!({"product_id": p, "text": DISTINCT[i]})).await;
        assert_eq!(status, 201, "share {}: {body}", i + 1);
    }
    let res = author
        .post(app.url("/api/v1/shares"))
        .json(&json!({"product_id": products[10], "text": DISTINCT[10]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 24 * 3600);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "daily_share_limit");
    assert!(body["message"].as_str().unwrap().contains("10"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shares")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(count, 10, "the refused share was not saved");
    app.clock.advance(DAY);
    let (status, _) = share(
        &app,
        &author,
        json!({"product_id": products[10], "text": DISTINCT[10]}),
    )
    .await;
    assert_eq!(status, 201, "a new day, a new allowance");
}

async fn a_merchants_shares_of_its_own_products_are_ads_once_a_day(db: TestDb) {
    use circle_server::{clock::Clock, store::catalog};
    let app = TestApp::spawn(db).await;
    let seller = register(&app, "seller", "password 123").await;
    let (_, me) = call(seller.get(app.url("/api/v1/me"))).await;
    let seller_id = me["id"].as_i64().unwrap();
    let now = app.clock.now();
    let merchant = catalog::insert_merchant(
        &mut app.store.read().await.unwrap(),
        "卖家自营店",
        true,
        Some(seller_id),
        now,
    )
    .await
    .unwrap();
    let mut own = Vec::new();
    for title in ["自营茶叶", "自营茶具"] {
        own.push(
            catalog::insert_product(
                &mut app.store.read().await.unwrap(),
                catalog::NewProduct {
                    merchant_id: merchant,
                    title,
                    category: "food",
                    price_cents: 5000,
                    commission_bp: 500,
                    image_id: None,
                },
                now,
            )
            .await
            .unwrap(),
        );
    }
    let (status, ad) = share(
        &app,
        &seller,
        json!({"product_id": own[0], "text": DISTINCT[0]}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(ad["is_ad"], true);
    let (status, err) = share(
        &app,
        &seller,
        json!({"product_id": own[1], "text": DISTINCT[1]}),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (429, Some("ad_limit")));
    // Someone else's product is an ordinary share, and the same merchant's product
    // shared by a shopper is no ad.
    let other = product(&app, "别家的杯子", "home", 3000, true).await;
    let (status, plain) = share(
        &app,
        &seller,
        json!({"product_id": other, "text": DISTINCT[2]}),
    )
    .await;
    assert_eq!((status, plain["is_ad"].as_bool()), (201, Some(false)));
    let shopper = register(&app, "shopper", "password 123").await;
    let (status, s) = share(
        &app,
        &shopper,
        json!({"product_id": own[1], "text": DISTINCT[3]}),
    )
    .await;
    assert_eq!((status, s["is_ad"].as_bool()), (201, Some(false)));
    app.clock.advance(DAY);
    let (status, _) = share(
        &app,
        &seller,
        json!({"product_id": own[1], "text": DISTINCT[4]}),
    )
    .await;
    assert_eq!(status, 201, "one ad a day");
}

async fn a_near_duplicate_of_a_recent_share_is_refused_with_its_reason(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = register(&app, "copier", "password 123").await;
    let a = product(&app, "保温杯A", "home", 1000, true).await;
    let b = product(&app, "保温杯B", "home", 1000, true).await;
    let text = "这款保温杯真的很好用，早上灌的热水到下午还是烫的，杯盖也不漏水。";
    assert_eq!(
        share(&app, &author, json!({"product_id": a, "text": text}))
            .await
            .0,
        201
    );
    app.clock.advance(DAY);
    let nearly = "这款保温杯真的很好用！早上灌的热水到晚上还是烫的，杯盖也不漏水";
    let (status, err) = share(&app, &author, json!({"product_id": b, "text": nearly})).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("near_duplicate"))
    );
    assert!(err["message"].as_str().unwrap().contains("7 days"));
    // Something new about it is fine; so is the old text a week later; and another
    // person may say the same.
    let (status, _) = share(
        &app,
        &author,
        json!({"product_id": b, "text": "杯子B的盖子更紧，适合放包里"}),
    )
    .await;
    assert_eq!(status, 201);
    let other = register(&app, "other", "password 123").await;
    assert_eq!(
        share(&app, &other, json!({"product_id": a, "text": text}))
            .await
            .0,
        201
    );
    app.clock.advance(7 * DAY);
    let c = product(&app, "保温杯C", "home", 1000, true).await;
    assert_eq!(
        share(&app, &author, json!({"product_id": c, "text": nearly}))
            .await
            .0,
        201
    );
}

async fn only_likes_from_day_old_buyers_count_for_ranking(db: TestDb) {
    use circle_server::domain::feed::LIKE_BOOST;
    let app = TestApp::spawn(db).await;
    let author = register(&app, "author", "password 123").await;
    let p = product(&app, "点赞测试品", "home", 1000, true).await;
    let (_, s) = share(
        &app,
        &author,
        json!({"product_id": p, "text": "看看谁的赞算数"}),
    )
    .await;
    let id = s["id"].as_i64().unwrap();
    let rank = || async {
        sqlx::query_scalar::<_, i64>("SELECT MAX(rank) FROM timeline WHERE share_id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    let like = |who: &Browser, on: bool| {
        let url = app.url(&format!("/api/v1/shares/id/{id}/like"));
        let req = if on { who.put(url) } else { who.delete(url) };
        async move { call(req).await.1 }
    };
    let buyer = register(&app, "old_buyer", "password 123").await;
    purchase(&app, &buyer, p, true).await;
    let lurker = register(&app, "old_lurker", "password 123").await;
    app.clock.advance(25 * 3600 * 1000);
    let newcomer = register(&app, "new_buyer", "password 123").await;
    purchase(&app, &newcomer, p, true).await;
    let start = rank().await;

    // A day-old account with a delivered order: counts.
    let state = like(&buyer, true).await;
    assert_eq!(
        (
            state["like_count"].as_i64(),
            state["buyer_like_count"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(rank().await, start + LIKE_BOOST);
    // No delivered order, or younger than a day: shown in the total, worth nothing.
    let state = like(&lurker, true).await;
    assert_eq!(
        (
            state["like_count"].as_i64(),
            state["buyer_like_count"].as_i64()
        ),
        (Some(2), Some(1))
    );
    let state = like(&newcomer, true).await;
    assert_eq!(
        (
            state["like_count"].as_i64(),
            state["buyer_like_count"].as_i64()
        ),
        (Some(3), Some(1))
    );
    assert_eq!(rank().await, start + LIKE_BOOST);
    let (_, view) =
        call(author.get(app.url(&format!("/api/v1/shares/{}", s["code"].as_str().unwrap())))).await;
    assert_eq!(
        (
            view["like_count"].as_i64(),
            view["buyer_like_count"].as_i64()
        ),
        (Some(3), Some(1))
    );
    // Unliking takes back exactly what the like gave.
    like(&lurker, false).await;
    assert_eq!(rank().await, start + LIKE_BOOST);
    let state = like(&buyer, false).await;
    assert_eq!(
        (
            state["like_count"].as_i64(),
            state["buyer_like_count"].as_i64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(rank().await, start);
}

async fn a_like_ring_loses_its_boost_and_honest_shares_keep_theirs(db: TestDb) {
    use circle_server::{clock::Clock, domain::feed::LIKE_BOOST, service::jobs};
    let app = TestApp::spawn(db).await;
    // Everyone has bought something and is a day old, so every like counts at first.
    let mut ring = Vec::new();
    for i in 0..4 {
        let who = register(&app, &format!("ring{i}"), "password 123").await;
        let p = product(&app, &format!("刷单品{i}"), "home", 1000, true).await;
        purchase(&app, &who, p, true).await;
        ring.push((who, p));
    }
    let honest = register(&app, "honest", "password 123").await;
    let hp = product(&app, "真心推荐", "home", 1000, true).await;
    purchase(&app, &honest, hp, true).await;
    let mut fans = Vec::new();
    for i in 0..3 {
        let fan = register(&app, &format!("fan{i}"), "password 123").await;
        purchase(&app, &fan, hp, true).await;
        fans.push(fan);
    }
    app.clock.advance(25 * 3600 * 1000);
    let mut ring_shares = Vec::new();
    for (i, (who, p)) in ring.iter().enumerate() {
        let (_, s) = share(&app, who, json!({"product_id": p, "text": DISTINCT[i]})).await;
        ring_shares.push(s["id"].as_i64().unwrap());
    }
    let (_, hs) = share(
        &app,
        &honest,
        json!({"product_id": hp, "text": DISTINCT[8]}),
    )
    .await;
    let honest_share = hs["id"].as_i64().unwrap();
    let pool = app.store.pool().clone();
    let base = |id: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT MAX(rank) FROM timeline WHERE share_id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let ring_base = base(ring_shares[0]).await;
    let honest_base = base(honest_share).await;

    // The ring likes each other's shares (everyone's, a few times over two days of
    // posts would be the same); the fans like the honest share and get nothing back.
    for (i, (who, _)) in ring.iter().enumerate() {
        for (j, id) in ring_shares.iter().enumerate() {
            if i != j {
                call(who.put(app.url(&format!("/api/v1/shares/id/{id}/like")))).await;
            }
        }
    }
    // More ring shares, liked all round, so each member gives enough likes to be judged.
    let mut more = Vec::new();
    for (i, (who, _)) in ring.iter().enumerate() {
        let p = product(&app, &format!("刷单品二{i}"), "home", 1000, true).await;
        let (_, s) = share(&app, who, json!({"product_id": p, "text": DISTINCT[4 + i]})).await;
        more.push(s["id"].as_i64().unwrap());
    }
    for (i, (who, _)) in ring.iter().enumerate() {
        for (j, id) in more.iter().enumerate() {
            if i != j {
                call(who.put(app.url(&format!("/api/v1/shares/id/{id}/like")))).await;
            }
        }
    }
    for fan in &fans {
        call(fan.put(app.url(&format!("/api/v1/shares/id/{honest_share}/like")))).await;
    }
    assert_eq!(
        base(ring_shares[0]).await,
        ring_base + 3 * LIKE_BOOST,
        "boosted at first"
    );
    assert_eq!(base(honest_share).await, honest_base + 3 * LIKE_BOOST);

    let run = jobs::run_jobs(&app.store, app.clock.now()).await.unwrap();
    assert_eq!(run.ring_members, 4);
    for id in ring_shares.iter().chain(&more) {
        let (count, buyers): (i64, i64) = {
            let row: (i64, i64) =
                sqlx::query_as("SELECT like_count, buyer_like_count FROM shares WHERE id = $1")
                    .bind(*id)
                    .fetch_one(app.store.pool())
                    .await
                    .unwrap();
            row
        };
        assert_eq!(
            (count, buyers),
            (3, 0),
            "share {id}: likes still shown, none counted"
        );
    }
    assert_eq!(
        base(ring_shares[0]).await,
        ring_base,
        "the ring's boost is gone"
    );
    assert_eq!(
        base(honest_share).await,
        honest_base + 3 * LIKE_BOOST,
        "honest shares keep theirs"
    );
    // A flagged account's new likes count for nothing either.
    let (_, state) = call(
        ring[0]
            .0
            .put(app.url(&format!("/api/v1/shares/id/{honest_share}/like"))),
    )
    .await;
    assert_eq!(
        (
            state["like_count"].as_i64(),
            state["buyer_like_count"].as_i64()
        ),
        (Some(4), Some(3))
    );
    assert_eq!(
        jobs::run_jobs(&app.store, app.clock.now())
            .await
            .unwrap()
            .ring_members,
        0
    );
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
