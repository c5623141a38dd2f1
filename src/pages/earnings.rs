//! 收益 (`/earnings`): commissions earned through one's shares.

use crate::{
    components::common::{icons, EmptyState, RequireLogin},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn EarningsPage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <RequireLogin children=move |_| view! {
            <header class="page-head"><h1>{t.tab_earnings}</h1></header>
            <EmptyState
                icon=icons::wallet
                title=t.earnings_empty_title
                body=t.earnings_empty_body
            />
            <p class="fineprint">{t.earnings_rules}</p>
        }/>
    }
}
