//! The demo data itself: people, shops and their products, shares, referrals.

use super::DEMO_HANDLE;
use circle_api::Role;

pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    (DEMO_HANDLE, "小圈体验号", Role::Shopper),
    ("lin_xiaoyu", "林小雨", Role::Shopper),
    ("zhang_wei", "张伟", Role::Shopper),
    ("chen_jing", "陈静", Role::Shopper),
    ("moderator", "圈务管理员", Role::Moderator),
];

/// (shop, its account's handle, verified, products: (title, category, price in cents,
/// commission bp, colour, glyph)). The shops' accounts log in with the demo password.
pub type DemoProduct = (
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
    &'static str,
);
pub const DEMO_CATALOG: &[(&str, Option<&str>, bool, &[DemoProduct])] = &[
    (
        "山野茶铺",
        Some("shanye_tea"),
        true,
        &[
            ("云南古树普洱茶饼 357g", "food", 12800, 800, "#8d5a3b", "茶"),
            ("福鼎白茶 白牡丹 100g", "food", 9900, 800, "#b9a46a", "白"),
            ("手工红糖姜茶 12 袋", "food", 3900, 600, "#b5523b", "姜"),
        ],
    ),
    (
        "清风家居",
        Some("qingfeng_home"),
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
        Some("xiaolu_baby"),
        true,
        &[
            ("婴儿纯棉连体衣 3 件装", "baby", 12900, 600, "#f2a7a0", "婴"),
            ("宝宝辅食研磨碗", "baby", 4900, 600, "#8cc7a1", "碗"),
        ],
    ),
    (
        "数码优选",
        Some("shuma_youxuan"),
        true,
        &[
            ("降噪蓝牙耳机 Pro", "digital", 59900, 300, "#3d4a5c", "耳"),
            ("65W 氮化镓充电器", "digital", 12900, 400, "#4a6fa5", "充"),
        ],
    ),
    (
        "轻氧美妆",
        Some("qingyang_beauty"),
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
        Some("paozhe_gear"),
        true,
        &[
            ("轻量缓震跑鞋", "sports", 49900, 500, "#e07a3f", "跑"),
            ("速干运动 T 恤", "fashion", 9900, 500, "#5a8f5a", "衫"),
        ],
    ),
    (
        "未认证小店",
        None,
        false,
        &[("来历不明的名牌包", "fashion", 29900, 2000, "#777777", "包")],
    ),
];

/// A square product picture: a colour field with one large character.
pub fn product_svg(colour: &str, glyph: &str) -> String {
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

/// (author handle, product index in the catalog, text, rating, days ago)
pub const DEMO_SHARES: &[(&str, usize, &str, i64, i64)] = &[
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
pub const DEMO_REFERRALS: &[(&str, usize, i64, i64, Option<i64>)] = &[
    ("lin_xiaoyu", 6, 3, 11, Some(10)),
    ("chen_jing", 7, 1, 2, Some(1)),
    ("zhang_wei", 7, 2, 1, None),
];
pub const DEMO_COMMENTS: &[&str] = &["多少钱买的？", "看起来不错！", "同款，确实好用", "求链接"];
