//! 分享: posting, editing and deleting a share, reading one, and clicks on share links.

use super::{views, ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::{accounts::FieldError, limits, shares as rules},
    store::{self, shares, Locked, Store},
};
use circle_api::{ErrorCode, FieldProblem, ShareCreate, ShareView};

/// Shares a product into the circle. "已购" comes from a delivered order of it; a rating
/// needs one that no share has rated. One share per product per China day, 10 a day, a
/// merchant's own product once a day (an ad), nothing that nearly repeats the author's
/// last 7 days. The author's row lock makes every limit exact under concurrency.
pub async fn create(
    store: &Store,
    now: Millis,
    author: i64,
    req: &ShareCreate,
) -> ApiResult<ShareView> {
    let text = rules::check_text(&req.text)?;
    rules::check_rating(req.rating)?;
    rules::check_photo_count(req.photo_ids.len())?;
    let mut photos = req.photo_ids.clone();
    photos.dedup();
    let day = rules::china_day(now);
    let next_day = rules::seconds_until_next_day(now);
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::User, author).await?;
    let product = super::catalog::buyable(&mut tx, req.product_id).await?;
    let rated = req.rating.is_some();
    let order = shares::delivered_order(&mut tx, author, req.product_id, rated).await?;
    if rated && order.is_none() {
        return Err(ApiError::new(
            ErrorCode::RatingNotAllowed,
            "A rating needs a delivered order of this product that you have not rated yet.",
        ));
    }
    if shares::claimable_photos(&mut tx, author, &photos, None)
        .await?
        .len()
        != photos.len()
    {
        return Err(not_your_photos());
    }
    let (today, ads_today) = shares::count_on_day(&mut tx, author, day).await?;
    if today >= rules::SHARES_PER_DAY {
        return Err(ApiError::new(
            ErrorCode::DailyShareLimit,
            "You have shared 10 times today; share again tomorrow.",
        )
        .retry_after(next_day));
    }
    let is_ad = product.merchant_user_id == Some(author);
    if is_ad && ads_today >= rules::ADS_PER_DAY {
        return Err(ApiError::new(
            ErrorCode::AdLimit,
            "A merchant may share its own products once a day (as an ad); share again tomorrow.",
        )
        .retry_after(next_day));
    }
    let recent = shares::recent_texts(&mut tx, author, now - rules::DUPLICATE_WINDOW).await?;
    if recent.iter().any(|old| rules::near_duplicate(old, &text)) {
        return Err(ApiError::new(ErrorCode::NearDuplicate, "This text nearly repeats one of your shares of the last 7 days; say something new about it."));
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
    let id =
        shares::insert(&mut tx, new, now).await.map_err(|e| {
            match store::unique_violation(&e).as_deref() {
                Some("shares_one_per_product_per_day") => ApiError::new(
                    ErrorCode::ShareLimit,
                    "You already shared this product today; share it again tomorrow.",
                )
                .retry_after(next_day),
                Some("shares_one_rating_per_order") => ApiError::new(
                    ErrorCode::RatingNotAllowed,
                    "This order has already been rated.",
                ),
                Some("share_photos_media_id_key") => not_your_photos(),
                _ => e.into(),
            }
        })?;
    tx.commit().await?;
    view(store, Some(author), id).await
}

fn not_your_photos() -> ApiError {
    FieldError::new(
        "photo_ids",
        FieldProblem::BadCharacters,
        "Some photos are not your uploads, or are used by another share.",
    )
    .into()
}

/// A visible share as `viewer` sees it.
pub async fn view(store: &Store, viewer: Option<i64>, id: i64) -> ApiResult<ShareView> {
    views::shares(store, &mut *store.conn().await?, viewer, &[id])
        .await?
        .pop()
        .ok_or(ApiError::not_found())
}

/// A visible share by its public code.
pub async fn by_code(store: &Store, viewer: Option<i64>, code: &str) -> ApiResult<ShareView> {
    let mut db = store.conn().await?;
    let id = shares::id_by_code(&mut db, code)
        .await?
        .ok_or(ApiError::not_found())?;
    views::shares(store, &mut db, viewer, &[id])
        .await?
        .pop()
        .ok_or(ApiError::not_found())
}

/// The author's own visible share: its creation time; anyone else's is not found.
async fn own(db: &mut store::Db, author: i64, id: i64) -> ApiResult<Millis> {
    match shares::owner(db, id).await? {
        Some((owner, created_at)) if owner == author => Ok(created_at),
        _ => Err(ApiError::not_found()),
    }
}

/// Edits the text of the author's share, within 15 minutes of posting.
pub async fn edit(
    store: &Store,
    now: Millis,
    author: i64,
    id: i64,
    text: &str,
) -> ApiResult<ShareView> {
    let mut tx = store.begin().await?;
    let created_at = own(&mut tx, author, id).await?;
    let text = rules::check_text(text)?;
    if now > rules::editable_until(created_at) {
        return Err(ApiError::new(
            ErrorCode::EditWindowClosed,
            "a share can only be edited in its first 15 minutes",
        ));
    }
    shares::edit(&mut tx, id, &text, now).await?;
    tx.commit().await?;
    view(store, Some(author), id).await
}

/// Deletes the author's share: once, whatever races it (another delete, a refund).
pub async fn delete(store: &Store, now: Millis, author: i64, id: i64) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    own(&mut tx, author, id).await?;
    if !shares::delete(&mut tx, id, now).await? {
        return Err(ApiError::not_found());
    }
    tx.commit().await?;
    Ok(())
}

/// Who clicked a share link: a user, or a logged-out visitor's id.
pub enum Clicker<'a> {
    User(i64),
    Visitor(&'a str),
}

/// Records a click on a share link for attribution (120 a minute per IP).
pub async fn click(
    store: &Store,
    now: Millis,
    ip: &str,
    code: &str,
    who: Clicker<'_>,
) -> ApiResult<()> {
    super::limits::take(store, now, &[(limits::CLICK_PER_IP, format!("ip:{ip}"))]).await?;
    let mut tx = store.begin().await?;
    let (share_id, product_id) = shares::click_target(&mut tx, code)
        .await?
        .ok_or(ApiError::not_found())?;
    let (user_id, visitor_id) = match who {
        Clicker::User(id) => (Some(id), None),
        Clicker::Visitor(v) => (None, Some(v)),
    };
    let c = store::clicks::Click {
        share_id,
        product_id,
        user_id,
        visitor_id,
    };
    store::clicks::record(&mut tx, c, now).await?;
    tx.commit().await?;
    Ok(())
}
