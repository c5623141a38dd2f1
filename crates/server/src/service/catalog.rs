//! 发现: products by title and category, a product, images, uploads.

use super::{page, views, ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::shares as rules,
    store::{self, Store},
};
use circle_api::{ErrorCode, Page, ProductView, Upload};

pub async fn search(
    store: &Store,
    text: &str,
    category: Option<&str>,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<ProductView>> {
    let mut db = store.conn().await?;
    let rows = store::catalog::search_products(&mut db, text, category, after, limit).await?;
    let items = rows.into_iter().map(views::product).collect();
    Ok(page(items, limit, |p| p.id.to_string()))
}

pub async fn product(store: &Store, id: i64) -> ApiResult<ProductView> {
    store::catalog::get_product(&mut *store.conn().await?, id)
        .await?
        .map(views::product)
        .ok_or(ApiError::not_found())
}

/// A product that can be bought now (active, verified merchant): not found, or 409.
pub async fn buyable(db: &mut store::Db, id: i64) -> ApiResult<store::catalog::Sellable> {
    let product = store::catalog::sellable(db, id)
        .await?
        .ok_or(ApiError::not_found())?;
    if !product.buyable() {
        return Err(ApiError::new(
            ErrorCode::ProductUnavailable,
            "this product cannot be bought now",
        ));
    }
    Ok(product)
}

/// An image: its content type and bytes.
pub async fn media(store: &Store, id: i64) -> ApiResult<(String, Vec<u8>)> {
    store::catalog::get_media(&mut *store.conn().await?, id)
        .await?
        .ok_or(ApiError::not_found())
}

/// Stores a photo for a share, if its bytes are an image of the type it declares.
pub async fn upload(
    store: &Store,
    now: Millis,
    owner: i64,
    declared: &str,
    bytes: &[u8],
) -> ApiResult<Upload> {
    let actual = rules::sniff_image(bytes).ok_or(ApiError::new(
        ErrorCode::BadUpload,
        "Upload a JPEG, PNG, WebP or GIF image.",
    ))?;
    if !declared.eq_ignore_ascii_case(actual) {
        return Err(ApiError::new(
            ErrorCode::BadUpload,
            "The file is not the type it claims to be.",
        ));
    }
    let mut tx = store.begin().await?;
    let id = store::catalog::insert_media(&mut tx, Some(owner), actual, bytes, now).await?;
    tx.commit().await?;
    Ok(Upload {
        id,
        url: super::views::media_url(id),
    })
}
