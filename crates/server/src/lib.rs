//! Shopping Circle server. Data flows one way:
//! `http` (parse, authorize, answer) → `service` (one use case, one transaction) →
//! `domain` (the rules, no I/O) and `store` (all SQL).

pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
pub mod seed;
pub mod service;
pub mod store;
pub mod telemetry;

use anyhow::Context;
use std::sync::Arc;

/// Connects, migrates, optionally seeds, and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: config::ServeConfig) -> anyhow::Result<()> {
    let store = store::Store::connect(&config.db.database_url).await?;
    #[cfg(debug_assertions)]
    let (clock, shifted): (Arc<dyn clock::Clock>, Option<clock::ShiftedClock>) =
        if config.test_controls {
            tracing::warn!("test controls are on: /api/test/* can move this server's clock");
            let c = clock::ShiftedClock::default();
            (Arc::new(c.clone()), Some(c))
        } else {
            (Arc::new(clock::SystemClock), None)
        };
    #[cfg(not(debug_assertions))]
    let clock: Arc<dyn clock::Clock> = Arc::new(clock::SystemClock);
    #[allow(unused_mut)]
    let mut state = http::AppState::new(store.clone(), Arc::clone(&clock), &config);
    #[cfg(debug_assertions)]
    {
        state.test_clock = shifted;
    }
    if config.demo_data {
        demo::seed_if_empty(&store, &clock::SystemClock, &state.cards.fonts).await?;
    }
    let timeline = tokio::spawn(timeline_loop(store.clone()));
    let jobs = tokio::spawn(jobs_loop(
        store,
        clock,
        std::time::Duration::from_secs(config.jobs_every_secs.max(1)),
    ));
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!("Shopping Circle is at http://{addr}");
    println!("购物圈 Shopping Circle: http://{addr}");
    http::serve(listener, state, shutdown_signal()).await;
    jobs.abort();
    timeline.abort();
    tracing::info!("stopped");
    Ok(())
}

/// Does the background timeline work (a 达人's fan-out, purges) soon after it is queued:
/// every 100 ms, a bounded run each time.
async fn timeline_loop(store: store::Store) {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(100));
    loop {
        tick.tick().await;
        let pause = service::jobs::TIMELINE_PAUSE;
        if let Err(e) = service::jobs::timeline_work(&store, 200, pause).await {
            tracing::error!("timeline work failed: {e:#}");
        }
    }
}

/// Runs the time-driven jobs (confirm commissions, pay out withdrawals) every `every`.
async fn jobs_loop(store: store::Store, clock: Arc<dyn clock::Clock>, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match service::jobs::run_jobs(&store, clock.now()).await {
            Ok(run) if run != service::jobs::JobsRun::default() => {
                tracing::info!(
                    received = run.received,
                    completed = run.completed,
                    paid_out = run.paid_out,
                    "jobs ran"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!("jobs failed: {e:#}"),
        }
    }
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
