//! The unread-notifications count on the tab bar: asked for when the app starts, on
//! every page change and once a minute, and only while someone is logged in.

use crate::{api, state::session::Session};
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Unread(RwSignal<i64>);

impl Unread {
    pub fn provide(session: Session, path: Memo<String>) -> Self {
        let unread = Unread(RwSignal::new(0));
        provide_context(unread);
        Effect::new(move |_| {
            path.track();
            if session.user().is_some() {
                unread.refresh();
            } else {
                unread.0.set(0);
            }
        });
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if session.user().is_some() {
                    unread.refresh();
                }
            },
            Duration::from_secs(60),
        ) {
            on_cleanup(move || handle.clear());
        }
        unread
    }

    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            if let Ok(count) = api::earnings::unread().await {
                self.0.set(count.unread);
            }
        });
    }

    pub fn set(self, count: i64) {
        self.0.set(count);
    }

    pub fn get(self) -> i64 {
        self.0.get()
    }
}

pub fn use_unread() -> Unread {
    expect_context::<Unread>()
}
