//! The shop's products with their status and review reasons; listing a new one, editing,
//! pausing and resuming.

use super::product_form::ProductForm;
use crate::{
    api::{self, ApiError},
    state::{
        locale::use_locale,
        route::{Link, Route},
    },
};
use circle_api::{MerchantProductView, ProductStatus};
use leptos::prelude::*;

#[component]
pub fn Products() -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop;
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        api::merchants::products()
    });
    let reload = Callback::new(move |()| version.update(|v| *v += 1));
    // `Some(None)`: the form for a new product; `Some(Some(p))`: editing `p`.
    let editing = RwSignal::new(None::<Option<MerchantProductView>>);
    view! {
        {move || match editing.get() {
            Some(current) => view! {
                <ProductForm current done=Callback::new(move |()| { editing.set(None); reload.run(()); })
                    cancel=Callback::new(move |()| editing.set(None))/>
            }.into_any(),
            None => view! {
                <button type="button" class="btn btn-primary btn-block" on:click=move |_| editing.set(Some(None))>
                    {s.new_product}
                </button>
            }.into_any(),
        }}
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || Suspend::new(async move {
                let page = list.await?;
                Ok::<_, ApiError>(if page.items.is_empty() {
                    view! { <p class="muted center">{s.products_empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="shop-products">
                            {page.items.into_iter().map(|p| view! { <ProductRow p editing reload/> }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn ProductRow(
    p: MerchantProductView,
    editing: RwSignal<Option<Option<MerchantProductView>>>,
    reload: Callback<()>,
) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop;
    let id = p.product.id;
    let status = p.product.status;
    let error = RwSignal::new(None::<&'static str>);
    let toggle = move |to: ProductStatus| {
        leptos::task::spawn_local(async move {
            match api::merchants::set_status(id, to).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e.describe(t))),
            }
        });
    };
    let editable = !matches!(status, ProductStatus::UnderReview | ProductStatus::Delisted);
    let for_edit = p.clone();
    view! {
        <li class="card shop-product" data-product=id data-status=format!("{status:?}")>
            <img src=p.product.image_url.clone().unwrap_or_default() alt="" width="64" height="64"/>
            <div class="order-main">
                <Link href=Route::Product(id).href() class="order-title">{p.product.title.clone()}</Link>
                <p class="muted">
                    {circle_api::Yuan(p.product.price_cents).to_string()}" · "{s.in_stock}" "{p.product.stock}
                    " · "{s.sold}" "{p.sold}" · "{s.commission}" "{format!("{}.{:02} %", p.commission_bp / 100, p.commission_bp % 100)}
                </p>
                <p><span class="badge" data-testid="product-status">{t.product_status(status)}</span></p>
                {p.review_reason.clone().filter(|_| status == ProductStatus::Rejected).map(|r| view! {
                    <p class="form-error">{s.reason_label}"："{r}</p>
                })}
                <div class="case-actions">
                    {editable.then(|| view! {
                        <button type="button" class="btn btn-small btn-secondary"
                            on:click=move |_| editing.set(Some(Some(for_edit.clone())))>{t.edit}</button>
                    })}
                    {(status == ProductStatus::Active).then(|| view! {
                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| toggle(ProductStatus::Paused)>{s.pause}</button>
                    })}
                    {(status == ProductStatus::Paused).then(|| view! {
                        <button type="button" class="btn btn-small btn-secondary" on:click=move |_| toggle(ProductStatus::Active)>{s.resume}</button>
                    })}
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            </div>
        </li>
    }
}
