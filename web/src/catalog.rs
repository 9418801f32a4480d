//! The corpus as a reader browses it: documents with their editions (which one is in force), an edition's outline,
//! and how a user names editions (`current`, `all`, a date prefix such as `2024`, or "in force on" a date).
//!
//! Shared by the JSON API and the HTML UI, so both list and choose editions the same way. Pure functions of an
//! [`Index`]; none of them is slow except [`outline`], which reads a whole edition (run it on a blocking thread).
//!
//! Also the index side of `pinpoint-diff`, shared with the CLI's `pinpoint diff` and `pinpoint check-citations`
//! so that the commands and the server name editions, read them and check citations with one piece of code:
//! [`resolve`] (an edition by date or unambiguous prefix), [`diff`] (two editions, with the server's defaults),
//! [`CitationChecker`], and [`renumbered`] (runs of renumbered paragraphs, collapsed). These read whole editions:
//! run them on a blocking thread.
//!
//! And [`wire_answer`]: a search answer in the JSON form that `pinpoint search --json` prints and
//! `GET /api/search` returns, built in one place so the two never drift apart.

use std::collections::HashMap;

use pinpoint_diff::{
    CitationCheck, EditionDiff, EditionNameError, EditionText, Pair, SavedCitation,
};
use pinpoint_index::{Index, StoredPassage};
use pinpoint_model::{Date, DocId, Edition, EditionId, Label, Passage, PassageId};
use pinpoint_search::{Answer, EditionScope};
use pinpoint_wire::{WireAnswer, WireCitationCheck, WireCitationInput, WireCorrection, WireHit};

/// `answer` to `question` in its JSON form, from its `skip`-th hit on (the API's `offset`).
pub fn wire_answer(question: &str, answer: &Answer, skip: usize) -> WireAnswer {
    WireAnswer {
        query: question.to_owned(),
        no_answer: answer.no_answer,
        hits: answer
            .hits
            .iter()
            .skip(skip)
            .map(|h| {
                let mut hit = WireHit::new(&h.passage, &h.edition, h.score, &h.highlights);
                hit.also_in = h.also_in.iter().map(|a| a.id.to_string()).collect();
                hit
            })
            .collect(),
        corrections: answer
            .corrections
            .iter()
            .map(|c| WireCorrection::new(&c.typed, &c.searched))
            .collect(),
        error: None,
        not_in_force: answer.not_in_force.iter().map(Into::into).collect(),
    }
}

/// An indexed edition, its passage count, and whether it is the one in force today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionEntry {
    /// The edition.
    pub edition: Edition,
    /// Its passages in the index.
    pub passages: u64,
    /// Whether it is in force today (the edition searched by default).
    pub current: bool,
}

/// A document with every indexed edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentEntry {
    /// The document.
    pub doc: DocId,
    /// Its editions, newest first; never empty, exactly one is `current`.
    pub editions: Vec<EditionEntry>,
}

impl DocumentEntry {
    /// The document's name without an edition year: the words every edition's citation starts with ("Keeping
    /// children safe in education" for "… 2024" and "… 2025"); for a document with one edition, its citation.
    pub fn name(&self) -> String {
        document_name(
            &self.current().edition.cite_as,
            self.editions.iter().map(|e| e.edition.cite_as.as_str()),
        )
    }

    /// The edition in force today.
    pub fn current(&self) -> &EditionEntry {
        // `documents` marks exactly one edition current; the first (newest) is a safe fallback all the same.
        self.editions
            .iter()
            .find(|e| e.current)
            .unwrap_or(&self.editions[0])
    }

