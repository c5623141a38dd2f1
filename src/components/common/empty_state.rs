//! An honest empty state: what will appear here, and what to do next.

use leptos::prelude::*;

#[component]
pub fn EmptyState(
    icon: fn() -> AnyView,
    title: &'static str,
    body: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="empty">
            <div class="empty-icon" aria-hidden="true">{icon()}</div>
            <h2>{title}</h2>
            <p>{body}</p>
            {children.map(|c| c())}
        </section>
    }
}
