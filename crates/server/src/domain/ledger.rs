//! Commission and ledger rules (SPEC flow 5): who earns on an order, how much, when it
//! becomes available, and which accounts each movement of money touches. Pure: the store
//! posts what these functions return.

use crate::clock::{Millis, DAY};
use circle_api::{Attribution, Cents};

pub use super::accounts_ledger::{Account, Kind, Payee};

/// A click counts for an order paid within this long after it.
pub const ATTRIBUTION_WINDOW: Millis = 7 * DAY;
/// A commission is confirmed (and available) this long after delivery (the app shows
/// the same number of days).
pub const RETURN_WINDOW: Millis = circle_api::RETURN_WINDOW_DAYS * DAY;
/// The smallest withdrawal, as the app shows it.
pub use circle_api::WITHDRAWAL_MIN_CENTS;

/// floor(amount × rate_bp / 10000), in integers; `None` on overflow.
pub fn commission(amount_cents: Cents, rate_bp: i64) -> Option<Cents> {
    let product = i128::from(amount_cents).checked_mul(i128::from(rate_bp))?;
    Cents::try_from(product.div_euclid(10_000)).ok()
}

/// What the last click before payment points at.
#[derive(Debug, Clone, Copy)]
pub struct ClickedShare {
    pub share_id: i64,
    pub sharer_id: i64,
    pub share_visible: bool,
}

/// Why an order earns a commission or does not. `None` share: no click in the window.
pub fn attribute(
    buyer_id: i64,
    clicked: Option<ClickedShare>,
    product_active: bool,
    commission_cents: Cents,
) -> Attribution {
    let Some(click) = clicked else {
        return Attribution::NoClick;
    };
    if click.sharer_id == buyer_id {
        Attribution::SelfPurchase
    } else if !click.share_visible {
        Attribution::ShareHidden
    } else if !product_active {
        Attribution::ProductInactive
    } else if commission_cents <= 0 {
        Attribution::NoCommissionRate
    } else {
        Attribution::Commission
    }
}

/// The platform's fee on a sale: floor(amount × fee_bp / 10000).
pub fn fee(amount_cents: Cents, fee_bp: i64) -> Option<Cents> {
    commission(amount_cents, fee_bp)
}

/// A balanced transaction: the entries (account, signed amount) sum to zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub kind: Kind,
    /// Unique per real-world event, so that a retry can never post it twice.
    pub dedupe_key: String,
    pub entries: [(Account, Cents); 2],
}

impl Movement {
    fn transfer(kind: Kind, key: String, from: Account, to: Account, amount: Cents) -> Self {
        Self {
            kind,
            dedupe_key: key,
            entries: [(from, -amount), (to, amount)],
        }
    }

    pub fn order_paid(order: i64, merchant: i64, amount: Cents) -> Self {
        Self::transfer(
            Kind::OrderPaid,
            format!("paid:order:{order}"),
            Account::Platform,
            Account::MerchantPayable(merchant),
            amount,
        )
    }

    pub fn order_refunded(order: i64, merchant: i64, amount: Cents) -> Self {
        Self::transfer(
            Kind::OrderRefunded,
            format!("refund:order:{order}"),
            Account::MerchantPayable(merchant),
            Account::Platform,
            amount,
        )
    }

    /// The merchant pays the commission out of what it is owed.
    pub fn commission_accrued(order: i64, merchant: i64, sharer: i64, amount: Cents) -> Self {
        Self::transfer(
            Kind::CommissionAccrued,
            format!("accrue:order:{order}"),
            Account::MerchantPayable(merchant),
            Account::UserPending(sharer),
            amount,
        )
    }

    pub fn commission_confirmed(commission: i64, sharer: i64, amount: Cents) -> Self {
        Self::transfer(
            Kind::CommissionConfirmed,
            format!("settle:commission:{commission}"),
            Account::UserPending(sharer),
            Account::UserAvailable(sharer),
            amount,
        )
    }

    /// Refund before confirmation: the pending money goes back to the merchant.
    pub fn commission_reversed(commission: i64, merchant: i64, sharer: i64, amount: Cents) -> Self {
        Self::transfer(
            Kind::CommissionReversed,
            format!("settle:commission:{commission}"),
            Account::UserPending(sharer),
            Account::MerchantPayable(merchant),
            amount,
        )
    }

    /// Refund after confirmation: taken back from available (which may go negative).
    pub fn commission_clawed_back(
        commission: i64,
        merchant: i64,
        sharer: i64,
        amount: Cents,
    ) -> Self {
        Self::transfer(
            Kind::CommissionClawedBack,
            format!("clawback:commission:{commission}"),
            Account::UserAvailable(sharer),
            Account::MerchantPayable(merchant),
            amount,
        )
    }

    pub fn withdrawal_requested(withdrawal: i64, payee: Payee, amount: Cents) -> Self {
        let (available, withdrawing, _) = payee.accounts();
        Self::transfer(
            Kind::WithdrawalRequested,
            format!("request:withdrawal:{withdrawal}"),
            available,
            withdrawing,
            amount,
        )
    }

