//! The withdraw form (the sharer's on 收益 and the merchant's): the amount, "all", the
//! request and how it went. Markup like the rest of 收益, so the server renders it into
//! the page and the app draws it again whenever its state changes.

use super::{earnings::EarningsLabels, escape};
use circle_api::WITHDRAWAL_MIN_CENTS;
use std::fmt::Write;

/// What the withdraw form shows: the balance it may take from, the amount typed, and
/// how the last request went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormState<'a> {
    pub available: i64,
    pub amount: &'a str,
    pub pending: bool,
    pub error: Option<&'a str>,
    pub done: bool,
}

impl FormState<'_> {
    /// The form as a page first shows it.
    pub fn first(available: i64) -> Self {
        FormState {
            available,
            amount: "",
            pending: false,
            error: None,
            done: false,
        }
    }
}

/// The amount (its input keeps `amount` when drawn again), "all", the request and its
/// outcome; or, while a claw-back left the balance negative, why there is none. The
/// "all" button says `data-act="all"`; the form's submit is the request.
pub fn withdraw_form(l: &EarningsLabels<'_>, s: &FormState<'_>) -> String {
    if s.available < 0 {
        return format!(
            "<p class=\"notice\" role=\"status\">{}</p>",
            escape(l.withdraw_negative)
        );
    }
    let hint = escape(l.withdraw_min_hint);
    let disabled = if s.pending || s.available < WITHDRAWAL_MIN_CENTS {
        " disabled"
    } else {
        ""
    };
    let mut h = format!(
        "<form class=\"withdraw\" novalidate><label for=\"withdraw-amount\">{}</label>\
         <div class=\"withdraw-row\"><input id=\"withdraw-amount\" type=\"text\" inputmode=\"decimal\" \
         autocomplete=\"off\" placeholder=\"{hint}\" value=\"{}\">\
         <button type=\"button\" class=\"btn btn-small btn-secondary\" data-act=\"all\">{}</button></div>\
         <button type=\"submit\" class=\"btn btn-primary btn-block\" data-act=\"withdraw\"{disabled}>{}</button>\
         <p class=\"muted small\">{hint}</p>",
        escape(l.withdraw_amount),
        escape(s.amount),
        escape(l.withdraw_all),
        escape(if s.pending {
            l.withdraw_busy
        } else {
            l.withdraw
        }),
    );
    if let Some(e) = s.error {
        let _ = write!(
            h,
            "<p class=\"form-error\" role=\"alert\">{}</p>",
            escape(e)
        );
    }
    if s.done {
        let _ = write!(
            h,
            "<p class=\"success\" role=\"status\">{}</p>",
            escape(l.withdraw_done)
        );
    }
    h.push_str("</form>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::earnings::EARNINGS_ZH;

    #[test]
    fn a_negative_balance_offers_no_form_and_a_failed_request_says_why() {
        let negative = withdraw_form(&EARNINGS_ZH, &FormState::first(-500));
        assert!(negative.contains("余额为负") && !negative.contains("<form"));
        let failed = withdraw_form(
            &EARNINGS_ZH,
            &FormState {
                available: 5000,
                amount: "12\"><b>",
                pending: false,
                error: Some("可提现余额不足"),
                done: false,
            },
        );
        assert!(
            failed.contains("value=\"12&quot;&gt;&lt;b&gt;\""),
            "{failed}"
        );
        assert!(failed.contains("<p class=\"form-error\" role=\"alert\">可提现余额不足</p>"));
        let busy = withdraw_form(
            &EARNINGS_ZH,
            &FormState {
                pending: true,
                ..FormState::first(5000)
            },
        );
        assert!(
            busy.contains("data-act=\"withdraw\" disabled>提交中…</button>"),
            "{busy}"
        );
    }
}
