//! Logging in with WeChat (网页授权, scope `snsapi_userinfo`): the code WeChat sends back
//! is exchanged for the person's openid, then their nickname and avatar; a known openid
//! logs into its account, a new one gets an account of its own (the nickname as its name,
//! a generated handle), and a logged-in account can link or unlink its WeChat. Share taps
//! made before logging in become the account's, as at password login.

use super::{
    accounts::{self, Browser, Session},
    limits, views,
    wechat::{encode, fetch_value, WechatError},
    ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    config::WechatConfig,
    domain::{accounts::DisplayName, limits as rates},
    store::{self, wechat::Identity, Locked, Store},
};
use circle_api::{ErrorCode, Role, WechatLink, HANDLE_MAX};

/// The person WeChat vouches for.
#[derive(Debug, Clone)]
pub struct Person {
    pub openid: String,
    pub unionid: Option<String>,
    pub nickname: String,
    pub avatar_url: String,
}

impl Person {
    fn identity(&self) -> Identity<'_> {
        Identity {
            openid: &self.openid,
            unionid: self.unionid.as_deref(),
            nickname: &self.nickname,
            avatar_url: &self.avatar_url,
        }
    }
}

/// Why a WeChat login did not happen.
#[derive(Debug)]
pub enum Failed {
    /// The code was used already or has expired (40163, 40029, 41008): start again.
    Code,
    /// WeChat is not configured, did not answer, or refused otherwise.
    Wechat(WechatError),
}

/// WeChat's authorize URL for our callback `redirect`, with the fresh `state` (128
/// random bits) it carries, which the browser must show again at the callback.
/// (url, state); `None` when WeChat is not configured.
pub fn authorize_url(config: &WechatConfig, redirect: &str) -> Option<(String, String)> {
    let app_id = config.wechat_app_id.as_deref()?;
    config.wechat_app_secret.as_deref()?;
    let state = store::media::new_token();
    let url = format!(
        "{}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code&scope=snsapi_userinfo&state={}#wechat_redirect",
        config.wechat_open_base.trim_end_matches('/'),
        encode(app_id),
        encode(redirect),
        encode(&state),
    );
    Some((url, state))
}

/// Exchanges `code` for the person: openid (and unionid), then nickname and avatar.
pub async fn person(config: &WechatConfig, code: &str) -> Result<Person, Failed> {
    let (Some(app_id), Some(secret)) = (&config.wechat_app_id, &config.wechat_app_secret) else {
        return Err(Failed::Wechat(WechatError::NotConfigured));
    };
    let base = config.wechat_api_base.trim_end_matches('/');
    let refused = |e: WechatError| match e {
        WechatError::Refused(40163 | 40029 | 41008, _) => Failed::Code,
        e => Failed::Wechat(e),
    };
    let token = fetch_value(&format!(
        "{base}/sns/oauth2/access_token?appid={}&secret={}&code={}&grant_type=authorization_code",
        encode(app_id),
        encode(secret),
        encode(code)
    ))
    .await
    .map_err(refused)?;
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().map(str::to_owned);
    let (Some(access), Some(openid)) = (text(&token, "access_token"), text(&token, "openid"))
    else {
        return Err(Failed::Wechat(WechatError::Upstream(
            "no access_token or openid".into(),
        )));
    };
    let info = fetch_value(&format!(
        "{base}/sns/userinfo?access_token={}&openid={}&lang=zh_CN",
        encode(&access),
        encode(&openid)
    ))
    .await
    .map_err(Failed::Wechat)?;
    Ok(Person {
        unionid: text(&info, "unionid").or_else(|| text(&token, "unionid")),
        nickname: text(&info, "nickname").unwrap_or_default(),
        avatar_url: text(&info, "headimgurl").unwrap_or_default(),
        openid,
    })
}

/// A name for the account: the nickname if it is a valid one, else "微信用户".
fn display_name(nickname: &str) -> String {
    let clipped: String = nickname
        .chars()
        .take(circle_api::DISPLAY_NAME_MAX)
        .collect();
    DisplayName::parse(&clipped).map_or_else(|_| "微信用户".to_owned(), |n| n.as_str().to_owned())
}

/// A handle nobody has: `wx_` and random letters and digits (the owner may never need it).
fn new_handle() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let tail: String = (0..10)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect();
    let handle = format!("wx_{tail}");
    handle.chars().take(HANDLE_MAX).collect()
}

/// Logs `person` in: into the account linked to their openid, or a new one (counted
/// against the address's registrations, like a sign-up).
pub async fn log_in(
    store: &Store,
    now: Millis,
    browser: &Browser<'_>,
    person: &Person,
) -> ApiResult<Session> {
    let mut tx = store.begin().await?;
    if let Some(user) = store::wechat::account_of(&mut tx, &person.openid).await? {
        let session = accounts::start(&mut tx, now, browser, views::me(user)).await?;
        tx.commit().await?;
        return Ok(session);
    }
    tx.commit().await?;
    limits::take(
        store,
        now,
        &[(rates::REGISTER_PER_IP, format!("ip:{}", browser.ip))],
    )
    .await?;
    let mut tx = store.begin().await?;
    let name = display_name(&person.nickname);
    let user = store::users::insert(
        &mut tx,
        store::users::NewUser {
            handle: &new_handle(),
            display_name: &name,
            password_hash: "",
            role: Role::Shopper,
            created_at: now,
        },
    )
    .await?;
    if let Err(e) = store::wechat::link(&mut tx, user.id, &person.identity(), now).await {
        // The same person logging in twice at once: the other request made the account.
        drop(tx);
        if store::unique_violation(&e).is_some() {
            return Box::pin(log_in(store, now, browser, person)).await;
        }
        return Err(e.into());
    }
    let session = accounts::start(&mut tx, now, browser, views::me(user)).await?;
    tx.commit().await?;
    Ok(session)
}

/// Links `person` to the logged-in `user`: 409 when that WeChat is another account's or
/// the account has another WeChat already.
pub async fn link(store: &Store, now: Millis, user: i64, person: &Person) -> ApiResult<()> {
    let taken = || {
        ApiError::new(
            ErrorCode::WechatLinked,
            "This WeChat is linked to another account, or this account to another WeChat.",
        )
    };
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::User, user).await?;
    if let Some(owner) = store::wechat::account_of(&mut tx, &person.openid).await? {
        return if owner.id == user {
            Ok(())
        } else {
            Err(taken())
        };
    }
    match store::wechat::link(&mut tx, user, &person.identity(), now).await {
        Ok(()) => {}
        Err(e) if store::unique_violation(&e).is_some() => return Err(taken()),
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(())
}

/// Whether `user` has WeChat linked, and can unlink it (only with a password to log in).
pub async fn status(store: &Store, user: i64) -> ApiResult<WechatLink> {
    let (nickname, has_password) = store::wechat::link_of(&mut *store.conn().await?, user).await?;
    Ok(WechatLink {
        linked: nickname.is_some(),
        nickname,
        has_password,
    })
}

/// Unlinks `user`'s WeChat; an account without a password cannot (it could not log in).
pub async fn unlink(store: &Store, user: i64) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::User, user).await?;
    let (_, has_password) = store::wechat::link_of(&mut tx, user).await?;
    if !has_password {
        return Err(ApiError::new(
            ErrorCode::WechatOnly,
            "This account logs in only with WeChat: it cannot be unlinked.",
        ));
    }
    store::wechat::unlink(&mut tx, user).await?;
    tx.commit().await?;
    Ok(())
}
