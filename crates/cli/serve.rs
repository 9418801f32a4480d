//! `pinpoint serve`: the JSON API and web UI over the configured index. With no index yet, ingests the corpus first
//! (the same ingest as `pinpoint ingest`), so one command brings up a working service. Hands the server a sync
//! job (the same sync as `pinpoint sync`, configured by the same options) for `POST /api/admin/sync` and
//! `--sync-every`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use pinpoint_sync::{Event, HttpOptions, IndexOutcome, SourceOutcome, SourceReport, SyncConfig};
use pinpoint_wire::{WireSyncIndex, WireSyncOutcome, WireSyncSource};

use crate::cmd::{ingest, open_searcher};
use crate::config::{Config, ServeArgs};

pub fn run(config: &Config, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let file = &config.serve;
    let log_format = args
        .log_format
        .clone()
        .or_else(|| file.log_format.clone())
        .unwrap_or_else(|| "text".into());
    // Flags and the environment are checked by clap; `pinpoint.toml` is not.
    anyhow::ensure!(
        matches!(log_format.as_str(), "text" | "json"),
        "log_format under [serve] in the configuration file must be \"text\" or \"json\", not {log_format:?}"
    );
    init_logging(&log_format)?;

    // Only a missing index, or one an older Pinpoint wrote in another stored format (derived data, rebuilt from the
    // sources beside it), is built here; any other failure (a corrupt one) is reported by `open_searcher` below,
    // with its context, rather than silently replaced.
    if let Err(
        e @ (pinpoint_index::Error::NoIndex { .. } | pinpoint_index::Error::OldFormat { .. }),
    ) = pinpoint_index::Index::open(&config.index)
    {
        tracing::info!(index = %config.index.display(), reason = %e, "ingesting the corpus first");
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
    let sync_every = args
        .sync_every
        .clone()
        .or_else(|| file.sync_every.clone())
        .map(|s| pinpoint_web::parse_every(&s))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--sync-every: {e}"))?;
    let mut sync_config = args.sync.sync_config(config, HttpOptions::default());
    // Half the cores for parsing, so searches keep the rest while a sync re-indexes.
    sync_config.workers = (sync_config.workers / 2).max(1);
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
        sync: Some(Arc::new(move |progress| run_sync(&sync_config, progress))),
        sync_every,
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

/// One sync for the server: `pinpoint sync`'s, reporting each source to the server as it is done.
fn run_sync(
    config: &SyncConfig,
    progress: &(dyn Fn(WireSyncSource) + Sync),
) -> Result<WireSyncIndex, pinpoint_web::BoxError> {
    let on_event = |event: &Event| {
        if let Event::Source(s) = event {
            progress(wire_source(s));
        }
    };
    let report = pinpoint_sync::sync(config, &on_event)
        .map_err(|e| format!("sync into {}: {e}", config.store.display()))?;
    Ok(match &report.index {
        IndexOutcome::UpToDate => WireSyncIndex::up_to_date(),
        IndexOutcome::Rebuilt(summary) => {
            let (parsed, copied, rejected) = crate::sync::reindexed(summary);
            WireSyncIndex {
                rebuilt: true,
                snapshot: Some(summary.snapshot.name.clone()),
                passages: Some(summary.snapshot.passages),
                parsed: parsed as u64,
                copied: copied as u64,
                rejected: rejected as u64,
            }
        }
    })
}

fn wire_source(s: &SourceReport) -> WireSyncSource {
    let (outcome, reason) = match &s.outcome {
        SourceOutcome::NotModified => (WireSyncOutcome::NotModified, None),
        SourceOutcome::Unchanged => (WireSyncOutcome::Unchanged, None),
        SourceOutcome::Stored => (WireSyncOutcome::Stored, None),
        SourceOutcome::Revision => (WireSyncOutcome::Revision, None),
        SourceOutcome::NewEdition => (WireSyncOutcome::NewEdition, None),
        SourceOutcome::NoAddress => (WireSyncOutcome::NoAddress, None),
        SourceOutcome::Failed { reason } => (WireSyncOutcome::Failed, Some(reason.clone())),
    };
    WireSyncSource {
        doc_id: s.doc.to_string(),
        edition: s.edition.map(|e| e.to_string()),
        from: s.from.clone(),
        sha256: s.sha256.clone(),
        outcome,
        reason,
    }
}

/// Logs to standard error: `json` one object per line (fields flattened), `text` for a terminal. `RUST_LOG`
/// overrides the level (default `info`).
fn init_logging(format: &str) -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    // lopdf warns (through `log`) about every font quirk it works around while ingest reads the corpus; Pinpoint's
    // own ingest report already says what matters per document, so its chatter is kept to errors by default.
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,lopdf=error"));
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
