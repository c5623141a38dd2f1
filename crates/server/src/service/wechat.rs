//! WeChat's API, for the JS-SDK config: the access token and the `jsapi_ticket`, fetched
//! when missing or about to expire and kept in the database, so every server process
//! uses the same ones (fetching a new token invalidates the old one at WeChat); and the
//! signed config a page needs for `wx.config`.

use super::{ApiError, ApiResult};
use crate::{
    clock::Millis,
    config::WechatConfig,
    domain::wechat as sign,
    store::{self, Store},
};
use circle_api::{ErrorCode, JsSdkConfig};
use serde::Deserialize;

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
async fn jsapi_ticket(
    store: &Store,
    config: &WechatConfig,
    now: Millis,
) -> Result<String, WechatError> {
    let (Some(app_id), Some(secret)) = (&config.wechat_app_id, &config.wechat_app_secret) else {
        return Err(WechatError::NotConfigured);
    };
    if let Some(ticket) =
        store::wechat::cached(&mut *store.conn().await?, "jsapi_ticket", now + MARGIN).await?
    {
        return Ok(ticket);
    }
    let base = config.wechat_api_base.trim_end_matches('/');
    let token = match store::wechat::cached(&mut *store.conn().await?, "access_token", now + MARGIN)
        .await?
    {
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
            store::wechat::keep(&mut *store.conn().await?, "access_token", &token, expires).await?;
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
    store::wechat::keep(
        &mut *store.conn().await?,
        "jsapi_ticket",
        &ticket,
        now + answer.expires_in.unwrap_or(7200) * 1000,
    )
    .await?;
    Ok(ticket)
}

/// The signed JS-SDK config for a page of this site at `url`.
pub async fn jssdk_config(
    store: &Store,
    config: &WechatConfig,
    now: Millis,
    url: &str,
) -> ApiResult<JsSdkConfig> {
    let app_id = config.wechat_app_id.clone().ok_or(ApiError::new(
        ErrorCode::WechatNotConfigured,
        "WeChat sharing is not configured on this server",
    ))?;
    let url = sign::signable_url(url.trim());
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 2000 {
        return Err(ApiError::invalid("url must be the page's full http(s) URL"));
    }
    let ticket = jsapi_ticket(store, config, now)
        .await
        .map_err(|e| match e {
            WechatError::NotConfigured => ApiError::new(
                ErrorCode::WechatNotConfigured,
                "WeChat sharing is not configured on this server",
            ),
            WechatError::Upstream(why) => {
                tracing::warn!("WeChat: {why}");
                ApiError::new(
                    ErrorCode::WechatUnavailable,
                    "WeChat did not answer as expected; try again later",
                )
            }
            WechatError::Database(e) => e.into(),
        })?;
    let nonce_str = crate::domain::shares::new_visitor_id()[..16].to_owned();
    let timestamp = now / 1000;
    Ok(JsSdkConfig {
        signature: sign::signature(&ticket, &nonce_str, timestamp, url),
        app_id,
        timestamp,
        nonce_str,
    })
}
