//! 收益 (`/earnings`): what my shares earned. Totals (all from the server's ledger), a
//! 30-day chart, each commission with the reason for its state, what each share
//! brought, and withdrawing with its rules.

use crate::{
    api::{self, ApiError},
    components::common::{icons, EmptyState, RequireLogin},
    i18n::Strings,
    state::{locale::use_locale, mutation::Mutation},
};
use circle_api::{
    parse_yuan, CommissionStatus, CommissionView, Earnings, ShareStats, WithdrawalStatus,
    WithdrawalView, WITHDRAWAL_MIN_CENTS,
};
use leptos::prelude::*;

fn reason(t: &Strings, c: &CommissionView) -> String {
    match (c.status, c.available_at) {
        (CommissionStatus::Pending, Some(at)) => {
            format!("{} {}", t.c_available_on, circle_api::china_date(at))
        }
        (CommissionStatus::Pending, None) => t.c_waiting_delivery.to_owned(),
        (CommissionStatus::Confirmed, _) => t.c_confirmed.to_owned(),
        (CommissionStatus::Reversed, _) if c.reversal == Some(circle_api::Reversal::Delisted) => {
            t.c_delisted.to_owned()
        }
        (CommissionStatus::Reversed, _) => t.c_reversed.to_owned(),
        (CommissionStatus::ClawedBack, _) => t.c_clawed_back.to_owned(),
    }
}

fn withdrawal_status(t: &Strings, s: WithdrawalStatus) -> &'static str {
    match s {
        WithdrawalStatus::Requested => t.wd_requested,
        WithdrawalStatus::Paid => t.wd_paid,
        WithdrawalStatus::Failed => t.wd_failed,
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
    view! {
        <RequireLogin children=move |_| {
            let version = RwSignal::new(0u32);
            let data = LocalResource::new(move || {
                version.track();
                load()
            });
            let reload = Callback::new(move |()| version.update(|v| *v += 1));
            // Outlives the reload after a withdrawal, so its confirmation stays on screen.
            let done = RwSignal::new(false);
            view! {
                <header class="page-head"><h1>{t.tab_earnings}</h1></header>
                <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                    {move || Suspend::new(async move {
                        let d = data.await?;
                        Ok::<_, ApiError>(view! { <EarningsView d reload done/> })
                    })}
                </Transition>
                <p class="fineprint">{t.earnings_rules}</p>
            }
        }/>
    }
}

