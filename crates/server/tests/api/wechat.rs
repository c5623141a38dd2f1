//! The WeChat JS-SDK config: signed with the ticket from a stand-in for WeChat's API,
//! only for our own pages; token and ticket cached until they expire, refreshed by one
//! request at a time, and a token WeChat no longer accepts replaced once; "not
//! configured" without an app id.

use crate::helpers::{call, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use axum::{extract::Query, routing::get, Json, Router};
use circle_server::{clock::SECOND, domain::wechat::signature};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};

on_each_database_threaded!(
    the_config_is_signed_and_tokens_are_cached_until_they_expire,
    without_an_app_id_it_says_not_configured,
    wechat_errors_are_a_clear_502,
    only_our_own_pages_are_signed,
    twenty_pages_at_once_fetch_one_token_and_one_ticket,
    a_token_wechat_no_longer_accepts_is_replaced_once,
);

#[derive(Default)]
struct Calls {
    token: AtomicUsize,
    ticket: AtomicUsize,
    /// The one access token WeChat accepts: each new one invalidates the one before.
    current: std::sync::Mutex<String>,
    /// What the stand-in found wrong in our requests. Recorded, not asserted inside the
    /// handler: a panic there would become the 502 a test may expect, so a broken
    /// request would pass. Each test checks this is empty.
    problems: std::sync::Mutex<Vec<String>>,
}

impl Calls {
    /// Records `what` unless `ok`; WeChat answers such a request with an error code.
    fn check(&self, ok: bool, what: &str) -> bool {
        if !ok {
            self.problems.lock().unwrap().push(what.to_owned());
        }
        ok
    }

    fn problems(&self) -> Vec<String> {
        self.problems.lock().unwrap().clone()
    }
}

/// A stand-in for api.weixin.qq.com on a loopback port; each answer takes `delay_ms`.
async fn fake_wechat(fail: bool) -> (String, Arc<Calls>) {
    fake_wechat_slow(fail, 0).await
}

async fn fake_wechat_slow(fail: bool, delay_ms: u64) -> (String, Arc<Calls>) {
    let delay = std::time::Duration::from_millis(delay_ms);
    let calls = Arc::new(Calls::default());
    let (c1, c2) = (Arc::clone(&calls), Arc::clone(&calls));
    let app = Router::new()
        .route(
            "/cgi-bin/token",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let n = c1.token.fetch_add(1, Ordering::SeqCst) + 1;
                let c1 = Arc::clone(&c1);
                async move {
                    tokio::time::sleep(delay).await;
                    let get = |k: &str| q.get(k).map(String::as_str);
                    let ok = c1.check(get("grant_type") == Some("client_credential"), "grant_type")
                        & c1.check(get("appid") == Some("wx_test_app"), "appid")
                        // The secret holds `&` and `=`: it must arrive URL-encoded, whole.
                        & c1.check(get("secret") == Some("secret&=value"), "secret");
                    if !ok {
                        return Json(json!({"errcode": 40002, "errmsg": "invalid grant_type"}));
                    }
                    if fail {
                        return Json(json!({"errcode": 40013, "errmsg": "invalid appid"}));
                    }
                    let token = format!("TOKEN{n}");
                    *c1.current.lock().unwrap() = token.clone();
                    Json(json!({"access_token": token, "expires_in": 7200}))
                }
            }),
        )
        .route(
            "/cgi-bin/ticket/getticket",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let n = c2.ticket.fetch_add(1, Ordering::SeqCst) + 1;
                let c2 = Arc::clone(&c2);
                async move {
                    tokio::time::sleep(delay).await;
                    let get = |k: &str| q.get(k).map(String::as_str);
                    let ok = c2.check(get("type") == Some("jsapi"), "type")
                        & c2.check(get("access_token").is_some_and(|t| t.starts_with("TOKEN")), "access_token");
                    if !ok {
                        return Json(json!({"errcode": 40001, "errmsg": "invalid credential"}));
                    }
                    if get("access_token") != Some(c2.current.lock().unwrap().as_str()) {
                        return Json(json!({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}));
                    }
                    Json(json!({"errcode": 0, "errmsg": "ok", "ticket": format!("TICKET{n}"), "expires_in": 7200}))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), calls)
}

async fn config(app: &TestApp, url: &str) -> (u16, Value) {
    let q = url
        .replace('&', "%26")
        .replace('#', "%23")
        .replace('?', "%3F");
    call(Browser::new().get(app.url(&format!("/api/v1/wechat/jssdk-config?url={q}")))).await
}

async fn the_config_is_signed_and_tokens_are_cached_until_they_expire(db: TestDb) {
    let (base, calls) = fake_wechat(false).await;
    let app = TestApp::spawn_with_wechat(db, base).await;
    let page = "https://circle.example/s/Ab12Cd34Ef56?from=singlemessage&isappinstalled=0";
    let (status, c) = config(&app, &format!("{page}#top")).await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["appId"], "wx_test_app");
    let timestamp = c["timestamp"].as_i64().unwrap();
    let nonce = c["nonceStr"].as_str().unwrap();
    assert_eq!(nonce.len(), 16);
    // Signed over the URL without its fragment, with the ticket WeChat gave.
    assert_eq!(c["signature"], signature("TICKET1", nonce, timestamp, page));

    // Cached: no second trip to WeChat while the ticket is valid.
    let (_, again) = config(&app, page).await;
    assert_eq!(
        again["signature"],
        signature(
            "TICKET1",
            again["nonceStr"].as_str().unwrap(),
            again["timestamp"].as_i64().unwrap(),
            page
        )
    );
    assert_eq!(
        (
            calls.token.load(Ordering::SeqCst),
            calls.ticket.load(Ordering::SeqCst)
        ),
        (1, 1)
    );

    // Close to expiry (7200 s, refreshed 5 minutes early), both are fetched again.
    app.clock.advance((7200 - 299) * SECOND);
    let (_, renewed) = config(&app, page).await;
    assert_eq!(
        renewed["signature"],
        signature(
            "TICKET2",
            renewed["nonceStr"].as_str().unwrap(),
            renewed["timestamp"].as_i64().unwrap(),
            page
        )
    );
    assert_eq!(
        (
            calls.token.load(Ordering::SeqCst),
            calls.ticket.load(Ordering::SeqCst)
        ),
        (2, 2)
    );

    // Bad input.
    let (status, err) = config(&app, "javascript:alert(1)").await;
    assert_eq!((status, err["code"].as_str()), (422, Some("invalid_input")));
    let (status, _) = call(Browser::new().get(app.url("/api/v1/wechat/jssdk-config"))).await;
    assert_eq!(status, 422);
    assert_eq!(
        calls.problems(),
        Vec::<String>::new(),
        "every request as WeChat documents it"
    );
}

