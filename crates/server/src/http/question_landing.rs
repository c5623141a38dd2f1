//! A question's public page `/q/{id}` (问大家), rendered on the server like the share
//! page: the app's `index.html` with the question's card meta in `<head>` (so it can be
//! sent into a WeChat group with a preview) and the question with its answers in
//! `<body>` from `circle_markup`, whose strings the app renders too when it takes over.

use super::landing::{clip, data, html_response, render, LANDING};
use super::AppState;
use crate::service::questions;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use circle_api::{ErrorCode, QuestionDetail};
use circle_markup::{answer_body, bought_since, escape, question_head, QA_ZH};

/// The card meta: "问大家：question", the best answer (or the product), the product's
/// photo, the canonical URL.
fn meta(d: &QuestionDetail, base: &str) -> String {
    let q = &d.question;
    let title = format!("问大家：{}", clip(&q.text, 40));
    let description = match &q.best_answer {
        Some(a) => format!("{}：{}", a.author.display_name, clip(&a.text, 70)),
        None => format!("{} · {} 个回答", d.product.title, q.answer_count),
    };
    let url = format!("{base}/q/{}", q.id);
    let mut m = format!(
        "<title>{t} · 购物圈</title>\n\
         <meta name=\"description\" content=\"{d}\">\n\
         <meta property=\"og:type\" content=\"article\">\n\
         <meta property=\"og:site_name\" content=\"购物圈\">\n\
         <meta property=\"og:title\" content=\"{t}\">\n\
         <meta property=\"og:description\" content=\"{d}\">\n\
         <meta property=\"og:url\" content=\"{u}\">\n\
         <link rel=\"canonical\" href=\"{u}\">\n",
        t = escape(&title),
        d = escape(&description),
        u = escape(&url),
    );
    if let Some(img) = &d.product.image_url {
        let img = format!("{base}{img}");
        m.push_str(&format!(
            "<meta property=\"og:image\" content=\"{i}\">\n\
             <meta property=\"og:image:alt\" content=\"{a}\">\n\
             <meta itemprop=\"image\" content=\"{i}\">\n",
            i = escape(&img),
            a = escape(&d.product.title),
        ));
    }
    m
}

fn since(bought_at: Option<i64>, now: i64) -> Option<String> {
    bought_at.map(|at| bought_since(&QA_ZH, at, now))
}

/// The question and its answers; without scripts, a plain link to the product.
fn body(d: &QuestionDetail, now: i64) -> String {
    let mut h = String::from("<div class=\"qa-page\">");
    h.push_str(&question_head(&d.question, &d.product, &QA_ZH));
    let item = |a: &circle_api::AnswerView| {
        format!(
            "<li class=\"qa-answer\"><div>{}</div><div class=\"qa-answer-actions\">\
             <span class=\"chip\">有用 {}</span></div></li>",
            answer_body(a, &QA_ZH, since(a.bought_at, now).as_deref()),
            a.helpful_count
        )
    };
    h.push_str("<ul class=\"qa-answers card\">");
    for a in &d.answers {
        h.push_str(&item(a));
    }
    h.push_str("</ul>");
    if let Some(a) = &d.merchant_answer {
        h.push_str(
            "<h2 class=\"section-title\">商家回答</h2><ul class=\"qa-answers card qa-merchant\">",
        );
        h.push_str(&item(a));
        h.push_str("</ul>");
    }
    h.push_str(&format!(
        "<div class=\"landing-actions\"><a class=\"btn btn-primary btn-block\" href=\"/p/{}\">我也想买</a></div></div>",
        d.product.id
    ));
    h
}

const NOT_FOUND: &str = "<div class=\"empty card\"><h1>这个问题不存在或已被隐藏</h1>\
     <p class=\"muted\">This question does not exist or has been hidden.</p>\
     <a class=\"btn btn-primary\" href=\"/discover\">去发现好物</a></div>";

pub async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let html = match id.parse::<i64>() {
        Ok(n) => page_html(&state, n).await,
        Err(_) => Ok(not_found(&state)),
    };
    html_response(html, &format!("question page {id}"))
}

fn not_found(state: &AppState) -> (StatusCode, String) {
    let head = "<title>问题不存在 · 购物圈</title>\n<meta name=\"robots\" content=\"noindex\">\n";
    let index = state.index.as_deref().unwrap_or_default();
    (
        StatusCode::NOT_FOUND,
        render(index, head, "", LANDING, NOT_FOUND),
    )
}

async fn page_html(state: &AppState, id: i64) -> anyhow::Result<(StatusCode, String)> {
    let Some(index) = state.index.as_deref() else {
        return Ok((
            StatusCode::SERVICE_UNAVAILABLE,
            "The app is not built yet: run `cargo xtask run`.".into(),
        ));
    };
    let detail = match questions::detail(&state.store, None, id).await {
        Ok(d) => d,
        Err(e) if e.is(ErrorCode::NotFound) => return Ok(not_found(state)),
        Err(e) => return Err(anyhow::anyhow!("{e}")),
    };
    let json = format!(
        "<script type=\"application/json\" id=\"circle-question\">{}</script>\n",
        data(&detail)
    );
    let now = state.clock.now();
    let meta = meta(&detail, &state.public_url);
    Ok((
        StatusCode::OK,
        render(index, &meta, &json, LANDING, &body(&detail, now)),
    ))
}
