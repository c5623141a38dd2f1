//! The shop's products with their status and review reasons; listing a new one, editing,
//! pausing and resuming.

use super::product_form::ProductForm;
use crate::{
    api,
    state::{
        locale::use_locale,
        paged::Paged,
        route::{Link, Route},
    },
};
use circle_api::{MerchantProductView, ProductStatus};
use leptos::prelude::*;

#[component]
pub fn Products() -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let list = Paged::<MerchantProductView>::new();
    let load = move |more: bool| list.load(more, api::merchants::products);
    load(false);
    let reload = Callback::new(move |()| load(false));
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
        {move || list.error.with(|e| e.as_ref().map(|e| view! { <p class="form-error" role="alert">{e.describe(t)}</p> }))}
        {move || (!list.loaded.get()).then(|| view! { <p class="loading">{t.loading}</p> })}
        {move || list.is_empty().then(|| view! { <p class="muted center">{s.products_empty}</p> })}
        <ul class="shop-products">
            <For each=move || list.items.get()
                key=|p| (p.product.id, p.product.status, p.product.stock, p.product.title.clone())
                let:p>
                <ProductRow p editing reload/>
            </For>
        </ul>
        {move || list.next.get().is_some().then(|| view! {
            <button type="button" class="btn btn-secondary btn-block" on:click=move |_| load(true)
                disabled=move || list.loading.get()>{t.load_more}</button>
        })}
    }
}

#[component]
fn ProductRow(
    p: MerchantProductView,
    editing: RwSignal<Option<Option<MerchantProductView>>>,
    reload: Callback<()>,
) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
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
        <li class="card shop-product" data-product=id>
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
