//! The `pinpoint` command: parses the command line, runs one subcommand, returns its exit code.
//!
//! Exit codes (also in `pinpoint --help`): 0 success; 1 partial failure (some documents were rejected by ingest,
//! or a search question could not be searched); 2 usage or fatal error.

mod bench_extract;
mod bench_locators;
mod bench_query;
mod bench_scale;
mod check_citations;
mod cmd;
mod config;
mod diff;
mod eval;
mod pdftotext;
mod serve;
mod sync;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = config::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `{:#}` prints the whole context chain on one line: "search: index at data/index: no index …".
            eprintln!("pinpoint: {err:#}");
            ExitCode::from(2)
        }
    }
}
