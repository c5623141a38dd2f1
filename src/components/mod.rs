//! Components by domain; `common` holds the ones every page uses.

pub mod common;
pub mod people;
pub mod photos;
pub mod product;
pub mod questions;
pub mod share;
