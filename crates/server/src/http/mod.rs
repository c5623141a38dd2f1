//! The HTTP layer: thin handlers by resource (parse, authorize, call ONE use case in
//! `service`, answer), extractors, request guards and the static app.

mod accounts;
mod assets;
mod cards;
mod catalog;
mod characters;
mod circle_page;
mod earnings;
mod earnings_page;
mod extract;
mod health;
mod landing;
mod merchant_review;
mod merchants;
mod moderation;
mod moderation_qa;
mod openapi;
mod openapi_forms;
mod orders;
mod people;
mod question_landing;
mod questions;
mod security;
mod serve;
mod shares;
#[cfg(debug_assertions)]
mod testing;
mod topic_page;
mod wechat;
mod wechat_login;

pub use serve::serve;

pub(crate) use crate::error;

use crate::{clock::Clock, config::ServeConfig, store::Store};
use axum::{
    extract::DefaultBodyLimit,
    routing::{any, get},
    Json, Router,
};
use std::{path::PathBuf, sync::Arc};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Largest JSON body any API route accepts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    /// Served over https: session cookies get `Secure`.
    pub https: bool,
    pub session_days: u32,
    pub dist: PathBuf,
    pub public_url: String,
    pub wechat: crate::config::WechatConfig,
    pub net: crate::config::NetConfig,
    /// The fee new shops are approved with (basis points).
    pub platform_fee_bp: i64,
    /// The built app's `index.html`, read once at start-up (share pages are rendered
    /// into it); `None` before the app is built.
    pub index: Option<Arc<str>>,
    /// Draws (and keeps) shares' link cards and posters.
    pub cards: Arc<crate::service::cards::Painter>,
    /// Debug builds started with `--test-controls`: the clock `/api/test/clock` moves.
    #[cfg(debug_assertions)]
    pub test_clock: Option<crate::clock::ShiftedClock>,
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, config: &ServeConfig) -> Self {
        Self {
            store,
            clock,
            https: config.public_url.starts_with("https://"),
            session_days: config.session_days,
            dist: config.dist.clone(),
            public_url: config.public_url.trim_end_matches('/').to_owned(),
            wechat: config.wechat.clone(),
            net: config.net.clone(),
            platform_fee_bp: config.platform_fee_bp,
            index: std::fs::read_to_string(config.dist.join("index.html"))
                .ok()
                .map(Arc::from),
            cards: Arc::new(crate::service::cards::Painter::new(
                crate::domain::cards::Fonts::load(&config.card_font),
            )),
            #[cfg(debug_assertions)]
            test_clock: None,
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Shopping Circle (购物圈) API", description = "REST/JSON API of Shopping Circle. \
        State-changing requests must carry the `x-circle-csrf: 1` header."),
    components(schemas(circle_api::OrderFilter)),
    tags((name = "accounts"), (name = "catalog"), (name = "orders"), (name = "people"), (name = "shares"), (name = "questions"), (name = "earnings"), (name = "notifications"), (name = "wechat"), (name = "moderation"), (name = "merchants"), (name = "health"))
)]
struct ApiDoc;

fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(accounts::router())
        .merge(catalog::router())
        .merge(orders::router())
        .merge(people::router())
        .merge(shares::router())
        .merge(earnings::router())
        .merge(wechat::router())
        .merge(wechat_login::router())
        .merge(moderation::router())
        .merge(moderation_qa::router())
        .merge(questions::router())
        .merge(merchants::router())
        .merge(merchant_review::router())
        .split_for_parts()
}

/// The OpenAPI document, generated from the handlers' annotations, with its links.
pub fn openapi() -> serde_json::Value {
    document(api().1)
}

fn document(doc: utoipa::openapi::OpenApi) -> serde_json::Value {
    let mut doc = serde_json::to_value(doc).unwrap_or_default();
    openapi::add(&mut doc);
    doc
}

/// The whole application: API under `/api`, the SPA everywhere else.
pub fn app(state: AppState) -> Router {
    let (api_routes, doc) = api();
    let doc = document(doc);
    #[cfg(debug_assertions)]
    let api_routes = if state.test_clock.is_some() {
        api_routes.merge(testing::router())
    } else {
        api_routes
    };
    let doc = Arc::new(doc);
    let api = api_routes
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = Arc::clone(&doc);
                async move { Json(doc) }
            }),
        )
        // Unknown API paths get the JSON error body, never the SPA's index.html.
        .route("/api", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(security::csrf_guard))
        .with_state(state.clone());
    // The pages the server renders, compressed (an HTML page with its data is tens of KB).
    let pages = Router::new()
        .route("/", get(circle_page::circle))
        .route("/p/{id}", get(topic_page::topic))
        .route("/earnings", get(earnings_page::earnings_page))
        .route("/s/{code}", get(landing::page))
        .route("/q/{id}", get(question_landing::page))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state.clone());
    let media = Router::new()
        .route("/media/{token}", get(catalog::media))
        .route("/media/{token}/small", get(catalog::media_small))
        .route("/s/{code}/qr.svg", get(landing::qr))
        .route("/auth/wechat", get(wechat_login::start))
        .route("/auth/wechat/callback", get(wechat_login::callback))
        .route("/s/{code}/card.jpg", get(cards::card))
        .route("/s/{code}/card-square.jpg", get(cards::square))
        .route("/s/{code}/poster.png", get(cards::poster))
        .with_state(state.clone());
    let csp = axum::http::HeaderValue::from_str(&security::content_security_policy(
        state.index.as_deref(),
    ))
    .unwrap_or_else(|_| axum::http::HeaderValue::from_static("default-src 'self'"));
    let https = state.https;
    Router::new()
        .merge(api)
        .merge(pages)
        .merge(media)
        .fallback_service(assets::router(&state.dist))
        .layer(axum::middleware::from_fn(characters::guard_url))
        .layer(axum::middleware::from_fn_with_state(
            state.net.clone(),
            serve::request_timeout,
        ))
        .layer(axum::middleware::from_fn(move |req, next| {
            security::headers(req, next, csp.clone(), https)
        }))
        .layer(TraceLayer::new_for_http())
}
