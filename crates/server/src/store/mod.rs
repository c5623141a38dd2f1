//! All SQL lives under this module, one file per table family. One set of portable
//! queries serves SQLite and PostgreSQL (`$1` parameters, `RETURNING`, `ON CONFLICT`,
//! integer epoch-millisecond times, integer cents); only the DDL differs, in
//! `migrations/sqlite` and `migrations/postgres`.

pub mod answers;
pub mod bulk;
pub mod catalog;
pub mod clicks;
pub mod commissions;
pub mod engagement;
pub mod enums;
pub mod feed_jobs;
pub mod fulfilment;
pub mod leases;
pub mod ledger;
pub mod ledger_checks;
pub mod limits;
pub mod media;
pub mod merchants;
pub mod notifications;
pub mod orders;
pub mod products;
pub mod questions;
pub mod reports;
pub mod rings;
pub mod sessions;
pub mod share_views;
pub mod shares;
pub mod social;
pub mod timeline;
pub mod topics;
pub mod users;
pub mod view_cache;
pub mod wechat;
pub mod withdrawals;

use crate::domain::share_json::Kept;
use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{pool::PoolConnection, Any, AnyConnection, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use view_cache::ViewCache;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The database: a pool that any number of server processes may share.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    share_views: Arc<ViewCache<Arc<Kept>>>,
}

/// How many hydrated shares a process keeps (about 2 KB each: the view and its JSON).
pub const SHARE_VIEWS_KEPT: usize = 20_000;

