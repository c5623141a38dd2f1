//! Every per-IP limit at its boundary: several people at one address use up its
//! allowance exactly (the last allowed request passes, the next is 429), while a second
//! client at another loopback address (127.0.0.2) is still served — the allowance is the
//! address's, not the site's.

use crate::flow::{account, session, session_in};
use crate::helpers::{call, product, Browser, TestApp, TestDb};
use crate::on_each_database;
use circle_api::Role;
use serde_json::json;

on_each_database!(
    likes_300_per_address,
    comments_100_per_address,
    friend_requests_100_per_address,
    reports_50_per_address,
    logins_50_per_address,
    registrations_30_per_address,
    clicks_120_per_address,
);

const ELSEWHERE: &str = "127.0.0.2";

async fn people(app: &TestApp, n: usize) -> Vec<Browser> {
    let mut all = Vec::new();
    for _ in 0..n {
        let id = account(app, Role::Shopper).await;
        all.push(session(app, id).await);
    }
    all
}

async fn someone_elsewhere(app: &TestApp) -> Browser {
    let id = account(app, Role::Shopper).await;
    session_in(app, id, Browser::at(ELSEWHERE)).await
}

/// A share by a fresh author, to like, comment on and report.
async fn a_share(app: &TestApp) -> (i64, String) {
    let author = people(app, 1).await.remove(0);
    let p = product(app, "限流测试品", "home", 1000, true).await;
    let (status, s) = call(
        author
            .post(app.url("/api/v1/shares"))
            .json(&json!({"product_id": p, "text": "测试分享"})),
    )
    .await;
    assert_eq!(status, 201, "{s}");
    (
        s["id"].as_i64().unwrap(),
        s["code"].as_str().unwrap().to_owned(),
    )
}

/// `per_person` requests by each of `people` (within each one's own allowance), all
/// allowed; then one more from `newcomer`, someone else at this address, is 429
/// `rate_limited`, and the same from elsewhere is `elsewhere_status`.
async fn boundary<F>(
    people: &[Browser],
    per_person: usize,
    newcomer: &Browser,
    elsewhere: &Browser,
    elsewhere_status: u16,
    request: F,
) where
    F: Fn(&Browser, usize) -> reqwest::RequestBuilder,
{
    let mut n = 0;
    for who in people {
        for _ in 0..per_person {
            let (status, body) = call(request(who, n)).await;
            assert_ne!(status, 429, "request {n} is within the allowance: {body}");
            n += 1;
        }
    }
    let (status, body) = call(request(newcomer, n)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("rate_limited")),
        "request {n}"
    );
    let (status, body) = call(request(elsewhere, n + 1)).await;
    assert_eq!(status, elsewhere_status, "from {ELSEWHERE}: {body}");
}

async fn likes_300_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (id, _) = a_share(&app).await;
    let mut here = people(&app, 6).await;
    let newcomer = here.pop().unwrap();
    let elsewhere = someone_elsewhere(&app).await;
    let url = app.url(&format!("/api/v1/shares/id/{id}/like"));
    // 60 each (the personal allowance) from five people: the address's 300.
    boundary(&here, 60, &newcomer, &elsewhere, 200, |who, _| {
        who.put(&url)
    })
    .await;
}

async fn comments_100_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (id, _) = a_share(&app).await;
    let mut here = people(&app, 6).await;
    let newcomer = here.pop().unwrap();
    let elsewhere = someone_elsewhere(&app).await;
    let url = app.url(&format!("/api/v1/shares/id/{id}/comments"));
    boundary(&here, 20, &newcomer, &elsewhere, 201, |who, n| {
        who.post(&url).json(&json!({"text": format!("评论 {n}")}))
    })
    .await;
}

async fn friend_requests_100_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let target = account(&app, Role::Shopper).await;
    let handle: String = sqlx::query_scalar("SELECT handle FROM users WHERE id = $1")
        .bind(target)
        .fetch_one(&mut *app.store.conn().await.unwrap())
        .await
        .unwrap();
    let mut here = people(&app, 5).await;
    let newcomer = here.pop().unwrap();
    let elsewhere = someone_elsewhere(&app).await;
    let url = app.url("/api/v1/friend-requests");
    // Repeats are refused (409) but still count: an attempt is an attempt.
    boundary(&here, 25, &newcomer, &elsewhere, 201, |who, _| {
        who.post(&url).json(&json!({"to_handle": handle}))
    })
    .await;
}

async fn reports_50_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (id, _) = a_share(&app).await;
    let mut here = people(&app, 6).await;
    let newcomer = here.pop().unwrap();
    let elsewhere = someone_elsewhere(&app).await;
    let url = app.url(&format!("/api/v1/shares/id/{id}/report"));
    boundary(&here, 10, &newcomer, &elsewhere, 201, |who, _| {
        who.post(&url).json(&json!({"reason": "spam"}))
    })
    .await;
}

async fn logins_50_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let url = app.url("/api/v1/auth/login");
    let here = [Browser::new()];
    boundary(
        &here,
        50,
        &Browser::new(),
        &Browser::at(ELSEWHERE),
        401,
        |who, n| {
            who.post(&url)
                .json(&json!({"handle": format!("nobody{n}"), "password": "wrong password"}))
        },
    )
    .await;
}

async fn registrations_30_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let url = app.url("/api/v1/auth/register");
    let here = [Browser::new()];
    boundary(&here, 30, &Browser::new(), &Browser::at(ELSEWHERE), 201, |who, n| {
        who.post(&url)
            .json(&json!({"handle": format!("newcomer{n}"), "display_name": "新人", "password": "password 123"}))
    })
    .await;
}

async fn clicks_120_per_address(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, code) = a_share(&app).await;
    let url = app.url(&format!("/api/v1/shares/{code}/click"));
    let here = [Browser::new()];
    boundary(
        &here,
        120,
        &Browser::new(),
        &Browser::at(ELSEWHERE),
        204,
        |who, _| who.post(&url),
    )
    .await;
}
