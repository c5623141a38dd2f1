//! The public share page `/s/{code}`, rendered on the server: the app's `index.html` with
//! the share's Open Graph card in `<head>` (chat apps read it without running scripts)
//! and the visible share as plain HTML in `<body>`, so a friend on a slow network sees it
//! before the WASM arrives. The card's markup is `circle_markup::share_card`, which the
//! app renders too from the embedded JSON, so it takes over without a jump. Also the
//! link's QR code as SVG.

use super::AppState;
use crate::domain::cards::Kind;
use crate::service::shares;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{ErrorCode, ShareView, Yuan};
use circle_markup::escape;

/// The first `max` characters of `s`, with "…" when cut.
pub(super) fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// The share card meta: title, description, the drawn card (absolute), URL.
fn meta(share: &ShareView, base: &str) -> String {
    let title = format!(
        "{} 推荐：{}",
        share.author.display_name, share.product.title
    );
    let description = clip(&share.text, 80);
    let url = format!("{base}/s/{}", share.code);
    let mut m = format!(
        "<title>{t} · 购物圈</title>\n\
         <meta name=\"description\" content=\"{d}\">\n\
         <meta property=\"og:type\" content=\"product\">\n\
         <meta property=\"og:site_name\" content=\"购物圈\">\n\
         <meta property=\"og:title\" content=\"{t}\">\n\
         <meta property=\"og:description\" content=\"{d}\">\n\
         <meta property=\"og:url\" content=\"{u}\">\n\
         <meta name=\"twitter:card\" content=\"summary_large_image\">\n\
         <link rel=\"canonical\" href=\"{u}\">\n",
        t = escape(&title),
        d = escape(&description),
        u = escape(&url),
    );
    // The drawn card (chat apps' previews show raster pictures, not SVG), and its
    // square for WeChat, which takes the page's first `itemprop="image"`.
    let (w, h) = Kind::Card.size();
    m.push_str(&format!(
        "<meta property=\"og:image\" content=\"{u}/card.jpg\">\n\
         <meta property=\"og:image:type\" content=\"image/jpeg\">\n\
         <meta property=\"og:image:width\" content=\"{w}\">\n\
         <meta property=\"og:image:height\" content=\"{h}\">\n\
         <meta property=\"og:image:alt\" content=\"{a}\">\n\
         <meta itemprop=\"image\" content=\"{u}/card-square.jpg\">\n",
        u = escape(&url),
        a = escape(&format!(
            "{} · {}",
            share.product.title,
            Yuan(share.product.price_cents)
        )),
    ));
    m
}

/// The visible share: the shared card (`circle_markup`, which the app renders too) and,
/// for a visitor without scripts, a plain link to buy.
fn body(share: &ShareView) -> String {
    format!(
        "<div class=\"landing\"><div class=\"landing-top\">{}</div>\
         <div class=\"landing-actions\"><a class=\"btn btn-primary btn-block\" href=\"/p/{}\">立即购买</a></div></div>",
        circle_markup::share_card(share, &circle_markup::ZH),
        share.product.id
    )
}

