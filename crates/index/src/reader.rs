//! Reading the live snapshot.

use std::collections::HashMap;
use std::fs;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use pinpoint_model::{DocId, DocKind, Edition, EditionId, Passage, PassageId};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::builder::{read_current, META, SNAPSHOTS, TANTIVY_DIR};
use crate::error::{corrupt, IoContext, Result};
use crate::records::{LocatorRecord, MetaRecord, FORMAT};
use crate::schema::{self, Fields};
use crate::{analyze, Clause, Error, Filter, QueryPlan};

/// One edition in the index and how many passages it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionStats {
    /// The edition.
    pub edition: Edition,
    /// Its passages in the index.
    pub passages: u64,
}

/// What a committed snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// The snapshot's directory name under `snapshots/`.
    pub name: String,
    /// Its directory.
    pub path: PathBuf,
    /// When it was committed, in seconds since the Unix epoch.
    pub created: u64,
    /// Passages in all editions.
    pub passages: u64,
    /// The editions, in the order they were added.
    pub editions: Vec<EditionStats>,
}

/// A passage read back from the index, with its edition and its place in the edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPassage {
    /// The passage, exactly as it was added.
    pub passage: Passage,
    /// The edition it belongs to.
    pub edition: Edition,
    /// Its position in the edition, from 0, in document order.
    pub ordinal: u64,
}

/// A search result: the passage and its raw BM25 score (summed over clauses and fields, with their weights).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPassage {
    /// The passage, exactly as it was added.
    pub passage: Passage,
    /// The edition it belongs to.
    pub edition: Edition,
    /// Its position in the edition, from 0.
    pub ordinal: u64,
    /// The raw score; comparable only within one search.
    pub score: f32,
}

/// The live snapshot, opened for reading. `Send + Sync`: share one (e.g. in an `Arc`) between threads; each search
/// takes a cheap tantivy searcher of its own.
pub struct Index {
    info: SnapshotInfo,
    reader: IndexReader,
    fields: Fields,
    editions: HashMap<(DocId, EditionId), Edition>,
    producer: Option<String>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("snapshot", &self.info.name)
            .field("passages", &self.info.passages)
            .finish()
    }
}

impl Index {
    /// Opens the snapshot `root/CURRENT` names. [`Error::NoIndex`] if there is none yet.
    pub fn open(root: impl AsRef<Path>) -> Result<Index> {
        let root = root.as_ref();
        let name = read_current(root)?.ok_or_else(|| Error::NoIndex {
            root: root.to_path_buf(),
        })?;
        let dir = root.join(SNAPSHOTS).join(&name);
        if !dir.is_dir() {
            return Err(corrupt(format!(
                "CURRENT names snapshot {name:?}, but {} is missing",
                dir.display()
            )));
        }
        let meta_path = dir.join(META);
        let meta: MetaRecord = serde_json::from_slice(&fs::read(&meta_path).at(&meta_path)?)
            .map_err(|e| corrupt(format!("{}: {e}", meta_path.display())))?;
        if meta.format != FORMAT {
            return Err(Error::OldFormat {
                snapshot: name.to_string(),
                found: meta.format,
                expected: FORMAT,
            });
        }
        let index = tantivy::Index::open_in_dir(dir.join(TANTIVY_DIR))?;
        index
            .tokenizers()
            .register(schema::ANALYZER, schema::analyzer());
        let fields = schema::fields_of(&index.schema())?;
        // A snapshot never changes once named, so there is nothing to reload.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;

        let mut stats = Vec::with_capacity(meta.editions.len());
        let mut editions = HashMap::new();
        for r in &meta.editions {
            let e = r.to_model()?;
            editions.insert((e.doc.clone(), e.id), e.clone());
            stats.push(EditionStats {
                edition: e,
                passages: r.passages,
            });
        }
        let info = SnapshotInfo {
            name,
            path: dir,
            created: meta.created,
            passages: meta.passages,
            editions: stats,
        };
        Ok(Index {
            info,
            reader,
            fields,
            editions,
            producer: meta.producer,
        })
    }

