//! `pinpoint eval --set FILE.jsonl`: the metrics of `../shared/eval/README.md`, computed exactly as
//! `../shared/eval/score.py` computes them (same word normalisation, same longest-common-run rule, same pinpoint
//! check through `pdftotext -f N -l M`), but in-process, so the time per question is the search alone.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use pinpoint_search::{Hit, SearchOptions, Searcher};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

/// One question of an evaluation set.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// The question.
    pub question: String,
    /// The passages that answer (empty: the corpus has no answer).
    #[serde(default)]
    pub gold: Vec<Gold>,
    /// Further passages that also answer.
    #[serde(default)]
    pub supporting: Vec<Gold>,
    /// The same passages in an older edition.
    #[serde(default)]
    pub superseded: Vec<Gold>,
}

/// A gold passage: its file and a quote from it.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// The source file name.
    pub file: String,
    /// A quote.
    pub quote: String,
}

/// What the evaluation measured.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub questions: usize,
    pub answerable: usize,
    #[serde(rename = "R@1")]
    pub r1: f64,
    #[serde(rename = "R@5")]
    pub r5: f64,
    #[serde(rename = "R@10")]
    pub r10: f64,
    #[serde(rename = "MRR@10")]
    pub mrr: f64,
    #[serde(rename = "stale@5")]
    pub stale5: f64,
    pub pinpoint: Option<f64>,
    pub pinpoint_checked: usize,
    pub no_answer_right: usize,
    pub no_answer_total: usize,
    pub no_answer_false: usize,
    pub ms_median: f64,
    pub ms_mean: f64,
    /// Ids of answerable questions with no answer in the top 5.
    pub missed: Vec<String>,
}

/// What a hit looks like to the scorer (so the arithmetic can be tested without an index).
#[derive(Debug, Clone)]
pub struct ScoredHit {
    /// Source file name.
    pub source: String,
    /// Passage text.
    pub text: String,
    /// Physical page range, for PDFs.
    pub page: Option<u32>,
    pub page_end: Option<u32>,
}

impl ScoredHit {
    fn of(h: &Hit) -> ScoredHit {
        let w = pinpoint_wire::WireLocator::from(&h.passage.locator);
        ScoredHit {
            source: h.edition.source.clone(),
            text: h.passage.text.clone(),
            page: w.page,
            page_end: w.page_end,
        }
    }
}

/// A system's answer to one question, as the scorer sees it.
#[derive(Debug, Clone)]
pub struct ScoredAnswer {
    pub no_answer: bool,
    pub hits: Vec<ScoredHit>,
}

/// Reads a JSONL evaluation set.
pub fn load_set(path: &Path) -> anyhow::Result<Vec<Item>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1))
        })
        .collect()
}

/// Runs every question of `set` through `searcher` (10 hits each, default options), scores the answers against
/// the gold passages, checks page locators of PDF hits against `pdftotext` of the files in `corpus`, and prints
/// the metrics (one line, `key=value` as score.py does) to `out`. With `halves`, also one line for each half of the
/// set (odd-numbered and even-numbered questions), so that a change tuned on one half can be checked on the other.
pub fn run(
    set: &Path,
    searcher: &Searcher,
    corpus: &Path,
    halves: bool,
    out: &mut impl Write,
) -> anyhow::Result<Metrics> {
    let items = load_set(set)?;
    let options = SearchOptions {
        limit: 10,
        ..Default::default()
    };
    let mut answers = Vec::with_capacity(items.len());
    let mut ms = Vec::with_capacity(items.len());
    for item in &items {
        let t0 = Instant::now();
        let a = searcher.search(item.question.trim(), &options);
        ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        answers.push(match a {
            Ok(a) => ScoredAnswer {
                no_answer: a.no_answer,
                hits: a.hits.iter().map(ScoredHit::of).collect(),
            },
            Err(_) => ScoredAnswer {
                no_answer: true,
                hits: Vec::new(),
            },
        });
    }
    let mut pages = PdfPages::new(corpus);
    let mut m = score(&items, &answers, &mut |h| pages.pinpoint_ok(h));
    (m.ms_median, m.ms_mean) = median_and_mean(&ms);
    writeln!(out, "{}", format_metrics(&m))?;
    if halves {
        for (name, parity) in [("odd", 0), ("even", 1)] {
            let (items, answers) = half(&items, &answers, parity);
            let mut h = score(&items, &answers, &mut |h| pages.pinpoint_ok(h));
            let times: Vec<f64> = ms.iter().copied().skip(parity).step_by(2).collect();
            (h.ms_median, h.ms_mean) = median_and_mean(&times);
            writeln!(out, "{name:>4} half: {}", format_metrics(&h))?;
        }
    }
    Ok(m)
}

