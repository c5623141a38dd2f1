//! Becoming a merchant and running the shop: applications (moderators decide), the
//! console's home, orders and sales, the public shop page, and payouts.

use super::{
    earnings::{self, Withdrawn},
    moderation::moderator,
    notify::{self, Event},
    page, views, ApiError, ApiResult,
};
use crate::{
    clock::Millis,
    domain::{accounts::FieldError, ledger::Payee, merchants, text},
    store::{self, ledger, merchants::ApplicationRow, Store},
};
use circle_api::{
    ApplicationRequest, ApplicationStatus, ApplicationView, Cents, ErrorCode, FieldProblem,
    MerchantHome, MerchantOrderView, NotificationKind, OrderFilter, Page, ReviewDecision, Role,
    ShareSales, ShopView, REPORT_NOTE_MAX,
};

/// The shop the logged-in account runs, or 403 `not_merchant`.
pub async fn shop_of(db: &mut store::Db, user: i64) -> ApiResult<store::merchants::MerchantRow> {
    store::merchants::of_user(db, user)
        .await?
        .ok_or(ApiError::new(
            ErrorCode::NotMerchant,
            "Only an approved merchant can do this: apply on 我的 first.",
        ))
}

/// The id of the shop the logged-in account runs, or 403 `not_merchant`.
pub async fn shop_id(store: &Store, user: i64) -> ApiResult<i64> {
    Ok(shop_of(&mut *store.conn().await?, user).await?.id)
}

fn application(row: ApplicationRow) -> ApplicationView {
    ApplicationView {
        id: row.id,
        applicant: views::person(row.user_id, row.handle, row.display_name),
        shop_name: row.shop_name,
        category: row.category,
        contact: row.contact,
        credit_code: row.credit_code,
        licence_url: row.licence_token.as_deref().map(views::media_url),
        status: row.status.0,
        reason: row.reason,
        created_at: row.created_at,
        decided_at: row.decided_at,
        merchant_id: row.merchant_id,
    }
}

