//! Order rules: what a checkout may ask for, what it costs, and which status moves are legal.
//! Money is integer cents; an amount that would overflow is refused, never wrapped.

use super::{accounts::FieldError, ledger::RETURN_WINDOW};
use crate::clock::{Millis, DAY, HOUR};
use circle_api::{
    Cents, ErrorCode, FieldProblem, OrderStatus, ReturnStatus, AUTO_RECEIVE_DAYS, QUANTITY_MAX,
    SHIP_WITHIN_HOURS,
};
use sha2::{Digest, Sha256};

/// A move of an order through fulfilment, by whoever may make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// The merchant hands the parcel to a carrier.
    Ship,
    /// The buyer confirms receipt (or the jobs do, 10 days after shipping).
    Receive,
    /// The buyer cancels an order not shipped 48 hours after payment: full refund.
    Cancel,
    /// The buyer asks for a return within the 7-day window.
    RequestReturn,
    /// The merchant accepts the return: the order is refunded.
    AcceptReturn,
    /// The merchant disputes the return; a moderator decides.
    DisputeReturn,
    /// A moderator decides a disputed return for the merchant.
    RefuseReturn,
    /// A moderator refunds the order whatever its stage (a disputed return decided for
    /// the buyer, a counterfeit found after completion).
    Refund,
    /// The jobs: the return window closed with no return open.
    Complete,
}

/// What decides whether a move is legal now.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    pub status: OrderStatus,
    pub return_status: Option<ReturnStatus>,
    pub created_at: Millis,
    pub shipped_at: Option<Millis>,
    pub delivered_at: Option<Millis>,
}

/// From when an unshipped order may be cancelled.
pub fn cancellable_at(created_at: Millis) -> Millis {
    created_at + SHIP_WITHIN_HOURS * HOUR
}

/// When receipt is confirmed for a buyer who did not confirm it.
pub fn auto_receive_at(shipped_at: Millis) -> Millis {
    shipped_at + AUTO_RECEIVE_DAYS * DAY
}

