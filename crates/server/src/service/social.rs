//! 关系链: people, profiles, friends and friend requests, follows.

use super::{
    limits,
    notify::{self, Event},
    page, views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{
        accounts::{FieldError, Handle},
        limits as rates,
        social::RequestAction,
    },
    store::{self, social, Db, Locked, Store},
};
use circle_api::{
    ErrorCode, FieldProblem, FriendRequestStatus, FriendRequestView, FriendRequests, Page, Person,
    Profile,
};

/// People whose handle starts with `prefix`.
pub async fn search(
    store: &Store,
    viewer: Option<i64>,
    prefix: &str,
    after: Option<&str>,
    limit: i64,
) -> ApiResult<Page<Person>> {
    let prefix = crate::domain::text::check("q", prefix, circle_api::HANDLE_MAX, false)?
        .to_ascii_lowercase();
    // Only a–z, 0–9 and _ can start a handle: anything else finds nobody.
    let could_match = prefix
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if let Some(after) = after.filter(|a| Handle::parse(a).is_err()) {
        return Err(ApiError::invalid(format!(
            "`{}` is not a cursor of this list.",
            after.escape_debug()
        ))
        .at("after"));
    }
    if prefix.is_empty() || !could_match {
        return Ok(Page {
            items: vec![],
            next: None,
        });
    }
    let mut db = store.conn().await?;
    let rows = social::search_people(&mut db, viewer, &prefix, after, limit).await?;
    let items = rows
        .into_iter()
        .map(|r| views::person_for(r, viewer))
        .collect();
    Ok(page(items, limit, |p| p.handle.clone()))
}

/// The person with this handle; a text that cannot be a handle finds nobody (404).
async fn person(db: &mut Db, viewer: Option<i64>, handle: &str) -> ApiResult<Person> {
    let handle = Handle::parse(handle).map_err(|_| ApiError::not_found())?;
    social::person_by_handle(db, viewer, handle.as_str())
        .await?
        .map(|r| views::person_for(r, viewer))
        .ok_or(ApiError::not_found())
}

pub async fn profile(store: &Store, viewer: Option<i64>, handle: &str) -> ApiResult<Profile> {
    let mut db = store.conn().await?;
    let person = person(&mut db, viewer, handle).await?;
    let (followers, friends, created_at) = social::profile_counts(&mut db, person.id).await?;
    let attributed_sales = store::commissions::attributed_sales(&mut db, person.id).await?;
    Ok(Profile {
        person,
        followers,
        friends,
        created_at,
        level: circle_api::level_for(attributed_sales),
        attributed_sales,
    })
}

