//! Quality control: moderators restore, delist, hide and ban (reports are filed in
//! `reporting`). Every moderator action is one transaction with its audit-log row, so the
//! state change and its record appear together or not at all.

use super::{
    money::{self, Settlement},
    notify::{self, Event},
    reporting::{open_reports, reason},
    views, ApiError, ApiResult,
};
use crate::{
    clock::{Millis, DAY},
    domain::accounts::FieldError,
    store::{self, reports, Locked, Store},
};
use circle_api::{
    ErrorCode, FieldProblem, LogEntry, ModerationQueue, NotificationKind, ProductCase,
    ProductStatus, ReportView, Reversal, Role, ShareCase,
};

/// Only moderators act; anyone else is forbidden.
pub fn moderator(role: Role) -> ApiResult<()> {
    if role == Role::Moderator {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "Only moderators can do this.",
        ))
    }
}

/// Products under review and shares with open reports, with the reports.
pub async fn queue(store: &Store) -> ApiResult<ModerationQueue> {
    let mut db = store.conn().await?;
    let product_ids = reports::open_targets(&mut db, "product", 50).await?;
    let product_reports = open_reports(&mut db, "product", &product_ids).await?;
    let of = |all: &[ReportView], id: i64| -> Vec<ReportView> {
        all.iter().filter(|r| r.target_id == id).cloned().collect()
    };
    let products = store::catalog::products_by_ids(&mut db, &product_ids)
        .await?
        .into_iter()
        .map(views::product)
        .map(|product| ProductCase {
            reports: of(&product_reports, product.id),
            product,
        })
        .collect();
    let share_ids = reports::open_targets(&mut db, "share", 50).await?;
    let share_reports = open_reports(&mut db, "share", &share_ids).await?;
    let views = views::shares_for_moderation(&mut db, &share_ids).await?;
    let hidden = store::shares::hidden_among(&mut db, &share_ids).await?;
    let appealed = reports::appealed_among(&mut db, &share_ids).await?;
    let mut shares: Vec<ShareCase> = views
        .into_iter()
        .map(|share| ShareCase {
            hidden: hidden.contains(&share.id),
            appealed: appealed.contains(&share.id),
            reports: of(&share_reports, share.id),
            share,
        })
        .collect();
    // Authors waiting for an answer first; otherwise oldest report first (stable sort).
    shares.sort_by_key(|case| !case.appealed);
    let posts = super::moderation_qa::cases(&mut db).await?;
    Ok(ModerationQueue {
        products,
        shares,
        posts,
    })
}

/// Restores a product (everything resumes) or delists it (its frozen commissions are
/// reversed, reason "delisted"); its reports are closed and the action logged.
pub async fn decide_product(
    store: &Store,
    now: Millis,
    moderator: i64,
    id: i64,
    why: &str,
    delist: bool,
) -> ApiResult<()> {
    let why = reason(why)?;
    let mut tx = store.begin().await?;
    if !store::lock(&mut tx, Locked::Product, id).await? {
        return Err(ApiError::not_found());
    }
    let (to, action, outcome) = if delist {
        (ProductStatus::Delisted, "delist_product", "upheld")
    } else {
        (ProductStatus::Active, "restore_product", "dismissed")
    };
    // Only a product under review is restored; one on sale may also be delisted at once.
    let from: &[ProductStatus] = if delist {
        &[ProductStatus::UnderReview, ProductStatus::Active]
    } else {
        &[ProductStatus::UnderReview]
    };
    if !store::catalog::move_product_status(&mut tx, id, from, to).await? {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            "This product is not under review.",
        ));
    }
    if delist {
        for c in store::commissions::pending_of_product(&mut tx, id).await? {
            let how = Settlement::Reverse(Reversal::Delisted);
            money::settle(&mut tx, &c, how, now).await?;
        }
    }
    reports::resolve(&mut tx, "product", id, outcome, now).await?;
    reports::log(&mut tx, moderator, action, "product", id, &why, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Hides a share (its reports upheld) or shows it again (dismissed), and logs it.
pub async fn decide_share(
    store: &Store,
    now: Millis,
    moderator: i64,
    id: i64,
    why: &str,
    hide: bool,
) -> ApiResult<()> {
    let why = reason(why)?;
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::Share, id).await?;
    let was_hidden = !store::shares::hidden_among(&mut tx, &[id])
        .await?
        .is_empty();
    if !reports::set_share_hidden(&mut tx, id, hide).await? {
        return Err(ApiError::not_found());
    }
    if was_hidden != hide {
        let author = store::shares::author(&mut tx, id)
            .await?
            .ok_or(ApiError::not_found())?;
        let kind = if hide {
            NotificationKind::ShareTakenDown
        } else {
            NotificationKind::ShareRestored
        };
        let event = Event::Moderated {
            share: id,
            author,
            kind,
        };
        notify::record(&mut tx, event, now).await?;
    }
    let (action, outcome) = if hide {
        ("hide_share", "upheld")
    } else {
        ("restore_share", "dismissed")
    };
    reports::resolve(&mut tx, "share", id, outcome, now).await?;
    reports::log(&mut tx, moderator, action, "share", id, &why, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The author of a share hidden by reports asks a moderator to look (once); it leads
/// the moderators' queue.
pub async fn appeal(store: &Store, now: Millis, user: i64, id: i64) -> ApiResult<()> {
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::Share, id).await?;
    if store::shares::author(&mut tx, id).await? != Some(user) {
        return Err(ApiError::not_found());
    }
    if !reports::appeal(&mut tx, id, user, now).await? {
        return Err(ApiError::new(
            ErrorCode::IllegalTransition,
            "Only a share that reports hid can be sent for review, once.",
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// The audit log, newest first.
pub async fn log(store: &Store) -> ApiResult<Vec<LogEntry>> {
    let rows = reports::log_entries(&mut *store.conn().await?, 100).await?;
    Ok(rows.into_iter().map(views::log_entry).collect())
}

/// Suspends an account for 1–365 days (it can still read and log out), and logs it.
pub async fn ban(
    store: &Store,
    now: Millis,
    moderator: i64,
    handle: &str,
    days: i64,
    why: &str,
) -> ApiResult<()> {
    let why = reason(why)?;
    if !(1..=365).contains(&days) {
        return Err(
            FieldError::new("days", FieldProblem::TooLong, "Ban for 1 to 365 days.").into(),
        );
    }
    let mut tx = store.begin().await?;
    let handle =
        crate::domain::accounts::Handle::parse(handle).map_err(|_| ApiError::not_found())?;
    let target = store::users::find_by_handle(&mut tx, handle.as_str())
        .await?
        .ok_or(ApiError::not_found())?;
    if target.user.role.0 == Role::Moderator {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Moderators cannot be banned here.",
        ));
    }
    store::users::ban(&mut tx, target.user.id, now + days * DAY).await?;
    let why = format!("{days} days: {why}");
    reports::log(
        &mut tx,
        moderator,
        "ban_user",
        "user",
        target.user.id,
        &why,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
