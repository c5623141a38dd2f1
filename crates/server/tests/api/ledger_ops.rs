//! The property test's steps and how they are drawn, and the fixture each case starts
//! from (`ledger_props` runs them against the server and `ledger_model`).

use crate::ledger_model::{
    Balances, Model, Move, ProductState, ShareState, FEE_BP, PRODUCTS, USERS,
};
use circle_api::Role;
use circle_server::{
    clock::{Clock, ManualClock},
    store::{self, Store},
};
use proptest::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone)]
pub enum Op {
    /// `buyer` opens `sharer`'s share of `product`: logged in, or (`visitor`) before
    /// logging in, in which case the click becomes theirs at their next `Login`.
    Click {
        buyer: usize,
        sharer: usize,
        product: usize,
        visitor: bool,
    },
    /// `buyer` logs in: their clicks as a visitor become theirs.
    Login {
        buyer: usize,
    },
    /// `buyer` opens `sharer`'s share of `product` and buys `quantity`; `meanwhile`
    /// something happens to that share between the click and the purchase.
    BuyThrough {
        buyer: usize,
        sharer: usize,
        product: usize,
        quantity: i64,
        meanwhile: Option<ShareAct>,
    },
    /// `buyer` buys `quantity`; `retry` repeats the buyer's previous checkout (its key,
    /// product and quantity) instead of a new one.
    Buy {
        buyer: usize,
        product: usize,
        quantity: i64,
        retry: bool,
    },
    /// Makes `Move` on the n-th order (mostly one it is legal for).
    Order(Move, usize),
    /// Something happens to `sharer`'s share of `product`.
    Share {
        sharer: usize,
        product: usize,
        act: ShareAct,
    },
    /// Something happens to a product.
    Product {
        product: usize,
        act: ProductAct,
    },
    AdvanceHours(i64),
    RunJobs,
    /// A user asks for their available balance plus `delta` (at least the minimum); an
    /// even `pick` picks the user with the most available, an odd one anybody.
    Withdraw {
        pick: usize,
        delta: i64,
    },
    /// The shop asks for its available balance plus `delta` (at least the minimum).
    ShopWithdraw {
        delta: i64,
    },
    /// Settle the n-th withdrawal as paid or failed.
    Payout {
        n: usize,
        paid: bool,
    },
}

#[derive(Debug, Clone, Copy)]
pub enum ShareAct {
    /// A moderator hides it.
    Hide,
    /// A moderator shows it again.
    Restore,
    /// Its author deletes it.
    Delete,
}

#[derive(Debug, Clone, Copy)]
pub enum ProductAct {
    /// Reports put it under review (as the third counterfeit report does).
    Review,
    /// A moderator puts it back on sale.
    Restore,
    /// A moderator delists it.
    Delist,
}

pub fn op() -> impl Strategy<Value = Op> {
    let user = 0..USERS;
    let product = 0..PRODUCTS.len();
    let quantity = prop_oneof![3 => Just(1i64), 1 => 2..=3i64];
    let meanwhile = prop_oneof![
        1 => Just(None),
        1 => prop_oneof![Just(ShareAct::Hide), Just(ShareAct::Restore), Just(ShareAct::Delete)]
            .prop_map(Some),
    ];
    prop_oneof![
        4 => (user.clone(), 0..USERS, product.clone(), any::<bool>())
            .prop_map(|(buyer, sharer, product, visitor)| Op::Click { buyer, sharer, product, visitor }),
        1 => user.clone().prop_map(|buyer| Op::Login { buyer }),
        3 => (user.clone(), 0..USERS, product.clone(), quantity.clone(), meanwhile)
            .prop_map(|(buyer, sharer, product, quantity, meanwhile)| Op::BuyThrough {
                buyer, sharer, product, quantity, meanwhile
            }),
        2 => (user.clone(), product.clone(), quantity, any::<bool>())
            .prop_map(|(buyer, product, quantity, retry)| Op::Buy { buyer, product, quantity, retry }),
        3 => any::<usize>().prop_map(|n| Op::Order(Move::Ship, n)),
        3 => any::<usize>().prop_map(|n| Op::Order(Move::Receive, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Cancel, n)),
        2 => any::<usize>().prop_map(|n| Op::Order(Move::Return, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Accept, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Dispute, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Refund, n)),
        1 => any::<usize>().prop_map(|n| Op::Order(Move::Refuse, n)),
        2 => (user.clone(), product.clone(), prop_oneof![
                Just(ShareAct::Hide), Just(ShareAct::Restore), Just(ShareAct::Delete)])
            .prop_map(|(sharer, product, act)| Op::Share { sharer, product, act }),
        2 => (product, prop_oneof![
                2 => Just(ProductAct::Review), 2 => Just(ProductAct::Restore), 1 => Just(ProductAct::Delist)])
            .prop_map(|(product, act)| Op::Product { product, act }),
        1 => prop_oneof![Just(0i64), -3000..3000i64].prop_map(|delta| Op::ShopWithdraw { delta }),
        2 => (1..240i64).prop_map(Op::AdvanceHours),
        2 => Just(Op::RunJobs),
        4 => (any::<usize>(), prop_oneof![Just(0i64), Just(1), Just(-1), -3000..3000i64])
            .prop_map(|(pick, delta)| Op::Withdraw { pick, delta }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(n, paid)| Op::Payout { n, paid }),
    ]
}

