//! 内容审核 (`/moderation`), for moderators: products under review and reported shares
//! with their reports, the actions (restore, delist, hide), each with a reason that goes
//! into the append-only audit log, and the log itself.

use crate::{
    api::{self, ApiError},
    components::common::{loading, RequireLogin},
    i18n::Strings,
    state::locale::use_locale,
};
use circle_api::{LogEntry, ModerationQueue, ReportView, Role};
use leptos::prelude::*;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <RequireLogin children=move |me| {
            if me.role != Role::Moderator {
                return view! { <p class="card notice" role="alert">{t.err_forbidden}</p> }.into_any();
            }
            let version = RwSignal::new(0u32);
            let data = LocalResource::new(move || {
                version.track();
                async move {
                    let (queue, log) = futures::join!(api::moderation::queue(), api::moderation::log());
                    Ok::<_, ApiError>((queue?, log?))
                }
            });
            let reload = Callback::new(move |()| version.update(|v| *v += 1));
            view! {
                <header class="page-head"><h1>{t.pages().moderation}</h1></header>
                <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                    {move || loading(async move {
                        let (queue, log) = data.await?;
                        Ok(view! {
                            <super::moderation_shop::MerchantQueues reload/>
                            <Queues queue reload/>
                            <Log log/>
                        })
                    })}
                </Transition>
            }.into_any()
        }/>
    }
}

/// A report's reason, as the report menu names it.
fn reason(t: &'static Strings, reason: circle_api::ReportReason) -> &'static str {
    use circle_api::ReportReason;
    match reason {
        ReportReason::Counterfeit => t.pages().report_counterfeit,
        ReportReason::Spam => t.report_spam,
        ReportReason::FakeReview => t.report_fake,
        ReportReason::Abuse => t.report_abuse,
    }
}

fn reports_list(t: &'static Strings, reports: &[ReportView]) -> impl IntoView {
    view! {
        <ul class="case-reports">
            {reports.iter().map(|r| view! {
                <li>
                    {reason(t, r.reason)}{(!r.note.is_empty()).then(|| format!("：{}", r.note))}
                    {(!r.counts).then(|| view! { " "<span class="badge">{t.pages().mod_not_counted}</span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// One case's reason box and action buttons; `actions`: (label, path after /moderation/).
#[component]
fn CaseActions(
    actions: Vec<(&'static str, String)>,
    reload: Callback<()>,
    /// Offer to ban this handle for 7 days.
    #[prop(optional)]
    ban: Option<String>,
) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    view! {
        <div class="case-actions">
            <input type="text" placeholder=tp.mod_reason aria-label=tp.mod_reason maxlength="200"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            {actions.into_iter().map(|(label, path)| {
                let act = move |_| {
                    let path = path.clone();
                    leptos::task::spawn_local(async move {
                        match api::moderation::act(&path, reason.get_untracked()).await {
                            Ok(()) => reload.run(()),
                            Err(e) => error.set(Some(t.error(e.code(), Some("reason"), None))),
                        }
                    });
                };
                view! { <button type="button" class="btn btn-small btn-secondary" on:click=act>{label}</button> }
            }).collect_view()}
            {ban.map(|handle| {
                let ban = move |_| {
                    let handle = handle.clone();
                    leptos::task::spawn_local(async move {
                        match api::moderation::ban(&handle, 7, reason.get_untracked()).await {
                            Ok(()) => reload.run(()),
                            Err(e) => error.set(Some(t.error(e.code(), Some("reason"), None))),
                        }
                    });
                };
                view! { <button type="button" class="btn btn-small btn-danger" on:click=ban>{tp.mod_ban}</button> }
            })}
        </div>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}

#[component]
fn Queues(queue: ModerationQueue, reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let empty = queue.products.is_empty() && queue.shares.is_empty() && queue.posts.is_empty();
    view! {
        <section class="card">
            <h2>{tp.mod_products}</h2>
            {queue.products.into_iter().map(|c| {
                let id = c.product.id;
                view! {
                    <div class="case" data-product=id>
                        <p class="case-title">{c.product.title.clone()}" · "{c.product.merchant.name.clone()}</p>
                        {reports_list(t, &c.reports)}
                        <CaseActions reload actions=vec![
                            (tp.mod_restore, format!("products/{id}/restore")),
                            (tp.mod_delist, format!("products/{id}/delist")),
                        ]/>
                    </div>
                }
            }).collect_view()}
        </section>
        <section class="card">
            <h2>{tp.mod_shares}</h2>
            {queue.shares.into_iter().map(|c| {
                let id = c.share.id;
                view! {
                    <div class="case" data-share=id>
                        <p class="case-title">
                            {c.share.author.display_name.clone()}"："{c.share.text.clone()}
                            {c.hidden.then(|| view! { " "<span class="badge">{tp.mod_hidden}</span> })}
                            {c.appealed.then(|| view! { " "<span class="badge">{tp.mod_appealed}</span> })}
                        </p>
                        {reports_list(t, &c.reports)}
                        <CaseActions reload ban=c.share.author.handle.clone() actions=vec![
                            (tp.mod_hide, format!("shares/{id}/hide")),
                            (tp.mod_restore, format!("shares/{id}/restore")),
                        ]/>
                    </div>
                }
            }).collect_view()}
        </section>
        {(!queue.posts.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t.qa.title}</h2>
                {queue.posts.into_iter().map(|c| {
                    let (id, kind) = (c.id, if c.kind == "question" { "questions" } else { "answers" });
                    let label = if c.kind == "question" { t.qa.kind_question } else { t.qa.kind_answer };
                    view! {
                        <div class="case" data-post=id>
                            <p class="case-title">
                                <span class="badge">{label}</span>" "
                                <crate::state::route::Link href=crate::state::route::Route::Question(c.question_id).href()>
                                    {c.author.display_name.clone()}"："{c.text.clone()}
                                </crate::state::route::Link>
                                {c.hidden.then(|| view! { " "<span class="badge">{tp.mod_hidden}</span> })}
                            </p>
                            {reports_list(t, &c.reports)}
                            <CaseActions reload ban=c.author.handle.clone() actions=vec![
                                (tp.mod_hide, format!("{kind}/{id}/hide")),
                                (tp.mod_restore, format!("{kind}/{id}/restore")),
                            ]/>
                        </div>
                    }
                }).collect_view()}
            </section>
        })}
        {empty.then(|| view! { <p class="muted center">{tp.mod_empty}</p> })}
    }
}

#[component]
fn Log(log: Vec<LogEntry>) -> impl IntoView {
    let t = use_locale().t();
    view! {
        <section class="card">
            <h2>{t.pages().mod_log}</h2>
            <ul class="log">
                {log.into_iter().map(|e| view! {
                    <li>{circle_api::china_date(e.created_at)}" · @"{e.moderator}" · "{e.action}" "{e.target_kind}" #"{e.target_id}" · "{e.reason}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}