async fn without_an_app_id_it_says_not_configured(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (status, err) = config(&app, "https://circle.example/s/x").await;
    assert_eq!(status, 503);
    assert_eq!(err["code"], "wechat_not_configured");
    assert!(err["message"].as_str().unwrap().contains("not configured"));
}

async fn wechat_errors_are_a_clear_502(db: TestDb) {
    let (base, calls) = fake_wechat(true).await;
    let app = TestApp::spawn_with_wechat(db, base).await;
    let (status, err) = config(&app, "https://circle.example/s/x").await;
    assert_eq!(
        (status, err["code"].as_str()),
        (502, Some("wechat_unavailable"))
    );
    assert!(
        !err["message"].as_str().unwrap().contains("40013"),
        "no upstream details leak"
    );
    assert_eq!(calls.ticket.load(Ordering::SeqCst), 0);
    // The 502 came from WeChat's own refusal (40013), not from a request it could not read.
    assert_eq!(calls.token.load(Ordering::SeqCst), 1);
    assert_eq!(calls.problems(), Vec::<String>::new());
}

async fn only_our_own_pages_are_signed(db: TestDb) {
    let (base, calls) = fake_wechat(false).await;
    let app = TestApp::spawn_with_wechat(db, base).await;
    for foreign in [
        "https://evil.example/s/Ab12Cd34Ef56",
        "http://circle.example/s/Ab12Cd34Ef56",
        "https://circle.example.evil.com/",
        "https://circle.example:8443/",
    ] {
        let (status, err) = config(&app, foreign).await;
        assert_eq!(
            (status, err["code"].as_str()),
            (422, Some("invalid_input")),
            "{foreign}"
        );
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("https://circle.example"),
            "{err}"
        );
    }
    assert_eq!(
        calls.token.load(Ordering::SeqCst),
        0,
        "nothing asked of WeChat"
    );
    let (status, _) = config(&app, "https://circle.example/p/1").await;
    assert_eq!(status, 200);
    assert_eq!(calls.problems(), Vec::<String>::new());
}

async fn twenty_pages_at_once_fetch_one_token_and_one_ticket(db: TestDb) {
    // WeChat answers slowly, so all twenty find the cache empty together.
    let (base, calls) = fake_wechat_slow(false, 300).await;
    let app = TestApp::spawn_with_wechat(db, base).await;
    let page = "https://circle.example/s/Ab12Cd34Ef56";
    let all = futures::future::join_all((0..20).map(|_| config(&app, page))).await;
    for (status, c) in &all {
        assert_eq!(*status, 200, "{c}");
        let (nonce, ts) = (
            c["nonceStr"].as_str().unwrap(),
            c["timestamp"].as_i64().unwrap(),
        );
        assert_eq!(c["signature"], signature("TICKET1", nonce, ts, page));
    }
    assert_eq!(
        (
            calls.token.load(Ordering::SeqCst),
            calls.ticket.load(Ordering::SeqCst)
        ),
        (1, 1),
        "one refresh for all of them: a second token would have invalidated the first"
    );
    assert_eq!(calls.problems(), Vec::<String>::new());
}

async fn a_token_wechat_no_longer_accepts_is_replaced_once(db: TestDb) {
    let (base, calls) = fake_wechat(false).await;
    let app = TestApp::spawn_with_wechat(db, base.clone()).await;
    let page = "https://circle.example/s/Ab12Cd34Ef56";
    assert_eq!(config(&app, page).await.0, 200);
    // Someone else (another tool with the same app id) takes a new token: ours, still
    // cached, is no longer accepted. Our ticket then runs out.
    let theirs = reqwest::get(format!(
        "{base}/cgi-bin/token?grant_type=client_credential&appid=wx_test_app&secret=secret%26%3Dvalue"
    ))
    .await
    .unwrap();
    assert!(theirs.status().is_success());
    sqlx::query("DELETE FROM wechat_tokens WHERE kind = 'jsapi_ticket'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let (status, c) = config(&app, page).await;
    assert_eq!(status, 200, "{c}");
    // Refused with the old token (40001), a new token, the ticket again: TICKET3.
    let (nonce, ts) = (
        c["nonceStr"].as_str().unwrap(),
        c["timestamp"].as_i64().unwrap(),
    );
    assert_eq!(c["signature"], signature("TICKET3", nonce, ts, page));
    assert_eq!(
        (
            calls.token.load(Ordering::SeqCst),
            calls.ticket.load(Ordering::SeqCst)
        ),
        (3, 3)
    );
    assert_eq!(calls.problems(), Vec::<String>::new());
}
