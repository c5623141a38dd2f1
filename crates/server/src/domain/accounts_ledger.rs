//! The ledger's accounts, the kinds of movement, and who a payout pays.

/// The ledger's accounts. Platform is the clearing account with the world outside
/// (payments in, refunds and payouts out); the owner of the others is a merchant or a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    Platform,
    /// The platform's own income: fees on completed sales.
    PlatformFees,
    /// A merchant's pending money: paid orders not completed yet.
    MerchantPayable(i64),
    /// A merchant's completed sales less commission and fee, less payouts.
    MerchantAvailable(i64),
    MerchantWithdrawing(i64),
    MerchantWithdrawn(i64),
    UserPending(i64),
    UserAvailable(i64),
    UserWithdrawing(i64),
    UserWithdrawn(i64),
}

impl Account {
    pub fn name(self) -> &'static str {
        match self {
            Account::Platform => "platform",
            Account::PlatformFees => "platform_fees",
            Account::MerchantPayable(_) => "merchant_payable",
            Account::MerchantAvailable(_) => "merchant_available",
            Account::MerchantWithdrawing(_) => "merchant_withdrawing",
            Account::MerchantWithdrawn(_) => "merchant_withdrawn",
            Account::UserPending(_) => "user_pending",
            Account::UserAvailable(_) => "user_available",
            Account::UserWithdrawing(_) => "user_withdrawing",
            Account::UserWithdrawn(_) => "user_withdrawn",
        }
    }

    pub fn owner(self) -> i64 {
        match self {
            Account::Platform | Account::PlatformFees => 0,
            Account::MerchantPayable(id)
            | Account::MerchantAvailable(id)
            | Account::MerchantWithdrawing(id)
            | Account::MerchantWithdrawn(id)
            | Account::UserPending(id)
            | Account::UserAvailable(id)
            | Account::UserWithdrawing(id)
            | Account::UserWithdrawn(id) => id,
        }
    }

    /// The user whose wallet this account is part of.
    pub fn user(self) -> Option<i64> {
        match self {
            Account::UserPending(id)
            | Account::UserAvailable(id)
            | Account::UserWithdrawing(id)
            | Account::UserWithdrawn(id) => Some(id),
            _ => None,
        }
    }
}

/// Who a withdrawal pays: a person (their commissions) or a merchant (its sales).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payee {
    User(i64),
    Merchant(i64),
}

impl Payee {
    /// Its available, withdrawing and withdrawn accounts.
    pub fn accounts(self) -> (Account, Account, Account) {
        match self {
            Payee::User(id) => (
                Account::UserAvailable(id),
                Account::UserWithdrawing(id),
                Account::UserWithdrawn(id),
            ),
            Payee::Merchant(id) => (
                Account::MerchantAvailable(id),
                Account::MerchantWithdrawing(id),
                Account::MerchantWithdrawn(id),
            ),
        }
    }
}

/// One movement of money: `amount` flows from `from` into `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    OrderPaid,
    OrderRefunded,
    CommissionAccrued,
    CommissionConfirmed,
    CommissionReversed,
    CommissionClawedBack,
    WithdrawalRequested,
    WithdrawalPaid,
    WithdrawalFailed,
    /// A completed order: the merchant's net share becomes available.
    OrderSettled,
    /// A completed order: the platform's fee.
    FeeCharged,
    /// A completed order refunded by a moderator: the net share goes back to pending.
    SettlementReversed,
    /// Likewise, the fee.
    FeeReturned,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::OrderPaid => "order_paid",
            Kind::OrderRefunded => "order_refunded",
            Kind::CommissionAccrued => "commission_accrued",
            Kind::CommissionConfirmed => "commission_confirmed",
            Kind::CommissionReversed => "commission_reversed",
            Kind::CommissionClawedBack => "commission_clawed_back",
            Kind::WithdrawalRequested => "withdrawal_requested",
            Kind::WithdrawalPaid => "withdrawal_paid",
            Kind::WithdrawalFailed => "withdrawal_failed",
            Kind::OrderSettled => "order_settled",
            Kind::FeeCharged => "fee_charged",
            Kind::SettlementReversed => "settlement_reversed",
            Kind::FeeReturned => "fee_returned",
        }
    }
}
