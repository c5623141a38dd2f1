//! The shell and the routes: offline notice, the current page, the bottom tab bar.

use crate::{
    components::common::{icons, ErrorView, OfflineBanner},
    pages,
    state::{
        locale::{use_locale, LocaleState},
        network::Online,
        route::{use_nav, Link, Nav, Route},
        session::Session,
    },
};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let locale = LocaleState::provide();
    Online::provide();
    Session::provide();
    let nav = Nav::provide();
    let route = Memo::new(move |_| Route::parse(&nav.path()));
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    // Everything below is rebuilt when the language changes, so views hold plain strings.
    move || {
        locale.get();
        view! {
            <OfflineBanner/>
            <main class="page">
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || page(route.get())}
                </ErrorBoundary>
            </main>
            <TabBar/>
        }
    }
}

fn page(route: Route) -> AnyView {
    match route {
        Route::Circle => view! { <pages::circle::CirclePage/> }.into_any(),
        Route::Discover => view! { <pages::discover::DiscoverPage/> }.into_any(),
        Route::Share => view! { <pages::share::SharePage/> }.into_any(),
        Route::Earnings => view! { <pages::earnings::EarningsPage/> }.into_any(),
        Route::Me => view! { <pages::me::MePage/> }.into_any(),
        Route::Login => view! { <pages::login::LoginPage/> }.into_any(),
        Route::Register => view! { <pages::register::RegisterPage/> }.into_any(),
        Route::Product(id) => view! { <pages::product::ProductPage id/> }.into_any(),
        Route::Profile(handle) => view! { <pages::profile::ProfilePage handle/> }.into_any(),
        Route::NotFound => view! { <pages::not_found::NotFound/> }.into_any(),
    }
}

#[component]
fn TabBar() -> impl IntoView {
    let t = use_locale().t();
    let nav = use_nav();
    let hidden = move || matches!(Route::parse(&nav.path()), Route::Login | Route::Register);
    let tab =
        |href: &'static str, icon: fn() -> AnyView, label: &'static str, class: &'static str| {
            view! {
                <Link href=href class=class>
                    <span class="tab-icon">{icon()}</span>
                    <span class="tab-label">{label}</span>
                </Link>
            }
        };
    view! {
        <nav class="tabbar" aria-label="main" class:hidden=hidden>
            {tab("/", icons::circle, t.tab_circle, "tab")}
            {tab("/discover", icons::compass, t.tab_discover, "tab")}
            {tab("/share", icons::plus, t.tab_share, "tab tab-share")}
            {tab("/earnings", icons::wallet, t.tab_earnings, "tab")}
            {tab("/me", icons::person, t.tab_me, "tab")}
        </nav>
    }
}