/// Every case starts with each user earning one confirmed commission and the shop three
/// completed sales (so withdrawals have money to take), then runs its random steps.
pub fn warm_up() -> Vec<Op> {
    let mut ops: Vec<Op> = (0..USERS)
        .map(|u| Op::BuyThrough {
            buyer: (u + 1) % USERS,
            sharer: u,
            product: 0,
            quantity: 1,
            meanwhile: None,
        })
        .collect();
    // Each move picks among the orders it is legal for: all three get shipped, then received.
    ops.extend((0..USERS).map(|_| Op::Order(Move::Ship, 1)));
    ops.extend((0..USERS).map(|_| Op::Order(Move::Receive, 1)));
    ops.push(Op::AdvanceHours(7 * 24));
    ops
}

static NUMBER: AtomicU64 = AtomicU64::new(0);

/// A number no other case or step has used: for handles and idempotency keys.
pub fn next_number() -> u64 {
    NUMBER.fetch_add(1, Ordering::SeqCst)
}

/// A fresh case's people, shop, products and each person's share of each product.
pub async fn setup(store: &Store, clock: &ManualClock) -> Model {
    let mut db = store.conn().await.unwrap();
    let pool = &mut *db;
    let case = next_number();
    let now = clock.now();
    let mut users = Vec::new();
    for u in 0..USERS {
        let handle = format!("p{case}_{u}");
        let me = store::users::insert(
            pool,
            store::users::NewUser {
                handle: &handle,
                display_name: "属性测试",
                password_hash: "x",
                role: Role::Shopper,
                created_at: now,
            },
        )
        .await
        .unwrap();
        users.push(me.id);
    }
    let owner = store::users::insert(
        pool,
        store::users::NewUser {
            handle: &format!("p{case}_shop"),
            display_name: "测试商家",
            password_hash: "x",
            role: Role::Merchant,
            created_at: now,
        },
    )
    .await
    .unwrap()
    .id;
    let merchant = store::catalog::insert_merchant(pool, "测试商家", true, Some(owner), now)
        .await
        .unwrap();
    sqlx::query("UPDATE merchants SET fee_bp = $1 WHERE id = $2")
        .bind(FEE_BP)
        .bind(merchant)
        .execute(&mut *pool)
        .await
        .unwrap();
    let mut products = Vec::new();
    for (price, bp) in PRODUCTS {
        let id = store::catalog::insert_product(
            pool,
            store::catalog::NewProduct {
                merchant_id: merchant,
                title: "测试商品",
                description: "",
                category: "home",
                price_cents: price,
                stock: 10_000,
                commission_bp: bp,
                image_id: None,
                status: circle_api::ProductStatus::Active,
            },
            now,
        )
        .await
        .unwrap();
        products.push(id);
    }
    let mut shares = Vec::new();
    for &user in &users {
        let mut row = Vec::new();
        for &product in &products {
            let code = circle_server::domain::shares::new_share_code();
            let id = store::shares::insert(
                pool,
                store::shares::NewShare {
                    code: &code,
                    author_id: user,
                    product_id: product,
                    order_id: None,
                    text: "好物分享",
                    rating: None,
                    photo_ids: &[],
                    day: circle_server::domain::shares::china_day(now),
                    verified: false,
                    is_ad: false,
                },
                now,
            )
            .await
            .unwrap();
            row.push((id, code));
        }
        shares.push(row);
    }
    Model {
        users,
        owner,
        merchant,
        products,
        share_state: vec![vec![ShareState::Visible; PRODUCTS.len()]; USERS],
        product_state: vec![ProductState::Active; PRODUCTS.len()],
        shares,
        clicks: Vec::new(),
        orders: Vec::new(),
        last_key: vec![None; USERS],
        balances: vec![Balances::default(); USERS],
        shop: Balances::default(),
        withdrawals: Vec::new(),
    }
}
