//! Quality control: anyone reports; moderators restore, delist, hide; every action is
//! in an append-only log.

use super::{
    error::{ApiError, ApiResult},
    extract::{ClientIp, CurrentUser, Json, Path},
    AppState,
};
use crate::{
    domain::{accounts::FieldError, limits},
    store::{self, reports},
};
use axum::{extract::State, http::StatusCode};
use circle_api::{
    ErrorBody, FieldProblem, LogEntry, ModerationAction, ModerationQueue, ProductCase,
    ReportCreate, ReportReason, ReportView, Role, ShareCase, PRODUCT_REPORTS_FOR_REVIEW,
    REPORT_NOTE_MAX, SHARE_REPORTS_TO_HIDE,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_product))
        .routes(routes!(report_share))
        .routes(routes!(my_reports))
        .routes(routes!(queue))
        .routes(routes!(restore_product))
        .routes(routes!(delist_product))
        .routes(routes!(hide_share))
        .routes(routes!(restore_share))
        .routes(routes!(log))
        .routes(routes!(ban))
}

fn note(text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.chars().count() > REPORT_NOTE_MAX {
        return Err(FieldError::new(
            "note",
            FieldProblem::TooLong,
            "A note is at most 200 characters.",
        )
        .into());
    }
    Ok(text.to_owned())
}

fn moderation_reason(req: &ModerationAction) -> ApiResult<String> {
    let reason = req.reason.trim();
    if reason.is_empty() {
        return Err(FieldError::new(
            "reason",
            FieldProblem::Required,
            "Say why: it goes into the audit log.",
        )
        .into());
    }
    if reason.chars().count() > REPORT_NOTE_MAX {
        return Err(FieldError::new(
            "reason",
            FieldProblem::TooLong,
            "A reason is at most 200 characters.",
        )
        .into());
    }
    Ok(reason.to_owned())
}

fn moderator(me: &CurrentUser) -> ApiResult<i64> {
    if me.user.role == Role::Moderator {
        Ok(me.user.id)
    } else {
        Err(ApiError::Forbidden("Only moderators can do this."))
    }
}

/// Report a product as counterfeit. Only with a delivered order of it, once per person;
/// at 3 reports it goes under review (not buyable, out of feeds and discover, its
/// pending commissions frozen) until a moderator restores or delists it.
#[utoipa::path(post, path = "/api/v1/products/{id}/report", tag = "moderation", params(("id" = i64, Path, description = "Product id")), request_body = ReportCreate,
    responses(
        (status = 201, description = "Reported", body = ReportView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "No delivered order of this product", body = ErrorBody),
        (status = 404, description = "No such product", body = ErrorBody),
        (status = 409, description = "Already reported by me", body = ErrorBody),
        (status = 422, description = "Not a product reason, or the note is too long", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    ))]
async fn report_product(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReportCreate>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    report_limits(&state, me.user.id, &ip).await?;
    let pool = state.store.pool();
    if req.reason != ReportReason::Counterfeit {
        return Err(FieldError::new(
            "reason",
            FieldProblem::BadCharacters,
            "A product is reported as counterfeit.",
        )
        .into());
    }
    let note = note(&req.note)?;
    store::catalog::get_product(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if store::shares::delivered_order(pool, me.user.id, id, false)
        .await?
        .is_none()
    {
        return Err(ApiError::Forbidden(
            "Only buyers with a delivered order can report a product.",
        ));
    }
    let (report, open) = file(&state, me.user.id, "product", id, &req, &note).await?;
    if open >= PRODUCT_REPORTS_FOR_REVIEW {
        store::catalog::move_product_status(pool, id, &["active"], "under_review").await?;
    }
    Ok((StatusCode::CREATED, Json(report)))
}

/// Report a share (spam, fake review, abuse), once per person; at 5 reports it is hidden
/// until a moderator looks.
#[utoipa::path(post, path = "/api/v1/shares/id/{id}/report", tag = "moderation", params(("id" = i64, Path, description = "Share id")), request_body = ReportCreate,
    responses(
        (status = 201, description = "Reported", body = ReportView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such share", body = ErrorBody),
        (status = 409, description = "Already reported by me", body = ErrorBody),
        (status = 422, description = "Not a share reason, or the note is too long", body = ErrorBody),
        (status = 429, description = "Rate limited; Retry-After says when to try again", body = ErrorBody),
    ))]
