//! The data the server rendered the first page from, embedded in it as
//! `<script type="application/json" id="circle-first">`: each API path's answer (the
//! circle: who is logged in, page one of the feed, the questions waiting; a topic). The
//! service worker keeps the same answers for reading offline. The app's first render uses it, so it
//! draws exactly what the server drew and takes over without a flash; each part is
//! taken once (a refresh asks the server).

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::cell::RefCell;

/// The embedded object's text, and the entries already taken.
type Embedded = (String, Vec<String>);

thread_local! {
    /// Read (and its element removed) on first use.
    static FIRST: RefCell<Option<Embedded>> = RefCell::new(
        document().get_element_by_id("circle-first").and_then(|el| {
            let text = el.text_content()?;
            el.remove();
            Some((text, Vec::new()))
        }),
    );
}

/// The embedded answer of API path `key`, once; `None` when the page has none or it
/// does not parse. Only that entry is read into its type; the others are skipped.
pub fn take<T: DeserializeOwned>(key: &str) -> Option<T> {
    FIRST.with(|first| {
        let mut first = first.borrow_mut();
        let (text, taken) = first.as_mut()?;
        if taken.iter().any(|k| k == key) {
            return None;
        }
        taken.push(key.to_owned());
        let entry = crate::api::json::entry_text(text, key).ok()??;
        crate::api::json::from_str(entry).ok()
    })
}
