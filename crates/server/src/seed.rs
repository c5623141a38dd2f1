//! `circle seed --users N --shares M`: realistic Chinese demo data at scale — people,
//! friendships and follows, a catalog across categories, a delivered order behind every
//! share, likes, comments, and each share fanned out to its readers' timelines.
//! Rows go in as multi-row INSERTs inside large transactions, so a million shares take
//! minutes, not hours.

use crate::{
    clock::{Clock, Millis, DAY},
    demo::DEMO_PASSWORD,
    domain::{accounts, feed, shares as rules},
    store::Store,
};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, Rng, SeedableRng};
use sqlx::{Any, Transaction};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
    "超", "秀英", "晓雨", "子涵", "欣怡", "浩然", "梓萱", "一诺",
];
const CATEGORY_ITEMS: &[(&str, &[&str])] = &[
    (
        "beauty",
        &[
            "补水精华",
            "氨基酸洁面",
            "防晒霜",
            "保湿面霜",
            "卸妆油",
            "口红",
        ],
    ),
    (
        "food",
        &[
            "普洱茶饼",
            "坚果礼盒",
            "挂耳咖啡",
            "手工红糖",
            "五常大米",
            "牛肉干",
        ],
    ),
    (
        "home",
        &[
            "四件套",
            "保温杯",
            "陶瓷餐具",
            "香薰蜡烛",
            "收纳箱",
            "乳胶枕",
        ],
    ),
    (
        "baby",
        &[
            "婴儿连体衣",
            "辅食碗",
            "纸尿裤",
            "儿童牙刷",
            "绘本套装",
            "安抚玩偶",
        ],
    ),
    (
        "digital",
        &[
            "蓝牙耳机",
            "充电器",
            "充电宝",
            "机械键盘",
            "手机支架",
            "智能手环",
        ],
    ),
    (
        "fashion",
        &[
            "羊毛围巾",
            "帆布包",
            "速干 T 恤",
            "牛仔外套",
            "运动袜",
            "棒球帽",
        ],
    ),
    (
        "sports",
        &["跑鞋", "瑜伽垫", "跳绳", "登山杖", "泳镜", "哑铃"],
    ),
    (
        "books",
        &["小说", "绘本", "菜谱", "历史读物", "摄影集", "习字帖"],
    ),
];
const BRANDS: &[&str] = &[
    "山野", "清风", "小鹿", "优选", "轻氧", "跑者", "良品", "拾光",
];
const OPENINGS: &[&str] = &[
    "用了一周，",
    "回购第三次了，",
    "朋友推荐买的，",
    "犹豫了很久终于入手，",
    "给家里人买的，",
    "活动价入的，",
];
const VERDICTS: &[&str] = &[
    "质量比想象中好",
    "性价比很高",
    "做工扎实",
    "包装很用心",
    "物流很快",
    "和描述一致",
    "细节处理得不错",
    "有点小瑕疵但能接受",
];
const CLOSINGS: &[&str] = &[
    "，推荐！",
    "，会回购。",
    "，值得一试。",
    "，大家可以参考。",
    "。",
    "，已经安利给同事了。",
];
const COMMENTS: &[&str] = &[
    "多少钱买的？",
    "看起来不错！",
    "同款，确实好用",
    "求链接",
    "谢谢分享",
    "尺码偏大吗？",
    "已下单",
    "颜色好看",
];

/// Rows for one multi-row INSERT.
struct Batch {
    head: String,
    cols: usize,
    values: Vec<Arg>,
}

enum Arg {
    I(i64),
    O(Option<i64>),
    S(String),
}

/// Rows per statement: well inside SQLite's 32766 and PostgreSQL's 65535 parameters.
const PARAMS_PER_STATEMENT: usize = 4_000;

impl Batch {
    fn new(table_and_columns: &str, cols: usize) -> Self {
        Self {
            head: format!("INSERT INTO {table_and_columns} VALUES "),
            cols,
            values: Vec::new(),
        }
    }

    /// For rows with explicit ids: PostgreSQL's `GENERATED ALWAYS` identity columns take
    /// them only when told to.
    fn with_ids(mut self, backend: crate::store::Backend) -> Self {
        if backend == crate::store::Backend::Postgres {
            self.head = self
                .head
                .replace(" VALUES ", " OVERRIDING SYSTEM VALUE VALUES ");
        }
        self
    }

