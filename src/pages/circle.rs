//! 购物圈 (`/`): the feed of friends' and followed sharers' purchases.

use crate::state::route::Link;
use crate::{
    components::common::{icons, EmptyState, RequireLogin},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn CirclePage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <RequireLogin children=move |me| view! {
            <header class="page-head">
                <h1>{t.tab_circle}</h1>
                <span class="page-sub">{me.display_name}</span>
            </header>
            <EmptyState
                icon=icons::friends
                title=t.circle_empty_title
                body=t.circle_empty_body
            >
                <Link href="/discover" class="btn btn-primary">{t.go_discover}</Link>
            </EmptyState>
        }/>
    }
}
