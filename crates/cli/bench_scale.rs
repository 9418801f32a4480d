//! `pinpoint bench scale`: how index build time, index size and query latency grow from 10 thousand to a million
//! passages, on synthetic corpora made from the real one.
//!
//! The real index is the model. Each synthetic document copies a real edition's *structure*: its kind, title,
//! publisher, and the sequence of its passages' locators (pages or anchors, paragraph or provision labels, heading
//! paths) and lengths in words. Its *text* is drawn from a first-order Markov chain over the words of every real
//! passage, so term frequencies and the words that follow each other are the corpus's own, and the dev questions
//! find plausible candidates at every size. A document gets one to three editions; a later edition copies the one
//! before with a tenth of its passages rewritten, as real editions differ (so "current edition" filtering and the
//! collapsing of identical text across editions do real work).
//!
//! What this cannot imitate: the vocabulary stays the real corpus's (about 20 thousand words) instead of growing
//! with the corpus as real text does, so posting lists are denser than a real million-passage corpus would have,
//! and latency here is, if anything, pessimistic.
//!
//! Each size is built with [`SnapshotBuilder`] into its own folder under `--dir` (default: a new folder in the
//! system's temporary directory, deleted at the end), then searched with the evaluation set's questions and
//! variants like `bench query`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use pinpoint_index::{Index, SnapshotBuilder};
use pinpoint_model::{Date, DocId, Edition, EditionId, Locator, Passage};
use pinpoint_search::Searcher;

use crate::bench_query::{self, mb, Percentiles};

/// The smallest corpus measured; each next size is ten times the last, up to `--max`.
const FIRST_SIZE: u64 = 10_000;
/// Share of a later edition's passages whose text is rewritten.
const CHANGED_PER_EDITION: f64 = 0.1;

/// `bench scale` settings.
pub struct ScaleArgs {
    /// The largest corpus, in passages.
    pub max: u64,
    /// Evaluation set whose questions are timed.
    pub set: PathBuf,
    /// Where to build the indexes; `None`: a temporary folder, deleted afterwards.
    pub dir: Option<PathBuf>,
    /// Timed passes over the questions at each size.
    pub repeat: usize,
    /// Seed of the generator (same seed, same corpus).
    pub seed: u64,
}

/// The sizes measured: 10k, 100k, … below `max`, then `max` itself.
pub fn sizes(max: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut s = FIRST_SIZE;
    while s < max {
        out.push(s);
        s = s.saturating_mul(10);
    }
    out.push(max);
    out
}

/// splitmix64: tiny, fast and good enough to sample words; no dependency needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A real edition's structure: its metadata and, per passage, the locator and the length in words.
struct Template {
    edition: Edition,
    passages: Vec<(Locator, usize)>,
}

/// The real corpus, reduced to what the generator needs.
pub struct Model {
    vocab: Vec<String>,
    /// For each word, the words that follow it in the real text, with repetition (so sampling is by frequency).
    next: Vec<Vec<u32>>,
    /// The first words of real passages.
    starts: Vec<u32>,
    templates: Vec<Template>,
    /// Words in the real corpus (for the report).
    pub words: usize,
}