    /// What made this snapshot's passages, as recorded by [`crate::SnapshotBuilder::set_producer`] (`None` for
    /// snapshots that did not record it).
    pub fn producer(&self) -> Option<&str> {
        self.producer.as_deref()
    }

    /// The snapshot that was opened.
    pub fn info(&self) -> &SnapshotInfo {
        &self.info
    }

    /// Every edition in the index with its passage count, in the order they were added.
    pub fn editions(&self) -> Vec<EditionStats> {
        self.info.editions.clone()
    }

    /// One edition's metadata.
    pub fn edition(&self, doc: &DocId, id: EditionId) -> Option<&Edition> {
        self.editions.get(&(doc.clone(), id))
    }

    /// The passage with that id, if the index has it.
    pub fn passage(&self, id: &PassageId) -> Result<Option<StoredPassage>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id.as_str()),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => Ok(Some(self.load(&searcher, *addr)?)),
            None => Ok(None),
        }
    }

    /// The passages around `id` in its edition, in document order: up to `before` passages before it, the passage
    /// itself, and up to `after` after it. Empty if there is no such passage.
    pub fn neighbours(
        &self,
        id: &PassageId,
        before: u64,
        after: u64,
    ) -> Result<Vec<StoredPassage>> {
        let Some(centre) = self.passage(id)? else {
            return Ok(Vec::new());
        };
        let lo = centre.ordinal.saturating_sub(before);
        let hi = centre.ordinal.saturating_add(after);
        let range = RangeQuery::new(
            Bound::Included(Term::from_field_u64(self.fields.ordinal, lo)),
            Bound::Included(Term::from_field_u64(self.fields.ordinal, hi)),
        );
        let limit = (hi - lo + 1) as usize;
        self.edition_passages(
            &centre.edition.doc,
            centre.edition.id,
            Box::new(range),
            limit,
        )
    }

    /// All passages of one edition, in document order (for outlines and for carrying an edition over to a new
    /// snapshot).
    pub fn passages_of(&self, doc: &DocId, edition: EditionId) -> Result<Vec<StoredPassage>> {
        let Some(stats) = self
            .info
            .editions
            .iter()
            .find(|s| s.edition.doc == *doc && s.edition.id == edition)
        else {
            return Ok(Vec::new());
        };
        let limit = stats.passages as usize;
        self.edition_passages(doc, edition, Box::new(tantivy::query::AllQuery), limit)
    }

    fn edition_passages(
        &self,
        doc: &DocId,
        edition: EditionId,
        restrict: Box<dyn Query>,
        limit: usize,
    ) -> Result<Vec<StoredPassage>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let key = schema::edition_key(doc.as_str(), &edition.to_string());
        let q = BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.edition_key, &key)),
            (Occur::Must, restrict),
        ]);
        let top = searcher.search(&q, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = top
            .iter()
            .map(|(_, addr)| self.load(&searcher, *addr))
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|p| p.ordinal);
        Ok(out)
    }

    /// Runs a query plan, returning at most `limit` passages by decreasing raw score.
    pub fn search(
        &self,
        plan: &QueryPlan,
        filter: &Filter,
        limit: usize,
    ) -> Result<Vec<ScoredPassage>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let Some(scoring) = self.plan_query(plan) else {
            return Ok(Vec::new());
        };
        let query: Box<dyn Query> = match self.filter_query(filter) {
            FilterQuery::None => scoring,
            FilterQuery::Nothing => return Ok(Vec::new()),
            FilterQuery::Some(f) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, scoring),
                (Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0))),
            ])),
        };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        top.into_iter()
            .map(|(score, addr)| {
                let s = self.load(&searcher, addr)?;
                Ok(ScoredPassage {
                    passage: s.passage,
                    edition: s.edition,
                    ordinal: s.ordinal,
                    score,
                })
            })
            .collect()
    }

    /// The inverse document frequency of an analysed token (as [`analyze`] returns it) in passage texts, with
    /// BM25's formula: high for rare words, near 0 for words in most passages. Unknown tokens get the highest.
    pub fn idf(&self, token: &str) -> f32 {
        let searcher = self.reader.searcher();
        let n = searcher.num_docs() as f32;
        let df = searcher
            .doc_freq(&Term::from_field_text(self.fields.text, token))
            .unwrap_or(0) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Whether any passage holds the analysed token, in its text, headings or document title (the fields a search
    /// matches).
    pub fn holds(&self, token: &str) -> bool {
        let searcher = self.reader.searcher();
        [self.fields.text, self.fields.heading, self.fields.title]
            .into_iter()
            .any(|f| {
                searcher
                    .doc_freq(&Term::from_field_text(f, token))
                    .is_ok_and(|df| df > 0)
            })
    }

    /// Indexed tokens of passage text of the same word family as `token` (an analysed token): the stemmer leaves
    /// derivations apart ("disciplin" / "disciplinari", "suspend" / "suspens"), so the caller can search them too.
    /// A relative shares all but at most one of the shorter token's characters as a prefix (at least 6), differs
    /// in length by at most 4, and occurs in at least two passages (so typos are not relatives). At most `max`,
    /// most frequent first.
    pub fn related_terms(&self, token: &str, max: usize) -> Vec<String> {
        const MIN_PREFIX: usize = 6;
        let chars: Vec<char> = token.chars().collect();
        if chars.len() < MIN_PREFIX || !token.is_ascii() {
            return Vec::new();
        }
        let prefix: String = chars[..(chars.len() - 1).max(MIN_PREFIX)].iter().collect();
        let mut upper = prefix.clone().into_bytes();
        // The smallest string after every string that starts with `prefix`.
        if let Some(last) = upper.last_mut() {
            *last = last.saturating_add(1);
        }
        let mut found: HashMap<String, u64> = HashMap::new();
        self.scan_text_terms(prefix.as_bytes(), &upper, |term, df| {
            if term == token || term.len().abs_diff(token.len()) > 4 {
                return;
            }
            let shared = term
                .chars()
                .zip(token.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let shorter = term.chars().count().min(chars.len());
            if shared + 1 >= shorter && shared >= MIN_PREFIX {
                *found.entry(term.to_owned()).or_default() += df;
            }
        });
        let mut out: Vec<(String, u64)> = found.into_iter().filter(|(_, df)| *df >= 2).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(max);
        out.into_iter().map(|(t, _)| t).collect()
    }

    /// The indexed token of passage text that a misspelt `word` (as typed, not analysed) most likely stands for:
    /// "safegaurding" → `safeguard`, "accsuation" → `accus`. The caller has established that the index does not
    /// hold `word`; a real English word the documents never use ("stabbed") must not become one they do
    /// ("stabled"), so only the slips typists make are undone:
    ///
    /// 1. every spelling one slip from `word` ([`Slip`]: two neighbours swapped, a letter doubled or dropped, a
    ///    stray letter, a letter missed out, or a neighbouring key on a QWERTY keyboard struck instead), keeping
    ///    the first letter, is analysed; the commonest kind of slip wins, then the longer stem (so "commitee" is
    ///    `committe`, not `commit`), then the stem in more passages. Editing the word, not its stem, matters: the
    ///    stemmer cuts a misspelt suffix differently ("accsuation" → `accsuat`, "accusation" → `accus`). Slips
    ///    other than a swap or a doubled letter must give a stem of seven letters or more, since they turn real
    ///    words into others ("groped" → "grouped", "betting" → "besting");
    /// 2. failing that, when the word's stem has eight letters or more, the indexed stem of eight or more within
    ///    two edits of it ("saefgaurding" → `safeguard`), nearest then most frequent.
    ///
    /// The result must occur in at least three passages (a document's own slip occurs once or twice) and analyse
    /// back to itself. Words under six letters are left alone: short ones are as likely to be real words ("stuff"
    /// is not "staff"). `None` when nothing qualifies.
    pub fn respell(&self, word: &str) -> Option<Respelling> {
        const MIN_LEN: usize = 6;
        const MIN_FALLBACK_STEM: usize = 8;
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < MIN_LEN || !chars.iter().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        let searcher = self.reader.searcher();
        let doc_freq = |token: &str| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.text, token))
                .unwrap_or(0)
        };
        let own = crate::stem_once(word)?;
        let mut best: Option<SlipChoice> = None;
        for (variant, slip) in slips_of(&chars) {
            let Some(stem) = crate::stem_once(&variant) else {
                continue;
            };
            if stem == own {
                continue;
            }
            // A swap or a doubled letter is a typist's mark; a letter more or less, or a neighbouring key, turns
            // many a real short word into another ("groped" → "grouped"), so those need a long stem.
            let distinctive = matches!(slip, Slip::Swap | Slip::Double);
            if !distinctive && stem.chars().count() < MIN_LOOSE_SLIP_STEM {
                continue;
            }
            let df = doc_freq(&stem);
            if df < MIN_RESPELL_DOC_FREQ {
                continue;
            }
            let key = (
                slip,
                std::cmp::Reverse(stem.len()),
                std::cmp::Reverse(df),
                stem,
                variant,
            );
            if best.as_ref().is_none_or(|b| key < *b) {
                best = Some(key);
            }
        }
        if let Some((_, _, _, token, word)) = best {
            return Some(Respelling { word, token });
        }
        if own.len() < MIN_FALLBACK_STEM {
            return None;
        }
        let token = self.nearest_stem(&own, 2, MIN_FALLBACK_STEM)?;
        // The stem stands in for the word, so it must analyse to itself.
        (crate::stem_once(&token).as_deref() == Some(token.as_str())).then(|| Respelling {
            word: token.clone(),
            token,
        })
    }

    /// The indexed stem of at least `min_len` characters within `max_edits` of `stem` with the same first letter,
    /// nearest then most frequent.
    fn nearest_stem(&self, stem: &str, max_edits: usize, min_len: usize) -> Option<String> {
        let chars: Vec<char> = stem.chars().collect();
        let first = *stem.as_bytes().first()?;
        let (lower, upper) = ([first], [first.saturating_add(1)]);
        let mut found: HashMap<String, (usize, u64)> = HashMap::new();
        self.scan_text_terms(&lower, &upper, |term, df| {
            if term == stem || term.len() < min_len || term.len().abs_diff(stem.len()) > max_edits {
                return;
            }
            if let Some(d) = edit_distance(&chars, term, max_edits) {
                found.entry(term.to_owned()).or_insert((d, 0)).1 += df;
            }
        });
        found
            .into_iter()
            .filter(|(_, (_, df))| *df >= MIN_RESPELL_DOC_FREQ)
            .min_by(|a, b| {
                (a.1 .0, std::cmp::Reverse(a.1 .1), &a.0).cmp(&(
                    b.1 .0,
                    std::cmp::Reverse(b.1 .1),
                    &b.0,
                ))
            })
            .map(|(t, _)| t)
    }

    /// Calls `f(term, passages)` for each indexed token of passage text in `lower..upper` (bytes), once per
    /// segment that holds it: callers add the counts up.
    fn scan_text_terms(&self, lower: &[u8], upper: &[u8], mut f: impl FnMut(&str, u64)) {
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.text) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().range().ge(lower).lt(upper).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    f(term, u64::from(stream.value().doc_freq));
                }
            }
        }
    }

    fn plan_query(&self, plan: &QueryPlan) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let fields = [
            (f.text, plan.boosts.text),
            (f.heading, plan.boosts.heading),
            (f.title, plan.boosts.title),
        ];
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for clause in &plan.clauses {
            match clause {
                Clause::Term { word, weight } => {
                    let tokens = tokens_of(std::slice::from_ref(word));
                    push_text_queries(&mut should, &fields, &tokens, 0, *weight);
                }
                Clause::Phrase {
                    words,
                    slop,
                    weight,
                } => {
                    let tokens = tokens_of(words);
                    push_text_queries(&mut should, &fields, &tokens, *slop, *weight);
                }
                Clause::Label { label, weight } => {
                    if *weight > 0.0 {
                        let key = schema::label_ref_key(label);
                        should.push((
                            Occur::Should,
                            Box::new(ConstScoreQuery::new(term_query(f.label, &key), *weight)),
                        ));
                    }
                }
            }
        }
        (!should.is_empty()).then(|| Box::new(BooleanQuery::new(should)) as Box<dyn Query>)
    }

    fn filter_query(&self, filter: &Filter) -> FilterQuery {
        let f = self.fields;
        let mut groups: Vec<Vec<(Field, String)>> = Vec::new();
        if let Some(docs) = &filter.docs {
            groups.push(docs.iter().map(|d| (f.doc, d.to_string())).collect());
        }
        if let Some(kinds) = &filter.kinds {
            groups.push(
                kinds
                    .iter()
                    .map(|k: &DocKind| (f.kind, k.as_str().to_owned()))
                    .collect(),
            );
        }
        if let Some(eds) = &filter.editions {
            groups.push(
                eds.iter()
                    .map(|(d, e)| {
                        (
                            f.edition_key,
                            schema::edition_key(d.as_str(), &e.to_string()),
                        )
                    })
                    .collect(),
            );
        }
        if groups.is_empty() {
            return FilterQuery::None;
        }
        if groups.iter().any(Vec::is_empty) {
            return FilterQuery::Nothing;
        }
        let musts = groups
            .into_iter()
            .map(|g| {
                let any: Vec<(Occur, Box<dyn Query>)> = g
                    .into_iter()
                    .map(|(field, v)| (Occur::Should, term_query(field, &v)))
                    .collect();
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
                )
            })
            .collect();
        FilterQuery::Some(Box::new(BooleanQuery::new(musts)))
    }

    fn load(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<StoredPassage> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = self.fields;
        let text_of = |field: Field, name: &str| -> Result<String> {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
                .ok_or_else(|| corrupt(format!("stored passage lacks {name}")))
        };
        let id = PassageId::from_stored(text_of(f.id, "id")?);
        let doc_id = DocId::new(&text_of(f.doc, "doc")?).map_err(|e| corrupt(e.to_string()))?;
        let ed: EditionId = text_of(f.edition, "edition")?
            .parse()
            .map_err(|e: pinpoint_model::IdError| corrupt(e.to_string()))?;
        let record: LocatorRecord = serde_json::from_str(&text_of(f.locator, "locator")?)
            .map_err(|e| corrupt(format!("stored locator of {id}: {e}")))?;
        let locator = record.into_model()?;
        let text = text_of(f.text, "text")?;
        let ordinal = doc
            .get_first(f.ordinal)
            .and_then(|v| v.as_u64())
            .ok_or_else(|| corrupt(format!("stored passage {id} lacks an ordinal")))?;
        let edition = self
            .editions
            .get(&(doc_id.clone(), ed))
            .cloned()
            .ok_or_else(|| {
                corrupt(format!(
                    "passage {id} belongs to {doc_id}/{ed}, which meta.json does not list"
                ))
            })?;
        Ok(StoredPassage {
            passage: Passage { id, locator, text },
            edition,
            ordinal,
        })
    }
}

