//! A share's public page (`/s/{code}`): what a friend opens from a chat. The server has
//! already rendered this markup (and the share's data) into the HTML; this page renders
//! the same elements from that data, so taking over shows no jump. It reports the view
//! as a click once the page is really visible, and lets the friend buy and pass it on.

use crate::state::route::Route;
use crate::{
    api::{self, ApiError},
    components::{
        people::initial,
        product::Checkout,
        share::{stars, ShareOut},
    },
    state::{locale::use_locale, route::Link, session::use_session},
};
use circle_api::{ErrorCode, ShareView};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The share the server embedded for this code, taken once.
fn embedded(code: &str) -> Option<ShareView> {
    let el = document().get_element_by_id("circle-share")?;
    let text = el.text_content()?;
    el.remove();
    let value = js_sys::JSON::parse(&text).ok()?;
    let share: ShareView = serde_wasm_bindgen::from_value(value).ok()?;
    (share.code == code).then_some(share)
}

fn visible() -> bool {
    js_sys::Reflect::get(&document(), &JsValue::from_str("visibilityState"))
        .ok()
        .and_then(|v| v.as_string())
        .is_none_or(|s| s == "visible")
}

/// Reports one click for this page view, when the page is (or becomes) visible: a
/// prerender or a background tab does not count until someone looks at it.
fn report_view(code: String) {
    let sent = StoredValue::new(false);
    let send = move || {
        if sent.get_value() || !visible() {
            return;
        }
        sent.set_value(true);
        let code = code.clone();
        leptos::task::spawn_local(async move {
            let _ = api::earnings::click(&code).await;
        });
    };
    send();
    if !sent.get_value() {
        let handle = window_event_listener_untyped("visibilitychange", move |_| send());
        on_cleanup(move || handle.remove());
    }
}

#[component]
pub fn LandingPage(code: String) -> impl IntoView {
    let t = use_locale().t();
    let share = RwSignal::new(embedded(&code).map(Ok::<_, ApiError>));
    if share.get_untracked().is_none() {
        let code = code.clone();
        leptos::task::spawn_local(async move {
            share.set(Some(api::shares::by_code(&code).await));
        });
    }
    report_view(code);
    move || {
        match share.get() {
        None => view! { <p class="loading">{t.loading}</p> }.into_any(),
        Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! {
            <div class="landing">
                <div class="landing-brand">{t.app_name}</div>
                <div class="empty card">
                    <h1>{t.not_found_title}</h1>
                    <p class="muted">{t.not_found_body}</p>
                    <Link href=Route::Discover.href() class="btn btn-primary">{t.browse_first}</Link>
                </div>
            </div>
        }
        .into_any(),
        Some(Err(e)) => {
            view! { <p class="form-error" role="alert">{t.error(e.code(), None, None)}</p> }
                .into_any()
        }
        Some(Ok(share)) => view! { <LandingView share/> }.into_any(),
    }
    }
}

/// Keep in step with `crates/server/src/http/landing.rs`, which renders the same markup.
#[component]
fn LandingView(share: ShareView) -> impl IntoView {
    let t = use_locale().t();
    let p = share.product.clone();
    let initial = initial(&share.author.display_name);
    let title = format!(
        "{} {}：{}",
        share.author.display_name, t.share_title_suffix, p.title
    );
    view! {
        <div class="landing">
            <div class="landing-brand">{t.landing_brand}</div>
            <article class="landing-card card">
                {p.image_url.clone().map(|src| view! {
                    <img class="landing-img" src=src alt=p.title.clone() width="480" height="480"/>
                })}
                <div class="landing-body">
                    <h1 class="landing-title">{p.title.clone()}</h1>
                    <p class="landing-price price">{circle_api::Yuan(p.price_cents).to_string()}</p>
                    <div class="share-head">
                        <span class="avatar small" aria-hidden="true">{initial}</span>
                        <div>
                            <span class="share-author">{share.author.display_name.clone()}</span>
                            {share.verified_purchase.then(|| view! { <span class="badge verified">{t.verified_badge}</span> })}
                            {share.is_ad.then(|| view! { <span class="badge ad">{t.ad_badge}</span> })}
                            {share.rating.map(|r| view! { <span class="stars" aria-label=format!("{r}/5")>{stars(r)}</span> })}
                        </div>
                    </div>
                    <p class="share-text">{share.text.clone()}</p>
                    {(!share.photos.is_empty()).then(|| view! {
                        <div class="share-photos">
                            {share.photos.iter().map(|src| view! { <img src=src.clone() alt=""/> }).collect_view()}
                        </div>
                    })}
                    {p.earns_commission.then(|| view! { <p class="landing-disclosure muted">{t.commission_disclosure}</p> })}
                </div>
            </article>
            <div class="landing-actions">
                <LandingBuy share=share.clone()/>
                {(p.status == circle_api::ProductStatus::Active).then(|| view! {
                    <ShareOut code=share.code.clone() title primary=true/>
                })}
            </div>
        </div>
    }
}

/// Buy one at once when logged in; otherwise log in (or register) and come back here,
/// which keeps the click: it was bound to the new account.
#[component]
fn LandingBuy(share: ShareView) -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let checkout = Checkout::new(t);
    let bought = checkout.bought;
    let pending = move || checkout.pending();
    let p = share.product.clone();
    let product_id = p.id;
    let buy = move |_| checkout.buy(product_id, 1);
    let next = format!(
        "{}?next={}",
        Route::Register.href(),
        Route::ShareLanding(share.code.clone()).href()
    );
    let price = circle_api::Yuan(p.price_cents).to_string();
    if !p.buyable {
        return view! { <p class="card notice" role="status">{t.not_buyable}</p> }.into_any();
    }
    view! {
        <Show when=move || session.user().is_some() fallback=move || view! {
            <Link href=next.clone() class="btn btn-primary btn-block">{t.buy_now}</Link>
        }>
            <button type="button" class="btn btn-primary btn-block" disabled=pending on:click=buy>
                {let price = price.clone(); move || if pending() { t.buying.to_owned() } else { format!("{} · {}", t.buy_now, price) }}
            </button>
        </Show>
        {move || checkout.error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Show when=move || bought.get().is_some()>
            <p class="success" role="status">{t.bought}" "<Link href=Route::Me.href()>{t.view_orders}</Link></p>
        </Show>
    }
    .into_any()
}
