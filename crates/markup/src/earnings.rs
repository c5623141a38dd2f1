//! 收益 (`/earnings`): the totals, the 30-day chart, the commissions with the reason
//! for each one's state, the withdrawals and what each share brought; and the withdraw
//! form (also the merchant's). The server renders the page into the HTML it sends for
//! the reader logged in, so the figures show before the WASM arrives; the app renders the
//! same strings, the form again whenever its state changes.

use super::{
    escape, icons,
    withdraw::{withdraw_form, FormState},
};
use circle_api::{
    china_date, CommissionStatus, CommissionView, Earnings, Reversal, ShareStats, WithdrawalStatus,
    WithdrawalView, Yuan,
};
use std::fmt::Write;

/// The words of the page, in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarningsLabels<'a> {
    pub title: &'a str,
    pub available: &'a str,
    pub pending: &'a str,
    pub confirmed: &'a str,
    pub withdrawing: &'a str,
    pub withdrawn: &'a str,
    pub chart: &'a str,
    pub chart_start: &'a str,
    pub chart_end: &'a str,
    pub history: &'a str,
    pub by_share: &'a str,
    pub clicks: &'a str,
    pub orders: &'a str,
    pub withdrawals: &'a str,
    pub wd_requested: &'a str,
    pub wd_paid: &'a str,
    pub wd_failed: &'a str,
    pub c_available_on: &'a str,
    pub c_waiting_delivery: &'a str,
    pub c_confirmed: &'a str,
    pub c_delisted: &'a str,
    pub c_reversed: &'a str,
    pub c_clawed_back: &'a str,
    pub empty_title: &'a str,
    pub empty_body: &'a str,
    pub rules: &'a str,
    pub withdraw: &'a str,
    pub withdraw_amount: &'a str,
    pub withdraw_all: &'a str,
    pub withdraw_busy: &'a str,
    pub withdraw_done: &'a str,
    pub withdraw_min_hint: &'a str,
    pub withdraw_negative: &'a str,
}

/// The Chinese words, which the server renders.
pub const EARNINGS_ZH: EarningsLabels<'static> = EarningsLabels {
    title: "收益",
    available: "可提现",
    pending: "待确认",
    confirmed: "累计确认",
    withdrawing: "提现中",
    withdrawn: "已提现",
    chart: "近 30 天佣金",
    chart_start: "30 天前",
    chart_end: "今天",
    history: "佣金明细",
    by_share: "我的分享效果",
    clicks: "次点击",
    orders: "单成交",
    withdrawals: "提现记录",
    wd_requested: "处理中",
    wd_paid: "已到账",
    wd_failed: "失败，已退回",
    c_available_on: "待确认 · 可提现日期",
    c_waiting_delivery: "待确认 · 等买家确认收货后 7 天",
    c_confirmed: "已确认，已计入可提现",
    c_delisted: "已取消：商品因假货举报被下架",
    c_reversed: "已取消：订单在退货期内退款",
    c_clawed_back: "已扣回：订单在确认后退款",
    empty_title: "还没有收益",
    empty_body: "好友通过你的分享购买后，佣金会先显示为待确认，过了 7 天退货期后可提现。",
    rules: "佣金只奖励真实购买，不奖励转发、点赞或拉人。",
    withdraw: "提现",
    withdraw_amount: "提现金额（元）",
    withdraw_all: "全部",
    withdraw_busy: "提交中…",
    withdraw_done: "提现申请已提交",
    withdraw_min_hint: "最低提现 ¥10.00",
    withdraw_negative: "退款扣回后可提现余额为负，暂不能提现",
};

/// Everything the page shows.
#[derive(Debug, Clone, Copy)]
pub struct EarningsData<'a> {
    pub earnings: &'a Earnings,
    pub commissions: &'a [CommissionView],
    pub shares: &'a [ShareStats],
    pub withdrawals: &'a [WithdrawalView],
}

