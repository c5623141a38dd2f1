//! Sharing into the circle: uploads, compose / edit / delete, likes, comments, the feed.

use super::{
    error::{ApiError, ApiResult},
    extract::{
        cookie, set_cookie, ClientIp, CurrentUser, Json, ListQuery, MaybeUser, Path, Query,
        VISITOR_COOKIE,
    },
    AppState,
};
use crate::{
    domain::{feed, shares as rules},
    service::{
        self, engagement, photos,
        shares::{self, Clicker},
    },
};
use axum::{
    body::Bytes,
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{
    CommentCreate, CommentView, ErrorBody, FeedCard, LikeState, Page, ShareCreate, ShareEdit,
    ShareView, Topic, Upload,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::max(rules::UPLOAD_MAX_BYTES))
        .routes(routes!(create))
        .routes(routes!(by_code))
        .routes(routes!(click))
        .routes(routes!(edit, delete))
        .routes(routes!(like, unlike))
        .routes(routes!(add_comment, list_comments))
        .routes(routes!(delete_comment))
        .routes(routes!(feed_page))
        .routes(routes!(topic))
        .routes(routes!(follow_topic, unfollow_topic))
        .routes(routes!(person_shares))
}

/// Upload a photo for a share: the raw image as the body, with its Content-Type.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "shares",
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "JPEG, PNG, WebP or GIF, at most 20 MB; stored upright, without metadata, at 360 and 1080 px wide"),
    responses(
        (status = 201, description = "Stored", body = Upload),
        (status = 413, description = "Over 20 MB", body = ErrorBody),
        (status = 422, description = "Not an image we accept, not the declared type, or damaged (bad_upload); over 50 megapixels or 12000 px on a side (image_too_large)", body = ErrorBody),
        (status = 429, description = "30 uploads an hour (rate_limited) or 100 MiB a day (upload_quota)", body = ErrorBody),
    ))]
async fn upload(
    State(state): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Upload>)> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let now = state.clock.now();
    let upload = photos::upload(&state.store, now, me.user.id, declared, body).await?;
    Ok((StatusCode::CREATED, Json(upload)))
}

/// Share a product into the circle. "已购" comes from a delivered order of it; a rating
/// needs one that has not been rated yet. One share per product per day.
#[utoipa::path(post, path = "/api/v1/shares", tag = "shares", request_body = ShareCreate,
    responses(
        (status = 201, description = "Shared", body = ShareView),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 409, description = "The product cannot be shared now", body = ErrorBody),
        (status = 422, description = "Bad text, rating or photos", body = ErrorBody),
        (status = 422, description = "Nearly repeats one of my shares of the last 7 days (near_duplicate)", body = ErrorBody),
        (status = 429, description = "Already shared this product today (share_limit), 10 shares today (daily_share_limit), or a merchant's 1 ad today (ad_limit); Retry-After says when", body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ShareCreate>,
) -> ApiResult<(StatusCode, Json<ShareView>)> {
    let view = shares::create(&state.store, state.clock.now(), me.user.id, &req).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A share by its public code.
#[utoipa::path(get, path = "/api/v1/shares/{code}", tag = "shares", params(("code" = String, Path, description = "Share code")),
    responses((status = 200, description = "The share", body = ShareView), (status = 404, description = "Unknown or hidden", body = ErrorBody)))]
async fn by_code(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(code): Path<String>,
) -> ApiResult<Json<ShareView>> {
    shares::by_code(&state.store, viewer.id(), &code)
        .await
        .map(Json)
}

/// Records a view of a share's landing page. The page's script calls this once the page
/// is really shown (never link previews or prefetches, which run no script). A visitor
/// who is not logged in gets a first-party visitor id cookie, and the click becomes
/// theirs when they register or log in; the last click in 7 days before a purchase of
/// the product earns the sharer the commission.
#[utoipa::path(post, path = "/api/v1/shares/{code}/click", tag = "shares", params(("code" = String, Path, description = "Share code")),
    responses((status = 204, description = "Recorded"), (status = 404, description = "Unknown or hidden", body = ErrorBody), (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody)))]
async fn click(
    State(state): State<AppState>,
    viewer: MaybeUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    // A logged-out visitor keeps (or gets) a first-party id for their clicks.
    let known = cookie(&headers, VISITOR_COOKIE).filter(|v| rules::is_visitor_id(v));
    let new_visitor = (viewer.id().is_none() && known.is_none()).then(rules::new_visitor_id);
    let who = match (viewer.id(), known.or(new_visitor.as_deref())) {
        (Some(id), _) => Clicker::User(id),
        (None, visitor) => Clicker::Visitor(visitor.unwrap_or_default()),
    };
    shares::click(&state.store, state.clock.now(), &ip, &code, who).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(v) = new_visitor {
        let year = 365 * 24 * 3600;
        let value = set_cookie(&state, &headers, VISITOR_COOKIE, &v, year);
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Edit the text of my share, within 15 minutes of posting.
#[utoipa::path(patch, path = "/api/v1/shares/id/{id}", tag = "shares", params(("id" = i64, Path, description = "Share id")), request_body = ShareEdit,
    responses(
        (status = 200, description = "Edited", body = ShareView),
        (status = 404, description = "Not my share", body = ErrorBody),
        (status = 409, description = "Older than 15 minutes", body = ErrorBody),
        (status = 422, description = "Bad text", body = ErrorBody),
    ))]
async fn edit(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ShareEdit>,
) -> ApiResult<Json<ShareView>> {
    let now = state.clock.now();
    shares::edit(&state.store, now, me.user.id, id, &req.text)
        .await
        .map(Json)
}

