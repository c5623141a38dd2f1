//! 商家后台 (`/merchant`), mobile-first: the shop's balances, orders to ship (with their
//! count on the tab), returns to answer, its products with their review state, sales by
//! 达人, and payouts. A non-merchant is sent to apply.

mod money;
mod orders;
mod product_form;
mod products;

use crate::{
    api,
    components::common::{loading, RequireLogin},
    state::{
        locale::use_locale,
        route::{Link, Route},
    },
};
use circle_api::{MerchantHome, OrderFilter, Role};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    ToShip,
    Returns,
    Products,
    Sales,
    Money,
    All,
}

#[component]
pub fn MerchantPage() -> impl IntoView {
    let t = use_locale().t();
    view! {
        <RequireLogin children=move |me| {
            if me.role != Role::Merchant {
                return view! {
                    <header class="page-head"><h1>{t.shop().console}</h1></header>
                    <p class="card notice" role="alert">{t.err_not_merchant}</p>
                    <Link href=Route::MerchantApply.href() class="btn btn-primary btn-block">{t.shop().apply_link}</Link>
                }.into_any();
            }
            let version = RwSignal::new(0u32);
            let home = LocalResource::new(move || {
                version.track();
                api::merchants::home()
            });
            let reload = Callback::new(move |()| version.update(|v| *v += 1));
            let tab = RwSignal::new(Tab::ToShip);
            view! {
                <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                    {move || loading(async move {
                        let h = home.await?;
                        Ok(view! { <Head h=h.clone() tab/> <Body h tab reload/> })
                    })}
                </Transition>
            }.into_any()
        }/>
    }
}

#[component]
fn Head(h: MerchantHome, tab: RwSignal<Tab>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let count = |n: i64| (n > 0).then(|| view! { <span class="count-badge">{n}</span> });
    let tabs = [
        (Tab::ToShip, s.tab_to_ship, count(h.to_ship)),
        (Tab::Returns, s.tab_returns, count(h.returns_open)),
        (Tab::Products, s.tab_products, None),
        (Tab::Sales, s.tab_sales, None),
        (Tab::Money, s.tab_money, None),
        (Tab::All, s.tab_all_orders, None),
    ];
    view! {
        <header class="page-head shop-head">
            <h1>{h.name.clone()}</h1>
            <p class="muted">
                <span class="badge verified">{s.shop_verified}</span>" "
                <Link href=Route::Shop(h.id).href()>{s.shop_products}" ›"</Link>
            </p>
        </header>
        <section class="card totals shop-totals" aria-label=s.tab_money>
            <dl class="total-grid">
                <div><dt>{s.balance_pending}</dt><dd data-testid="shop-pending">{circle_api::Yuan(h.pending_cents).to_string()}</dd></div>
                <div><dt>{s.balance_available}</dt><dd data-testid="shop-available">{circle_api::Yuan(h.available_cents).to_string()}</dd></div>
            </dl>
        </section>
        <nav class="tabs-scroll" role="tablist" aria-label=s.console>
            {tabs.into_iter().map(|(which, label, badge)| view! {
                <button type="button" role="tab" class="tab-chip"
                    aria-selected=move || if tab.get() == which { "true" } else { "false" }
                    class:active=move || tab.get() == which
                    on:click=move |_| tab.set(which)>{label}{badge}</button>
            }).collect_view()}
        </nav>
    }
}

#[component]
fn Body(h: MerchantHome, tab: RwSignal<Tab>, reload: Callback<()>) -> impl IntoView {
    move || match tab.get() {
        Tab::ToShip => view! { <orders::Orders filter=OrderFilter::ToShip reload/> }.into_any(),
        Tab::Returns => view! { <orders::Orders filter=OrderFilter::Returns reload/> }.into_any(),
        Tab::All => view! { <orders::Orders filter=OrderFilter::All reload/> }.into_any(),
        Tab::Products => view! { <products::Products/> }.into_any(),
        Tab::Sales => view! { <money::Sales/> }.into_any(),
        Tab::Money => view! { <money::Money h=h.clone() reload/> }.into_any(),
    }
}
