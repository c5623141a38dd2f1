//! Shares, likes, comments, the feed and product topics.

use super::{call_empty, call_for, encode, get, patch, post, upload_file, ApiError, Method};
use circle_api::{
    CommentCreate, CommentView, FeedCard, LikeState, Page, ShareCreate, ShareEdit, ShareView,
    Topic, Upload,
};

pub async fn feed(after: Option<&str>) -> Result<Page<FeedCard>, ApiError> {
    match after {
        Some(after) => get(&format!("/api/v1/feed?after={}", encode(after))).await,
        None => get("/api/v1/feed").await,
    }
}

pub async fn create(req: &ShareCreate) -> Result<ShareView, ApiError> {
    post("/api/v1/shares", req).await
}

pub async fn upload(file: &web_sys::Blob) -> Result<Upload, ApiError> {
    upload_file("/api/v1/uploads", file).await
}

pub async fn set_like(id: i64, liked: bool) -> Result<LikeState, ApiError> {
    call_for(
        if liked { Method::Put } else { Method::Delete },
        &format!("/api/v1/shares/id/{id}/like"),
    )
    .await
}

pub async fn comments(id: i64) -> Result<Page<CommentView>, ApiError> {
    get(&format!("/api/v1/shares/id/{id}/comments?limit=50")).await
}

pub async fn comment(
    id: i64,
    text: String,
    parent_id: Option<i64>,
) -> Result<CommentView, ApiError> {
    post(
        &format!("/api/v1/shares/id/{id}/comments"),
        &CommentCreate { text, parent_id },
    )
    .await
}

pub async fn topic(product: i64) -> Result<Topic, ApiError> {
    get(&format!("/api/v1/products/{product}/topic")).await
}

pub async fn set_topic_follow(product: i64, follow: bool) -> Result<(), ApiError> {
    call_empty(
        if follow { Method::Put } else { Method::Delete },
        &format!("/api/v1/products/{product}/follow"),
    )
    .await
}

pub async fn of_person(handle: &str) -> Result<Page<ShareView>, ApiError> {
    get(&format!("/api/v1/people/{}/shares", encode(handle))).await
}

pub async fn edit(id: i64, text: String) -> Result<ShareView, ApiError> {
    patch(&format!("/api/v1/shares/id/{id}"), &ShareEdit { text }).await
}

pub async fn delete(id: i64) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/v1/shares/id/{id}")).await
}

pub async fn delete_comment(id: i64) -> Result<(), ApiError> {
    call_empty(Method::Delete, &format!("/api/v1/comments/{id}")).await
}

/// A share by its public code (`/s/{code}`).
pub async fn by_code(code: &str) -> Result<ShareView, ApiError> {
    get(&format!("/api/v1/shares/{}", super::encode(code))).await
}
