//! 购物圈 (`/`): the feed of friends' and followed sharers' purchases.

use crate::{
    components::common::{icons, EmptyState, RequireLogin},
    state::locale::use_locale,
};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CirclePage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <RequireLogin children=move |me| view! {
            <header class="page-head">
                <h1>{move || locale.t().tab_circle}</h1>
                <span class="page-sub">{me.display_name}</span>
            </header>
            <EmptyState
                icon=icons::friends
                title=Signal::derive(move || locale.t().circle_empty_title)
                body=Signal::derive(move || locale.t().circle_empty_body)
            >
                <A href="/discover" attr:class="btn btn-primary">{move || locale.t().go_discover}</A>
            </EmptyState>
        }/>
    }
}
