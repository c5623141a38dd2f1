//! 分享 (`/share`): share a delivered purchase into the circle.

use crate::{
    components::common::{icons, EmptyState, RequireLogin},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn SharePage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <RequireLogin children=move |_| view! {
            <header class="page-head"><h1>{t.tab_share}</h1></header>
            <EmptyState
                icon=icons::bag
                title=t.share_empty_title
                body=t.share_empty_body
            />
        }/>
    }
}