/// The median and mean of per-question times (0 for none).
fn median_and_mean(ms: &[f64]) -> (f64, f64) {
    if ms.is_empty() {
        return (0.0, 0.0);
    }
    let mut sorted = ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted.iter().sum::<f64>() / n as f64)
}

/// The questions (and their answers) at even (`parity` 0: the 1st, 3rd, …) or odd (`parity` 1) positions.
fn half(items: &[Item], answers: &[ScoredAnswer], parity: usize) -> (Vec<Item>, Vec<ScoredAnswer>) {
    items
        .iter()
        .zip(answers)
        .enumerate()
        .filter(|(i, _)| i % 2 == parity)
        .map(|(_, (item, answer))| (item.clone(), answer.clone()))
        .unzip()
}

/// `key=value` pairs in score.py's order.
pub fn format_metrics(m: &Metrics) -> String {
    format!(
        "questions={}  answerable={}  R@1={}  R@5={}  R@10={}  MRR@10={}  stale@5={}  pinpoint={}  \
         pinpoint_checked={}  no_answer_right={}/{}  no_answer_false={}  ms_median={:.2}  ms_mean={:.2}",
        m.questions,
        m.answerable,
        m.r1,
        m.r5,
        m.r10,
        m.mrr,
        m.stale5,
        m.pinpoint.map_or("None".to_owned(), |p| p.to_string()),
        m.pinpoint_checked,
        m.no_answer_right,
        m.no_answer_total,
        m.no_answer_false,
        m.ms_median,
        m.ms_mean
    )
}

/// The least CI accepts of an evaluation run (`None`: not checked).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Floors {
    /// Exit 1 when R@5 is below this.
    #[arg(long)]
    pub min_r5: Option<f64>,
    /// Exit 1 when MRR@10 is below this.
    #[arg(long)]
    pub min_mrr: Option<f64>,
    /// Exit 1 when more answerable questions than this are answered `no_answer`.
    #[arg(long)]
    pub max_refused: Option<usize>,
    /// Exit 1 when fewer questions with no answer in the corpus than this are flagged `no_answer`.
    #[arg(long)]
    pub min_flagged: Option<usize>,
}

/// Floors for CI: `Err` naming every metric past its floor.
pub fn check_floors(m: &Metrics, floors: Floors) -> anyhow::Result<()> {
    let mut below = Vec::new();
    if let Some(f) = floors.min_r5.filter(|f| m.r5 < *f) {
        below.push(format!("R@5 {} < {f}", m.r5));
    }
    if let Some(f) = floors.min_mrr.filter(|f| m.mrr < *f) {
        below.push(format!("MRR@10 {} < {f}", m.mrr));
    }
    if let Some(f) = floors.max_refused.filter(|f| m.no_answer_false > *f) {
        below.push(format!(
            "{} answerable questions refused > {f}",
            m.no_answer_false
        ));
    }
    if let Some(f) = floors.min_flagged.filter(|f| m.no_answer_right < *f) {
        below.push(format!(
            "{} of {} questions without an answer flagged < {f}",
            m.no_answer_right, m.no_answer_total
        ));
    }
    anyhow::ensure!(below.is_empty(), "past the floor: {}", below.join(", "));
    Ok(())
}

