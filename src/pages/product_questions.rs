//! All of a product's questions (`/p/{id}/questions`, 问大家), newest first, a page at a
//! time.

use crate::components::questions::QuestionItem;
use crate::state::route::{Link, Route};
use crate::{
    api,
    state::{locale::use_locale, paged::Paged},
};
use circle_api::QuestionView;
use leptos::prelude::*;

#[component]
pub fn ProductQuestionsPage(id: i64) -> impl IntoView {
    let t = use_locale().t();
    let list = Paged::<QuestionView>::new();
    let load = move |more: bool| {
        list.load(more, move |after| async move {
            api::questions::of_product(id, after.as_deref()).await
        })
    };
    load(false);
    let Paged {
        items,
        next,
        loading,
        loaded,
        error,
        ..
    } = list;
    view! {
        <header class="page-head">
            <h1>{t.qa.title}</h1>
            <Link href=Route::Product(id).href() class="page-sub">{t.qa.back}</Link>
        </header>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.describe(t)}</p> })}
        <Show when=move || loaded.get() && items.with(Vec::is_empty)>
            <p class="muted center">{t.qa.none_yet}</p>
        </Show>
        <ul class="qa-list card">
            <For each=move || items.get() key=|q| q.id let:q>
                <QuestionItem question=q/>
            </For>
        </ul>
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="btn btn-secondary btn-block" disabled=move || loading.get()
                on:click=move |_| load(true)>{t.load_more}</button>
        </Show>
    }
}
