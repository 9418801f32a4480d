//! `pinpoint sync` (fetch from the official addresses or the mirror into the store, re-index what changed) and
//! `pinpoint bench reingest` (one changed document re-ingested incrementally, against a full ingest).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use pinpoint_ingest::{DocOutcome, Input};
use pinpoint_sources::{Mirror, SourceList};
use pinpoint_sync::{Endpoints, Event, HttpOptions, IndexOutcome, Mode, SourceOutcome, SyncConfig};

use crate::config::Config;

/// Where a sync reads from and writes to: shared by `pinpoint sync` and `pinpoint serve` (whose
/// `POST /api/admin/sync` and `--sync-every` run the same sync).
#[derive(Debug, Clone, Args)]
pub struct SyncOptions {
    /// Read the listed files from the mirror folder (--mirror) instead of fetching them over HTTP.
    #[arg(long)]
    pub offline: bool,
    /// The content-addressed store of fetched files [default: data/store].
    #[arg(long, env = "PINPOINT_STORE")]
    pub store: Option<PathBuf>,
    /// Over HTTP, do not copy editions the store lacks from the mirror first.
    #[arg(long)]
    pub no_seed: bool,
    /// Base URL standing in for https://www.gov.uk (tests, proxies).
    #[arg(long, env = "PINPOINT_GOVUK_BASE", value_name = "URL")]
    pub govuk_base: Option<String>,
    /// Base URL standing in for https://assets.publishing.service.gov.uk.
    #[arg(long, env = "PINPOINT_ASSETS_BASE", value_name = "URL")]
    pub assets_base: Option<String>,
    /// Base URL standing in for https://www.legislation.gov.uk.
    #[arg(long, env = "PINPOINT_LEGISLATION_BASE", value_name = "URL")]
    pub legislation_base: Option<String>,
    /// Contact put in the User-Agent (`Pinpoint/0.1 (+CONTACT)`), e.g. a URL or mailto: address.
    #[arg(long, env = "PINPOINT_CONTACT")]
    pub contact: Option<String>,
}