#[component]
fn EarningsView(d: Data, reload: Callback<()>, done: RwSignal<bool>) -> impl IntoView {
    let t = use_locale().t();
    let e = d.earnings.clone();
    let nothing_yet = d.commissions.is_empty() && d.withdrawals.is_empty();
    view! {
        <section class="card totals" aria-label=t.tab_earnings>
            <div class="total-main">
                <span class="muted">{t.earn_available}</span>
                <strong class="big" class:negative=e.available_cents < 0 data-testid="available">{circle_api::Yuan(e.available_cents).to_string()}</strong>
            </div>
            <dl class="total-grid">
                <div><dt>{t.earn_pending}</dt><dd data-testid="pending">{circle_api::Yuan(e.pending_cents).to_string()}</dd></div>
                <div><dt>{t.earn_confirmed}</dt><dd data-testid="confirmed">{circle_api::Yuan(e.confirmed_cents).to_string()}</dd></div>
                <div><dt>{t.earn_withdrawing}</dt><dd>{circle_api::Yuan(e.withdrawing_cents).to_string()}</dd></div>
                <div><dt>{t.earn_withdrawn}</dt><dd data-testid="withdrawn">{circle_api::Yuan(e.withdrawn_cents).to_string()}</dd></div>
            </dl>
            <WithdrawForm available=e.available_cents reload done/>
        </section>
        <section class="card">
            <h2>{t.earn_chart}</h2>
            <Chart days=e.last_30_days.clone()/>
        </section>
        {if nothing_yet {
            view! { <EmptyState icon=icons::wallet title=t.earnings_empty_title body=t.earnings_empty_body/> }.into_any()
        } else {
            view! {
                <section class="card">
                    <h2>{t.earn_history}</h2>
                    <ul class="ledger-list">
                        {d.commissions.iter().map(|c| view! {
                            <li class="commission" data-status=format!("{:?}", c.status)>
                                <div>
                                    <p class="commission-title">{c.product_title.clone()}</p>
                                    <p class="muted commission-reason">{reason(t, c)}</p>
                                </div>
                                <span class="price" class:struck=matches!(c.status, CommissionStatus::Reversed | CommissionStatus::ClawedBack)>
                                    {circle_api::Yuan(c.amount_cents).to_string()}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
                <WithdrawalList items=d.withdrawals.clone()/>
            }.into_any()
        }}
        {(!d.shares.is_empty()).then(|| view! {
            <section class="card">
                <h2>{t.earn_by_share}</h2>
                <ul class="ledger-list">
                    {d.shares.iter().map(|s| view! {
                        <li class="share-stat">
                            <div>
                                <p class="commission-title">{s.product_title.clone()}</p>
                                <p class="muted">{s.clicks}" "{t.earn_clicks}" · "{s.orders}" "{t.earn_orders}</p>
                            </div>
                            <span class="price">{circle_api::Yuan(s.commission_cents).to_string()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// Withdrawals, newest first, with their status (nothing when there are none).
#[component]
pub fn WithdrawalList(items: Vec<WithdrawalView>) -> impl IntoView {
    let t = use_locale().t();
    (!items.is_empty()).then(|| view! {
        <section class="card">
            <h2>{t.withdrawals}</h2>
            <ul class="ledger-list">
                {items.into_iter().map(|w| view! {
                    <li class="withdrawal" data-status=format!("{:?}", w.status)>
                        <div>
                            <p>{circle_api::china_date(w.created_at)}</p>
                            <p class="muted">{withdrawal_status(t, w.status)}</p>
                        </div>
                        <span class="price">{circle_api::Yuan(w.amount_cents).to_string()}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Bars of the last 30 days' commissions, drawn as SVG.
#[component]
fn Chart(days: Vec<i64>) -> impl IntoView {
    let t = use_locale().t();
    let max = days.iter().copied().max().unwrap_or(0).max(1);
    let n = days.len().max(1) as i64;
    let total: i64 = days.iter().sum();
    let label = format!("{} {}", t.earn_chart, circle_api::Yuan(total));
    view! {
        <svg class="chart" viewBox="0 0 300 110" role="img" aria-label=label preserveAspectRatio="none">
            <line x1="0" y1="100" x2="300" y2="100" class="chart-axis"/>
            {days.iter().enumerate().filter(|(_, v)| **v > 0).map(|(i, v)| {
                let w = 300 / n;
                let h = (v * 96 / max).max(2);
                view! {
                    <rect class="chart-bar" x=(i as i64 * w + 1).to_string() y=(100 - h).to_string()
                        width=(w - 2).max(1).to_string() height=h.to_string()>
                        <title>{circle_api::Yuan(*v).to_string()}</title>
                    </rect>
                }
            }).collect_view()}
        </svg>
        <p class="chart-legend muted"><span>{t.chart_start}</span><span>{circle_api::Yuan(total).to_string()}</span><span>{t.chart_end}</span></p>
    }
}

/// The amount, "all", and the request. One idempotency key per intention: a retry after
/// a network error cannot withdraw twice. `shop`: the merchant's payout, not mine.
#[component]
pub fn WithdrawForm(
    available: i64,
    reload: Callback<()>,
    done: RwSignal<bool>,
    #[prop(optional)] shop: bool,
) -> impl IntoView {
    let t = use_locale().t();
    let amount = RwSignal::new(String::new());
    let key = StoredValue::new(api::new_idempotency_key());
    let request = Mutation::new();
    let pending = request.pending;
    // A typed amount that is not money never leaves the page.
    let unparsable = RwSignal::new(false);
    let error = move || {
        if unparsable.get() {
            return Some(t.err_insufficient_balance);
        }
        request
            .error
            .with(|e| e.as_ref().map(|e| t.error(e.code(), None, None)))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let Some(cents) = parse_yuan(&amount.get_untracked()) else {
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
                amount.set(String::new());
                done.set(true);
                reload.run(());
            },
        );
    };
    if available < 0 {
        return view! { <p class="notice" role="status">{t.withdraw_negative}</p> }.into_any();
    }
    let all = circle_api::Yuan(available).typed();
    view! {
        <form class="withdraw" on:submit=submit novalidate>
            <label for="withdraw-amount">{t.withdraw_amount}</label>
            <div class="withdraw-row">
                <input id="withdraw-amount" type="text" inputmode="decimal" autocomplete="off"
                    placeholder=t.withdraw_min_hint
                    prop:value=move || amount.get()
                    on:input=move |ev| amount.set(event_target_value(&ev))/>
                <button type="button" class="btn btn-small btn-secondary" on:click=move |_| amount.set(all.clone())>{t.withdraw_all}</button>
            </div>
            <button type="submit" class="btn btn-primary btn-block" disabled=move || pending.get() || available < WITHDRAWAL_MIN_CENTS>
                {move || if pending.get() { t.withdrawing } else { t.withdraw }}
            </button>
            <p class="muted small">{t.withdraw_min_hint}</p>
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <Show when=move || done.get()>
                <p class="success" role="status">{t.withdraw_done}</p>
            </Show>
        </form>
    }
    .into_any()
}
