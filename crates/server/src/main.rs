//! The `circle` binary: `serve` (the default), `migrate`.

use circle_server::config::{Cli, Command, LedgerCommand};
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    circle_server::telemetry::init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve(Box::new(cli.serve))) {
        Command::Serve(config) => circle_server::serve(*config).await,
        Command::Seed(args) => {
            let store = circle_server::store::Store::connect(&args.db.database_url).await?;
            circle_server::seed::run(
                &store,
                args.users,
                args.shares,
                &circle_server::clock::SystemClock,
            )
            .await
        }
        Command::BenchStar(args) => {
            let store = circle_server::store::Store::connect(&args.db.database_url).await?;
            let now = circle_server::clock::Clock::now(&circle_server::clock::SystemClock);
            let [share, like, page, delete] =
                circle_server::seed::star::run(&store, args.followers, args.shares_each, now)
                    .await?;
            println!("p99 ms: share {share:.2} like {like:.2} page {page:.2} delete {delete:.2}");
            Ok(())
        }
        Command::Ledger {
            command: LedgerCommand::Check(db),
        } => {
            let store = circle_server::store::Store::connect(&db.database_url).await?;
            let breaches = circle_server::store::ledger::check(&mut *store.conn().await?).await?;
            if breaches.is_empty() {
                println!("ledger check: every invariant holds");
                Ok(())
            } else {
                for b in &breaches {
                    eprintln!("breach: {b}");
                }
                eprintln!("ledger check: {} breaches", breaches.len());
                store.close().await;
                std::process::exit(1)
            }
        }
        Command::Migrate(db) => {
            let store = circle_server::store::Store::connect(&db.database_url).await?;
            tracing::info!(database = store.backend().name(), "migrations applied");
            Ok(())
        }
    }
}
