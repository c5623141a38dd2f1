//! Demo data for a first start, so a newcomer can log in and look around: a few people
//! and a small catalog with generated product images. The demo login is printed in the
//! README and on the login page.

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
    let pool = store.pool();
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
                created_at: now,
            },
        )
        .await?;
    }
    let mut products = 0;
    for (merchant, verified, items) in DEMO_CATALOG {
        let merchant_id =
            store::catalog::insert_merchant(pool, merchant, *verified, None, now).await?;
        for (title, category, price_cents, commission_bp, colour, glyph) in *items {
            let svg = product_svg(colour, glyph);
            let image =
                store::catalog::insert_media(pool, None, "image/svg+xml", svg.as_bytes(), now)
                    .await?;
            store::catalog::insert_product(
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
            products += 1;
        }
    }
    tracing::info!(
        users = DEMO_USERS.len(),
        products,
        "demo data seeded; log in as {DEMO_HANDLE} / {DEMO_PASSWORD}"
    );
    Ok(())
}