async fn report_share(
    State(state): State<AppState>,
    me: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReportCreate>,
) -> ApiResult<(StatusCode, Json<ReportView>)> {
    report_limits(&state, me.user.id, &ip).await?;
    let pool = state.store.pool();
    if req.reason == ReportReason::Counterfeit {
        return Err(FieldError::new(
            "reason",
            FieldProblem::BadCharacters,
            "A share is reported as spam, a fake review or abuse.",
        )
        .into());
    }
    let note = note(&req.note)?;
    let (author, _) = store::shares::owner(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if author == me.user.id {
        return Err(ApiError::Forbidden(
            "You cannot report your own share; delete it instead.",
        ));
    }
    let (report, open) = file(&state, me.user.id, "share", id, &req, &note).await?;
    if open >= SHARE_REPORTS_TO_HIDE {
        reports::set_share_hidden(pool, id, true).await?;
    }
    Ok((StatusCode::CREATED, Json(report)))
}

async fn report_limits(state: &AppState, user: i64, ip: &str) -> ApiResult<()> {
    let checks = [
        (limits::REPORT_PER_USER, format!("user:{user}")),
        (limits::REPORT_PER_IP, format!("ip:{ip}")),
    ];
    super::rate_limit(state, &checks).await
}

/// Files the report once per person: the report and the target's open reports now.
async fn file(
    state: &AppState,
    reporter: i64,
    kind: &str,
    target: i64,
    req: &ReportCreate,
    note: &str,
) -> ApiResult<(ReportView, i64)> {
    let now = state.clock.now();
    reports::file(
        state.store.pool(),
        reporter,
        kind,
        target,
        req.reason,
        note,
        now,
    )
    .await?
    .ok_or(ApiError::AlreadyReported)
}

/// My reports and what became of them.
#[utoipa::path(get, path = "/api/v1/reports/mine", tag = "moderation",
    responses((status = 200, description = "My reports, newest first", body = Vec<ReportView>), (status = 401, description = "Not logged in", body = ErrorBody)))]
async fn my_reports(
    State(state): State<AppState>,
    me: CurrentUser,
) -> ApiResult<Json<Vec<ReportView>>> {
    Ok(Json(reports::mine(state.store.pool(), me.user.id).await?))
}

/// Moderators: products under review and shares with open reports, with the reports.
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation",
    responses(
        (status = 200, description = "The queues", body = ModerationQueue),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a moderator", body = ErrorBody),
    ))]
