//! Limits that hold against strangers (issue 11): no lockout of an account's owner, the
//! client's address behind a trusted proxy only, rate-limit keys from checked input,
//! upload allowances and pruning, slow clients cut off, SQLite that syncs every commit.

use crate::helpers::{call, png_photo, register, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use serde_json::json;
use std::time::Duration;

on_each_database_threaded!(
    a_stranger_hammering_a_handle_does_not_lock_its_owner_out,
    forwarded_for_is_believed_only_from_a_trusted_proxy,
    a_handle_that_cannot_exist_never_becomes_a_key,
    uploads_have_allowances_that_hold_in_parallel_and_unused_ones_are_pruned,
    slow_clients_are_cut_off,
);

fn behind_proxy(state: &mut circle_server::http::AppState) {
    state.net.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
}

async fn login(
    app: &TestApp,
    from: &str,
    handle: &str,
    password: &str,
) -> (u16, serde_json::Value) {
    let req = Browser::new()
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", from)
        .json(&json!({"handle": handle, "password": password}));
    call(req).await
}

async fn a_stranger_hammering_a_handle_does_not_lock_its_owner_out(db: TestDb) {
    let app = TestApp::spawn_configured(db, behind_proxy).await;
    register(&app, "owner", "correct horse 1").await;
    let mut answers = std::collections::BTreeMap::<u16, u32>::new();
    for _ in 0..60 {
        let (status, _) = login(&app, "198.51.100.7", "owner", "wrong guess").await;
        *answers.entry(status).or_default() += 1;
    }
    assert_eq!(
        answers,
        [(401, 10), (429, 50)].into(),
        "10 guesses from one address, then 429"
    );
    let (status, me) = login(&app, "203.0.113.20", "owner", "correct horse 1").await;
    assert_eq!(
        (status, me["handle"].as_str()),
        (200, Some("owner")),
        "the owner gets in from elsewhere"
    );

    // Many addresses together still guess slowly: 100 attempts per handle per 15 minutes.
    let mut refused = 0;
    for i in 0..10 {
        for _ in 0..10 {
            let (status, _) = login(&app, &format!("192.0.2.{i}"), "owner", "wrong guess").await;
            refused += u32::from(status == 429);
        }
    }
    assert_eq!(
        refused, 11,
        "10 + 1 earlier attempts and 89 of these use up the 100"
    );
    let (status, _) = login(&app, "203.0.113.21", "owner", "correct horse 1").await;
    assert_eq!(status, 429, "until the handle's allowance refills");
    app.clock.advance(15 * 60 * 1000);
    let (status, _) = login(&app, "203.0.113.21", "owner", "correct horse 1").await;
    assert_eq!(status, 200);
}

async fn forwarded_for_is_believed_only_from_a_trusted_proxy(db: TestDb) {
    // No proxy configured: the header is the client's own words; 50 attempts per address.
    let app = TestApp::spawn(db).await;
    for i in 0..50 {
        let (status, _) = login(&app, &format!("10.1.0.{i}"), &format!("nobody{i}"), "x").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    let (status, err) = login(&app, "10.1.0.99", "nobody99", "x").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (429, Some("rate_limited")),
        "a forged header changes nothing"
    );
}

async fn a_handle_that_cannot_exist_never_becomes_a_key(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (status, err) = login(&app, "10.0.0.1", &"a".repeat(65_000), "password").await;
    assert_eq!(
        (status, err["field"].as_str(), err["problem"].as_str()),
        (422, Some("handle"), Some("too_long"))
    );
    let (status, _) = login(&app, "10.0.0.1", "bad handle!", "password").await;
    assert_eq!(status, 422);
    let (status, _) = login(&app, "10.0.0.1", "fine_handle", "password").await;
    assert_eq!(status, 401);
    let longest: i64 =
        sqlx::query_scalar("SELECT CAST(MAX(LENGTH(key)) AS BIGINT) FROM rate_limits")
            .fetch_one(&mut *app.store.conn().await.unwrap())
            .await
            .unwrap();
    assert!(longest <= 100, "longest key {longest}");
}

async fn upload(app: &TestApp, who: &Browser, bytes: Vec<u8>) -> (u16, serde_json::Value) {
    let req = who
        .post(app.url("/api/v1/uploads"))
        .header("content-type", "image/png")
        .body(bytes);
    call(req).await
}

async fn uploads_have_allowances_that_hold_in_parallel_and_unused_ones_are_pruned(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let a = register(&app, "uploader", "password 123").await;
    // 50 at once: exactly 30 (the hour's allowance) are stored.
    let all = futures::future::join_all((0..50).map(|_| upload(&app, &a, png_photo(0)))).await;
    let ok = all.iter().filter(|(s, _)| *s == 201).count();
    let limited = all
        .iter()
        .filter(|(s, b)| *s == 429 && b["code"] == "rate_limited")
        .count();
    assert_eq!((ok, limited), (30, 20));
    let first = &all.iter().find(|(s, _)| *s == 201).unwrap().1;
    let (first, first_url) = (
        first["id"].as_i64().unwrap(),
        first["url"].as_str().unwrap(),
    );

    // The next hour: 100 MiB a day, in 5 MiB photos: the 20th fits, the 21st does not.
    app.clock.advance(3600 * 1000);
    let five = 5 * 1024 * 1024;
    for i in 0..19 {
        let (status, body) = upload(&app, &a, png_photo(five)).await;
        assert_eq!(status, 201, "photo {i}: {body}");
    }
    let small = png_photo(0).len();
    let (status, body) = upload(&app, &a, png_photo(five - small * 30)).await;
    assert_eq!(status, 201, "{body}");
    let (status, err) = upload(&app, &a, png_photo(1024)).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (429, Some("upload_quota")),
        "{err}"
    );

    // One posted with a share stays; the rest are gone 24 hours later.
    let p = crate::helpers::product(&app, "相框", "home", 2900, true).await;
    let (status, s) = crate::shares::share(
        &app,
        &a,
        json!({"product_id": p, "text": "有图", "photo_ids": [first]}),
    )
    .await;
    assert_eq!(status, 201, "{s}");
    let media: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media WHERE owner_id IS NOT NULL")
        .fetch_one(&mut *app.store.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(media, 50);
    app.clock.advance(25 * 3600 * 1000);
    let run = circle_server::service::jobs::run_jobs(
        &app.store,
        circle_server::clock::Clock::now(&app.clock),
    )
    .await
    .unwrap();
    assert_eq!(run.pruned_uploads, 49);
    let res = Browser::new().get(app.url(first_url)).send().await.unwrap();
    assert_eq!(res.status(), 200, "the posted photo stays");
    let (status, _) = upload(&app, &a, png_photo(1024)).await;
    assert_eq!(status, 201, "a new day's allowance");
}

async fn slow_clients_are_cut_off(db: TestDb) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn_configured(db, |state| {
        state.net.header_timeout_secs = 1;
        state.net.request_timeout_secs = 2;
    })
    .await;
    // Headers one byte a second: the connection is closed, unanswered.
    let mut slow = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut closed = false;
    for b in head {
        if slow.write_all(&[*b]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let mut buf = [0u8; 256];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(1), slow.read(&mut buf)).await
        {
            assert!(
                n == 0 || String::from_utf8_lossy(&buf[..n]).contains(" 408 "),
                "{:?}",
                &buf[..n]
            );
            closed = true;
            break;
        }
    }
    assert!(
        closed,
        "a client that never finishes its headers is dropped"
    );

    // A body one byte a second: 408 request_timeout.
    let mut slow = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nx-circle-csrf: 1\r\n\
                content-type: application/json\r\ncontent-length: 100\r\n\r\n{";
    slow.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    for _ in 0..10 {
        if slow.write_all(b" ").await.is_err() {
            break;
        }
        let mut buf = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(1000), slow.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => {
                answer.extend_from_slice(&buf[..n]);
                break;
            }
            Ok(_) => break,
            Err(_) => {}
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

#[tokio::test]
async fn sqlite_syncs_every_commit() {
    let db = TestDb::sqlite();
    let store = circle_server::store::Store::connect(db.url())
        .await
        .unwrap();
    let mut conn = store.conn().await.unwrap();
    let level: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(
        level, 2,
        "FULL: an acknowledged payment survives a power loss"
    );
}
