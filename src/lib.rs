//! Shopping Circle (购物圈), the single-page app. `app` holds the router and shell;
//! `pages` one file per route; `split` the pages fetched on first visit; `api` the typed
//! client; `state` the contexts.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
// Leptos' `#[lazy]` exports each split point with `#[no_mangle]` (also in
// `components::share::comments::lazy`).
#[allow(unsafe_code)]
mod split;
mod state;
mod wechat;

pub use app::App;
