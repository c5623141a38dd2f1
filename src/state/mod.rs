//! App-wide state, provided as contexts by `App`.

pub mod first;
pub mod locale;
pub mod mutation;
pub mod network;
pub mod paged;
pub mod route;
pub mod session;
pub mod unread;