/// When the return window closes and the order completes.
pub fn return_window_ends(delivered_at: Millis) -> Millis {
    delivered_at + RETURN_WINDOW
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

/// The status a legal move leads to, or why it is refused. The one place the order
/// life cycle is written down: every use case that moves an order asks it, holding the
/// order's lock.
pub fn check(m: Move, s: Stage, now: Millis) -> Result<OrderStatus, Refusal> {
    use OrderStatus::*;
    let status = format!("{:?}", s.status).to_lowercase();
    let illegal = |what: &str| Refusal {
        code: ErrorCode::IllegalTransition,
        message: format!("This order is {status}; {what}."),
    };
    match m {
        Move::Ship if s.status == Paid => Ok(Shipped),
        Move::Ship => Err(illegal("only a paid order can be shipped")),
        Move::Receive if s.status == Shipped => Ok(Delivered),
        Move::Receive => Err(illegal("only a shipped order can be received")),
        Move::Cancel if s.status != Paid => Err(illegal(
            "only an order that was not shipped can be cancelled",
        )),
        Move::Cancel if now < cancellable_at(s.created_at) => Err(Refusal {
            code: ErrorCode::CancelTooEarly,
            message: format!(
                "The merchant has 48 hours to ship; you can cancel from {}.",
                circle_api::china_date(cancellable_at(s.created_at))
            ),
        }),
        Move::Cancel => Ok(Cancelled),
        Move::RequestReturn => {
            let ends = s.delivered_at.map(return_window_ends);
            match (s.status, ends) {
                (Delivered, Some(ends)) if now >= ends => Err(window_closed(ends)),
                (Completed, Some(ends)) => Err(window_closed(ends)),
                (Delivered, Some(_)) if s.return_status.is_none() => Ok(Delivered),
                (Delivered, Some(_)) => Err(illegal("a return was asked for already")),
                _ => Err(illegal("only a received order can be returned")),
            }
        }
        Move::AcceptReturn => match (s.status, s.return_status) {
            (Delivered, Some(ReturnStatus::Requested | ReturnStatus::Disputed)) => Ok(Refunded),
            _ => Err(illegal("there is no open return to accept")),
        },
        Move::DisputeReturn => match (s.status, s.return_status) {
            (Delivered, Some(ReturnStatus::Requested)) => Ok(Delivered),
            _ => Err(illegal("there is no requested return to dispute")),
        },
        Move::RefuseReturn => match (s.status, s.return_status) {
            (Delivered, Some(ReturnStatus::Disputed)) => Ok(Delivered),
            _ => Err(illegal("there is no disputed return to decide")),
        },
        Move::Refund if matches!(s.status, Paid | Shipped | Delivered | Completed) => Ok(Refunded),
        Move::Refund => Err(illegal("it cannot be refunded")),
        Move::Complete => match (s.status, s.delivered_at, s.return_status) {
            (Delivered, Some(at), None | Some(ReturnStatus::Refused))
                if now >= return_window_ends(at) =>
            {
                Ok(Completed)
            }
            _ => Err(illegal("it is not due to complete")),
        },
    }
}

fn window_closed(ends: Millis) -> Refusal {
    Refusal {
        code: ErrorCode::ReturnWindowClosed,
        message: format!(
            "The 7-day return window closed on {}.",
            circle_api::china_date(ends)
        ),
    }
}

/// A product can be bought while it is active and its merchant verified.
pub fn buyable(status: circle_api::ProductStatus, merchant_verified: bool) -> bool {
    status == circle_api::ProductStatus::Active && merchant_verified
}

pub fn check_quantity(quantity: i64) -> Result<(), FieldError> {
    if quantity < 1 {
        return Err(FieldError::new(
            "quantity",
            FieldProblem::TooShort,
            "Buy at least one.",
        ));
    }
    if quantity > QUANTITY_MAX {
        return Err(FieldError::new(
            "quantity",
            FieldProblem::TooLong,
            format!("At most {QUANTITY_MAX} per order."),
        ));
    }
    Ok(())
}

/// The amount to pay, or `None` if it would overflow.
pub fn amount(price_cents: Cents, quantity: i64) -> Option<Cents> {
    price_cents.checked_mul(quantity)
}

/// An `Idempotency-Key` is 1–100 visible ASCII characters (a UUID fits).
/// The longest `Idempotency-Key`.
pub const IDEMPOTENCY_KEY_MAX: usize = 100;

pub fn check_idempotency_key(key: &str) -> Result<(), FieldError> {
    if key.is_empty() {
        return Err(FieldError::new(
            "idempotency_key",
            FieldProblem::Required,
            "Send an Idempotency-Key header so a retry cannot buy twice.",
        ));
    }
    if key.len() > IDEMPOTENCY_KEY_MAX || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(FieldError::new(
            "idempotency_key",
            FieldProblem::BadCharacters,
            "An Idempotency-Key is 1–100 visible ASCII characters.",
        ));
    }
    Ok(())
}

/// Fingerprint of what a checkout asked for: the same key with another request is refused.
pub fn request_hash(product_id: i64, quantity: i64) -> String {
    fingerprint(&format!("checkout:{product_id}:{quantity}"))
}

/// Fingerprint of what a withdrawal asked for, likewise.
pub fn withdrawal_hash(payee: super::ledger::Payee, amount_cents: i64) -> String {
    fingerprint(&format!("withdraw:{payee:?}:{amount_cents}"))
}

