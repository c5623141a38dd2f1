//! Rate limits: each at its boundary, with 429 + Retry-After, per account and across
//! server processes on one database.

use crate::helpers::{call, product, register, retry_after, Browser, TestApp, TestDb};
use crate::on_each_database;
use circle_server::clock::SECOND;
use serde_json::{json, Value};

on_each_database!(
    sixty_likes_a_minute_then_429_with_retry_after,
    login_attempts_are_throttled_per_handle_before_the_password_is_checked,
    twenty_comments_a_minute,
    login_throttling_holds_across_two_server_processes,
    thirty_friend_requests_an_hour,
    ten_reports_an_hour,
);

async fn a_share(app: &TestApp, who: &Browser) -> i64 {
    let p = product(app, "限流用商品", "home", 1000, true).await;
    let (status, s) = call(
        who.post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "限流测试"})),
    )
    .await;
    assert_eq!(status, 201);
    s["id"].as_i64().unwrap()
}

async fn sixty_likes_a_minute_then_429_with_retry_after(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = register(&app, "author", "password 123").await;
    let id = a_share(&app, &author).await;
    let fan = register(&app, "fan", "password 123").await;
    let like = || fan.put(app.url(&format!("/api/v1/shares/id/{id}/like")));
    for n in 1..=60 {
        assert_eq!(like().send().await.unwrap().status(), 200, "like {n}");
    }
    let res = like().send().await.unwrap();
    assert_eq!(res.status(), 429);
    assert_eq!(res.headers()["retry-after"], "1");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert!(body["message"].as_str().unwrap().contains("likes"));
    // Another person is not affected; and a second later the fan may like again.
    assert_eq!(
        call(author.put(app.url(&format!("/api/v1/shares/id/{id}/like"))))
            .await
            .0,
        200
    );
    app.clock.advance(SECOND);
    assert_eq!(like().send().await.unwrap().status(), 200);
    assert_eq!(like().send().await.unwrap().status(), 429);
    // Nothing was lost: the like counted once.
    let count: i64 = sqlx::query_scalar("SELECT like_count FROM shares WHERE id = $1")
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(count, 2, "the fan's like and the author's");
    // Once the allowance is full again the key is forgotten (the table stays small).
    let keys = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM rate_limits WHERE key LIKE 'like:%'")
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    assert!(keys().await > 0);
    app.clock.advance(2 * 60 * SECOND);
    use circle_server::clock::Clock;
    circle_server::service::jobs::run_jobs(&app.store, app.clock.now())
        .await
        .unwrap();
    assert_eq!(keys().await, 0);
}

async fn twenty_comments_a_minute(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let author = register(&app, "author", "password 123").await;
    let id = a_share(&app, &author).await;
    let comment = |n: i32| {
        author
            .post(app.url(&format!("/api/v1/shares/id/{id}/comments")))
            .json(&json!({"text": format!("第{n}条评论")}))
    };
    for n in 1..=20 {
        assert_eq!(call(comment(n)).await.0, 201, "comment {n}");
    }
    let (status, err) = call(comment(21)).await;
    assert_eq!((status, err["code"].as_str()), (429, Some("rate_limited")));
    app.clock.advance(3 * SECOND);
    assert_eq!(call(comment(22)).await.0, 201);
}

async fn login_attempts_are_throttled_per_handle_before_the_password_is_checked(db: TestDb) {
    let app = TestApp::spawn(db).await;
    register(&app, "victim", "password 123").await;
    let attacker = Browser::new();
    let login = |password: &str| {
        attacker
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"handle": "victim", "password": password}))
    };
    for n in 1..=10 {
        assert_eq!(call(login("wrong guess")).await.0, 401, "attempt {n}");
    }
    let res = login("password 123").send().await.unwrap();
    assert_eq!(res.status(), 429, "even the right password waits");
    let retry: u64 = retry_after(&res);
    assert_eq!(retry, 90, "one attempt per 90 s after the first ten");
    // The owner, from the same address, is throttled too (10 attempts per handle and
    // address; from elsewhere the owner gets in — `trust_limits.rs`) until the wait is over.
    app.clock.advance(90 * SECOND);
    assert_eq!(call(login("password 123")).await.0, 200);
}

