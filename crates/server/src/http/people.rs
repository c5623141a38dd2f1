//! People and the 关系链: search, profiles, friend requests, friends, follows.

use super::{
    error::{ApiError, ApiResult},
    extract::{cursor, page, page_size, ClientIp, CurrentUser, Json, MaybeUser, Path, Query},
    AppState,
};
use crate::{
    domain::{limits, social::RequestAction},
    store::{self, social},
};
use axum::{extract::State, http::StatusCode};
use circle_api::{
    ErrorBody, FieldProblem, FriendRequestCreate, FriendRequestView, FriendRequests,
    NotificationKind, Page, Person, Profile,
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
    after: Option<String>,
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
    let limit = page_size(q.limit);
    let prefix = q.q.as_deref().unwrap_or("").trim().to_ascii_lowercase();
    if prefix.is_empty() {
        return Ok(Json(Page {
            items: vec![],
            next: None,
        }));
    }
    let items = social::search_people(
        state.store.pool(),
        viewer.id(),
        &prefix,
        q.after.as_deref(),
        limit,
    )
    .await?;
    Ok(Json(page(items, limit, |p| p.handle.clone())))
}

async fn person(state: &AppState, viewer: Option<i64>, handle: &str) -> ApiResult<Person> {
    social::person_by_handle(state.store.pool(), viewer, &handle.to_ascii_lowercase())
        .await?
        .ok_or(ApiError::NotFound)
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
    let person = person(&state, viewer.id(), &handle).await?;
    let (followers, friends, created_at) =
        social::profile_counts(state.store.pool(), person.id).await?;
    let attributed_sales =
        store::commissions::attributed_sales(state.store.pool(), person.id).await?;
    Ok(Json(Profile {
        person,
        followers,
        friends,
        created_at,
        level: circle_api::level_for(attributed_sales),
        attributed_sales,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    after: Option<String>,
    limit: Option<i64>,
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
    let user = person(&state, viewer.id(), &handle).await?;
    let limit = page_size(q.limit);
    let items = social::followers(
        state.store.pool(),
        viewer.id(),
        user.id,
        cursor(q.after.as_deref())?,
        limit,
    )
    .await?;
    Ok(Json(page(items, limit, |p| p.id.to_string())))
}

/// My friends.
#[utoipa::path(get, path = "/api/v1/friends", tag = "people", params(ListQuery),
    responses((status = 200, description = "My friends", body = Page<Person>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn friends(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<Person>>> {
    let limit = page_size(q.limit);
    let items = social::friends(
        state.store.pool(),
        me.user.id,
        me.user.id,
        cursor(q.after.as_deref())?,
        limit,
    )
    .await?;
    Ok(Json(page(items, limit, |p| p.id.to_string())))
}

/// End a friendship.
#[utoipa::path(delete, path = "/api/v1/friends/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")),
    responses((status = 204, description = "No longer friends"), (status = 404, description = "Not a friend", body = ErrorBody)))]
async fn unfriend(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
) -> ApiResult<StatusCode> {
    let other = person(&state, Some(me.user.id), &handle).await?;
    if social::unfriend(state.store.pool(), me.user.id, other.id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Follow a person (a 达人). Following twice is the same as once.
#[utoipa::path(put, path = "/api/v1/follows/{handle}", tag = "people", params(("handle" = String, Path, description = "Handle")),
    responses((status = 204, description = "Following"), (status = 404, description = "No such person", body = ErrorBody), (status = 422, description = "Yourself", body = ErrorBody)))]
async fn follow(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
) -> ApiResult<StatusCode> {
    let other = person(&state, Some(me.user.id), &handle).await?;
    if other.id == me.user.id {
        return Err(not_yourself("handle"));
    }
    social::follow(state.store.pool(), me.user.id, other.id, state.clock.now()).await?;
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
    let other = person(&state, Some(me.user.id), &handle).await?;
    social::unfollow(state.store.pool(), me.user.id, other.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// New friends see each other's recent shares in their circles.
async fn backfill(state: &AppState, a: i64, b: i64) -> ApiResult<()> {
    crate::store::shares::backfill_friend(state.store.pool(), a, b).await?;
    crate::store::shares::backfill_friend(state.store.pool(), b, a).await?;
    Ok(())
}

fn not_yourself(field: &'static str) -> ApiError {
    ApiError::Invalid(crate::domain::accounts::FieldError::new(
        field,
        FieldProblem::BadCharacters,
        "That is you.",
    ))
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
    let checks = [
        (
            limits::FRIEND_REQUEST_PER_USER,
            format!("user:{}", me.user.id),
        ),
        (limits::FRIEND_REQUEST_PER_IP, format!("ip:{ip}")),
    ];
    super::rate_limit(&state, &checks).await?;
    let pool = state.store.pool();
    let to = person(&state, Some(me.user.id), req.to_handle.trim()).await?;
    if to.id == me.user.id {
        return Err(not_yourself("to_handle"));
    }
    if social::are_friends(pool, me.user.id, to.id).await? {
        return Err(ApiError::AlreadyFriends);
    }
    let now = state.clock.now();
    if let Some(theirs) = social::pending_request(pool, to.id, me.user.id).await? {
        social::decide_request(pool, theirs, RequestAction::Accept.outcome(), now).await?;
        backfill(&state, me.user.id, to.id).await?;
        notify(&state, to.id, NotificationKind::FriendAccepted, me.user.id).await?;
        return Ok((StatusCode::OK, Json(request_view(&state, theirs).await?)));
    }
    let id = social::insert_request(pool, me.user.id, to.id, now)
        .await?
        .ok_or(ApiError::RequestPending)?;
    notify(&state, to.id, NotificationKind::FriendRequest, me.user.id).await?;
    Ok((StatusCode::CREATED, Json(request_view(&state, id).await?)))
}

async fn notify(
    state: &AppState,
    user_id: i64,
    kind: NotificationKind,
    actor: i64,
) -> ApiResult<()> {
    let note = store::notifications::Notify {
        user_id,
        kind,
        actor_id: Some(actor),
        ..Default::default()
    };
    store::notifications::add(state.store.pool(), note, state.clock.now()).await?;
    Ok(())
}

async fn request_view(state: &AppState, id: i64) -> ApiResult<FriendRequestView> {
    social::request_by_id(state.store.pool(), id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Pending friend requests to me and from me.
#[utoipa::path(get, path = "/api/v1/friend-requests", tag = "people",
    responses((status = 200, description = "Pending requests", body = FriendRequests), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn list_requests(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<FriendRequests>> {
    let pool = state.store.pool();
    Ok(Json(FriendRequests {
        incoming: social::pending_requests(pool, me.user.id, true).await?,
        outgoing: social::pending_requests(pool, me.user.id, false).await?,
    }))
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
    let pool = state.store.pool();
    let (from, to, status) = social::request_for_party(pool, id, actor)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !action.allowed_for(actor, from, to) {
        return Err(ApiError::NotFound);
    }
    if status != "pending"
        || !social::decide_request(pool, id, action.outcome(), state.clock.now()).await?
    {
        return Err(ApiError::IllegalTransition(format!(
            "This request is already {status}."
        )));
    }
    if action == RequestAction::Accept {
        // New friends see each other's earlier shares too, not only the next ones.
        backfill(state, from, to).await?;
        notify(state, from, NotificationKind::FriendAccepted, actor).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
