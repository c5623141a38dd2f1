//! A product in a grid: picture, title, price.

use crate::state::route::Link;
use crate::state::route::Route;
use circle_api::ProductView;
use leptos::prelude::*;

#[component]
pub fn ProductCard(product: ProductView) -> impl IntoView {
    let href = Route::Product(product.id).href();
    view! {
        <Link href=href class="product-card">
            <img src=product.image_url.as_deref().map(circle_api::small_photo).unwrap_or_default() alt="" loading="lazy" width="200" height="200"/>
            <span class="product-title">{product.title}</span>
            <span class="price">{circle_api::Yuan(product.price_cents).to_string()}</span>
        </Link>
    }
}
