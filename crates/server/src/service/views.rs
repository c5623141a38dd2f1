//! The API's views, assembled in one place from the rows the store returns: which
//! columns make which field, and the derived ones (a product is buyable, a share is
//! editable by its author for 15 minutes, image URLs).

use crate::{
    domain::{
        orders::buyable,
        share_json::{Kept, Seen},
        shares::editable_until,
    },
    store::{
        self,
        catalog::ProductRow,
        commissions::{CommissionRow, StatsRow},
        engagement::CommentRow,
        notifications::NotificationRow,
        orders::OrderRow,
        reports::{LogRow, ReportRow},
        share_views::{Current, ShareRow},
        social::{NamedRow, PersonRow, RequestRow},
        users::MeRow,
        view_cache::Versions,
        withdrawals::WithdrawalRow,
        Db, Store,
    },
};
use circle_api::{
    CommentView, CommissionView, FriendRequestView, LogEntry, Me, MerchantView, NotificationView,
    OrderStatus, OrderView, Person, ProductView, Relation, ReportView, ShareStats, ShareView,
    WithdrawalView,
};
use std::{collections::HashMap, sync::Arc};

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

fn share(row: ShareRow, photos: Vec<String>) -> ShareView {
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
        editable_until: None,
    }
}

/// What differs between viewers of a share: whether they liked it, and until when its
/// author may edit it.
fn as_seen_by(kept: Arc<Kept>, viewer: Option<i64>, liked: bool) -> Seen {
    let view = kept.view();
    let until = (viewer == Some(view.author.id)).then(|| editable_until(view.created_at));
    Seen::new(kept, liked, until)
}

/// The share views of `rows`, by id, each with the versions it was read at.
fn assemble(rows: Vec<ShareRow>) -> HashMap<i64, (Versions, ShareView)> {
    rows.into_iter()
        .map(|row| {
            let photos = row.photo_tokens().map(media_url).collect();
            (row.id, (row.versions(), share(row, photos)))
        })
        .collect()
}

/// The visible shares among `ids`, in the order of `ids`, as `viewer` sees them. A
/// share this process has shown is taken from `store`'s cache while the database's
/// versions of it, its product and its author are those it was read at; the others are
/// read (one query) and kept.
pub async fn shares(
    store: &Store,
    db: &mut Db,
    viewer: Option<i64>,
    ids: &[i64],
) -> sqlx::Result<Vec<ShareView>> {
    let current = store::share_views::versions(db, viewer, ids).await?;
    let seen = shares_at(store, db, viewer, ids, &current).await?;
    Ok(seen.iter().map(Seen::view).collect())
}

/// Like `shares`, with the shares' versions already read (`current`: the visible ones
/// among `ids`), as kept (their JSON written once).
pub async fn shares_at(
    store: &Store,
    db: &mut Db,
    viewer: Option<i64>,
    ids: &[i64],
    current: &[Current],
) -> sqlx::Result<Vec<Seen>> {
    let cache = store.share_views();
    let mut found: HashMap<i64, Seen> = HashMap::with_capacity(current.len());
    let mut missing = vec![];
    for now in current {
        match cache.get(now.id, now.versions) {
            Some(kept) => {
                found.insert(now.id, as_seen_by(kept, viewer, now.liked));
            }
            None => missing.push(now.id),
        }
    }
    if !missing.is_empty() {
        let read = assemble(store::share_views::rows(db, viewer, &missing).await?);
        for (id, (versions, view)) in read {
            let liked = view.liked_by_me;
            let kept = Arc::new(Kept::new(view));
            cache.put(id, versions, Arc::clone(&kept));
            found.insert(id, as_seen_by(kept, viewer, liked));
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Like `shares`, hidden ones included (for moderators); never cached.
pub async fn shares_for_moderation(db: &mut Db, ids: &[i64]) -> sqlx::Result<Vec<ShareView>> {
    let mut read = assemble(store::share_views::rows_for_moderation(db, ids).await?);
    Ok(ids
        .iter()
        .filter_map(|id| read.remove(id).map(|(_, view)| view))
        .collect())
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
