//! Products as merchants write them (品控): a new product and any edit of its title,
//! description, category or photos wait for a moderator; price, stock and commission
//! rate apply at once (a rate change only to orders paid after it, since a commission is
//! computed at payment). A merchant pauses and resumes its products.

use super::{
    merchants::shop_of,
    moderation::moderator,
    notify::{self, Event},
    page, views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{accounts::FieldError, merchants, text},
    store::{self, products::MerchantProductRow, Locked, Store},
};
use circle_api::{
    ErrorCode, FieldProblem, MerchantProductView, NotificationKind, Page, ProductRequest,
    ProductStatus, ReviewDecision, Role, REPORT_NOTE_MAX,
};

async fn view(
    db: &mut store::Db,
    rows: Vec<MerchantProductRow>,
) -> ApiResult<Vec<MerchantProductView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.product.id).collect();
    let photos = store::products::photos(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let own = photos.iter().filter(|(p, _, _)| *p == r.product.id);
            MerchantProductView {
                description: r.description,
                commission_bp: r.product.commission_bp,
                photo_urls: own.clone().map(|(_, _, t)| views::media_url(t)).collect(),
                photo_ids: own.map(|(_, m, _)| *m).collect(),
                review_reason: r.review_reason,
                sold: r.sold,
                product: views::product(r.product),
            }
        })
        .collect())
}

async fn one(db: &mut store::Db, id: i64, merchant: i64) -> ApiResult<MerchantProductView> {
    let row = store::products::of_merchant(db, id, merchant)
        .await?
        .ok_or(ApiError::not_found())?;
    Ok(view(db, vec![row]).await?.remove(0))
}

fn not_your_photos() -> ApiError {
    let why =
        "Upload the photos from this shop's account first; each photo belongs to one product.";
    FieldError::new("photo_ids", FieldProblem::Invalid, why).into()
}

/// Lists a new product; it waits for review before anyone can buy or share it.
pub async fn create(
    store: &Store,
    now: Millis,
    user: i64,
    req: &ProductRequest,
) -> ApiResult<MerchantProductView> {
    let p = merchants::product(req)?;
    let mut tx = store.begin().await?;
    let shop = shop_of(&mut tx, user).await?;
    store::lock(&mut tx, Locked::Merchant, shop.id).await?;
    let claimable = store::shares::claimable_photos(&mut tx, user, &p.photo_ids, None).await?;
    if claimable.len() != p.photo_ids.len() {
        return Err(not_your_photos());
    }
    let new = store::catalog::NewProduct {
        merchant_id: shop.id,
        title: &p.title,
        description: &p.description,
        category: &p.category,
        price_cents: p.price_cents,
        stock: p.stock,
        commission_bp: p.commission_bp,
        image_id: p.photo_ids.first().copied(),
        status: ProductStatus::PendingReview,
    };
    let id = store::catalog::insert_product(&mut tx, new, now).await?;
    store::products::set_photos(&mut tx, id, &p.photo_ids).await?;
    let out = one(&mut tx, id, shop.id).await?;
    tx.commit().await?;
    Ok(out)
}

/// Edits the whole product. Title, description, category or photos changed, or a
/// rejected product resubmitted: back to review (an active product leaves sale until
/// approved). A product under review or delisted by moderators cannot be edited.
pub async fn edit(
    store: &Store,
    now: Millis,
    user: i64,
    id: i64,
    req: &ProductRequest,
) -> ApiResult<MerchantProductView> {
    let next = merchants::product(req)?;
    let mut tx = store.begin().await?;
    let shop = shop_of(&mut tx, user).await?;
    store::lock(&mut tx, Locked::Product, id).await?;
    if store::products::of_merchant(&mut tx, id, shop.id)
        .await?
        .is_none()
    {
        return Err(ApiError::not_found());
    }
    let (current, status) = store::products::written(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    if matches!(status, ProductStatus::UnderReview | ProductStatus::Delisted) {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            "Moderators are looking at this product after reports; it cannot be edited now.",
        ));
    }
    let claimable =
        store::shares::claimable_photos(&mut tx, user, &next.photo_ids, Some(id)).await?;
    if claimable.len() != next.photo_ids.len() {
        return Err(not_your_photos());
    }
    // A rejected product edited is a new version for review, whatever changed.
    let status = if current.needs_review(&next) || status == ProductStatus::Rejected {
        ProductStatus::PendingReview
    } else {
        status
    };
    store::products::write(&mut tx, id, &next, status, now).await?;
    let out = one(&mut tx, id, shop.id).await?;
    tx.commit().await?;
    Ok(out)
}

