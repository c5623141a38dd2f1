//! Likes and comments: one like per person, replies, which likes count for ranking,
//! and like rings losing their boost.

use crate::helpers::{call, product, register, Browser, TestApp, TestDb};
use crate::on_each_database;
use crate::shares::{purchase, share, DISTINCT};
use serde_json::json;

on_each_database!(
    likes_are_one_per_person_and_idempotent,
    comments_and_replies,
    only_likes_from_day_old_buyers_count_for_ranking,
    a_like_ring_loses_its_boost_and_honest_shares_keep_theirs,
);

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
