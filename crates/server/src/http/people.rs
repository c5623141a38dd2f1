//! People and the 关系链: search, profiles, friend requests, friends, follows.

use super::{
    error::ApiResult,
    extract::{page_size, ClientIp, CurrentUser, Json, ListQuery, MaybeUser, Path, Query},
    AppState,
};
use crate::{
    domain::social::RequestAction,
    service::social::{self, Sent},
};
use axum::{extract::State, http::StatusCode};
use circle_api::{
    ErrorBody, FriendRequestCreate, FriendRequestView, FriendRequests, Page, Person, Profile,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(profile))
        .routes(routes!(followers))
        .routes(routes!(friends))
        .routes(routes!(unfriend))
        .routes(routes!(follow, unfollow))
        .routes(routes!(send_request, list_requests))
        .routes(routes!(accept))
        .routes(routes!(decline))
        .routes(routes!(cancel))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// The start of a handle.
    q: Option<String>,
    /// `next` of the previous page (a handle).
    after: Option<String>,
    /// 1–50, default 20.
    limit: Option<i64>,
}

/// Find people by the start of their handle.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", params(PeopleQuery),
    responses((status = 200, description = "People, by handle", body = Page<Person>)))]
async fn search(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Query(q): Query<PeopleQuery>,
) -> ApiResult<Json<Page<Person>>> {
    let prefix = q.q.as_deref().unwrap_or("");
    let limit = page_size(q.limit);
    social::search(&state.store, viewer.id(), prefix, q.after.as_deref(), limit)
        .await
        .map(Json)
}

/// A person's profile.
#[utoipa::path(get, path = "/api/v1/people/{handle}", tag = "people",
    params(("handle" = String, Path, description = "Handle")),
    responses((status = 200, description = "The profile", body = Profile), (status = 404, description = "No such person", body = ErrorBody)))]
async fn profile(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(handle): Path<String>,
) -> ApiResult<Json<Profile>> {
    social::profile(&state.store, viewer.id(), &handle)
        .await
        .map(Json)
}

/// Who follows this person.
#[utoipa::path(get, path = "/api/v1/people/{handle}/followers", tag = "people", params(("handle" = String, Path, description = "Handle"), ListQuery),
    responses((status = 200, description = "Followers", body = Page<Person>), (status = 404, description = "No such person", body = ErrorBody)))]
async fn followers(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(handle): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<Person>>> {
    let after = q.after_id()?;
    social::followers(&state.store, viewer.id(), &handle, after, q.limit())
        .await
        .map(Json)
}

/// My friends.
#[utoipa::path(get, path = "/api/v1/friends", tag = "people", params(ListQuery),
    responses((status = 200, description = "My friends", body = Page<Person>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn friends(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<Person>>> {
    let after = q.after_id()?;
    social::friends(&state.store, me.user.id, after, q.limit())
        .await
        .map(Json)
}

/// End a friendship.
#[utoipa::path(delete, path = "/api/v1/friends/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")),
    responses((status = 204, description = "No longer friends"), (status = 404, description = "Not a friend", body = ErrorBody)))]
async fn unfriend(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
) -> ApiResult<StatusCode> {
    social::unfriend(&state.store, me.user.id, &handle).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follow a person (a 达人). Following twice is the same as once.
#[utoipa::path(put, path = "/api/v1/follows/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")),
    responses((status = 204, description = "Following"), (status = 404, description = "No such person", body = ErrorBody), (status = 422, description = "Yourself", body = ErrorBody)))]
async fn follow(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
) -> ApiResult<StatusCode> {
    social::follow(&state.store, state.clock.now(), me.user.id, &handle, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following. Unfollowing someone you do not follow changes nothing.
#[utoipa::path(delete, path = "/api/v1/follows/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")),
    responses((status = 204, description = "Not following"), (status = 404, description = "No such person", body = ErrorBody)))]
async fn unfollow(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
) -> ApiResult<StatusCode> {
    social::follow(&state.store, state.clock.now(), me.user.id, &handle, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask someone to be friends. If they already asked you, this accepts their request.
#[utoipa::path(post, path = "/api/v1/friend-requests", tag = "people", request_body = FriendRequestCreate,
    responses(
        (status = 201, description = "Sent", body = FriendRequestView),
        (status = 200, description = "They had asked you: now friends", body = FriendRequestView),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 409, description = "Already friends, or a request is waiting", body = ErrorBody),
        (status = 422, description = "Yourself", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    ))]
async fn send_request(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Json(req): Json<FriendRequestCreate>,
) -> ApiResult<(StatusCode, Json<FriendRequestView>)> {
    let now = state.clock.now();
    let sent = social::send_request(&state.store, now, me.user.id, &ip, &req.to_handle).await?;
    Ok(match sent {
        Sent::Requested(view) => (StatusCode::CREATED, Json(view)),
        Sent::Accepted(view) => (StatusCode::OK, Json(view)),
    })
}

/// Pending friend requests to me and from me.
#[utoipa::path(get, path = "/api/v1/friend-requests", tag = "people",
    responses((status = 200, description = "Pending requests", body = FriendRequests), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn list_requests(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<FriendRequests>> {
    social::requests(&state.store, me.user.id).await.map(Json)
}

/// Accept a request sent to me.
#[utoipa::path(post, path = "/api/v1/friend-requests/{id}/accept", tag = "people", params(("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Now friends"), (status = 404, description = "Not a request to me", body = ErrorBody), (status = 409, description = "No longer pending", body = ErrorBody)))]
async fn accept(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    decide(&state, me.user.id, id, RequestAction::Accept).await
}

/// Decline a request sent to me.
#[utoipa::path(post, path = "/api/v1/friend-requests/{id}/decline", tag = "people", params(("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Declined"), (status = 404, description = "Not a request to me", body = ErrorBody), (status = 409, description = "No longer pending", body = ErrorBody)))]
async fn decline(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    decide(&state, me.user.id, id, RequestAction::Decline).await
}

/// Withdraw a request I sent.
#[utoipa::path(post, path = "/api/v1/friend-requests/{id}/cancel", tag = "people", params(("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Cancelled"), (status = 404, description = "Not a request of mine", body = ErrorBody), (status = 409, description = "No longer pending", body = ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    decide(&state, me.user.id, id, RequestAction::Cancel).await
}

async fn decide(
    state: &AppState,
    actor: i64,
    id: i64,
    action: RequestAction,
) -> ApiResult<StatusCode> {
    social::decide(&state.store, state.clock.now(), actor, id, action).await?;
    Ok(StatusCode::NO_CONTENT)
}
