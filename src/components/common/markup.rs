//! Markup from `circle_markup` (the strings the server renders before any script) mounted
//! in the app: a `div.markup` (`display: contents`, so it adds no box) whose content is
//! the string, re-rendered when it changes. Its buttons say what they do in `data-act`;
//! its links navigate in the app like `Link`.

use crate::state::route::use_nav;
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

/// `html` as markup; a click on an element with `data-act` (or inside one) calls `on_act`
/// with its value first, then a plain click on an in-app link navigates without reloading.
/// A form in it: `on_input` gets what is typed into its inputs, `on_submit` its submit
/// (which then never reloads the page).
#[component]
pub fn Markup(
    html: impl Fn() -> String + Send + Sync + 'static,
    #[prop(optional, into)] on_act: Option<Callback<String>>,
    #[prop(optional, into)] on_input: Option<Callback<String>>,
    #[prop(optional, into)] on_submit: Option<Callback<()>>,
) -> impl IntoView {
    let nav = use_nav();
    let node = NodeRef::<leptos::html::Div>::new();
    // Drawn again only when the string changes, and then in one step with giving the
    // focus back to the button or field that had it: no key press can land on the page
    // in between (a keyboard or screen reader user stays where they were).
    let html = Memo::new(move |_| html());
    let shown = StoredValue::new(html.get_untracked());
    let focused = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let markup = html.get();
        let Some(el) = node.get_untracked() else {
            return;
        };
        if shown.with_value(|s| *s == markup) {
            return;
        }
        let had_focus = document()
            .active_element()
            .is_some_and(|a| el.contains(Some(a.as_ref())));
        el.set_inner_html(&markup);
        shown.set_value(markup);
        if let (true, Some(which)) = (had_focus, focused.get_value()) {
            refocus(&el, &which);
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
    let on_typed = move |e: ev::Event| {
        if let Some(on_input) = on_input {
            on_input.run(event_target_value(&e));
        }
    };
    let on_sent = move |e: ev::SubmitEvent| {
        if let Some(on_submit) = on_submit {
            e.prevent_default();
            on_submit.run(());
        }
    };
    view! {
        <div class="markup" node_ref=node inner_html=shown.get_value() on:click=on_click
            on:input=on_typed on:submit=on_sent
            on:focusin=move |e| focused.set_value(focus_key(&e))></div>
    }
}

/// How to find the focused element again in new markup: its `data-act`, else its id.
fn focus_key(e: &ev::FocusEvent) -> Option<String> {
    if let Some(act) = act_of(e) {
        return Some(format!("[data-act=\"{act}\"]"));
    }
    let id = e.target()?.dyn_into::<web_sys::Element>().ok()?.id();
    (!id.is_empty()).then(|| format!("#{id}"))
}

/// Focuses the element `selector` finds in `el`'s new markup (a field with its caret
/// after what it holds).
fn refocus(el: &web_sys::HtmlDivElement, selector: &str) {
    let Some(target) = el
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = target.focus();
    if let Some(field) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        let end = u32::try_from(field.value().encode_utf16().count()).unwrap_or(0);
        let _ = field.set_selection_range(end, end);
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
