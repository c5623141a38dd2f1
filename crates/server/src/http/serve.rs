//! The accept loop: axum's `serve` without its blind spots. A client gets
//! `--header-timeout-secs` to send its headers (hyper closes the connection after that),
//! and each request `--request-timeout-secs` to finish, body included (uploads get
//! `--upload-timeout-secs`), so slow clients cannot hold connections open.

use super::{app, AppState};
use crate::{config::NetConfig, error::ApiError};
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use circle_api::ErrorCode;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto::Builder, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use std::{future::Future, time::Duration};
use tower::ServiceExt;

/// Serves the app on `listener` until `shutdown` resolves, then finishes the requests in
/// flight (at most 30 s).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) {
    let header_timeout = Duration::from_secs(state.net.header_timeout_secs.max(1));
    let router = app(state);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = router
            .clone()
            .map_request(move |req: Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            });
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection_with_upgrades(
                TokioIo::new(stream),
                TowerToHyperService::new(service),
            );
            if let Err(e) = watcher.watch(conn).await {
                tracing::debug!("connection from {peer} ended: {e}");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after 30 s; stopping anyway");
    }
}

/// A request that takes longer than its allowance (reading a slow body included) is
/// answered 408 `request_timeout` and dropped.
pub async fn request_timeout(
    State(net): State<NetConfig>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let secs = if req.uri().path() == "/api/v1/uploads" {
        net.upload_timeout_secs
    } else {
        net.request_timeout_secs
    };
    tokio::time::timeout(Duration::from_secs(secs.max(1)), next.run(req))
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::RequestTimeout,
                format!("The request took longer than {secs} s; try again."),
            )
        })
}
