//! Who is told what: every notification is written here, from an event a use case
//! records in its own transaction. Nobody is told of their own action.

use crate::{
    clock::Millis,
    store::{
        commissions::Commission,
        notifications::{self, Notify},
        Db,
    },
};
use circle_api::{Cents, CommissionStatus, NotificationKind};

/// What the sharer is told about one of their commissions.
#[derive(Debug, Clone, Copy)]
pub struct Told {
    pub sharer_id: i64,
    pub share_id: i64,
    pub order_id: i64,
    pub amount_cents: Cents,
}

impl From<&Commission> for Told {
    fn from(c: &Commission) -> Self {
        Told {
            sharer_id: c.sharer_id,
            share_id: c.share_id,
            order_id: c.order_id,
            amount_cents: c.amount_cents,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Event {
    /// `by` liked `author`'s share.
    Liked { share: i64, author: i64, by: i64 },
    /// `by` commented on `author`'s share.
    Commented { share: i64, author: i64, by: i64 },
    /// `by` asked `to` to be friends.
    FriendRequested { to: i64, by: i64 },
    /// `by` accepted `requester`'s friend request.
    FriendAccepted { requester: i64, by: i64 },
    /// A commission reached `status` (pending when it is created).
    Commission {
        commission: Told,
        status: CommissionStatus,
    },
    /// A withdrawal was paid out, or failed and its money came back.
    Withdrawal {
        user: i64,
        amount: Cents,
        paid: bool,
    },
    /// An order moved: `user` (its buyer, or its merchant's account) is told.
    Order {
        user: i64,
        kind: NotificationKind,
        order: i64,
        amount: Option<Cents>,
    },
    /// A share was hidden by reports (`ShareHidden`) or by a moderator (`ShareTakenDown`),
    /// or shown again (`ShareRestored`): its author is told.
    Moderated {
        share: i64,
        author: i64,
        kind: NotificationKind,
    },
    /// `by` asked a question about `product`, sent to buyer `to` (问大家), or to the
    /// product's merchant (`shop`).
    Asked {
        question: i64,
        product: i64,
        to: i64,
        by: i64,
        shop: bool,
    },
    /// `by` answered `asker`'s question.
    Answered {
        question: i64,
        product: i64,
        asker: i64,
        by: i64,
    },
    /// An application or a product was decided: its applicant or merchant is told.
    Reviewed {
        user: i64,
        kind: NotificationKind,
        product: Option<i64>,
    },
}

/// Writes the notification an event calls for.
pub async fn record(db: &mut Db, event: Event, now: Millis) -> sqlx::Result<()> {
    let note = match event {
        Event::Liked { share, author, by } => Notify {
            user_id: author,
            kind: NotificationKind::Like,
            actor_id: Some(by),
            share_id: Some(share),
            ..Notify::default()
        },
        Event::Commented { share, author, by } => Notify {
            user_id: author,
            kind: NotificationKind::Comment,
            actor_id: Some(by),
            share_id: Some(share),
            ..Notify::default()
        },
        Event::FriendRequested { to, by } => Notify {
            user_id: to,
            kind: NotificationKind::FriendRequest,
            actor_id: Some(by),
            ..Notify::default()
        },
        Event::FriendAccepted { requester, by } => Notify {
            user_id: requester,
            kind: NotificationKind::FriendAccepted,
            actor_id: Some(by),
            ..Notify::default()
        },
        Event::Commission {
            commission: c,
            status,
        } => Notify {
            user_id: c.sharer_id,
            kind: match status {
                CommissionStatus::Pending => NotificationKind::CommissionPending,
                CommissionStatus::Confirmed => NotificationKind::CommissionConfirmed,
                CommissionStatus::Reversed => NotificationKind::CommissionReversed,
                CommissionStatus::ClawedBack => NotificationKind::CommissionClawedBack,
            },
            share_id: Some(c.share_id),
            order_id: Some(c.order_id),
            amount_cents: Some(c.amount_cents),
            ..Notify::default()
        },
        Event::Withdrawal { user, amount, paid } => Notify {
            user_id: user,
            kind: if paid {
                NotificationKind::WithdrawalPaid
            } else {
                NotificationKind::WithdrawalFailed
            },
            amount_cents: Some(amount),
            ..Notify::default()
        },
        Event::Order {
            user,
            kind,
            order,
            amount,
        } => Notify {
            user_id: user,
            kind,
            order_id: Some(order),
            amount_cents: amount,
            ..Notify::default()
        },
        Event::Moderated {
            share,
            author,
            kind,
        } => Notify {
            user_id: author,
            kind,
            share_id: Some(share),
            ..Notify::default()
        },
        Event::Asked {
            question,
            product,
            to,
            by,
            shop,
        } => Notify {
            user_id: to,
            kind: if shop {
                NotificationKind::QuestionToShop
            } else {
                NotificationKind::QuestionAsked
            },
            actor_id: Some(by),
            product_id: Some(product),
            question_id: Some(question),
            ..Notify::default()
        },
        Event::Answered {
            question,
            product,
            asker,
            by,
        } => Notify {
            user_id: asker,
            kind: NotificationKind::QuestionAnswered,
            actor_id: Some(by),
            product_id: Some(product),
            question_id: Some(question),
            ..Notify::default()
        },
        Event::Reviewed {
            user,
            kind,
            product,
        } => Notify {
            user_id: user,
            kind,
            product_id: product,
            ..Notify::default()
        },
    };
    if note.actor_id == Some(note.user_id) {
        return Ok(());
    }
    notifications::add(db, note, now).await
}
