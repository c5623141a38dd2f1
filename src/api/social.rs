//! People, friends and follows.

use super::{call_empty, encode, get, post, ApiError, Method};
use circle_api::{FriendRequestCreate, FriendRequestView, FriendRequests, Page, Person, Profile};

pub async fn search(prefix: &str) -> Result<Page<Person>, ApiError> {
    get(&format!("/api/v1/people?q={}", encode(prefix))).await
}

pub async fn profile(handle: &str) -> Result<Profile, ApiError> {
    get(&format!("/api/v1/people/{}", encode(handle))).await
}

pub async fn followers(handle: &str) -> Result<Page<Person>, ApiError> {
    get(&format!(
        "/api/v1/people/{}/followers?limit=50",
        encode(handle)
    ))
    .await
}

pub async fn friends() -> Result<Page<Person>, ApiError> {
    get("/api/v1/friends?limit=50").await
}

pub async fn requests() -> Result<FriendRequests, ApiError> {
    get("/api/v1/friend-requests").await
}

pub async fn send_request(handle: &str) -> Result<FriendRequestView, ApiError> {
    post(
        "/api/v1/friend-requests",
        &FriendRequestCreate {
            to_handle: handle.to_owned(),
        },
    )
    .await
}

/// `action`: accept, decline or cancel.
pub async fn answer(id: i64, action: &str) -> Result<(), ApiError> {
    call_empty(
        Method::Post,
        &format!("/api/v1/friend-requests/{id}/{action}"),
    )
    .await
}

pub async fn set_follow(handle: &str, follow: bool) -> Result<(), ApiError> {
    call_empty(
        if follow { Method::Put } else { Method::Delete },
        &format!("/api/v1/follows/{}", encode(handle)),
    )
    .await
}