    /// The edition a user names: `None` or `current` for the one in force, otherwise a date prefix that must name
    /// exactly one edition.
    pub fn choose(&self, spec: Option<&str>) -> Result<&EditionEntry, CatalogError> {
        let spec = match spec.map(str::trim) {
            None | Some("") | Some("current") => return Ok(self.current()),
            Some("all") => return Err(CatalogError::NotOneEdition("all".to_owned())),
            Some(s) => s,
        };
        check_prefix(spec)?;
        let found: Vec<&EditionEntry> = self
            .editions
            .iter()
            .filter(|e| e.edition.id.matches_prefix(spec))
            .collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(CatalogError::NoSuchEdition {
                doc: self.doc.to_string(),
                spec: spec.to_owned(),
            }),
            many => Err(CatalogError::Ambiguous {
                spec: spec.to_owned(),
                editions: many.iter().map(|e| e.edition.id.to_string()).collect(),
            }),
        }
    }
}

/// Why a user's naming of a document or edition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// Not `current`, `all` or a date prefix.
    #[error("edition {0:?} is not `current`, `all` or a date or date prefix (2024, 2024-09, 2024-09-02)")]
    BadEdition(String),
    /// `as_of` is not a date.
    #[error("as_of {0:?} is not a date (YYYY-MM-DD)")]
    BadDate(String),
    /// `edition` and `as_of` both given: they are two ways of choosing the editions searched.
    #[error("give edition or as_of, not both (edition {0:?})")]
    EditionAndAsOf(String),
    /// A page that shows one edition was asked for several.
    #[error("edition {0:?} names no single edition: give `current` or a date or date prefix (2024, 2024-09-02)")]
    NotOneEdition(String),
    /// No edition of the document matches.
    #[error("document {doc} has no edition {spec}")]
    NoSuchEdition {
        /// The document.
        doc: String,
        /// What was asked for.
        spec: String,
    },
    /// No indexed edition of any (selected) document matches.
    #[error("no indexed edition matches {0}")]
    NoMatchingEdition(String),
    /// The prefix names several editions where one is needed.
    #[error("edition {spec} is ambiguous: it names {}", editions.join(", "))]
    Ambiguous {
        /// What was asked for.
        spec: String,
        /// The editions it names.
        editions: Vec<String>,
    },
}

/// Every document in the index, most authoritative kind first (legislation, statutory guidance, …), then by title.
pub fn documents(index: &Index) -> Vec<DocumentEntry> {
    let all = index.editions();
    let current = pinpoint_search::in_force_on(&all, pinpoint_search::today(), true);
    let mut docs: Vec<DocumentEntry> = Vec::new();
    for stats in all {
        let entry = EditionEntry {
            current: current.get(&stats.edition.doc) == Some(&stats.edition.id),
            passages: stats.passages,
            edition: stats.edition,
        };
        match docs.iter_mut().find(|d| d.doc == entry.edition.doc) {
            Some(d) => d.editions.push(entry),
            None => docs.push(DocumentEntry {
                doc: entry.edition.doc.clone(),
                editions: vec![entry],
            }),
        }
    }
    for d in &mut docs {
        d.editions.sort_by_key(|e| std::cmp::Reverse(e.edition.id));
    }
    docs.sort_by(|a, b| {
        let (x, y) = (&a.current().edition, &b.current().edition);
        x.kind
            .cmp(&y.kind)
            .then_with(|| x.title.to_lowercase().cmp(&y.title.to_lowercase()))
            .then_with(|| a.doc.cmp(&b.doc))
    });
    docs
}

/// One document, if the index has it.
pub fn document(index: &Index, doc: &DocId) -> Option<DocumentEntry> {
    documents(index).into_iter().find(|d| d.doc == *doc)
}

/// Which editions a search covers, as a user names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditionSpec {
    /// The edition of each document in force today.
    Current,
    /// Every edition.
    All,
    /// Editions whose date starts with this (`2024`, `2024-09`, `2024-09-02`).
    Prefix(String),
    /// For each document, the edition in force on this date.
    AsOf(Date),
}

