//! Any path the app does not know.

use crate::state::route::Link;
use crate::state::route::Route;
use crate::{
    components::common::{icons, EmptyState},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <EmptyState
            icon=icons::compass
            title=t.not_found_title
            body=t.not_found_body
            page=true
        >
            <Link href=Route::Circle.href() class="btn btn-primary">{t.back_home}</Link>
        </EmptyState>
    }
}
