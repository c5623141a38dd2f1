//! Showing products and money.

mod card;
mod checkout;
mod orders;

pub use card::ProductCard;
pub use checkout::Checkout;
pub use orders::{timeline, MyOrders};