enum FilterQuery {
    None,
    Nothing,
    Some(Box<dyn Query>),
}

fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

fn tokens_of(words: &[String]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| analyze(w))
        .map(|t| t.text)
        .collect()
}

/// One query per field: a term query for one token, a phrase query (with `slop`) for several.
fn push_text_queries(
    out: &mut Vec<(Occur, Box<dyn Query>)>,
    fields: &[(Field, f32)],
    tokens: &[String],
    slop: u32,
    weight: f32,
) {
    if tokens.is_empty() || weight <= 0.0 {
        return;
    }
    for &(field, boost) in fields {
        if boost <= 0.0 {
            continue;
        }
        let q: Box<dyn Query> = if tokens.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &tokens[0]),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            let terms = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| (i, Term::from_field_text(field, t)))
                .collect();
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        };
        out.push((Occur::Should, Box::new(BoostQuery::new(q, weight * boost))));
    }
}

/// A likelier spelling of a word the index does not hold ([`Index::respell`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respelling {
    /// The word as it should be written ("safeguarding").
    pub word: String,
    /// Its analysed token, as indexed (`safeguard`).
    pub token: String,
}

/// How [`Index::respell`] orders candidate corrections, least first: the kind of slip, the longer stem, the stem in
/// more passages, then the stem and the spelling themselves (so that ties break the same way every time).
type SlipChoice = (
    Slip,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<u64>,
    String,
    String,
);