impl SyncOptions {
    /// The sync these options and the global configuration (sources, mirror, index) describe, with `http`'s
    /// politeness (its User-Agent replaced by one naming `--contact`).
    pub fn sync_config(&self, config: &Config, http: HttpOptions) -> SyncConfig {
        let mut endpoints = Endpoints::default();
        for (slot, given) in [
            (&mut endpoints.govuk, &self.govuk_base),
            (&mut endpoints.assets, &self.assets_base),
            (&mut endpoints.legislation, &self.legislation_base),
        ] {
            if let Some(url) = given {
                *slot = url.clone();
            }
        }
        let mode = if self.offline {
            Mode::Mirror(config.mirror.clone())
        } else {
            Mode::Http {
                seed: (!self.no_seed && config.mirror.is_dir()).then(|| config.mirror.clone()),
            }
        };
        SyncConfig {
            sources: config.sources.clone(),
            store: self.store.clone().unwrap_or_else(|| "data/store".into()),
            index: config.index.clone(),
            mode,
            endpoints,
            http: HttpOptions {
                user_agent: pinpoint_sync::user_agent(self.contact.as_deref()),
                ..http
            },
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub options: SyncOptions,
    /// Least seconds between two requests to one host.
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    pub rate_limit: f64,
    /// Retries on 5xx, 429, timeouts and broken connections (never on other 4xx).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Seconds before the first retry (doubled for each further one).
    #[arg(long, default_value_t = 2.0, value_name = "SECONDS")]
    pub backoff: f64,
    /// Seconds allowed for one whole request, body included.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Seconds allowed without any answer or progress.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub idle_timeout: f64,
    /// Largest file accepted, in MB.
    #[arg(long, default_value_t = 100)]
    pub max_mb: u64,
    /// Print one JSON object per source and one for the index instead of lines.
    #[arg(long)]
    pub json: bool,
    /// Also print how long fetching and re-indexing took, and how many editions were parsed and copied.
    #[arg(long)]
    pub stats: bool,
}

fn secs(s: f64, what: &str) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(s)
        .with_context(|| format!("--{what} {s} is not a number of seconds"))
}

pub fn run(config: &Config, args: &SyncArgs) -> anyhow::Result<ExitCode> {
    let sync_config = args.options.sync_config(
        config,
        HttpOptions {
            min_interval: secs(args.rate_limit, "rate-limit")?,
            retries: args.retries,
            backoff: secs(args.backoff, "backoff")?,
            idle_timeout: secs(args.idle_timeout, "idle-timeout")?,
            total_timeout: secs(args.timeout, "timeout")?,
            max_bytes: args.max_mb.saturating_mul(1 << 20),
            ..HttpOptions::default()
        },
    );
    let json = args.json;
    let on_event = |event: &Event| match event {
        Event::Source(s) => {
            let (status, reason) = match &s.outcome {
                SourceOutcome::NotModified => ("not-modified", None),
                SourceOutcome::Unchanged => ("unchanged", None),
                SourceOutcome::Stored => ("stored", None),
                SourceOutcome::Revision => ("revision", None),
                SourceOutcome::NewEdition => ("new-edition", None),
                SourceOutcome::NoAddress => ("no-address", None),
                SourceOutcome::Failed { reason } => ("FAILED", Some(reason.as_str())),
            };
            let edition = s.edition.map(|e| e.to_string());
            if json {
                let v = serde_json::json!({
                    "doc_id": s.doc.as_str(), "edition": edition, "from": s.from, "sha256": s.sha256,
                    "outcome": status, "reason": reason,
                });
                println!("{v}");
            } else {
                println!(
                    "{status:<12} {:<44} {:<10} {}",
                    s.doc.as_str(),
                    edition.as_deref().unwrap_or("-"),
                    s.from
                );
                if let Some(r) = reason {
                    println!("             {r}");
                }
            }
        }
        Event::Ingest(pinpoint_ingest::Event::Document(r)) => {
            if let (
                false,
                DocOutcome::Failed {
                    reason,
                    kept_previous,
                },
            ) = (json, &r.outcome)
            {
                let kept = if *kept_previous {
                    " (previous copy kept)"
                } else {
                    ""
                };
                println!(
                    "index FAILED {} {}{kept}: {reason}",
                    r.doc.as_str(),
                    r.edition
                );
            }
        }
        Event::Ingest(_) => {}
    };
    let report = pinpoint_sync::sync(&sync_config, &on_event)
        .with_context(|| format!("sync into {}", sync_config.store.display()))?;
    let failed = report.failed().count();
    let (index_line, index_failed, parsed, copied) = match &report.index {
        IndexOutcome::UpToDate => ("index up to date: nothing re-indexed".to_owned(), 0, 0, 0),
        IndexOutcome::Rebuilt(summary) => {
            let (parsed, copied, bad) = reindexed(summary);
            (
                format!(
                    "re-indexed: {parsed} editions parsed, {copied} copied unchanged, {bad} rejected; snapshot {} ({} passages)",
                    summary.snapshot.name, summary.snapshot.passages
                ),
                bad,
                parsed,
                copied,
            )
        }
    };
    if json {
        let v = serde_json::json!({
            "index": matches!(report.index, IndexOutcome::Rebuilt(_)).then_some("rebuilt").unwrap_or("up-to-date"),
            "parsed": parsed, "copied": copied, "failed_sources": failed, "rejected": index_failed,
            "fetch_seconds": report.fetch_time.as_secs_f64(), "seconds": report.elapsed.as_secs_f64(),
        });
        println!("{v}");
    } else {
        println!(
            "{} sources, {failed} failed; {index_line}",
            report.sources.len()
        );
        if args.stats {
            println!(
                "time: {:.2} s fetching/reading, {:.2} s re-indexing, {:.2} s in all",
                report.fetch_time.as_secs_f64(),
                (report.elapsed - report.fetch_time).as_secs_f64(),
                report.elapsed.as_secs_f64()
            );
        }
    }
    Ok(if failed + index_failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Editions a re-index parsed afresh, copied unchanged from the previous snapshot, and rejected.
pub fn reindexed(summary: &pinpoint_ingest::Summary) -> (usize, usize, usize) {
    let count =
        |f: &dyn Fn(&DocOutcome) -> bool| summary.reports.iter().filter(|r| f(&r.outcome)).count();
    (
        count(&|o| *o == DocOutcome::Ingested),
        count(&|o| *o == DocOutcome::Unchanged),
        summary.rejected().count(),
    )
}

/// Full ingest of the corpus into a temporary index, then the same corpus with one document changed (KCSIE 2025,
/// the largest) through the incremental path, and the no-change case; prints each time and the ratio.
pub fn bench_reingest(config: &Config, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let list = SourceList::load(&config.sources)?;
    let mirror = Mirror::new(&config.mirror);
    let dir = std::env::temp_dir().join(format!("pinpoint-bench-reingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // The scratch index goes however the run ends.
    struct Scratch<'a>(&'a std::path::Path);
    impl Drop for Scratch<'_> {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(self.0);
        }
    }
    let _scratch = Scratch(&dir);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let quiet = |_: &pinpoint_ingest::Event| {};

    let t0 = Instant::now();
    let full = pinpoint_ingest::ingest(&list, &mirror, &dir, workers, &quiet)?;
    let full_time = t0.elapsed();

    // Every edition with its file's real SHA-256, as sync hands them over.
    let mut inputs: Vec<Input> = Vec::new();
    for source in list.sources() {
        let mut input = Input::from_mirror(source, &mirror);
        if let Ok(path) = &input.file {
            input.sha256 = Some(pinpoint_sources::sha256_file(path)?);
        }
        inputs.push(input);
    }
    let t1 = Instant::now();
    let plan = pinpoint_ingest::plan(&inputs, &dir);
    let noop_time = t1.elapsed();
    anyhow::ensure!(
        plan.is_noop(),
        "unchanged corpus should need no rebuild: {plan:?}"
    );

    // One document changed: its recorded hash no longer matches, so it is parsed; the rest are copied. KCSIE 2025
    // where the list has it (the largest), else the first edition with a file; the report names which.
    let has_file = |i: &Input| i.file.is_ok();
    let changed = inputs
        .iter()
        .position(|i| {
            has_file(i)
                && i.source.edition.doc.as_str() == "kcsie"
                && i.source.edition.id.to_string().starts_with("2025")
        })
        .or_else(|| inputs.iter().position(has_file))
        .context("no listed edition has a file in the mirror")?;
    inputs[changed].sha256 = Some("0".repeat(64));
    let t2 = Instant::now();
    let inc = pinpoint_ingest::ingest_changed(&inputs, &dir, workers, &quiet)?;
    let inc_time = t2.elapsed();
    let parsed = inc
        .reports
        .iter()
        .filter(|r| r.outcome == DocOutcome::Ingested)
        .count();
    let copied = inc
        .reports
        .iter()
        .filter(|r| r.outcome == DocOutcome::Unchanged)
        .count();

    writeln!(
        out,
        "full ingest:        {:>7.3} s  ({} editions, {} passages)",
        full_time.as_secs_f64(),
        full.reports.len(),
        full.snapshot.passages
    )?;
    writeln!(
        out,
        "one changed ({}): {:>7.3} s  ({parsed} parsed, {copied} copied)  = {:.2}x faster than full",
        inputs[changed].source.entry(),
        inc_time.as_secs_f64(),
        full_time.as_secs_f64() / inc_time.as_secs_f64().max(1e-9)
    )?;
    writeln!(
        out,
        "nothing changed:    {:>7.3} s  (no snapshot built)",
        noop_time.as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}
