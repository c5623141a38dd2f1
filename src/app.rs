//! The shell and the routes: offline notice, the current page, the bottom tab bar.

use crate::{
    components::common::{icons, OfflineBanner},
    pages,
    state::{
        locale::{use_locale, LocaleState},
        network::Online,
        route::{use_nav, Link, Nav, Route},
        session::Session,
        unread::{use_unread, Unread},
    },
};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    crate::wechat::remember_entry_url();
    let locale = LocaleState::provide();
    let session = Session::provide();
    let nav = Nav::provide();
    let path = Memo::new(move |_| nav.path());
    Online::provide(path);
    let route = Memo::new(move |_| Route::parse(&path.get()));
    Unread::provide(session, path);
    // Everything below is rebuilt when the language changes, so views hold plain strings.
    // Nothing is drawn until the language's table is in memory (the splash, or what the
    // server rendered, stays meanwhile).
    move || {
        locale.get()?;
        Some(view! {
            <OfflineBanner/>
            <main class="page" class:page-landing=move || matches!(route.get(), Route::ShareLanding(_))>
                {move || page(route.get())}
            </main>
            <TabBar/>
        })
    }
}

/// The circle and not-found are in the main module; every other page is fetched on its
/// first visit (see `split`). Until the first page is ready the splash, or the share the
/// server rendered into the page, stays where it is.
fn page(route: Route) -> AnyView {
    match route {
        // On the first load, a task of its own after the shell's: two shorter tasks block
        // a slow phone less than one long one (what the server rendered stays meanwhile).
        Route::Circle => Suspend::new(async move {
            if document().get_element_by_id("boot").is_some() {
                yield_now().await;
            }
            remove_boot();
            view! { <pages::circle::CirclePage/> }
        })
        .into_any(),
        Route::NotFound => {
            remove_boot();
            view! { <pages::not_found::NotFound/> }.into_any()
        }
        route => Suspend::new(async move {
            let view = crate::split::page(route).await;
            remove_boot();
            view
        })
        .into_any(),
    }
}

/// Lets the browser run what waits (a paint, input) before going on: the rest runs in
/// a task of its own.
pub(crate) async fn yield_now() {
    let (done, next) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::ZERO,
    );
    let _ = next.await;
}

/// The splash (or the server's rendering of a share page) that `index.html` starts with.
fn remove_boot() {
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
}

#[component]
fn TabBar() -> impl IntoView {
    let t = use_locale().t();
    let nav = use_nav();
    let unread = use_unread();
    let hidden = move || {
        matches!(
            Route::parse(&nav.path()),
            Route::Login | Route::Register | Route::ShareLanding(_)
        )
    };
    let tab = |to: Route, icon: fn() -> AnyView, label: &'static str, class: &'static str| {
        view! {
            <Link href=to.href() class=class>
                <span class="tab-icon">{icon()}</span>
                <span class="tab-label">{label}</span>
            </Link>
        }
    };
    view! {
        <nav class="tabbar" aria-label="main" class:hidden=hidden>
            {tab(Route::Circle, icons::circle, t.tab_circle, "tab")}
            {tab(Route::Discover, icons::compass, t.tab_discover, "tab")}
            {tab(Route::Share, icons::plus, t.tab_share, "tab tab-share")}
            {tab(Route::Earnings, icons::wallet, t.tab_earnings, "tab")}
            <Link href=Route::Me.href() class="tab">
                <span class="tab-icon">
                    {icons::person()}
                    {move || (unread.get() > 0).then(|| view! {
                        <span class="tab-badge" aria-label=t.notifications>{unread.get().min(99)}</span>
                    })}
                </span>
                <span class="tab-label">{t.tab_me}</span>
            </Link>
        </nav>
    }
}