impl Model {
    /// Learns the model from every passage of `index`.
    pub fn learn(index: &Index) -> anyhow::Result<Model> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut vocab: Vec<String> = Vec::new();
        let mut next: Vec<Vec<u32>> = Vec::new();
        let mut starts = Vec::new();
        let mut templates = Vec::new();
        let mut words = 0;
        for stats in index.editions() {
            let e = stats.edition;
            let mut passages = Vec::new();
            for stored in index.passages_of(&e.doc, e.id)? {
                let p = stored.passage;
                let mut prev: Option<u32> = None;
                let mut n = 0;
                for w in p.text.split_whitespace() {
                    let id = *ids.entry(w.to_owned()).or_insert_with(|| {
                        vocab.push(w.to_owned());
                        next.push(Vec::new());
                        (vocab.len() - 1) as u32
                    });
                    match prev {
                        Some(pr) => next[pr as usize].push(id),
                        None => starts.push(id),
                    }
                    prev = Some(id);
                    n += 1;
                }
                words += n;
                if n > 0 {
                    passages.push((p.locator, n));
                }
            }
            if !passages.is_empty() {
                templates.push(Template {
                    edition: e,
                    passages,
                });
            }
        }
        anyhow::ensure!(
            !templates.is_empty() && !starts.is_empty(),
            "the real index holds no text to learn from (run `pinpoint ingest` first)"
        );
        Ok(Model {
            vocab,
            next,
            starts,
            templates,
            words,
        })
    }

    /// Distinct words in the real corpus.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }

    /// About `words` words of text, ending at a sentence end when one comes within a few words.
    fn text(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::with_capacity(words * 7);
        let mut w = self.starts[rng.below(self.starts.len())];
        let mut n = 0;
        loop {
            let word = &self.vocab[w as usize];
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
            n += 1;
            let sentence_end = word.ends_with(['.', ';', ':']);
            if n >= words && (sentence_end || n >= words + 20) {
                return out;
            }
            let after = &self.next[w as usize];
            w = if after.is_empty() {
                self.starts[rng.below(self.starts.len())]
            } else {
                after[rng.below(after.len())]
            };
        }
    }

    /// Synthetic document `n`: its editions, each with its passages, `budget` passages at most in all.
    fn document(
        &self,
        rng: &mut Rng,
        n: u64,
        budget: u64,
    ) -> anyhow::Result<Vec<(Edition, Vec<Passage>)>> {
        let t = &self.templates[rng.below(self.templates.len())];
        let doc: DocId = format!("{}-x{n}", t.edition.doc)
            .parse()
            .with_context(|| format!("synthetic id for {}", t.edition.doc))?;
        let editions = 1 + rng.below(3);
        let first_year = 2000 + (n % 20) as u16;
        let mut out: Vec<(Edition, Vec<Passage>)> = Vec::new();
        let mut left = budget;
        for k in 0..editions {
            if left == 0 {
                break;
            }
            let year = first_year + k as u16;
            let date = Date::new(year, 9, 1).context("synthetic edition date")?;
            let edition = Edition {
                doc: doc.clone(),
                id: EditionId::new(date),
                in_force_from: date,
                title: format!("{} (synthetic {n})", t.edition.title),
                cite_as: format!("{} (synthetic {n}) {year}", t.edition.cite_as),
                publisher: t.edition.publisher.clone(),
                kind: t.edition.kind,
                url: format!("https://example.org/synthetic/{n}/{year}"),
                source: format!("synthetic-{n}-{year}.pdf"),
                note: None,
            };
            let count = (t.passages.len() as u64).min(left) as usize;
            let passages: Vec<Passage> = t.passages[..count]
                .iter()
                .enumerate()
                .map(|(i, (locator, words))| {
                    let text = match out.last() {
                        Some((_, before))
                            if i < before.len() && !rng.chance(CHANGED_PER_EDITION) =>
                        {
                            before[i].text.clone()
                        }
                        _ => self.text(rng, *words),
                    };
                    // A prefix of a real edition's locators: unique within the edition, as the real ones are.
                    Passage::new(&edition, locator.clone(), text)
                })
                .collect();
            left -= count as u64;
            out.push((edition, passages));
        }
        Ok(out)
    }
}

/// One size's figures.
struct Row {
    passages: u64,
    editions: usize,
    text: u64,
    build_s: f64,
    disk: u64,
    latency: Percentiles,
    rss: Option<u64>,
}

/// Builds a synthetic index of `passages` passages under `root`. Returns editions and bytes of text added.
fn build(model: &Model, root: &Path, passages: u64, seed: u64) -> anyhow::Result<(usize, u64)> {
    let mut rng = Rng(seed);
    let mut builder = SnapshotBuilder::create(root)
        .with_context(|| format!("creating a snapshot in {}", root.display()))?;
    let (mut added, mut n, mut editions, mut text) = (0u64, 0u64, 0usize, 0u64);
    while added < passages {
        for (edition, ps) in model.document(&mut rng, n, passages - added)? {
            added += ps.len() as u64;
            text += ps.iter().map(|p| p.text.len() as u64).sum::<u64>();
            builder.add_edition(&edition, &ps)?;
            editions += 1;
        }
        n += 1;
    }
    builder.commit()?;
    Ok((editions, text))
}

