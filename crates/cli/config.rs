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
        /// Exit 1 when R@5 is below this.
        #[arg(long)]
        min_r5: Option<f64>,
        /// Exit 1 when MRR@10 is below this.
        #[arg(long)]
        min_mrr: Option<f64>,
    },
    /// Measure: `bench extract` compares PDF extraction with pdftotext (speed and word-level F1).
    Bench {
        #[command(subcommand)]
        what: BenchWhat,
    },
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
    /// Search every indexed edition, not only the current one of each document.
    #[arg(long)]
    pub all_editions: bool,
}

#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// PDF text extraction against pdftotext: pages/s of each, ratio, word-level F1 per file.
    Extract {
        /// PDFs to measure [default: every PDF in the mirror].
        files: Vec<PathBuf>,
    },
    /// Every PDF passage's locator against pdftotext: does its text start on the pages it claims, and is its
    /// printed page label printed on that page?
    Locators,
}

/// `pinpoint.toml`: every key optional; relative paths are relative to the file's folder.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    index: Option<PathBuf>,
    mirror: Option<PathBuf>,
    sources: Option<PathBuf>,
}

/// The resolved settings every subcommand works from.
#[derive(Debug, Clone)]
pub struct Config {
    pub index: PathBuf,
    pub mirror: PathBuf,
    pub sources: PathBuf,
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
        })
    }
}
