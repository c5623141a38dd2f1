//! Demo data for a first start, so a newcomer can log in and see a living circle: a few
//! people who are the demo user's friends, a small catalog with generated product images,
//! and their delivered orders, shares, likes and comments, all made through the
//! use cases and store functions the API uses. The demo login is printed in the README and on the
//! login page.

use crate::{
    clock::{Clock, DAY},
    domain::{accounts, cards::Fonts, feed, images, orders::Move, shares as rules},
    service::{
        fulfilment::{self, Actor, Input},
        jobs, orders,
    },
    store,
};
use anyhow::Context;
use circle_api::{ProductStatus, Role};
use data::*;

mod data;
mod merchants;

/// A product picture as a photo (its renditions, as an upload would have): the drawing
/// of `product_svg`, 720 px square.
fn product_photo(
    fonts: &Fonts,
    colour: &str,
    glyph: &str,
) -> anyhow::Result<Vec<images::Rendition>> {
    let pixels = fonts
        .pixels(&product_svg(colour, glyph), 1.8)
        .map_err(|e| anyhow::anyhow!("drawing a demo product: {e}"))?;
    images::renditions(&image::DynamicImage::ImageRgba8(pixels).to_rgb8())
        .map_err(|e| anyhow::anyhow!("encoding a demo product: {e:?}"))
}

/// The demo account everyone may use.
pub const DEMO_HANDLE: &str = "demo";
pub const DEMO_PASSWORD: &str = "gouwuquan2026";