/// Pauses an active product, or puts a paused one back on sale.
pub async fn set_status(
    store: &Store,
    user: i64,
    id: i64,
    to: ProductStatus,
) -> ApiResult<MerchantProductView> {
    let from = match to {
        ProductStatus::Paused => ProductStatus::Active,
        ProductStatus::Active => ProductStatus::Paused,
        _ => {
            let why = "A merchant can pause a product or put it back on sale.";
            return Err(FieldError::new("status", FieldProblem::Invalid, why).into());
        }
    };
    let mut tx = store.begin().await?;
    let shop = shop_of(&mut tx, user).await?;
    let row = store::products::of_merchant(&mut tx, id, shop.id)
        .await?
        .ok_or(ApiError::not_found())?;
    if !store::catalog::move_product_status(&mut tx, id, &[from], to).await? {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            format!(
                "This product is {}; only an active product can be paused and a paused one resumed.",
                store::enums::name(row.product.status.0)
            ),
        ));
    }
    let out = one(&mut tx, id, shop.id).await?;
    tx.commit().await?;
    Ok(out)
}

/// One of the shop's products.
pub async fn get(store: &Store, user: i64, id: i64) -> ApiResult<MerchantProductView> {
    let mut db = store.conn().await?;
    let shop = shop_of(&mut db, user).await?;
    one(&mut db, id, shop.id).await
}

/// The shop's products, newest first, with their status and review reasons.
pub async fn list(
    store: &Store,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<MerchantProductView>> {
    let mut db = store.conn().await?;
    let shop = shop_of(&mut db, user).await?;
    let rows = store::products::list_of_merchant(&mut db, shop.id, after, limit).await?;
    let items = view(&mut db, rows).await?;
    Ok(page(items, limit, |p: &MerchantProductView| {
        p.product.id.to_string()
    }))
}

/// Products waiting for review, oldest first (moderators).
pub async fn review_queue(
    store: &Store,
    role: Role,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<MerchantProductView>> {
    moderator(role)?;
    let mut db = store.conn().await?;
    let rows = store::products::review_queue(&mut db, after, limit).await?;
    let items = view(&mut db, rows).await?;
    Ok(page(items, limit, |p: &MerchantProductView| {
        p.product.id.to_string()
    }))
}

/// A moderator approves a product version (it goes on sale) or rejects it with a reason
/// the merchant sees; the merchant is told; the decision goes into the audit log.
pub async fn review(
    store: &Store,
    now: Millis,
    (moderator_id, role): (i64, Role),
    id: i64,
    decision: &ReviewDecision,
) -> ApiResult<MerchantProductView> {
    moderator(role)?;
    let reason = text::check(
        "reason",
        &decision.reason,
        REPORT_NOTE_MAX,
        !decision.approve,
    )?;
    let mut tx = store.begin().await?;
    let (to, kind, why) = if decision.approve {
        (
            ProductStatus::Active,
            NotificationKind::ProductApproved,
            None,
        )
    } else {
        (
            ProductStatus::Rejected,
            NotificationKind::ProductRejected,
            Some(reason.as_str()),
        )
    };
    let product = store::catalog::get_product(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    if !store::products::review(&mut tx, id, to, why, now).await? {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            "This product is not waiting for review.",
        ));
    }
    let action = if decision.approve {
        "approve_product"
    } else {
        "reject_product"
    };
    store::reports::log(&mut tx, moderator_id, action, "product", id, &reason, now).await?;
    let shop = store::merchants::get(&mut tx, product.merchant_id).await?;
    if let Some(user) = shop.and_then(|s| s.user_id) {
        notify::record(
            &mut tx,
            Event::Reviewed {
                user,
                kind,
                product: Some(id),
            },
            now,
        )
        .await?;
    }
    let out = one(&mut tx, id, product.merchant_id).await?;
    tx.commit().await?;
    Ok(out)
}
