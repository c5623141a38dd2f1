//! Sharing into the circle: uploads, compose / edit / delete, likes, comments, the feed.

use super::{
    error::{ApiError, ApiResult},
    extract::{
        cookie, cursor, page, page_size, set_cookie, ClientIp, CurrentUser, Json, MaybeUser, Path,
        Query, VISITOR_COOKIE,
    },
    AppState,
};
use crate::{
    domain::{feed, limits, shares as rules},
    store::{self, shares},
};
use axum::{
    body::Bytes,
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use circle_api::{
    CommentCreate, CommentView, ErrorBody, FeedCard, LikeState, NotificationKind, Page, Person,
    ShareCreate, ShareEdit, ShareView, TopSharer, Topic, Upload,
};
use serde::Deserialize;
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
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "JPEG, PNG, WebP or GIF, at most 5 MB"),
    responses(
        (status = 201, description = "Stored", body = Upload),
        (status = 413, description = "Over 5 MB", body = ErrorBody),
        (status = 422, description = "Not an image we accept, or not the declared type", body = ErrorBody),
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
    let actual = rules::sniff_image(&body).ok_or(ApiError::BadUpload(
        "Upload a JPEG, PNG, WebP or GIF image.",
    ))?;
    if !declared.eq_ignore_ascii_case(actual) {
        return Err(ApiError::BadUpload(
            "The file is not the type it claims to be.",
        ));
    }
    let id = store::catalog::insert_media(
        state.store.pool(),
        Some(me.user.id),
        actual,
        &body,
        state.clock.now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Upload {
            id,
            url: format!("/media/{id}"),
        }),
    ))
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
    let pool = state.store.pool();
    let author = me.user.id;
    let text = rules::check_text(&req.text)?;
    rules::check_rating(req.rating)?;
    rules::check_photo_count(req.photo_ids.len())?;
    let product = store::catalog::sellable(pool, req.product_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !product.buyable {
        return Err(ApiError::ProductUnavailable);
    }
    let order = shares::delivered_order(pool, author, req.product_id, req.rating.is_some()).await?;
    if req.rating.is_some() && order.is_none() {
        return Err(ApiError::RatingNotAllowed(
            "A rating needs a delivered order of this product that you have not rated yet.",
        ));
    }
    let mut photos = req.photo_ids.clone();
    photos.dedup();
    let claimable = shares::claimable_photos(pool, author, &photos).await?;
    if claimable.len() != photos.len() {
        return Err(ApiError::Invalid(crate::domain::accounts::FieldError::new(
            "photo_ids",
            circle_api::FieldProblem::BadCharacters,
            "Some photos are not your uploads, or are used by another share.",
        )));
    }
    let now = state.clock.now();
    let day = rules::china_day(now);
    let (today, ads_today) = shares::count_on_day(pool, author, day).await?;
    if today >= rules::SHARES_PER_DAY {
        return Err(ApiError::DailyShareLimit(rules::seconds_until_next_day(
            now,
        )));
    }
    let is_ad = product.merchant_user_id == Some(author);
    if is_ad && ads_today >= rules::ADS_PER_DAY {
        return Err(ApiError::AdLimit(rules::seconds_until_next_day(now)));
    }
    let recent = shares::recent_texts(pool, author, now - rules::DUPLICATE_WINDOW).await?;
    if recent.iter().any(|old| rules::near_duplicate(old, &text)) {
        return Err(ApiError::NearDuplicate);
    }
    let code = rules::new_share_code();
    let new = shares::NewShare {
        code: &code,
        author_id: author,
        product_id: req.product_id,
        order_id: order,
        text: &text,
        rating: req.rating,
        photo_ids: &photos,
        day,
        verified: order.is_some(),
        is_ad,
    };
    let id = shares::insert(pool, new, now).await.map_err(|e| {
        if !store::is_unique_violation(&e) {
            return e.into();
        }
        if e.to_string().contains("order_id") || e.to_string().contains("one_rating") {
            ApiError::RatingNotAllowed("This order has already been rated.")
        } else {
            ApiError::ShareLimit(
                "You already shared this product today; share it again tomorrow.".into(),
                rules::seconds_until_next_day(now),
            )
        }
    })?;
    let view = shares::views(pool, Some(author), &[id])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
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
    let pool = state.store.pool();
    let id = shares::id_by_code(pool, &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    shares::views(pool, viewer.id(), &[id])
        .await?
        .pop()
        .map(Json)
        .ok_or(ApiError::NotFound)
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
    super::rate_limit(&state, &[(limits::CLICK_PER_IP, format!("ip:{ip}"))]).await?;
    let pool = state.store.pool();
    let (share_id, product_id) = shares::click_target(pool, &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (visitor, new_visitor) = match (viewer.id(), cookie(&headers, VISITOR_COOKIE)) {
        (Some(_), _) => (None, false),
        (None, Some(v)) if rules::is_visitor_id(v) => (Some(v.to_owned()), false),
        (None, _) => (Some(rules::new_visitor_id()), true),
    };
    let c = store::clicks::Click {
        share_id,
        product_id,
        user_id: viewer.id(),
        visitor_id: visitor.as_deref(),
    };
    store::clicks::record(pool, c, state.clock.now()).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let (true, Some(v)) = (new_visitor, visitor) {
        let year = 365 * 24 * 3600;
        let value = set_cookie(&state, &headers, VISITOR_COOKIE, &v, year);
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The author's own visible share, or 404 for anyone else.
async fn own_share(state: &AppState, author: i64, id: i64) -> ApiResult<i64> {
    match shares::owner(state.store.pool(), id).await? {
        Some((owner, created_at)) if owner == author => Ok(created_at),
        _ => Err(ApiError::NotFound),
    }
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
    let created_at = own_share(&state, me.user.id, id).await?;
    let text = rules::check_text(&req.text)?;
    let now = state.clock.now();
    if now > rules::editable_until(created_at) {
        return Err(ApiError::EditWindowClosed);
    }
    let pool = state.store.pool();
    shares::edit(pool, id, &text, now).await?;
    shares::views(pool, Some(me.user.id), &[id])
        .await?
        .pop()
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Delete my share.
#[utoipa::path(delete, path = "/api/v1/shares/id/{id}", tag = "shares", params(("id" = i64, Path, description = "Share id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "Not my share", body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    own_share(&state, me.user.id, id).await?;
    shares::delete(state.store.pool(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn visible(state: &AppState, id: i64) -> ApiResult<()> {
    shares::owner(state.store.pool(), id)
        .await?
        .map(|_| ())
        .ok_or(ApiError::NotFound)
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
    visible(&state, id).await?;
    let checks = [
        (limits::LIKE_PER_USER, format!("user:{}", me.user.id)),
        (limits::LIKE_PER_IP, format!("ip:{ip}")),
    ];
    super::rate_limit(&state, &checks).await?;
    Ok(Json(
        shares::set_like(state.store.pool(), id, me.user.id, true, state.clock.now()).await?,
    ))
}

/// Take a like back. Unliking twice is the same as once.
#[utoipa::path(delete, path = "/api/v1/shares/id/{id}/like", tag = "shares", params(("id" = i64, Path, description = "Share id")),
    responses((status = 200, description = "Not liked", body = LikeState), (status = 404, description = "No such share", body = ErrorBody)))]
async fn unlike(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<LikeState>> {
    visible(&state, id).await?;
    Ok(Json(
        shares::set_like(state.store.pool(), id, me.user.id, false, state.clock.now()).await?,
    ))
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
    visible(&state, id).await?;
    let checks = [
        (limits::COMMENT_PER_USER, format!("user:{}", me.user.id)),
        (limits::COMMENT_PER_IP, format!("ip:{ip}")),
    ];
    super::rate_limit(&state, &checks).await?;
    let text = rules::check_comment(&req.text)?;
    let pool = state.store.pool();
    if let Some(parent) = req.parent_id {
        if shares::comment_share(pool, parent)
            .await?
            .map(|(share, _)| share)
            != Some(id)
        {
            return Err(ApiError::Invalid(crate::domain::accounts::FieldError::new(
                "parent_id",
                circle_api::FieldProblem::BadCharacters,
                "Reply to a comment of this share.",
            )));
        }
    }
    let comment = shares::insert_comment(
        pool,
        id,
        me.user.id,
        req.parent_id,
        &text,
        state.clock.now(),
    )
    .await?;
    if let Some((author, _)) = shares::owner(pool, id).await? {
        let note = store::notifications::Notify {
            user_id: author,
            kind: NotificationKind::Comment,
            actor_id: Some(me.user.id),
            share_id: Some(id),
            ..Default::default()
        };
        store::notifications::add(pool, note, state.clock.now()).await?;
    }
    let view = shares::comments(pool, Some(me.user.id), id, Some(comment - 1), 1)
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    after: Option<String>,
    limit: Option<i64>,
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
    visible(&state, id).await?;
    let limit = page_size(q.limit);
    let items = shares::comments(
        state.store.pool(),
        viewer.id(),
        id,
        cursor(q.after.as_deref())?,
        limit,
    )
    .await?;
    Ok(Json(page(items, limit, |c| c.id.to_string())))
}

/// Delete my comment.
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "shares", params(("id" = i64, Path, description = "Comment id")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "Not my comment", body = ErrorBody)))]
async fn delete_comment(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let pool = state.store.pool();
    match shares::comment_share(pool, id).await? {
        Some((share, author)) if author == me.user.id => {
            shares::delete_comment(pool, id, share, state.clock.now()).await?;
            Ok(StatusCode::NO_CONTENT)
        }
        _ => Err(ApiError::NotFound),
    }
}

/// 购物圈: shares from my friends, the people and products I follow, and my own; best
/// first. Several friends' shares of one product within 72 h come as one card.
#[utoipa::path(get, path = "/api/v1/feed", tag = "shares", params(ListQuery),
    responses((status = 200, description = "One page of cards", body = Page<FeedCard>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn feed_page(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<FeedCard>>> {
    let cursor = match q.after.as_deref().filter(|s| !s.is_empty()) {
        None => feed::Cursor::default(),
        Some(s) => feed::Cursor::parse(s).ok_or_else(|| {
            ApiError::Unprocessable("`after` must be the `next` value of the previous page".into())
        })?,
    };
    let pool = state.store.pool();
    let deferred = shares::timeline_rows(pool, me.user.id, &cursor.deferred).await?;
    let rows = shares::timeline(pool, me.user.id, cursor.after, feed::ROWS_PER_PAGE).await?;
    let exhausted = (rows.len() as i64) < feed::ROWS_PER_PAGE;
    let (cards, next) = feed::page(&deferred, &rows, &cursor, exhausted);
    let ids: Vec<i64> = cards.iter().map(|c| c.lead.share_id).collect();
    let mut views: std::collections::HashMap<i64, ShareView> =
        shares::views(pool, Some(me.user.id), &ids)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect();
    let also_ids: Vec<i64> = cards
        .iter()
        .flat_map(|c| c.also.iter().map(|r| r.author_id))
        .collect();
    let people: std::collections::HashMap<i64, Person> =
        store::social::people_by_ids(pool, &also_ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let items = cards
        .into_iter()
        .filter_map(|c| {
            let share = views.remove(&c.lead.share_id)?;
            // A product under review (or delisted) is out of the feed.
            if share.product.status != circle_api::ProductStatus::Active {
                return None;
            }
            Some(FeedCard {
                share,
                also: c
                    .also
                    .iter()
                    .filter_map(|r| people.get(&r.author_id).cloned())
                    .collect(),
            })
        })
        .collect();
    let next = next.map(|c| c.encode());
    Ok(Json(Page { items, next }))
}

/// 商品话题: the product, its verified rating, friends who bought it, and its shares.
#[utoipa::path(get, path = "/api/v1/products/{id}/topic", tag = "shares", params(("id" = i64, Path, description = "Product id")),
    responses((status = 200, description = "The topic", body = Topic), (status = 404, description = "No such product", body = ErrorBody)))]
async fn topic(
    State(state): State<AppState>,
    viewer: MaybeUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Topic>> {
    let pool = state.store.pool();
    let product = store::catalog::get_product(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (rating_avg_centi, rating_count) = shares::product_rating(pool, id).await?;
    let (friends_bought, friends_bought_sample) = match viewer.id() {
        Some(me) => shares::friends_bought(pool, me, id).await?,
        None => (0, vec![]),
    };
    let (following, followers) = shares::topic_follow_state(pool, viewer.id(), id).await?;
    let ids = shares::topic_share_ids(pool, viewer.id(), id, 20).await?;
    let shares = shares::views(pool, viewer.id(), &ids).await?;
    let top = store::commissions::top_sharers(pool, id, 3).await?;
    let top_ids: Vec<i64> = top.iter().map(|(p, _)| *p).collect();
    let people: std::collections::HashMap<i64, Person> =
        store::social::people_by_ids(pool, &top_ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let top_sharers = top
        .iter()
        .filter_map(|(p, sales)| {
            Some(TopSharer {
                person: people.get(p)?.clone(),
                sales: *sales,
            })
        })
        .collect();
    Ok(Json(Topic {
        top_sharers,
        product,
        rating_avg_centi,
        rating_count,
        friends_bought,
        friends_bought_sample,
        following,
        followers,
        shares,
    }))
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
    let pool = state.store.pool();
    store::catalog::get_product(pool, product)
        .await?
        .ok_or(ApiError::NotFound)?;
    shares::set_topic_follow(pool, user, product, follow, state.clock.now()).await?;
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
    let pool = state.store.pool();
    let person = store::social::person_by_handle(pool, None, &handle.to_ascii_lowercase())
        .await?
        .ok_or(ApiError::NotFound)?;
    let limit = page_size(q.limit);
    let ids = shares::author_share_ids(pool, person.id, cursor(q.after.as_deref())?, limit).await?;
    let next = (ids.len() as i64 == limit)
        .then(|| ids.last().map(i64::to_string))
        .flatten();
    let items = shares::views(pool, viewer.id(), &ids).await?;
    Ok(Json(Page { items, next }))
}
