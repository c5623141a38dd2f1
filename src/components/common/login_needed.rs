//! Pages that need an account show their content only when logged in, and otherwise
//! a short explanation with the way in.

use crate::{
    components::common::icons,
    state::{locale::use_locale, session::use_session},
};
use circle_api::Me;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn RequireLogin<F, V>(children: F) -> impl IntoView
where
    F: Fn(Me) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = use_session();
    let locale = use_locale();
    move || {
        if !session.loaded() {
            return view! { <p class="loading" aria-live="polite">{move || locale.t().loading}</p> }.into_any();
        }
        match session.user() {
            Some(me) => children(me).into_any(),
            None => view! {
                <section class="welcome">
                    {session.load_error().map(|e| view! {
                        <p class="form-error" role="alert">{locale.t().error(e.code(), None, None)}</p>
                    })}
                    <div class="welcome-mark" aria-hidden="true">{icons::circle()}</div>
                    <h1>{move || locale.t().welcome_title}</h1>
                    <p>{move || locale.t().welcome_body}</p>
                    <div class="welcome-actions">
                        <A href="/register" attr:class="btn btn-primary">{move || locale.t().register}</A>
                        <A href="/login" attr:class="btn btn-secondary">{move || locale.t().log_in}</A>
                    </div>
                </section>
            }
            .into_any(),
        }
    }
}
