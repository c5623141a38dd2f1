//! The catalog: product search.

use super::{encode, get, ApiError};
use circle_api::{Page, ProductView};

pub async fn search(
    query: &str,
    category: &str,
    after: Option<&str>,
) -> Result<Page<ProductView>, ApiError> {
    let mut path = format!(
        "/api/v1/products?q={}&category={}",
        encode(query),
        encode(category)
    );
    if let Some(after) = after {
        path.push_str("&after=");
        path.push_str(&encode(after));
    }
    get(&path).await
}

pub async fn product(id: i64) -> Result<ProductView, ApiError> {
    get(&format!("/api/v1/products/{id}")).await
}
