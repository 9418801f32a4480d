//! Running the service: the listener, graceful shutdown on SIGTERM or Ctrl-C, the watcher that swaps in a new
//! index snapshot when another process (ingest, sync) moves the index's `CURRENT` pointer, and the sync schedule
//! (`Settings::sync_every`).

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::net::TcpListener;

use crate::ops::DRAIN_TIMEOUT;
use crate::{router, AppState};

/// Runs the service on `addr` on a runtime of its own until SIGTERM or Ctrl-C, then drains requests in flight (at
/// most [`DRAIN_TIMEOUT`]). `on_ready` is called with the bound address (useful with port 0) once it accepts
/// connections.
pub fn serve_blocking(
    addr: SocketAddr,
    state: AppState,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("pinpoint-web")
        .build()?;
    let result = runtime.block_on(async move {
        let listener = TcpListener::bind(addr).await?;
        on_ready(listener.local_addr()?);
        serve(listener, state, shutdown_signal()).await
    });
    // A search still running on a blocking thread after the drain is abandoned, not waited for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// Serves `state` on `listener` until `shutdown` completes, then stops accepting, lets requests in flight finish
/// (at most [`DRAIN_TIMEOUT`]) and returns. Watches the index's `CURRENT` pointer when
/// [`crate::Settings::index_root`] is set.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let watcher = match (
        &state.settings().index_root,
        state.settings().reopen.is_some(),
    ) {
        (Some(root), true) if !state.settings().watch_interval.is_zero() => Some(tokio::spawn(
            watch_current(state.clone(), root.clone(), state.settings().watch_interval),
        )),
        _ => None,
    };
    let scheduler = match (&state.settings().sync, state.settings().sync_every) {
        (Some(_), Some(every)) if !every.is_zero() => {
            tracing::info!(every_seconds = every.as_secs(), "syncing on a schedule");
            Some(tokio::spawn(crate::sync::schedule(state.clone(), every)))
        }
        _ => None,
    };
    if let Ok(addr) = listener.local_addr() {
        let info = state.searcher().index().info().clone();
        tracing::info!(%addr, snapshot = %info.name, passages = info.passages,
            max_concurrency = state.settings().max_concurrency, "serving");
    }
    let (draining_tx, mut draining_rx) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: no new connections; finishing requests in flight");
        let _ = draining_tx.send(true);
    });
    let deadline = async move {
        // Only once shutdown has begun; then give requests in flight a bounded time.
        while !*draining_rx.borrow() {
            if draining_rx.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
        tokio::time::sleep(DRAIN_TIMEOUT).await;
    };
    let result = tokio::select! {
        r = server.into_future() => r,
        () = deadline => {
            tracing::warn!("requests still in flight after {DRAIN_TIMEOUT:?}; stopping anyway");
            Ok(())
        }
    };
    for task in [watcher, scheduler].into_iter().flatten() {
        task.abort();
    }
    tracing::info!("stopped");
    result
}

/// Completes on Ctrl-C or (on Unix) SIGTERM, as a service manager sends on stop.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Every `every`, compares the snapshot `root/CURRENT` names with the one being served and reloads when they
/// differ. `CURRENT` is replaced by rename once a snapshot is complete (see `pinpoint-index`), so whatever it names
/// is whole; requests in flight finish on the old snapshot, which the index keeps until the next build.
async fn watch_current(state: AppState, root: PathBuf, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(named) = current_name(&root).await else {
            continue;
        };
        let serving = state.searcher().index().info().name.clone();
        if named == serving {
            continue;
        }
        match state.reload().await {
            Ok((previous, snapshot)) => {
                tracing::info!(%previous, %snapshot, "index reloaded: CURRENT changed")
            }
            Err(e) => {
                tracing::warn!(error = %e, named = %named, "CURRENT changed but the new snapshot could not be opened; still serving the old one")
            }
        }
    }
}

/// The snapshot name in `root/CURRENT`, if it can be read.
async fn current_name(root: &Path) -> Option<String> {
    let text = tokio::fs::read_to_string(root.join("CURRENT")).await.ok()?;
    let name = text.trim();
    (!name.is_empty()).then(|| name.to_owned())
}