impl EditionSpec {
    /// Reads the `edition` and `as_of` parameters (at most one may be given, except `edition=current`).
    pub fn from_params(
        edition: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<EditionSpec, CatalogError> {
        if let Some(d) = as_of {
            let date: Date = d
                .trim()
                .parse()
                .map_err(|_| CatalogError::BadDate(d.to_owned()))?;
            return match edition.map(str::trim) {
                None | Some("") | Some("current") => Ok(EditionSpec::AsOf(date)),
                Some(other) => Err(CatalogError::EditionAndAsOf(other.to_owned())),
            };
        }
        match edition.map(str::trim) {
            None | Some("") | Some("current") => Ok(EditionSpec::Current),
            Some("all") => Ok(EditionSpec::All),
            Some(prefix) => {
                check_prefix(prefix)?;
                Ok(EditionSpec::Prefix(prefix.to_owned()))
            }
        }
    }

    /// The search scope over `index`, limited to `docs` when given. A prefix that names no edition is an error, so
    /// that a typo is not mistaken for "no answer".
    pub fn scope(
        &self,
        index: &Index,
        docs: Option<&[DocId]>,
    ) -> Result<EditionScope, CatalogError> {
        Ok(match self {
            EditionSpec::Current => EditionScope::Current,
            EditionSpec::All => EditionScope::All,
            EditionSpec::AsOf(date) => EditionScope::AsOf(*date),
            EditionSpec::Prefix(prefix) => {
                let only: Vec<(DocId, EditionId)> = index
                    .editions()
                    .into_iter()
                    .map(|s| s.edition)
                    .filter(|e| docs.is_none_or(|d| d.contains(&e.doc)))
                    .filter(|e| e.id.matches_prefix(prefix))
                    .map(|e| (e.doc, e.id))
                    .collect();
                if only.is_empty() {
                    return Err(CatalogError::NoMatchingEdition(prefix.clone()));
                }
                EditionScope::Only(only)
            }
        })
    }
}

/// A date prefix is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn check_prefix(s: &str) -> Result<(), CatalogError> {
    let ok = match s.len() {
        4 | 7 | 10 => s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        }),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(CatalogError::BadEdition(s.to_owned()))
    }
}

/// A heading of an edition's outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineNode {
    /// The heading text.
    pub heading: String,
    /// The first passage under it.
    pub first_passage: PassageId,
    /// Passages under it, sub-headings included.
    pub passages: u64,
    /// Sub-headings in document order.
    pub children: Vec<OutlineNode>,
}

/// An edition's heading tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The edition's first passage.
    pub first_passage: Option<PassageId>,
    /// Top-level headings in document order.
    pub headings: Vec<OutlineNode>,
}

/// The outline of one edition (reads every passage of it: call from a blocking thread).
pub fn outline(index: &Index, doc: &DocId, edition: EditionId) -> pinpoint_index::Result<Outline> {
    Ok(outline_of(&index.passages_of(doc, edition)?))
}

/// The heading tree of passages in document order. Consecutive passages under the same heading share its node; a
/// heading that recurs later (after another) gets a node of its own, as it does in the document.
pub fn outline_of(passages: &[StoredPassage]) -> Outline {
    let mut outline = Outline {
        first_passage: passages.first().map(|p| p.passage.id.clone()),
        headings: Vec::new(),
    };
    for p in passages {
        insert(
            &mut outline.headings,
            p.passage.locator.heading.as_slice(),
            &p.passage.id,
        );
    }
    outline
}

fn insert(nodes: &mut Vec<OutlineNode>, path: &[String], id: &PassageId) {
    let Some((head, rest)) = path.split_first() else {
        return;
    };
    let reuse = nodes.last().is_some_and(|n| n.heading == *head);
    if !reuse {
        nodes.push(OutlineNode {
            heading: head.clone(),
            first_passage: id.clone(),
            passages: 0,
            children: Vec::new(),
        });
    }
    if let Some(node) = nodes.last_mut() {
        node.passages += 1;
        insert(&mut node.children, rest, id);
    }
}

