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
    Serve(ServeConfig),
    /// Apply database migrations and exit.
    Migrate(DatabaseArgs),
    /// Fill the database with generated Chinese demo data (for load tests and benches).
    Seed(SeedArgs),
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
}
