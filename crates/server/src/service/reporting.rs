//! Reports: anyone reports a product (counterfeit, buyers only) or a share, question or
//! answer (spam, fake review, abuse), once each; what counts and when something is hidden
//! or put under review.

use super::{
    limits,
    notify::{self, Event},
    views, ApiError, ApiResult,
};
use crate::{
    clock::{Millis, DAY},
    domain::{accounts::FieldError, limits as rates},
    store::{self, reports, Db, Locked, Store},
};
use circle_api::{
    ErrorCode, FieldProblem, NotificationKind, ProductStatus, ReportCreate, ReportReason,
    ReportView, PRODUCT_REPORTS_FOR_REVIEW, REPORT_NOTE_MAX, SHARE_REPORTS_TO_HIDE,
};

/// A trimmed note or reason of at most 200 characters, without control characters; a
/// reason may not be empty.
fn short_text(field: &'static str, text: &str, required: bool) -> ApiResult<String> {
    Ok(crate::domain::text::check(
        field,
        text,
        REPORT_NOTE_MAX,
        required,
    )?)
}

fn note(text: &str) -> ApiResult<String> {
    short_text("note", text, false)
}

/// How old an account must be for its share reports to count.
pub const REPORTER_MIN_AGE: Millis = 7 * DAY;

/// Takes the reporter's allowance (10 an hour per person, 50 per IP), then checks the
/// report: `counterfeit` is for products only, the note is trimmed and at most 200
/// characters.
pub(super) async fn checked(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    req: &ReportCreate,
    product: bool,
) -> ApiResult<ReportCreate> {
    let checks = [
        (rates::REPORT_PER_USER, format!("user:{user}")),
        (rates::REPORT_PER_IP, format!("ip:{ip}")),
    ];
    limits::take(store, now, &checks).await?;
    if (req.reason == ReportReason::Counterfeit) != product {
        let why = if product {
            "A product is reported as counterfeit."
        } else {
            "A share, question or answer is reported as spam, a fake review or abuse."
        };
        return Err(FieldError::new("reason", FieldProblem::BadCharacters, why).into());
    }
    Ok(ReportCreate {
        reason: req.reason,
        note: note(&req.note)?,
    })
}

/// Files the report once per person: the report and the target's open reports that
/// count now.
async fn file(
    db: &mut Db,
    now: Millis,
    report: reports::NewReport<'_>,
) -> ApiResult<(ReportView, i64)> {
    reports::file(db, report, now)
        .await?
        .map(|(row, open)| (views::report(row), open))
        .ok_or(ApiError::new(
            ErrorCode::AlreadyReported,
            "You already reported this; a moderator will look at it.",
        ))
}

/// Files a report on a share, question or answer: it counts only from an established
/// account (7 days old, with a delivered order); whether the target is to be hidden now
/// (it reached 5 counted reports with this one).
pub(super) async fn file_weighted(
    db: &mut Db,
    now: Millis,
    user: i64,
    kind: &str,
    target: i64,
    req: &ReportCreate,
) -> ApiResult<(ReportView, bool)> {
    let counts = reports::established(db, user, now - REPORTER_MIN_AGE).await?;
    let report = reports::NewReport {
        reporter: user,
        kind,
        target,
        reason: req.reason,
        note: &req.note,
        counts,
    };
    let (report, open) = file(db, now, report).await?;
    Ok((report, counts && open >= SHARE_REPORTS_TO_HIDE))
}

/// Reports a product as counterfeit: only with a delivered order of it, once per person.
/// At 3 reports it goes under review. The product's row lock makes the count exact.
pub async fn report_product(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    id: i64,
    req: &ReportCreate,
) -> ApiResult<ReportView> {
    let req = &checked(store, now, user, ip, req, true).await?;
    let mut tx = store.begin().await?;
    if !store::lock(&mut tx, Locked::Product, id).await? {
        return Err(ApiError::not_found());
    }
    if store::shares::delivered_order(&mut tx, user, id, false)
        .await?
        .is_none()
    {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Only buyers with a delivered order can report a product.",
        ));
    }
    let report = reports::NewReport {
        reporter: user,
        kind: "product",
        target: id,
        reason: req.reason,
        note: &req.note,
        counts: true,
    };
    let (report, open) = file(&mut tx, now, report).await?;
    if open >= PRODUCT_REPORTS_FOR_REVIEW {
        let (from, to) = ([ProductStatus::Active], ProductStatus::UnderReview);
        store::catalog::move_product_status(&mut tx, id, &from, to).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// Reports a share (spam, fake review, abuse), once per person. At 5 reports from
/// established accounts (7 days old, with a delivered order) it is hidden until a
/// moderator looks, and its author is told; reports from newer accounts put it in the
/// moderators' queue without hiding anything, so a burst of fresh accounts cannot
/// censor. The share's row lock makes the count exact.
pub async fn report_share(
    store: &Store,
    now: Millis,
    user: i64,
    ip: &str,
    id: i64,
    req: &ReportCreate,
) -> ApiResult<ReportView> {
    let req = &checked(store, now, user, ip, req, false).await?;
    let mut tx = store.begin().await?;
    store::lock(&mut tx, Locked::Share, id).await?;
    let (author, _) = store::shares::owner(&mut tx, id)
        .await?
        .ok_or(ApiError::not_found())?;
    if author == user {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "You cannot report your own share; delete it instead.",
        ));
    }
    let (report, hide) = file_weighted(&mut tx, now, user, "share", id, req).await?;
    if hide {
        reports::set_share_hidden(&mut tx, id, true).await?;
        let event = Event::Moderated {
            share: id,
            author,
            kind: NotificationKind::ShareHidden,
        };
        notify::record(&mut tx, event, now).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// My reports and what became of them.
pub async fn mine(store: &Store, user: i64) -> ApiResult<Vec<ReportView>> {
    let rows = reports::mine(&mut *store.conn().await?, user).await?;
    Ok(rows.into_iter().map(views::report).collect())
}

/// A moderator's reason: 1–200 characters, for the audit log.
pub(super) fn reason(text: &str) -> ApiResult<String> {
    short_text("reason", text, true)
}

/// The open reports on these targets.
pub(super) async fn open_reports(
    db: &mut Db,
    kind: &str,
    targets: &[i64],
) -> ApiResult<Vec<ReportView>> {
    let rows = reports::open_for(db, kind, targets).await?;
    Ok(rows.into_iter().map(views::report).collect())
}