/// The whole page as the server sends it: what the app draws from the same data, with
/// the withdraw form as it first is. Each `slot` is one of the app's markup blocks.
pub fn page(l: &EarningsLabels<'_>, d: &EarningsData<'_>) -> String {
    let form = withdraw_form(l, &FormState::first(d.earnings.available_cents));
    format!(
        "<header class=\"page-head\"><h1>{title}</h1></header>\
         <section class=\"card totals\" aria-label=\"{title}\">{}{}</section>{}\
         <p class=\"fineprint\">{}</p>",
        super::feed::slot(&figures(l, d.earnings)),
        super::feed::slot(&form),
        super::feed::slot(&details(l, d)),
        escape(l.rules),
        title = escape(l.title),
    )
}

/// The totals card's figures: what can be withdrawn, and the four other balances.
pub fn figures(l: &EarningsLabels<'_>, e: &Earnings) -> String {
    let negative = if e.available_cents < 0 {
        " negative"
    } else {
        ""
    };
    let mut h = format!(
        "<div class=\"total-main\"><span class=\"muted\">{}</span>\
         <strong class=\"big{negative}\" data-testid=\"available\">{}</strong></div><dl class=\"total-grid\">",
        escape(l.available),
        Yuan(e.available_cents)
    );
    for (name, cents, id) in [
        (l.pending, e.pending_cents, Some("pending")),
        (l.confirmed, e.confirmed_cents, Some("confirmed")),
        (l.withdrawing, e.withdrawing_cents, None),
        (l.withdrawn, e.withdrawn_cents, Some("withdrawn")),
    ] {
        let id = id
            .map(|id| format!(" data-testid=\"{id}\""))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<div><dt>{}</dt><dd{id}>{}</dd></div>",
            escape(name),
            Yuan(cents)
        );
    }
    h.push_str("</dl>");
    h
}

/// The chart, the commissions and withdrawals (or that there are none yet), and what
/// each share brought.
pub fn details(l: &EarningsLabels<'_>, d: &EarningsData<'_>) -> String {
    let mut h = format!(
        "<section class=\"card\"><h2>{}</h2>{}</section>",
        escape(l.chart),
        chart(l, &d.earnings.last_30_days)
    );
    if d.commissions.is_empty() && d.withdrawals.is_empty() {
        let _ = write!(
            h,
            "<section class=\"empty\"><div class=\"empty-icon\" aria-hidden=\"true\">{}</div>\
             <h2>{}</h2><p>{}</p></section>",
            icons::svg(icons::WALLET),
            escape(l.empty_title),
            escape(l.empty_body)
        );
    } else {
        let _ = write!(
            h,
            "<section class=\"card\"><h2>{}</h2><ul class=\"ledger-list\">",
            escape(l.history)
        );
        for c in d.commissions {
            let struck = matches!(
                c.status,
                CommissionStatus::Reversed | CommissionStatus::ClawedBack
            );
            let _ = write!(
                h,
                "<li class=\"commission\"><div><p class=\"commission-title\">{}</p>\
                 <p class=\"muted commission-reason\">{}</p></div><span class=\"price{}\">{}</span></li>",
                escape(&c.product_title),
                escape(&reason(l, c)),
                if struck { " struck" } else { "" },
                Yuan(c.amount_cents)
            );
        }
        h.push_str("</ul></section>");
        h.push_str(&withdrawal_list(l, d.withdrawals));
    }
    if !d.shares.is_empty() {
        let _ = write!(
            h,
            "<section class=\"card\"><h2>{}</h2><ul class=\"ledger-list\">",
            escape(l.by_share)
        );
        for s in d.shares {
            let _ = write!(
                h,
                "<li class=\"share-stat\"><div><p class=\"commission-title\">{}</p>\
                 <p class=\"muted\">{} {} · {} {}</p></div><span class=\"price\">{}</span></li>",
                escape(&s.product_title),
                s.clicks,
                escape(l.clicks),
                s.orders,
                escape(l.orders),
                Yuan(s.commission_cents)
            );
        }
        h.push_str("</ul></section>");
    }
    h
}

