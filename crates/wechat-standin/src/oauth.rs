//! WeChat web authorization (网页授权) as WeChat documents it: the authorize page sends
//! the browser back to `redirect_uri` with `code` and `state` (or with `state` alone when
//! its user refuses); a code is exchanged once for an access token and the openid; the
//! access token gives the person's nickname and avatar.

use super::{Calls, Options, Params};
use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::{atomic::AtomicUsize, atomic::Ordering, Arc, Mutex},
};

/// Who taps 允许.
#[derive(Debug, Clone)]
pub struct Person {
    pub openid: String,
    pub unionid: Option<String>,
    pub nickname: String,
    pub avatar: String,
}

#[derive(Default)]
pub(crate) struct OAuth {
    next: Mutex<Option<Person>>,
    deny: Mutex<bool>,
    people: AtomicUsize,
    issued: AtomicUsize,
    /// Codes issued and not yet used, and those used.
    codes: Mutex<HashMap<String, Person>>,
    used: Mutex<Vec<String>>,
    /// Access tokens (of web authorization) and whose they are.
    tokens: Mutex<HashMap<String, Person>>,
}

impl OAuth {
    pub(crate) fn next_person(&self, person: Person) {
        if let Ok(mut next) = self.next.lock() {
            *next = Some(person);
        }
    }

    pub(crate) fn deny_next(&self) {
        if let Ok(mut deny) = self.deny.lock() {
            *deny = true;
        }
    }

    fn person(&self) -> Person {
        if let Some(p) = self.next.lock().ok().and_then(|mut n| n.take()) {
            return p;
        }
        let n = self.people.fetch_add(1, Ordering::SeqCst) + 1;
        Person {
            openid: format!("oPENID{n:06}"),
            unionid: Some(format!("uNIONID{n:06}")),
            nickname: format!("微信用户{n}"),
            avatar: format!("https://thirdwx.qlogo.cn/mmopen/standin{n}/132"),
        }
    }
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The authorize page: its user allows at once (or refuses, when told to).
fn authorize(options: &Options, calls: &Calls, q: &HashMap<String, String>) -> Response {
    let get = |k: &str| q.get(k).map(String::as_str);
    let ok = calls.check(
        get("appid") == Some(options.app_id.as_str()),
        "authorize appid",
    ) & calls.check(get("response_type") == Some("code"), "response_type")
        & calls.check(get("scope") == Some("snsapi_userinfo"), "scope")
        & calls.check(
            get("state").is_some_and(|s| !s.is_empty() && s.len() <= 128),
            "state",
        );
    let Some(redirect) = get("redirect_uri").filter(|_| ok) else {
        calls.check(false, "redirect_uri");
        return (StatusCode::BAD_REQUEST, "redirect_uri 参数错误").into_response();
    };
    let state = percent_encode(get("state").unwrap_or_default());
    let joiner = if redirect.contains('?') { '&' } else { '?' };
    let denied = calls
        .oauth
        .deny
        .lock()
        .map(|mut d| std::mem::take(&mut *d))
        .unwrap_or(false);
    let target = if denied {
        format!("{redirect}{joiner}state={state}")
    } else {
        let code = format!(
            "CODE{:08}",
            calls.oauth.issued.fetch_add(1, Ordering::SeqCst) + 1
        );
        let person = calls.oauth.person();
        if let Ok(mut codes) = calls.oauth.codes.lock() {
            codes.insert(code.clone(), person);
        }
        format!("{redirect}{joiner}code={code}&state={state}")
    };
    (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
}

fn access_token(options: &Options, calls: &Calls, q: &HashMap<String, String>) -> Value {
    let get = |k: &str| q.get(k).map(String::as_str);
    let ok = calls.check(get("appid") == Some(options.app_id.as_str()), "oauth appid")
        & calls.check(
            get("secret") == Some(options.secret.as_str()),
            "oauth secret",
        )
        & calls.check(
            get("grant_type") == Some("authorization_code"),
            "oauth grant_type",
        );
    if !ok {
        return json!({"errcode": 40125, "errmsg": "invalid appsecret"});
    }
    let code = get("code").unwrap_or_default().to_owned();
    let person = calls
        .oauth
        .codes
        .lock()
        .ok()
        .and_then(|mut c| c.remove(&code));
    let Some(person) = person else {
        let used = calls.oauth.used.lock().is_ok_and(|u| u.contains(&code));
        return if used {
            json!({"errcode": 40163, "errmsg": "code been used"})
        } else {
            json!({"errcode": 40029, "errmsg": "invalid code"})
        };
    };
    if let Ok(mut used) = calls.oauth.used.lock() {
        used.push(code.clone());
    }
    let token = format!("WEBTOKEN-{code}");
    let mut answer = json!({
        "access_token": token, "expires_in": 7200, "refresh_token": format!("REFRESH-{code}"),
        "openid": person.openid, "scope": "snsapi_userinfo",
    });
    if let Some(unionid) = &person.unionid {
        answer["unionid"] = json!(unionid);
    }
    if let Ok(mut tokens) = calls.oauth.tokens.lock() {
        tokens.insert(token, person);
    }
    answer
}

fn userinfo(calls: &Calls, q: &HashMap<String, String>) -> Value {
    let get = |k: &str| q.get(k).map(String::as_str);
    let person = calls
        .oauth
        .tokens
        .lock()
        .ok()
        .and_then(|t| t.get(get("access_token").unwrap_or_default()).cloned());
    match person {
        Some(p) if calls.check(get("openid") == Some(p.openid.as_str()), "userinfo openid") => {
            let mut answer = json!({
                "openid": p.openid, "nickname": p.nickname, "sex": 0, "province": "",
                "city": "", "country": "", "headimgurl": p.avatar, "privilege": [],
            });
            if let Some(unionid) = &p.unionid {
                answer["unionid"] = json!(unionid);
            }
            answer
        }
        Some(_) => json!({"errcode": 40003, "errmsg": "invalid openid"}),
        None => json!({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}),
    }
}

pub(crate) fn router(options: Arc<Options>, calls: Arc<Calls>) -> Router {
    let (o1, c1) = (Arc::clone(&options), Arc::clone(&calls));
    let (o2, c2) = (options, Arc::clone(&calls));
    let c3 = calls;
    Router::new()
        .route(
            "/connect/oauth2/authorize",
            get(move |axum::extract::Query(q): Params| async move { authorize(&o1, &c1, &q) }),
        )
        .route(
            "/sns/oauth2/access_token",
            get(move |axum::extract::Query(q): Params| async move {
                Json(access_token(&o2, &c2, &q))
            }),
        )
        .route(
            "/sns/userinfo",
            get(move |axum::extract::Query(q): Params| async move { Json(userinfo(&c3, &q)) }),
        )
}
