//! A stand-in for WeChat's API (api.weixin.qq.com and the authorize page of
//! open.weixin.qq.com), speaking its documented protocol: `GET /cgi-bin/token` (the
//! access token) and `GET /cgi-bin/ticket/getticket` (the JS-SDK ticket), with WeChat's
//! error answers — a wrong app id or secret (40013 / 40002), and a token that is no longer
//! the latest (40001): each new token invalidates the one before, as WeChat's do; and web
//! authorization (网页授权, `oauth.rs`): the authorize page, `sns/oauth2/access_token`
//! (a code works once: 40163 after, 40029 for one never issued) and `sns/userinfo`. The API tests run it in their process; the browser
//! specs run the `wechat-standin` binary beside the server.
//!
//! What it finds wrong in our requests is recorded, not asserted inside a handler (a
//! panic there would become the 502 a test may expect, so a broken request would pass);
//! tests check `problems()` is empty, and the binary serves the list at `/_standin/problems`
//! (and the tickets it issued at `/_standin/tickets`).

mod oauth;

pub use oauth::Person;

use axum::{extract::Query, routing::get, Json, Router};
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

/// How the stand-in behaves.
#[derive(Debug, Clone)]
pub struct Options {
    pub app_id: String,
    pub secret: String,
    /// Refuse every token request as WeChat does a wrong app id (40013).
    pub fail: bool,
    /// How long each answer takes.
    pub delay: Duration,
}

/// What the stand-in saw.
#[derive(Default)]
pub struct Calls {
    pub token: AtomicUsize,
    pub ticket: AtomicUsize,
    /// The one access token WeChat accepts: each new one invalidates the one before.
    current: Mutex<String>,
    /// Every JS-SDK ticket handed out, so a browser spec can check a page's signature
    /// as WeChat would.
    tickets: Mutex<Vec<String>>,
    problems: Mutex<Vec<String>>,
    oauth: oauth::OAuth,
}

impl Calls {
    /// The person who taps 允许 on the next authorize page (default: a new one each time).
    pub fn next_person(&self, person: Person) {
        self.oauth.next_person(person);
    }

    /// The next authorize page is refused by its user (no code comes back).
    pub fn deny_next(&self) {
        self.oauth.deny_next();
    }

    /// Records `what` unless `ok`; WeChat answers such a request with an error code.
    pub(crate) fn check(&self, ok: bool, what: &str) -> bool {
        if !ok {
            if let Ok(mut p) = self.problems.lock() {
                p.push(what.to_owned());
            }
        }
        ok
    }

    pub fn problems(&self) -> Vec<String> {
        self.problems.lock().map(|p| p.clone()).unwrap_or_default()
    }

    pub fn tokens(&self) -> usize {
        self.token.load(Ordering::SeqCst)
    }

    pub fn tickets(&self) -> usize {
        self.ticket.load(Ordering::SeqCst)
    }
}

type Params = Query<HashMap<String, String>>;

async fn token(options: &Options, calls: &Calls, q: &HashMap<String, String>) -> Value {
    let n = calls.token.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(options.delay).await;
    let get = |k: &str| q.get(k).map(String::as_str);
    let ok = calls.check(get("grant_type") == Some("client_credential"), "grant_type")
        & calls.check(get("appid") == Some(options.app_id.as_str()), "appid")
        // A secret may hold `&` and `=`: it must arrive URL-encoded, whole.
        & calls.check(get("secret") == Some(options.secret.as_str()), "secret");
    if !ok {
        return json!({"errcode": 40002, "errmsg": "invalid grant_type"});
    }
    if options.fail {
        return json!({"errcode": 40013, "errmsg": "invalid appid"});
    }
    let token = format!("TOKEN{n}");
    if let Ok(mut current) = calls.current.lock() {
        current.clone_from(&token);
    }
    json!({"access_token": token, "expires_in": 7200})
}

async fn ticket(options: &Options, calls: &Calls, q: &HashMap<String, String>) -> Value {
    let n = calls.ticket.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(options.delay).await;
    let get = |k: &str| q.get(k).map(String::as_str);
    let ok = calls.check(get("type") == Some("jsapi"), "type")
        & calls.check(
            get("access_token").is_some_and(|t| t.starts_with("TOKEN")),
            "access_token",
        );
    if !ok {
        return json!({"errcode": 40001, "errmsg": "invalid credential"});
    }
    let latest = calls.current.lock().map(|c| c.clone()).unwrap_or_default();
    if get("access_token") != Some(latest.as_str()) {
        return json!({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"});
    }
    let ticket = format!("TICKET{n}");
    if let Ok(mut tickets) = calls.tickets.lock() {
        tickets.push(ticket.clone());
    }
    json!({"errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": 7200})
}

/// The stand-in's routes.
pub fn router(options: Options, calls: Arc<Calls>) -> Router {
    let options = Arc::new(options);
    let (o1, c1) = (Arc::clone(&options), Arc::clone(&calls));
    let (o2, c2) = (Arc::clone(&options), Arc::clone(&calls));
    let c3 = Arc::clone(&calls);
    Router::new()
        .route(
            "/cgi-bin/token",
            get(move |Query(q): Params| async move { Json(token(&o1, &c1, &q).await) }),
        )
        .route(
            "/cgi-bin/ticket/getticket",
            get(move |Query(q): Params| async move { Json(ticket(&o2, &c2, &q).await) }),
        )
        .merge(oauth::router(Arc::clone(&options), Arc::clone(&calls)))
        .route(
            "/_standin/tickets",
            get(move || async move {
                Json(json!(c3
                    .tickets
                    .lock()
                    .map(|t| t.clone())
                    .unwrap_or_default()))
            }),
        )
        .route(
            "/_standin/problems",
            get(move || async move { Json(json!(calls.problems())) }),
        )
}

/// Serves the stand-in on a free loopback port: its base URL and what it sees.
pub async fn spawn(options: Options) -> std::io::Result<(String, Arc<Calls>)> {
    let calls = Arc::new(Calls::default());
    let app = router(options, Arc::clone(&calls));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((format!("http://{addr}"), calls))
}
