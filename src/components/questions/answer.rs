//! An answer with its helpful mark and report link, and the form to answer.

use super::{labels, problem, since};
use crate::{
    api,
    state::{locale::use_locale, session::use_session},
};
use circle_api::{AnswerView, ANSWER_TEXT_MAX};
use leptos::prelude::*;

/// One answer (the markup the server renders too) and, below it, "有用 N" and 举报.
#[component]
pub fn AnswerItem(answer: AnswerView) -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let html =
        circle_markup::answer_body(&answer, &labels(t), since(t, answer.bought_at).as_deref());
    let id = answer.id;
    let helpful = RwSignal::new(answer.helpful_by_me);
    let count = RwSignal::new(answer.helpful_count);
    let error = RwSignal::new(None::<&'static str>);
    let reported = RwSignal::new(false);
    let toggle = move |_| {
        let want = !helpful.get_untracked();
        helpful.set(want);
        leptos::task::spawn_local(async move {
            match api::questions::set_helpful(id, want).await {
                Ok(state) => {
                    helpful.try_set(state.helpful);
                    count.try_set(state.helpful_count);
                }
                Err(e) => {
                    helpful.try_set(!want);
                    error.try_set(Some(e.describe(t)));
                }
            }
        });
    };
    let report = move |_| {
        leptos::task::spawn_local(async move {
            match api::questions::report(id, true).await {
                Ok(_) => {
                    reported.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e.describe(t)));
                }
            }
        });
    };
    let others = move || session.user().is_some_and(|me| me.id != answer.author.id);
    view! {
        <li class="qa-answer" class:by-merchant=answer.by_merchant>
            <div inner_html=html></div>
            <div class="qa-answer-actions">
                <button type="button" class="chip" aria-pressed=move || if helpful.get() { "true" } else { "false" }
                    disabled=move || !others() on:click=toggle>
                    {t.qa.helpful}" "{move || count.get()}
                </button>
                <Show when=others>
                    {move || if reported.get() {
                        view! { <span class="muted small" role="status">{t.reported}</span> }.into_any()
                    } else {
                        view! { <button type="button" class="link small" on:click=report>{t.report}</button> }.into_any()
                    }}
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </li>
    }
}

/// The answer form, for those who may answer; the new answer is handed to `on_answered`.
#[component]
pub fn AnswerForm(
    question: i64,
    on_answered: impl Fn(AnswerView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_locale().t();
    let text = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let body = text.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::questions::answer(question, body).await;
            pending.try_set(false);
            match result {
                Ok(a) => {
                    text.try_set(String::new());
                    error.try_set(None);
                    on_answered(a);
                }
                Err(e) => {
                    error.try_set(Some(problem(t, &e)));
                }
            }
        });
    };
    view! {
        <form class="card qa-answer-form" on:submit=submit>
            <label for="qa-answer-text">{t.qa.answer}</label>
            <textarea id="qa-answer-text" rows="3" maxlength=ANSWER_TEXT_MAX.to_string()
                placeholder=t.qa.answer_placeholder
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="btn btn-primary btn-block"
                disabled=move || pending.get() || text.with(|s| s.trim().is_empty())>
                {move || if pending.get() { t.qa.answering } else { t.qa.answer }}
            </button>
        </form>
    }
}