/// The shortest stem a correction by a missed, stray or neighbouring-key letter may give.
const MIN_LOOSE_SLIP_STEM: usize = 7;

/// Passages a respelling must occur in: a document's own slip occurs once or twice.
const MIN_RESPELL_DOC_FREQ: u64 = 3;

/// A typing slip, commonest first: the order in which [`Index::respell`] prefers its corrections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slip {
    /// Two neighbouring letters swapped ("safegaurding").
    Swap,
    /// A letter doubled or a double letter single ("accomodation", "commitee").
    Double,
    /// A letter missed out or a stray one typed ("disqulification").
    Missed,
    /// A neighbouring key struck instead ("safrguarding").
    NeighbourKey,
}

/// Neighbouring keys on a QWERTY keyboard.
fn neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qeas",
        'e' => "wrsd",
        'r' => "etdf",
        't' => "ryfg",
        'y' => "tugh",
        'u' => "yihj",
        'i' => "uojk",
        'o' => "ipkl",
        'p' => "ol",
        'a' => "qwsz",
        's' => "awedxz",
        'd' => "serfcx",
        'f' => "drtgvc",
        'g' => "ftyhbv",
        'h' => "gyujnb",
        'j' => "huikmn",
        'k' => "jiolm",
        'l' => "kop",
        'z' => "asx",
        'x' => "zsdc",
        'c' => "xdfv",
        'v' => "cfgb",
        'b' => "vghn",
        'n' => "bhjm",
        'm' => "njk",
        _ => "",
    }
}

