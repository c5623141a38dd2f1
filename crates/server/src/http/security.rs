//! Request guards and response headers that every route shares.

use super::error::ApiError;
use axum::{
    body::Body,
    http::{header, HeaderValue, Method, Request},
    middleware::Next,
    response::{IntoResponse, Response},
};
use circle_api::CSRF_HEADER;

/// CSRF: a state-changing request must carry our custom header (which a cross-site form
/// or a simple cross-origin fetch cannot set), and if the browser names an `Origin`,
/// it must be this very host. Together with SameSite=Lax cookies this closes CSRF.
pub async fn csrf_guard(req: Request<Body>, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if req.headers().get(CSRF_HEADER).is_none() {
            return ApiError::Forbidden(
                "This request lacks the x-circle-csrf header; reload the app and try again.",
            )
            .into_response();
        }
        if !same_origin(&req) {
            return ApiError::Forbidden("Cross-site requests are not allowed.").into_response();
        }
    }
    next.run(req).await
}

fn same_origin(req: &Request<Body>) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let Some(host) = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    origin_host.eq_ignore_ascii_case(host)
}

/// Headers for every response.
pub async fn headers(req: Request<Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}
