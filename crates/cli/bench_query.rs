//! `pinpoint bench query`: how long a search takes in-process over the real index, how big the index is against the
//! text it holds, and how much memory the process needed.
//!
//! The questions are an evaluation set's (default `../shared/eval/dev.jsonl`) plus three variants of each, because
//! advisors do not all type full sentences: the question lowercased without punctuation, its content words only
//! (what a searcher used to keyword boxes types), and its first half (a question typed halfway). Latency is wall
//! time of [`Searcher::search`] with the options `pinpoint search` uses (10 hits, current editions), after one
//! untimed warm-up pass so that the figures describe a serving process rather than the first cold read from disk.
//!
//! The helpers here (question variants, percentiles, peak RSS, size on disk) are shared by `bench scale` and
//! `bench serve`, so all three report the same way.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use pinpoint_search::{SearchOptions, Searcher};

/// Latency percentiles of a set of samples, in milliseconds (nearest-rank).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentiles {
    pub n: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub mean: f64,
    pub max: f64,
}

impl Percentiles {
    /// Percentiles of `samples` (sorted in place). `None` for no samples.
    pub fn of(samples: &mut [f64]) -> Option<Percentiles> {
        if samples.is_empty() {
            return None;
        }
        samples.sort_by(f64::total_cmp);
        let n = samples.len();
        // Nearest rank: the smallest sample with at least p% of the samples at or below it.
        let rank = |p: f64| samples[((p / 100.0 * n as f64).ceil() as usize).clamp(1, n) - 1];
        Some(Percentiles {
            n,
            p50: rank(50.0),
            p95: rank(95.0),
            p99: rank(99.0),
            mean: samples.iter().sum::<f64>() / n as f64,
            max: samples[n - 1],
        })
    }
}

impl std::fmt::Display for Percentiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, mean {:.2} ms, max {:.2} ms ({} searches)",
            self.p50, self.p95, self.p99, self.mean, self.max, self.n
        )
    }
}

/// A value from `/proc/self/status` (`VmHWM`, `VmRSS`), in bytes; `None` where there is no procfs.
pub fn proc_status_bytes(key: &str) -> Option<u64> {
    proc_status_bytes_of("self", key)
}

/// [`proc_status_bytes`] of another process (`pid`) or `self`.
pub fn proc_status_bytes_of(pid: &str, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Bytes of every file under `dir`, recursively.
pub fn dir_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_bytes(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

/// `bytes` as MB with one decimal.
pub fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The questions of an evaluation set and their variants (see the module docs), without duplicates, in order.
pub fn questions(set: &Path) -> anyhow::Result<Vec<String>> {
    let items = crate::eval::load_set(set)?;
    anyhow::ensure!(!items.is_empty(), "{} holds no questions", set.display());
    let mut out: Vec<String> = Vec::new();
    for item in &items {
        for q in variants(&item.question) {
            if !q.trim().is_empty() && !out.contains(&q) {
                out.push(q);
            }
        }
    }
    Ok(out)
}

/// A question as asked, lowercased without punctuation, as content words only, and its first half.
fn variants(question: &str) -> [String; 4] {
    let plain: String = question
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = plain.split_whitespace().collect();
    // Words of four letters or more are, in these questions, nearly always the content words.
    let keywords: Vec<&str> = words.iter().copied().filter(|w| w.len() >= 4).collect();
    let half = words[..words.len().div_ceil(2)].join(" ");
    [
        question.to_owned(),
        words.join(" "),
        keywords.join(" "),
        half,
    ]
}

/// The options `pinpoint search` uses by default.
pub fn search_options() -> SearchOptions {
    SearchOptions::default()
}

/// Runs every question once untimed, then `repeat` timed passes; returns each search's milliseconds.
pub fn time_searches(
    searcher: &Searcher,
    questions: &[String],
    repeat: usize,
) -> anyhow::Result<Vec<f64>> {
    let options = search_options();
    for q in questions {
        searcher
            .search(q, &options)
            .with_context(|| format!("searching {q:?}"))?;
    }
    let mut samples = Vec::with_capacity(questions.len() * repeat);
    for _ in 0..repeat {
        for q in questions {
            let t = Instant::now();
            let answer = searcher.search(q, &options)?;
            samples.push(t.elapsed().as_secs_f64() * 1000.0);
            // Keep the optimiser from discarding the search.
            std::hint::black_box(answer);
        }
    }
    Ok(samples)
}

/// Passages and bytes of passage text in the index (the text a reader would get from the sources, once each).
pub fn text_bytes(index: &pinpoint_index::Index) -> anyhow::Result<(u64, u64)> {
    let (mut passages, mut bytes) = (0u64, 0u64);
    for stats in index.editions() {
        let e = &stats.edition;
        for p in index.passages_of(&e.doc, e.id)? {
            passages += 1;
            bytes += p.passage.text.len() as u64;
        }
    }
    Ok((passages, bytes))
}

/// The whole `bench query` report.
pub fn run(
    searcher: &Searcher,
    set: &Path,
    repeat: usize,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let questions = questions(set)?;
    let index = searcher.index();
    let info = index.info();
    let (passages, text) = text_bytes(index)?;
    let on_disk =
        dir_bytes(&info.path).with_context(|| format!("measuring {}", info.path.display()))?;
    writeln!(
        out,
        "index: snapshot {} ({} editions, {passages} passages)",
        info.name,
        info.editions.len()
    )?;
    writeln!(
        out,
        "size: {} on disk for {} of passage text: {:.2}× the raw text",
        mb(on_disk),
        mb(text),
        on_disk as f64 / text.max(1) as f64
    )?;
    let mut samples = time_searches(searcher, &questions, repeat)?;
    let p = Percentiles::of(&mut samples).context("no questions to time")?;
    writeln!(
        out,
        "latency: {} questions (set and variants) × {repeat} passes, in-process, 10 hits: {p}",
        questions.len()
    )?;
    writeln!(
        out,
        "throughput: {:.0} searches/s on one thread",
        1000.0 / p.mean
    )?;
    if let Some(hwm) = proc_status_bytes("VmHWM") {
        writeln!(out, "peak RSS (VmHWM): {}", mb(hwm))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut s: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let p = Percentiles::of(&mut s).unwrap();
        assert_eq!((p.p50, p.p95, p.p99, p.max), (50.0, 95.0, 99.0, 100.0));
        assert_eq!(p.mean, 50.5);
        let p = Percentiles::of(&mut [7.0]).unwrap();
        assert_eq!((p.p50, p.p99), (7.0, 7.0));
        assert!(Percentiles::of(&mut []).is_none());
    }

    #[test]
    fn variants_of_a_question() {
        let v = variants("Is my DBS check 'enhanced'? What does it show?");
        assert_eq!(v[1], "is my dbs check 'enhanced' what does it show");
        assert_eq!(v[2], "check 'enhanced' what does show");
        assert_eq!(v[3], "is my dbs check 'enhanced'");
    }

    #[test]
    fn this_process_has_a_peak_rss() {
        // RSS first: other tests allocate meanwhile, and the high-water mark read after it can only be higher.
        let rss = proc_status_bytes("VmRSS").unwrap();
        let hwm = proc_status_bytes("VmHWM").unwrap();
        assert!(hwm >= rss && rss > 0, "{hwm} {rss}");
    }
}