impl Store {
    /// Connects and applies the migrations. A SQLite file and its folder are created
    /// when missing.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let file = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(file).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                }
            }
            let url = if path.contains('?') {
                url.to_owned()
            } else {
                format!("{url}?mode=rwc")
            };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            anyhow::bail!("unsupported database URL {url:?}: use sqlite://… or postgres://…");
        };
        let options = AnyConnectOptions::from_str(&url)
            .with_context(|| format!("invalid database URL {url:?}"))?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            // A SQLite connection lives in this process and cannot be dropped by a server,
            // so it is not pinged before each use (a round trip to its worker thread on
            // every acquire); PostgreSQL's are, as a restarted server leaves dead ones.
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets several server processes share one file; the busy
                        // timeout makes a writer wait for another instead of failing.
                        // FULL syncs the log at every commit: a payment or withdrawal
                        // the API acknowledged survives a power loss (NORMAL may lose
                        // the last commits in WAL mode).
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                             PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to the {} database", backend.name()))?;
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await.context("migrations failed")?;
        Ok(Self {
            pool,
            backend,
            share_views: Arc::new(ViewCache::new(SHARE_VIEWS_KEPT)),
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The shares this process has shown, hydrated (`view_cache`).
    pub fn share_views(&self) -> &ViewCache<Arc<Kept>> {
        &self.share_views
    }

    /// A write transaction. On SQLite it takes the database's write lock at once
    /// (`BEGIN IMMEDIATE`), so use cases that read and then write are serialized instead
    /// of failing on a stale snapshot; on PostgreSQL use cases lock the rows their rule
    /// is about (`lock`).
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// A pooled connection outside any transaction: for reads, and for a single
    /// statement that needs no other to be exact.
    pub async fn conn(&self) -> sqlx::Result<PoolConnection<Any>> {
        self.pool.acquire().await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A cheap round trip, for the health check.
    pub async fn ping(&self) -> sqlx::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// What every store function takes: a transaction (`&mut tx`) or a pooled connection.
pub type Db = AnyConnection;
/// A use case's transaction.
pub type Tx = Transaction<'static, Any>;

/// The tables a use case can lock a row of, to make its rule exact.
#[derive(Debug, Clone, Copy)]
pub enum Locked {
    User,
    Product,
    Share,
    Order,
    Merchant,
    Question,
    Answer,
}

/// Locks one row until the transaction ends and says whether it exists. PostgreSQL:
/// `SELECT … FOR NO KEY UPDATE` (the lock an UPDATE takes: it excludes other use cases
/// locking the row, but not inserts of rows that reference it, so a ledger posting about
/// an order does not wait for the order's lock); SQLite: a plain `SELECT`, as `Store::begin` already holds the
/// whole database's write lock.
pub async fn lock(db: &mut Db, what: Locked, id: i64) -> sqlx::Result<bool> {
    let table = match what {
        Locked::User => "users",
        Locked::Product => "products",
        Locked::Share => "shares",
        Locked::Order => "orders",
        Locked::Merchant => "merchants",
        Locked::Question => "questions",
        Locked::Answer => "answers",
    };
    let suffix = if db.backend_name() == "PostgreSQL" {
        " FOR NO KEY UPDATE"
    } else {
        ""
    };
    let found: Option<i64> =
        sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1{suffix}"))
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(found.is_some())
}

/// The unique constraint (index) an error violated, on either database: PostgreSQL names
/// the index; SQLite names its columns (`UNIQUE constraint failed: shares.author_id, …`),
/// which `UNIQUE_INDEXES` maps back to the index's name. `None` for any other error.
pub fn unique_violation(err: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    if !db.is_unique_violation() {
        return None;
    }
    if let Some(name) = db.constraint() {
        return Some(name.to_owned());
    }
    let columns = db.message().split("failed: ").nth(1)?.trim();
    Some(
        UNIQUE_INDEXES
            .iter()
            .find(|(_, cols)| *cols == columns)
            .map(|(name, _)| (*name).to_owned())
            .unwrap_or_else(|| columns.to_owned()),
    )
}

/// Unique indexes by name and the columns SQLite reports for them. The names match
/// the PostgreSQL DDL, so a use case maps a violation by one name on both databases.
const UNIQUE_INDEXES: &[(&str, &str)] = &[
    (
        "shares_one_per_product_per_day",
        "shares.author_id, shares.product_id, shares.day",
    ),
    ("shares_one_rating_per_order", "shares.order_id"),
    ("share_photos_media_id_key", "share_photos.media_id"),
    ("merchants_credit_code", "merchants.credit_code"),
    ("merchants_user", "merchants.user_id"),
    ("users_handle_key", "users.handle"),
    (
        "answers_one_per_person",
        "answers.question_id, answers.author_id",
    ),
];

/// Escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'`.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `IN (…)` list for `ids` from parameter `$from`: as many placeholders as `padded`
/// binds. Its length is rounded up to a power of two, so a statement takes a few shapes
/// rather than one per length: each connection prepares and plans it a few times, and
/// its statement cache (100 a connection) holds them all.
pub fn in_list(from: usize, ids: &[i64]) -> String {
    placeholders(from, padded_len(ids))
}

/// How many values an `IN (…)` list of `ids` takes: the one rule `in_list` and `padded`
/// share.
fn padded_len(ids: &[i64]) -> usize {
    ids.len().next_power_of_two()
}

/// `ids`, then its last value again up to `in_list`'s length (a value twice in `IN (…)`
/// changes nothing).
pub fn padded(ids: &[i64]) -> impl Iterator<Item = i64> + '_ {
    let pad = padded_len(ids) - ids.len();
    let last = ids.last().copied().unwrap_or_default();
    ids.iter().copied().chain(std::iter::repeat_n(last, pad))
}

/// `$from, $from+1, …` for an `IN (…)` list of `n` values.
pub fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::{in_list, padded};

    #[test]
    fn an_in_list_binds_as_many_values_as_it_has_placeholders() {
        for n in 1..=70_i64 {
            let ids: Vec<i64> = (1..=n).collect();
            let list = in_list(2, &ids);
            let bound: Vec<i64> = padded(&ids).collect();
            assert_eq!(list.split(", ").count(), bound.len(), "{n} values");
            assert!(bound.len().is_power_of_two() && bound.len() < 2 * ids.len().max(1));
            assert!(list.starts_with("$2") && list.ends_with(&format!("${}", bound.len() + 1)));
            assert_eq!(bound[..ids.len()], ids[..], "the values first, in order");
            assert!(
                bound[ids.len()..].iter().all(|v| *v == n),
                "then the last again"
            );
        }
        let shapes: std::collections::HashSet<String> =
            (1..=64_usize).map(|n| in_list(1, &vec![7; n])).collect();
        assert_eq!(shapes.len(), 7, "lists of 1 to 64 values take 7 shapes");
    }
}
