//! The router and the shell: offline notice, the page, the bottom tab bar.

use crate::{
    components::common::{icons, ErrorView, OfflineBanner},
    pages,
    state::{
        locale::{use_locale, LocaleState},
        network::Online,
        session::Session,
    },
};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_location,
    path,
};

#[component]
pub fn App() -> impl IntoView {
    LocaleState::provide();
    Online::provide();
    Session::provide();
    view! {
        <Router>
            <OfflineBanner/>
            <main class="page">
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=pages::circle::CirclePage/>
                        <Route path=path!("/discover") view=pages::discover::DiscoverPage/>
                        <Route path=path!("/share") view=pages::share::SharePage/>
                        <Route path=path!("/earnings") view=pages::earnings::EarningsPage/>
                        <Route path=path!("/me") view=pages::me::MePage/>
                        <Route path=path!("/login") view=pages::login::LoginPage/>
                        <Route path=path!("/register") view=pages::register::RegisterPage/>
                    </Routes>
                </ErrorBoundary>
            </main>
            <TabBar/>
        </Router>
    }
}

#[component]
fn TabBar() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let hidden = move || matches!(location.pathname.get().as_str(), "/login" | "/register");
    let tab = move |href: &'static str,
                    icon: fn() -> AnyView,
                    label: fn(&crate::i18n::Strings) -> &'static str,
                    class: &'static str| {
        view! {
            <A href=href attr:class=class exact=true>
                <span class="tab-icon">{icon()}</span>
                <span class="tab-label">{move || label(locale.t())}</span>
            </A>
        }
    };
    view! {
        <nav class="tabbar" aria-label="main" class:hidden=hidden>
            {tab("/", icons::circle, |s| s.tab_circle, "tab")}
            {tab("/discover", icons::compass, |s| s.tab_discover, "tab")}
            {tab("/share", icons::plus, |s| s.tab_share, "tab tab-share")}
            {tab("/earnings", icons::wallet, |s| s.tab_earnings, "tab")}
            {tab("/me", icons::person, |s| s.tab_me, "tab")}
        </nav>
    }
}
