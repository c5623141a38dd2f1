//! A share's public page (`/s/{code}`): what a friend opens from a chat. The server has
//! already rendered the share's card (and its data) into the HTML; this page renders the
//! same card from the same function (`circle_markup::share_card`), so taking over shows
//! no jump. It lets the friend buy and pass it on; only a tap on the share's product or
//! its buy button is reported as a click (attribution), never the page view itself.

use crate::state::route::Route;
use crate::{
    api::{self, ApiError},
    components::{product::Checkout, share::ShareOut},
    state::{locale::use_locale, route::Link, session::use_session},
    wechat,
};
use circle_api::{ErrorCode, ShareView};
use leptos::prelude::*;

/// The share the server embedded for this code, taken once.
fn embedded(code: &str) -> Option<ShareView> {
    let el = document().get_element_by_id("circle-share")?;
    let text = el.text_content()?;
    el.remove();
    let share: ShareView = crate::api::json::from_str(&text).ok()?;
    (share.code == code).then_some(share)
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
    move || {
        match share.get() {
        None => view! { <p class="loading">{t.loading}</p> }.into_any(),
        Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! {
            <div class="landing">
                <div class="landing-brand">{t.app_name}</div>
                <div class="empty card">
                    <h1>{t.not_found_title}</h1>
                    <p class="muted">{t.not_found_body}</p>
                    <Link href=Route::Discover.href() class="btn btn-primary">{t.pages().browse_first}</Link>
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

/// The shared card comes from `circle_markup` — the very string the server rendered —
/// and the actions under it are the app's buttons.
#[component]
fn LandingView(share: ShareView) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let p = share.product.clone();
    let title = format!(
        "{} {}：{}",
        share.author.display_name, t.share_title_suffix, p.title
    );
    let labels = circle_markup::Labels {
        brand: tp.landing_brand,
        verified: t.verified_badge,
        ad: t.ad_badge,
        disclosure: tp.commission_disclosure,
    };
    let card = circle_markup::share_card(&share, &labels);
    let code = share.code.clone();
    let link = Route::ShareLanding(code.clone()).href();
    wechat::offer(wechat::Card {
        title: title.clone(),
        desc: share.text.chars().take(60).collect(),
        image: wechat::absolute(&format!("{link}/card-square.jpg")),
        link: wechat::absolute(&link),
    });
    view! {
        <div class="landing">
            <div class="landing-top" inner_html=card
                on:click=move |ev| api::earnings::tap_link(&ev, &code)></div>
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
    let tp = t.pages();
    let session = use_session();
    let checkout = Checkout::new(t);
    let bought = checkout.bought;
    let pending = move || checkout.pending();
    let p = share.product.clone();
    let product_id = p.id;
    let code = StoredValue::new(share.code.clone());
    // The tap is the click: recorded first, so the purchase it leads to is credited.
    let buy = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::earnings::click(&code.get_value()).await;
            checkout.buy(product_id, 1);
        });
    };
    let next = format!(
        "{}?next={}",
        Route::Register.href(),
        Route::ShareLanding(share.code.clone()).href()
    );
    let price = circle_api::Yuan(p.price_cents).to_string();
    if !p.buyable {
        return view! { <p class="card notice" role="status">{tp.not_buyable}</p> }.into_any();
    }
    // Inside WeChat, logged out: log in with WeChat (two taps) and come back here.
    let wechat_login = wechat::in_wechat()
        .then(|| wechat::login_href(&Route::ShareLanding(share.code.clone()).href(), false));
    view! {
        <Show when=move || session.user().is_some() fallback=move || match wechat_login.clone() {
            // Logged out: the tap is recorded for this browser and becomes the account's
            // when it registers or logs in. WeChat login leaves the page, so the tap is
            // recorded first, then the browser goes.
            Some(href) => view! {
                <a href=href.clone() class="btn btn-primary btn-block btn-wechat" on:click=move |ev| {
                    ev.prevent_default();
                    let href = href.clone();
                    leptos::task::spawn_local(async move {
                        let _ = api::earnings::click(&code.get_value()).await;
                        let _ = window().location().assign(&href);
                    });
                }>{tp.wechat_buy}</a>
            }.into_any(),
            None => view! {
                <div class="tap" on:click=move |ev| api::earnings::tap_link(&ev, &code.get_value())>
                    <Link href=next.clone() class="btn btn-primary btn-block">{tp.buy_now}</Link>
                </div>
            }.into_any(),
        }>
            <button type="button" class="btn btn-primary btn-block" disabled=pending on:click=buy>
                {let price = price.clone(); move || if pending() { tp.buying.to_owned() } else { format!("{} · {}", tp.buy_now, price) }}
            </button>
        </Show>
        {move || checkout.error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        <Show when=move || bought.get().is_some()>
            <p class="success" role="status">{tp.bought}" "<Link href=Route::Me.href()>{tp.view_orders}</Link></p>
        </Show>
    }
    .into_any()
}