async fn login_throttling_holds_across_two_server_processes(db: TestDb) {
    use crate::processes::Server;
    let one = Server::start(db.url());
    let two = Server::start(db.url());
    let client = Browser::new();
    let res = client
        .post(format!("{}/api/v1/auth/register", one.base))
        .json(&json!({"handle": "shared_victim", "display_name": "双进程", "password": "password 123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // Ten wrong guesses spread over both processes use up the handle's allowance…
    for n in 0..10 {
        let base = if n % 2 == 0 { &one.base } else { &two.base };
        let res = Browser::new()
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"handle": "shared_victim", "password": "wrong guess"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "attempt {n} through {base}");
    }
    // …so the eleventh is refused by either of them.
    for base in [&one.base, &two.base] {
        let res = Browser::new()
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"handle": "shared_victim", "password": "password 123"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "through {base}");
        assert!(res.headers().contains_key("retry-after"));
    }
}

async fn thirty_friend_requests_an_hour(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let asker = register(&app, "asker", "password 123").await;
    for i in 0..31 {
        // Straight into the store: 31 registrations would hit the per-IP sign-up limit.
        circle_server::store::users::insert(
            &mut app.store.conn().await.unwrap(),
            circle_server::store::users::NewUser {
                handle: &format!("target{i}"),
                display_name: "目标",
                password_hash: "x",
                role: circle_api::Role::Shopper,
                created_at: 0,
            },
        )
        .await
        .unwrap();
    }
    let ask = |i: i32| {
        asker
            .post(app.url("/api/v1/friend-requests"))
            .json(&json!({"to_handle": format!("target{i}")}))
    };
    for i in 0..30 {
        assert_eq!(call(ask(i)).await.0, 201, "request {}", i + 1);
    }
    let (status, err) = call(ask(30)).await;
    assert_eq!((status, err["code"].as_str()), (429, Some("rate_limited")));
    assert!(err["message"].as_str().unwrap().contains("friend requests"));
    app.clock.advance(120 * SECOND);
    assert_eq!(call(ask(30)).await.0, 201, "one more every two minutes");
}

async fn ten_reports_an_hour(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let reporter = register(&app, "reporter", "password 123").await;
    let author = register(&app, "prolific", "password 123").await;
    let texts = [
        "第一款：保温很好",
        "第二款：颜色好看",
        "第三款：物流很快",
        "第四款：做工扎实",
        "第五款：味道不错",
        "第六款：尺码标准",
        "第七款：包装精美",
        "第八款：续航很长",
        "第九款：声音清楚",
        "第十款：手感舒服",
        "十一款：价格实惠",
    ];
    let mut ids = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if i == 10 {
            app.clock.advance(24 * 3600 * SECOND); // the author's 10 shares a day
        }
        let p = product(&app, &format!("举报用商品{i}"), "home", 1000, true).await;
        let (status, s) = call(
            author
                .post(app.url("/api/v1/shares"))
                .json(&json!({"product_id": p, "text": text})),
        )
        .await;
        assert_eq!(status, 201, "{s}");
        ids.push(s["id"].as_i64().unwrap());
    }
    let report = |id: i64| {
        reporter
            .post(app.url(&format!("/api/v1/shares/id/{id}/report")))
            .json(&json!({"reason": "spam"}))
    };
    for (n, id) in ids.iter().take(10).enumerate() {
        assert_eq!(call(report(*id)).await.0, 201, "report {}", n + 1);
    }
    let (status, err) = call(report(ids[10])).await;
    assert_eq!((status, err["code"].as_str()), (429, Some("rate_limited")));
    assert!(err["message"].as_str().unwrap().contains("reports"));
}
