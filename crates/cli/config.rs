//! Command-line flags and configuration.
//!
//! Precedence, lowest first: built-in defaults < `pinpoint.toml` (in the working directory, or named by
//! `--config` / `PINPOINT_CONFIG`) < `PINPOINT_*` environment variables < flags. Libraries never see this: they get
//! plain paths and values.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use serde::Deserialize;

/// Pinpoint: find the exact passage of official guidance and legislation that answers a question, cited to the
/// paragraph and page.
#[derive(Debug, Parser)]
#[command(
    name = "pinpoint",
    version,
    after_help = "Exit status: 0 success, 1 some documents or questions failed, 2 error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Index directory [default: data/index].
    #[arg(long, global = true, env = "PINPOINT_INDEX")]
    pub index: Option<PathBuf>,
    /// Folder holding the source files by the names `corpus/sources.toml` lists [default: ../shared/corpus/raw].
    #[arg(long, global = true, env = "PINPOINT_MIRROR")]
    pub mirror: Option<PathBuf>,
    /// Source list [default: corpus/sources.toml].
    #[arg(long, global = true, env = "PINPOINT_SOURCES")]
    pub sources: Option<PathBuf>,
    /// Configuration file [default: pinpoint.toml if present].
    #[arg(long, global = true, env = "PINPOINT_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch every listed document from its official address (or, with --offline, the mirror) into the store,
    /// and re-index only what changed (the old index serves until the new one is complete).
    Sync(crate::sync::SyncArgs),
    /// Read every listed document from the mirror and build a new index (the old one serves until it is done).
    Ingest {
        /// Print one JSON object per document instead of a progress bar and table.
        #[arg(long)]
        json: bool,
    },
    /// Print the text extracted from a PDF, page by page (to check against pdftotext).
    Extract {
        /// The PDF.
        file: PathBuf,
        /// Only this physical page (1-based).
        #[arg(long)]
        page: Option<u32>,
        /// Also print each line's position, size and weight.
        #[arg(long)]
        layout: bool,
    },
    /// Search the index.
    Search(SearchArgs),
    /// Score the search against an evaluation set (metrics as ../shared/eval/score.py computes them).
    Eval {
        /// The evaluation set (JSONL with gold quotes).
        #[arg(long)]
        set: PathBuf,
        /// Folder of the source files, for the pinpoint check [default: the mirror].
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[command(flatten)]
        floors: crate::eval::Floors,
        /// Also score each half of the set (odd- and even-numbered questions), to check that a gain found on
        /// one half holds on the other.
        #[arg(long)]
        halves: bool,
    },
    /// Measure: extraction and locators against pdftotext, query latency, re-ingest and scale (figures, not tests).
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
    /// Serve the JSON API and web UI over the index (ingesting first if there is no index yet).
    Serve(ServeArgs),
    /// What changed between two editions of a document: renumbered, changed (word diff), added, removed paragraphs.
    Diff {
        /// Document id (`kcsie`).
        doc: String,
        /// The older edition: its date or an unambiguous prefix (`2024`).
        from: String,
        /// The newer edition, named the same way (`2025`).
        to: String,
        /// Print the JSON of `GET /api/documents/{id}/diff` instead of text.
        #[arg(long)]
        json: bool,
        /// Also list the unchanged paragraphs.
        #[arg(long)]
        all: bool,
    },
    /// Check saved citations against the edition in force: stands (and where), changed, removed or not found.
    /// Exit status 0 if all stand, 1 if any changed, was removed or was not found, 2 on error.
    CheckCitations {
        /// JSON array of {"document", "edition", "paragraph", "quote", "content_hash"}, or CSV with those columns
        /// (`.csv`); `-` for standard input.
        file: PathBuf,
        /// Print the JSON of `POST /api/citations/check` (an array, one per citation) instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// `pinpoint serve`. Each option above the sync options can also be set in `pinpoint.toml` under `[serve]` (same
/// names, with underscores) or as `PINPOINT_*` environment variables; the sync options are flags (and the
/// environment variables they name), as for `pinpoint sync`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "PINPOINT_ADDR")]
    pub addr: Option<std::net::SocketAddr>,
    /// Log the text of questions (off by default: questions carry personal details; a salted hash is logged).
    #[arg(long, env = "PINPOINT_LOG_QUERIES")]
    pub log_queries: bool,
    /// Log format: `text` for a person, `json` for a log collector [default: text].
    #[arg(long, env = "PINPOINT_LOG_FORMAT", value_parser = ["text", "json"])]
    pub log_format: Option<String>,
    /// Most searches at once; more wait briefly, then get 503 [default: 2 × cores].
    #[arg(long, env = "PINPOINT_MAX_CONCURRENCY", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_concurrency: Option<u32>,
    /// How long a search may wait for a free slot before 503, in milliseconds [default: 1000].
    #[arg(long, env = "PINPOINT_QUEUE_WAIT_MS")]
    pub queue_wait_ms: Option<u64>,
    /// Bearer token for /api/admin/* (prefer the environment variable: flags show in `ps`). Unset: disabled.
    #[arg(long, env = "PINPOINT_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Seconds between checks of the index's CURRENT pointer for a new snapshot; 0 disables [default: 2].
    #[arg(long, env = "PINPOINT_WATCH_SECS")]
    pub watch_secs: Option<u64>,
    /// Sync on a schedule: every DURATION (`30m`, `6h`, `1d`, `1h30m`; at least 1m), the first one DURATION after
    /// start-up. Without it, syncs run only on `POST /api/admin/sync`.
    #[arg(long, env = "PINPOINT_SYNC_EVERY", value_name = "DURATION")]
    pub sync_every: Option<String>,
    /// How the server's syncs fetch (the same options as `pinpoint sync`).
    #[command(
        flatten,
        next_help_heading = "Sync (POST /api/admin/sync, --sync-every)"
    )]
    pub sync: crate::sync::SyncOptions,
}

