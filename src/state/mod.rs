//! App-wide state, provided as contexts by `App`.

pub mod locale;
pub mod network;
pub mod route;
pub mod session;
pub mod unread;
