//! The API's views, assembled in one place from the rows the store returns: which
//! columns make which field, and the derived ones (a product is buyable, a share is
//! editable by its author for 15 minutes, image URLs).

use crate::{
    domain::{orders::buyable, shares::editable_until},
    store::{
        self,
        catalog::ProductRow,
        commissions::{CommissionRow, StatsRow},
        engagement::CommentRow,
        notifications::NotificationRow,
        orders::OrderRow,
        reports::{LogRow, ReportRow},
        share_views::ShareRow,
        social::{NamedRow, PersonRow, RequestRow},
        users::MeRow,
        withdrawals::WithdrawalRow,
        Db,
    },
};
use circle_api::{
    CommentView, CommissionView, FriendRequestView, LogEntry, Me, MerchantView, NotificationView,
    OrderStatus, OrderView, Person, ProductView, Relation, ReportView, ShareStats, ShareView,
    WithdrawalView,
};
use std::collections::HashMap;

/// Where an uploaded or generated image is served (its large rendition; `/small`
/// after it is the small one).
pub fn media_url(token: &str) -> String {
    format!("/media/{token}")
}

pub fn product(row: ProductRow) -> ProductView {
    let verified = row.merchant_verified == 1;
    ProductView {
        id: row.id,
        title: row.title,
        category: row.category,
        price_cents: row.price_cents,
        stock: row.stock,
        status: row.status.0,
        image_url: row.image_token.as_deref().map(media_url),
        merchant: MerchantView {
            id: row.merchant_id,
            name: row.merchant_name,
            verified,
        },
        buyable: buyable(row.status.0, verified),
        earns_commission: row.commission_bp > 0,
    }
}

/// A person without the viewer's relation to them.
pub fn person(id: i64, handle: String, display_name: String) -> Person {
    Person {
        id,
        handle,
        display_name,
        relation: None,
    }
}

pub fn named(row: NamedRow) -> Person {
    person(row.id, row.handle, row.display_name)
}

/// A person as `viewer` sees them: with their relation when someone is logged in.
pub fn person_for(row: PersonRow, viewer: Option<i64>) -> Person {
    Person {
        relation: viewer.map(|viewer| Relation {
            is_me: viewer == row.id,
            friend: row.friend == 1,
            following: row.following == 1,
            request_sent: row.request_sent,
            request_received: row.request_received,
        }),
        ..person(row.id, row.handle, row.display_name)
    }
}

pub fn request(row: RequestRow) -> FriendRequestView {
    FriendRequestView {
        id: row.id,
        from: person(row.a_id, row.a_handle, row.a_name),
        to: person(row.b_id, row.b_handle, row.b_name),
        status: row.status.0,
        created_at: row.created_at,
    }
}

fn share(row: ShareRow, viewer: Option<i64>, photos: Vec<String>) -> ShareView {
    ShareView {
        id: row.id,
        code: row.code,
        author: person(row.author_id, row.author_handle, row.author_name),
        product: product(row.product),
        text: row.text,
        rating: row.rating,
        verified_purchase: row.verified == 1,
        is_ad: row.is_ad == 1,
        photos,
        like_count: row.like_count,
        buyer_like_count: row.buyer_like_count,
        liked_by_me: row.liked == 1,
        comment_count: row.comment_count,
        created_at: row.created_at,
        edited_at: row.edited_at,
        editable_until: (viewer == Some(row.author_id)).then(|| editable_until(row.created_at)),
    }
}

fn assemble(
    (rows, photos): (Vec<ShareRow>, Vec<(i64, String)>),
    viewer: Option<i64>,
    ids: &[i64],
) -> Vec<ShareView> {
    let mut photos_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (share_id, token) in photos {
        photos_of
            .entry(share_id)
            .or_default()
            .push(media_url(&token));
    }
    let mut by_id: HashMap<i64, ShareView> = rows
        .into_iter()
        .map(|row| {
            let photos = photos_of.remove(&row.id).unwrap_or_default();
            (row.id, share(row, viewer, photos))
        })
        .collect();
    ids.iter().filter_map(|id| by_id.remove(id)).collect()
}

/// The visible shares among `ids`, in the order of `ids`, as `viewer` sees them.
pub async fn shares(db: &mut Db, viewer: Option<i64>, ids: &[i64]) -> sqlx::Result<Vec<ShareView>> {
    let rows = store::share_views::rows(db, viewer, ids).await?;
    Ok(assemble(rows, viewer, ids))
}

