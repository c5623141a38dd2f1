//! Markup from `circle_markup` (the strings the server renders before any script) mounted
//! in the app: a `div.markup` (`display: contents`, so it adds no box) whose content is
//! the string, re-rendered when it changes. Its buttons say what they do in `data-act`;
//! its links navigate in the app like `Link`.

use crate::state::route::use_nav;
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

/// `html` as markup; a click on an element with `data-act` (or inside one) calls `on_act`
/// with its value first, then a plain click on an in-app link navigates without reloading.
#[component]
pub fn Markup(
    html: impl Fn() -> String + Send + Sync + 'static,
    #[prop(optional, into)] on_act: Option<Callback<String>>,
) -> impl IntoView {
    let nav = use_nav();
    let on_click = move |e: ev::MouseEvent| {
        if let (Some(act), Some(on_act)) = (act_of(&e), on_act) {
            on_act.run(act);
        }
        if let Some(href) = in_app_link(&e) {
            e.prevent_default();
            nav.go(&href);
        }
    };
    view! { <div class="markup" inner_html=html on:click=on_click></div> }
}

/// The element the event happened on, or its closest ancestor matching `selector`.
pub fn closest(e: &ev::Event, selector: &str) -> Option<web_sys::Element> {
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// The `data-act` of the clicked element or its closest ancestor that has one.
fn act_of(e: &ev::Event) -> Option<String> {
    closest(e, "[data-act]")?.get_attribute("data-act")
}

/// The path of an in-app link under a plain left click (not one to open elsewhere).
fn in_app_link(e: &ev::MouseEvent) -> Option<String> {
    if e.default_prevented()
        || e.button() != 0
        || e.ctrl_key()
        || e.meta_key()
        || e.shift_key()
        || e.alt_key()
    {
        return None;
    }
    let href = closest(e, "a[href]")?.get_attribute("href")?;
    (href.starts_with('/') && !href.starts_with("//")).then_some(href)
}
