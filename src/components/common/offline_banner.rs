//! A notice while the browser is offline (the service worker keeps the shell working),
//! or while the page shows the service worker's kept copy, with when it was fetched.

use crate::state::{
    locale::use_locale,
    network::{use_kept_at, use_online},
};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let online = use_online();
    let kept_at = use_kept_at();
    let t = use_locale().t();
    let notice = move || match kept_at.0.get() {
        Some(at) => format!("{}{}", t.offline_kept, saved_at(at)),
        None => t.offline_notice.to_string(),
    };
    view! {
        <Show when=move || !online.0.get() || kept_at.0.get().is_some()>
            <div class="offline" role="status">{notice}</div>
        </Show>
    }
}

/// "12/1 14:05", in the phone's time zone.
fn saved_at(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!(
        "{}/{} {:02}:{:02}",
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
