//! A page's data that could not be loaded: the translated message, and a retry, where
//! the data would have been.
//!
//! Pages show their errors themselves (`loading`, `loaded`) rather than through Leptos'
//! `ErrorBoundary`: the boundary, the error hook and a `Result`'s view are code the main
//! module would carry for every first visit (about 5 KB brotli, measured), while only pages
//! of the split modules load data that can fail this way.

use crate::{api::ApiError, state::locale::use_locale};
use leptos::prelude::*;

/// A page's part that waits for its data: `data`'s view once it is in, or the error.
pub fn loading<F, V>(data: F) -> Suspend<AnyView>
where
    F: std::future::Future<Output = Result<V, ApiError>> + Send + 'static,
    V: IntoView + 'static,
{
    Suspend::new(async move { loaded(data.await) })
}

/// The view of what was loaded, or the error in its place.
pub fn loaded<V: IntoView + 'static>(data: Result<V, ApiError>) -> AnyView {
    match data {
        Ok(view) => view.into_any(),
        Err(error) => view! { <ErrorView error/> }.into_any(),
    }
}

#[component]
pub fn ErrorView(error: ApiError) -> impl IntoView {
    let t = use_locale().t();
    view! {
        <section class="error-box" role="alert">
            // It stands where the page's data, and so its heading, would have been.
            <h1>{t.error_title}</h1>
            <p>{error.describe(t)}</p>
            <button class="btn btn-secondary" on:click=|_| { let _ = window().location().reload(); }>
                {t.retry}
            </button>
        </section>
    }
}
