//! Pages that need an account show their content only when logged in, and otherwise
//! a short explanation with the way in.

use crate::state::route::Link;
use crate::state::route::Route;
use crate::{
    components::common::icons,
    state::{locale::use_locale, session::use_session},
};
use circle_api::Me;
use leptos::prelude::*;

#[component]
pub fn RequireLogin<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let t = use_locale().t();
    move || {
        if !session.loaded() {
            return view! { <p class="loading" aria-live="polite">{t.loading}</p> }.into_any();
        }
        match session.user() {
            Some(me) => children(me).into_any(),
            None => view! {
                <section class="welcome">
                    {session.load_error().map(|e| view! {
                        <p class="form-error" role="alert">{t.error(e.code(), None, None)}</p>
                    })}
                    <div class="welcome-mark" aria-hidden="true">{icons::circle()}</div>
                    <h1>{t.welcome_title}</h1>
                    <p>{t.welcome_body}</p>
                    <div class="welcome-actions">
                        <Link href=Route::Register.href() class="btn btn-primary">{t.register}</Link>
                        <Link href=Route::Login.href() class="btn btn-secondary">{t.log_in}</Link>
                    </div>
                </section>
            }
            .into_any(),
        }
    }
}
