//! The pages a first visit to the circle or a share page does not need. With the `split`
//! feature (what `cargo xtask build` builds) each is Leptos's `#[lazy]`: its code and
//! what only it uses go into a WASM module of its own, which `cargo xtask build` cuts out
//! of the main one with `wasm-split-cli` and the browser fetches on the page's first
//! visit. Without the feature they are plain `async fn`s in the one module, for builds
//! without the splitter (`cargo xtask build --no-split`, `trunk serve`).
//!
//! `#[lazy]` exports each split point with `#[no_mangle]`, which the `unsafe_code` lint
//! counts; this module is the one place allowed it (see `lib.rs`).

use crate::{pages, state::route::Route};
#[cfg(feature = "split")]
use leptos::lazy;
use leptos::prelude::*;

/// The view of `route`, once its module is loaded. Routes the main module renders
/// itself (the circle, a share page, not-found) are rendered there, not here.
pub async fn page(route: Route) -> AnyView {
    match route {
        Route::Discover => discover().await,
        Route::Share => share().await,
        Route::Earnings => earnings().await,
        Route::Me => me().await,
        Route::Login => login().await,
        Route::Register => register().await,
        Route::Product(id) => product(id).await,
        Route::Profile(handle) => profile(handle).await,
        Route::Notifications => notifications().await,
        Route::Moderation => moderation().await,
        Route::Merchant => merchant().await,
        Route::MerchantApply => merchant_apply().await,
        Route::Shop(id) => shop(id).await,
        Route::Question(id) => question(id).await,
        Route::ProductQuestions(id) => product_questions(id).await,
        Route::Circle | Route::ShareLanding(_) | Route::NotFound => {
            view! { <pages::not_found::NotFound/> }.into_any()
        }
    }
}

#[cfg_attr(feature = "split", lazy)]
async fn discover() -> AnyView {
    view! { <pages::discover::DiscoverPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn share() -> AnyView {
    view! { <pages::share::SharePage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn earnings() -> AnyView {
    view! { <pages::earnings::EarningsPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn me() -> AnyView {
    view! { <pages::me::MePage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn login() -> AnyView {
    view! { <pages::login::LoginPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn register() -> AnyView {
    view! { <pages::register::RegisterPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn product(id: i64) -> AnyView {
    view! { <pages::product::ProductPage id/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn profile(handle: String) -> AnyView {
    view! { <pages::profile::ProfilePage handle/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn notifications() -> AnyView {
    view! { <pages::notifications::NotificationsPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn moderation() -> AnyView {
    view! { <pages::moderation::ModerationPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn merchant() -> AnyView {
    view! { <pages::merchant::MerchantPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn merchant_apply() -> AnyView {
    view! { <pages::merchant_apply::ApplyPage/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn shop(id: i64) -> AnyView {
    view! { <pages::shop::ShopPage id/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn question(id: i64) -> AnyView {
    view! { <pages::question::QuestionPage id/> }.into_any()
}

#[cfg_attr(feature = "split", lazy)]
async fn product_questions(id: i64) -> AnyView {
    view! { <pages::product_questions::ProductQuestionsPage id/> }.into_any()
}