/// A folder deleted when dropped (only the one this run created).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the benchmark. `searcher_for` wraps each synthetic index as `pinpoint search` would (thesaurus included).
pub fn run(
    real: &Index,
    searcher_for: impl Fn(Index) -> Searcher,
    args: &ScaleArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let questions = bench_query::questions(&args.set)?;
    let t = Instant::now();
    let model = Model::learn(real)?;
    writeln!(
        out,
        "model: {} real editions, {} words, {} distinct; learnt in {:.1} s",
        model.templates.len(),
        model.words,
        model.vocabulary(),
        t.elapsed().as_secs_f64()
    )?;
    let (base, _cleanup) = match &args.dir {
        Some(d) => (d.clone(), None),
        None => {
            let d =
                std::env::temp_dir().join(format!("pinpoint-bench-scale-{}", std::process::id()));
            (d.clone(), Some(TempDir(d)))
        }
    };
    std::fs::create_dir_all(&base).with_context(|| format!("creating {}", base.display()))?;
    writeln!(
        out,
        "{:>9} {:>8} {:>10} {:>9} {:>10} {:>7} {:>8} {:>8} {:>8} {:>10}",
        "passages",
        "editions",
        "text",
        "build s",
        "on disk",
        "×text",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "peak RSS"
    )?;
    let mut rows: Vec<Row> = Vec::new();
    for size in sizes(args.max) {
        let root = base.join(format!("n{size}"));
        if root.exists() {
            std::fs::remove_dir_all(&root)
                .with_context(|| format!("clearing {}", root.display()))?;
        }
        let t = Instant::now();
        let (editions, text) = build(&model, &root, size, args.seed)?;
        let build_s = t.elapsed().as_secs_f64();
        let index = Index::open(&root)?;
        let disk = bench_query::dir_bytes(&index.info().path)?;
        let searcher = searcher_for(index);
        let mut samples = bench_query::time_searches(&searcher, &questions, args.repeat)?;
        let latency = Percentiles::of(&mut samples).context("no questions to time")?;
        let row = Row {
            passages: size,
            editions,
            text,
            build_s,
            disk,
            latency,
            rss: bench_query::proc_status_bytes("VmHWM"),
        };
        writeln!(
            out,
            "{:>9} {:>8} {:>10} {:>9.1} {:>10} {:>7.2} {:>8.2} {:>8.2} {:>8.2} {:>10}",
            row.passages,
            row.editions,
            mb(row.text),
            row.build_s,
            mb(row.disk),
            row.disk as f64 / row.text.max(1) as f64,
            row.latency.p50,
            row.latency.p95,
            row.latency.p99,
            row.rss.map_or_else(|| "?".into(), mb),
        )?;
        out.flush()?;
        rows.push(row);
        drop(searcher);
        if args.dir.is_none() {
            // Free the disk before the next, ten times bigger, build.
            let _ = std::fs::remove_dir_all(&root);
        }
    }
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        writeln!(
            out,
            "{} → {} passages (×{:.0}): build ×{:.1}, size ×{:.1}, p50 ×{:.1}, p99 ×{:.1}",
            a.passages,
            b.passages,
            b.passages as f64 / a.passages as f64,
            b.build_s / a.build_s.max(1e-9),
            b.disk as f64 / a.disk.max(1) as f64,
            b.latency.p50 / a.latency.p50.max(1e-9),
            b.latency.p99 / a.latency.p99.max(1e-9),
        )?;
    }
    writeln!(
        out,
        "{} timed searches per size ({} questions × {})",
        questions.len() * args.repeat,
        questions.len(),
        args.repeat
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_grow_tenfold_up_to_the_maximum() {
        assert_eq!(sizes(1_000_000), vec![10_000, 100_000, 1_000_000]);
        assert_eq!(sizes(250_000), vec![10_000, 100_000, 250_000]);
        assert_eq!(sizes(500), vec![500]);
    }

    /// A tiny "real" index of two editions, the model learnt from it, and a synthetic index built from that.
    #[test]
    fn synthetic_index_imitates_the_real_one() {
        use pinpoint_model::{DocKind, HeadingPath, Position};
        let dir = tempfile::tempdir().unwrap();
        let real_root = dir.path().join("real");
        let mut builder = SnapshotBuilder::create(&real_root).unwrap();
        for (doc, text) in [
            (
                "kcsie",
                "Schools should have a designated safeguarding lead. The lead takes advice.",
            ),
            (
                "eyfs",
                "Providers must have a safeguarding policy. The policy covers mobile phones.",
            ),
        ] {
            let edition = Edition {
                doc: doc.parse().unwrap(),
                id: "2024-09-01".parse().unwrap(),
                in_force_from: "2024-09-01".parse().unwrap(),
                title: format!("{doc} title"),
                cite_as: doc.into(),
                publisher: "DfE".into(),
                kind: DocKind::StatutoryGuidance,
                url: "https://www.gov.uk/x".into(),
                source: format!("{doc}.pdf"),
                note: None,
            };
            let passages: Vec<Passage> = (1..=5)
                .map(|n| {
                    let locator = Locator {
                        position: Position::Anchor(None),
                        label: pinpoint_model::Label::Paragraph(n.to_string()),
                        heading: HeadingPath::new(vec!["Part one".into()]),
                    };
                    Passage::new(&edition, locator, text.into())
                })
                .collect();
            builder.add_edition(&edition, &passages).unwrap();
        }
        builder.commit().unwrap();
        let real = Index::open(&real_root).unwrap();
        let model = Model::learn(&real).unwrap();
        assert_eq!(model.templates.len(), 2);
        assert_eq!(model.words, 10 * 11, "ten passages of eleven words");

        let synthetic = dir.path().join("synthetic");
        let (editions, text) = build(&model, &synthetic, 37, 1).unwrap();
        let index = Index::open(&synthetic).unwrap();
        assert_eq!(index.info().passages, 37);
        assert_eq!(index.editions().len(), editions);
        assert!(text > 37 * 40, "{text} bytes");
        for stats in index.editions() {
            let e = &stats.edition;
            assert!(e.doc.as_str().contains("-x"), "{}", e.doc);
            for p in index.passages_of(&e.doc, e.id).unwrap() {
                // Every word comes from the real text.
                for w in p.passage.text.split_whitespace() {
                    assert!(model.vocab.iter().any(|v| v == w), "{w}");
                }
                assert_eq!(p.passage.locator.heading.as_slice(), ["Part one"]);
            }
        }
    }

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        for _ in 0..1000 {
            let x = a.below(13);
            assert_eq!(x, b.below(13));
            assert!(x < 13);
        }
    }
}