/// Delete my share.
#[utoipa::path(delete, path = "/api/v1/shares/id/{id}", tag = "shares", params(("id" = i64, Path, description = "Share id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "Not my share", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    shares::delete(&state.store, state.clock.now(), me.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Like a share. Liking twice is the same as once.
#[utoipa::path(put, path = "/api/v1/shares/id/{id}/like", tag = "shares", params(("id" = i64, Path, description = "Share id")),
    responses((status = 200, description = "Liked", body = LikeState), (status = 404, description = "No such share", body = ErrorBody), (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody)))]
async fn like(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Json<LikeState>> {
    let now = state.clock.now();
    engagement::set_like(&state.store, now, me.user.id, &ip, id, true)
        .await
        .map(Json)
}

/// Take a like back. Unliking twice is the same as once.
#[utoipa::path(delete, path = "/api/v1/shares/id/{id}/like", tag = "shares", params(("id" = i64, Path, description = "Share id")),
    responses((status = 200, description = "Not liked", body = LikeState), (status = 404, description = "No such share", body = ErrorBody)))]
async fn unlike(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Json<LikeState>> {
    let now = state.clock.now();
    engagement::set_like(&state.store, now, me.user.id, &ip, id, false)
        .await
        .map(Json)
}

/// Comment on a share, or reply to one of its comments.
#[utoipa::path(post, path = "/api/v1/shares/id/{id}/comments", tag = "shares", params(("id" = i64, Path, description = "Share id")), request_body = CommentCreate,
    responses(
        (status = 201, description = "Posted", body = CommentView),
        (status = 404, description = "No such share", body = ErrorBody),
        (status = 422, description = "Bad text, or a reply to a comment of another share", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    ))]
async fn add_comment(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CommentCreate>,
) -> ApiResult<(StatusCode, Json<CommentView>)> {
    let now = state.clock.now();
    let view = engagement::comment(&state.store, now, me.user.id, &ip, id, &req).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A share's comments, oldest first.
#[utoipa::path(get, path = "/api/v1/shares/id/{id}/comments", tag = "shares", params(("id" = i64, Path, description = "Share id"), ListQuery),
    responses((status = 200, description = "Comments", body = Page<CommentView>), (status = 404, description = "No such share", body = ErrorBody)))]
async fn list_comments(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<CommentView>>> {
    let after = q.after_id()?;
    engagement::comments(&state.store, viewer.id(), id, after, q.limit())
        .await
        .map(Json)
}

/// Delete my comment.
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "shares", params(("id" = i64, Path, description = "Comment id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "Not my comment", body = ErrorBody)))]
async fn delete_comment(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    engagement::delete_comment(&state.store, state.clock.now(), me.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 购物圈: shares from my friends, the people and products I follow, and my own; best
/// first. Several friends' shares of one product within 72 h come as one card.
#[utoipa::path(get, path = "/api/v1/feed", tag = "shares", params(ListQuery),
    responses((status = 200, description = "One page of cards", body = Page<FeedCard>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn feed_page(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let cursor = match q.after.as_deref().filter(|s| !s.is_empty()) {
        None => feed::Cursor::default(),
        Some(s) => feed::Cursor::parse(s).ok_or_else(|| {
            ApiError::invalid("`after` must be the `next` value of the previous page")
        })?,
    };
    let page = service::feed::page(&state.store, me.user.id, &cursor).await?;
    let json = [(header::CONTENT_TYPE, "application/json")];
    Ok((json, service::feed::page_json(&page)).into_response())
}

/// 商品话题: the product, its verified rating, friends who bought it, and its shares.
#[utoipa::path(get, path = "/api/v1/products/{id}/topic", tag = "shares", params(("id" = i64, Path, description = "Product id")),
    responses((status = 200, description = "The topic", body = Topic), (status = 404, description = "No such product", body = ErrorBody)))]
async fn topic(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Topic>> {
    service::feed::topic(&state.store, viewer.id(), id)
        .await
        .map(Json)
}

/// Follow a product's topic: its new shares come into my circle.
#[utoipa::path(put, path = "/api/v1/products/{id}/follow", tag = "shares", params(("id" = i64, Path, description = "Product id")),
    responses((status = 204, description = "Following"), (status = 404, description = "No such product", body = ErrorBody)))]
async fn follow_topic(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    set_topic(&state, me.user.id, id, true).await
}

/// Stop following a product's topic.
#[utoipa::path(delete, path = "/api/v1/products/{id}/follow", tag = "shares", params(("id" = i64, Path, description = "Product id")),
    responses((status = 204, description = "Not following"), (status = 404, description = "No such product", body = ErrorBody)))]
async fn unfollow_topic(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    set_topic(&state, me.user.id, id, false).await
}

async fn set_topic(
    state: &AppState,
    user: i64,
    product: i64,
    follow: bool,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    service::feed::follow_topic(&state.store, now, user, product, follow).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A person's shares, newest first.
#[utoipa::path(get, path = "/api/v1/people/{handle}/shares", tag = "shares", params(("handle" = String, Path, description = "Handle"), ListQuery),
    responses((status = 200, description = "Shares", body = Page<ShareView>), (status = 404, description = "No such person", body = ErrorBody)))]
async fn person_shares(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(handle): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<ShareView>>> {
    let after = q.after_id()?;
    service::feed::person_shares(&state.store, viewer.id(), &handle, after, q.limit())
        .await
        .map(Json)
}
