//! A question and its answers (`/q/{id}`, 问大家), also the public link sent into a chat:
//! the server has rendered the question and its answers into the HTML from the same
//! `circle_markup` functions this page uses. Buyers answer here, anyone marks answers
//! helpful, and a shopper goes on to buy.

use crate::components::questions::{labels, AnswerForm, AnswerItem};
use crate::state::route::{Link, Route};
use crate::{
    api::{self, ApiError},
    state::locale::use_locale,
    wechat,
};
use circle_api::{ErrorCode, QuestionDetail};
use leptos::prelude::*;

/// The question the server embedded for this page, taken once.
fn embedded(id: i64) -> Option<QuestionDetail> {
    let el = document().get_element_by_id("circle-question")?;
    let text = el.text_content()?;
    el.remove();
    let detail: QuestionDetail = crate::api::json::from_str(&text).ok()?;
    (detail.question.id == id).then_some(detail)
}

#[component]
pub fn QuestionPage(id: i64) -> impl IntoView {
    let t = use_locale().t();
    let detail = RwSignal::new(embedded(id).map(Ok::<_, ApiError>));
    if detail.get_untracked().is_none() {
        leptos::task::spawn_local(async move {
            detail.try_set(Some(api::questions::detail(id).await));
        });
    }
    move || {
        match detail.get() {
        None => view! { <p class="loading">{t.loading}</p> }.into_any(),
        Some(Err(e)) if e.code() == Some(ErrorCode::NotFound) => view! {
            <div class="empty card">
                <h1>{t.qa.not_found}</h1>
                <Link href=Route::Discover.href() class="btn btn-primary">{t.pages().browse_first}</Link>
            </div>
        }
        .into_any(),
        Some(Err(e)) => view! { <p class="form-error" role="alert">{e.describe(t)}</p> }.into_any(),
        Some(Ok(d)) => view! { <QuestionView detail=d/> }.into_any(),
    }
    }
}

#[component]
fn QuestionView(detail: QuestionDetail) -> impl IntoView {
    let t = use_locale().t();
    let q = detail.question.clone();
    let p = detail.product.clone();
    let link = Route::Question(q.id).href();
    wechat::offer(wechat::Card {
        title: format!("{}：{}", t.qa.title, q.text),
        desc: p.title.clone(),
        link: wechat::absolute(&link),
        image: wechat::absolute(p.image_url.as_deref().unwrap_or("/icons/icon-512.png")),
    });
    let head = circle_markup::question_head(&q, &p, &labels(t));
    let mine = RwSignal::new(Vec::new());
    let can_answer = RwSignal::new(detail.can_answer);
    let on_answered = move |a| {
        mine.update(|list: &mut Vec<_>| list.push(a));
        can_answer.set(false);
    };
    view! {
        <div class="qa-page">
            <div inner_html=head></div>
            <Show when=move || can_answer.get()>
                <AnswerForm question=q.id on_answered/>
            </Show>
            <ul class="qa-answers card">
                {detail.answers.into_iter().map(|a| view! { <AnswerItem answer=a/> }).collect_view()}
                <For each=move || mine.get() key=|a| a.id let:a>
                    <AnswerItem answer=a/>
                </For>
            </ul>
            {detail.merchant_answer.map(|a| view! {
                <h2 class="section-title">{t.qa.merchant_answer}</h2>
                <ul class="qa-answers card qa-merchant"><AnswerItem answer=a/></ul>
            })}
            <Show when=move || !can_answer.get() && q.answer_count == 0 && mine.with(Vec::is_empty)>
                <p class="muted center small">{t.qa.only_buyers}</p>
            </Show>
            <div class="landing-actions">
                {p.buyable.then(|| view! {
                    <Link href=Route::Product(p.id).href() class="btn btn-primary btn-block">{t.qa.buy_too}</Link>
                })}
                <CopyLink link/>
            </div>
            <ReportQuestion id=q.id asker=q.asker.id/>
        </div>
    }
}

/// "举报" under a question, for logged-in people other than its asker.
#[component]
fn ReportQuestion(id: i64, asker: i64) -> impl IntoView {
    let t = use_locale().t();
    let session = crate::state::session::use_session();
    let said = RwSignal::new(None::<&'static str>);
    let report = move |_| {
        leptos::task::spawn_local(async move {
            let text = match api::questions::report(id, false).await {
                Ok(_) => t.reported,
                Err(e) => e.describe(t),
            };
            said.try_set(Some(text));
        });
    };
    view! {
        <Show when=move || session.user().is_some_and(|me| me.id != asker)>
            <p class="center">
                {move || match said.get() {
                    Some(text) => view! { <span class="muted small" role="status">{text}</span> }.into_any(),
                    None => view! { <button type="button" class="link" on:click=report>{t.report}</button> }.into_any(),
                }}
            </p>
        </Show>
    }
}

/// Copies the question's public link, to send into a group chat.
#[component]
fn CopyLink(link: String) -> impl IntoView {
    let t = use_locale().t();
    let copied = RwSignal::new(false);
    let url = wechat::absolute(&link);
    let url = StoredValue::new(url);
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let done = crate::components::share::copy(&url.get_value()).await;
            copied.try_set(done);
        });
    };
    view! {
        <button type="button" class="btn btn-secondary btn-block" on:click=copy>
            {move || if copied.get() { t.qa.copied } else { t.qa.copy_link }}
        </button>
    }
}
