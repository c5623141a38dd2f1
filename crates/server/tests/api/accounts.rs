//! Accounts API: register, login, logout, me, and every bad input.

use crate::helpers::{register, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use circle_server::clock::DAY;
use serde_json::{json, Value};

on_each_database_threaded!(
    register_logs_in_with_an_httponly_lax_cookie,
    register_rejects_each_bad_field_with_422_naming_it,
    duplicate_handle_is_409_whatever_its_case,
    wrong_password_and_unknown_handle_are_the_same_401,
    login_issues_a_new_session_id_and_the_old_one_stops_working,
    logout_ends_the_session,
    session_expires_after_its_lifetime,
    state_changing_requests_need_the_csrf_header_and_same_origin,
    malformed_and_incomplete_bodies_get_clear_errors,
    health_reports_the_database,
    concurrent_registrations_of_one_handle_create_one_account,
);

async fn register_logs_in_with_an_httponly_lax_cookie(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let client = app.client();
    let res = client
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"handle": " Alice_01 ", "display_name": " 爱丽丝 ", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("circle_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["handle"], "alice_01");
    assert_eq!(body["display_name"], "爱丽丝");
    assert_eq!(body["role"], "shopper");
    assert_eq!(body["locale"], "zh-CN");

    let me: Value = client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["handle"], "alice_01");

    let anonymous = reqwest::get(app.url("/api/v1/me")).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["code"], "unauthenticated");
}

async fn register_rejects_each_bad_field_with_422_naming_it(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let cases = [
        (
            json!({"handle": "ab", "display_name": "名字", "password": "long enough"}),
            "handle",
            "too_short",
        ),
        (
            json!({"handle": "9lives", "display_name": "名字", "password": "long enough"}),
            "handle",
            "bad_characters",
        ),
        (
            json!({"handle": "a-b-c", "display_name": "名字", "password": "long enough"}),
            "handle",
            "bad_characters",
        ),
        (
            json!({"handle": "", "display_name": "名字", "password": "long enough"}),
            "handle",
            "required",
        ),
        (
            json!({"handle": "valid_one", "display_name": "   ", "password": "long enough"}),
            "display_name",
            "required",
        ),
        (
            json!({"handle": "valid_one", "display_name": "长".repeat(31), "password": "long enough"}),
            "display_name",
            "too_long",
        ),
        (
            json!({"handle": "valid_one", "display_name": "名字", "password": "short"}),
            "password",
            "too_short",
        ),
    ];
    for (body, field, problem) in cases {
        let res = app
            .client()
            .post(app.url("/api/v1/auth/register"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{body}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["code"], "invalid_input", "{body}");
        assert_eq!(err["field"], field, "{body}");
        assert_eq!(err["problem"], problem, "{body}");
        assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Nothing was created by the refused requests.
    let users = circle_server::store::users::count(&mut app.store.conn().await.unwrap())
        .await
        .unwrap();
    assert_eq!(users, 0);
}

async fn duplicate_handle_is_409_whatever_its_case(db: TestDb) {
    let app = TestApp::spawn(db).await;
    register(&app, "xiaoming", "password one").await;
    let res = app
        .client()
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"handle": "XiaoMing", "display_name": "另一个小明", "password": "password two"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "handle_taken");
    assert_eq!(err["field"], "handle");
    // The first account still logs in with its own password.
    let ok = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"handle": "xiaoming", "password": "password one"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

async fn wrong_password_and_unknown_handle_are_the_same_401(db: TestDb) {
    let app = TestApp::spawn(db).await;
    register(&app, "lihua", "the right one").await;
    for body in [
        json!({"handle": "lihua", "password": "the wrong one"}),
        json!({"handle": "nobody_here", "password": "the right one"}),
    ] {
        let res = app
            .client()
            .post(app.url("/api/v1/auth/login"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{body}");
        assert!(res.headers().get("set-cookie").is_none());
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["code"], "wrong_credentials");
        assert_eq!(err["field"], "password");
    }
    let empty = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"handle": "lihua", "password": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
    let err: Value = empty.json().await.unwrap();
    assert_eq!(err["field"], "password");
}

async fn login_issues_a_new_session_id_and_the_old_one_stops_working(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let client = register(&app, "wangfang", "password 123").await;
    let first = session_cookie_of(&client, &app).await;
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"handle": "wangfang", "password": "password 123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let second = session_cookie_of(&client, &app).await;
    assert_ne!(first, second, "login must rotate the session id");
    // The old token no longer authenticates.
    let stale = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("circle_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 401);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

async fn logout_ends_the_session(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let client = register(&app, "zhaolei", "password 123").await;
    let token = session_cookie_of(&client, &app).await;
    let res = client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    // Replaying the token after logout fails: the server forgot it.
    let replay = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("circle_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
}

async fn session_expires_after_its_lifetime(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let client = register(&app, "sunli", "password 123").await;
    app.clock.advance(29 * DAY);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    app.clock.advance(DAY + 1);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn state_changing_requests_need_the_csrf_header_and_same_origin(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let body = json!({"handle": "csrf_victim", "display_name": "名字", "password": "password 123"});
    let bare = reqwest::Client::new();
    let res = bare
        .post(app.url("/api/v1/auth/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "forbidden");

    let cross = app
        .client()
        .post(app.url("/api/v1/auth/register"))
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);

    let same = app
        .client()
        .post(app.url("/api/v1/auth/register"))
        .header("origin", format!("http://{}", app.addr))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 201);
    assert_eq!(
        circle_server::store::users::count(&mut app.store.conn().await.unwrap())
            .await
            .unwrap(),
        1
    );
}

async fn malformed_and_incomplete_bodies_get_clear_errors(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let syntax = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(syntax.status(), 400);
    assert_eq!(syntax.json::<Value>().await.unwrap()["code"], "bad_request");

    let missing = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"handle": "someone"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 422);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["code"],
        "invalid_input"
    );

    // The cap is 64 KiB exactly: a body of 65,536 bytes is read (and refused for what it
    // says), one byte more is not read at all.
    let body_of = |len: usize| {
        let head = r#"{"handle":"someone","password":""#;
        let tail = r#""}"#;
        format!("{head}{}{tail}", "x".repeat(len - head.len() - tail.len()))
    };
    let limit = circle_server::http::MAX_BODY_BYTES;
    let at_cap = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(body_of(limit))
        .send()
        .await
        .unwrap();
    assert_eq!(at_cap.status(), 401, "read, then refused: no such account");
    let huge = app
        .client()
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(body_of(limit + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    assert_eq!(
        huge.json::<Value>().await.unwrap()["code"],
        "payload_too_large"
    );

    let unknown = reqwest::get(app.url("/api/v1/no-such-thing"))
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.json::<Value>().await.unwrap()["code"], "not_found");
}

async fn health_reports_the_database(db: TestDb) {
    let expected = if db.url().starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let app = TestApp::spawn(db).await;
    let res = reqwest::get(app.url("/api/v1/health")).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], expected);
}

async fn concurrent_registrations_of_one_handle_create_one_account(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let attempts = (0..8).map(|_| {
        let client = app.client();
        let url = app.url("/api/v1/auth/register");
        async move {
            client
                .post(url)
                .json(
                    &json!({"handle": "racer", "display_name": "抢注", "password": "password 123"}),
                )
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let mut statuses = futures::future::join_all(attempts).await;
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409]);
}

async fn session_cookie_of(client: &Browser, app: &TestApp) -> String {
    client
        .session_token(&app.url("/"))
        .expect("a session cookie")
}
