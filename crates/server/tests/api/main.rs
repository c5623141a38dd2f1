//! API integration tests: one binary, real HTTP on loopback, a fresh database per test.
//! Every test in `on_each_database!` runs on SQLite and, when `CIRCLE_TEST_POSTGRES_URL`
//! is set, on PostgreSQL too.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test, with its line

mod flow;
mod helpers;

mod accounts;
mod assets;
mod authz;
mod cards;
mod catalog;
mod circle_page;
mod concurrency;
mod earnings;
mod earnings_page;
mod engagement;
mod feed;
mod fulfilment;
mod ip_limits;
mod jobs;
mod landing;
mod ledger_breaches;
mod ledger_model;
mod ledger_ops;
mod ledger_props;
mod ledger_steps;
mod limits;
mod merchants;
mod moderation;
mod money;
mod notifications;
mod orders;
mod people;
mod photos;
mod processes;
mod question_limits;
mod question_pages;
mod questions;
mod scale;
mod share_limits;
mod shares;
mod trust;
mod trust_limits;
mod view_cache;
mod wechat;
mod wechat_login;
