//! 发现: products by title and category, a product.

use super::{page, views, ApiError, ApiResult};
use crate::store::{self, Store};
use circle_api::{ErrorCode, Page, ProductView};

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
