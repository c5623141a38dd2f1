//! The demo shop 山野茶铺 (login shanye_tea) in every state a newcomer should see in the
//! console: products waiting for review, rejected and paused; orders to ship, shipped,
//! with a return asked for, refunded after a return, cancelled and completed; and an
//! application from a shopper waiting in the moderators' queue. All made through the use
//! cases.

use super::{deliver, id_of, product_photo};
use crate::{
    clock::{DAY, HOUR},
    domain::orders::Move,
    service::{
        fulfilment::{self, Actor, Input},
        jobs, merchants, orders, products,
    },
    store,
};
use circle_api::{ApplicationRequest, ProductRequest, ProductStatus, ReviewDecision, Role};

/// The shop's new products: (title, price, glyph, colour, what becomes of it).
const NEW_PRODUCTS: &[(&str, i64, &str, &str, Outcome)] = &[
    ("手工竹编茶盘", 16800, "盘", "#a0804f", Outcome::Waiting),
    (
        "明前龙井 特级 50g",
        19800,
        "龙",
        "#6f9a52",
        Outcome::Rejected,
    ),
    (
        "桂花乌龙冷泡茶 10 包",
        4500,
        "桂",
        "#d49a3a",
        Outcome::Paused,
    ),
];

#[derive(Clone, Copy)]
enum Outcome {
    Waiting,
    Rejected,
    Paused,
}

pub async fn seed(
    store: &store::Store,
    fonts: &crate::domain::cards::Fonts,
    catalog: &[(i64, i64)],
    now: i64,
) -> anyhow::Result<()> {
    let mut db = store.conn().await?;
    let owner = id_of(&mut db, "shanye_tea").await?;
    let moderator = (id_of(&mut db, "moderator").await?, Role::Moderator);
    for (n, (title, price, glyph, colour, outcome)) in NEW_PRODUCTS.iter().enumerate() {
        let photo = store::media::insert_photo(
            &mut db,
            Some(owner),
            &product_photo(fonts, colour, glyph)?,
            0,
            now,
        )
        .await?
        .0;
        let req = ProductRequest {
            title: (*title).into(),
            description: "山野茶铺自家茶园出品，顺丰包邮。".into(),
            category: "food".into(),
            price_cents: *price,
            stock: 30,
            commission_bp: 800,
            photo_ids: vec![photo],
        };
        let at = now - (n as i64 + 1) * HOUR;
        let made = products::create(store, at, owner, &req).await?;
        let id = made.product.id;
        match outcome {
            Outcome::Waiting => {}
            Outcome::Rejected => {
                let no = ReviewDecision {
                    approve: false,
                    reason: "图片与标题不符：请上传这款茶叶的实拍图。".into(),
                };
                products::review(store, at, moderator, id, &no).await?;
            }
            Outcome::Paused => {
                let yes = ReviewDecision {
                    approve: true,
                    reason: String::new(),
                };
                products::review(store, at, moderator, id, &yes).await?;
                products::set_status(store, owner, id, ProductStatus::Paused).await?;
            }
        }
    }
    // The shop's orders, one in each stage: (buyer, days ago, what became of it).
    let (puer, shop) = catalog[0];
    let stages: [(&str, i64, Option<Move>); 6] = [
        ("chen_jing", 1, None),
        ("zhang_wei", 3, Some(Move::Ship)),
        ("lin_xiaoyu", 6, Some(Move::RequestReturn)),
        ("zhang_wei", 6, Some(Move::AcceptReturn)),
        ("chen_jing", 4, Some(Move::Cancel)),
        ("zhang_wei", 20, Some(Move::Complete)),
    ];
    for (n, (buyer, days_ago, stage)) in stages.into_iter().enumerate() {
        let buyer = id_of(&mut db, buyer).await?;
        let at = now - days_ago * DAY;
        let key = format!("demo-shop-{n}");
        let order = match orders::checkout(store, at, buyer, puer, 1, &key).await? {
            orders::Checkout::Created(id) => id,
            orders::Checkout::Replayed(_) => anyhow::bail!("demo shop order {n} exists"),
        };
        match stage {
            None => {}
            Some(Move::Ship) => {
                let ship = Input::Ship(circle_api::ShipRequest {
                    carrier: circle_api::Carrier::Zto,
                    tracking_no: format!("{}", 73_100_000_000_000_i64 + order),
                });
                fulfilment::act(
                    store,
                    at + DAY,
                    Actor::Merchant(shop),
                    order,
                    Move::Ship,
                    ship,
                )
                .await?;
            }
            Some(Move::RequestReturn) => {
                deliver(store, shop, buyer, order, at + DAY, at + 3 * DAY).await?;
                let why = Input::Reason("茶饼有受潮的味道，想退货。".into());
                let asker = Actor::Buyer(buyer);
                fulfilment::act(store, at + 4 * DAY, asker, order, Move::RequestReturn, why)
                    .await?;
            }
            Some(Move::Cancel) => {
                let asker = Actor::Buyer(buyer);
                fulfilment::act(store, at + 3 * DAY, asker, order, Move::Cancel, Input::None)
                    .await?;
            }
            Some(_) => deliver(store, shop, buyer, order, at + DAY, at + 3 * DAY).await?,
        }
    }
    let chen = id_of(&mut db, "chen_jing").await?;
    let application = ApplicationRequest {
        shop_name: "静静的手作".into(),
        category: "home".into(),
        contact: "138 0013 8000".into(),
        credit_code: "91110108MA01ABCD1E".into(),
        licence_photo_id: None,
    };
    merchants::apply(store, now - 2 * HOUR, chen, &application).await?;
    jobs::run_jobs(store, now).await?;
    Ok(())
}
