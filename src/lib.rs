//! Shopping Circle (购物圈), the single-page app. `app` holds the router and shell;
//! `pages` one file per route; `api` the typed client; `state` the contexts.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod state;
mod wechat;

pub use app::App;
