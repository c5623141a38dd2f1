//! 发现 (`/discover`): browse and search buyable products by title and category,
//! a page at a time (keyset cursor from the server). Open to everyone.

use crate::{
    api,
    components::{
        common::{icons, EmptyState},
        product::ProductCard,
    },
    state::{locale::use_locale, paged::Paged},
};
use circle_api::{ProductView, CATEGORIES};
use leptos::prelude::*;

#[component]
pub fn DiscoverPage() -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let products = Paged::<ProductView>::new();
    let Paged {
        items,
        next,
        loading,
        error,
        ..
    } = products;
    // Loads the first page (a new search or category) or the next one.
    let load = move |more: bool| {
        let (q, c) = (query.get_untracked(), category.get_untracked());
        products.load(more, move |after| async move {
            api::catalog::search(q.trim(), &c, after.as_deref()).await
        })
    };
    load(false);

    let chip = move |key: &'static str| {
        view! {
            <button type="button" class="chip" class:active=move || category.get() == key
                aria-pressed=move || if category.get() == key { "true" } else { "false" }
                on:click=move |_| { category.set(key.to_owned()); load(false); }>
                {if key.is_empty() { t.cat_all } else { t.category(key) }}
            </button>
        }
    };

    view! {
        <header class="page-head"><h1>{t.tab_discover}</h1></header>
        <form class="search" role="search" on:submit=move |ev| { ev.prevent_default(); load(false); }>
            <span class="search-icon" aria-hidden="true">{icons::search()}</span>
            <input type="search" aria-label=tp.discover_search_placeholder placeholder=tp.discover_search_placeholder
                enterkeyhint="search" bind:value=query/>
            <button type="submit" class="search-go">{t.search}</button>
        </form>
        <div class="chips" role="group">
            {chip("")}
            {CATEGORIES.iter().map(|key| chip(key)).collect_view()}
        </div>
        {move || error.get().map(|e| view! {
            <p class="form-error" role="alert">{t.error(e.code(), None, None)}</p>
        })}
        <Show when=move || products.is_empty()>
            {move || if query.with(String::is_empty) && category.with(String::is_empty) {
                view! { <EmptyState icon=icons::bag title=tp.discover_empty_title body=tp.discover_empty_body/> }.into_any()
            } else {
                view! { <p class="muted center">{tp.no_results}</p> }.into_any()
            }}
        </Show>
        <div class="product-grid">
            <For each=move || items.get() key=|p| p.id let:product>
                <ProductCard product/>
            </For>
        </div>
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="btn btn-secondary btn-block" disabled=move || loading.get()
                on:click=move |_| load(true)>{t.load_more}</button>
        </Show>
    }
}
