//! Components by domain; `common` holds the ones every page uses.

pub mod common;
pub mod product;