/// Applies to sell: one open application at a time, none once the account has a shop.
pub async fn apply(
    store: &Store,
    now: Millis,
    user: i64,
    req: &ApplicationRequest,
) -> ApiResult<ApplicationView> {
    let checked = merchants::application(req)?;
    let mut tx = store.begin().await?;
    store::lock(&mut tx, store::Locked::User, user).await?;
    if store::merchants::has_shop(&mut tx, user).await? {
        return Err(ApiError::new(
            ErrorCode::ApplicationOpen,
            "This account already has a shop.",
        ));
    }
    if let Some(photo) = req.licence_photo_id {
        let ok = store::shares::claimable_photos(&mut tx, user, &[photo], None).await?;
        if ok.is_empty() {
            let why = "Upload the licence photo from this account first.";
            return Err(FieldError::new("licence_photo_id", FieldProblem::Invalid, why).into());
        }
    }
    let id = store::merchants::apply(&mut tx, user, &checked, req.licence_photo_id, now)
        .await?
        .ok_or(ApiError::new(
            ErrorCode::ApplicationOpen,
            "Your application is waiting for a moderator already.",
        ))?;
    let row = store::merchants::application(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    tx.commit().await?;
    Ok(application(row))
}

/// The account's applications, newest first (the outcome and its reason).
pub async fn my_applications(store: &Store, user: i64) -> ApiResult<Vec<ApplicationView>> {
    let rows = store::merchants::applications_of(&mut *store.conn().await?, user).await?;
    Ok(rows.into_iter().map(application).collect())
}

/// Open applications for moderators, oldest first.
pub async fn open_applications(
    store: &Store,
    role: Role,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<ApplicationView>> {
    moderator(role)?;
    let rows = store::merchants::open_applications(&mut *store.conn().await?, after, limit).await?;
    let items = rows.into_iter().map(application).collect();
    Ok(page(items, limit, |a| a.id.to_string()))
}

/// A moderator approves (the shop opens, verified, with the platform's fee) or rejects
/// with a reason; the applicant is told; the decision goes into the audit log.
pub async fn decide(
    store: &Store,
    now: Millis,
    (moderator_id, role): (i64, Role),
    id: i64,
    decision: &ReviewDecision,
    fee_bp: i64,
) -> ApiResult<ApplicationView> {
    moderator(role)?;
    let reason = text::check(
        "reason",
        &decision.reason,
        REPORT_NOTE_MAX,
        !decision.approve,
    )?;
    let mut tx = store.begin().await?;
    let app = store::merchants::application(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    let to = if decision.approve {
        ApplicationStatus::Approved
    } else {
        ApplicationStatus::Rejected
    };
    if !store::merchants::decide(&mut tx, id, to, &reason, moderator_id, now).await? {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            "This application was decided already.",
        ));
    }
    let kind = if decision.approve {
        match store::merchants::open_shop(&mut tx, &app, fee_bp, now).await {
            Ok(_) => {}
            Err(e) if store::unique_violation(&e).as_deref() == Some("merchants_credit_code") => {
                return Err(ApiError::new(
                    ErrorCode::CreditCodeTaken,
                    "Another shop was approved with this credit code.",
                ))
            }
            Err(e) => return Err(e.into()),
        }
        store::users::set_role_if(&mut tx, app.user_id, Role::Shopper, Role::Merchant).await?;
        NotificationKind::ApplicationApproved
    } else {
        NotificationKind::ApplicationRejected
    };
    let action = if decision.approve {
        "approve_merchant"
    } else {
        "reject_merchant"
    };
    store::reports::log(
        &mut tx,
        moderator_id,
        action,
        "application",
        id,
        &reason,
        now,
    )
    .await?;
    let event = Event::Reviewed {
        user: app.user_id,
        kind,
        product: None,
    };
    notify::record(&mut tx, event, now).await?;
    let row = store::merchants::application(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    tx.commit().await?;
    Ok(application(row))
}

/// The console's home: the shop, what waits for it, and its balances (from the ledger).
pub async fn home(store: &Store, user: i64) -> ApiResult<MerchantHome> {
    let mut db = store.conn().await?;
    let shop = shop_of(&mut db, user).await?;
    let (to_ship, returns_open) = store::fulfilment::merchant_counts(&mut db, shop.id).await?;
    let b = ledger::merchant_balances(&mut db, shop.id).await?;
    Ok(MerchantHome {
        id: shop.id,
        name: shop.name,
        category: shop.category.unwrap_or_default(),
        fee_bp: shop.fee_bp,
        to_ship,
        returns_open,
        pending_cents: b.pending,
        available_cents: b.available,
        withdrawing_cents: b.withdrawing,
        withdrawn_cents: b.withdrawn,
    })
}

/// The shop's orders (all, to ship, or with a return), newest first.
pub async fn orders(
    store: &Store,
    user: i64,
    filter: OrderFilter,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<MerchantOrderView>> {
    let mut db = store.conn().await?;
    let shop = shop_of(&mut db, user).await?;
    let rows =
        store::fulfilment::for_merchant(&mut db, Some(shop.id), filter, None, after, limit).await?;
    let items = rows.into_iter().map(merchant_order).collect();
    Ok(page(items, limit, |o: &MerchantOrderView| {
        o.order.id.to_string()
    }))
}

/// One of the shop's orders; another shop's is not found.
pub async fn order(store: &Store, user: i64, id: i64) -> ApiResult<MerchantOrderView> {
    let mut db = store.conn().await?;
    let shop = shop_of(&mut db, user).await?;
    let rows = store::fulfilment::for_merchant(
        &mut db,
        Some(shop.id),
        OrderFilter::All,
        Some(id),
        None,
        1,
    )
    .await?;
    rows.into_iter()
        .next()
        .map(merchant_order)
        .ok_or(ApiError::not_found())
}

/// Returns the merchants disputed, for moderators to decide, newest first.
pub async fn disputed_returns(
    store: &Store,
    role: Role,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<MerchantOrderView>> {
    moderator(role)?;
    let mut db = store.conn().await?;
    let rows =
        store::fulfilment::for_merchant(&mut db, None, OrderFilter::Returns, None, after, limit)
            .await?;
    let items = rows.into_iter().map(merchant_order).collect();
    Ok(page(items, limit, |o: &MerchantOrderView| {
        o.order.id.to_string()
    }))
}

fn merchant_order(r: store::fulfilment::MerchantOrderRow) -> MerchantOrderView {
    let fee = crate::domain::ledger::fee(r.order.amount_cents, r.fee_bp).unwrap_or(0);
    let sharer = match (r.sharer_id, r.sharer_handle, r.sharer_name) {
        (Some(id), Some(handle), Some(name)) => Some(views::person(id, handle, name)),
        _ => None,
    };
    MerchantOrderView {
        buyer: views::person(r.buyer_id, r.buyer_handle, r.buyer_name),
        sharer,
        commission_cents: r.commission_cents.unwrap_or(0),
        fee_cents: fee,
        order: views::order(r.order),
    }
}

/// Sales by share (which shares sold what, the commission paid), grouped by 达人.
pub async fn sales(store: &Store, user: i64) -> ApiResult<Vec<ShareSales>> {
    let mut db = store.conn().await?;
    let shop = shop_of(&mut db, user).await?;
    let rows = store::fulfilment::sales_by_share(&mut db, shop.id, 100).await?;
    Ok(rows
        .into_iter()
        .map(|r| ShareSales {
            share_code: r.code,
            product_title: r.title,
            sharer: views::person(r.sharer_id, r.handle, r.display_name),
            orders: r.orders,
            amount_cents: r.amount_cents,
            commission_cents: r.commission_cents,
        })
        .collect())
}

/// A shop's public page: the shop (verified only) and its products on sale.
pub async fn shop(store: &Store, id: i64) -> ApiResult<ShopView> {
    let mut db = store.conn().await?;
    let shop = store::merchants::get(&mut db, id)
        .await?
        .filter(|m| m.verified == 1)
        .ok_or(ApiError::not_found())?;
    Ok(ShopView {
        id: shop.id,
        name: shop.name,
        category: shop.category.unwrap_or_default(),
        verified: true,
        since: shop.created_at,
    })
}

pub async fn shop_products(
    store: &Store,
    id: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<circle_api::ProductView>> {
    let rows = store::products::on_sale(&mut *store.conn().await?, id, after, limit).await?;
    let items = rows.into_iter().map(views::product).collect();
    Ok(page(items, limit, |p: &circle_api::ProductView| {
        p.id.to_string()
    }))
}

/// The shop's payout: like a person's withdrawal, from the shop's available balance.
pub async fn withdraw(
    store: &Store,
    now: Millis,
    user: i64,
    amount: Cents,
    key: &str,
) -> ApiResult<Withdrawn> {
    let shop = shop_of(&mut *store.conn().await?, user).await?;
    earnings::withdraw(store, now, user, Payee::Merchant(shop.id), amount, key).await
}

pub async fn withdrawals(
    store: &Store,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<circle_api::WithdrawalView>> {
    let shop = shop_of(&mut *store.conn().await?, user).await?;
    earnings::withdrawals(store, user, Some(shop.id), after, limit).await
}
