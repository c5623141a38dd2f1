//! Demo data for a first start, so a newcomer can log in and see a living circle: a few
//! people who are the demo user's friends, a small catalog with generated product images,
//! and their delivered orders, shares, likes and comments, all made through the
//! use cases and store functions the API uses. The demo login is printed in the README and on the
//! login page.

use crate::{
    clock::{Clock, DAY},
    domain::{accounts, feed, orders::OrderAction, shares as rules},
    service::{jobs, orders},
    store,
};
use anyhow::Context;
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

/// (merchant, verified, products: (title, category, price in cents, commission bp, colour, glyph))
type DemoProduct = (
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
    &'static str,
);
const DEMO_CATALOG: &[(&str, bool, &[DemoProduct])] = &[
    (
        "山野茶铺",
        true,
        &[
            ("云南古树普洱茶饼 357g", "food", 12800, 800, "#8d5a3b", "茶"),
            ("福鼎白茶 白牡丹 100g", "food", 9900, 800, "#b9a46a", "白"),
            ("手工红糖姜茶 12 袋", "food", 3900, 600, "#b5523b", "姜"),
        ],
    ),
    (
        "清风家居",
        true,
        &[
            ("全棉四件套 1.8m 床", "home", 39900, 500, "#7a9cc6", "棉"),
            ("304 不锈钢保温杯 500ml", "home", 8900, 500, "#5f7d8c", "杯"),
            ("日式陶瓷餐具 8 件套", "home", 15900, 500, "#c9a27e", "瓷"),
            ("香薰蜡烛 无火藤条套装", "home", 6900, 700, "#9b7bb8", "香"),
        ],
    ),
    (
        "小鹿母婴",
        true,
        &[
            ("婴儿纯棉连体衣 3 件装", "baby", 12900, 600, "#f2a7a0", "婴"),
            ("宝宝辅食研磨碗", "baby", 4900, 600, "#8cc7a1", "碗"),
        ],
    ),
    (
        "数码优选",
        true,
        &[
            ("降噪蓝牙耳机 Pro", "digital", 59900, 300, "#3d4a5c", "耳"),
            ("65W 氮化镓充电器", "digital", 12900, 400, "#4a6fa5", "充"),
        ],
    ),
    (
        "轻氧美妆",
        true,
        &[
            (
                "玻尿酸补水精华 30ml",
                "beauty",
                16900,
                1000,
                "#e58fa6",
                "润",
            ),
            ("氨基酸洁面乳 120g", "beauty", 6900, 1000, "#7fc4c9", "洁"),
        ],
    ),
    (
        "跑者装备",
        true,
        &[
            ("轻量缓震跑鞋", "sports", 49900, 500, "#e07a3f", "跑"),
            ("速干运动 T 恤", "fashion", 9900, 500, "#5a8f5a", "衫"),
        ],
    ),
    (
        "未认证小店",
        false,
        &[("来历不明的名牌包", "fashion", 29900, 2000, "#777777", "包")],
    ),
];

/// A square product picture: a colour field with one large character.
fn product_svg(colour: &str, glyph: &str) -> String {
    format!(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 400' width='400' height='400'>\
         <defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'>\
         <stop offset='0' stop-color='{colour}' stop-opacity='0.55'/><stop offset='1' stop-color='{colour}'/>\
         </linearGradient></defs><rect width='400' height='400' fill='url(#g)'/>\
         <circle cx='200' cy='200' r='120' fill='#ffffff' fill-opacity='0.18'/>\
         <text x='200' y='245' font-size='140' text-anchor='middle' fill='#ffffff' \
         font-family='PingFang SC, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif'>{glyph}</text></svg>"
    )
}

/// Seeds the demo users and catalog when the database has no users at all.
pub async fn seed_if_empty(store: &store::Store, clock: &dyn Clock) -> anyhow::Result<()> {
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
    for (merchant, verified, items) in DEMO_CATALOG {
        let merchant_id =
            store::catalog::insert_merchant(pool, merchant, *verified, None, now).await?;
        for (title, category, price_cents, commission_bp, colour, glyph) in *items {
            let svg = product_svg(colour, glyph);
            let image =
                store::catalog::insert_media(pool, None, "image/svg+xml", svg.as_bytes(), now)
                    .await?;
            let id = store::catalog::insert_product(
                pool,
                store::catalog::NewProduct {
                    merchant_id,
                    title,
                    category,
                    price_cents: *price_cents,
                    commission_bp: *commission_bp,
                    image_id: Some(image),
                },
                now,
            )
            .await?;
            products.push((id, *price_cents));
        }
    }
    let products_n = products.len();
    circle(store, &products, now).await?;
    tracing::info!(
        users = DEMO_USERS.len(),
        products = products_n,
        "demo data seeded; log in as {DEMO_HANDLE} / {DEMO_PASSWORD}"
    );
    Ok(())
}

/// (author handle, product index in the catalog, text, rating, days ago)
const DEMO_SHARES: &[(&str, usize, &str, i64, i64)] = &[
    (
        "lin_xiaoyu",
        0,
        "回甘很明显，冲了五六泡还有味道，办公室同事都来蹭茶了。",
        5,
        1,
    ),
    (
        "zhang_wei",
        9,
        "降噪效果比预期好，地铁上终于能安静听播客。续航一天没问题。",
        4,
        2,
    ),
    (
        "chen_jing",
        11,
        "质地很清爽，不黏腻，用了两周脸没那么干了。",
        5,
        3,
    ),
    (
        "lin_xiaoyu",
        7,
        "纯棉的很软，洗了几次没起球，宝宝穿着舒服。",
        5,
        4,
    ),
    (
        "zhang_wei",
        0,
        "朋友圈看小雨推荐的，确实好喝，已经回购。",
        4,
        5,
    ),
    (
        "chen_jing",
        3,
        "颜色和图片一致，1.8 米床刚好，睡感不错。",
        4,
        6,
    ),
    (
        DEMO_HANDLE,
        4,
        "保温效果真的好，早上灌的热水下午还烫嘴，杯盖也不漏。",
        5,
        12,
    ),
    (
        DEMO_HANDLE,
        1,
        "白牡丹清甜不苦，冷泡也好喝，适合刚开始喝茶的朋友。",
        4,
        9,
    ),
];

/// Friends who bought through the demo user's shares: (buyer, index of the demo user's
/// share above, quantity, days ago, delivered days ago). One confirmed commission (its
/// return window passed), one pending until a date, one waiting for delivery.
const DEMO_REFERRALS: &[(&str, usize, i64, i64, Option<i64>)] = &[
    ("lin_xiaoyu", 6, 3, 11, Some(10)),
    ("chen_jing", 7, 1, 2, Some(1)),
    ("zhang_wei", 7, 2, 1, None),
];
const DEMO_COMMENTS: &[&str] = &["多少钱买的？", "看起来不错！", "同款，确实好用", "求链接"];

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
        let (product, _) = products[*product_index];
        let at = now - days_ago * DAY;
        let key = format!("demo-{n}");
        let order = match orders::checkout(store, at - 5 * DAY, author, product, 1, &key).await? {
            orders::Checkout::Created(id) => id,
            orders::Checkout::Replayed(_) => anyhow::bail!("demo order {n} exists"),
        };
        orders::act(store, at - DAY, author, order, OrderAction::MarkDelivered).await?;
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
            let at = now - delivered * DAY;
            orders::act(store, at, buyer, order, OrderAction::MarkDelivered).await?;
        }
    }
    jobs::run_jobs(store, now).await?;
    Ok(())
}
