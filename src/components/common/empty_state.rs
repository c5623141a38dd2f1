//! An honest empty state: what will appear here, and what to do next.

use leptos::prelude::*;

#[component]
pub fn EmptyState(
    icon: fn() -> AnyView,
    title: &'static str,
    body: &'static str,
    /// The page's own heading (`h1`) when the empty state is all the page shows.
    #[prop(optional)]
    page: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let heading = if page {
        view! { <h1>{title}</h1> }.into_any()
    } else {
        view! { <h2>{title}</h2> }.into_any()
    };
    view! {
        <section class="empty">
            <div class="empty-icon" aria-hidden="true">{icon()}</div>
            {heading}
            <p>{body}</p>
            {children.map(|c| c())}
        </section>
    }
}