    fn push(&mut self, row: Vec<Arg>) {
        debug_assert_eq!(row.len(), self.cols);
        self.values.extend(row);
    }

    fn nearly_full(&self) -> bool {
        self.values.len() + 16 * self.cols > PARAMS_PER_STATEMENT
    }

    async fn flush_if_full(&mut self, tx: &mut Transaction<'static, Any>) -> sqlx::Result<()> {
        if self.values.len() + self.cols > PARAMS_PER_STATEMENT {
            self.flush(tx).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, tx: &mut Transaction<'static, Any>) -> sqlx::Result<()> {
        if self.values.is_empty() {
            return Ok(());
        }
        let rows = self.values.len() / self.cols;
        let mut sql = self.head.clone();
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..self.cols {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${}", r * self.cols + c + 1));
            }
            sql.push(')');
        }
        sql.push_str(" ON CONFLICT DO NOTHING");
        let mut q = sqlx::query(&sql);
        for v in self.values.drain(..) {
            q = match v {
                Arg::I(i) => q.bind(i),
                Arg::O(o) => q.bind(o),
                Arg::S(s) => q.bind(s),
            };
        }
        q.execute(&mut **tx).await?;
        Ok(())
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

async fn next_id(tx: &mut Transaction<'static, Any>, table: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM {table}"
    ))
    .fetch_one(&mut **tx)
    .await
}

