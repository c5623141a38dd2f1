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
    let node = NodeRef::<leptos::html::Div>::new();
    // Drawn again only when the string changes; then the button that had the focus gets
    // it back (a keyboard or screen reader user stays where they were).
    let html = Memo::new(move |_| html());
    let focused = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        html.track();
        if let Some(act) = focused.get_value() {
            request_animation_frame(move || refocus(node, &act));
        }
    });
    let on_click = move |e: ev::MouseEvent| {
        if let (Some(act), Some(on_act)) = (act_of(&e), on_act) {
            on_act.run(act);
        }
        if let Some(href) = in_app_link(&e) {
            e.prevent_default();
            nav.go(&href);
        }
    };
    view! {
        <div class="markup" node_ref=node inner_html=move || html.get() on:click=on_click
            on:focusin=move |e| focused.set_value(act_of(&e))></div>
    }
}

/// Focuses the button `act` in `node` again if the focus was lost with the old markup.
fn refocus(node: NodeRef<leptos::html::Div>, act: &str) {
    let lost = document()
        .active_element()
        .is_none_or(|el| el.tag_name() == "BODY");
    // The page may be gone by now (the act navigated), its node with it.
    let button = node
        .try_get_untracked()
        .flatten()
        .and_then(|el| {
            el.query_selector(&format!("[data-act=\"{act}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let (true, Some(button)) = (lost, button) {
        let _ = button.focus();
    }
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
