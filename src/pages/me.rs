//! 我的 (`/me`): profile, orders, friends, settings (language, log out).

use crate::state::route::{use_nav, Link, Route};
use crate::state::unread::use_unread;
use crate::{
    api,
    components::{
        common::{icons, RequireLogin},
        people::FriendsPanel,
        product::MyOrders,
    },
    i18n::Locale,
    state::{locale::use_locale, session::use_session},
};
use leptos::prelude::*;

#[component]
pub fn MePage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.t();
    let tp = t.pages();
    let session = use_session();
    let nav = use_nav();
    let unread = use_unread();
    let logout_error = RwSignal::new(None::<&'static str>);
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            match api::accounts::logout().await {
                Ok(()) => {
                    session.set_user(None);
                    nav.go(&Route::Login.href());
                }
                Err(e) => logout_error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    let language = move || {
        view! {
            <div class="segmented" role="radiogroup" aria-label=tp.language>
                {[(Locale::Zh, "中文"), (Locale::En, "English")].into_iter().map(|(l, label)| view! {
                    <button type="button" role="radio"
                        aria-checked=move || if locale.get() == Some(l) { "true" } else { "false" }
                        class:active=move || locale.get() == Some(l)
                        on:click=move |_| locale.set(l)>{label}</button>
                }).collect_view()}
            </div>
        }
    };
    view! {
        <RequireLogin children=move |me| {
            let initial = crate::components::people::initial(&me.display_name);
            view! {
                <section class="profile">
                    <div class="avatar" aria-hidden="true">{initial}</div>
                    <div>
                        <h1>{me.display_name.clone()}</h1>
                        <p class="muted">"@"{me.handle.clone()}</p>
                    </div>
                </section>
                {(me.role == circle_api::Role::Moderator).then(|| view! {
                    <Link href=Route::Moderation.href() class="card row-link">
                        <span>{tp.moderation}</span><span class="chevron" aria-hidden="true">"›"</span>
                    </Link>
                })}
                {(me.role == circle_api::Role::Merchant).then(|| view! {
                    <Link href=Route::Merchant.href() class="card row-link">
                        <span>{t.shop().open_console}</span><span class="chevron" aria-hidden="true">"›"</span>
                    </Link>
                })}
                <Link href=Route::Notifications.href() class="card row-link">
                    {icons::bell()}<span>{t.notifications}</span>
                    {move || (unread.get() > 0).then(|| view! { <span class="count-badge">{unread.get()}</span> })}
                    <span class="chevron" aria-hidden="true">"›"</span>
                </Link>
                <section class="card">
                    <h2>{icons::bag()}{tp.me_orders}</h2>
                    <MyOrders/>
                </section>
                <section class="card">
                    <h2>{icons::friends()}{tp.me_friends}</h2>
                    <FriendsPanel/>
                </section>
                <MyReports/>
                {(me.role != circle_api::Role::Merchant).then(|| view! {
                    <Link href=Route::MerchantApply.href() class="card row-link">
                        <span>{t.shop().apply_link}</span><span class="chevron" aria-hidden="true">"›"</span>
                    </Link>
                })}
                <section class="card">
                    <h2>{tp.settings}</h2>
                    <div class="setting-row">
                        <span>{tp.language}</span>
                        {language}
                    </div>
                    <ReceiveQuestions/>
                    <WechatRow/>
                    <button type="button" class="btn btn-danger btn-block" on:click=logout>
                        {tp.log_out}
                    </button>
                    <Show when=move || logout_error.get().is_some()>
                        <p class="form-error" role="alert">{move || logout_error.get()}</p>
                    </Show>
                </section>
            }
        }/>
    }
}

/// WeChat login on this account: linked (unlink, unless it has no password) or not
/// (link, inside WeChat).
#[component]
fn WechatRow() -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let status = LocalResource::new(api::accounts::wechat_link);
    let error = RwSignal::new(None::<&'static str>);
    let unlink = move |_| {
        leptos::task::spawn_local(async move {
            match api::accounts::wechat_unlink().await {
                Ok(()) => status.refetch(),
                Err(e) => error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let link = status.await.ok()?;
                Some(view! {
                    <div class="setting-row wechat-row">
                        <span>{tp.wechat}</span>
                        {if link.linked {
                            view! {
                                <span class="muted">{tp.wechat_linked}" "{link.nickname.clone().unwrap_or_default()}</span>
                                {link.has_password.then(|| view! {
                                    <button type="button" class="btn btn-secondary btn-small" on:click=unlink>{tp.wechat_unlink}</button>
                                })}
                            }.into_any()
                        } else if crate::wechat::in_wechat() {
                            view! {
                                <a class="btn btn-wechat btn-small" href=crate::wechat::login_href(&Route::Me.href(), true)>{tp.wechat_link}</a>
                            }.into_any()
                        } else {
                            view! { <span class="muted">{tp.wechat_not_linked}</span> }.into_any()
                        }}
                    </div>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                })
            })}
        </Suspense>
    }
}

/// 问大家: whether shoppers' questions about what I bought are sent to me.
#[component]
fn ReceiveQuestions() -> impl IntoView {
    let t = use_locale().t();
    let setting = LocalResource::new(api::questions::settings);
    let receive = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        if let Some(Ok(s)) = setting.get() {
            receive.set(Some(s.receive));
        }
    });
    let toggle = move |ev: leptos::ev::Event| {
        let want = event_target_checked(&ev);
        receive.set(Some(want));
        leptos::task::spawn_local(async move {
            if let Err(e) = api::questions::set_settings(want).await {
                receive.try_set(Some(!want));
                error.try_set(Some(e.describe(t)));
            }
        });
    };
    view! {
        <label class="setting-row" for="receive-questions">
            <span>{t.qa.receive}</span>
            <input id="receive-questions" type="checkbox" role="switch" class="switch"
                prop:checked=move || receive.get().unwrap_or(true)
                disabled=move || receive.get().is_none()
                on:change=toggle/>
        </label>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}

/// What became of my reports (shown only when I have made some).
#[component]
fn MyReports() -> impl IntoView {
    use circle_api::ReportOutcome;
    let t = use_locale().t();
    let tp = t.pages();
    let reports = LocalResource::new(api::moderation::mine);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list = reports.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section class="card">
                        <h2>{tp.my_reports}</h2>
                        <ul class="log">
                            {list.into_iter().map(|r| {
                                let outcome = match r.outcome {
                                    ReportOutcome::Open => tp.outcome_open,
                                    ReportOutcome::Upheld => tp.outcome_upheld,
                                    ReportOutcome::Dismissed => tp.outcome_dismissed,
                                };
                                view! { <li>{format!("{} #{}", r.target_kind, r.target_id)}" · "{outcome}</li> }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
