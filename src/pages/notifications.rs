//! 消息 (`/notifications`): likes, comments, friend requests and money events, newest
//! first. Opening the page marks them read.

use crate::state::route::Route;
use crate::{
    api::{self, ApiError},
    components::common::{icons, loading, EmptyState, RequireLogin},
    i18n::Strings,
    state::{locale::use_locale, route::Link, unread::use_unread},
};
use circle_api::{NotificationKind, NotificationView};
use leptos::prelude::*;

fn describe(t: &Strings, kind: NotificationKind) -> &'static str {
    let tp = t.pages();
    match kind {
        NotificationKind::Like => tp.n_like,
        NotificationKind::Comment => tp.n_comment,
        NotificationKind::FriendRequest => tp.n_friend_request,
        NotificationKind::FriendAccepted => tp.n_friend_accepted,
        NotificationKind::CommissionPending => tp.n_commission_pending,
        NotificationKind::CommissionConfirmed => tp.n_commission_confirmed,
        NotificationKind::CommissionReversed => tp.n_commission_reversed,
        NotificationKind::CommissionClawedBack => tp.n_commission_clawed_back,
        NotificationKind::WithdrawalPaid => tp.n_withdrawal_paid,
        NotificationKind::WithdrawalFailed => tp.n_withdrawal_failed,
        NotificationKind::OrderPaid => t.shop().n_order_paid,
        NotificationKind::OrderShipped => t.shop().n_order_shipped,
        NotificationKind::OrderCancelled => t.shop().n_order_cancelled,
        NotificationKind::ReturnRequested => t.shop().n_return_requested,
        NotificationKind::ReturnDisputed => t.shop().n_return_disputed,
        NotificationKind::ReturnRefused => t.shop().n_return_refused,
        NotificationKind::OrderRefunded => t.shop().n_order_refunded,
        NotificationKind::OrderCompleted => t.shop().n_order_completed,
        NotificationKind::ApplicationApproved => t.shop().n_application_approved,
        NotificationKind::ApplicationRejected => t.shop().n_application_rejected,
        NotificationKind::ProductApproved => t.shop().n_product_approved,
        NotificationKind::ProductRejected => t.shop().n_product_rejected,
        NotificationKind::ShareHidden => tp.n_share_hidden,
        NotificationKind::ShareRestored => tp.n_share_restored,
        NotificationKind::ShareTakenDown => tp.n_share_taken_down,
        NotificationKind::QuestionAsked => t.qa.n_asked,
        NotificationKind::QuestionAnswered => t.qa.n_answered,
        NotificationKind::QuestionToShop => t.qa.n_to_shop,
    }
}

/// The avatar of a notification nobody in particular sent: 审 for moderation, ¥ for money.
fn glyph(kind: NotificationKind) -> char {
    match kind {
        NotificationKind::ShareHidden
        | NotificationKind::ShareTakenDown
        | NotificationKind::ShareRestored => '审',
        _ => '¥',
    }
}

/// Where tapping a notification leads.
fn target(n: &NotificationView) -> String {
    match n.kind {
        NotificationKind::Like
        | NotificationKind::Comment
        | NotificationKind::ShareHidden
        | NotificationKind::ShareRestored
        | NotificationKind::ShareTakenDown => {
            n.product_id.map_or(Route::Circle, Route::Product).href()
        }
        NotificationKind::QuestionAsked | NotificationKind::QuestionAnswered => {
            n.question_id.map_or(Route::Circle, Route::Question).href()
        }
        NotificationKind::FriendRequest | NotificationKind::FriendAccepted => n
            .actor
            .as_ref()
            .map_or(Route::Me, |a| Route::Profile(a.handle.clone()))
            .href(),
        // A shop's events lead to its console; a buyer's to their orders on 我的.
        NotificationKind::OrderPaid
        | NotificationKind::OrderCancelled
        | NotificationKind::ReturnRequested
        | NotificationKind::OrderCompleted
        | NotificationKind::ProductApproved
        | NotificationKind::ProductRejected
        | NotificationKind::ApplicationApproved => Route::Merchant.href(),
        NotificationKind::OrderShipped
        | NotificationKind::ReturnDisputed
        | NotificationKind::ReturnRefused
        | NotificationKind::OrderRefunded
        | NotificationKind::ApplicationRejected => Route::Me.href(),
        _ => Route::Earnings.href(),
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_locale().t();
    let unread = use_unread();
    let list = LocalResource::new(api::earnings::notifications);
    view! {
        <RequireLogin children=move |_| view! {
            <header class="page-head"><h1>{t.notifications}</h1></header>
            <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || loading(async move {
                    let page = list.await?;
                    if let Some(newest) = page.items.first().filter(|n| !n.read).map(|n| n.id) {
                        leptos::task::spawn_local(async move {
                            if let Ok(left) = api::earnings::mark_read(newest).await {
                                unread.set(left.unread);
                            }
                        });
                    }
                    Ok(if page.items.is_empty() {
                        view! { <EmptyState icon=icons::bell title=t.pages().notif_empty body=""/> }.into_any()
                    } else {
                        view! {
                            <ul class="notifications card">
                                {page.items.into_iter().map(|n| {
                                    let who = n.actor.as_ref().map(|a| a.display_name.clone());
                                    let money = n.amount_cents.map(|c| circle_api::Yuan(c).to_string());
                                    view! {
                                        <li class:unread=!n.read>
                                            <Link href=target(&n) class="notification">
                                                <span class="avatar tiny" aria-hidden="true">
                                                    {who.as_deref().and_then(|w| w.chars().next()).unwrap_or(glyph(n.kind)).to_string()}
                                                </span>
                                                <span class="notification-text">
                                                    {who.map(|w| view! { <b>{w}</b>" " })}
                                                    {describe(t, n.kind)}
                                                    {money.map(|m| view! { " "<span class="price">{m}</span> })}
                                                    {n.product_title.clone().map(|p| view! { " "<b>{p}</b> })}
                                                    {n.question_text.clone().map(|q| view! { <span class="notification-quote">"「"{q}"」"</span> })}
                                                </span>
                                            </Link>
                                            {n.share_id.filter(|_| n.kind == NotificationKind::ShareHidden).map(|id| view! { <Appeal share=id/> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        }/>
    }
}

/// "申请复核" under a hidden share's notification: asks once, then says it was sent (or
/// why not).
#[component]
fn Appeal(share: i64) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let sent = RwSignal::new(None::<Result<(), ApiError>>);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            sent.set(Some(api::moderation::appeal(share).await));
        });
    };
    view! {
        <div class="notification-action">
            {move || match sent.get() {
                None => view! { <button class="btn btn-secondary btn-small" on:click=ask>{tp.appeal}</button> }.into_any(),
                Some(Ok(())) => view! { <p class="muted" role="status">{tp.appeal_sent}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.describe(t)}</p> }.into_any(),
            }}
        </div>
    }
}
