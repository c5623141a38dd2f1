//! My orders, with the simulated delivery and the refund request.

use crate::state::route::Route;
use crate::{
    api::{self, ApiError},
    state::{locale::use_locale, route::Link},
};
use circle_api::{OrderStatus, OrderView};
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
    let act = move |id: i64, refund: bool| {
        leptos::task::spawn_local(async move {
            let result: Result<OrderView, ApiError> = if refund {
                api::orders::refund(id).await
            } else {
                api::orders::deliver(id).await
            };
            match result {
                Ok(updated) => orders.update(|list| {
                    if let Some(o) = list
                        .as_mut()
                        .and_then(|l| l.iter_mut().find(|o| o.id == id))
                    {
                        *o = updated;
                    }
                }),
                Err(e) => error.set(Some(t.error(e.code(), None, None))),
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {move || match orders.get() {
            None => view! { <p class="muted">{t.loading}</p> }.into_any(),
            Some(list) if list.is_empty() => view! { <p class="muted">{t.me_orders_empty}</p> }.into_any(),
            Some(list) => view! {
                <ul class="orders">
                    {list.into_iter().map(|o| {
                        let id = o.id;
                        let status = o.status;
                        view! {
                            <li class="order">
                                <img src=o.product.image_url.clone().unwrap_or_default() alt="" width="56" height="56"/>
                                <div class="order-main">
                                    <Link href=Route::Product(o.product.id).href() class="order-title">{o.product.title.clone()}</Link>
                                    <p class="muted">"×"{o.quantity}" · "{t.order_total}" "{circle_api::Yuan(o.amount_cents).to_string()}</p>
                                    <p class="order-status" data-status=format!("{status:?}")>{t.order_status(status)}</p>
                                    {t.attribution(o.attribution).map(|why| view! { <p class="order-attribution muted">{why}</p> })}
                                </div>
                                <div class="order-actions">
                                    {(status == OrderStatus::Paid).then(|| view! {
                                        <button type="button" class="btn btn-small btn-primary" on:click=move |_| act(id, false)>{t.mark_delivered}</button>
                                    })}
                                    {(status != OrderStatus::Refunded).then(|| view! {
                                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| act(id, true)>{t.request_refund}</button>
                                    })}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
