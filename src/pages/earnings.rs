//! 收益 (`/earnings`): what my shares earned. Totals (all from the server's ledger), a
//! 30-day chart, each commission with the reason for its state, what each share
//! brought, and withdrawing with its rules. Drawn as `circle_markup::earnings`, the
//! markup the server sends the page with: the app's first render uses the data embedded
//! with it, so it takes over the server's page without asking again or moving anything.

use crate::{
    api::{self, ApiError},
    components::common::{loaded, Markup, RequireLogin},
    i18n::Strings,
    state::{first, locale::use_locale, mutation::Mutation},
};
use circle_api::{parse_yuan, CommissionView, Earnings, Page, ShareStats, WithdrawalView};
use circle_markup::{
    earnings::{self as markup, EarningsData, EarningsLabels},
    withdraw::{withdraw_form, FormState},
};
use leptos::{prelude::*, task::spawn_local};

/// The page's words in the reader's language (the server's are `EARNINGS_ZH`).
fn earnings_labels(t: &'static Strings) -> EarningsLabels<'static> {
    let tp = t.pages();
    EarningsLabels {
        title: t.tab_earnings,
        available: tp.earn_available,
        pending: tp.earn_pending,
        confirmed: tp.earn_confirmed,
        withdrawing: tp.earn_withdrawing,
        withdrawn: tp.earn_withdrawn,
        chart: tp.earn_chart,
        chart_start: tp.chart_start,
        chart_end: tp.chart_end,
        history: tp.earn_history,
        by_share: tp.earn_by_share,
        clicks: tp.earn_clicks,
        orders: tp.earn_orders,
        withdrawals: tp.withdrawals,
        wd_requested: tp.wd_requested,
        wd_paid: tp.wd_paid,
        wd_failed: tp.wd_failed,
        c_available_on: tp.c_available_on,
        c_waiting_delivery: tp.c_waiting_delivery,
        c_confirmed: tp.c_confirmed,
        c_delisted: tp.c_delisted,
        c_reversed: tp.c_reversed,
        c_clawed_back: tp.c_clawed_back,
        empty_title: tp.earnings_empty_title,
        empty_body: tp.earnings_empty_body,
        rules: tp.earnings_rules,
        withdraw: tp.withdraw,
        withdraw_amount: tp.withdraw_amount,
        withdraw_all: tp.withdraw_all,
        withdraw_busy: tp.withdrawing,
        withdraw_done: tp.withdraw_done,
        withdraw_min_hint: tp.withdraw_min_hint,
        withdraw_negative: tp.withdraw_negative,
    }
}

/// Everything the page shows, loaded together.
#[derive(Clone)]
struct Data {
    earnings: Earnings,
    commissions: Vec<CommissionView>,
    shares: Vec<ShareStats>,
    withdrawals: Vec<WithdrawalView>,
}

impl Data {
    /// What the server embedded in the page it rendered, if it did.
    fn first() -> Option<Data> {
        Some(Data {
            earnings: first::take("/api/v1/earnings")?,
            commissions: first::take::<Page<_>>("/api/v1/earnings/commissions")?.items,
            shares: first::take::<Page<_>>("/api/v1/earnings/shares")?.items,
            withdrawals: first::take::<Page<_>>("/api/v1/withdrawals")?.items,
        })
    }

    fn markup(&self) -> EarningsData<'_> {
        EarningsData {
            earnings: &self.earnings,
            commissions: &self.commissions,
            shares: &self.shares,
            withdrawals: &self.withdrawals,
        }
    }
}

async fn load() -> Result<Data, ApiError> {
    let (earnings, commissions, shares, withdrawals) = futures::join!(
        api::earnings::earnings(),
        api::earnings::commissions(),
        api::earnings::share_stats(),
        api::earnings::withdrawals(),
    );
    Ok(Data {
        earnings: earnings?,
        commissions: commissions?.items,
        shares: shares?.items,
        withdrawals: withdrawals?.items,
    })
}

