//! Shopping Circle server. Data flows one way:
//! `http` (parse, authorize) → `domain` (decide) → `store` (read/write).

pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod http;
pub mod seed;
pub mod store;
pub mod telemetry;

use anyhow::Context;
use std::sync::Arc;

/// Connects, migrates, optionally seeds, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: config::ServeConfig) -> anyhow::Result<()> {
    let store = store::Store::connect(&config.db.database_url).await?;
    if config.demo_data {
        demo::seed_if_empty(&store, &clock::SystemClock).await?;
    }
    let state = http::AppState::new(store, Arc::new(clock::SystemClock), &config);
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!("Shopping Circle is at http://{addr}");
    println!("购物圈 Shopping Circle: http://{addr}");
    axum::serve(listener, http::app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
