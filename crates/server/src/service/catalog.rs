//! 发现: products by title and category, a product, images, uploads.

use super::{limits, page, views, ApiError, ApiResult};
use crate::{
    clock::{Millis, DAY},
    domain::{limits as rates, shares as rules},
    store::{self, Locked, Store},
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

/// Stores a photo for a share, if its bytes are an image of the type it declares, within
/// the uploader's allowances: 30 an hour, 100 MiB in 24 hours (checked under the
/// uploader's lock, so parallel uploads cannot pass it together).
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
    limits::take(
        store,
        now,
        &[(rates::UPLOAD_PER_USER, format!("user:{owner}"))],
    )
    .await?;
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::User, owner).await?;
    let used = store::catalog::uploaded_bytes_since(&mut tx, owner, now - DAY).await?;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    if used + size > rates::UPLOAD_BYTES_PER_DAY {
        return Err(ApiError::new(
            ErrorCode::UploadQuota,
            format!(
                "You uploaded {} MiB in the last 24 hours; the allowance is {} MiB.",
                used / (1024 * 1024),
                rates::UPLOAD_BYTES_PER_DAY / (1024 * 1024)
            ),
        )
        .retry_after(3600));
    }
    let id = store::catalog::insert_media(&mut tx, Some(owner), actual, bytes, now).await?;
    tx.commit().await?;
    Ok(Upload {
        id,
        url: super::views::media_url(id),
    })
}