#[component]
pub fn EarningsPage() -> impl IntoView {
    let t = use_locale().t();
    // Read now, while the server's rendering is still there (the view below is built
    // after it has gone); the first form drawn takes it.
    let typed = StoredValue::new(Some(typed_before()));
    view! {
        <RequireLogin children=move |_| {
            // Until a load answers, the last answer stays on screen (none: "loading").
            let data = RwSignal::new(Data::first().map(Ok));
            let load_now = move || {
                spawn_local(async move {
                    let _ = data.try_set(Some(load().await));
                });
            };
            if data.with_untracked(Option::is_none) {
                load_now();
            }
            let reload = Callback::new(move |()| load_now());
            // Outlives the reload after a withdrawal, so its confirmation stays on screen.
            let done = RwSignal::new(false);
            view! {
                <header class="page-head"><h1>{t.tab_earnings}</h1></header>
                {move || match data.get() {
                    None => view! { <p class="loading">{t.loading}</p> }.into_any(),
                    Some(answer) => loaded(answer.map(|d| {
                        let typed = typed.try_update_value(Option::take).flatten().unwrap_or_default();
                        view! { <EarningsView d reload done typed/> }
                    })),
                }}
                <p class="fineprint">{t.pages().earnings_rules}</p>
            }
        }/>
    }
}

#[component]
fn EarningsView(
    d: Data,
    reload: Callback<()>,
    done: RwSignal<bool>,
    typed: String,
) -> impl IntoView {
    let l = earnings_labels(use_locale().t());
    let figures = markup::figures(&l, &d.earnings);
    let details = markup::details(&l, &d.markup());
    view! {
        <section class="card totals" aria-label=l.title>
            <Markup html=move || figures.clone()/>
            <WithdrawForm available=d.earnings.available_cents reload done typed/>
        </section>
        <Markup html=move || details.clone()/>
    }
}

/// Withdrawals, newest first, with their status (nothing when there are none).
#[component]
pub fn WithdrawalList(items: Vec<WithdrawalView>) -> impl IntoView {
    let l = earnings_labels(use_locale().t());
    let html = markup::withdrawal_list(&l, &items);
    view! { <Markup html=move || html.clone()/> }
}

/// The amount, "all", and the request. One idempotency key per intention: a retry after
/// a network error cannot withdraw twice. `shop`: the merchant's payout, not mine;
/// `typed`: what the field starts with.
#[component]
pub fn WithdrawForm(
    available: i64,
    reload: Callback<()>,
    done: RwSignal<bool>,
    #[prop(optional)] shop: bool,
    #[prop(optional)] typed: String,
) -> impl IntoView {
    let t = use_locale().t();
    let l = earnings_labels(t);
    // What is typed: the input holds it, and the form is drawn again with it only when
    // the app changes it ("all", or cleared after a withdrawal), not at every key.
    let amount = StoredValue::new(typed);
    let refill = RwSignal::new(0u32);
    let key = StoredValue::new(api::new_idempotency_key());
    let request = Mutation::new();
    // A typed amount that is not money never leaves the page.
    let unparsable = RwSignal::new(false);
    let html = move || {
        refill.track();
        let error = if unparsable.get() {
            Some(t.err_insufficient_balance)
        } else {
            request
                .error
                .with(|e| e.as_ref().map(|e| t.error(e.code(), None, None)))
        };
        let typed = amount.get_value();
        withdraw_form(
            &l,
            &FormState {
                available,
                amount: &typed,
                pending: request.pending.get(),
                error,
                done: done.get(),
            },
        )
    };
    let set_amount = move |typed: String| {
        amount.set_value(typed);
        refill.update(|n| *n += 1);
    };
    let on_act = move |act: String| {
        if act == "all" {
            set_amount(circle_api::Yuan(available).typed());
        }
    };
    let submit = move |()| {
        done.set(false);
        let Some(cents) = parse_yuan(&amount.get_value()) else {
            unparsable.set(true);
            return;
        };
        unparsable.set(false);
        let key_now = key.get_value();
        request.run(
            async move {
                if shop {
                    api::merchants::withdraw(&key_now, cents).await
                } else {
                    api::earnings::withdraw(&key_now, cents).await
                }
            },
            move |_| {
                key.set_value(api::new_idempotency_key());
                set_amount(String::new());
                done.set(true);
                reload.run(());
            },
        );
    };
    view! {
        <Markup html on_act on_input=move |typed: String| amount.set_value(typed) on_submit=submit/>
    }
}

/// The amount typed into the form the server rendered (`#boot`) before the app took the
/// page over: it stays.
fn typed_before() -> String {
    use wasm_bindgen::JsCast;
    document()
        .query_selector("#boot #withdraw-amount")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|field| field.value())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_servers_earnings_words_are_the_apps_chinese() {
        assert_eq!(
            super::earnings_labels(crate::i18n::Locale::Zh.strings()),
            circle_markup::earnings::EARNINGS_ZH
        );
    }
}
