//! Sending a share's link out: the system share sheet (Web Share API) where the browser
//! has one, copy link, a QR code and a poster to save (分享海报); inside WeChat, whose in-app browser shares only
//! through its own menu, the "tap ··· at the top right" guide instead. The prompt never
//! mentions money (WeChat's rules forbid rewarding shares).

use crate::{state::locale::use_locale, wechat::in_wechat};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// `navigator[name]` as a function bound to `target`, when the browser has it.
fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

fn can_system_share() -> bool {
    method(&window().navigator().into(), "share").is_some()
}

/// Opens the system share sheet; a dismissed sheet is not an error worth showing.
fn system_share(title: &str, url: &str) {
    let navigator: JsValue = window().navigator().into();
    let Some(share) = method(&navigator, "share") else {
        return;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
    if let Ok(promise) = share.call1(&navigator, &data) {
        if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}

/// Copies `text` with the Clipboard API; `false` when the browser refused.
pub async fn copy(text: &str) -> bool {
    let navigator: JsValue = window().navigator().into();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Some(write) = method(&clipboard, "writeText") else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(p) => match p.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// What sharing shows: nothing, the share sheet, WeChat's guide, or the poster.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Open {
    Closed,
    Sheet,
    WechatGuide,
    /// The poster (分享海报), full screen, to press and hold to save.
    Poster,
}

/// What the share button opens here: inside WeChat its guide, elsewhere the sheet.
pub fn opening() -> Open {
    if in_wechat() {
        Open::WechatGuide
    } else {
        Open::Sheet
    }
}

/// The share button and what it opens. `title` is the link's title ("林小雨 推荐：…").
#[component]
pub fn ShareOut(code: String, title: String, #[prop(optional)] primary: bool) -> impl IntoView {
    let t = use_locale().t();
    let open = RwSignal::new(Open::Closed);
    let class = if primary {
        "btn btn-secondary btn-block share-out"
    } else {
        "action share-out"
    };
    view! {
        <button type="button" class=class on:click=move |_| open.set(opening()) aria-haspopup="dialog">
            <span class="action-icon" inner_html=circle_markup::icons::svg(circle_markup::icons::SHARE)></span>{t.share_out}
        </button>
        <ShareSheets code title open/>
    }
}

/// The sheet, WeChat's guide or the poster, as `open` says (the button is the caller's).
#[component]
pub fn ShareSheets(code: String, title: String, open: RwSignal<Open>) -> impl IntoView {
    let t = use_locale().t();
    let copied = RwSignal::new(None::<bool>);
    let origin = window().location().origin().unwrap_or_default();
    let url = StoredValue::new(format!("{origin}/s/{code}"));
    let title = StoredValue::new(title);
    let qr = format!("/s/{code}/qr.svg");
    let poster = format!("/s/{code}/poster.png");
    Effect::new(move |_| {
        if open.get() == Open::Closed {
            copied.set(None);
        }
    });
    let on_copy = move |_| {
        leptos::task::spawn_local(async move {
            copied.set(Some(copy(&url.get_value()).await));
        });
    };
    view! {
        <Show when=move || open.get() == Open::WechatGuide>
            <div class="wechat-guide" role="dialog" aria-modal="true" aria-label=t.wechat_guide
                on:click=move |_| open.set(Open::Closed)>
                <svg class="wechat-arrow" viewBox="0 0 80 100" width="80" height="100" aria-hidden="true"
                    fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">
                    <path d="M12 96C18 52 38 24 70 10"/>
                    <path d="M52 6L71 9L64 27"/>
                </svg>
                <p class="wechat-guide-text">{t.wechat_guide}</p>
                <p class="wechat-guide-sub">{t.wechat_guide_sub}</p>
                <button type="button" class="btn btn-primary poster-open"
                    on:click=move |ev| { ev.stop_propagation(); open.set(Open::Poster); }>{t.poster}</button>
                <button type="button" class="btn btn-secondary">{t.close}</button>
            </div>
        </Show>
        <Show when=move || open.get() == Open::Sheet>
            <div class="sheet-backdrop" on:click=move |_| open.set(Open::Closed)></div>
            <div class="sheet card" role="dialog" aria-modal="true" aria-label=t.share_out>
                <img class="qr" src=qr.clone() alt=t.qr_hint width="180" height="180"/>
                <p class="muted center">{t.qr_hint}</p>
                <p class="share-url">{url.get_value()}</p>
                {can_system_share().then(|| view! {
                    <button type="button" class="btn btn-primary btn-block"
                        on:click=move |_| system_share(&title.get_value(), &url.get_value())>{t.system_share}</button>
                })}
                <button type="button" class="btn btn-secondary btn-block" on:click=on_copy>{t.copy_link}</button>
                <button type="button" class="btn btn-secondary btn-block poster-open"
                    on:click=move |_| open.set(Open::Poster)>{t.poster}</button>
                {move || copied.get().map(|ok| if ok {
                    view! { <p class="success" role="status">{t.link_copied}</p> }.into_any()
                } else {
                    view! { <p class="muted" role="status">{url.get_value()}</p> }.into_any()
                })}
                <button type="button" class="link center-block" on:click=move |_| open.set(Open::Closed)>{t.close}</button>
            </div>
        </Show>
        <Show when=move || open.get() == Open::Poster>
            <div class="poster-view" role="dialog" aria-modal="true" aria-label=t.poster>
                <img class="poster" src=poster.clone() alt=t.poster_alt width="750" height="1334"/>
                <p class="poster-save">{t.poster_save}</p>
                <button type="button" class="btn btn-secondary" on:click=move |_| open.set(Open::Closed)>{t.close}</button>
            </div>
        </Show>
    }
}

/// The sheets as a card opens them: with the `split` feature a WASM module of their own,
/// fetched on the first tap of a card's share button (see `crate::split`).
// `#[lazy]` exports the split point with `#[no_mangle]`, which `unsafe_code` counts.
#[allow(unsafe_code)]
pub mod lazy {
    use super::{Open, ShareSheets};
    #[cfg(feature = "split")]
    use leptos::lazy;
    use leptos::prelude::*;

    #[cfg_attr(feature = "split", lazy)]
    pub async fn sheets(code: String, title: String, open: RwSignal<Open>) -> AnyView {
        view! { <ShareSheets code title open/> }.into_any()
    }
}
