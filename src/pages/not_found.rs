//! Any path the app does not know.

use crate::{
    components::common::{icons, EmptyState},
    state::locale::use_locale,
};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let locale = use_locale();
    view! {
        <EmptyState
            icon=icons::compass
            title=Signal::derive(move || locale.t().not_found_title)
            body=Signal::derive(move || locale.t().not_found_body)
        >
            <A href="/" attr:class="btn btn-primary">{move || locale.t().back_home}</A>
        </EmptyState>
    }
}
