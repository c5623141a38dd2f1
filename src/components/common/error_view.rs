//! What an error boundary shows: the translated message of each API error, and a retry.

use crate::{api::ApiError, state::locale::use_locale};
use leptos::prelude::*;

#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let t = use_locale().t();
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| {
                let text = match e.downcast_ref::<ApiError>() {
                    Some(ApiError::Api(body)) => {
                        t.error(Some(body.code), body.field.as_deref(), body.problem)
                    }
                    Some(ApiError::Network) => t.err_network,
                    None => t.err_internal,
                };
                view! { <p>{text}</p> }
            })
            .collect_view()
    };
    view! {
        <section class="error-box" role="alert">
            // The page's boundary: what it shows is the whole page, so its heading is the h1.
            <h1>{t.error_title}</h1>
            {messages}
            <button class="btn btn-secondary" on:click=|_| { let _ = window().location().reload(); }>
                {t.retry}
            </button>
        </section>
    }
}