/// Why a document, an edition, a diff or a citation could not be looked up. The messages name what was asked for
/// and what there is; they carry any underlying error's text themselves (no `source()`), so that an `anyhow`
/// chain does not print it twice.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// No such document in the index (or not a document id at all).
    #[error("no document {0:?} in the index")]
    NoDocument(String),
    /// The edition name names no edition of the document, or several.
    #[error("{name}: {error}")]
    Edition {
        /// The document.
        doc: DocId,
        /// Its name as a reader knows it ("Keeping children safe in education"), for the message.
        name: String,
        /// What is wrong with the name (lists the editions there are, or those it could be).
        error: EditionNameError,
    },
    /// A diff's `from` defaulted to the edition before `to`, and there is none.
    #[error("{doc} has no edition before {edition} to compare it with")]
    NoEarlier {
        /// The document.
        doc: DocId,
        /// The edition compared.
        edition: EditionId,
    },
    /// None of the document's editions is in force (cannot happen with an index built by ingest).
    #[error("no edition of {0} is in force")]
    NotInForce(DocId),
    /// A citation without an edition.
    #[error("no edition given: name the edition cited by its date or year (e.g. \"2024\")")]
    NoEditionGiven,
    /// A citation that names nothing to look for, or names it unreadably.
    #[error("{0}")]
    Citation(#[from] pinpoint_diff::CitationError),
    /// Reading the index failed.
    #[error("reading {doc} {edition} from the index: {error}")]
    Index {
        /// The document.
        doc: DocId,
        /// The edition.
        edition: EditionId,
        /// The index's error.
        error: pinpoint_index::Error,
    },
}

impl LookupError {
    /// Whether the error is the reader's (a name that matches nothing: 404) rather than a malformed request (400)
    /// or a failure of the server (500).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            LookupError::NoDocument(_)
                | LookupError::NoEarlier { .. }
                | LookupError::Edition {
                    error: EditionNameError::NoSuch { .. },
                    ..
                }
        )
    }

    /// Whether the index failed (500) rather than the request naming something wrong.
    pub fn is_internal(&self) -> bool {
        matches!(self, LookupError::Index { .. } | LookupError::NotInForce(_))
    }
}

/// `doc` as a document id of the index.
fn indexed_doc(index: &Index, doc: &str) -> Result<DocId, LookupError> {
    let not_found = || LookupError::NoDocument(doc.trim().chars().take(60).collect());
    let id = DocId::new(doc.trim()).map_err(|_| not_found())?;
    if index.editions().iter().any(|s| s.edition.doc == id) {
        Ok(id)
    } else {
        Err(not_found())
    }
}

/// The edition of `doc` that `name` names: its date, or any prefix of the date that only it has (`2024`,
/// `2025-07`), as `pinpoint_diff::resolve_edition` reads it.
pub fn resolve(index: &Index, doc: &DocId, name: &str) -> Result<Edition, LookupError> {
    let ids: Vec<EditionId> = editions_of(index, doc);
    if ids.is_empty() {
        return Err(LookupError::NoDocument(doc.to_string()));
    }
    let id = pinpoint_diff::resolve_edition(name, ids).map_err(|error| {
        let editions = index.editions();
        let cites: Vec<&str> = editions
            .iter()
            .filter(|s| s.edition.doc == *doc)
            .map(|s| s.edition.cite_as.as_str())
            .collect();
        LookupError::Edition {
            doc: doc.clone(),
            name: document_name(
                cites.last().copied().unwrap_or(doc.as_str()),
                cites.into_iter(),
            ),
            error,
        }
    })?;
    edition(index, doc, id)
}

/// See [`DocumentEntry::name`]: the words `current` (the citation of the edition in force) shares with every
/// citation in `all`, or all of `current` when they share none.
fn document_name<'a>(current: &str, all: impl Iterator<Item = &'a str>) -> String {
    let mut common: Vec<&str> = current.split_whitespace().collect();
    for cite_as in all {
        let same = common
            .iter()
            .zip(cite_as.split_whitespace())
            .take_while(|(a, b)| **a == *b)
            .count();
        common.truncate(same);
    }
    if common.is_empty() {
        current.to_owned()
    } else {
        common.join(" ")
    }
}

fn editions_of(index: &Index, doc: &DocId) -> Vec<EditionId> {
    index
        .editions()
        .into_iter()
        .filter(|s| s.edition.doc == *doc)
        .map(|s| s.edition.id)
        .collect()
}