fn fingerprint(request: &str) -> String {
    let digest = Sha256::digest(request.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(status: OrderStatus, ret: Option<ReturnStatus>) -> Stage {
        Stage {
            status,
            return_status: ret,
            created_at: 0,
            shipped_at: Some(HOUR),
            delivered_at: Some(DAY),
        }
    }

    #[test]
    fn orders_move_through_fulfilment_only_forward() {
        use Move::*;
        use OrderStatus::*;
        let at = |m, st, r, now| check(m, stage(st, r), now).map_err(|e| e.code);
        let illegal = Err(ErrorCode::IllegalTransition);
        assert_eq!(at(Ship, Paid, None, 0), Ok(Shipped));
        assert_eq!(at(Ship, Shipped, None, 0), illegal);
        assert_eq!(at(Ship, Cancelled, None, 0), illegal);
        assert_eq!(at(Receive, Paid, None, 0), illegal, "not shipped yet");
        assert_eq!(at(Receive, Shipped, None, 0), Ok(Delivered));
        // Cancel: from 48 hours after payment, and only unshipped.
        assert_eq!(
            at(Cancel, Paid, None, 48 * HOUR - 1),
            Err(ErrorCode::CancelTooEarly)
        );
        assert_eq!(at(Cancel, Paid, None, 48 * HOUR), Ok(Cancelled));
        assert_eq!(at(Cancel, Shipped, None, 48 * HOUR), illegal);
        // Returns: within 7 days of delivery, once.
        let ends = DAY + RETURN_WINDOW;
        assert_eq!(at(RequestReturn, Delivered, None, ends - 1), Ok(Delivered));
        assert_eq!(
            at(RequestReturn, Delivered, None, ends),
            Err(ErrorCode::ReturnWindowClosed)
        );
        assert_eq!(
            at(RequestReturn, Completed, None, ends),
            Err(ErrorCode::ReturnWindowClosed)
        );
        assert_eq!(at(RequestReturn, Shipped, None, 0), illegal);
        assert_eq!(
            at(RequestReturn, Delivered, Some(ReturnStatus::Refused), 0),
            illegal
        );
        assert_eq!(
            at(AcceptReturn, Delivered, Some(ReturnStatus::Requested), 0),
            Ok(Refunded)
        );
        assert_eq!(at(AcceptReturn, Delivered, None, 0), illegal);
        assert_eq!(
            at(DisputeReturn, Delivered, Some(ReturnStatus::Requested), 0),
            Ok(Delivered)
        );
        assert_eq!(
            at(DisputeReturn, Delivered, Some(ReturnStatus::Disputed), 0),
            illegal
        );
        assert_eq!(
            at(RefuseReturn, Delivered, Some(ReturnStatus::Disputed), 0),
            Ok(Delivered)
        );
        // Completion waits for the window and for an open return.
        assert_eq!(at(Complete, Delivered, None, ends - 1), illegal);
        assert_eq!(at(Complete, Delivered, None, ends), Ok(Completed));
        assert_eq!(
            at(Complete, Delivered, Some(ReturnStatus::Requested), ends),
            illegal
        );
        assert_eq!(
            at(Complete, Delivered, Some(ReturnStatus::Refused), ends),
            Ok(Completed)
        );
        // A moderator refunds at any stage before the money went back.
        for st in [Paid, Shipped, Delivered, Completed] {
            assert_eq!(at(Refund, st, None, 0), Ok(Refunded));
        }
        assert_eq!(at(Refund, Refunded, None, 0), illegal);
        assert_eq!(at(Refund, Cancelled, None, 0), illegal);
    }

    #[test]
    fn quantity_bounds() {
        assert!(check_quantity(0).is_err());
        assert!(check_quantity(-3).is_err());
        assert!(check_quantity(1).is_ok());
        assert!(check_quantity(99).is_ok());
        assert!(check_quantity(100).is_err());
    }

    #[test]
    fn amount_refuses_overflow() {
        assert_eq!(amount(1999, 3), Some(5997));
        assert_eq!(amount(i64::MAX, 2), None);
    }

    #[test]
    fn request_hash_tells_requests_apart() {
        assert_eq!(request_hash(1, 2), request_hash(1, 2));
        assert_ne!(request_hash(1, 2), request_hash(1, 3));
        assert_ne!(request_hash(12, 1), request_hash(1, 21));
    }

    #[test]
    fn idempotency_keys_are_checked() {
        assert!(check_idempotency_key("").is_err());
        assert!(check_idempotency_key("8c1f0c2e-6a7b-4bde-9d5c-2f4f3c1b9a10").is_ok());
        assert!(check_idempotency_key(&"k".repeat(101)).is_err());
        assert!(check_idempotency_key("has space").is_err());
    }
}
