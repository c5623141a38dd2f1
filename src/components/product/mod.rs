//! Showing products and money.

mod card;
pub mod money;
mod orders;

pub use card::ProductCard;
pub use orders::MyOrders;
