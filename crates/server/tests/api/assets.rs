//! The built SPA: deep links, cache headers, precompressed files, the OpenAPI document.

use crate::helpers::{TestApp, TestDb};
use serde_json::Value;
use std::fs;

const HASHED_JS: &str = "circle-app-0123456789abcdef.js";

fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>购物圈</title>",
    )
    .unwrap();
    fs::write(dir.path().join(HASHED_JS), "console.log('app')").unwrap();
    fs::write(dir.path().join(format!("{HASHED_JS}.br")), b"brotli bytes").unwrap();
    fs::write(
        dir.path().join("sw.js"),
        "self.addEventListener('fetch', () => {})",
    )
    .unwrap();
    dir
}

async fn spawn_with_fake_dist() -> (TestApp, tempfile::TempDir) {
    let dist = fake_dist();
    let app = TestApp::spawn_with_dist(TestDb::sqlite(), dist.path().to_owned()).await;
    (app, dist)
}

#[tokio::test]
async fn deep_links_load_the_app_uncached() {
    let (app, _dist) = spawn_with_fake_dist().await;
    for path in ["/", "/p/42", "/u/alice", "/earnings"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.text().await.unwrap().contains("购物圈"), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed_when_accepted() {
    let (app, _dist) = spawn_with_fake_dist().await;
    let client = reqwest::Client::new();
    let res = client
        .get(app.url(&format!("/{HASHED_JS}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let plain = client
        .get(app.url(&format!("/{HASHED_JS}")))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('app')");

    let sw = client.get(app.url("/sw.js")).send().await.unwrap();
    assert_eq!(sw.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn a_missing_asset_is_404_not_the_app() {
    let (app, _dist) = spawn_with_fake_dist().await;
    let res = reqwest::get(app.url("/circle-app-ffffffffffffffff.js"))
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("cache-control").is_none());
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let (app, _dist) = spawn_with_fake_dist().await;
    for path in ["/", "/api/v1/health"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(res.headers()["x-frame-options"], "DENY", "{path}");
    }
}

#[tokio::test]
async fn openapi_document_describes_the_accounts_api() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let doc: Value = reqwest::get(app.url("/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/health",
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
    ] {
        assert!(doc["paths"][path].is_object(), "missing {path}");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_hash_based_csp() {
    let dist = tempfile::tempdir().unwrap();
    fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>购物圈</title><script>window.x = 1;</script>\
         <script type=\"module\">import init from '/circle-app-0123456789abcdef.js'; await init();</script>",
    )
    .unwrap();
    let app = TestApp::spawn_with_dist(TestDb::sqlite(), dist.path().to_owned()).await;
    for path in ["/", "/api/v1/health", "/api/v1/nope", "/s/unknown"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{path}: {csp}"
        );
        assert_eq!(
            csp.matches("'sha256-").count(),
            2,
            "both inline scripts, by hash"
        );
        assert!(csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("base-uri 'none'"));
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(
            h.get("strict-transport-security").is_none(),
            "plain http: no HSTS"
        );
    }
}

#[tokio::test]
async fn over_https_responses_carry_hsts_and_cookies_are_secure() {
    let app = TestApp::spawn_https(TestDb::sqlite()).await;
    let res = reqwest::get(app.url("/api/v1/health")).await.unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/register"))
        .header("x-circle-csrf", "1")
        .json(&serde_json::json!({"handle": "secure_one", "display_name": "安全", "password": "password 123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}
