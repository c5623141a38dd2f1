//! The shop's orders: those to ship with the carrier and waybill form, returns to accept
//! or dispute, or all of them with their timeline.

use crate::{
    api::{self, ApiError},
    components::product::timeline,
    state::{locale::use_locale, paged::Paged},
};
use circle_api::{Carrier, MerchantOrderView, OrderFilter, OrderStatus, ReturnStatus, ShipRequest};
use leptos::prelude::*;

#[component]
pub fn Orders(filter: OrderFilter, reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let list = Paged::<MerchantOrderView>::new();
    let load =
        move |more: bool| list.load(more, move |after| api::merchants::orders(filter, after));
    load(false);
    // A move changes the counts on the tabs and this list.
    let moved = Callback::new(move |()| {
        load(false);
        reload.run(());
    });
    let empty = match filter {
        OrderFilter::ToShip => t.shop().to_ship_empty,
        OrderFilter::Returns => t.shop().returns_empty,
        OrderFilter::All | OrderFilter::Settled => t.shop().orders_empty,
    };
    view! {
        {move || list.error.with(|e| e.as_ref().map(|e| view! { <p class="form-error" role="alert">{e.describe(t)}</p> }))}
        {move || (!list.loaded.get()).then(|| view! { <p class="loading">{t.loading}</p> })}
        {move || list.is_empty().then(|| view! { <p class="muted center" data-testid="orders-empty">{empty}</p> })}
        <Show when=move || list.items.with(|l| !l.is_empty())>
            <ul class="orders shop-orders">
                <For each=move || list.items.get()
                    key=|o| (o.order.id, o.order.status, o.order.return_status)
                    let:o>
                    <ShopOrder o moved/>
                </For>
            </ul>
        </Show>
        {move || list.next.get().is_some().then(|| view! {
            <button type="button" class="btn btn-secondary btn-block" on:click=move |_| load(true)
                disabled=move || list.loading.get()>{t.load_more}</button>
        })}
    }
}

#[component]
fn ShopOrder(o: MerchantOrderView, moved: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
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
        <li class="order shop-order" data-order=id>
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
    let s = t.shop();
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
    let s = use_locale().t().shop();
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
