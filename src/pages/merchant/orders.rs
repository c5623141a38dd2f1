//! The shop's orders: those to ship with the carrier and waybill form, returns to accept
//! or dispute, or all of them with their timeline.

use crate::{
    api::{self, ApiError},
    components::product::timeline,
    state::locale::use_locale,
};
use circle_api::{Carrier, MerchantOrderView, OrderFilter, OrderStatus, ReturnStatus, ShipRequest};
use leptos::prelude::*;

#[component]
pub fn Orders(filter: OrderFilter, reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        api::merchants::orders(filter)
    });
    // A move changes the counts on the tabs and this list.
    let moved = Callback::new(move |()| {
        version.update(|v| *v += 1);
        reload.run(());
    });
    let empty = match filter {
        OrderFilter::ToShip => t.shop.to_ship_empty,
        OrderFilter::Returns => t.shop.returns_empty,
        OrderFilter::All | OrderFilter::Settled => t.shop.orders_empty,
    };
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let page = list.await?;
                Ok::<_, ApiError>(if page.items.is_empty() {
                    view! { <p class="muted center" data-testid="orders-empty">{empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="orders shop-orders">
                            {page.items.into_iter().map(|o| view! { <ShopOrder o moved/> }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn ShopOrder(o: MerchantOrderView, moved: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop;
    let id = o.order.id;
    let status = o.order.status;
    let error = RwSignal::new(None::<&'static str>);
    let done = move |r: Result<MerchantOrderView, ApiError>| match r {
        Ok(_) => moved.run(()),
        Err(e) => error.set(Some(e.describe(t))),
    };
    let open_return = status == OrderStatus::Delivered
        && matches!(
            o.order.return_status,
            Some(ReturnStatus::Requested | ReturnStatus::Disputed)
        );
    let can_dispute = o.order.return_status == Some(ReturnStatus::Requested);
    view! {
        <li class="order shop-order" data-order=id data-status=format!("{status:?}")>
            <img src=o.order.product.image_url.clone().unwrap_or_default() alt="" width="56" height="56"/>
            <div class="order-main">
                <p class="order-title">{o.order.product.title.clone()}</p>
                <p class="muted">
                    "#"{id}" · ×"{o.order.quantity}" · "{circle_api::Yuan(o.order.amount_cents).to_string()}
                    " · "{s.buyer}" "{o.buyer.display_name.clone()}
                </p>
                {o.sharer.clone().map(|p| view! {
                    <p class="muted">{s.via_sharer}" "{p.display_name}" · "{s.commission}" "{circle_api::Yuan(o.commission_cents).to_string()}</p>
                })}
                {(o.fee_cents > 0).then(|| view! { <p class="muted">{s.fee}" "{circle_api::Yuan(o.fee_cents).to_string()}</p> })}
                <p class="order-status">{t.order_status(status)}</p>
                <ul class="order-timeline muted">
                    {timeline(t, &o.order).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    {o.order.return_reason.clone().map(|r| view! { <li>{s.return_reason}"："{r}</li> })}
                </ul>
                {(status == OrderStatus::Paid).then(|| view! { <ShipForm id done/> })}
                {open_return.then(|| view! { <ReturnAnswer id can_dispute done/> })}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            </div>
        </li>
    }
}

#[component]
fn ShipForm(
    id: i64,
    done: impl Fn(Result<MerchantOrderView, ApiError>) + Copy + 'static,
) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop;
    let carrier = RwSignal::new(Carrier::Sf);
    let waybill = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = ShipRequest {
            carrier: carrier.get_untracked(),
            tracking_no: waybill.get_untracked(),
        };
        leptos::task::spawn_local(async move { done(api::merchants::ship(id, &req).await) });
    };
    let field = format!("waybill-{id}");
    view! {
        <form class="ship-form" on:submit=submit>
            <label class="sr-only" for=format!("carrier-{id}")>{s.carrier}</label>
            <select id=format!("carrier-{id}") on:change=move |ev| {
                let i = event_target_value(&ev).parse::<usize>().unwrap_or(0);
                carrier.set(Carrier::ALL[i.min(Carrier::ALL.len() - 1)]);
            }>
                {Carrier::ALL.iter().enumerate().map(|(i, c)| view! {
                    <option value=i.to_string()>{t.carrier(*c)}</option>
                }).collect_view()}
            </select>
            <label class="sr-only" for=field.clone()>{s.tracking_no}</label>
            <input id=field type="text" required maxlength="30" autocomplete="off" placeholder=s.tracking_no
                prop:value=move || waybill.get() on:input=move |ev| waybill.set(event_target_value(&ev))/>
            <button type="submit" class="btn btn-small btn-primary">{s.ship}</button>
        </form>
    }
}

#[component]
fn ReturnAnswer(
    id: i64,
    can_dispute: bool,
    done: impl Fn(Result<MerchantOrderView, ApiError>) + Copy + 'static,
) -> impl IntoView {
    let s = use_locale().t().shop;
    let note = RwSignal::new(String::new());
    view! {
        <div class="case-actions">
            <button type="button" class="btn btn-small btn-primary" on:click=move |_| {
                leptos::task::spawn_local(async move { done(api::merchants::accept_return(id).await) });
            }>{s.accept_return}</button>
            {can_dispute.then(|| view! {
                <input type="text" maxlength="200" placeholder=s.dispute_reason aria-label=s.dispute_reason
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                <button type="button" class="btn btn-small btn-secondary" on:click=move |_| {
                    let reason = note.get_untracked();
                    leptos::task::spawn_local(async move { done(api::merchants::dispute_return(id, reason).await) });
                }>{s.dispute_return}</button>
            })}
        </div>
    }
}