/// Seeds the demo users and catalog when the database has no users at all.
pub async fn seed_if_empty(
    store: &store::Store,
    clock: &dyn Clock,
    fonts: &Fonts,
) -> anyhow::Result<()> {
    let mut db = store.conn().await?;
    let pool = &mut *db;
    if store::users::count(pool).await? > 0 {
        return Ok(());
    }
    let hash = tokio::task::spawn_blocking(|| accounts::hash_password(DEMO_PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    let now = clock.now();
    for (handle, name, role) in DEMO_USERS {
        store::users::insert(
            pool,
            store::users::NewUser {
                handle,
                display_name: name,
                password_hash: &hash,
                role: *role,
                // Members for two months, so their likes count.
                created_at: now - 60 * DAY,
            },
        )
        .await?;
    }
    let mut products = Vec::new();
    for (merchant, handle, verified, items) in DEMO_CATALOG {
        let owner = match handle {
            Some(handle) => Some(
                store::users::insert(
                    pool,
                    store::users::NewUser {
                        handle,
                        display_name: merchant,
                        password_hash: &hash,
                        role: Role::Merchant,
                        created_at: now - 90 * DAY,
                    },
                )
                .await?
                .id,
            ),
            None => None,
        };
        let merchant_id =
            store::catalog::insert_merchant(pool, merchant, *verified, owner, now).await?;
        for (title, category, price_cents, commission_bp, colour, glyph) in *items {
            let image = store::media::insert_photo(
                pool,
                None,
                &product_photo(fonts, colour, glyph)?,
                0,
                now,
            )
            .await?
            .0;
            let id = store::catalog::insert_product(
                pool,
                store::catalog::NewProduct {
                    merchant_id,
                    title,
                    description: "",
                    category,
                    price_cents: *price_cents,
                    stock: 500,
                    commission_bp: *commission_bp,
                    image_id: Some(image),
                    status: ProductStatus::Active,
                },
                now,
            )
            .await?;
            products.push((id, merchant_id));
        }
    }
    let products_n = products.len();
    circle(store, &products, now).await?;
    merchants::seed(store, fonts, &products, now).await?;
    tracing::info!(
        users = DEMO_USERS.len(),
        products = products_n,
        "demo data seeded; log in as {DEMO_HANDLE} / {DEMO_PASSWORD}"
    );
    Ok(())
}

/// The shop ships the order (a 顺丰 waybill) and its buyer confirms receipt.
async fn deliver(
    store: &store::Store,
    merchant: i64,
    buyer: i64,
    order: i64,
    shipped_at: i64,
    received_at: i64,
) -> anyhow::Result<()> {
    let ship = Input::Ship(circle_api::ShipRequest {
        carrier: circle_api::Carrier::Sf,
        tracking_no: format!("SF{}", 100_000_000_000 + order),
    });
    let shop = Actor::Merchant(merchant);
    fulfilment::act(store, shipped_at, shop, order, Move::Ship, ship).await?;
    let buyer = Actor::Buyer(buyer);
    fulfilment::act(store, received_at, buyer, order, Move::Receive, Input::None).await?;
    Ok(())
}

async fn id_of(db: &mut store::Db, handle: &str) -> anyhow::Result<i64> {
    store::users::find_by_handle(db, handle)
        .await?
        .map(|u| u.user.id)
        .ok_or_else(|| anyhow::anyhow!("demo user {handle} missing"))
}

/// Friendships with the demo user, and the friends' delivered purchases shared into the circle.
async fn circle(store: &store::Store, products: &[(i64, i64)], now: i64) -> anyhow::Result<()> {
    let mut db = store.conn().await?;
    let pool = &mut *db;
    let demo = id_of(pool, DEMO_HANDLE).await?;
    for friend in ["lin_xiaoyu", "zhang_wei", "chen_jing"] {
        let friend = id_of(pool, friend).await?;
        if let Some(request) =
            store::social::insert_request(pool, friend, demo, now - 30 * DAY).await?
        {
            store::social::decide_request(
                pool,
                request,
                circle_api::FriendRequestStatus::Accepted,
                now - 30 * DAY,
            )
            .await?;
        }
    }
    let moderator = id_of(pool, "moderator").await?;
    let lin = id_of(pool, "lin_xiaoyu").await?;
    store::social::follow(pool, demo, lin, now - 20 * DAY).await?;
    let mut share_ids = Vec::new();
    for (n, (author, product_index, text, rating, days_ago)) in DEMO_SHARES.iter().enumerate() {
        let author = id_of(pool, author).await?;
        let (product, merchant) = products[*product_index];
        let at = now - days_ago * DAY;
        let key = format!("demo-{n}");
        let order = match orders::checkout(store, at - 5 * DAY, author, product, 1, &key).await? {
            orders::Checkout::Created(id) => id,
            orders::Checkout::Replayed(_) => anyhow::bail!("demo order {n} exists"),
        };
        deliver(store, merchant, author, order, at - 4 * DAY, at - DAY).await?;
        let code = rules::new_share_code();
        let share = store::shares::insert(
            pool,
            store::shares::NewShare {
                code: &code,
                author_id: author,
                product_id: product,
                order_id: Some(order),
                text,
                rating: Some(*rating),
                photo_ids: &[],
                day: rules::china_day(at),
                verified: true,
                is_ad: false,
            },
            at,
        )
        .await?;
        share_ids.push((share, product));
        for liker in [demo, moderator].iter().take(n % 3) {
            let liked_at = at + 3_600_000;
            let standing = store::users::like_standing(pool, *liker)
                .await?
                .context("the demo liker exists")?;
            let counts = feed::like_counts(
                liked_at,
                standing.created_at,
                standing.like_ring_at.is_some(),
                standing.has_delivered_order == 1,
            );
            store::engagement::set_like(pool, share, *liker, true, counts, liked_at).await?;
        }
        let commenter = if n % 2 == 0 { moderator } else { demo };
        store::engagement::insert_comment(
            pool,
            share,
            commenter,
            None,
            DEMO_COMMENTS[n % DEMO_COMMENTS.len()],
            at + 7_200_000,
        )
        .await?;
    }
    for (n, (buyer, share_index, quantity, days_ago, delivered)) in
        DEMO_REFERRALS.iter().enumerate()
    {
        let buyer = id_of(pool, buyer).await?;
        let (share, product) = share_ids[*share_index];
        let merchant = products.iter().find(|p| p.0 == product).map_or(0, |p| p.1);
        let at = now - days_ago * DAY;
        let click = store::clicks::Click {
            share_id: share,
            product_id: product,
            user_id: Some(buyer),
            visitor_id: None,
        };
        store::clicks::record(pool, click, at - 60_000).await?;
        let key = format!("demo-referral-{n}");
        let order = match orders::checkout(store, at, buyer, product, *quantity, &key).await? {
            orders::Checkout::Created(id) => id,
            orders::Checkout::Replayed(_) => anyhow::bail!("demo referral {n} exists"),
        };
        if let Some(delivered) = delivered {
            let received = now - delivered * DAY;
            deliver(store, merchant, buyer, order, (at + received) / 2, received).await?;
        }
    }
    jobs::run_jobs(store, now).await?;
    Ok(())
}
