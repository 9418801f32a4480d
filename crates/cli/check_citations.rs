//! `pinpoint check-citations FILE`: does each saved citation still stand in the edition in force?
//!
//! FILE is a JSON array of `{"document", "edition", "paragraph", "quote", "content_hash"}` objects, or a CSV with
//! those column names (by extension `.csv`; `-` reads standard input and tells the two apart by a leading `[`).
//! Exit status: 0 when every citation stands, 1 when any changed, was removed or was not found, 2 when any could
//! not be checked (unknown document, ambiguous edition, unreadable paragraph) or the file could not be read.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use pinpoint_wire::{WireCitationCheck, WireCitationInput, WireCitationStatus};

use crate::cmd::open_index;
use crate::config::Config;

/// Reads the saved citations from a JSON array or a CSV file.
pub fn load(path: &Path) -> anyhow::Result<Vec<WireCitationInput>> {
    let text = if path.as_os_str() == "-" {
        let mut s = String::new();
        io::stdin()
            .read_to_string(&mut s)
            .context("reading citations from standard input")?;
        s
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
    };
    let is_csv = if path.as_os_str() == "-" {
        !text.trim_start().starts_with('[')
    } else {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    };
    if is_csv {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        reader
            .deserialize()
            .enumerate()
            .map(|(i, row)| {
                // Row 1 is the header, so the first citation is on line 2.
                row.with_context(|| format!("{} line {}", path.display(), i + 2))
            })
            .collect()
    } else {
        serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: expected a JSON array of {{\"document\", \"edition\", \"paragraph\", \"quote\"}} objects",
                path.display()
            )
        })
    }
}

pub fn run(config: &Config, file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let inputs = load(file)?;
    let index = open_index(config)?;
    // The same checker answers `POST /api/citations/check`.
    let checks = pinpoint_web::catalog::CitationChecker::new(&index).check_all(&inputs);

    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &checks)?;
        writeln!(out)?;
    } else {
        for c in &checks {
            print_text(&mut out, c)?;
        }
        let count = |s: WireCitationStatus| checks.iter().filter(|c| c.status == s).count();
        writeln!(
            out,
            "\n{} citations: {} stand, {} changed, {} removed, {} not found, {} could not be checked",
            checks.len(),
            count(WireCitationStatus::Stands),
            count(WireCitationStatus::Changed),
            count(WireCitationStatus::Removed),
            count(WireCitationStatus::NotFound),
            count(WireCitationStatus::Error),
        )?;
    }
    let worst = |s: WireCitationStatus| checks.iter().any(|c| c.status == s);
    Ok(if worst(WireCitationStatus::Error) {
        ExitCode::from(2)
    } else if checks
        .iter()
        .all(|c| c.status == WireCitationStatus::Stands)
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_text(out: &mut impl Write, c: &WireCitationCheck) -> io::Result<()> {
    let i = &c.citation;
    let mut named = vec![i.document.clone()];
    named.extend(i.edition.clone());
    named.extend(i.paragraph.clone());
    if let Some(q) = &i.quote {
        named.push(format!("“{q}”"));
    }
    writeln!(out, "{}", named.join(" "))?;
    writeln!(out, "  {}", c.message)?;
    for f in &c.findings {
        if let Some(inline) = &f.inline {
            writeln!(out, "      {inline}")?;
        }
    }
    Ok(())
}