fn round3(x: f64) -> f64 {
    // Python's round() rounds half to even on the binary value; for these ratios the difference never shows.
    (x * 1000.0).round() / 1000.0
}

/// score.py's metric arithmetic. `pinpoint_ok` is score.py's `pinpoint_ok` (None: not checked).
pub fn score(
    items: &[Item],
    answers: &[ScoredAnswer],
    pinpoint_ok: &mut dyn FnMut(&ScoredHit) -> Option<bool>,
) -> Metrics {
    let (mut r1, mut r5, mut r10, mut mrr, mut stale, mut n) =
        (0usize, 0usize, 0usize, 0.0f64, 0usize, 0usize);
    let (mut pin_ok, mut pin_n) = (0usize, 0usize);
    let (mut none_n, mut none_ok, mut false_none) = (0usize, 0usize, 0usize);
    let mut missed = Vec::new();
    for (item, ans) in items.iter().zip(answers) {
        let said_none = ans.no_answer || ans.hits.is_empty();
        for h in ans.hits.iter().take(5) {
            if let Some(ok) = pinpoint_ok(h) {
                pin_n += 1;
                pin_ok += ok as usize;
            }
        }
        if item.gold.is_empty() {
            none_n += 1;
            none_ok += said_none as usize;
            continue;
        }
        n += 1;
        false_none += ans.no_answer as usize;
        let good: Vec<&Gold> = item.gold.iter().chain(&item.supporting).collect();
        let rank = ans
            .hits
            .iter()
            .take(10)
            .position(|h| matches(h, &good))
            .map(|k| k + 1);
        let superseded: Vec<&Gold> = item.superseded.iter().collect();
        let old = if superseded.is_empty() {
            None
        } else {
            ans.hits
                .iter()
                .take(5)
                .position(|h| matches(h, &superseded))
                .map(|k| k + 1)
        };
        if let Some(rank) = rank {
            r1 += (rank == 1) as usize;
            r5 += (rank <= 5) as usize;
            r10 += 1;
            mrr += 1.0 / rank as f64;
        }
        if let Some(old) = old {
            if rank.is_none_or(|r| old < r) {
                stale += 1;
            }
        }
        if rank.is_none_or(|r| r > 5) {
            missed.push(item.id.clone());
        }
    }
    let nf = n.max(1) as f64;
    Metrics {
        questions: items.len(),
        answerable: n,
        r1: round3(r1 as f64 / nf),
        r5: round3(r5 as f64 / nf),
        r10: round3(r10 as f64 / nf),
        mrr: round3(mrr / nf),
        stale5: round3(stale as f64 / nf),
        pinpoint: (pin_n > 0).then(|| round3(pin_ok as f64 / pin_n as f64)),
        pinpoint_checked: pin_n,
        no_answer_right: none_ok,
        no_answer_total: none_n,
        no_answer_false: false_none,
        ms_median: 0.0,
        ms_mean: 0.0,
        missed,
    }
}

