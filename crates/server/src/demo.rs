//! Demo data for a first start, so a newcomer can log in and look around.
//! The credentials are printed in the README and on the login page.

use crate::{clock::Clock, domain::accounts, store};
use circle_api::Role;

/// The demo account everyone may use.
pub const DEMO_HANDLE: &str = "demo";
pub const DEMO_PASSWORD: &str = "gouwuquan2026";

const DEMO_USERS: &[(&str, &str, Role)] = &[
    (DEMO_HANDLE, "小圈体验号", Role::Shopper),
    ("lin_xiaoyu", "林小雨", Role::Shopper),
    ("zhang_wei", "张伟", Role::Shopper),
    ("chen_jing", "陈静", Role::Shopper),
    ("moderator", "圈务管理员", Role::Moderator),
];

/// Seeds the demo users when the database has no users at all.
pub async fn seed_if_empty(store: &store::Store, clock: &dyn Clock) -> anyhow::Result<()> {
    if store::users::count(store.pool()).await? > 0 {
        return Ok(());
    }
    let hash = tokio::task::spawn_blocking(|| accounts::hash_password(DEMO_PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    for (handle, name, role) in DEMO_USERS {
        store::users::insert(
            store.pool(),
            store::users::NewUser {
                handle,
                display_name: name,
                password_hash: &hash,
                role: *role,
                created_at: clock.now(),
            },
        )
        .await?;
    }
    tracing::info!(
        users = DEMO_USERS.len(),
        "demo data seeded; log in as {DEMO_HANDLE} / {DEMO_PASSWORD}"
    );
    Ok(())
}
