//! 发现 (`/discover`): browse and search products. Open to everyone.

use crate::{
    components::common::{icons, EmptyState},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn DiscoverPage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <header class="page-head">
            <h1>{t.tab_discover}</h1>
        </header>
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <span class="search-icon" aria-hidden="true">{icons::search()}</span>
            <input type="search" aria-label=t.discover_search_placeholder
                placeholder=t.discover_search_placeholder/>
        </form>
        <EmptyState
            icon=icons::bag
            title=t.discover_empty_title
            body=t.discover_empty_body
        />
    }
}
