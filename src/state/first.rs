//! The data the server rendered the first page from, embedded in it as
//! `<script type="application/json" id="circle-first">`: each API path's answer (the
//! circle: who is logged in, page one of the feed, the questions waiting; a topic). The
//! service worker keeps the same answers for reading offline. The app's first render uses it, so it
//! draws exactly what the server drew and takes over without a flash; each part is
//! taken once (a refresh asks the server).

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The embedded object, read (and its element removed) on first use.
    static FIRST: RefCell<Option<JsValue>> = RefCell::new(
        document().get_element_by_id("circle-first").and_then(|el| {
            let text = el.text_content()?;
            el.remove();
            js_sys::JSON::parse(&text).ok().filter(JsValue::is_object)
        }),
    );
}

/// The embedded answer of API path `key`, once; `None` when the page has none or it
/// does not parse.
pub fn take<T: DeserializeOwned>(key: &str) -> Option<T> {
    FIRST.with(|first| {
        let first = first.borrow();
        let object = first.as_ref()?;
        let key = JsValue::from_str(key);
        let value = js_sys::Reflect::get(object, &key).ok()?;
        let _ = js_sys::Reflect::delete_property(object.unchecked_ref::<js_sys::Object>(), &key);
        // Back to text for the app's JSON reader (the browser writes it fast).
        let text = js_sys::JSON::stringify(&value).ok()?.as_string()?;
        crate::api::json::from_str(&text).ok()
    })
}
