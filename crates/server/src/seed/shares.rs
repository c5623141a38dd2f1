//! The bulk of a seed: shares, each with its delivered order, likes and comments, fanned
//! out to the author, friends and followers; committed every 100,000 shares.

use super::{
    bar,
    words::{CLOSINGS, COMMENTS, OPENINGS, VERDICTS},
    Seeded,
};
use crate::{
    clock::{Millis, DAY},
    domain::{feed, shares as rules},
    store::{
        bulk::{self, Arg, Batch},
        Store, Tx,
    },
};
use rand::{rngs::StdRng, Rng};

/// The batches one share writes into, flushed together, parents first, so foreign keys
/// always find their rows.
struct Batches {
    orders: Batch,
    shares: Batch,
    timeline: Batch,
    likes: Batch,
    comments: Batch,
}

impl Batches {
    fn new(store: &Store) -> Self {
        let backend = store.backend();
        Self {
            orders: Batch::new(
                "orders (id, buyer_id, product_id, quantity, amount_cents, status, idempotency_key, request_hash, created_at, delivered_at, merchant_id, completed_at)",
                12,
            )
            .with_ids(backend),
            shares: Batch::new(
                "shares (id, code, author_id, product_id, order_id, text, rating, rating_counted, like_count, buyer_like_count, comment_count, day, created_at, rank)",
                14,
            )
            .with_ids(backend),
            timeline: Batch::new(
                "timeline (reader_id, share_id, author_id, product_id, via, rank, created_at)",
                7,
            ),
            likes: Batch::new("likes (share_id, user_id, counted, created_at)", 4),
            comments: Batch::new("comments (share_id, author_id, text, created_at)", 4),
        }
    }

    fn nearly_full(&self) -> bool {
        [
            &self.orders,
            &self.shares,
            &self.timeline,
            &self.likes,
            &self.comments,
        ]
        .iter()
        .any(|b| b.nearly_full())
    }

    async fn flush(&mut self, tx: &mut Tx) -> sqlx::Result<()> {
        for b in [
            &mut self.orders,
            &mut self.shares,
            &mut self.timeline,
            &mut self.likes,
            &mut self.comments,
        ] {
            b.flush(tx).await?;
        }
        Ok(())
    }
}

/// Writes `count` shares; returns the first seeded order's id.
pub(super) async fn run(
    store: &Store,
    rng: &mut StdRng,
    s: &Seeded,
    count: i64,
) -> anyhow::Result<i64> {
    let mut tx = store.begin().await?;
    let order0 = bulk::next_id(&mut tx, "orders").await?;
    let share0 = bulk::next_id(&mut tx, "shares").await?;
    let pb = bar(count as u64, "shares");
    let mut b = Batches::new(store);
    for n in 0..count {
        one(&mut b, rng, s, n, order0 + n, share0 + n);
        if b.nearly_full() {
            b.flush(&mut tx).await?;
        }
        if n % 1000 == 999 {
            pb.inc(1000);
        }
        // Commit in chunks so a huge seed does not hold one transaction for minutes.
        if n % 100_000 == 99_999 {
            b.flush(&mut tx).await?;
            tx.commit().await?;
            tx = store.begin().await?;
        }
    }
    b.flush(&mut tx).await?;
    tx.commit().await?;
    pb.finish();
    Ok(order0)
}

/// The rows of the `n`-th share.
fn one(b: &mut Batches, rng: &mut StdRng, s: &Seeded, n: i64, order: i64, share: i64) {
    let author_index = n % s.users;
    let author = s.uid(author_index);
    let k = n / s.users; // this author's k-th share: a different product, a different day
    let n_products = s.products.len() as i64;
    let (product, price, merchant) =
        s.products[((k * 7 + author_index * 13) % n_products) as usize];
    let day_offset = (k * 3 + author_index) % 90;
    let created_at: Millis = s.now - 90 * DAY + day_offset * DAY + rng.gen_range(0..DAY / 2);
    // Orders whose return window closed are completed, as the jobs would have done.
    let delivered_at = created_at - DAY;
    let window_ends = crate::domain::orders::return_window_ends(delivered_at);
    let completed = (window_ends <= s.now).then_some(window_ends);
    b.orders.push(vec![
        Arg::I(order),
        Arg::I(author),
        Arg::I(product),
        Arg::I(1),
        Arg::I(price),
        Arg::S(
            if completed.is_some() {
                "completed"
            } else {
                "delivered"
            }
            .into(),
        ),
        Arg::S(format!("seed-{n}")),
        Arg::S("seed".into()),
        Arg::I(created_at - 5 * DAY),
        Arg::I(delivered_at),
        Arg::I(merchant),
        Arg::O(completed),
    ]);
    let text = format!(
        "{}{}{}",
        OPENINGS[rng.gen_range(0..OPENINGS.len())],
        VERDICTS[rng.gen_range(0..VERDICTS.len())],
        CLOSINGS[rng.gen_range(0..CLOSINGS.len())]
    );
    let like_count = rng.gen_range(0..4i64);
    let comment_count = rng.gen_range(0..2i64);
    b.shares.push(vec![
        Arg::I(share),
        Arg::S(rules::new_share_code()),
        Arg::I(author),
        Arg::I(product),
        Arg::O(Some(order)),
        Arg::S(text),
        Arg::O(Some(rng.gen_range(3..=5))),
        // A verified rating: in the product's average.
        Arg::I(1),
        Arg::I(like_count),
        // Seeded likers are long-standing buyers: their likes count.
        Arg::I(like_count),
        Arg::I(comment_count),
        Arg::I(rules::china_day(created_at)),
        Arg::I(created_at),
        Arg::I(feed::rank_with_likes(created_at, true, like_count)),
    ]);
    for i in 0..like_count {
        b.likes.push(vec![
            Arg::I(share),
            Arg::I(s.uid(author_index + i + 1)),
            Arg::I(1),
            Arg::I(created_at + 3_600_000),
        ]);
    }
    for i in 0..comment_count {
        let text = COMMENTS[rng.gen_range(0..COMMENTS.len())].to_owned();
        b.comments.push(vec![
            Arg::I(share),
            Arg::I(s.uid(author_index + i + 2)),
            Arg::S(text),
            Arg::I(created_at + 7_200_000),
        ]);
    }
    let rank = feed::rank_with_likes(created_at, true, like_count);
    let mut readers = vec![(author, feed::VIA_OWN)];
    for f in 1..=s.friends_each {
        readers.push((s.uid(author_index + f), feed::VIA_FRIEND));
        readers.push((s.uid(author_index - f), feed::VIA_FRIEND));
    }
    for (reader, via) in readers {
        b.timeline.push(vec![
            Arg::I(reader),
            Arg::I(share),
            Arg::I(author),
            Arg::I(product),
            Arg::I(via),
            Arg::I(rank),
            Arg::I(created_at),
        ]);
    }
}
