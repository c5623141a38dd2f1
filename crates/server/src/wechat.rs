//! WeChat's API, for the JS-SDK config: the access token and the `jsapi_ticket`, fetched
//! when missing or about to expire and kept in the database, so every server process
//! uses the same ones (fetching a new token invalidates the old one at WeChat).

use crate::{clock::Millis, config::WechatConfig, store::Store};
use serde::Deserialize;
use sqlx::Row;

/// Refresh this long before WeChat's stated expiry.
const MARGIN: Millis = 5 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum WechatError {
    #[error("no WeChat app id and secret are configured")]
    NotConfigured,
    #[error("WeChat answered unexpectedly: {0}")]
    Upstream(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Deserialize)]
struct Answer {
    access_token: Option<String>,
    ticket: Option<String>,
    expires_in: Option<i64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
}

async fn cached(store: &Store, kind: &str, now: Millis) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT value, expires_at FROM wechat_tokens WHERE kind = $1")
        .bind(kind)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.and_then(|r| {
        let expires: i64 = r.try_get("expires_at").ok()?;
        (expires - MARGIN > now)
            .then(|| r.try_get("value").ok())
            .flatten()
    }))
}

async fn keep(store: &Store, kind: &str, value: &str, expires_at: Millis) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO wechat_tokens (kind, value, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (kind) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    )
    .bind(kind)
    .bind(value)
    .bind(expires_at)
    .execute(store.pool())
    .await?;
    Ok(())
}

async fn fetch(url: &str) -> Result<Answer, WechatError> {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .map_err(|e| WechatError::Upstream(e.to_string()))?;
    let res = client
        .get(url)
        .send()
        .await
        .map_err(|e| WechatError::Upstream(e.without_url().to_string()))?;
    if !res.status().is_success() {
        return Err(WechatError::Upstream(format!("HTTP {}", res.status())));
    }
    let answer: Answer = res
        .json()
        .await
        .map_err(|e| WechatError::Upstream(e.without_url().to_string()))?;
    match answer.errcode {
        Some(code) if code != 0 => Err(WechatError::Upstream(format!(
            "errcode {code}: {}",
            answer.errmsg.unwrap_or_default()
        ))),
        _ => Ok(answer),
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The current `jsapi_ticket`, from the cache or fetched (token first) from WeChat.
pub async fn jsapi_ticket(
    store: &Store,
    config: &WechatConfig,
    now: Millis,
) -> Result<String, WechatError> {
    let (Some(app_id), Some(secret)) = (&config.wechat_app_id, &config.wechat_app_secret) else {
        return Err(WechatError::NotConfigured);
    };
    if let Some(ticket) = cached(store, "jsapi_ticket", now).await? {
        return Ok(ticket);
    }
    let base = config.wechat_api_base.trim_end_matches('/');
    let token = match cached(store, "access_token", now).await? {
        Some(token) => token,
        None => {
            let answer = fetch(&format!(
                "{base}/cgi-bin/token?grant_type=client_credential&appid={}&secret={}",
                encode(app_id),
                encode(secret)
            ))
            .await?;
            let token = answer
                .access_token
                .ok_or_else(|| WechatError::Upstream("no access_token".into()))?;
            let expires = now + answer.expires_in.unwrap_or(7200) * 1000;
            keep(store, "access_token", &token, expires).await?;
            token
        }
    };
    let answer = fetch(&format!(
        "{base}/cgi-bin/ticket/getticket?access_token={}&type=jsapi",
        encode(&token)
    ))
    .await?;
    let ticket = answer
        .ticket
        .ok_or_else(|| WechatError::Upstream("no ticket".into()))?;
    keep(
        store,
        "jsapi_ticket",
        &ticket,
        now + answer.expires_in.unwrap_or(7200) * 1000,
    )
    .await?;
    Ok(ticket)
}
