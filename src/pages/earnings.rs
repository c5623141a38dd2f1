//! 收益 (`/earnings`): commissions earned through one's shares.

use crate::{
    components::common::{icons, EmptyState, RequireLogin},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn EarningsPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <RequireLogin children=move |_| view! {
            <header class="page-head"><h1>{move || locale.t().tab_earnings}</h1></header>
            <EmptyState
                icon=icons::wallet
                title=Signal::derive(move || locale.t().earnings_empty_title)
                body=Signal::derive(move || locale.t().earnings_empty_body)
            />
            <p class="fineprint">{move || locale.t().earnings_rules}</p>
        }/>
    }
}
