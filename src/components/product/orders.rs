//! My orders: each with its timeline (paid, shipped with carrier and waybill, received,
//! the return window's end) and the buyer's moves: confirm receipt, cancel an order not
//! shipped in 48 hours, ask for a return with a reason.

use crate::state::route::Route;
use crate::{
    api::{self, ApiError},
    i18n::Strings,
    state::{locale::use_locale, route::Link},
};
use circle_api::{OrderStatus, OrderView, ReturnStatus};
use leptos::prelude::*;

#[component]
pub fn MyOrders() -> impl IntoView {
    let t = use_locale().t();
    let orders = RwSignal::new(None::<Vec<OrderView>>);
    let error = RwSignal::new(None::<&'static str>);
    leptos::task::spawn_local(async move {
        match api::orders::mine().await {
            Ok(page) => orders.set(Some(page.items)),
            Err(e) => error.set(Some(t.error(e.code(), None, None))),
        }
    });
    // Replaces one order in the list with what the server answered.
    let updated = Callback::new(move |result: Result<OrderView, ApiError>| match result {
        Ok(updated) => {
            error.set(None);
            orders.update(|list| {
                if let Some(o) = list
                    .as_mut()
                    .and_then(|l| l.iter_mut().find(|o| o.id == updated.id))
                {
                    *o = updated;
                }
            })
        }
        Err(ApiError::Api(body)) => error.set(Some(t.error(
            Some(body.code),
            body.field.as_deref(),
            body.problem,
        ))),
        Err(e) => error.set(Some(t.error(e.code(), None, None))),
    });
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || match orders.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="muted">{t.pages().me_orders_empty}</p> }.into_any(),
            Some(list) => view! {
                <ul class="orders">
                    {list.into_iter().map(|o| view! { <OrderCard order=o updated/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// The dated steps of an order, as short lines.
pub fn timeline(t: &'static Strings, o: &OrderView) -> Vec<String> {
    let date = circle_api::china_date;
    let mut lines = vec![format!("{}{}", t.shop().paid_on, date(o.created_at))];
    if let (Some(carrier), Some(no)) = (o.carrier, o.tracking_no.as_deref()) {
        lines.push(format!(
            "{}{} {}",
            t.shop().shipped_with,
            t.carrier(carrier),
            no
        ));
    }
    match o.status {
        OrderStatus::Paid => {
            if let Some(at) = o.cancellable_at {
                lines.push(format!("{}{}", t.shop().cancellable_from, date(at)));
            }
        }
        OrderStatus::Shipped => {
            if let Some(at) = o.auto_receive_at {
                lines.push(format!("{}{}", t.shop().auto_receive, date(at)));
            }
        }
        OrderStatus::Delivered => {
            if let Some(at) = o.return_window_ends {
                lines.push(format!("{}{}", t.shop().return_window, date(at)));
            }
        }
        _ => {}
    }
    match o.return_status {
        Some(ReturnStatus::Requested) => lines.push(t.shop().return_requested.into()),
        Some(ReturnStatus::Disputed) => lines.push(t.shop().return_disputed.into()),
        Some(ReturnStatus::Refused) => lines.push(t.shop().return_refused.into()),
        None => {}
    }
    lines
}

#[component]
fn OrderCard(order: OrderView, updated: Callback<Result<OrderView, ApiError>>) -> impl IntoView {
    let t = use_locale().t();
    let id = order.id;
    let status = order.status;
    let now = js_sys::Date::now() as i64;
    let can_cancel =
        status == OrderStatus::Paid && order.cancellable_at.is_some_and(|at| now >= at);
    let can_return = status == OrderStatus::Delivered
        && order.return_status.is_none()
        && order.return_window_ends.is_some_and(|end| now < end);
    let lines = timeline(t, &order);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let run = move |call: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<OrderView, ApiError>>>,
    >| {
        leptos::task::spawn_local(async move { updated.run(call.await) });
    };
    view! {
        <li class="order" data-order=id>
            <img src=order.product.image_url.clone().unwrap_or_default() alt="" width="56" height="56"/>
            <div class="order-main">
                <Link href=Route::Product(order.product.id).href() class="order-title">{order.product.title.clone()}</Link>
                <p class="muted">"×"{order.quantity}" · "{t.pages().order_total}" "{circle_api::Yuan(order.amount_cents).to_string()}</p>
                <p class="order-status">{t.order_status(status)}</p>
                <ul class="order-timeline muted">
                    {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                {t.attribution(order.attribution).map(|why| view! { <p class="order-attribution muted">{why}</p> })}
                <Show when=move || asking.get()>
                    <form class="inline-form" on:submit=move |ev| {
                        ev.prevent_default();
                        run(Box::pin(api::orders::request_return(id, reason.get_untracked())));
                    }>
                        <input type="text" maxlength="200" required placeholder=t.shop().return_reason
                            aria-label=t.shop().return_reason prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))/>
                        <button type="submit" class="btn btn-small btn-primary">{t.shop().return_submit}</button>
                    </form>
                </Show>
            </div>
            <div class="order-actions">
                {(status == OrderStatus::Shipped).then(|| view! {
                    <button type="button" class="btn btn-small btn-primary"
                        on:click=move |_| run(Box::pin(api::orders::receive(id)))>{t.shop().receive}</button>
                })}
                {can_cancel.then(|| view! {
                    <button type="button" class="btn btn-small btn-secondary"
                        on:click=move |_| run(Box::pin(api::orders::cancel(id)))>{t.shop().cancel_order}</button>
                })}
                {can_return.then(|| view! {
                    <button type="button" class="btn btn-small btn-secondary"
                        on:click=move |_| asking.update(|a| *a = !*a)>{t.shop().return_request}</button>
                })}
            </div>
        </li>
    }
}
