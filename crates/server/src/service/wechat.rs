//! WeChat's API, for the JS-SDK config: the access token and the `jsapi_ticket`, fetched
//! when missing or about to expire and kept in the database, so every server process
//! uses the same ones (fetching a new token invalidates the old one at WeChat); and the
//! signed config a page needs for `wx.config`.

use super::{ApiError, ApiResult};
use crate::{
    clock::{Millis, SECOND},
    config::WechatConfig,
    domain::wechat as sign,
    store::{self, Store},
};
use circle_api::{ErrorCode, JsSdkConfig};

/// Refresh this long before WeChat's stated expiry.
const MARGIN: Millis = 5 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum WechatError {
    #[error("no WeChat app id and secret are configured")]
    NotConfigured,
    #[error("WeChat answered unexpectedly: {0}")]
    Upstream(String),
    /// WeChat refused the call with this `errcode` (40001 / 42001: the access token is
    /// invalid or expired).
    #[error("WeChat refused: errcode {0}: {1}")]
    Refused(i64, String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// GETs `url` from WeChat's API: its JSON, or the `errcode` it refused with.
pub(super) async fn fetch_value(url: &str) -> Result<serde_json::Value, WechatError> {
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
    let answer: serde_json::Value = res
        .json()
        .await
        .map_err(|e| WechatError::Upstream(e.without_url().to_string()))?;
    match answer["errcode"].as_i64() {
        Some(code) if code != 0 => Err(WechatError::Refused(
            code,
            answer["errmsg"].as_str().unwrap_or_default().to_owned(),
        )),
        _ => Ok(answer),
    }
}

/// `s` percent-encoded for a query string (everything but unreserved characters).
pub fn encode(s: &str) -> String {
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

/// The lease held by the one process that refreshes the token and ticket; its period
/// bounds how long a process that died while refreshing holds the others up.
const REFRESH: &str = "wechat_refresh";
const REFRESH_LEASE: Millis = 10 * SECOND;
/// How often, and how many times, a process waits for another's refresh.
const WAIT_STEP: std::time::Duration = std::time::Duration::from_millis(50);
const WAIT_STEPS: u32 = 100;

/// The current `jsapi_ticket`: from the cache while it has five minutes left, otherwise
/// refreshed by one process at a time (the others wait for its result), since every
/// new token WeChat hands out invalidates the one before.
async fn jsapi_ticket(
    store: &Store,
    config: &WechatConfig,
    now: Millis,
) -> Result<String, WechatError> {
    let (Some(app_id), Some(secret)) = (&config.wechat_app_id, &config.wechat_app_secret) else {
        return Err(WechatError::NotConfigured);
    };
    for _ in 0..WAIT_STEPS {
        if let Some(ticket) =
            store::wechat::cached(&mut *store.conn().await?, "jsapi_ticket", now + MARGIN).await?
        {
            return Ok(ticket);
        }
        if store::leases::take(&mut *store.conn().await?, REFRESH, now, REFRESH_LEASE).await? {
            // Another request may have refreshed between our look at the cache and the
            // lease (it released it when done): look again before asking WeChat.
            let fresh =
                store::wechat::cached(&mut *store.conn().await?, "jsapi_ticket", now + MARGIN)
                    .await;
            let refreshed = match fresh {
                Ok(Some(ticket)) => Ok(ticket),
                Ok(None) => {
                    let api = Api {
                        base: config.wechat_api_base.trim_end_matches('/'),
                        app_id,
                        secret,
                    };
                    api.refresh(store, now).await
                }
                Err(e) => Err(e.into()),
            };
            store::leases::release(&mut *store.conn().await?, REFRESH).await?;
            return refreshed;
        }
        tokio::time::sleep(WAIT_STEP).await;
    }
    Err(WechatError::Upstream(
        "another process's refresh did not finish".into(),
    ))
}

struct Api<'a> {
    base: &'a str,
    app_id: &'a str,
    secret: &'a str,
}

impl Api<'_> {
    /// A ticket fetched with the cached token, or a new one; if WeChat says the token is
    /// invalid or expired (40001, 42001), once more with a new token.
    async fn refresh(&self, store: &Store, now: Millis) -> Result<String, WechatError> {
        let cached =
            store::wechat::cached(&mut *store.conn().await?, "access_token", now + MARGIN).await?;
        let token = match cached {
            Some(token) => token,
            None => self.token(store, now).await?,
        };
        match self.ticket(store, now, &token).await {
            Err(WechatError::Refused(40001 | 42001, why)) => {
                tracing::info!("WeChat refused our access token ({why}); fetching a new one");
                let token = self.token(store, now).await?;
                self.ticket(store, now, &token).await
            }
            other => other,
        }
    }

    async fn token(&self, store: &Store, now: Millis) -> Result<String, WechatError> {
        let url = format!(
            "{}/cgi-bin/token?grant_type=client_credential&appid={}&secret={}",
            self.base,
            encode(self.app_id),
            encode(self.secret)
        );
        fetch_kept(store, now, &url, ("access_token", "access_token")).await
    }

    async fn ticket(&self, store: &Store, now: Millis, token: &str) -> Result<String, WechatError> {
        let url = format!(
            "{}/cgi-bin/ticket/getticket?access_token={}&type=jsapi",
            self.base,
            encode(token)
        );
        fetch_kept(store, now, &url, ("ticket", "jsapi_ticket")).await
    }
}

/// Fetches `url` and keeps its answer's `field` in the database as `kind` (the name the
/// cache reads it by) until WeChat's `expires_in`.
async fn fetch_kept(
    store: &Store,
    now: Millis,
    url: &str,
    (field, kind): (&str, &str),
) -> Result<String, WechatError> {
    let answer = fetch_value(url).await?;
    let value = answer[field]
        .as_str()
        .ok_or_else(|| WechatError::Upstream(format!("no {field}")))?
        .to_owned();
    let expires = now + answer["expires_in"].as_i64().unwrap_or(7200) * 1000;
    store::wechat::keep(&mut *store.conn().await?, kind, &value, expires).await?;
    Ok(value)
}

/// The signed JS-SDK config for a page of this site (whose public origin is
/// `public_url`) at `url`.
pub async fn jssdk_config(
    store: &Store,
    (config, public_url): (&WechatConfig, &str),
    now: Millis,
    url: &str,
) -> ApiResult<JsSdkConfig> {
    let app_id = config.wechat_app_id.clone().ok_or(ApiError::new(
        ErrorCode::WechatNotConfigured,
        "WeChat sharing is not configured on this server",
    ))?;
    let url = sign::signable_url(url.trim());
    if !sign::on_our_origin(url, public_url) || url.len() > 2000 {
        return Err(ApiError::invalid(format!(
            "url must be the full URL of a page of this site ({public_url}/…)"
        )));
    }
    let ticket = jsapi_ticket(store, config, now)
        .await
        .map_err(|e| match e {
            WechatError::NotConfigured => ApiError::new(
                ErrorCode::WechatNotConfigured,
                "WeChat sharing is not configured on this server",
            ),
            e @ (WechatError::Upstream(_) | WechatError::Refused(..)) => {
                tracing::warn!("WeChat: {e}");
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
