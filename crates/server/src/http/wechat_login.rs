//! WeChat login in the browser: `GET /auth/wechat?next=/s/…` sends the visitor to WeChat's
//! authorize page with a `state` that is also set as a cookie in this browser (so nobody
//! can log someone else in with their own code: login CSRF); `GET /auth/wechat/callback`
//! checks it, logs in (or links, with `link=1` when logged in) and goes on to `next`.
//! What goes wrong gets a page that says what happened, with a way back. And the JSON
//! side: `GET`/`DELETE /api/v1/me/wechat`.

use super::{
    accounts::{browser, session_cookie},
    error::ApiResult,
    extract::{cookie, set_cookie, ClientIp, CurrentUser, Json, MaybeUser},
    AppState,
};
use crate::service::{
    wechat::encode,
    wechat_login::{self, Failed},
};
use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
};
use circle_api::{ErrorBody, WechatLink};
use circle_markup::escape;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

const STATE_COOKIE: &str = "circle_wx_state";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(link_status, unlink))
}

#[derive(Debug, Deserialize)]
pub struct Start {
    next: Option<String>,
    link: Option<u8>,
}

#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    next: Option<String>,
    link: Option<u8>,
}

/// Only a path on this site: `/…`, but not `//…` (another host) nor with a backslash.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Our callback URL, carrying where to go after and whether this is a link.
fn callback_url(state: &AppState, next: &str, link: bool) -> String {
    let link = if link { "&link=1" } else { "" };
    format!(
        "{}/auth/wechat/callback?next={}{link}",
        state.public_url,
        encode(next)
    )
}

/// A small page of ours (the app's stylesheets, no script) saying what happened.
fn page(
    state: &AppState,
    status: StatusCode,
    title: &str,
    body: &str,
    links: &[(&str, String)],
) -> Response {
    let styles: String = state
        .index
        .as_deref()
        .unwrap_or_default()
        .split('<')
        .filter(|tag| tag.starts_with("link rel=\"stylesheet\""))
        .map(|tag| format!("<{}", tag.trim_end()))
        .collect();
    let links: String = links
        .iter()
        .enumerate()
        .map(|(n, (label, href))| {
            let class = if n == 0 {
                "btn btn-primary btn-block"
            } else {
                "btn btn-secondary btn-block"
            };
            format!(
                "<a class=\"{class}\" href=\"{}\">{}</a>",
                escape(href),
                escape(label)
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} · 购物圈</title>{styles}</head><body><main class=\"page\"><div class=\"landing\">\
         <div class=\"landing-brand\">购物圈</div><div class=\"empty card\"><h1>{t}</h1>\
         <p class=\"muted\">{b}</p>{links}</div></div></main></body></html>",
        t = escape(title),
        b = escape(body),
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// `GET /auth/wechat`: to WeChat's authorize page.
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Start>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    let redirect = callback_url(&state, &next, q.link == Some(1));
    let Some((url, nonce)) = wechat_login::authorize_url(&state.wechat, &redirect) else {
        return page(
            &state,
            StatusCode::SERVICE_UNAVAILABLE,
            "暂时不能用微信登录",
            "这个网站还没有设置微信登录。请用账号和密码登录。",
            &[("用账号登录", format!("/login?next={}", encode(&next)))],
        );
    };
    let cookie = set_cookie(&state, &headers, STATE_COOKIE, &nonce, 600);
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, url),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
        [(header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// `GET /auth/wechat/callback`: WeChat sends the browser back here.
pub async fn callback(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: MaybeUser,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    let link = q.link == Some(1);
    let retry = format!(
        "/auth/wechat?next={}{}",
        encode(&next),
        if link { "&link=1" } else { "" }
    );
    let back = ("返回", next.clone());
    let expected = cookie(&headers, STATE_COOKIE);
    if expected.is_none() || expected != q.state.as_deref() {
        return page(
            &state,
            StatusCode::BAD_REQUEST,
            "登录请求已失效",
            "这个登录链接不是从这里发起的，或已超过 10 分钟。请重新点「微信登录」。",
            &[("重新登录", retry), back],
        );
    }
    let clear = set_cookie(&state, &headers, STATE_COOKIE, "", 0);
    let Some(code) = q.code.filter(|c| !c.is_empty()) else {
        return with_cookie(
            page(
                &state,
                StatusCode::FORBIDDEN,
                "你没有同意微信授权",
                "没有你的同意，我们拿不到你的微信昵称，也就不能为你登录。",
                &[("再试一次", retry), back],
            ),
            clear,
        );
    };
    let person = match wechat_login::person(&state.wechat, &code).await {
        Ok(p) => p,
        Err(Failed::Code) => {
            return with_cookie(
                page(
                    &state,
                    StatusCode::BAD_REQUEST,
                    "登录链接已用过或已过期",
                    "微信的授权码只能用一次、五分钟内有效。请重新点「微信登录」。",
                    &[("重新登录", retry), back],
                ),
                clear,
            );
        }
        Err(Failed::Wechat(e)) => {
            tracing::warn!("WeChat login: {e}");
            return with_cookie(
                page(
                    &state,
                    StatusCode::BAD_GATEWAY,
                    "微信暂时没有响应",
                    "请稍后再试，或用账号和密码登录。",
                    &[("再试一次", retry), back],
                ),
                clear,
            );
        }
    };
    let now = state.clock.now();
    if link {
        let Some(user) = viewer.0 else {
            return with_cookie(
                page(
                    &state,
                    StatusCode::UNAUTHORIZED,
                    "请先登录",
                    "绑定微信需要先登录你的账号。",
                    &[("去登录", format!("/login?next={}", encode(&next)))],
                ),
                clear,
            );
        };
        return match wechat_login::link(&state.store, now, user.id, &person).await {
            Ok(()) => with_cookie(redirect(&next), clear),
            Err(e) => with_cookie(
                page(
                    &state,
                    StatusCode::CONFLICT,
                    "不能绑定这个微信",
                    e.message(),
                    &[back],
                ),
                clear,
            ),
        };
    }
    let browser = browser(&state, &ip, &headers);
    match wechat_login::log_in(&state.store, now, &browser, &person).await {
        Ok(session) => {
            let mut res = with_cookie(redirect(&next), clear);
            res.headers_mut().append(
                header::SET_COOKIE,
                session_cookie(&state, &headers, &session),
            );
            res
        }
        Err(e) => with_cookie(
            page(
                &state,
                e.status(),
                "没能登录",
                e.message(),
                &[("再试一次", retry), back],
            ),
            clear,
        ),
    }
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

fn with_cookie(mut res: Response, cookie: axum::http::HeaderValue) -> Response {
    res.headers_mut().append(header::SET_COOKIE, cookie);
    res
}

/// The account's WeChat login: linked or not, and whether it may unlink.
#[utoipa::path(get, path = "/api/v1/me/wechat", tag = "accounts",
    responses(
        (status = 200, description = "Linked or not", body = WechatLink),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn link_status(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<WechatLink>> {
    wechat_login::status(&state.store, me.user.id)
        .await
        .map(Json)
}

/// Unlinks the account's WeChat (it then logs in with its handle and password only).
#[utoipa::path(delete, path = "/api/v1/me/wechat", tag = "accounts",
    responses(
        (status = 204, description = "Unlinked (or was not linked)"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 409, description = "`wechat_only`: the account has no password", body = ErrorBody),
    ))]
async fn unlink(State(state): State<AppState>, me: CurrentUser) -> ApiResult<StatusCode> {
    wechat_login::unlink(&state.store, me.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
