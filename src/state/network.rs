//! Whether the browser is online, and when what the page shows was fetched when it came
//! from the service worker's kept copy (offline reading), for the offline notice.

use leptos::{ev, prelude::*};

#[derive(Clone, Copy)]
pub struct Online(pub ReadSignal<bool>);

/// When the oldest kept copy the current page shows was fetched (ms since the epoch).
#[derive(Clone, Copy)]
pub struct KeptAt(pub RwSignal<Option<f64>>);

thread_local! {
    // The API client is called outside any view, so it reaches the signal here.
    static KEPT_AT: std::cell::Cell<Option<RwSignal<Option<f64>>>> = const { std::cell::Cell::new(None) };
}

impl Online {
    /// Provides both: the browser's online state and `KeptAt`, which is cleared when
    /// `path` changes (each page says for itself whether it shows kept copies).
    pub fn provide(path: Memo<String>) -> Self {
        let (online, set_online) = signal(window().navigator().on_line());
        // These listeners live as long as the app.
        let on = window_event_listener(ev::online, move |_| set_online.set(true));
        let off = window_event_listener(ev::offline, move |_| set_online.set(false));
        std::mem::forget((on, off));
        let kept = RwSignal::new(None);
        KEPT_AT.with(|k| k.set(Some(kept)));
        // On a change only: the first page's kept copy may arrive before effects first run.
        Effect::watch(move || path.get(), move |_, _, _| kept.set(None), false);
        provide_context(KeptAt(kept));
        let state = Online(online);
        provide_context(state);
        state
    }
}

/// The API client read a kept copy fetched at `at` (ms since the epoch).
pub fn showing_kept(at: f64) {
    if let Some(kept) = KEPT_AT.with(std::cell::Cell::get) {
        kept.update(|k| *k = Some(k.map_or(at, |was: f64| was.min(at))));
    }
}

pub fn use_online() -> Online {
    expect_context::<Online>()
}

pub fn use_kept_at() -> KeptAt {
    expect_context::<KeptAt>()
}
