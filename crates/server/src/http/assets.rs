//! Serving the built SPA: precompressed brotli/gzip when the client accepts them,
//! hashed assets and build folders cached for a year, `index.html` (and the service
//! worker) never cached, and any app route (`/p/42`) answered with `index.html` so deep
//! links load the app.

use axum::{
    body::Body,
    http::{header, HeaderValue, Request, StatusCode},
    response::{Html, IntoResponse, Response},
    Router,
};
use std::{convert::Infallible, path::Path};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    if !index.exists() {
        tracing::warn!(
            "{} is missing: run `cargo xtask run` to build the app",
            index.display()
        );
        return Router::new().fallback(|| async { not_built() });
    }
    let index_file = ServeFile::new(&index)
        .precompressed_br()
        .precompressed_gzip();
    let spa_fallback = tower::service_fn(move |req: Request<Body>| {
        let index_file = index_file.clone();
        async move {
            // A missing file with an extension is a real 404, never the app: an old hashed
            // asset answered with index.html would otherwise be cached for a year.
            if looks_like_file(req.uri().path()) {
                return Ok::<_, Infallible>(StatusCode::NOT_FOUND.into_response());
            }
            Ok(index_file
                .oneshot(req)
                .await
                .map(IntoResponse::into_response)
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "cannot read index.html");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }))
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa_fallback);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_control))
}

/// Sets `Cache-Control` by path: content-hashed names are immutable, the rest revalidate.
async fn cache_control(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let immutable = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

fn looks_like_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// Trunk names built assets `name-<16 hex digits>[_bg].ext`; `cargo xtask build` puts
/// the app's WASM and JS in a folder per build, `/app/<16 hex digits>/`.
fn is_hashed_asset(path: &str) -> bool {
    if let Some(rest) = path.strip_prefix("/app/") {
        return rest.split_once('/').is_some_and(|(build, file)| {
            build.len() == 16 && build.bytes().all(|b| b.is_ascii_hexdigit()) && !file.is_empty()
        });
    }
    let Some(last) = path.rsplit('/').next() else {
        return false;
    };
    let stem = last.split('.').next().unwrap_or(last);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html("<!doctype html><meta charset=utf-8><title>购物圈</title><p>The app is not built yet: run <code>cargo xtask run</code>."),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_immutable_and_others_are_not() {
        assert!(is_hashed_asset("/circle-app-3f2a9c0d1e4b5a6f.js"));
        assert!(is_hashed_asset("/circle-app-3f2a9c0d1e4b5a6f_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/manifest.webmanifest"));
        assert!(!is_hashed_asset("/p/42"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
    }

    #[test]
    fn files_of_a_build_folder_are_immutable() {
        assert!(is_hashed_asset("/app/0123456789abcdef/circle-app_bg.wasm"));
        assert!(is_hashed_asset("/app/0123456789abcdef/chunk_3_a.wasm"));
        assert!(!is_hashed_asset("/app/0123456789abcdef/"));
        assert!(!is_hashed_asset("/app/latest/circle-app.js"));
        assert!(!is_hashed_asset("/app/circle-app.js"));
    }

    #[test]
    fn app_routes_are_not_files() {
        assert!(!looks_like_file("/p/42"));
        assert!(!looks_like_file("/u/alice"));
        assert!(looks_like_file("/circle-app-0123456789abcdef.js"));
    }
}
