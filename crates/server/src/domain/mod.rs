//! The rules, with no HTTP and no SQL: they take values (and `now`) and decide.

pub mod accounts;
pub mod orders;
pub mod social;
