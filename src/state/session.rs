//! Who is logged in. Known at start from the page the server rendered for them, or
//! loaded once (from the request `index.html` began early),
//! then set by login, register and logout.

use crate::api::{self, ApiError};
use circle_api::Me;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    /// `None` while loading; `Some(None)` when logged out.
    user: RwSignal<Option<Option<Me>>>,
    /// Set when the first check failed for a reason other than "not logged in".
    load_error: RwSignal<Option<ApiError>>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Session {
            user: RwSignal::new(None),
            load_error: RwSignal::new(None),
        };
        provide_context(session);
        // The server rendered the page for this reader (`null`: nobody logged in): no
        // need to ask.
        if let Some(me) = super::first::take::<Option<Me>>("/api/v1/me") {
            session.user.set(Some(me));
            return session;
        }
        leptos::task::spawn_local(async move {
            match api::accounts::me().await {
                Ok(me) => session.user.set(Some(me)),
                Err(e) => {
                    session.load_error.set(Some(e));
                    session.user.set(Some(None));
                }
            }
        });
        session
    }

    pub fn loaded(self) -> bool {
        self.user.with(Option::is_some)
    }

    pub fn user(self) -> Option<Me> {
        self.user.get().flatten()
    }

    pub fn set_user(self, me: Option<Me>) {
        self.load_error.set(None);
        self.user.set(Some(me));
    }

    pub fn load_error(self) -> Option<ApiError> {
        self.load_error.get()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