/// score.py's `norm_words`: NFKC, lowercase, curly quotes folded, words hyphenated across a line break joined,
/// then runs of ASCII letters and digits.
pub fn norm_words(s: &str) -> Vec<String> {
    let s: String = s.nfkc().collect::<String>().to_lowercase();
    let s = s
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"");
    // re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", s): drop "-", whitespace with a newline, between word characters.
    let chars: Vec<char> = s.chars().collect();
    let is_w = |c: char| c.is_alphanumeric() || c == '_';
    let mut joined = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '-' && i > 0 && is_w(chars[i - 1]) {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_whitespace() && chars[j] != '\n' {
                j += 1;
            }
            // \s* is greedy but must be followed by \n: find the last newline in the whitespace run.
            let mut k = i + 1;
            let mut last_nl = None;
            while k < chars.len() && chars[k].is_whitespace() {
                if chars[k] == '\n' {
                    last_nl = Some(k);
                }
                k += 1;
            }
            if let Some(_nl) = last_nl {
                if k < chars.len() && is_w(chars[k]) {
                    i = k;
                    continue;
                }
            }
            let _ = j;
        }
        joined.push(chars[i]);
        i += 1;
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in joined.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// score.py's `shares_run`: the longest common run of words is at least min(12, max(3, int(0.6 × quote))).
pub fn shares_run(hit: &[String], quote: &[String]) -> bool {
    if hit.is_empty() || quote.is_empty() {
        return false;
    }
    let need = 12.min(3.max((0.6 * quote.len() as f64) as usize));
    let mut prev = vec![0usize; quote.len() + 1];
    let mut best = 0;
    for h in hit {
        let mut cur = vec![0usize; quote.len() + 1];
        for (j, q) in quote.iter().enumerate() {
            if h == q {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best >= need
}

fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

fn matches(hit: &ScoredHit, golds: &[&Gold]) -> bool {
    let hw = norm_words(&hit.text);
    let src = basename(&hit.source);
    golds
        .iter()
        .any(|g| src == g.file && shares_run(&hw, &norm_words(&g.quote)))
}

/// score.py's `pinpoint_ok`, with `pdftotext` output cached per page range.
struct PdfPages<'a> {
    corpus: &'a Path,
    cache: HashMap<(String, u32, u32), String>,
}

impl<'a> PdfPages<'a> {
    fn new(corpus: &'a Path) -> Self {
        PdfPages {
            corpus,
            cache: HashMap::new(),
        }
    }

    fn pinpoint_ok(&mut self, hit: &ScoredHit) -> Option<bool> {
        let src = basename(&hit.source).to_owned();
        if !src.ends_with(".pdf") {
            return None;
        }
        let Some(page) = hit.page else {
            return Some(false);
        };
        let end = hit.page_end.unwrap_or(page).max(page);
        let words = norm_words(&hit.text);
        if words.len().min(8) < 3 {
            return None;
        }
        let head = words[..words.len().min(8)].join(" ");
        let corpus = self.corpus;
        let text = self
            .cache
            .entry((src.clone(), page, end))
            .or_insert_with(|| {
                let out = std::process::Command::new("pdftotext")
                    .args(["-f", &page.to_string(), "-l", &end.to_string()])
                    .arg(corpus.join(&src))
                    .arg("-")
                    .output();
                let stdout = out
                    .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                    .unwrap_or_default();
                norm_words(&stdout).join(" ")
            });
        Some(text.contains(&head))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(file: &str, quote: &str) -> Gold {
        Gold {
            file: file.into(),
            quote: quote.into(),
        }
    }

    fn hit(source: &str, text: &str) -> ScoredHit {
        ScoredHit {
            source: source.into(),
            text: text.into(),
            page: Some(1),
            page_end: None,
        }
    }

    #[test]
    fn normalises_like_score_py() {
        assert_eq!(
            norm_words("Child’s safe-\n  guarding, ﬁne é"),
            vec!["child", "s", "safeguarding", "fine"]
        );
        assert_eq!(norm_words("non-statutory"), vec!["non", "statutory"]);
    }

    #[test]
    fn run_threshold() {
        let w = |s: &str| norm_words(s);
        // 5-word quote: need max(3, int(3.0)) = 3 words in a row.
        assert!(shares_run(&w("x a b c y"), &w("a b c d e")));
        assert!(!shares_run(&w("a b x c d"), &w("a b c d e")));
        // Long quote: 12 in a row are enough.
        let long = (0..30)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let part = (5..17)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(shares_run(&w(&part), &w(&long)));
    }

    #[test]
    fn metric_arithmetic_on_a_tiny_set() {
        let q = "the quick brown fox jumps over";
        let items = vec![
            Item {
                id: "a".into(),
                question: "?".into(),
                gold: vec![gold("f.pdf", q)],
                supporting: vec![],
                superseded: vec![gold("old.pdf", q)],
            },
            Item {
                id: "b".into(),
                question: "?".into(),
                gold: vec![gold("f.pdf", q)],
                supporting: vec![],
                superseded: vec![],
            },
            Item {
                id: "c".into(),
                question: "?".into(),
                gold: vec![gold("f.pdf", q)],
                supporting: vec![],
                superseded: vec![gold("old.pdf", q)],
            },
            Item {
                id: "d".into(),
                question: "?".into(),
                gold: vec![],
                supporting: vec![],
                superseded: vec![],
            },
        ];
        let other = hit("f.pdf", "nothing to see here at all");
        let right = hit("f.pdf", "quick brown fox jumps over the lazy dog");
        let wrong_file = hit("g.pdf", "quick brown fox jumps over the lazy dog");
        let old = hit("old.pdf", "the quick brown fox jumps");
        let answers = vec![
            // a: rank 1.
            ScoredAnswer {
                no_answer: false,
                hits: vec![right.clone(), other.clone()],
            },
            // b: rank 3, refused anyway (a false no-answer).
            ScoredAnswer {
                no_answer: true,
                hits: vec![other.clone(), wrong_file.clone(), right.clone()],
            },
            // c: old edition at 2, current at 7: stale, and missed at 5.
            ScoredAnswer {
                no_answer: false,
                hits: vec![
                    other.clone(),
                    old,
                    other.clone(),
                    other.clone(),
                    other.clone(),
                    other.clone(),
                    right,
                ],
            },
            // d: unanswerable, no hits: counted right.
            ScoredAnswer {
                no_answer: false,
                hits: vec![],
            },
        ];
        let mut checked = 0;
        let m = score(&items, &answers, &mut |_| {
            checked += 1;
            Some(checked % 2 == 0)
        });
        assert_eq!(m.answerable, 3);
        assert_eq!(m.r1, 0.333);
        assert_eq!(m.r5, 0.667);
        assert_eq!(m.r10, 1.0);
        assert_eq!(m.mrr, round3((1.0 + 1.0 / 3.0 + 1.0 / 7.0) / 3.0));
        assert_eq!(m.stale5, 0.333);
        assert_eq!(m.no_answer_right, 1);
        assert_eq!(m.no_answer_total, 1);
        assert_eq!(m.no_answer_false, 1);
        assert_eq!(m.pinpoint_checked, 2 + 3 + 5);
        assert_eq!(m.pinpoint, Some(0.5));
        assert_eq!(m.missed, vec!["c".to_string()]);
        let floors = |min_r5, min_mrr, max_refused, min_flagged| Floors {
            min_r5,
            min_mrr,
            max_refused,
            min_flagged,
        };
        assert!(check_floors(&m, floors(Some(0.6), Some(0.4), Some(1), Some(1))).is_ok());
        assert!(check_floors(&m, floors(Some(0.7), None, None, None)).is_err());
        assert!(check_floors(&m, floors(None, None, Some(0), None)).is_err());
        assert!(check_floors(&m, floors(None, None, None, Some(2))).is_err());
    }

    #[test]
    fn halves_split_by_position() {
        let item = |id: &str| Item {
            id: id.into(),
            question: "?".into(),
            gold: vec![],
            supporting: vec![],
            superseded: vec![],
        };
        let items: Vec<Item> = ["a", "b", "c", "d", "e"].into_iter().map(item).collect();
        let answers: Vec<ScoredAnswer> = (0..5)
            .map(|i| ScoredAnswer {
                no_answer: i % 2 == 0,
                hits: vec![],
            })
            .collect();
        let (odd, odd_answers) = half(&items, &answers, 0);
        let (even, even_answers) = half(&items, &answers, 1);
        let ids = |xs: &[Item]| xs.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&odd), ["a", "c", "e"]);
        assert_eq!(ids(&even), ["b", "d"]);
        assert!(odd_answers.iter().all(|a| a.no_answer));
        assert!(even_answers.iter().all(|a| !a.no_answer));
    }
}
