//! A notice while the browser is offline (the service worker keeps the shell working).

use crate::state::{locale::use_locale, network::use_online};
use leptos::prelude::*;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let online = use_online();
    let t = use_locale().t();
    view! {
        <Show when=move || !online.0.get()>
            <div class="offline" role="status">{t.offline_notice}</div>
        </Show>
    }
}
