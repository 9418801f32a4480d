//! Tuning harness: `cargo run --release -p pinpoint-search --example batch -- INDEX [THESAURUS] < questions`
//! prints one wire-format JSON answer per line (plus `coverage`), like `pinpoint search --json --batch -`.
//! Ranking options can be overridden by environment variables (PP_COV_EXP, PP_EXP_CREDIT, PP_TITLE_CREDIT,
//! PP_MIN_WORDS, PP_SHORT_EXP, PP_MIN_CAND, PP_TIME, PP_DEF, PP_HEAD, PP_TITLE, PP_MIN_COV) to try settings without rebuilding.

use std::io::{BufRead, Write};

use pinpoint_search::{RankingOptions, SearchOptions, Searcher, Thesaurus};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let index = pinpoint_index::Index::open(&args[1]).expect("index");
    let d = RankingOptions::default();
    let mut o = d.clone();
    o.coverage_exponent = env("PP_COV_EXP", d.coverage_exponent);
    o.expansion_credit = env("PP_EXP_CREDIT", d.expansion_credit);
    o.title_credit = env("PP_TITLE_CREDIT", d.title_credit);
    o.min_words = env("PP_MIN_WORDS", d.min_words);
    o.short_exponent = env("PP_SHORT_EXP", d.short_exponent);
    o.candidates = env("PP_MIN_CAND", d.candidates);
    o.time_factor = env("PP_TIME", d.time_factor);
    o.definition_factor = env("PP_DEF", d.definition_factor);
    o.boosts.heading = env("PP_HEAD", d.boosts.heading);
    o.boosts.title = env("PP_TITLE", d.boosts.title);
    let idx2 = pinpoint_index::Index::open(&args[1]).expect("index");
    let mut searcher = Searcher::new(index, o);
    if let Some(t) = args.get(2) {
        searcher = searcher.with_thesaurus(Thesaurus::load(t).expect("thesaurus"));
    }
    let options = SearchOptions {
        min_coverage: env("PP_MIN_COV", SearchOptions::DEFAULT_MIN_COVERAGE),
        ..Default::default()
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let q = line.unwrap();
        let a = searcher.search(q.trim(), &options).expect("search");
        let hits: Vec<_> = a
            .hits
            .iter()
            .map(|h| pinpoint_wire::WireHit::new(&h.passage, &h.edition, h.score, &h.highlights))
            .collect();
        let an = pinpoint_search::QueryAnalyzer::new()
            .analyze(q.trim())
            .expect("analyze");
        let toks: Vec<(String, f32)> = an
            .content_tokens()
            .into_iter()
            .map(|t| {
                let i = idx2.idf(&t);
                (t, i)
            })
            .collect();
        let v = serde_json::json!({"query": q, "no_answer": a.no_answer, "coverage": a.coverage, "tokens": toks, "hits": hits});
        writeln!(out, "{v}").unwrap();
    }
}
