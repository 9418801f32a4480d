//! `pinpoint serve`: the JSON API and web UI over the configured index. With no index yet, ingests the corpus first
//! (the same ingest as `pinpoint ingest`), so one command brings up a working service.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::cmd::{ingest, open_searcher};
use crate::config::{Config, ServeArgs};

pub fn run(config: &Config, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let file = &config.serve;
    let log_format = args
        .log_format
        .clone()
        .or_else(|| file.log_format.clone())
        .unwrap_or_else(|| "text".into());
    init_logging(&log_format)?;

    // Only a missing index is built here; any other failure (a corrupt one) is reported by `open_searcher` below,
    // with its context, rather than silently replaced.
    if let Err(pinpoint_index::Error::NoIndex { .. }) = pinpoint_index::Index::open(&config.index) {
        tracing::info!(index = %config.index.display(), "no index yet: ingesting the corpus first");
        if ingest(config, false)? != ExitCode::SUCCESS {
            tracing::warn!("some documents were rejected by ingest (see above); serving the rest");
        }
    }
    let searcher = open_searcher(config)?;

    let addr: SocketAddr = args
        .addr
        .or(file.addr)
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let defaults = pinpoint_web::Settings::default();
    let reopen_config = config.clone();
    let settings = pinpoint_web::Settings {
        max_concurrency: args
            .max_concurrency
            .or(file.max_concurrency)
            .map_or(defaults.max_concurrency, |n| n as usize),
        queue_wait: args
            .queue_wait_ms
            .or(file.queue_wait_ms)
            .map_or(defaults.queue_wait, Duration::from_millis),
        log_queries: args.log_queries || file.log_queries.unwrap_or(false),
        admin_token: args
            .admin_token
            .clone()
            .or_else(|| file.admin_token.clone())
            .filter(|t| !t.trim().is_empty()),
        index_root: Some(config.index.clone()),
        watch_interval: args
            .watch_secs
            .or(file.watch_secs)
            .map_or(defaults.watch_interval, Duration::from_secs),
        reopen: Some(Arc::new(move || {
            open_searcher(&reopen_config).map_err(|e| format!("{e:#}").into())
        })),
        ..defaults
    };
    if settings.log_queries {
        tracing::warn!("--log-queries: question text will be written to the log");
    }
    let state = pinpoint_web::AppState::with_settings(searcher, settings);
    pinpoint_web::serve_blocking(addr, state, |bound| {
        // On stdout, for people and for scripts that started the server on port 0.
        println!("pinpoint: serving on http://{bound}");
    })
    .with_context(|| format!("serving on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Logs to standard error: `json` one object per line (fields flattened), `text` for a terminal. `RUST_LOG`
/// overrides the level (default `info`).
fn init_logging(format: &str) -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal, not in files or journald.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let result = if format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
    result.map_err(|e| anyhow::anyhow!("setting up logging: {e}"))
}
