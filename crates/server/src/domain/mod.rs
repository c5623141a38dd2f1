//! The rules, with no HTTP and no SQL: they take values (and `now`) and decide.

pub mod accounts;
pub mod accounts_ledger;
pub mod cards;
pub mod feed;
pub mod images;
pub mod ledger;
pub mod likes;
pub mod limits;
pub mod merchants;
pub mod net;
pub mod orders;
pub mod questions;
pub mod rings;
pub mod share_json;
pub mod shares;
pub mod social;
pub mod text;
pub mod wechat;
