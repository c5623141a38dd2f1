//! The shop's money (pending, available, payouts, the withdrawal form) and its sales by
//! 达人 (which sharers sold what, and the commission they earned).

use crate::{
    api::{self, ApiError},
    components::common::loading,
    pages::earnings::{WithdrawForm, WithdrawalList},
    state::locale::use_locale,
};
use circle_api::{MerchantHome, MerchantOrderView, OrderFilter, Person, ShareSales};
use leptos::prelude::*;

#[component]
pub fn Money(h: MerchantHome, reload: Callback<()>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let done = RwSignal::new(false);
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        async {
            let (withdrawals, settled) = futures::join!(
                api::merchants::withdrawals(),
                api::merchants::orders(OrderFilter::Settled, None)
            );
            Ok::<_, ApiError>((withdrawals?.items, settled?.items))
        }
    });
    let after_withdraw = Callback::new(move |()| {
        version.update(|v| *v += 1);
        reload.run(());
    });
    let fee = format!("{}.{:02} %", h.fee_bp / 100, h.fee_bp % 100);
    view! {
        <section class="card totals">
            <dl class="total-grid">
                <div><dt>{s.balance_pending}</dt><dd>{circle_api::Yuan(h.pending_cents).to_string()}</dd></div>
                <div><dt>{s.balance_available}</dt><dd>{circle_api::Yuan(h.available_cents).to_string()}</dd></div>
                <div><dt>{s.balance_withdrawing}</dt><dd>{circle_api::Yuan(h.withdrawing_cents).to_string()}</dd></div>
                <div><dt>{s.balance_withdrawn}</dt><dd>{circle_api::Yuan(h.withdrawn_cents).to_string()}</dd></div>
            </dl>
            <WithdrawForm available=h.available_cents reload=after_withdraw done shop=true/>
            <p class="fineprint">{s.settlement_note}" "{s.fee_note}" "{fee}</p>
        </section>
        <Transition fallback=|| ()>
            {move || loading(async move {
                let (withdrawals, settled) = list.await?;
                Ok(view! {
                    <Settlements settled/>
                    <WithdrawalList items=withdrawals/>
                })
            })}
        </Transition>
    }
}

/// Completed orders and what each credited: the amount less commission and fee.
#[component]
fn Settlements(settled: Vec<MerchantOrderView>) -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    (!settled.is_empty()).then(|| view! {
        <section class="card">
            <h2>{s.settlements}</h2>
            <ul class="ledger-list">
                {settled.into_iter().map(|o| {
                    let net = o.order.amount_cents - o.commission_cents - o.fee_cents;
                    view! {
                        <li class="settlement" data-order=o.order.id>
                            <div>
                                <p class="commission-title">"#"{o.order.id}" "{o.order.product.title.clone()}</p>
                                <p class="muted">
                                    {circle_api::Yuan(o.order.amount_cents).to_string()}
                                    " − "{s.commission}" "{circle_api::Yuan(o.commission_cents).to_string()}
                                    " − "{s.fee}" "{circle_api::Yuan(o.fee_cents).to_string()}
                                </p>
                            </div>
                            <span class="price">{s.net}" "{circle_api::Yuan(net).to_string()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Sales by 达人 (their totals), and under each the shares that sold what.
#[component]
pub fn Sales() -> impl IntoView {
    let t = use_locale().t();
    let s = t.shop();
    let list = LocalResource::new(api::merchants::sales);
    view! {
        <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || loading(async move {
                let rows = list.await?;
                Ok(if rows.is_empty() {
                    view! { <p class="muted center">{s.sales_empty}</p> }.into_any()
                } else {
                    by_sharer(rows).into_iter().map(|(sharer, shares)| {
                        let orders: i64 = shares.iter().map(|r| r.orders).sum();
                        let amount: i64 = shares.iter().map(|r| r.amount_cents).sum();
                        let commission: i64 = shares.iter().map(|r| r.commission_cents).sum();
                        view! {
                            <section class="card sales-row" data-sharer=sharer.handle.clone()>
                                <h2>{sharer.display_name.clone()}</h2>
                                <p class="muted">
                                    {shares.len()}" "{s.sales_shares}" · "{orders}" "{s.sales_orders}" · "
                                    {circle_api::Yuan(amount).to_string()}" · "{s.commission}" "
                                    {circle_api::Yuan(commission).to_string()}
                                </p>
                                <ul class="ledger-list">
                                    {shares.into_iter().map(|r| view! {
                                        <li class="share-sales">
                                            <div>
                                                <p class="commission-title">{r.product_title.clone()}</p>
                                                <p class="muted">"/s/"{r.share_code.clone()}" · "{r.orders}" "{s.sales_orders}</p>
                                            </div>
                                            <span class="price">{circle_api::Yuan(r.amount_cents).to_string()}</span>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                    }).collect_view().into_any()
                })
            })}
        </Transition>
    }
}

/// The rows grouped by sharer, in the order the server gave (best 达人 first).
fn by_sharer(rows: Vec<ShareSales>) -> Vec<(Person, Vec<ShareSales>)> {
    let mut groups: Vec<(Person, Vec<ShareSales>)> = Vec::new();
    for row in rows {
        match groups.iter_mut().find(|(p, _)| p.id == row.sharer.id) {
            Some((_, list)) => list.push(row),
            None => groups.push((row.sharer.clone(), vec![row])),
        }
    }
    groups
}