/// Why a commission is where it is.
fn reason(l: &EarningsLabels<'_>, c: &CommissionView) -> String {
    match (c.status, c.available_at) {
        (CommissionStatus::Pending, Some(at)) => format!("{} {}", l.c_available_on, china_date(at)),
        (CommissionStatus::Pending, None) => l.c_waiting_delivery.to_owned(),
        (CommissionStatus::Confirmed, _) => l.c_confirmed.to_owned(),
        (CommissionStatus::Reversed, _) if c.reversal == Some(Reversal::Delisted) => {
            l.c_delisted.to_owned()
        }
        (CommissionStatus::Reversed, _) => l.c_reversed.to_owned(),
        (CommissionStatus::ClawedBack, _) => l.c_clawed_back.to_owned(),
    }
}

/// Withdrawals, newest first, with their status (nothing when there are none).
pub fn withdrawal_list(l: &EarningsLabels<'_>, items: &[WithdrawalView]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut h = format!(
        "<section class=\"card\"><h2>{}</h2><ul class=\"ledger-list\">",
        escape(l.withdrawals)
    );
    for w in items {
        let status = match w.status {
            WithdrawalStatus::Requested => l.wd_requested,
            WithdrawalStatus::Paid => l.wd_paid,
            WithdrawalStatus::Failed => l.wd_failed,
        };
        let _ = write!(
            h,
            "<li class=\"withdrawal\"><div><p>{}</p><p class=\"muted\">{}</p></div>\
             <span class=\"price\">{}</span></li>",
            china_date(w.created_at),
            escape(status),
            Yuan(w.amount_cents)
        );
    }
    h.push_str("</ul></section>");
    h
}

/// Bars of the last 30 days' commissions, as SVG, and their total.
fn chart(l: &EarningsLabels<'_>, days: &[i64]) -> String {
    let max = days.iter().copied().max().unwrap_or(0).max(1);
    let n = i64::try_from(days.len()).unwrap_or(1).max(1);
    let total: i64 = days.iter().sum();
    let mut h = format!(
        "<svg class=\"chart\" viewBox=\"0 0 300 110\" role=\"img\" aria-label=\"{} {}\" \
         preserveAspectRatio=\"none\"><line x1=\"0\" y1=\"100\" x2=\"300\" y2=\"100\" class=\"chart-axis\"></line>",
        escape(l.chart),
        Yuan(total)
    );
    let w = 300 / n;
    for (i, v) in (0_i64..).zip(days).filter(|(_, v)| **v > 0) {
        let bar = (v * 96 / max).max(2);
        let _ = write!(
            h,
            "<rect class=\"chart-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{bar}\"><title>{}</title></rect>",
            i * w + 1,
            100 - bar,
            (w - 2).max(1),
            Yuan(*v)
        );
    }
    let _ = write!(
        h,
        "</svg><p class=\"chart-legend muted\"><span>{}</span><span>{}</span><span>{}</span></p>",
        escape(l.chart_start),
        Yuan(total),
        escape(l.chart_end)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use circle_api::CommissionStatus;

    fn commission(title: &str, status: CommissionStatus) -> CommissionView {
        CommissionView {
            id: 1,
            order_id: 1,
            share_code: "c".into(),
            product_title: title.into(),
            amount_cents: 500,
            status,
            available_at: None,
            created_at: 0,
            settled_at: None,
            reversal: None,
        }
    }

    #[test]
    fn what_people_wrote_stays_text() {
        let earnings = Earnings {
            pending_cents: 500,
            confirmed_cents: 0,
            available_cents: 0,
            withdrawing_cents: 0,
            withdrawn_cents: 0,
            last_30_days: vec![0; 30],
        };
        let commissions = [commission(
            "<img src=x onerror=alert(1)>",
            CommissionStatus::Pending,
        )];
        let html = page(
            &EARNINGS_ZH,
            &EarningsData {
                earnings: &earnings,
                commissions: &commissions,
                shares: &[],
                withdrawals: &[],
            },
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("<img"));
        assert!(html.contains("待确认 · 等买家确认收货后 7 天"));
    }
}
