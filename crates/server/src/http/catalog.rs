//! The catalog: search and read products, and the media our server serves.

use super::extract::MaybeUser;
use super::{
    error::{ApiError, ApiResult},
    extract::{cursor, page_size, Json, Path, Query},
    AppState,
};
use crate::{
    domain::images::Variant,
    service::{catalog, photos},
};
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
};
use circle_api::{ErrorBody, Page, ProductView};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(product))
}

/// The longest product search, in characters.
pub const SEARCH_MAX: usize = 50;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Part of the title; case-insensitive.
    q: Option<String>,
    /// A category key, e.g. `beauty`.
    category: Option<String>,
    /// `next` of the previous page.
    after: Option<String>,
    /// 1–50, default 20.
    limit: Option<i64>,
}

/// Buyable products, newest first; search by title and category. Open to everyone.
#[utoipa::path(
    get, path = "/api/v1/products", tag = "catalog", params(ProductQuery),
    responses(
        (status = 200, description = "One page of products", body = Page<ProductView>),
        (status = 422, description = "A bad parameter", body = ErrorBody),
    )
)]
async fn search(
    State(state): State<AppState>,
    Query(q): Query<ProductQuery>,
) -> ApiResult<Json<Page<ProductView>>> {
    let limit = page_size(q.limit);
    let after = cursor(q.after.as_deref())?;
    let text = crate::domain::text::check("q", q.q.as_deref().unwrap_or(""), SEARCH_MAX, false)?;
    let text = text.as_str();
    let category = q.category.as_deref().filter(|c| !c.is_empty());
    catalog::search(&state.store, text, category, after, limit)
        .await
        .map(Json)
}

/// One product, whatever its status (the page says when it cannot be bought).
#[utoipa::path(
    get, path = "/api/v1/products/{id}", tag = "catalog",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 200, description = "The product", body = ProductView),
        (status = 404, description = "No such product", body = ErrorBody),
    )
)]
async fn product(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<ProductView>> {
    catalog::product(&state.store, id).await.map(Json)
}

/// `GET /media/{token}` (the large rendition) and `/media/{token}/small`: a photo, to
/// whoever may see it (`service::photos::shown`); WebP, or JPEG for a browser whose
/// `Accept` does not name WebP. A public photo may be cached for ten minutes, so a
/// moderator's removal reaches every cache within that; one only its owner or a
/// moderator may see is never kept by shared caches.
pub async fn media(
    State(state): State<AppState>,
    viewer: MaybeUser,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    photo(&state, viewer, &headers, &token, Variant::Large).await
}

pub async fn media_small(
    State(state): State<AppState>,
    viewer: MaybeUser,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    photo(&state, viewer, &headers, &token, Variant::Small).await
}

async fn photo(
    state: &AppState,
    viewer: MaybeUser,
    headers: &HeaderMap,
    token: &str,
    wanted: Variant,
) -> ApiResult<Response> {
    let webp = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("image/webp"));
    let variant = if webp { wanted } else { wanted.jpeg() };
    let viewer = viewer.0.map(|me| (me.id, me.role));
    let shown = photos::shown(&state.store, viewer, token, variant).await?;
    let content_type =
        HeaderValue::from_str(&shown.content_type).map_err(|e| ApiError::internal(e.into()))?;
    let cache = if shown.public {
        "public, max-age=600"
    } else {
        "private, max-age=600"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::VARY, HeaderValue::from_static("Accept, Cookie")),
        ],
        shown.bytes,
    )
        .into_response())
}
