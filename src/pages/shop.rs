//! A verified shop's page (`/m/{id}`): its name and badge, and its products on sale.

use crate::{
    api::{self, ApiError},
    components::{common::loading, product::ProductCard},
    state::locale::use_locale,
};
use leptos::prelude::*;

#[component]
pub fn ShopPage(id: i64) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let data = LocalResource::new(move || async move {
        let (shop, products) =
            futures::join!(api::merchants::shop(id), api::merchants::shop_products(id));
        Ok::<_, ApiError>((shop?, products?))
    });
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || loading(async move {
                let (shop, products) = data.await?;
                Ok(view! {
                    <header class="page-head shop-head">
                        <h1>{shop.name.clone()}</h1>
                        <p class="muted">
                            <span class="badge verified">{s.shop_verified}</span>" "
                            {t.category(&shop.category)}" · "{s.shop_since}{circle_api::china_date(shop.since)}
                        </p>
                    </header>
                    <h2 class="section-title">{s.shop_products}</h2>
                    {if products.items.is_empty() {
                        view! { <p class="muted center">{s.shop_empty}</p> }.into_any()
                    } else {
                        view! {
                            <div class="product-grid">
                                {products.items.into_iter().map(|product| view! { <ProductCard product/> }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                })
            })}
        </Transition>
    }
}
