//! Request guards and response headers that every route shares.

use super::error::ApiError;
use axum::{
    body::Body,
    http::{header, HeaderValue, Method, Request},
    middleware::Next,
    response::{IntoResponse, Response},
};
use circle_api::{ErrorCode, CSRF_HEADER};

/// CSRF: a state-changing request must carry our custom header (which a cross-site form
/// or a simple cross-origin fetch cannot set), and if the browser names an `Origin`,
/// it must be this very host. Together with SameSite=Lax cookies this closes CSRF.
pub async fn csrf_guard(req: Request<Body>, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if req.headers().get(CSRF_HEADER).is_none() {
            return ApiError::new(
                ErrorCode::Forbidden,
                "This request lacks the x-circle-csrf header; reload the app and try again.",
            )
            .into_response();
        }
        if !same_origin(&req) {
            return ApiError::new(ErrorCode::Forbidden, "Cross-site requests are not allowed.")
                .into_response();
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

/// The SHA-256 (base64) of each inline script of `html` that a browser would run:
/// `<script>` without `src`, and not a data block (`type="application/json"`).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body = &rest[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        let content = &body[..close];
        let data_block = tag.contains("application/json");
        if !tag.contains(" src=") && !data_block {
            let digest = Sha256::digest(content.as_bytes());
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body[close..];
    }
    hashes
}

/// The Content-Security-Policy: only our own files, the WASM module, and the inline
/// scripts of the built `index.html` by their hashes (never `'unsafe-inline'`).
pub fn content_security_policy(index_html: Option<&str>) -> String {
    let hashes: String = index_html
        .map(inline_script_hashes)
        .unwrap_or_default()
        .iter()
        .map(|h| format!(" 'sha256-{h}'"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Headers for every response; `csp` from `content_security_policy`, HSTS when served
/// over https.
pub async fn headers(req: Request<Body>, next: Next, csp: HeaderValue, https: bool) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<script>a()</script><script src=\"/x.js\"></script>\
            <script type=\"module\">\nimport init from '/y.js';\n</script>\
            <script type=\"application/json\" id=\"d\">{}</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        // printf 'a()' | openssl dgst -sha256 -binary | base64
        assert_eq!(hashes[0], "qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=");
    }

    #[test]
    fn the_policy_allows_wasm_and_hashed_scripts_but_no_inline_or_plugins() {
        let csp = content_security_policy(Some("<script>a()</script>"));
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"));
        assert!(csp.contains("object-src 'none'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("base-uri 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