/// `[serve]` in `pinpoint.toml`: defaults for `pinpoint serve`, below environment variables and flags.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeFile {
    pub addr: Option<std::net::SocketAddr>,
    pub log_queries: Option<bool>,
    pub log_format: Option<String>,
    pub max_concurrency: Option<u32>,
    pub queue_wait_ms: Option<u64>,
    pub admin_token: Option<String>,
    pub watch_secs: Option<u64>,
    pub sync_every: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The question. Omit with --batch.
    pub query: Option<String>,
    /// Most hits per question.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print JSON (one object per question) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Read questions from FILE, one per line (`-` for standard input); print one JSON object per line, in order.
    #[arg(long, value_name = "FILE")]
    pub batch: Option<PathBuf>,
    /// Search only these documents (by id; repeatable).
    #[arg(long = "doc")]
    pub docs: Vec<String>,
    /// Search every indexed edition, not only the current one of each document (same as `--edition all`).
    #[arg(long)]
    pub all_editions: bool,
    /// Which editions: `current` (in force today; the default), `all`, or a date prefix (`2024`, `2024-09-02`).
    #[arg(long, value_name = "EDITION", conflicts_with = "all_editions")]
    pub edition: Option<String>,
    /// Search what was in force on this date (YYYY-MM-DD): for each document, the edition in force then.
    #[arg(long, value_name = "DATE", conflicts_with_all = ["all_editions", "edition"])]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// Re-ingesting one changed document (incremental) against a full ingest of the corpus, same run.
    Reingest,
    /// PDF text extraction against pdftotext: pages/s of each, ratio, word-level F1 per file.
    Extract {
        /// PDFs to measure [default: every PDF in the mirror].
        files: Vec<PathBuf>,
    },
    /// Every PDF passage's locator against pdftotext: does its text start on the pages it claims, and is its
    /// printed page label printed on that page?
    Locators,
    /// Query latency (p50/p95/p99) over an evaluation set's questions and variants, in-process; index size on disk
    /// against the passage text it holds; peak RSS.
    Query {
        /// The evaluation set whose questions are timed.
        #[arg(long, default_value = "../shared/eval/dev.jsonl")]
        set: PathBuf,
        /// Timed passes over the questions (after one untimed warm-up pass).
        #[arg(long, default_value_t = 20)]
        repeat: usize,
    },
    /// Synthetic corpora made from the real one (10k, 100k, … passages up to --max): build time, index size and
    /// query latency at each size, and how they grow. Needs the real index (`pinpoint ingest`) to learn from.
    Scale {
        /// The largest corpus, in passages.
        #[arg(long, default_value_t = 1_000_000)]
        max: u64,
        /// The evaluation set whose questions are timed.
        #[arg(long, default_value = "../shared/eval/dev.jsonl")]
        set: PathBuf,
        /// Build the indexes here and keep them [default: a temporary folder, deleted afterwards].
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Timed passes over the questions at each size.
        #[arg(long, default_value_t = 5)]
        repeat: usize,
        /// Seed of the corpus generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// `pinpoint.toml`: every key optional; relative paths are relative to the file's folder.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    index: Option<PathBuf>,
    mirror: Option<PathBuf>,
    sources: Option<PathBuf>,
    #[serde(default)]
    serve: ServeFile,
}

/// The resolved settings every subcommand works from.
#[derive(Debug, Clone)]
pub struct Config {
    pub index: PathBuf,
    pub mirror: PathBuf,
    pub sources: PathBuf,
    /// `[serve]` of the configuration file (flags and environment are applied by `pinpoint serve`).
    pub serve: ServeFile,
}

impl Config {
    pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Config> {
        let explicit = global.config.clone();
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("pinpoint.toml"));
        let (file, base) = if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let file: FileConfig =
                toml::from_str(&text).with_context(|| format!("in {}", path.display()))?;
            (
                file,
                path.parent().map(Path::to_path_buf).unwrap_or_default(),
            )
        } else if let Some(p) = explicit {
            anyhow::bail!("configuration file {} does not exist", p.display());
        } else {
            (FileConfig::default(), PathBuf::new())
        };
        let from_file =
            |p: Option<PathBuf>| p.map(|p| if p.is_relative() { base.join(p) } else { p });
        Ok(Config {
            index: global
                .index
                .clone()
                .or_else(|| from_file(file.index))
                .unwrap_or_else(|| "data/index".into()),
            mirror: global
                .mirror
                .clone()
                .or_else(|| from_file(file.mirror))
                .unwrap_or_else(|| "../shared/corpus/raw".into()),
            sources: global
                .sources
                .clone()
                .or_else(|| from_file(file.sources))
                .unwrap_or_else(|| "corpus/sources.toml".into()),
            serve: file.serve,
        })
    }
}
