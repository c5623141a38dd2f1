//! The pages a first visit to the circle does not need. Split the same way: a share
//! card's comments (`components::share::comments`), its share sheets (`share_out`), what
//! it does seldom (editing, deleting, reporting: `share::lazy::seldom`), and the English
//! strings (`i18n`).
//! With the `split` feature (what `cargo xtask build` builds) each group below is Leptos'
//! `#[lazy]`: its code and what only it uses go into a WASM module of its own, which
//! `cargo xtask build` cuts out of the main one with `wasm-split-cli` and the browser
//! fetches on the first visit of one of its pages. Without the feature they are plain
//! `async fn`s in the one module (`cargo xtask build --no-split`).
//!
//! Pages are grouped by who goes where together rather than one module each: the
//! splitter puts code that several modules share into a chunk per combination of them,
//! and one split point per page made 190 files, up to 80 requests for one page. With
//! five page groups and the four above, `cargo xtask build` packs each group's module and the
//! chunks it needs into one file (`xtask/src/build_packs.rs`): 4 requests a page.
//!
//! Each group's function runs once its module is in, and first yields: instantiating the
//! module and drawing the page are two shorter tasks on a slow phone, not one long one.
//!
//! `#[lazy]` exports each split point with `#[no_mangle]`, which the `unsafe_code` lint
//! counts; this module and that one are the places allowed it.

use crate::{pages, state::route::Route};
#[cfg(feature = "split")]
use leptos::lazy;
use leptos::prelude::*;

/// The view of `route`, once its group's module is loaded. Routes the main module
/// renders itself (the circle, not-found) are rendered there, not here.
pub async fn page(route: Route) -> AnyView {
    match route {
        Route::Product(_) | Route::Question(_) | Route::ProductQuestions(_) => topic(route).await,
        Route::Discover | Route::Profile(_) | Route::Shop(_) | Route::ShareLanding(_) => {
            browse(route).await
        }
        Route::Me | Route::Earnings | Route::Notifications | Route::Share => mine(route).await,
        Route::Login | Route::Register => account(route).await,
        Route::Merchant | Route::MerchantApply | Route::Moderation => work(route).await,
        Route::Circle | Route::NotFound => view! { <pages::not_found::NotFound/> }.into_any(),
    }
}

/// A product's topic page, its questions and a question (问大家): where people land
/// from a share or a search, so the smallest group a first visit can need.
#[cfg_attr(feature = "split", lazy)]
async fn topic(route: Route) -> AnyView {
    crate::app::yield_now().await;
    match route {
        Route::Product(id) => view! { <pages::product::ProductPage id/> }.into_any(),
        Route::Question(id) => view! { <pages::question::QuestionPage id/> }.into_any(),
        Route::ProductQuestions(id) => {
            view! { <pages::product_questions::ProductQuestionsPage id/> }.into_any()
        }
        _ => view! { <pages::not_found::NotFound/> }.into_any(),
    }
}

/// What else anyone can look at: discover, people, shops, and a share page (whose share
/// the server has already rendered into `index.html`, which stays on screen until this
/// module has loaded and renders the same markup).
#[cfg_attr(feature = "split", lazy)]
async fn browse(route: Route) -> AnyView {
    crate::app::yield_now().await;
    match route {
        Route::Discover => view! { <pages::discover::DiscoverPage/> }.into_any(),
        Route::Profile(handle) => view! { <pages::profile::ProfilePage handle/> }.into_any(),
        Route::Shop(id) => view! { <pages::shop::ShopPage id/> }.into_any(),
        Route::ShareLanding(code) => view! { <pages::landing::LandingPage code/> }.into_any(),
        _ => view! { <pages::not_found::NotFound/> }.into_any(),
    }
}

/// The logged-in user's own pages: 我的, earnings, notifications, posting a share.
#[cfg_attr(feature = "split", lazy)]
async fn mine(route: Route) -> AnyView {
    crate::app::yield_now().await;
    match route {
        Route::Me => view! { <pages::me::MePage/> }.into_any(),
        Route::Earnings => view! { <pages::earnings::EarningsPage/> }.into_any(),
        Route::Notifications => view! { <pages::notifications::NotificationsPage/> }.into_any(),
        Route::Share => view! { <pages::share::SharePage/> }.into_any(),
        _ => view! { <pages::not_found::NotFound/> }.into_any(),
    }
}

/// Logging in and registering.
#[cfg_attr(feature = "split", lazy)]
async fn account(route: Route) -> AnyView {
    crate::app::yield_now().await;
    match route {
        Route::Register => view! { <pages::register::RegisterPage/> }.into_any(),
        _ => view! { <pages::login::LoginPage/> }.into_any(),
    }
}

/// Merchants' and moderators' work: the shop console, applying to sell, moderation.
#[cfg_attr(feature = "split", lazy)]
async fn work(route: Route) -> AnyView {
    crate::app::yield_now().await;
    match route {
        Route::Merchant => view! { <pages::merchant::MerchantPage/> }.into_any(),
        Route::MerchantApply => view! { <pages::merchant_apply::ApplyPage/> }.into_any(),
        _ => view! { <pages::moderation::ModerationPage/> }.into_any(),
    }
}
