//! The UI language: zh-CN by default, English on request; remembered in localStorage
//! and mirrored to `<html lang>`. English's table is fetched before it is shown.

use crate::i18n::{Locale, Strings};
use leptos::prelude::*;

const STORAGE_KEY: &str = "circle.locale";

#[derive(Clone, Copy)]
pub struct LocaleState {
    /// The locale shown: `None` until the remembered one's table is in memory.
    shown: RwSignal<Option<Locale>>,
    /// The last one asked for, which a slower load for an earlier choice must not undo.
    wanted: StoredValue<Locale>,
}

impl LocaleState {
    pub fn provide() -> Self {
        let saved = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or(Locale::Zh);
        let state = LocaleState {
            shown: RwSignal::new(None),
            wanted: StoredValue::new(saved),
        };
        state.show(saved);
        Effect::new(move |_| {
            let Some(locale) = state.shown.get() else {
                return;
            };
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", locale.tag());
            }
            document().set_title(locale.strings().app_name);
        });
        provide_context(state);
        state
    }

    /// The locale shown; `None` while the first one's table loads (nothing is drawn then).
    pub fn get(self) -> Option<Locale> {
        self.shown.get()
    }

    /// Remembers `locale` and shows it: at once when its table is in memory, else
    /// once it has been fetched (the page stays as it is meanwhile).
    pub fn set(self, locale: Locale) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, locale.tag());
        }
        self.show(locale);
    }

    fn show(self, locale: Locale) {
        self.wanted.set_value(locale);
        if locale.loaded().is_some() {
            self.shown.set(Some(locale));
            return;
        }
        leptos::task::spawn_local(async move {
            locale.load().await;
            if self.wanted.get_value() == locale {
                self.shown.set(Some(locale));
            }
        });
    }

    /// The string table of the locale shown. Not reactive: `App` rebuilds the pages
    /// when the locale changes, so views hold plain strings (far less WASM than one
    /// reactive text node per string).
    pub fn t(self) -> &'static Strings {
        self.shown.get_untracked().unwrap_or(Locale::Zh).strings()
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn use_locale() -> LocaleState {
    expect_context::<LocaleState>()
}