fn edition(index: &Index, doc: &DocId, id: EditionId) -> Result<Edition, LookupError> {
    index
        .edition(doc, id)
        .cloned()
        .ok_or_else(|| LookupError::Index {
            doc: doc.clone(),
            edition: id,
            error: pinpoint_index::Error::Corrupt {
                reason: format!("edition {doc} {id} is listed but not readable"),
            },
        })
}

/// The edition of `doc` in force today.
pub fn current_edition(index: &Index, doc: &DocId) -> Result<Edition, LookupError> {
    let current = pinpoint_search::in_force_on(&index.editions(), pinpoint_search::today(), true);
    let id = *current
        .get(doc)
        .ok_or_else(|| LookupError::NotInForce(doc.clone()))?;
    edition(index, doc, id)
}

/// An edition's passages in document order.
pub fn passages(index: &Index, edition: &Edition) -> Result<Vec<Passage>, LookupError> {
    Ok(index
        .passages_of(&edition.doc, edition.id)
        .map_err(|error| LookupError::Index {
            doc: edition.doc.clone(),
            edition: edition.id,
            error,
        })?
        .into_iter()
        .map(|s| s.passage)
        .collect())
}

/// The paragraph-level diff of two editions of `doc` (an id as a user typed it), each named by date or prefix.
/// `to` defaults to the edition in force today, `from` to the edition just before `to`: "what changed in the
/// edition in force".
pub fn diff(
    index: &Index,
    doc: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<EditionDiff, LookupError> {
    let doc = indexed_doc(index, doc)?;
    fn present(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let new = match present(to) {
        Some(name) => resolve(index, &doc, name)?,
        None => current_edition(index, &doc)?,
    };
    let old = match present(from) {
        Some(name) => resolve(index, &doc, name)?,
        None => {
            let before = editions_of(index, &doc)
                .into_iter()
                .filter(|id| *id < new.id)
                .max()
                .ok_or(LookupError::NoEarlier {
                    doc: doc.clone(),
                    edition: new.id,
                })?;
            edition(index, &doc, before)?
        }
    };
    let (old_passages, new_passages) = (passages(index, &old)?, passages(index, &new)?);
    Ok(pinpoint_diff::diff_editions(
        EditionText {
            edition: &old,
            passages: &old_passages,
        },
        EditionText {
            edition: &new,
            passages: &new_passages,
        },
    ))
}

/// Checks saved citations against the edition in force, reading each edition's passages and diffing each pair
/// of editions once however many citations name them. One checker per request or command: it holds an index
/// and what it has read from it.
pub struct CitationChecker<'a> {
    index: &'a Index,
    current: HashMap<DocId, EditionId>,
    passages: HashMap<(DocId, EditionId), Vec<Passage>>,
    diffs: HashMap<(DocId, EditionId, EditionId), EditionDiff>,
}

impl<'a> CitationChecker<'a> {
    /// A checker against the editions of `index` in force today.
    pub fn new(index: &'a Index) -> CitationChecker<'a> {
        CitationChecker {
            index,
            current: pinpoint_search::in_force_on(
                &index.editions(),
                pinpoint_search::today(),
                true,
            ),
            passages: HashMap::new(),
            diffs: HashMap::new(),
        }
    }

    /// Checks one citation: resolves its document and edition, finds the cited passage(s) by label, quote and
    /// content hash, and follows them into the edition in force.
    pub fn check(&mut self, input: &WireCitationInput) -> Result<CitationCheck, LookupError> {
        let doc = indexed_doc(self.index, &input.document)?;
        let Some(name) = input.edition.as_deref().filter(|e| !e.trim().is_empty()) else {
            return Err(LookupError::NoEditionGiven);
        };
        let cited = resolve(self.index, &doc, name)?;
        let current_id = *self
            .current
            .get(&doc)
            .ok_or_else(|| LookupError::NotInForce(doc.clone()))?;
        let current = edition(self.index, &doc, current_id)?;
        let saved = SavedCitation::new(
            input.paragraph.as_deref(),
            input.quote.as_deref(),
            input.content_hash.as_deref(),
        )?;
        for e in [&cited, &current] {
            let key = (doc.clone(), e.id);
            if !self.passages.contains_key(&key) {
                let ps = passages(self.index, e)?;
                self.passages.insert(key, ps);
            }
        }
        let old_ps = &self.passages[&(doc.clone(), cited.id)];
        let new_ps = &self.passages[&(doc.clone(), current.id)];
        let diff = self
            .diffs
            .entry((doc.clone(), cited.id, current.id))
            .or_insert_with(|| {
                pinpoint_diff::diff_editions(
                    EditionText {
                        edition: &cited,
                        passages: old_ps,
                    },
                    EditionText {
                        edition: &current,
                        passages: new_ps,
                    },
                )
            });
        Ok(pinpoint_diff::check_against(&saved, old_ps, diff))
    }

    /// Checks each citation, in order: its wire answer, or a `status: error` answer saying why it could not be
    /// checked.
    pub fn check_all(&mut self, inputs: &[WireCitationInput]) -> Vec<WireCitationCheck> {
        inputs
            .iter()
            .map(|input| match self.check(input) {
                Ok(check) => WireCitationCheck::new(input.clone(), &check),
                Err(e) => WireCitationCheck::error(input.clone(), e.to_string()),
            })
            .collect()
    }
}

/// Renumbered passages for a reader: consecutive numbered paragraphs that all shifted by the same amount are one
/// run (`paras 148–156 → 145–153`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Renumbered<'a> {
    /// Paragraphs `first.old ..= last.old` became `first.new ..= last.new`, `len` of them, one for one.
    Run {
        /// The first paragraph of the run.
        first: &'a Pair,
        /// The last (the same as `first` for a run of one).
        last: &'a Pair,
        /// How many paragraphs.
        len: usize,
    },
    /// A renumbered provision, footnote or other label that is not a plain paragraph number.
    Other(&'a Pair),
}

/// The diff's renumbered passages in the new edition's order, runs collapsed.
pub fn renumbered(diff: &EditionDiff) -> Vec<Renumbered<'_>> {
    fn number(p: &Passage) -> Option<u64> {
        match &p.locator.label {
            Label::Paragraph(n) => n.parse().ok(),
            _ => None,
        }
    }
    let mut out: Vec<Renumbered<'_>> = Vec::new();
    for change in &diff.changes {
        let pinpoint_diff::Change::Renumbered(pair) = change else {
            continue;
        };
        let (Some(a), Some(b)) = (number(&pair.old), number(&pair.new)) else {
            out.push(Renumbered::Other(pair));
            continue;
        };
        if let Some(Renumbered::Run { last, len, .. }) = out.last_mut() {
            if number(&last.old) == Some(a.wrapping_sub(1))
                && number(&last.new) == Some(b.wrapping_sub(1))
            {
                *last = pair;
                *len += 1;
                continue;
            }
        }
        out.push(Renumbered::Run {
            first: pair,
            last: pair,
            len: 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::{DocKind, HeadingPath, Locator, Position};

    fn edition() -> Edition {
        Edition {
            doc: "kcsie".parse().unwrap(),
            id: "2024-09-02".parse().unwrap(),
            in_force_from: "2024-09-02".parse().unwrap(),
            title: "Keeping children safe in education 2024".into(),
            cite_as: "KCSIE 2024".into(),
            publisher: "DfE".into(),
            kind: DocKind::StatutoryGuidance,
            url: "https://example.gov.uk/kcsie.pdf".into(),
            source: "kcsie.pdf".into(),
            note: None,
        }
    }

    fn stored(n: u64, heading: &[&str]) -> StoredPassage {
        let e = edition();
        let locator = Locator {
            position: Position::Anchor(None),
            label: Label::Paragraph(n.to_string()),
            heading: HeadingPath::new(heading.iter().map(|h| h.to_string()).collect()),
        };
        StoredPassage {
            passage: Passage::new(&e, locator, format!("text {n}")),
            edition: e,
            ordinal: n,
        }
    }

    #[test]
    fn outline_nests_headings_and_points_at_first_passages() {
        let passages = [
            stored(1, &[]),
            stored(2, &["Part one"]),
            stored(3, &["Part one", "Section a"]),
            stored(4, &["Part one", "Section a"]),
            stored(5, &["Part one", "Section b"]),
            stored(6, &["Part two"]),
            stored(7, &["Part one"]),
        ];
        let o = outline_of(&passages);
        assert_eq!(o.first_passage.unwrap().as_str(), "kcsie/2024-09-02/para-1");
        let names: Vec<&str> = o.headings.iter().map(|n| n.heading.as_str()).collect();
        assert_eq!(names, ["Part one", "Part two", "Part one"]);
        let one = &o.headings[0];
        assert_eq!(one.passages, 4);
        assert_eq!(one.first_passage.as_str(), "kcsie/2024-09-02/para-2");
        assert_eq!(one.children.len(), 2);
        assert_eq!(one.children[0].passages, 2);
        assert_eq!(
            one.children[0].first_passage.as_str(),
            "kcsie/2024-09-02/para-3"
        );
        assert_eq!(
            one.children[1].first_passage.as_str(),
            "kcsie/2024-09-02/para-5"
        );
    }

    #[test]
    fn an_unknown_edition_is_reported_under_the_documents_name() {
        let dir = tempfile::tempdir().unwrap();
        let e2024 = edition();
        let e2025 = Edition {
            id: "2025-09-01".parse().unwrap(),
            in_force_from: "2025-09-01".parse().unwrap(),
            cite_as: "KCSIE 2025".into(),
            ..edition()
        };
        let mut b = pinpoint_index::SnapshotBuilder::create(dir.path()).unwrap();
        for e in [&e2024, &e2025] {
            b.add_edition(e, &[]).unwrap();
        }
        b.commit().unwrap();
        let index = Index::open(dir.path()).unwrap();
        let err = resolve(&index, &e2024.doc, "September 2019").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("KCSIE: no edition \"September 2019\""),
            "{err}"
        );
        assert_eq!(
            document_name("KCSIE 2025", ["KCSIE 2024", "KCSIE 2025"].into_iter()),
            "KCSIE"
        );
        assert_eq!(
            document_name("Children Act 2004", ["Children Act 2004"].into_iter()),
            "Children Act 2004"
        );
    }

    #[test]
    fn a_page_of_one_edition_refuses_all_with_a_reason() {
        let entry = DocumentEntry {
            doc: edition().doc,
            editions: vec![EditionEntry {
                edition: edition(),
                passages: 1,
                current: true,
            }],
        };
        assert_eq!(
            entry.choose(Some("all")).unwrap_err(),
            CatalogError::NotOneEdition("all".into())
        );
        assert!(entry.choose(Some("current")).is_ok());
    }

    #[test]
    fn edition_parameters() {
        assert_eq!(
            EditionSpec::from_params(None, None),
            Ok(EditionSpec::Current)
        );
        assert_eq!(
            EditionSpec::from_params(Some("all"), None),
            Ok(EditionSpec::All)
        );
        assert_eq!(
            EditionSpec::from_params(Some("2024-09"), None),
            Ok(EditionSpec::Prefix("2024-09".into()))
        );
        assert_eq!(
            EditionSpec::from_params(None, Some("2024-10-01")),
            Ok(EditionSpec::AsOf("2024-10-01".parse().unwrap()))
        );
        for bad in ["24", "2024-9", "latest", "2024-09-02x"] {
            assert!(EditionSpec::from_params(Some(bad), None).is_err(), "{bad}");
        }
        assert!(EditionSpec::from_params(None, Some("2024-13-01")).is_err());
        assert_eq!(
            EditionSpec::from_params(Some("all"), Some("2024-10-01"))
                .unwrap_err()
                .to_string(),
            "give edition or as_of, not both (edition \"all\")"
        );
    }
}