/// The share as JSON for the app, safe inside `<script type="application/json">`: no
/// `<`, `>` or `&` in it at all (they can only be inside strings, where `\u003c` means
/// the same), so neither `</script>` nor `<!--<script>` can end or extend the block.
pub(super) fn data<T: serde::Serialize>(value: &T) -> String {
    safe_json(&serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
}

/// The answers a page was rendered from (an object of API path → JSON), as the block the
/// app's first render and the service worker read (`#circle-first`).
pub(super) fn first_data(json: &str) -> String {
    format!(
        "<script type=\"application/json\" id=\"circle-first\">{}</script>\n",
        safe_json(json)
    )
}

/// JSON text made safe inside `<script type="application/json">` (see `data`).
pub(super) fn safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Around the app's preloads in the built `index.html` (`cargo xtask build`).
const PRELOAD: (&str, &str) = ("<!--app-preload-->", "<!--/app-preload-->");

/// The class of a public page's `<main>`, as the app gives it.
pub(super) const LANDING: &str = "page page-landing";

const NOT_FOUND: &str = "<div class=\"landing\"><div class=\"landing-brand\">购物圈</div>\
     <div class=\"empty card\"><h1>这条分享不存在或已被隐藏</h1>\
     <p class=\"muted\">This share does not exist or has been hidden.</p>\
     <a class=\"btn btn-primary\" href=\"/discover\">去发现好物</a></div></div>";

/// Puts `meta` and then `data` at the top of `<head>` (link previews read only the first
/// part of a page; `index.html`'s first script looks for the data to know what not to
/// fetch), and `page` in a `<main class=…>` in place of the boot splash. A `meta` with a
/// `<title>` replaces the shell's title and description; with an `itemprop`, the
/// document is the item it describes. The app's preloads go: it loads after the page
/// has painted.
pub(super) fn render(index: &str, meta: &str, data: &str, main: &str, page: &str) -> String {
    let mut html = index.to_owned();
    if meta.contains("<title>") {
        html = html.replacen("<title>购物圈</title>", "", 1);
        if let Some(start) = html.find("<meta name=\"description\"") {
            if let Some(len) = html[start..].find('>') {
                html.replace_range(start..=start + len, "");
            }
        }
    }
    let charset = "<meta charset=\"utf-8\">";
    html = if html.contains(charset) {
        html.replacen(charset, &format!("{charset}\n{meta}{data}"), 1)
    } else {
        html.replacen("<head>", &format!("<head>{meta}{data}"), 1)
    };
    // A property (`itemprop`, WeChat's preview picture) belongs to an item: the page.
    if meta.contains("itemprop=") {
        html = html.replacen(
            "<html ",
            "<html itemscope itemtype=\"https://schema.org/WebPage\" ",
            1,
        );
    }
    // The app loads after this page's first paint (see `index.html`): no preloads for it.
    if let (Some(start), Some(end)) = (html.find(PRELOAD.0), html.find(PRELOAD.1)) {
        if start < end {
            html.replace_range(start..end + PRELOAD.1.len(), "");
        }
    }
    let boot = "<div id=\"boot\" class=\"boot\" aria-hidden=\"true\"><div class=\"boot-mark\"></div></div>";
    html.replacen(
        boot,
        &format!("<div id=\"boot\"><main class=\"{main}\">{page}</main></div>"),
        1,
    )
}

pub async fn page(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    html_response(
        page_html(&state, &code).await,
        &format!("share page {code}"),
    )
}

/// The header that marks a page the server rendered (its own markup and data), which
/// the service worker must never keep as the app's shell.
pub(super) const RENDERED: &str = "x-circle-rendered";

/// A rendered page, revalidated on every visit (moderation may hide it), or a logged 500.
pub(super) fn html_response(page: anyhow::Result<(StatusCode, String)>, what: &str) -> Response {
    match page {
        Ok((status, html)) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
                (header::HeaderName::from_static(RENDERED), "1"),
            ],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!("{what}: {e:#}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn page_html(state: &AppState, code: &str) -> anyhow::Result<(StatusCode, String)> {
    let index = match state.index.as_deref() {
        Some(s) => s,
        None => {
            return Ok((
                StatusCode::SERVICE_UNAVAILABLE,
                "<!doctype html><meta charset=utf-8><title>购物圈</title><p>The app is not built yet: run <code>cargo xtask run</code>.".into(),
            ))
        }
    };
    let share = match shares::by_code(&state.store, None, code).await {
        Ok(share) => share,
        Err(e) if e.is(ErrorCode::NotFound) => {
            let head =
                "<title>分享不存在 · 购物圈</title>\n<meta name=\"robots\" content=\"noindex\">\n";
            return Ok((
                StatusCode::NOT_FOUND,
                render(index, head, "", LANDING, NOT_FOUND),
            ));
        }
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    };
    let data = format!(
        "<script type=\"application/json\" id=\"circle-share\">{}</script>\n",
        data(&share)
    );
    let meta = meta(&share, &state.public_url);
    Ok((
        StatusCode::OK,
        render(index, &meta, &data, LANDING, &body(&share)),
    ))
}

/// The share link as a QR code (SVG), to scan from another phone.
pub async fn qr(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match shares::by_code(&state.store, None, &code).await {
        Ok(_) => {}
        Err(e) if e.is(ErrorCode::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!("qr {code}: {e:#}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let url = format!("{}/s/{code}", state.public_url);
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(qr) => {
            let svg = qr
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            (
                [
                    (header::CONTENT_TYPE, "image/svg+xml"),
                    (header::CACHE_CONTROL, "public, max-age=86400"),
                ],
                svg,
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!("qr {code}: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_by_characters() {
        assert_eq!(clip("好用好用", 2), "好用…");
        assert_eq!(clip("好用", 2), "好用");
    }

    #[test]
    fn render_puts_meta_and_data_first_and_the_page_in_place_of_the_splash() {
        let index = "<html><head><meta charset=\"utf-8\"><title>购物圈</title>\
            <meta name=\"description\" content=\"x\"><!--app-preload--><link rel=\"modulepreload\" href=\"/app.js\"><!--/app-preload--><script src=\"/app.js\"></script></head>\
            <body><div id=\"boot\" class=\"boot\" aria-hidden=\"true\"><div class=\"boot-mark\"></div></div></body></html>";
        let html = render(
            index,
            "<meta property=\"og:title\" content=\"t\">",
            "<script type=\"application/json\">{}</script>",
            LANDING,
            "<p>share</p>",
        );
        assert_eq!(
            html,
            "<html><head><meta charset=\"utf-8\">\n<meta property=\"og:title\" content=\"t\">\
             <script type=\"application/json\">{}</script><title>购物圈</title>\
             <meta name=\"description\" content=\"x\"><script src=\"/app.js\"></script></head>\
             <body><div id=\"boot\"><main class=\"page page-landing\"><p>share</p></main></div></body></html>"
        );
    }
}
