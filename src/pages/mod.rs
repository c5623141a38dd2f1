//! One file per route.

pub mod circle;
pub mod discover;
pub mod earnings;
pub mod landing;
pub mod login;
pub mod me;
pub mod merchant;
pub mod merchant_apply;
pub mod moderation;
pub mod moderation_shop;
pub mod not_found;
pub mod notifications;
pub mod product;
pub mod product_questions;
pub mod profile;
pub mod question;
pub mod register;
pub mod share;
pub mod shop;
