//! Listing or editing a product: title, description, category, price, stock, commission
//! rate and photos (uploaded through the same path as shares). What the server refuses
//! is shown next to the form and nothing typed is lost.

use crate::{
    api::{self, ApiError},
    components::photos::{send_all, PhotoPicker, Picked},
    state::{locale::use_locale, mutation::Mutation},
};
use circle_api::{parse_yuan, MerchantProductView, ProductRequest, CATEGORIES, PRODUCT_PHOTOS_MAX};
use leptos::prelude::*;

#[component]
pub fn ProductForm(
    current: Option<MerchantProductView>,
    done: Callback<()>,
    cancel: Callback<()>,
) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let id = current.as_ref().map(|p| p.product.id);
    let yuan = |cents: i64| circle_api::Yuan(cents).typed();
    let title = RwSignal::new(
        current
            .as_ref()
            .map(|p| p.product.title.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        current
            .as_ref()
            .map(|p| p.description.clone())
            .unwrap_or_default(),
    );
    let category = RwSignal::new(
        current
            .as_ref()
            .map_or_else(|| "food".to_owned(), |p| p.product.category.clone()),
    );
    let price = RwSignal::new(
        current
            .as_ref()
            .map(|p| yuan(p.product.price_cents))
            .unwrap_or_default(),
    );
    let stock = RwSignal::new(
        current
            .as_ref()
            .map_or_else(|| "10".into(), |p| p.product.stock.to_string()),
    );
    let rate = RwSignal::new(
        current
            .as_ref()
            .map_or_else(|| "5".into(), |p| yuan(p.commission_bp)),
    );
    let kept_photos = current
        .as_ref()
        .map(|p| p.photo_ids.clone())
        .unwrap_or_default();
    let files = RwSignal::new(Vec::<Picked>::new());
    let request = Mutation::new();
    let pending = request.pending;
    let unparsable = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(price_cents), Some(commission_bp)) = (
            parse_yuan(&price.get_untracked()),
            parse_yuan(&rate.get_untracked()),
        ) else {
            unparsable.set(Some(t.err_price));
            return;
        };
        let Ok(stock_n) = stock.get_untracked().trim().parse::<i64>() else {
            unparsable.set(Some(t.err_stock));
            return;
        };
        unparsable.set(None);
        let picked = files.get_untracked();
        let kept = kept_photos.clone();
        let (title, description, category) = (
            title.get_untracked(),
            description.get_untracked(),
            category.get_untracked(),
        );
        request.run(
            async move {
                let mut photo_ids = send_all(picked).await?;
                if photo_ids.is_empty() {
                    photo_ids = kept;
                }
                let req = ProductRequest {
                    title,
                    description,
                    category,
                    price_cents,
                    stock: stock_n,
                    commission_bp,
                    photo_ids,
                };
                match id {
                    Some(id) => api::merchants::edit_product(id, &req).await,
                    None => api::merchants::create_product(&req).await,
                }
            },
            move |_: MerchantProductView| done.run(()),
        );
    };
    let error = move || {
        unparsable.get().or_else(|| {
            request
                .error
                .with(|e| e.as_ref().map(|e: &ApiError| e.describe(t)))
        })
    };
    let text = |id: &'static str,
                label: &'static str,
                value: RwSignal<String>,
                mode: &'static str| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" inputmode=mode autocomplete="off" required
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    view! {
        <form class="card product-form" on:submit=submit novalidate>
            <h2>{if id.is_some() { s.edit_product } else { s.new_product }}</h2>
            {text("product-title", s.product_title, title, "text")}
            <label for="product-description">{s.product_description}</label>
            <textarea id="product-description" rows="3" maxlength="2000"
                prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            <label for="product-category">{s.shop_category}</label>
            <select id="product-category" on:change=move |ev| category.set(event_target_value(&ev))>
                {CATEGORIES.iter().map(|c| view! {
                    <option value=*c selected=move || category.get() == *c>{t.category(c)}</option>
                }).collect_view()}
            </select>
            <div class="form-row">
                <div>{text("product-price", s.price_yuan, price, "decimal")}</div>
                <div>{text("product-stock", s.stock, stock, "numeric")}</div>
                <div>{text("product-rate", s.commission_rate, rate, "decimal")}</div>
            </div>
            <PhotoPicker id="product-photos" label=s.product_photos max=PRODUCT_PHOTOS_MAX photos=files/>
            <p class="fineprint">{s.review_note}</p>
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="case-actions">
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>{s.save_product}</button>
                <button type="button" class="btn btn-secondary" on:click=move |_| cancel.run(())>{t.cancel}</button>
            </div>
        </form>
    }
}