pub async fn run(store: &Store, users: i64, shares: i64, clock: &dyn Clock) -> anyhow::Result<()> {
    anyhow::ensure!(users >= 2, "seed at least 2 users");
    let started = std::time::Instant::now();
    let pool = store.pool();
    let now = clock.now();
    let mut rng = StdRng::seed_from_u64(2026);
    let hash = tokio::task::spawn_blocking(|| accounts::hash_password(DEMO_PASSWORD))
        .await?
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    let mut tx = pool.begin().await?;

    // People. Explicit ids keep every later row a pure function of the loop counters.
    let first_user = next_id(&mut tx, "users").await?;
    let run_tag = format!("{:x}", now % 0xfffff);
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
            Arg::S(hash.clone()),
            Arg::S("shopper".into()),
            Arg::I(now - 120 * DAY),
        ]);
        batch.flush_if_full(&mut tx).await?;
        pb.inc(1);
    }
    batch.flush(&mut tx).await?;
    pb.finish();
    let uid = |i: i64| first_user + i.rem_euclid(users);

    // Friendships: each person with the next five (both directions), and follows of the
    // first 1% (the 达人).
    let friends_each = 5.min(users - 1);
    let pb = bar(users as u64, "friends");
    let mut batch = Batch::new("friendships (user_id, friend_id, created_at)", 3);
    let mut follows = Batch::new("follows (follower_id, followee_id, created_at)", 3);
    let daren = (users / 100).max(1);
    for i in 0..users {
        for k in 1..=friends_each {
            for (a, b) in [(uid(i), uid(i + k)), (uid(i + k), uid(i))] {
                batch.push(vec![Arg::I(a), Arg::I(b), Arg::I(now - 100 * DAY)]);
            }
        }
        batch.flush_if_full(&mut tx).await?;
        let d = uid(rng.gen_range(0..daren));
        if d != uid(i) {
            follows.push(vec![Arg::I(uid(i)), Arg::I(d), Arg::I(now - 90 * DAY)]);
            follows.flush_if_full(&mut tx).await?;
        }
        pb.inc(1);
    }
    batch.flush(&mut tx).await?;
    follows.flush(&mut tx).await?;
    pb.finish();

    // Catalog: a verified merchant per brand, 6 products per category and brand.
    let merchant0 = next_id(&mut tx, "merchants").await?;
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
    batch.flush(&mut tx).await?;
    let product0 = next_id(&mut tx, "products").await?;
    let mut products = Vec::new();
    let mut batch = Batch::new(
        "products (id, merchant_id, title, category, price_cents, commission_bp, created_at)",
        7,
    )
    .with_ids(store.backend());
    for (b, brand) in BRANDS.iter().enumerate() {
        for (category, items) in CATEGORY_ITEMS {
            for item in *items {
                let id = product0 + products.len() as i64;
                let price = rng.gen_range(19..=999) * 100 + 90;
                products.push((id, price));
                batch.push(vec![
                    Arg::I(id),
                    Arg::I(merchant0 + b as i64),
                    Arg::S(format!("{brand} {item}")),
                    Arg::S((*category).to_owned()),
                    Arg::I(price),
                    Arg::I(rng.gen_range(3..=15) * 100),
                    Arg::I(now - 200 * DAY),
                ]);
            }
        }
    }
    batch.flush(&mut tx).await?;
    let n_products = products.len() as i64;

    // Shares, each with its delivered order, fanned out to the author, friends and followers.
    let order0 = next_id(&mut tx, "orders").await?;
    let share0 = next_id(&mut tx, "shares").await?;
    let pb = bar(shares as u64, "shares");
    let mut orders = Batch::new(
        "orders (id, buyer_id, product_id, quantity, amount_cents, status, idempotency_key, request_hash, created_at, delivered_at)",
        10,
    )
    .with_ids(store.backend());
    let mut share_rows = Batch::new(
        "shares (id, code, author_id, product_id, order_id, text, rating, like_count, buyer_like_count, comment_count, day, created_at)",
        12,
    )
    .with_ids(store.backend());
    let mut timeline = Batch::new(
        "timeline (reader_id, share_id, author_id, product_id, via, rank, created_at)",
        7,
    );
    let mut likes = Batch::new("likes (share_id, user_id, counted, created_at)", 4);
    let mut comments = Batch::new("comments (share_id, author_id, text, created_at)", 4);
    let span = 90 * DAY;
    for s in 0..shares {
        let author_index = s % users;
        let author = uid(author_index);
        let k = s / users; // this author's k-th share: a different product, a different day
        let (product, price) = products[((k * 7 + author_index * 13) % n_products) as usize];
        let day_offset = (k * 3 + author_index) % 90;
        let created_at: Millis = now - span + day_offset * DAY + rng.gen_range(0..DAY / 2);
        let order = order0 + s;
        let share = share0 + s;
        orders.push(vec![
            Arg::I(order),
            Arg::I(author),
            Arg::I(product),
            Arg::I(1),
            Arg::I(price),
            Arg::S("delivered".into()),
            Arg::S(format!("seed-{s}")),
            Arg::S("seed".into()),
            Arg::I(created_at - 5 * DAY),
            Arg::I(created_at - DAY),
        ]);
        let text = format!(
            "{}{}{}",
            OPENINGS[rng.gen_range(0..OPENINGS.len())],
            VERDICTS[rng.gen_range(0..VERDICTS.len())],
            CLOSINGS[rng.gen_range(0..CLOSINGS.len())]
        );
        let like_count = rng.gen_range(0..4i64);
        let comment_count = rng.gen_range(0..2i64);
        share_rows.push(vec![
            Arg::I(share),
            Arg::S(rules::new_share_code()),
            Arg::I(author),
            Arg::I(product),
            Arg::O(Some(order)),
            Arg::S(text),
            Arg::O(Some(rng.gen_range(3..=5))),
            Arg::I(like_count),
            // Seeded likers are long-standing buyers: their likes count.
            Arg::I(like_count),
            Arg::I(comment_count),
            Arg::I(rules::china_day(created_at)),
            Arg::I(created_at),
        ]);
        for n in 0..like_count {
            likes.push(vec![
                Arg::I(share),
                Arg::I(uid(author_index + n + 1)),
                Arg::I(1),
                Arg::I(created_at + 3_600_000),
            ]);
        }
        for n in 0..comment_count {
            let text = COMMENTS[rng.gen_range(0..COMMENTS.len())].to_owned();
            comments.push(vec![
                Arg::I(share),
                Arg::I(uid(author_index + n + 2)),
                Arg::S(text),
                Arg::I(created_at + 7_200_000),
            ]);
        }
        let rank = feed::rank(created_at, true)
            + like_count.min(feed::LIKE_BOOST_MAX_LIKES) * feed::LIKE_BOOST;
        let mut readers = vec![(author, feed::VIA_OWN)];
        for f in 1..=friends_each {
            readers.push((uid(author_index + f), feed::VIA_FRIEND));
            readers.push((uid(author_index - f), feed::VIA_FRIEND));
        }
        for (reader, via) in readers {
            timeline.push(vec![
                Arg::I(reader),
                Arg::I(share),
                Arg::I(author),
                Arg::I(product),
                Arg::I(via),
                Arg::I(rank),
                Arg::I(created_at),
            ]);
        }
        // Flush all together, parents first, so foreign keys always find their rows.
        if [&orders, &share_rows, &timeline, &likes, &comments]
            .iter()
            .any(|b| b.nearly_full())
        {
            for b in [
                &mut orders,
                &mut share_rows,
                &mut timeline,
                &mut likes,
                &mut comments,
            ] {
                b.flush(&mut tx).await?;
            }
        }
        if s % 1000 == 999 {
            pb.inc(1000);
        }
        // Commit in chunks so a huge seed does not hold one transaction for minutes.
        if s % 100_000 == 99_999 {
            for b in [
                &mut orders,
                &mut share_rows,
                &mut timeline,
                &mut likes,
                &mut comments,
            ] {
                b.flush(&mut tx).await?;
            }
            tx.commit().await?;
            tx = pool.begin().await?;
        }
    }
    for b in [
        &mut orders,
        &mut share_rows,
        &mut timeline,
        &mut likes,
        &mut comments,
    ] {
        b.flush(&mut tx).await?;
    }
    tx.commit().await.context("commit")?;
    pb.finish();
    // Followers of the 达人 get the 达人's shares too (one statement, done by the database).
    sqlx::query(
        "INSERT INTO timeline (reader_id, share_id, author_id, product_id, via, rank, created_at) \
         SELECT f.follower_id, t.share_id, t.author_id, t.product_id, $1, t.rank, t.created_at \
         FROM follows f JOIN timeline t ON t.reader_id = f.followee_id AND t.author_id = f.followee_id \
         WHERE f.follower_id >= $2 ON CONFLICT (reader_id, share_id) DO NOTHING",
    )
    .bind(feed::VIA_FOLLOW)
    .bind(first_user)
    .execute(pool)
    .await?;
    // Each seeded order's payment in the ledger, as `Movement::order_paid` posts it
    // (dedupe key `paid:order:{id}`; platform → merchant payable), set-based.
    sqlx::query(
        "INSERT INTO ledger_transactions (kind, dedupe_key, order_id, created_at) \
         SELECT 'order_paid', 'paid:order:' || o.id, o.id, o.created_at FROM orders o \
         WHERE o.id >= $1 ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(order0)
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO ledger_entries (tx_id, account, owner_id, amount_cents, created_at) \
         SELECT t.id, 'platform', 0, -o.amount_cents, t.created_at \
           FROM ledger_transactions t JOIN orders o ON o.id = t.order_id \
           WHERE t.kind = 'order_paid' AND o.id >= $1 \
         UNION ALL \
         SELECT t.id, 'merchant_payable', p.merchant_id, o.amount_cents, t.created_at \
           FROM ledger_transactions t JOIN orders o ON o.id = t.order_id JOIN products p ON p.id = o.product_id \
           WHERE t.kind = 'order_paid' AND o.id >= $1",
    )
    .bind(order0)
    .execute(pool)
    .await?;
    // The seeded ratings into each product's aggregate, as the API's writes keep it.
    sqlx::query(
        "UPDATE products SET \
           rating_sum = (SELECT COALESCE(SUM(s.rating), 0) FROM shares s JOIN orders o ON o.id = s.order_id \
             WHERE s.product_id = products.id AND s.rating IS NOT NULL AND s.status = 'visible' AND o.status = 'delivered'), \
           rating_count = (SELECT COUNT(*) FROM shares s JOIN orders o ON o.id = s.order_id \
             WHERE s.product_id = products.id AND s.rating IS NOT NULL AND s.status = 'visible' AND o.status = 'delivered') \
         WHERE id >= $1",
    )
    .bind(product0)
    .execute(pool)
    .await?;
    if store.backend() == crate::store::Backend::Postgres {
        // Explicit ids bypass the identity sequences; move them past what we wrote.
        for table in [
            "users",
            "merchants",
            "products",
            "orders",
            "shares",
            "comments",
        ] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(pool)
            .await?;
        }
    }
    println!(
        "seeded {users} users (handles u{run_tag}_0…, password {DEMO_PASSWORD}), {n_products} products, {shares} shares in {:.1?}",
        started.elapsed()
    );
    Ok(())
}
