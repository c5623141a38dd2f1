//! 收益: the sharer's money (derived from the ledger), commissions, per-share results,
//! withdrawals; and notifications.

use super::{page, views, ApiError, ApiResult};
use crate::{
    clock::Millis,
    domain::{
        ledger::{Movement, Payee, WITHDRAWAL_MIN_CENTS},
        orders,
    },
    store::{
        self,
        ledger::{self, Refs},
        Locked, Store,
    },
};
use circle_api::{
    Cents, CommissionView, Earnings, ErrorCode, NotificationView, Page, ShareStats, WithdrawalView,
};

pub async fn summary(store: &Store, now: Millis, user: i64) -> ApiResult<Earnings> {
    let mut db = store.conn().await?;
    let w = ledger::wallet(&mut db, user).await?;
    let last_30_days = store::commissions::daily(&mut db, user, now, 30).await?;
    Ok(Earnings {
        pending_cents: w.pending,
        confirmed_cents: w.confirmed,
        available_cents: w.available,
        withdrawing_cents: w.withdrawing,
        withdrawn_cents: w.withdrawn,
        last_30_days,
    })
}

pub async fn commissions(
    store: &Store,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<CommissionView>> {
    let mut db = store.conn().await?;
    let rows = store::commissions::list_for_sharer(&mut db, user, after, limit).await?;
    let items = rows.into_iter().map(views::commission).collect();
    Ok(page(items, limit, |c| c.id.to_string()))
}

pub async fn share_stats(
    store: &Store,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<ShareStats>> {
    let mut db = store.conn().await?;
    let rows = store::commissions::share_stats(&mut db, user, after, limit).await?;
    let items = rows.into_iter().map(views::share_stats).collect();
    Ok(page(items, limit, |s| s.share_id.to_string()))
}

/// What a withdrawal request did.
pub enum Withdrawn {
    Created(WithdrawalView),
    /// This key was used before for the same request: that withdrawal.
    Replayed(WithdrawalView),
}

/// Withdraws from the available balance of `payee` (the person asking, or the shop they
/// run): at least ¥10, at most what is available, once per `key`. The payee's lock comes
/// first, so concurrent requests see each other and the balance never funds more than
/// it holds.
pub async fn withdraw(
    store: &Store,
    now: Millis,
    user: i64,
    payee: Payee,
    amount: Cents,
    key: &str,
) -> ApiResult<Withdrawn> {
    if amount < WITHDRAWAL_MIN_CENTS {
        return Err(ApiError::new(
            ErrorCode::InsufficientBalance,
            format!(
                "A withdrawal is at least {}.",
                circle_api::Yuan(WITHDRAWAL_MIN_CENTS)
            ),
        ));
    }
    let hash = orders::withdrawal_hash(payee, amount);
    let mut tx = store.begin().await?;
    let merchant = match payee {
        Payee::User(_) => {
            ledger::lock_wallet(&mut tx, user).await?;
            None
        }
        Payee::Merchant(m) => {
            store::lock(&mut tx, Locked::Merchant, m).await?;
            Some(m)
        }
    };
    if let Some(existing) = store::withdrawals::by_key(&mut tx, user, key).await? {
        let stored = existing.request_hash.clone();
        return super::replay(
            &stored,
            &hash,
            Withdrawn::Replayed(views::withdrawal(existing)),
        );
    }
    let available = ledger::balance(&mut tx, payee.accounts().0).await?;
    if available < 0 {
        return Err(ApiError::new(
            ErrorCode::InsufficientBalance,
            format!(
                "Your available balance is negative ({}) after a refund was clawed back; \
             withdrawals resume when it is positive again.",
                circle_api::Yuan(available)
            ),
        ));
    }
    if amount > available {
        return Err(ApiError::new(
            ErrorCode::InsufficientBalance,
            format!(
                "You can withdraw at most {} now.",
                circle_api::Yuan(available)
            ),
        ));
    }
    let w = views::withdrawal(
        store::withdrawals::insert(&mut tx, user, merchant, amount, key, &hash, now).await?,
    );
    let refs = Refs {
        withdrawal: Some(w.id),
        ..Refs::default()
    };
    let movement = Movement::withdrawal_requested(w.id, payee, amount);
    ledger::post(&mut tx, &movement, refs, now).await?;
    tx.commit().await?;
    Ok(Withdrawn::Created(w))
}

/// The person's withdrawals (`merchant`: those of the shop they run), newest first.
pub async fn withdrawals(
    store: &Store,
    user: i64,
    merchant: Option<i64>,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<WithdrawalView>> {
    let mut db = store.conn().await?;
    let rows = store::withdrawals::list(&mut db, user, merchant, after, limit).await?;
    let items = rows.into_iter().map(views::withdrawal).collect();
    Ok(page(items, limit, |w| w.id.to_string()))
}

pub async fn notifications(
    store: &Store,
    user: i64,
    after: Option<i64>,
    limit: i64,
) -> ApiResult<Page<NotificationView>> {
    let mut db = store.conn().await?;
    let rows = store::notifications::list(&mut db, user, after, limit).await?;
    let items = rows.into_iter().map(views::notification).collect();
    Ok(page(items, limit, |n| n.id.to_string()))
}

pub async fn unread(store: &Store, user: i64) -> ApiResult<i64> {
    Ok(store::notifications::unread(&mut *store.conn().await?, user).await?)
}

/// Marks notifications up to `up_to` read; how many are left unread.
pub async fn mark_read(store: &Store, now: Millis, user: i64, up_to: i64) -> ApiResult<i64> {
    let mut tx = store.begin().await?;
    store::notifications::mark_read(&mut tx, user, up_to, now).await?;
    let unread = store::notifications::unread(&mut tx, user).await?;
    tx.commit().await?;
    Ok(unread)
}