/// Every spelling one slip from `word` that keeps its first letter, with the slip it undoes.
fn slips_of(word: &[char]) -> Vec<(String, Slip)> {
    let n = word.len();
    let at = |parts: &[&[char]]| -> String { parts.iter().flat_map(|p| p.iter()).collect() };
    let mut out = Vec::new();
    for i in 1..n {
        // Typed an extra letter: drop it.
        let kind = if word[i] == word[i - 1] {
            Slip::Double
        } else {
            Slip::Missed
        };
        out.push((at(&[&word[..i], &word[i + 1..]]), kind));
        if i + 1 < n && word[i] != word[i + 1] {
            out.push((
                at(&[&word[..i], &[word[i + 1], word[i]], &word[i + 2..]]),
                Slip::Swap,
            ));
        }
        for c in neighbours(word[i]).chars() {
            out.push((at(&[&word[..i], &[c], &word[i + 1..]]), Slip::NeighbourKey));
        }
    }
    // Missed a letter out: put one back (after the first letter).
    for i in 1..=n {
        for c in 'a'..='z' {
            let kind = if word[i - 1] == c || word.get(i) == Some(&c) {
                Slip::Double
            } else {
                Slip::Missed
            };
            out.push((at(&[&word[..i], &[c], &word[i..]]), kind));
        }
    }
    out
}

/// Edits (insert, delete, substitute, or swap two neighbours: the optimal-string-alignment distance) between `a`
/// and `b`, or `None` when more than `max`.
fn edit_distance(a: &[char], b: &str, max: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    // Three rows: two back for the swap.
    let mut before: Vec<usize> = vec![0; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut row: Vec<usize> = vec![0; m + 1];
    for i in 1..=n {
        row[0] = i;
        let mut best = row[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
            best = best.min(d);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[m]).filter(|d| *d <= max)
}