async fn queue(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ModerationQueue>> {
    moderator(&me)?;
    let pool = state.store.pool();
    let product_ids = reports::open_targets(pool, "product", 50).await?;
    let product_reports = reports::open_for(pool, "product", &product_ids).await?;
    let products = store::catalog::products_by_ids(pool, &product_ids)
        .await?
        .into_iter()
        .map(|product| ProductCase {
            reports: product_reports
                .iter()
                .filter(|r| r.target_id == product.id)
                .cloned()
                .collect(),
            product,
        })
        .collect();
    let share_ids = reports::open_targets(pool, "share", 50).await?;
    let share_reports = reports::open_for(pool, "share", &share_ids).await?;
    let views = store::shares::views_for_moderation(pool, &share_ids).await?;
    let hidden = store::shares::hidden_among(pool, &share_ids).await?;
    let shares = views
        .into_iter()
        .map(|share| ShareCase {
            hidden: hidden.contains(&share.id),
            reports: share_reports
                .iter()
                .filter(|r| r.target_id == share.id)
                .cloned()
                .collect(),
            share,
        })
        .collect();
    Ok(Json(ModerationQueue { products, shares }))
}

async fn act_on_product(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    req: &ModerationAction,
    delist: bool,
) -> ApiResult<StatusCode> {
    let moderator = moderator(me)?;
    let reason = moderation_reason(req)?;
    let pool = state.store.pool();
    store::catalog::get_product(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = state.clock.now();
    let (to, action, outcome) = if delist {
        ("delisted", "delist_product", "upheld")
    } else {
        ("active", "restore_product", "dismissed")
    };
    if !store::catalog::move_product_status(pool, id, &["under_review", "active"], to).await? {
        return Err(ApiError::IllegalTransition(
            "This product is not under review.".into(),
        ));
    }
    if delist {
        // Frozen commissions are reversed, with that reason.
        store::commissions::reverse_for_delisted(pool, id, now).await?;
    }
    reports::resolve(pool, "product", id, outcome, now).await?;
    reports::log(pool, moderator, action, "product", id, &reason, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moderators: the product is fine; everything resumes (commissions confirm again).
#[utoipa::path(post, path = "/api/v1/moderation/products/{id}/restore", tag = "moderation", params(("id" = i64, Path, description = "Product id")), request_body = ModerationAction,
    responses((status = 204, description = "Restored"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such product", body = ErrorBody), (status = 409, description = "Not under review", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn restore_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_product(&state, &me, id, &req, false).await
}

/// Moderators: the product is counterfeit; delisted, its frozen commissions reversed.
#[utoipa::path(post, path = "/api/v1/moderation/products/{id}/delist", tag = "moderation", params(("id" = i64, Path, description = "Product id")), request_body = ModerationAction,
    responses((status = 204, description = "Delisted"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such product", body = ErrorBody), (status = 409, description = "Already delisted", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn delist_product(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_product(&state, &me, id, &req, true).await
}

async fn act_on_share(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    req: &ModerationAction,
    hide: bool,
) -> ApiResult<StatusCode> {
    let moderator = moderator(me)?;
    let reason = moderation_reason(req)?;
    let pool = state.store.pool();
    let now = state.clock.now();
    if !reports::set_share_hidden(pool, id, hide).await? {
        // Already as wanted, or no such (visible or hidden) share.
        if store::shares::views_for_moderation(pool, &[id])
            .await?
            .is_empty()
        {
            return Err(ApiError::NotFound);
        }
    }
    let (action, outcome) = if hide {
        ("hide_share", "upheld")
    } else {
        ("restore_share", "dismissed")
    };
    reports::resolve(pool, "share", id, outcome, now).await?;
    reports::log(pool, moderator, action, "share", id, &reason, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moderators: hide a share (its reports are upheld).
#[utoipa::path(post, path = "/api/v1/moderation/shares/{id}/hide", tag = "moderation", params(("id" = i64, Path, description = "Share id")), request_body = ModerationAction,
    responses((status = 204, description = "Hidden"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such share", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn hide_share(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_share(&state, &me, id, &req, true).await
}

/// Moderators: show a share again (its reports are dismissed).
#[utoipa::path(post, path = "/api/v1/moderation/shares/{id}/restore", tag = "moderation", params(("id" = i64, Path, description = "Share id")), request_body = ModerationAction,
    responses((status = 204, description = "Visible again"), (status = 403, description = "Not a moderator", body = ErrorBody), (status = 404, description = "No such share", body = ErrorBody), (status = 422, description = "No reason", body = ErrorBody)))]
async fn restore_share(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(req): Json<ModerationAction>,
) -> ApiResult<StatusCode> {
    act_on_share(&state, &me, id, &req, false).await
}

/// Moderators: the audit log, newest first.
#[utoipa::path(get, path = "/api/v1/moderation/log", tag = "moderation",
    responses((status = 200, description = "The last 100 actions", body = Vec<LogEntry>), (status = 403, description = "Not a moderator", body = ErrorBody)))]
async fn log(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Vec<LogEntry>>> {
    moderator(&me)?;
    Ok(Json(reports::log_entries(state.store.pool(), 100).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct BanRequest {
    /// 1–365 days.
    days: i64,
    /// 1–200 characters; goes into the audit log.
    reason: String,
}

/// Moderators: suspend an account for some days (it can still read and log out).
#[utoipa::path(post, path = "/api/v1/moderation/users/{handle}/ban", tag = "moderation", params(("handle" = String, Path, description = "Handle")), request_body = BanRequest,
    responses(
        (status = 204, description = "Banned"),
        (status = 403, description = "Not a moderator, or a moderator's account", body = ErrorBody),
        (status = 404, description = "No such person", body = ErrorBody),
        (status = 422, description = "Days out of range, or no reason", body = ErrorBody),
    ))]
async fn ban(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(handle): Path<String>,
    Json(req): Json<BanRequest>,
) -> ApiResult<StatusCode> {
    let moderator = moderator(&me)?;
    let reason = moderation_reason(&ModerationAction { reason: req.reason })?;
    if !(1..=365).contains(&req.days) {
        return Err(
            FieldError::new("days", FieldProblem::TooLong, "Ban for 1 to 365 days.").into(),
        );
    }
    let pool = state.store.pool();
    let target = store::users::find_by_handle(pool, &handle.to_ascii_lowercase())
        .await?
        .ok_or(ApiError::NotFound)?;
    if target.user.role == Role::Moderator {
        return Err(ApiError::Forbidden("Moderators cannot be banned here."));
    }
    let now = state.clock.now();
    store::users::ban(pool, target.user.id, now + req.days * crate::clock::DAY).await?;
    let why = format!("{} days: {reason}", req.days);
    reports::log(
        pool,
        moderator,
        "ban_user",
        "user",
        target.user.id,
        &why,
        now,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