pub async fn followers(
    store: &Store,
    viewer: Option<i64>,
    handle: &str,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<Person>> {
    let mut db = store.conn().await?;
    let user = person(&mut db, viewer, handle).await?;
    let rows = social::followers(&mut db, viewer, user.id, after, limit).await?;
    let items = rows
        .into_iter()
        .map(|r| views::person_for(r, viewer))
        .collect();
    Ok(page(items, limit, |p| p.id.to_string()))
}

pub async fn friends(
    store: &Store,
    me: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<Person>> {
    let mut db = store.conn().await?;
    let rows = social::friends(&mut db, me, me, after, limit).await?;
    let items = rows
        .into_iter()
        .map(|r| views::person_for(r, Some(me)))
        .collect();
    Ok(page(items, limit, |p| p.id.to_string()))
}

pub async fn unfriend(store: &Store, me: i64, handle: &str) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    let other = person(&mut tx, Some(me), handle).await?;
    if !social::unfriend(&mut tx, me, other.id).await? {
        return Err(ApiError::not_found());
    }
    tx.commit().await?;
    Ok(())
}

/// Follows (`true`) or unfollows a person.
pub async fn follow(store: &Store, now: Millis, me: i64, handle: &str, on: bool) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    let other = person(&mut tx, Some(me), handle).await?;
    if on {
        if other.id == me {
            return Err(not_yourself("handle"));
        }
        social::follow(&mut tx, me, other.id, now).await?;
    } else {
        social::unfollow(&mut tx, me, other.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn not_yourself(field: &'static str) -> ApiError {
    FieldError::new(field, FieldProblem::BadCharacters, "That is you.").into()
}

/// What sending a friend request did.
pub enum Sent {
    /// A new pending request.
    Requested(FriendRequestView),
    /// They had asked first: their request is accepted, we are friends.
    Accepted(FriendRequestView),
}

/// Asks someone to be friends (30 an hour per person, 100 per IP); if they already asked
/// me, that request is accepted instead. Both people's rows are locked (in id order),
/// so two crossing requests end as one friendship.
pub async fn send_request(
    store: &Store,
    now: Millis,
    me: i64,
    ip: &str,
    to_handle: &str,
) -> ApiResult<Sent> {
    let checks = [
        (rates::FRIEND_REQUEST_PER_USER, format!("user:{me}")),
        (rates::FRIEND_REQUEST_PER_IP, format!("ip:{ip}")),
    ];
    limits::take(store, now, &checks).await?;
    let mut tx = store.begin().await?;
    let to = person(&mut tx, Some(me), to_handle).await?;
    if to.id == me {
        return Err(not_yourself("to_handle"));
    }
    for id in [me.min(to.id), me.max(to.id)] {
        store::lock(&mut tx, Locked::User, id).await?;
    }
    if social::are_friends(&mut tx, me, to.id).await? {
        return Err(ApiError::new(
            ErrorCode::AlreadyFriends,
            "you are already friends",
        ));
    }
    if let Some(theirs) = social::pending_request(&mut tx, to.id, me).await? {
        social::decide_request(&mut tx, theirs, RequestAction::Accept.outcome(), now).await?;
        befriend(&mut tx, now, to.id, me).await?;
        let view = request_view(&mut tx, theirs).await?;
        tx.commit().await?;
        return Ok(Sent::Accepted(view));
    }
    let id = social::insert_request(&mut tx, me, to.id, now)
        .await?
        .ok_or(ApiError::new(
            ErrorCode::RequestPending,
            "a friend request is already waiting for an answer",
        ))?;
    notify::record(&mut tx, Event::FriendRequested { to: to.id, by: me }, now).await?;
    let view = request_view(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Sent::Requested(view))
}

/// New friends see each other's earlier shares too, not only the next ones; the one who
/// asked is told.
async fn befriend(db: &mut Db, now: Millis, requester: i64, by: i64) -> ApiResult<()> {
    store::timeline::backfill_friend(db, requester, by).await?;
    store::timeline::backfill_friend(db, by, requester).await?;
    notify::record(db, Event::FriendAccepted { requester, by }, now).await?;
    Ok(())
}

async fn request_view(db: &mut Db, id: i64) -> ApiResult<FriendRequestView> {
    social::request_by_id(db, id)
        .await?
        .map(views::request)
        .ok_or(ApiError::not_found())
}

pub async fn requests(store: &Store, me: i64) -> ApiResult<FriendRequests> {
    let mut db = store.conn().await?;
    Ok(FriendRequests {
        incoming: requests_of(&mut db, me, true).await?,
        outgoing: requests_of(&mut db, me, false).await?,
    })
}

async fn requests_of(db: &mut Db, me: i64, incoming: bool) -> ApiResult<Vec<FriendRequestView>> {
    let rows = social::pending_requests(db, me, incoming).await?;
    Ok(rows.into_iter().map(views::request).collect())
}

/// Accepts, declines or cancels a pending request; only its parties see it.
pub async fn decide(
    store: &Store,
    now: Millis,
    actor: i64,
    id: i64,
    action: RequestAction,
) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    let (from, to, status) = social::request_for_party(&mut tx, id, actor)
        .await?
        .ok_or(ApiError::not_found())?;
    if !action.allowed_for(actor, from, to) {
        return Err(ApiError::not_found());
    }
    let status = status.0;
    if status != FriendRequestStatus::Pending
        || !social::decide_request(&mut tx, id, action.outcome(), now).await?
    {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            format!("This request is already {}.", store::enums::name(status)),
        ));
    }
    if action == RequestAction::Accept {
        befriend(&mut tx, now, from, actor).await?;
    }
    tx.commit().await?;
    Ok(())
}
