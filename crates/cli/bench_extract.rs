//! `pinpoint bench extract`: extraction speed and word-level agreement with `pdftotext` (poppler), per file.
//!
//! For every PDF it times `pinpoint_pdf::extract_file` over all pages and one `pdftotext FILE -` run (whose
//! output separates pages with form feeds), then compares each page's words: lowercase runs of letters and digits
//! after NFKC, as multisets. A file's F1 is the micro-average over its pages (total overlap over total words), so
//! long pages weigh more than a near-empty cover page.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::Context;
use pinpoint_pdf::text::{word_overlap, words};

struct Row {
    name: String,
    pages: usize,
    ours_ms: f64,
    peer_ms: f64,
    common: usize,
    ours_words: usize,
    peer_words: usize,
    worst_page: Option<(u32, f64)>,
    error: Option<String>,
}

impl Row {
    fn f1(&self) -> f64 {
        let total = self.ours_words + self.peer_words;
        if total == 0 {
            1.0
        } else {
            2.0 * self.common as f64 / total as f64
        }
    }
}

fn per_second(pages: usize, ms: f64) -> f64 {
    if ms > 0.0 {
        pages as f64 / (ms / 1000.0)
    } else {
        0.0
    }
}

fn bench_file(path: &PathBuf) -> anyhow::Result<Row> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let limits = pinpoint_pdf::Limits::default();
    let t = Instant::now();
    let ours = pinpoint_pdf::extract_file(path, &limits);
    let ours_ms = t.elapsed().as_secs_f64() * 1000.0;

    let t = Instant::now();
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .context("running pdftotext (apt-get install poppler-utils)")?;
    let peer_ms = t.elapsed().as_secs_f64() * 1000.0;
    let peer_text = String::from_utf8_lossy(&output.stdout);
    let peer_pages: Vec<&str> = peer_text.split('\x0c').collect();

    let mut row = Row {
        name,
        pages: 0,
        ours_ms,
        peer_ms,
        common: 0,
        ours_words: 0,
        peer_words: 0,
        worst_page: None,
        error: None,
    };
    match ours {
        Ok(doc) => {
            row.pages = doc.pages.len();
            for page in &doc.pages {
                let a = words(&page.text());
                let b = words(
                    peer_pages
                        .get(page.number as usize - 1)
                        .copied()
                        .unwrap_or(""),
                );
                let (c, na, nb) = word_overlap(&a, &b);
                row.common += c;
                row.ours_words += na;
                row.peer_words += nb;
                let f1 = if na + nb == 0 {
                    1.0
                } else {
                    2.0 * c as f64 / (na + nb) as f64
                };
                if row.worst_page.is_none_or(|(_, w)| f1 < w) {
                    row.worst_page = Some((page.number, f1));
                }
            }
        }
        Err(e) => {
            row.pages = peer_pages.len().saturating_sub(1);
            row.peer_words = peer_pages.iter().map(|p| words(p).len()).sum();
            row.error = Some(e.to_string());
        }
    }
    Ok(row)
}

/// Benchmarks every file in `files` and writes a table to `out`.
pub fn run(files: &[PathBuf], out: &mut impl Write) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    writeln!(
        out,
        "{:<70} {:>5} {:>9} {:>9} {:>8} {:>8} {:>6} {:>7} {:>10}",
        "file", "pages", "ours ms", "ptt ms", "ours p/s", "ptt p/s", "ratio", "F1", "worst pg"
    )?;
    for path in files {
        let row = bench_file(path)?;
        let ours_ps = per_second(row.pages, row.ours_ms);
        let peer_ps = per_second(row.pages, row.peer_ms);
        let worst = row
            .worst_page
            .map_or_else(String::new, |(p, f)| format!("{p}:{f:.3}"));
        writeln!(
            out,
            "{:<70} {:>5} {:>9.1} {:>9.1} {:>8.1} {:>8.1} {:>6.2} {:>7.4} {:>10}{}",
            row.name,
            row.pages,
            row.ours_ms,
            row.peer_ms,
            ours_ps,
            peer_ps,
            if peer_ps > 0.0 {
                ours_ps / peer_ps
            } else {
                0.0
            },
            row.f1(),
            worst,
            row.error
                .as_deref()
                .map_or_else(String::new, |e| format!("  ERROR: {e}")),
        )?;
        rows.push(row);
    }
    let pages: usize = rows.iter().map(|r| r.pages).sum();
    let ours_ms: f64 = rows.iter().map(|r| r.ours_ms).sum();
    let peer_ms: f64 = rows.iter().map(|r| r.peer_ms).sum();
    let common: usize = rows.iter().map(|r| r.common).sum();
    let total: usize = rows.iter().map(|r| r.ours_words + r.peer_words).sum();
    let f1 = if total == 0 {
        1.0
    } else {
        2.0 * common as f64 / total as f64
    };
    let (ours_ps, peer_ps) = (per_second(pages, ours_ms), per_second(pages, peer_ms));
    writeln!(
        out,
        "{:<70} {:>5} {:>9.1} {:>9.1} {:>8.1} {:>8.1} {:>6.2} {:>7.4}",
        "TOTAL",
        pages,
        ours_ms,
        peer_ms,
        ours_ps,
        peer_ps,
        if peer_ps > 0.0 {
            ours_ps / peer_ps
        } else {
            0.0
        },
        f1
    )?;
    if let Some(worst) = rows.iter().min_by(|a, b| a.f1().total_cmp(&b.f1())) {
        writeln!(out, "worst file: {} (F1 {:.4})", worst.name, worst.f1())?;
    }
    Ok(())
}
