//! `circle seed --users N --shares M`: realistic Chinese demo data at scale — people,
//! friendships and follows, a catalog across categories, a delivered order behind every
//! share, likes, comments, and each share fanned out to its readers' timelines.
//! Rows go in as multi-row INSERTs (`store::bulk`) inside large transactions, so a
//! million shares take minutes, not hours.

mod shares;
pub mod star;
mod words;

use crate::{
    clock::{Clock, DAY},
    demo::DEMO_PASSWORD,
    domain::accounts,
    store::{
        bulk::{self, Arg, Batch},
        Store, Tx,
    },
};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, Rng, SeedableRng};
use words::{BRANDS, CATEGORY_ITEMS, GIVEN, SURNAMES};

/// What the earlier phases made, for the shares to refer to.
struct Seeded {
    now: i64,
    first_user: i64,
    users: i64,
    friends_each: i64,
    /// (id, price) of every product.
    /// (id, price, merchant)
    products: Vec<(i64, i64, i64)>,
}

impl Seeded {
    /// The id of the `i`-th seeded user, wrapping around.
    fn uid(&self, i: i64) -> i64 {
        self.first_user + i.rem_euclid(self.users)
    }
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_owned());
    pb
}

pub async fn run(store: &Store, users: i64, shares: i64, clock: &dyn Clock) -> anyhow::Result<()> {
    anyhow::ensure!(users >= 2, "seed at least 2 users");
    let started = std::time::Instant::now();
    let now = clock.now();
    let mut rng = StdRng::seed_from_u64(2026);
    let hash = tokio::task::spawn_blocking(|| accounts::hash_password(DEMO_PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    let mut tx = store.begin().await?;
    let run_tag = format!("{:x}", now % 0xfffff);
    let first_user = people(store, &mut tx, &mut rng, users, &hash, &run_tag, now).await?;
    let mut seeded = Seeded {
        now,
        first_user,
        users,
        friends_each: 5.min(users - 1),
        products: vec![],
    };
    friendships(&mut tx, &mut rng, &seeded).await?;
    seeded.products = catalog(store, &mut tx, &mut rng, now).await?;
    let first_product = seeded.products.first().map_or(0, |p| p.0);
    tx.commit().await?;
    let first_order = shares::run(store, &mut rng, &seeded, shares).await?;
    let mut tx = store.begin().await?;
    bulk::fan_out_to_followers(&mut tx, first_user).await?;
    bulk::post_order_payments(&mut tx, first_order).await?;
    bulk::recount_ratings(&mut tx, first_product).await?;
    bulk::advance_sequences(&mut tx, store.backend()).await?;
    tx.commit().await.context("commit")?;
    println!(
        "seeded {users} users (handles u{run_tag}_0…, password {DEMO_PASSWORD}), {} products, {shares} shares in {:.1?}",
        seeded.products.len(),
        started.elapsed()
    );
    Ok(())
}

/// People; explicit ids keep every later row a pure function of the loop counters.
/// Returns the first user's id.
async fn people(
    store: &Store,
    tx: &mut Tx,
    rng: &mut StdRng,
    users: i64,
    hash: &str,
    run_tag: &str,
    now: i64,
) -> anyhow::Result<i64> {
    let first_user = bulk::next_id(tx, "users").await?;
    let pb = bar(users as u64, "users");
    let mut batch = Batch::new(
        "users (id, handle, display_name, password_hash, role, created_at)",
        6,
    )
    .with_ids(store.backend());
    for i in 0..users {
        let name = format!(
            "{}{}",
            SURNAMES[rng.gen_range(0..SURNAMES.len())],
            GIVEN[rng.gen_range(0..GIVEN.len())]
        );
        batch.push(vec![
            Arg::I(first_user + i),
            Arg::S(format!("u{run_tag}_{i}")),
            Arg::S(name),
            Arg::S(hash.to_owned()),
            Arg::S("shopper".into()),
            Arg::I(now - 120 * DAY),
        ]);
        batch.flush_if_full(tx).await?;
        pb.inc(1);
    }
    batch.flush(tx).await?;
    pb.finish();
    Ok(first_user)
}

/// Each person with the next five (both directions), and follows of the first 1% (the 达人).
async fn friendships(tx: &mut Tx, rng: &mut StdRng, s: &Seeded) -> anyhow::Result<()> {
    let pb = bar(s.users as u64, "friends");
    let mut batch = Batch::new("friendships (user_id, friend_id, created_at)", 3);
    let mut follows = Batch::new("follows (follower_id, followee_id, created_at)", 3);
    let daren = (s.users / 100).max(1);
    for i in 0..s.users {
        for k in 1..=s.friends_each {
            for (a, b) in [(s.uid(i), s.uid(i + k)), (s.uid(i + k), s.uid(i))] {
                batch.push(vec![Arg::I(a), Arg::I(b), Arg::I(s.now - 100 * DAY)]);
            }
        }
        batch.flush_if_full(tx).await?;
        let d = s.uid(rng.gen_range(0..daren));
        if d != s.uid(i) {
            follows.push(vec![Arg::I(s.uid(i)), Arg::I(d), Arg::I(s.now - 90 * DAY)]);
            follows.flush_if_full(tx).await?;
        }
        pb.inc(1);
    }
    batch.flush(tx).await?;
    follows.flush(tx).await?;
    pb.finish();
    Ok(())
}

/// A verified merchant per brand, 6 products per category and brand: (id, price,
/// merchant) each.
async fn catalog(
    store: &Store,
    tx: &mut Tx,
    rng: &mut StdRng,
    now: i64,
) -> anyhow::Result<Vec<(i64, i64, i64)>> {
    let merchant0 = bulk::next_id(tx, "merchants").await?;
    let mut batch =
        Batch::new("merchants (id, name, verified, created_at)", 4).with_ids(store.backend());
    for (b, brand) in BRANDS.iter().enumerate() {
        batch.push(vec![
            Arg::I(merchant0 + b as i64),
            Arg::S(format!("{brand}旗舰店")),
            Arg::I(1),
            Arg::I(now - 200 * DAY),
        ]);
    }
    batch.flush(tx).await?;
    let product0 = bulk::next_id(tx, "products").await?;
    let mut products = Vec::new();
    let mut batch = Batch::new(
        "products (id, merchant_id, title, category, price_cents, commission_bp, created_at, status, stock)",
        9,
    )
    .with_ids(store.backend());
    for (b, brand) in BRANDS.iter().enumerate() {
        for (category, items) in CATEGORY_ITEMS {
            for item in *items {
                let id = product0 + products.len() as i64;
                let price = rng.gen_range(19..=999) * 100 + 90;
                products.push((id, price, merchant0 + b as i64));
                batch.push(vec![
                    Arg::I(id),
                    Arg::I(merchant0 + b as i64),
                    Arg::S(format!("{brand} {item}")),
                    Arg::S((*category).to_owned()),
                    Arg::I(price),
                    Arg::I(rng.gen_range(3..=15) * 100),
                    Arg::I(now - 200 * DAY),
                    Arg::S("active".into()),
                    Arg::I(100_000),
                ]);
            }
        }
    }
    batch.flush(tx).await?;
    Ok(products)
}
