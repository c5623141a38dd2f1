//! What the login and register forms share: one request at a time, the user kept in the
//! session on success, and each error shown next to the field it is about.

use crate::{
    api::ApiError,
    components::common::show_error,
    i18n::Strings,
    state::mutation::Mutation,
    state::{
        locale::use_locale, route::use_nav, route::Nav, session::use_session, session::Session,
    },
};
use circle_api::Me;
use leptos::prelude::*;
use std::future::Future;

/// A field's name in the API and the signal that shows its error.
pub type FieldSlot = (&'static str, RwSignal<Option<&'static str>>);

#[derive(Clone, Copy)]
pub struct AuthSubmit {
    request: Mutation,
    pub form_error: RwSignal<Option<&'static str>>,
    session: Session,
    nav: Nav,
    t: &'static Strings,
}

impl AuthSubmit {
    /// Call inside the page component (it reads the session, router and locale contexts).
    pub fn new() -> Self {
        Self {
            request: Mutation::new(),
            form_error: RwSignal::new(None),
            session: use_session(),
            nav: use_nav(),
            t: use_locale().t(),
        }
    }

    /// Sends `call` unless one is in flight; logs in and goes to the circle (or to the
    /// page that sent the user here, `?next=`) on success.
    pub fn run<const N: usize>(
        self,
        fields: [FieldSlot; N],
        call: impl Future<Output = Result<Me, ApiError>> + 'static,
    ) {
        if self.request.pending.get_untracked() {
            return;
        }
        self.form_error.set(None);
        let t = self.t;
        let form_error = self.form_error;
        self.request.run_with(
            call,
            move |me| {
                self.session.set_user(Some(me));
                self.nav.go(&crate::state::route::next_after_login());
            },
            move |e| show_error(e, t, &fields, form_error),
        );
    }
}

/// The form-level error and the submit button, which says `busy` while a request runs.
#[component]
pub fn AuthFooter(submit: AuthSubmit, idle: &'static str, busy: &'static str) -> impl IntoView {
    view! {
        <Show when=move || submit.form_error.get().is_some()>
            <p class="form-error" role="alert">{move || submit.form_error.get()}</p>
        </Show>
        <button type="submit" class="btn btn-primary btn-block" disabled=move || submit.request.pending.get()>
            {move || if submit.request.pending.get() { busy } else { idle }}
        </button>
    }
}
