//! The merchant side of 内容审核: shop applications, product versions to review and
//! disputed returns, each decided with a reason that goes into the audit log.

use crate::{
    api::{self, ApiError},
    components::common::loading,
    state::locale::use_locale,
};
use circle_api::{ApplicationView, MerchantOrderView, MerchantProductView, ReviewDecision};
use leptos::prelude::*;

#[component]
pub fn MerchantQueues(reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let data = LocalResource::new(|| async {
        let (apps, products, disputes) = futures::join!(
            api::merchants::open_applications(),
            api::merchants::review_queue(),
            api::merchants::disputes()
        );
        Ok::<_, ApiError>((apps?.items, products?.items, disputes?.items))
    });
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || loading(async move {
                let (apps, products, disputes) = data.await?;
                Ok(view! {
                    <Applications apps reload/>
                    <Products products reload/>
                    <Disputes disputes reload/>
                    <RefundOrder reload/>
                })
            })}
        </Transition>
    }
}

/// A reason box and two decisions; `decide(approve, reason)` makes the call.
#[component]
fn Decide<F, Fut>(
    yes: &'static str,
    no: &'static str,
    decide: F,
    reload: Callback<()>,
) -> impl IntoView
where
    F: Fn(bool, String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    let t = use_locale().t();
    let tp = t.pages();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let act = move |approve: bool| {
        let why = reason.get_untracked();
        leptos::task::spawn_local(async move {
            match decide(approve, why).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e.describe(t))),
            }
        });
    };
    view! {
        <div class="case-actions">
            <input type="text" placeholder=tp.mod_reason aria-label=tp.mod_reason maxlength="200"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <button type="button" class="btn btn-small btn-primary" on:click=move |_| act(true)>{yes}</button>
            <button type="button" class="btn btn-small btn-secondary" on:click=move |_| act(false)>{no}</button>
        </div>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}

#[component]
fn Applications(apps: Vec<ApplicationView>, reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    (!apps.is_empty()).then(|| view! {
        <section class="card">
            <h2>{s.mod_applications}</h2>
            {apps.into_iter().map(|a| {
                let id = a.id;
                let decide = move |approve: bool, reason: String| async move {
                    api::merchants::decide_application(id, &ReviewDecision { approve, reason }).await.map(|_| ())
                };
                view! {
                    <div class="case" data-application=id>
                        <p class="case-title">{a.shop_name.clone()}" · @"{a.applicant.handle.clone()}</p>
                        <p class="muted">{t.category(&a.category)}" · "{a.contact.clone()}" · "{a.credit_code.clone()}</p>
                        {a.licence_url.clone().map(|src| view! {
                            <p><a href=src target="_blank" rel="noopener">{s.licence_photo}</a></p>
                        })}
                        <Decide yes=s.approve no=s.reject decide reload/>
                    </div>
                }
            }).collect_view()}
        </section>
    })
}

#[component]
fn Products(products: Vec<MerchantProductView>, reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    (!products.is_empty()).then(|| view! {
        <section class="card">
            <h2>{s.mod_product_review}</h2>
            {products.into_iter().map(|p| {
                let id = p.product.id;
                let decide = move |approve: bool, reason: String| async move {
                    api::merchants::review_product(id, &ReviewDecision { approve, reason }).await.map(|_| ())
                };
                view! {
                    <div class="case" data-review=id>
                        <div class="case-product">
                            {p.photo_urls.first().cloned().map(|src| view! { <img src=src alt="" width="64" height="64"/> })}
                            <div>
                                <p class="case-title">{p.product.title.clone()}" · "{p.product.merchant.name.clone()}</p>
                                <p class="muted">{circle_api::Yuan(p.product.price_cents).to_string()}" · "{t.category(&p.product.category)}</p>
                                <p class="muted">{p.description.clone()}</p>
                            </div>
                        </div>
                        <Decide yes=s.approve no=s.reject decide reload/>
                    </div>
                }
            }).collect_view()}
        </section>
    })
}

#[component]
fn Disputes(disputes: Vec<MerchantOrderView>, reload: Callback<()>) -> impl IntoView {
    let s = use_locale().t().shop();
    (!disputes.is_empty()).then(|| view! {
        <section class="card">
            <h2>{s.mod_disputes}</h2>
            {disputes.into_iter().map(|o| {
                let id = o.order.id;
                let decide = move |refund: bool, reason: String| api::merchants::decide_return(id, refund, reason);
                view! {
                    <div class="case" data-dispute=id>
                        <p class="case-title">"#"{id}" · "{o.order.product.title.clone()}" · "{o.buyer.display_name.clone()}</p>
                        <p class="muted">{s.return_reason}"："{o.order.return_reason.clone().unwrap_or_default()}</p>
                        <p class="muted">{s.dispute_reason}"："{o.order.return_note.clone().unwrap_or_default()}</p>
                        <Decide yes=s.refund_buyer no=s.refuse_return decide reload/>
                    </div>
                }
            }).collect_view()}
        </section>
    })
}

/// Refunds any order by its number: a counterfeit found after the order completed.
#[component]
fn RefundOrder(reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let tp = t.pages();
    let s = t.shop();
    let order = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(id) = order
            .get_untracked()
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
        else {
            error.set(Some(t.err_not_found));
            return;
        };
        let why = reason.get_untracked();
        leptos::task::spawn_local(async move {
            match api::merchants::decide_return(id, true, why).await {
                Ok(()) => reload.run(()),
                Err(e) => error.set(Some(e.describe(t))),
            }
        });
    };
    view! {
        <section class="card order-refund">
            <h2>{s.mod_refund_order}</h2>
            <form class="case-actions" on:submit=submit>
                <input type="text" inputmode="numeric" placeholder=s.order_no aria-label=s.order_no
                    prop:value=move || order.get() on:input=move |ev| order.set(event_target_value(&ev))/>
                <input type="text" placeholder=tp.mod_reason aria-label=tp.mod_reason maxlength="200"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button type="submit" class="btn btn-small btn-danger">{s.refund}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
