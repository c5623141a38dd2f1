//! Order rules: what a checkout may ask for, what it costs, and which status moves are legal.
//! Money is integer cents; an amount that would overflow is refused, never wrapped.

use super::accounts::FieldError;
use circle_api::{Cents, FieldProblem, OrderStatus, QUANTITY_MAX};
use sha2::{Digest, Sha256};

/// What a buyer can do to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    /// Simulated logistics: the parcel arrived.
    MarkDelivered,
    RequestRefund,
}

impl OrderAction {
    /// The statuses this action may start from, and where it leads. Orders move only
    /// forward: paid → delivered → refunded, or paid → refunded before delivery.
    pub fn transition(self) -> (&'static [OrderStatus], OrderStatus) {
        match self {
            OrderAction::MarkDelivered => (&[OrderStatus::Paid], OrderStatus::Delivered),
            OrderAction::RequestRefund => (
                &[OrderStatus::Paid, OrderStatus::Delivered],
                OrderStatus::Refunded,
            ),
        }
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
pub fn check_idempotency_key(key: &str) -> Result<(), FieldError> {
    if key.is_empty() {
        return Err(FieldError::new(
            "idempotency_key",
            FieldProblem::Required,
            "Send an Idempotency-Key header so a retry cannot buy twice.",
        ));
    }
    if key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
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
pub fn withdrawal_hash(amount_cents: i64) -> String {
    fingerprint(&format!("withdraw:{amount_cents}"))
}

fn fingerprint(request: &str) -> String {
    let digest = Sha256::digest(request.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_move_only_forward() {
        use OrderAction::*;
        use OrderStatus::*;
        let allowed_from = |a: OrderAction, s: OrderStatus| a.transition().0.contains(&s);
        assert!(allowed_from(MarkDelivered, Paid));
        assert!(!allowed_from(MarkDelivered, Delivered));
        assert!(!allowed_from(MarkDelivered, Refunded));
        assert!(allowed_from(RequestRefund, Paid));
        assert!(allowed_from(RequestRefund, Delivered));
        assert!(!allowed_from(RequestRefund, Refunded));
        assert_eq!(MarkDelivered.transition().1, Delivered);
        assert_eq!(RequestRefund.transition().1, Refunded);
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
