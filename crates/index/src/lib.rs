//! Builds and reads Pinpoint's passage index. Knows tantivy; knows nothing of the files passages come from, nor of
//! HTTP, nor of how questions are understood (that is `pinpoint-search`, which speaks to this crate through the
//! tantivy-free [`QueryPlan`]).
//!
//! # On disk
//!
//! ```text
//! root/
//!   CURRENT                    the name of the live snapshot, replaced atomically
//!   snapshots/<name>/meta.json created time, counts, editions
//!   snapshots/<name>/tantivy/  the complete tantivy index
//!   snapshots/.building-<id>/  a snapshot being built; never read; deleted on drop or by the next build
//! ```
//!
//! A [`SnapshotBuilder`] writes a whole new snapshot and switches `CURRENT` to it only once it is complete, so a
//! reader ([`Index::open`]) never sees a half-built index and a failed ingest leaves the previous one live.
//!
//! # Example
//!
//! ```
//! use pinpoint_index::{Clause, FieldBoosts, Filter, Index, QueryPlan, SnapshotBuilder};
//! use pinpoint_model::{DocKind, Edition, HeadingPath, Label, Locator, Passage, Position};
//!
//! let root = tempfile::tempdir()?;
//! let edition = Edition {
//!     doc: "kcsie".parse()?,
//!     id: "2025-09-01".parse()?,
//!     in_force_from: "2025-09-01".parse()?,
//!     title: "Keeping children safe in education 2025".into(),
//!     cite_as: "KCSIE 2025".into(),
//!     publisher: "Department for Education".into(),
//!     kind: DocKind::StatutoryGuidance,
//!     url: "https://www.gov.uk/kcsie".into(),
//!     source: "kcsie-2025.pdf".into(),
//!     note: None,
//! };
//! let para = |n: &str, text: &str| {
//!     let locator = Locator {
//!         position: Position::Anchor(None),
//!         label: Label::Paragraph(n.into()),
//!         heading: HeadingPath::default(),
//!     };
//!     Passage::new(&edition, locator, text.into())
//! };
//! let passages = [
//!     para("1", "Schools should have a designated safeguarding lead."),
//!     para("2", "Allegations against staff are referred to the LADO."),
//!     para("3", "Online safety includes filtering and monitoring."),
//! ];
//! let mut builder = SnapshotBuilder::create(root.path())?;
//! builder.add_edition(&edition, &passages)?;
//! builder.commit()?;
//!
//! let index = Index::open(root.path())?;
//! let plan = QueryPlan {
//!     clauses: vec![Clause::Term { word: "allegation".into(), weight: 1.0 }],
//!     boosts: FieldBoosts::default(),
//! };
//! let hits = index.search(&plan, &Filter::default(), 10)?;
//! assert_eq!(hits.len(), 1);
//! assert_eq!(hits[0].passage.id.as_str(), "kcsie/2025-09-01/para-2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod builder;
mod error;
mod plan;
mod reader;
mod records;
mod schema;
mod tokenizer;

pub use builder::SnapshotBuilder;
pub use error::{Error, Result};
pub use plan::{Clause, FieldBoosts, Filter, LabelKind, LabelRef, QueryPlan};
pub use reader::{EditionStats, Index, Respelling, ScoredPassage, SnapshotInfo, StoredPassage};

/// A token of analysed text: the stemmed, lowercased form and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The analysed form, as indexed (`allegations` → `alleg`).
    pub text: String,
    /// Byte offset of the original word's start in the analysed string.
    pub start: usize,
    /// Byte offset of the original word's end.
    pub end: usize,
}

/// Analyses `text` exactly as the index analyses passage text, headings and titles, so that callers (highlighting,
/// coverage checks) compare like with like without knowing tantivy.
pub fn analyze(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, |stem, start, end| {
        out.push(Token {
            text: stem.to_owned(),
            start,
            end,
        })
    });
    out
}

/// Each thread's analyzers and the stems it has computed. Ranking analyses every candidate passage, and stemming
/// is most of that cost; words repeat, so the stems are kept (bounded: cleared past `MAX_STEMS`). Every word of
/// every candidate is looked up here, so the map hashes with `FxHash`: several times cheaper than the standard
/// SipHash on short keys, and the keys are the corpus's own words, not an attacker's.
struct Cache {
    words: tantivy::tokenizer::TextAnalyzer,
    stemmer: tantivy::tokenizer::TextAnalyzer,
    stems: rustc_hash::FxHashMap<String, String>,
}

const MAX_STEMS: usize = 200_000;

thread_local! {
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache {
        words: schema::unstemmed_analyzer(),
        stemmer: schema::stemmer(),
        stems: rustc_hash::FxHashMap::default(),
    });
}

/// The analysed token of a single word, stemmed without adding to the stem cache: respelling stems hundreds of
/// made-up spellings per word, which would crowd the real words out. `None` when `word` is not exactly one
/// token.
pub(crate) fn stem_once(word: &str) -> Option<String> {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let Cache { words, stemmer, .. } = &mut *c;
        let mut stream = words.token_stream(word);
        let first = stream.advance().then(|| stream.token().text.clone())?;
        if stream.advance() {
            return None;
        }
        let stemmed = {
            let mut s = stemmer.token_stream(&first);
            s.advance().then(|| s.token().text.clone())
        };
        Some(stemmed.unwrap_or(first))
    })
}

/// Calls `f(stem, start, end)` for each word of `text` as [`analyze`] would return it, without allocating a
/// token per word: ranking checks every candidate passage for the question's words, and most of a passage's
/// words are not among them.
///
/// `f` runs while this thread's analyzer cache is borrowed: it must not call [`analyze`] or `for_each_token`.
pub fn for_each_token(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let Cache {
            words,
            stemmer,
            stems,
        } = &mut *c;
        if stems.len() > MAX_STEMS {
            stems.clear();
        }
        let mut stream = words.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            if let Some(stem) = stems.get(&t.text) {
                f(stem, t.offset_from, t.offset_to);
                continue;
            }
            let mut s = stemmer.token_stream(&t.text);
            let stemmed = if s.advance() {
                s.token().text.clone()
            } else {
                t.text.clone()
            };
            f(&stemmed, t.offset_from, t.offset_to);
            stems.insert(t.text.clone(), stemmed);
        }
    })
}

#[cfg(test)]
mod tests;