/// Like `shares`, hidden ones included (for moderators).
pub async fn shares_for_moderation(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<ShareView>> {
    let rows = store::share_views::rows_for_moderation(db, ids).await?;
    Ok(assemble(rows, None, ids))
}

pub fn order(row: OrderRow) -> OrderView {
    use crate::domain::orders::{auto_receive_at, cancellable_at, return_window_ends};
    let status = row.status.0;
    OrderView {
        id: row.id,
        product: product(row.product),
        quantity: row.quantity,
        amount_cents: row.amount_cents,
        status,
        created_at: row.created_at,
        carrier: row.carrier.map(|c| c.0),
        tracking_no: row.tracking_no,
        shipped_at: row.shipped_at,
        delivered_at: row.delivered_at,
        completed_at: row.completed_at,
        cancelled_at: row.cancelled_at,
        refunded_at: row.refunded_at,
        cancellable_at: (status == OrderStatus::Paid).then(|| cancellable_at(row.created_at)),
        auto_receive_at: row
            .shipped_at
            .filter(|_| status == OrderStatus::Shipped)
            .map(auto_receive_at),
        return_window_ends: row.delivered_at.map(return_window_ends),
        return_status: row.return_status.map(|r| r.0),
        return_reason: row.return_reason,
        return_note: row.return_note,
        attribution: row.attribution.0,
    }
}

pub fn me(r: MeRow) -> Me {
    Me {
        id: r.id,
        handle: r.handle,
        display_name: r.display_name,
        role: r.role.0,
        locale: r.locale,
        created_at: r.created_at,
    }
}

pub fn withdrawal(r: WithdrawalRow) -> WithdrawalView {
    WithdrawalView {
        id: r.id,
        amount_cents: r.amount_cents,
        status: r.status.0,
        created_at: r.created_at,
        settled_at: r.settled_at,
    }
}

pub fn report(r: ReportRow) -> ReportView {
    ReportView {
        id: r.id,
        target_kind: r.target_kind,
        target_id: r.target_id,
        reason: r.reason.0,
        note: r.note,
        outcome: r.outcome.0,
        created_at: r.created_at,
        resolved_at: r.resolved_at,
        counts: r.counts == 1,
    }
}

pub fn log_entry(r: LogRow) -> LogEntry {
    LogEntry {
        id: r.id,
        moderator: r.handle,
        action: r.action,
        target_kind: r.target_kind,
        target_id: r.target_id,
        reason: r.reason,
        created_at: r.created_at,
    }
}

pub fn comment(r: CommentRow, viewer: Option<i64>) -> CommentView {
    CommentView {
        id: r.id,
        share_id: r.share_id,
        parent_id: r.parent_id,
        text: r.text,
        created_at: r.created_at,
        mine: viewer == Some(r.author_id),
        author: person(r.author_id, r.handle, r.display_name),
    }
}

pub fn notification(r: NotificationRow) -> NotificationView {
    let actor = match (r.actor_id, r.actor_handle, r.actor_name) {
        (Some(id), Some(handle), Some(name)) => Some(person(id, handle, name)),
        _ => None,
    };
    NotificationView {
        id: r.id,
        kind: r.kind.0,
        actor,
        share_code: r.share_code,
        share_id: r.share_id,
        product_id: r.product_id,
        order_id: r.order_id,
        amount_cents: r.amount_cents,
        question_id: r.question_id,
        question_text: r.question_text,
        product_title: r.product_title,
        created_at: r.created_at,
        read: r.read_at.is_some(),
    }
}

pub fn commission(r: CommissionRow) -> CommissionView {
    CommissionView {
        id: r.id,
        order_id: r.order_id,
        share_code: r.code,
        product_title: r.title,
        amount_cents: r.amount_cents,
        status: r.status.0,
        available_at: r.available_at,
        created_at: r.created_at,
        settled_at: r.settled_at,
        reversal: r.reversal.map(|s| s.0),
    }
}

pub fn share_stats(r: StatsRow) -> ShareStats {
    ShareStats {
        share_id: r.id,
        code: r.code,
        product_title: r.title,
        clicks: r.clicks,
        orders: r.orders,
        commission_cents: r.commission,
    }
}
