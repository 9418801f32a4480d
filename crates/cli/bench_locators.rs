//! `pinpoint bench locators`: checks every PDF passage's locator against `pdftotext`.
//!
//! - start: the passage's first eight words appear on the physical page range it claims (as `score.py` checks);
//! - label: the printed page label it records is printed in the head or foot of that page (its first ten or last four
//!   lines of text), so a citation "p. 93" sends the reader to the page that says 93.

use std::io::Write;
use std::path::Path;

use pinpoint_index::Index;
use pinpoint_model::Position;

use crate::pdftotext::PdfText;

#[derive(Default)]
struct Tally {
    starts: usize,
    starts_ok: usize,
    labels: usize,
    labels_ok: usize,
}

fn label_printed(page: &str, label: &str) -> bool {
    let lines: Vec<&str> = page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // Legislation.gov.uk prints set the folio in a ten-line header block that pdftotext reads out of order.
    let edges = lines.iter().take(10).chain(lines.iter().rev().take(4));
    edges.into_iter().any(|l| {
        l.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(label))
    })
}

/// Runs the check over every PDF edition in the index, reading the files from `mirror`. Returns the share of
/// passages whose start is on their claimed pages.
pub fn run(index: &Index, mirror: &Path, out: &mut impl Write) -> anyhow::Result<f64> {
    let mut pdf = PdfText::default();
    let mut total = Tally::default();
    let mut failures: Vec<String> = Vec::new();
    writeln!(
        out,
        "{:<44} {:>9} {:>8} {:>9} {:>8}",
        "document", "passages", "start ok", "labelled", "label ok"
    )?;
    for stats in index.editions() {
        let edition = &stats.edition;
        if !edition.source.to_lowercase().ends_with(".pdf") {
            continue;
        }
        let path = mirror.join(&edition.source);
        let mut t = Tally::default();
        for stored in index.passages_of(&edition.doc, edition.id)? {
            let p = stored.passage;
            let Position::Pages(span) = &p.locator.position else {
                continue;
            };
            if let Some(ok) = pdf.starts_on(&path, &p.text, span.start(), span.end())? {
                t.starts += 1;
                t.starts_ok += ok as usize;
                if !ok && failures.len() < 15 {
                    let head: String = p.text.chars().take(70).collect();
                    failures.push(format!(
                        "  {} pp. {}-{}: {head:?}",
                        p.id,
                        span.start(),
                        span.end()
                    ));
                }
            }
            if let Some(label) = span.label() {
                let pages = pdf.pages(&path)?;
                if let Some(page) = pages.get(span.start() as usize - 1) {
                    t.labels += 1;
                    t.labels_ok += label_printed(page, label) as usize;
                }
            }
        }
        let share = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        writeln!(
            out,
            "{:<44} {:>9} {:>8.3} {:>9} {:>8.3}",
            format!("{} {}", edition.doc, edition.id),
            t.starts,
            share(t.starts_ok, t.starts),
            t.labels,
            share(t.labels_ok, t.labels)
        )?;
        total.starts += t.starts;
        total.starts_ok += t.starts_ok;
        total.labels += t.labels;
        total.labels_ok += t.labels_ok;
    }
    let start_share = total.starts_ok as f64 / total.starts.max(1) as f64;
    writeln!(
        out,
        "\nall PDF passages: {} checked, start on claimed pages {:.4}; {} printed labels checked, found on the page {:.4}",
        total.starts,
        start_share,
        total.labels,
        total.labels_ok as f64 / total.labels.max(1) as f64
    )?;
    if !failures.is_empty() {
        writeln!(
            out,
            "first passages whose start was not found on their pages:"
        )?;
        for f in failures {
            writeln!(out, "{f}")?;
        }
    }
    Ok(start_share)
}
