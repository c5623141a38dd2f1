//! Configuration: one clap struct, every setting a flag and an environment variable.

use clap::{Args, Parser, Subcommand};
use std::{net::SocketAddr, path::PathBuf};

#[derive(Debug, Parser)]
#[command(name = "circle", version, about = "Shopping Circle (购物圈) server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings for `serve`, also accepted without the subcommand.
    #[command(flatten)]
    pub serve: ServeConfig,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the built app (the default).
    Serve(Box<ServeConfig>),
    /// Apply database migrations and exit.
    Migrate(DatabaseArgs),
    /// Fill the database with generated Chinese demo data (for load tests and benches).
    Seed(SeedArgs),
    /// Time what a 达人 costs on a fresh database (`cargo xtask bench` runs it).
    BenchStar(BenchStarArgs),
    /// The money ledger.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Verify every ledger invariant; exits non-zero on any breach.
    Check(DatabaseArgs),
}

#[derive(Debug, Clone, Args)]
pub struct BenchStarArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// The 达人's followers.
    #[arg(long, default_value_t = 10_000)]
    pub followers: i64,
    /// Shares of each of the 2,000 others the reader follows.
    #[arg(long, default_value_t = 5)]
    pub shares_each: i64,
}

#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// How many users to create.
    #[arg(long, default_value_t = 1000)]
    pub users: i64,
    /// How many shares to create (each with its delivered order).
    #[arg(long, default_value_t = 10_000)]
    pub shares: i64,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// `sqlite://path/to/file.db` (created when missing) or `postgres://user@host/db`.
    #[arg(
        long,
        env = "CIRCLE_DATABASE_URL",
        default_value = "sqlite://data/circle.db"
    )]
    pub database_url: String,
}

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    #[command(flatten)]
    pub db: DatabaseArgs,
    /// Address to listen on.
    #[arg(long, env = "CIRCLE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The SPA as Trunk built it.
    #[arg(long, env = "CIRCLE_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// The URL users reach the server at; `https://` makes session cookies `Secure`.
    #[arg(
        long,
        env = "CIRCLE_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
    /// Fill an empty database with demo users on start.
    #[arg(long, env = "CIRCLE_DEMO_DATA")]
    pub demo_data: bool,
    /// How long a login lasts.
    #[arg(long, env = "CIRCLE_SESSION_DAYS", default_value_t = 30)]
    pub session_days: u32,
    /// Seconds between runs of the background jobs (confirm commissions, pay out).
    #[arg(long, env = "CIRCLE_JOBS_EVERY", default_value_t = 30)]
    pub jobs_every_secs: u64,
    /// The platform's fee on each sale, in basis points (0–1000, i.e. up to 10 %): fixed
    /// for a shop when it is approved, and taken when an order completes.
    #[arg(long, env = "CIRCLE_PLATFORM_FEE_BP", default_value_t = 0,
          value_parser = clap::value_parser!(i64).range(0..=1000))]
    pub platform_fee_bp: i64,
    /// The CJK font share cards and posters are drawn with (a TTF, OTF or TTC file);
    /// `cargo xtask setup` installs Debian's fonts-wqy-microhei there.
    #[arg(long, env = "CIRCLE_CARD_FONT", default_value = crate::domain::cards::DEFAULT_FONT)]
    pub card_font: PathBuf,
    #[command(flatten)]
    pub wechat: WechatConfig,
    #[command(flatten)]
    pub net: NetConfig,
    /// Debug builds only: expose `/api/test/*` (move the clock, settle payouts) for
    /// browser tests. Release builds do not have this flag.
    #[cfg(debug_assertions)]
    #[arg(long)]
    pub test_controls: bool,
}

/// The WeChat JS-SDK: without an app id and secret, the config endpoint answers
/// "not configured" and the app falls back to the guide overlay.
#[derive(Debug, Clone, Args)]
pub struct WechatConfig {
    #[arg(long, env = "CIRCLE_WECHAT_APP_ID")]
    pub wechat_app_id: Option<String>,
    #[arg(long, env = "CIRCLE_WECHAT_APP_SECRET", hide_env_values = true)]
    pub wechat_app_secret: Option<String>,
    /// WeChat's API; tests and proxies can stand in for it.
    #[arg(
        long,
        env = "CIRCLE_WECHAT_API_BASE",
        default_value = "https://api.weixin.qq.com"
    )]
    pub wechat_api_base: String,
    /// WeChat's authorize page for web login (网页授权); tests stand in here too.
    #[arg(
        long,
        env = "CIRCLE_WECHAT_OPEN_BASE",
        default_value = "https://open.weixin.qq.com"
    )]
    pub wechat_open_base: String,
}

/// How the server meets the network: who may speak for a client, and how long a slow
/// client may hold a connection.
#[derive(Debug, Clone, Args)]
pub struct NetConfig {
    /// Reverse proxies whose `X-Forwarded-For` is believed (comma-separated addresses or
    /// ranges, e.g. `10.0.0.0/8,::1`); empty: the TCP peer is the client.
    #[arg(long, env = "CIRCLE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<crate::domain::net::Cidr>,
    /// Seconds a client has to send a request's headers.
    #[arg(long, env = "CIRCLE_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub header_timeout_secs: u64,
    /// Seconds a whole request (body included) may take; then 408.
    #[arg(long, env = "CIRCLE_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Seconds an upload may take; then 408.
    #[arg(long, env = "CIRCLE_UPLOAD_TIMEOUT_SECS", default_value_t = 120)]
    pub upload_timeout_secs: u64,
}

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            trusted_proxies: vec![],
            header_timeout_secs: 10,
            request_timeout_secs: 30,
            upload_timeout_secs: 120,
        }
    }
}
