//! 问大家 in the app: the topic page's section (ask, the most helpful questions), a
//! question in a list, an answer with its helpful mark, and the answer form.

mod answer;
mod waiting;

pub use answer::{AnswerForm, AnswerItem};
pub use waiting::WaitingQuestions;

use crate::state::route::{Link, Route};
use crate::{
    api::{self, ApiError},
    i18n::Strings,
    state::{locale::use_locale, session::use_session},
};
use circle_api::{ErrorCode, QuestionView, TopicQuestions, QUESTION_TEXT_MAX};
use leptos::prelude::*;

/// The markup labels in the reader's language.
pub fn labels(t: &'static Strings) -> circle_markup::QaLabels<'static> {
    circle_markup::QaLabels {
        brand: t.qa.title,
        ask_mark: if t.qa.title == "问大家" {
            "问"
        } else {
            "Q"
        },
        answers: t.qa.answers,
        bought: t.qa.bought,
        merchant: t.qa.merchant,
        bought_days: t.qa.bought_days,
        bought_months: t.qa.bought_months,
        bought_years: t.qa.bought_years,
        bought_today: t.qa.bought_today,
    }
}

/// "买了 3 个月" for an answer whose author bought it at `bought_at`.
pub fn since(t: &'static Strings, bought_at: Option<i64>) -> Option<String> {
    bought_at.map(|at| circle_markup::bought_since(&labels(t), at, js_sys::Date::now() as i64))
}

/// What to say about a failed ask or answer.
pub fn problem(t: &'static Strings, e: &ApiError) -> &'static str {
    match e.code() {
        Some(ErrorCode::NearDuplicate) => t.qa.err_duplicate,
        _ => e.describe(t),
    }
}

/// "问大家 (N)" on a topic page: the ask box, the most helpful questions with their
/// best answer, and a link to all of them.
#[component]
pub fn TopicSection(product: i64, questions: TopicQuestions) -> impl IntoView {
    let t = use_locale().t();
    let count = RwSignal::new(questions.count);
    let asked = RwSignal::new(Vec::<QuestionView>::new());
    let top = questions.top;
    view! {
        <section class="card qa-section" aria-labelledby="qa-title">
            <div class="qa-section-head">
                <h2 id="qa-title">{t.qa.title}" ("{move || count.get()}")"</h2>
                <Show when=move || { count.get() > 0 }>
                    <Link href=Route::ProductQuestions(product).href() class="link small">{t.qa.see_all}" ›"</Link>
                </Show>
            </div>
            <AskBox product on_asked=move |q| {
                count.update(|c| *c += 1);
                asked.update(|list| list.insert(0, q));
            }/>
            <ul class="qa-list">
                <For each=move || asked.get() key=|q| q.id let:q>
                    <QuestionItem question=q/>
                </For>
                {top.into_iter().map(|q| view! { <QuestionItem question=q/> }).collect_view()}
            </ul>
            <Show when=move || count.get() == 0>
                <p class="muted small">{t.qa.none_yet}</p>
            </Show>
        </section>
    }
}

/// The ask form: logged out, a link to log in.
#[component]
fn AskBox(
    product: i64,
    on_asked: impl Fn(QuestionView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_locale().t();
    let session = use_session();
    let text = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let said = RwSignal::new(None::<Result<(), &'static str>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let body = text.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::questions::ask(product, body).await;
            pending.try_set(false);
            match result {
                Ok(q) => {
                    text.try_set(String::new());
                    said.try_set(Some(Ok(())));
                    on_asked(q);
                }
                // What was typed stays, to be changed and sent again.
                Err(e) => {
                    said.try_set(Some(Err(problem(t, &e))));
                }
            }
        });
    };
    view! {
        <Show when=move || session.user().is_some() fallback=move || view! {
            <Link href=Route::Login.href() class="btn btn-secondary btn-block">{t.qa.ask_login}</Link>
        }>
            <form class="qa-ask" on:submit=submit>
                <label class="visually-hidden" for="qa-ask-text">{t.qa.title}</label>
                <textarea id="qa-ask-text" rows="2" maxlength=QUESTION_TEXT_MAX.to_string()
                    placeholder=t.qa.ask_placeholder
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button type="submit" class="btn btn-primary btn-small"
                    disabled=move || pending.get() || text.with(|s| s.trim().is_empty())>
                    {move || if pending.get() { t.qa.asking } else { t.qa.ask }}
                </button>
            </form>
            {move || said.get().map(|r| match r {
                Ok(()) => view! { <p class="success small" role="status">{t.qa.asked}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
        </Show>
    }
}

/// A question in a list: its text (a link to its page), its best answer and how many
/// answered.
#[component]
pub fn QuestionItem(question: QuestionView) -> impl IntoView {
    let t = use_locale().t();
    let l = labels(t);
    let href = Route::Question(question.id).href();
    let best = question
        .best_answer
        .as_ref()
        .map(|a| circle_markup::answer_body(a, &l, since(t, a.bought_at).as_deref()));
    view! {
        <li class="qa-item">
            <Link href=href.clone() class="qa-item-question">
                <span class="qa-mark" aria-hidden="true">{l.ask_mark}</span>
                <span>{question.text.clone()}</span>
            </Link>
            {match best {
                Some(html) => view! { <div class="qa-answer qa-best" inner_html=html></div> }.into_any(),
                None => view! { <p class="muted small">{t.qa.waiting_answer}</p> }.into_any(),
            }}
            <Link href class="qa-count small">{question.answer_count}" "{t.qa.answers}" ›"</Link>
        </li>
    }
}
