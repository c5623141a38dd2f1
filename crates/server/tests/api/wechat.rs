//! The WeChat JS-SDK config: signed with the ticket from a stand-in for WeChat's API,
//! token and ticket cached until they expire, "not configured" without an app id.

use crate::helpers::{call, Browser, TestApp, TestDb};
use crate::on_each_database;
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

on_each_database!(
    the_config_is_signed_and_tokens_are_cached_until_they_expire,
    without_an_app_id_it_says_not_configured,
    wechat_errors_are_a_clear_502,
);

#[derive(Default)]
struct Calls {
    token: AtomicUsize,
    ticket: AtomicUsize,
}

/// A stand-in for api.weixin.qq.com on a loopback port.
async fn fake_wechat(fail: bool) -> (String, Arc<Calls>) {
    let calls = Arc::new(Calls::default());
    let (c1, c2) = (Arc::clone(&calls), Arc::clone(&calls));
    let app = Router::new()
        .route(
            "/cgi-bin/token",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let n = c1.token.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    assert_eq!(q["grant_type"], "client_credential");
                    assert_eq!(q["appid"], "wx_test_app");
                    assert_eq!(q["secret"], "secret&=value", "the secret is URL-encoded");
                    if fail {
                        return Json(json!({"errcode": 40013, "errmsg": "invalid appid"}));
                    }
                    Json(json!({"access_token": format!("TOKEN{n}"), "expires_in": 7200}))
                }
            }),
        )
        .route(
            "/cgi-bin/ticket/getticket",
            get(move |Query(q): Query<HashMap<String, String>>| {
                let n = c2.ticket.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    assert_eq!(q["type"], "jsapi");
                    assert!(q["access_token"].starts_with("TOKEN"));
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
}
