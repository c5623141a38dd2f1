//! The UI language: zh-CN by default, English on request; remembered in localStorage
//! and mirrored to `<html lang>`.

use crate::i18n::{Locale, Strings};
use leptos::prelude::*;

const STORAGE_KEY: &str = "circle.locale";

#[derive(Clone, Copy)]
pub struct LocaleState(RwSignal<Locale>);

impl LocaleState {
    pub fn provide() -> Self {
        let saved = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or(Locale::Zh);
        let state = LocaleState(RwSignal::new(saved));
        Effect::new(move |_| {
            let locale = state.0.get();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", locale.tag());
            }
            document().set_title(locale.strings().app_name);
        });
        provide_context(state);
        state
    }

    pub fn get(self) -> Locale {
        self.0.get()
    }

    pub fn set(self, locale: Locale) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, locale.tag());
        }
        self.0.set(locale);
    }

    /// The string table of the current locale. Not reactive: `App` rebuilds the pages
    /// when the locale changes, so views hold plain strings (far less WASM than one
    /// reactive text node per string).
    pub fn t(self) -> &'static Strings {
        self.0.get_untracked().strings()
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn use_locale() -> LocaleState {
    expect_context::<LocaleState>()
}
