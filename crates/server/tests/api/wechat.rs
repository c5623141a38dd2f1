//! The WeChat JS-SDK config: signed with the ticket from a stand-in for WeChat's API,
//! only for our own pages; token and ticket cached until they expire, refreshed by one
//! request at a time, and a token WeChat no longer accepts replaced once; "not
//! configured" without an app id.

use crate::helpers::{call, Browser, TestApp, TestDb};
use crate::on_each_database_threaded;
use circle_server::{clock::SECOND, domain::wechat::signature};
use serde_json::Value;
use std::sync::Arc;
use wechat_standin::Calls;

on_each_database_threaded!(
    the_config_is_signed_and_tokens_are_cached_until_they_expire,
    without_an_app_id_it_says_not_configured,
    wechat_errors_are_a_clear_502,
    only_our_own_pages_are_signed,
    twenty_pages_at_once_fetch_one_token_and_one_ticket,
    a_token_wechat_no_longer_accepts_is_replaced_once,
);

/// The stand-in for api.weixin.qq.com (`wechat-standin`) with the test app's id and
/// secret (which holds `&` and `=`, so it must arrive URL-encoded, whole).
async fn fake_wechat(fail: bool) -> (String, Arc<Calls>) {
    fake_wechat_slow(fail, 0).await
}

/// The same, each answer taking `delay_ms`.
async fn fake_wechat_slow(fail: bool, delay_ms: u64) -> (String, Arc<Calls>) {
    wechat_standin::spawn(wechat_standin::Options {
        app_id: "wx_test_app".into(),
        secret: "secret&=value".into(),
        fail,
        delay: std::time::Duration::from_millis(delay_ms),
    })
    .await
    .expect("the stand-in listens")
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
    assert_eq!((calls.tokens(), calls.tickets()), (1, 1));

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
    assert_eq!((calls.tokens(), calls.tickets()), (2, 2));

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
    assert_eq!(calls.tickets(), 0);
    // The 502 came from WeChat's own refusal (40013), not from a request it could not read.
    assert_eq!(calls.tokens(), 1);
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
    assert_eq!(calls.tokens(), 0, "nothing asked of WeChat");
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
        (calls.tokens(), calls.tickets()),
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
    assert_eq!((calls.tokens(), calls.tickets()), (3, 3));
    assert_eq!(calls.problems(), Vec::<String>::new());
}