    pub fn withdrawal_paid(withdrawal: i64, payee: Payee, amount: Cents) -> Self {
        let (_, withdrawing, withdrawn) = payee.accounts();
        Self::transfer(
            Kind::WithdrawalPaid,
            format!("settle:withdrawal:{withdrawal}"),
            withdrawing,
            withdrawn,
            amount,
        )
    }

    /// A failed payout returns the money to available.
    pub fn withdrawal_failed(withdrawal: i64, payee: Payee, amount: Cents) -> Self {
        let (available, withdrawing, _) = payee.accounts();
        Self::transfer(
            Kind::WithdrawalFailed,
            format!("settle:withdrawal:{withdrawal}"),
            withdrawing,
            available,
            amount,
        )
    }

    /// A completed order: what the merchant keeps of it becomes available.
    pub fn order_settled(order: i64, merchant: i64, net: Cents) -> Self {
        Self::transfer(
            Kind::OrderSettled,
            format!("settle:order:{order}"),
            Account::MerchantPayable(merchant),
            Account::MerchantAvailable(merchant),
            net,
        )
    }

    pub fn fee_charged(order: i64, merchant: i64, fee: Cents) -> Self {
        Self::transfer(
            Kind::FeeCharged,
            format!("fee:order:{order}"),
            Account::MerchantPayable(merchant),
            Account::PlatformFees,
            fee,
        )
    }

    /// A moderator refunds a completed order: the merchant's share comes back out of
    /// available (which may go negative) so the refund can leave from pending.
    pub fn settlement_reversed(order: i64, merchant: i64, net: Cents) -> Self {
        Self::transfer(
            Kind::SettlementReversed,
            format!("unsettle:order:{order}"),
            Account::MerchantAvailable(merchant),
            Account::MerchantPayable(merchant),
            net,
        )
    }

    pub fn fee_returned(order: i64, merchant: i64, fee: Cents) -> Self {
        Self::transfer(
            Kind::FeeReturned,
            format!("unfee:order:{order}"),
            Account::PlatformFees,
            Account::MerchantPayable(merchant),
            fee,
        )
    }

    /// The users whose wallets this movement touches (to lock them first).
    pub fn users(&self) -> impl Iterator<Item = i64> + '_ {
        self.entries.iter().filter_map(|(a, _)| a.user())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commission_is_floored_integer_cents() {
        assert_eq!(commission(9_900, 500), Some(495));
        assert_eq!(commission(999, 1_000), Some(99)); // 99.9 → 99
        assert_eq!(commission(1, 9_999), Some(0));
        assert_eq!(commission(12_345, 0), Some(0));
        assert_eq!(commission(i64::MAX, 10_000), Some(i64::MAX));
        assert_eq!(commission(i64::MAX, 20_000), None);
    }

    #[test]
    fn attribution_rules() {
        let click = |sharer, visible| {
            Some(ClickedShare {
                share_id: 1,
                sharer_id: sharer,
                share_visible: visible,
            })
        };
        assert_eq!(attribute(7, None, true, 100), Attribution::NoClick);
        assert_eq!(
            attribute(7, click(7, true), true, 100),
            Attribution::SelfPurchase
        );
        assert_eq!(
            attribute(7, click(8, false), true, 100),
            Attribution::ShareHidden
        );
        assert_eq!(
            attribute(7, click(8, true), false, 100),
            Attribution::ProductInactive
        );
        assert_eq!(
            attribute(7, click(8, true), true, 0),
            Attribution::NoCommissionRate
        );
        assert_eq!(
            attribute(7, click(8, true), true, 1),
            Attribution::Commission
        );
    }

    #[test]
    fn every_movement_balances() {
        let all = [
            Movement::order_paid(1, 2, 500),
            Movement::order_refunded(1, 2, 500),
            Movement::commission_accrued(1, 2, 3, 50),
            Movement::commission_confirmed(4, 3, 50),
            Movement::commission_reversed(4, 2, 3, 50),
            Movement::commission_clawed_back(4, 2, 3, 50),
            Movement::withdrawal_requested(5, Payee::User(3), 1000),
            Movement::withdrawal_paid(5, Payee::Merchant(3), 1000),
            Movement::withdrawal_failed(5, Payee::User(3), 1000),
            Movement::order_settled(1, 2, 400),
            Movement::fee_charged(1, 2, 50),
            Movement::settlement_reversed(1, 2, 400),
            Movement::fee_returned(1, 2, 50),
        ];
        for m in all {
            assert_eq!(m.entries.iter().map(|(_, a)| a).sum::<i64>(), 0, "{m:?}");
        }
    }

    #[test]
    fn a_commission_settles_once_whichever_way() {
        // Confirm and reverse share one key: a race between them posts only one.
        assert_eq!(
            Movement::commission_confirmed(4, 3, 50).dedupe_key,
            Movement::commission_reversed(4, 2, 3, 50).dedupe_key
        );
        assert_eq!(
            Movement::withdrawal_paid(5, Payee::User(3), 1000).dedupe_key,
            Movement::withdrawal_failed(5, Payee::User(3), 1000).dedupe_key
        );
    }
}
