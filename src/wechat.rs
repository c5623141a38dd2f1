//! Inside WeChat's in-app browser: WeChat's JS-SDK (served from our origin as
//! `/jweixin.js`), configured with the server's signature, hands WeChat the card of the
//! page on screen, so forwarding it with "···" shows our title, words and picture.
//! Outside WeChat none of this loads. When the config fails (or no app id is set), the
//! share button's guide overlay stays as it is.

use circle_api::JsSdkConfig;
use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What WeChat shows for a forwarded page. `link` and `image` are absolute URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub title: String,
    pub desc: String,
    pub link: String,
    pub image: String,
}

#[derive(Default)]
struct Sdk {
    loaded: bool,
    /// The URL the current config was signed for; `None` before any (or after a failure).
    configured_for: Option<String>,
    /// The URL the app was entered at: what WeChat on iOS checks the signature against,
    /// whatever the single-page app's routes did to the address bar since.
    entry_url: String,
}

thread_local! {
    static SDK: RefCell<Sdk> = RefCell::new(Sdk::default());
}

fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}

/// True inside WeChat's in-app browser.
pub fn in_wechat() -> bool {
    user_agent().contains("MicroMessenger")
}

fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Notes the entry URL; call once before the router changes the address.
pub fn remember_entry_url() {
    SDK.with(|s| s.borrow_mut().entry_url = href());
}

/// The URL WeChat verifies the signature against, without its `#fragment`: on iOS the
/// URL the app was entered at, elsewhere the current one.
fn signed_url() -> String {
    let ua = user_agent();
    let ios = ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod");
    let url = if ios {
        SDK.with(|s| s.borrow().entry_url.clone())
    } else {
        href()
    };
    url.split('#').next().unwrap_or_default().to_owned()
}

/// Hands WeChat `card` for this page (inside WeChat only; failures are quiet: WeChat
/// then shows its own card and the guide overlay still explains "···").
pub fn offer(card: Card) {
    if !in_wechat() {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Err(e) = offer_now(&card).await {
            web_sys::console::warn_2(&"WeChat share card not set:".into(), &e);
        }
    });
}

async fn offer_now(card: &Card) -> Result<(), JsValue> {
    load_sdk().await?;
    configure(&signed_url()).await?;
    let wx = wx()?;
    let data = object(&[
        ("title", card.title.as_str()),
        ("desc", card.desc.as_str()),
        ("link", card.link.as_str()),
        ("imgUrl", card.image.as_str()),
    ]);
    for name in ["updateAppMessageShareData", "updateTimelineShareData"] {
        method(&wx, name)?.call1(&wx, &data)?;
    }
    Ok(())
}

fn wx() -> Result<JsValue, JsValue> {
    let wx = js_sys::Reflect::get(&js_sys::global(), &"wx".into())?;
    if wx.is_undefined() {
        return Err("the JS-SDK did not define wx".into());
    }
    Ok(wx)
}

fn method(target: &JsValue, name: &str) -> Result<js_sys::Function, JsValue> {
    js_sys::Reflect::get(target, &name.into())?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| JsValue::from(format!("wx.{name} is missing")))
}

fn object(fields: &[(&str, &str)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), &(*v).into());
    }
    o
}

/// Adds `<script src="/jweixin.js">` once and waits for it.
async fn load_sdk() -> Result<(), JsValue> {
    if SDK.with(|s| s.borrow().loaded) {
        return Ok(());
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let script = document.create_element("script")?;
    script.set_attribute("src", "/jweixin.js")?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = js_sys::Reflect::set(&script, &"onload".into(), &resolve);
        let _ = js_sys::Reflect::set(&script, &"onerror".into(), &reject);
    });
    document.head().ok_or("no head")?.append_child(&script)?;
    JsFuture::from(loaded).await?;
    SDK.with(|s| s.borrow_mut().loaded = true);
    Ok(())
}

/// `wx.config` with the server's signature for `url`, waiting for `wx.ready` or
/// `wx.error`; once per URL.
async fn configure(url: &str) -> Result<(), JsValue> {
    if SDK.with(|s| s.borrow().configured_for.as_deref() == Some(url)) {
        return Ok(());
    }
    let path = format!(
        "/api/v1/wechat/jssdk-config?url={}",
        String::from(js_sys::encode_uri_component(url))
    );
    let signed: JsSdkConfig = crate::api::get(&path)
        .await
        .map_err(|e| JsValue::from(e.to_string()))?;
    let wx = wx()?;
    let config = object(&[
        ("appId", signed.app_id.as_str()),
        ("nonceStr", signed.nonce_str.as_str()),
        ("signature", signed.signature.as_str()),
    ]);
    js_sys::Reflect::set(
        &config,
        &"timestamp".into(),
        &(signed.timestamp as f64).into(),
    )?;
    let apis = js_sys::Array::of2(
        &"updateAppMessageShareData".into(),
        &"updateTimelineShareData".into(),
    );
    js_sys::Reflect::set(&config, &"jsApiList".into(), &apis)?;
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        let ready = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let error = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        if let (Ok(on_ready), Ok(on_error)) = (method(&wx, "ready"), method(&wx, "error")) {
            let _ = on_ready.call1(&wx, &ready);
            let _ = on_error.call1(&wx, &error);
        }
    });
    method(&wx, "config")?.call1(&wx, &config)?;
    JsFuture::from(settled).await?;
    SDK.with(|s| s.borrow_mut().configured_for = Some(url.to_owned()));
    Ok(())
}

/// WeChat login (the server's `/auth/wechat`), then back to `next`; `link` links the
/// logged-in account instead.
pub fn login_href(next: &str, link: bool) -> String {
    format!(
        "/auth/wechat?next={}{}",
        String::from(js_sys::encode_uri_component(next)),
        if link { "&link=1" } else { "" }
    )
}

/// `path` on this site as an absolute URL.
pub fn absolute(path: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{path}")
}
