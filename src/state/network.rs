//! Whether the browser is online, for the offline notice.

use leptos::{ev, prelude::*};

#[derive(Clone, Copy)]
pub struct Online(pub ReadSignal<bool>);

impl Online {
    pub fn provide() -> Self {
        let (online, set_online) = signal(window().navigator().on_line());
        // These listeners live as long as the app.
        let on = window_event_listener(ev::online, move |_| set_online.set(true));
        let off = window_event_listener(ev::offline, move |_| set_online.set(false));
        std::mem::forget((on, off));
        let state = Online(online);
        provide_context(state);
        state
    }
}

pub fn use_online() -> Online {
    expect_context::<Online>()
}
