//! Does a saved citation still stand in the edition in force?

use pinpoint_model::{ContentHash, Edition, EditionId, Label, Passage, Position, ProvisionKind};

use crate::text::{contains_quote, loose};
use crate::{diff_editions, Change, EditionDiff, EditionText, WordDiff};

/// Why a citation could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CitationError {
    /// Neither a label, a quote nor a content hash: nothing to look for.
    #[error("a citation needs a paragraph (or section), a quote or a content hash")]
    Empty,
    /// The label is not a paragraph, provision or footnote reference.
    #[error(
        "cannot read {0:?} as a paragraph or provision: try `363`, `para 3.22`, `s. 16E(1)`, `reg 32`, `fn 12`"
    )]
    BadLabel(String),
    /// The content hash is malformed.
    #[error(transparent)]
    BadHash(#[from] pinpoint_model::ContentHashError),
}

/// An edition name that names no edition, or several.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditionNameError {
    /// No edition's date starts with it.
    #[error("no edition {name:?}; the editions are {}", list(.available))]
    NoSuch {
        /// As given.
        name: String,
        /// The editions there are.
        available: Vec<EditionId>,
    },
    /// Several editions' dates start with it.
    #[error("edition {name:?} is ambiguous: it could be {}", list(.matches))]
    Ambiguous {
        /// As given.
        name: String,
        /// The editions it could be.
        matches: Vec<EditionId>,
    },
}

fn list(ids: &[EditionId]) -> String {
    if ids.is_empty() {
        return "none".into();
    }
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The edition a user means by `name`: its full date, or any prefix of the date that only it has (`2024`,
/// `2025-07`).
pub fn resolve_edition(
    name: &str,
    editions: impl IntoIterator<Item = EditionId>,
) -> Result<EditionId, EditionNameError> {
    let mut available: Vec<EditionId> = editions.into_iter().collect();
    available.sort();
    available.dedup();
    let name = name.trim();
    if let Some(exact) = available.iter().find(|e| e.to_string() == name) {
        return Ok(*exact);
    }
    let matches: Vec<EditionId> = available
        .iter()
        .copied()
        .filter(|e| e.matches_prefix(name))
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(EditionNameError::NoSuch {
            name: name.to_owned(),
            available,
        }),
        _ => Err(EditionNameError::Ambiguous {
            name: name.to_owned(),
            matches,
        }),
    }
}

/// What a citation names: a paragraph, provision or footnote, by its printed number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRef {
    kind: LabelKind,
    /// Lowercase, without spaces or dots after the kind word: `16e(1)`, `3.22`, `2para3`.
    number: String,
    as_given: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    /// A bare number: a paragraph, or a provision of any kind.
    Any,
    Paragraph,
    Provision(ProvisionKind),
    Footnote,
}

impl LabelRef {
    /// Reads `363`, `para 363`, `paragraph 3.22`, `¶ 12`, `s. 16E(1)`, `section 16E`, `reg 32(3)`, `regulation 32`,
    /// `art. 5`, `Sch. 2 para 3`, `fn 12`, `footnote 12`.
    pub fn parse(s: &str) -> Result<LabelRef, CitationError> {
        let bad = || CitationError::BadLabel(s.to_owned());
        let trimmed = s.trim();
        let lower = trimmed.to_lowercase();
        // The kind word ends at the first digit; `sch 2 para 3` keeps its inner "para".
        let split = lower.find(|c: char| c.is_ascii_digit()).ok_or_else(bad)?;
        let (word, rest) = lower.split_at(split);
        let word = word.trim().trim_end_matches('.').trim();
        let kind = match word {
            "" => LabelKind::Any,
            "para" | "paras" | "paragraph" | "¶" => LabelKind::Paragraph,
            "s" | "section" | "sec" => LabelKind::Provision(ProvisionKind::Section),
            "reg" | "regulation" | "r" => LabelKind::Provision(ProvisionKind::Regulation),
            "art" | "article" => LabelKind::Provision(ProvisionKind::Article),
            "sch" | "schedule" => LabelKind::Provision(ProvisionKind::Schedule),
            "fn" | "footnote" | "n" => LabelKind::Footnote,
            _ => return Err(bad()),
        };
        let number = squash(rest);
        if number.is_empty() {
            return Err(bad());
        }
        Ok(LabelRef {
            kind,
            number,
            as_given: trimmed.to_owned(),
        })
    }

    /// The label as the user gave it.
    pub fn as_given(&self) -> &str {
        &self.as_given
    }

    /// How summaries name it: `para 363` for a bare paragraph number, otherwise as given.
    pub fn display(&self) -> String {
        let numeric = self
            .as_given
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
        if self.kind == LabelKind::Any && numeric {
            format!("para {}", self.as_given)
        } else {
            self.as_given.clone()
        }
    }

    /// Whether `label` is exactly the label cited.
    pub fn names(&self, label: &Label) -> bool {
        self.kind_fits(label) && label_number(label).is_some_and(|n| squash(n) == self.number)
    }

    /// Whether `label` is a subsection of the label cited: `reg 32` contains `reg. 32(3)`.
    pub fn contains(&self, label: &Label) -> bool {
        self.kind_fits(label)
            && label_number(label).is_some_and(|n| {
                squash(n)
                    .strip_prefix(&self.number)
                    .is_some_and(|rest| rest.starts_with('('))
            })
    }

    fn kind_fits(&self, label: &Label) -> bool {
        match (self.kind, label) {
            (LabelKind::Any, Label::Paragraph(_) | Label::Provision { .. }) => true,
            (LabelKind::Paragraph, Label::Paragraph(_)) => true,
            (LabelKind::Provision(k), Label::Provision { kind, .. }) => k == *kind,
            (LabelKind::Footnote, Label::Footnote(_)) => true,
            _ => false,
        }
    }
}

fn label_number(label: &Label) -> Option<&str> {
    match label {
        Label::Paragraph(n) | Label::Footnote(n) => Some(n),
        Label::Provision { number, .. } => Some(number),
        Label::Unnumbered(_) => None,
    }
}

/// Lowercase, without whitespace, and without a trailing full stop (`363.`).
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_end_matches('.')
        .to_owned()
}

/// A citation an advisor saved: which passage of the cited edition (by label, quote, content hash, or several of
/// them; at least one). The document and edition are resolved by the caller, which knows the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCitation {
    label: Option<LabelRef>,
    quote: Option<String>,
    content_hash: Option<ContentHash>,
}

impl SavedCitation {
    /// Reads the parts of a citation; blank strings count as absent.
    pub fn new(
        label: Option<&str>,
        quote: Option<&str>,
        content_hash: Option<&str>,
    ) -> Result<SavedCitation, CitationError> {
        fn present(s: Option<&str>) -> Option<&str> {
            s.map(str::trim).filter(|s| !s.is_empty())
        }
        let label = present(label).map(LabelRef::parse).transpose()?;
        let quote = present(quote).map(str::to_owned);
        let content_hash = present(content_hash).map(str::parse).transpose()?;
        if label.is_none() && quote.is_none() && content_hash.is_none() {
            return Err(CitationError::Empty);
        }
        Ok(SavedCitation {
            label,
            quote,
            content_hash,
        })
    }

    /// The cited label, if the citation names one.
    pub fn label(&self) -> Option<&LabelRef> {
        self.label.as_ref()
    }

    /// The quote, if the citation has one.
    pub fn quote(&self) -> Option<&str> {
        self.quote.as_deref()
    }

    /// The saved content hash, if any.
    pub fn content_hash(&self) -> Option<ContentHash> {
        self.content_hash
    }
}

/// Why the cited passage is not in the cited edition.
#[derive(Debug, Clone, PartialEq)]
pub enum NotFound {
    /// No passage has that label.
    NoSuchLabel {
        /// As given.
        label: String,
    },
    /// The labelled passage(s) do not contain the quote.
    QuoteNotInLabel {
        /// As given.
        label: String,
        /// Passages of the cited edition that do contain it (the label may simply be wrong).
        found_elsewhere: Vec<Passage>,
    },
    /// The quote is nowhere in the edition.
    QuoteNotInEdition,
    /// No candidate passage has the saved content hash: the text cited is not the text of this edition.
    HashMismatch {
        /// The passages the label or quote led to, whose text differs from what was saved.
        candidates: Vec<Passage>,
    },
}

/// The fate of one cited passage in the current edition.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// The same text is in the current edition (perhaps under a new label).
    Stands {
        /// In the cited edition.
        cited: Passage,
        /// In the current edition.
        current: Passage,
    },
    /// The passage is still there, but its text changed.
    Changed {
        /// In the cited edition.
        cited: Passage,
        /// In the current edition.
        current: Passage,
        /// Cited text → current text.
        words: WordDiff,
        /// Whether the quoted words are still in the current passage (`None` without a quote).
        quote_still_present: Option<bool>,
        /// When they are not: passages of the current edition that hold them (a sentence moved to another
        /// paragraph has not gone).
        quote_now_in: Vec<Passage>,
    },
    /// Nothing in the current edition corresponds to it.
    Removed {
        /// In the cited edition.
        cited: Passage,
        /// Passages of the current edition that contain the quote nonetheless.
        quote_now_in: Vec<Passage>,
    },
}

impl Finding {
    /// The status of this passage.
    pub fn status(&self) -> CitationStatus {
        match self {
            Finding::Stands { .. } => CitationStatus::Stands,
            Finding::Changed { .. } => CitationStatus::Changed,
            Finding::Removed { .. } => CitationStatus::Removed,
        }
    }

    /// The passage cited.
    pub fn cited(&self) -> &Passage {
        match self {
            Finding::Stands { cited, .. }
            | Finding::Changed { cited, .. }
            | Finding::Removed { cited, .. } => cited,
        }
    }

    /// Where it is now, unless removed.
    pub fn current(&self) -> Option<&Passage> {
        match self {
            Finding::Stands { current, .. } | Finding::Changed { current, .. } => Some(current),
            Finding::Removed { .. } => None,
        }
    }
}

/// What was found for a citation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The cited passage is not in the cited edition.
    NotFound(NotFound),
    /// The passage(s) the citation names (one, unless a whole section with subsections was cited, or a quote
    /// occurs more than once), each with its fate. Never empty.
    Found(Vec<Finding>),
}

/// The answer for a citation, summarised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CitationStatus {
    /// The same text is in the current edition.
    Stands,
    /// Still there, text changed (or some of several cited passages changed or went).
    Changed,
    /// Gone from the current edition.
    Removed,
    /// The cited passage or quote is not in the cited edition.
    NotFound,
}

impl CitationStatus {
    /// `stands`, `changed`, `removed`, `not_found`.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationStatus::Stands => "stands",
            CitationStatus::Changed => "changed",
            CitationStatus::Removed => "removed",
            CitationStatus::NotFound => "not_found",
        }
    }
}

/// The check of one citation against the edition in force.
#[derive(Debug, Clone, PartialEq)]
pub struct CitationCheck {
    /// The edition the citation names.
    pub cited_edition: Edition,
    /// The edition it was checked against (the one in force).
    pub current_edition: Edition,
    /// What was found.
    pub outcome: Outcome,
}

impl CitationCheck {
    /// Stands only if every cited passage stands; removed only if all were removed; otherwise changed.
    pub fn status(&self) -> CitationStatus {
        match &self.outcome {
            Outcome::NotFound(_) => CitationStatus::NotFound,
            Outcome::Found(findings) => {
                let all = |s| findings.iter().all(|f| f.status() == s);
                if all(CitationStatus::Stands) {
                    CitationStatus::Stands
                } else if all(CitationStatus::Removed) {
                    CitationStatus::Removed
                } else {
                    CitationStatus::Changed
                }
            }
        }
    }

    /// One line for a person: `stands: moved to 2025 para 360, text unchanged (Keeping children safe in
    /// education 2025, para 360, p. 94)`.
    pub fn summary(&self) -> String {
        let (old, new) = short_names(&self.cited_edition, &self.current_edition);
        let cited_in = |p: &Passage| format!("{old} {}", name(p));
        let body = match &self.outcome {
            Outcome::NotFound(nf) => {
                let edition = &self.cited_edition.cite_as;
                match nf {
                    NotFound::NoSuchLabel { label } => format!("{label} is not in {edition}"),
                    NotFound::QuoteNotInLabel {
                        label,
                        found_elsewhere,
                    } => {
                        let mut s = format!("{label} of {edition} does not contain the quote");
                        if !found_elsewhere.is_empty() {
                            let at: Vec<String> = found_elsewhere.iter().map(name).collect();
                            s.push_str(&format!(" (it is in {})", at.join(", ")));
                        }
                        s
                    }
                    NotFound::QuoteNotInEdition => format!("the quote is not in {edition}"),
                    NotFound::HashMismatch { candidates } if candidates.is_empty() => {
                        format!("no passage of {edition} has the saved content hash")
                    }
                    NotFound::HashMismatch { candidates } => {
                        let at: Vec<String> = candidates.iter().map(name).collect();
                        format!(
                            "the text of {} in {edition} is not the text saved with the citation (content hash differs)",
                            at.join(", ")
                        )
                    }
                }
            }
            Outcome::Found(findings) => findings
                .iter()
                .map(|f| match f {
                    Finding::Stands { cited, current } => {
                        let place = citation_of(&self.current_edition, current);
                        if name(cited) == name(current) {
                            format!("{} is unchanged in {new} ({place})", cited_in(cited))
                        } else {
                            format!(
                                "{} moved to {new} {}, text unchanged ({place})",
                                cited_in(cited),
                                name(current)
                            )
                        }
                    }
                    Finding::Changed {
                        cited,
                        current,
                        words,
                        quote_still_present,
                        quote_now_in,
                    } => {
                        let place = citation_of(&self.current_edition, current);
                        let to = if name(cited) == name(current) {
                            String::new()
                        } else {
                            format!(", now {new} {}", name(current))
                        };
                        let moved: String;
                        let quote = match quote_still_present {
                            Some(true) => "; the quoted words are still there",
                            Some(false) if !quote_now_in.is_empty() => {
                                let at: Vec<String> = quote_now_in.iter().map(name).collect();
                                moved = format!(
                                    "; the quoted words are not there but in {new} {}",
                                    at.join(", ")
                                );
                                &moved
                            }
                            Some(false) => "; the quoted words are gone",
                            None => "",
                        };
                        format!(
                            "{}{to}: text changed ({} words){quote} ({place})",
                            cited_in(cited),
                            words.words_changed()
                        )
                    }
                    Finding::Removed {
                        cited,
                        quote_now_in,
                    } => {
                        let mut s = format!("{} has no counterpart in {new}", cited_in(cited));
                        if !quote_now_in.is_empty() {
                            let at: Vec<String> = quote_now_in.iter().map(name).collect();
                            s.push_str(&format!(
                                "; the quoted words appear in {new} {}",
                                at.join(", ")
                            ));
                        }
                        s
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        format!("{}: {body}", self.status().as_str().replace('_', " "))
    }
}

/// How editions are named in summaries: by year when the two years differ ("2024", "2025"), by date otherwise.
fn short_names(a: &Edition, b: &Edition) -> (String, String) {
    let (ya, yb) = (a.id.date().year(), b.id.date().year());
    if ya != yb {
        (ya.to_string(), yb.to_string())
    } else {
        (a.id.to_string(), b.id.to_string())
    }
}

/// `para 360`, `s. 16E(1)`, or for unnumbered text its heading.
fn name(p: &Passage) -> String {
    p.locator
        .label
        .cited()
        .unwrap_or_else(|| match p.locator.heading.last() {
            Some(h) => format!("the text under “{h}”"),
            None => format!("passage {}", p.id),
        })
}

fn citation_of(edition: &Edition, p: &Passage) -> String {
    let mut s = pinpoint_model::Citation::new(edition, &p.locator).to_string();
    if matches!(p.locator.position, Position::Anchor(_)) {
        s.push_str(&format!("; {}", p.id));
    }
    s
}

/// Checks a saved citation to `cited` against `current` (the edition in force): the entry point for
/// `pinpoint check-citations` and `POST /api/citations/check`. Diffs the two editions; to check many citations
/// of the same pair, diff once with [`diff_editions`](crate::diff_editions) and call [`check_against`].
pub fn check_citation(
    citation: &SavedCitation,
    cited: EditionText<'_>,
    current: EditionText<'_>,
) -> CitationCheck {
    let diff = diff_editions(cited, current);
    check_against(citation, cited.passages, &diff)
}

/// [`check_citation`] with the diff from the cited edition (whose passages are `cited`) to the current one
/// already made.
pub fn check_against(
    citation: &SavedCitation,
    cited: &[Passage],
    diff: &EditionDiff,
) -> CitationCheck {
    let outcome = match find_cited(citation, cited) {
        Err(nf) => Outcome::NotFound(nf),
        Ok(passages) => Outcome::Found(
            passages
                .into_iter()
                .map(|p| fate(citation, p, diff))
                .collect(),
        ),
    };
    CitationCheck {
        cited_edition: diff.old.clone(),
        current_edition: diff.new.clone(),
        outcome,
    }
}

/// The passages of the cited edition the citation names, narrowed by label, then quote, then hash.
fn find_cited<'a>(
    citation: &SavedCitation,
    passages: &'a [Passage],
) -> Result<Vec<&'a Passage>, NotFound> {
    let mut candidates: Vec<&Passage> = passages.iter().collect();
    if let Some(label) = &citation.label {
        let exact: Vec<&Passage> = passages
            .iter()
            .filter(|p| label.names(&p.locator.label))
            .collect();
        candidates = if exact.is_empty() {
            passages
                .iter()
                .filter(|p| label.contains(&p.locator.label))
                .collect()
        } else {
            exact
        };
        if candidates.is_empty() {
            return Err(NotFound::NoSuchLabel {
                label: label.display(),
            });
        }
    }
    if let Some(quote) = &citation.quote {
        let quote = loose(quote);
        let has = |p: &&Passage| contains_quote(&loose(&p.text), &quote);
        let with_quote: Vec<&Passage> = candidates.iter().copied().filter(has).collect();
        if with_quote.is_empty() {
            return Err(match &citation.label {
                Some(label) => NotFound::QuoteNotInLabel {
                    label: label.display(),
                    found_elsewhere: passages.iter().filter(has).cloned().collect(),
                },
                None => NotFound::QuoteNotInEdition,
            });
        }
        candidates = with_quote;
    }
    if let Some(hash) = citation.content_hash {
        let narrowed: Vec<&Passage> = if citation.label.is_none() && citation.quote.is_none() {
            passages
                .iter()
                .filter(|p| p.content_hash() == hash)
                .collect()
        } else {
            candidates
                .iter()
                .copied()
                .filter(|p| p.content_hash() == hash)
                .collect()
        };
        if narrowed.is_empty() {
            let shown = if citation.label.is_none() && citation.quote.is_none() {
                Vec::new()
            } else {
                candidates.into_iter().cloned().collect()
            };
            return Err(NotFound::HashMismatch { candidates: shown });
        }
        candidates = narrowed;
    }
    Ok(candidates)
}

fn fate(citation: &SavedCitation, cited: &Passage, diff: &EditionDiff) -> Finding {
    let quote = citation.quote.as_deref().map(loose);
    let has_quote = |p: &Passage| quote.as_deref().map(|q| contains_quote(&loose(&p.text), q));
    // Passages of the current edition that hold the quote: asked when it is not where the cited text went.
    let holding_quote = || -> Vec<Passage> {
        diff.changes
            .iter()
            .flat_map(Change::news)
            .filter(|p| has_quote(p) == Some(true))
            .cloned()
            .collect()
    };
    let elsewhere = |present: Option<bool>| {
        if present == Some(false) {
            holding_quote()
        } else {
            Vec::new()
        }
    };
    match diff.fate_of(&cited.id) {
        Some(Change::Unchanged(pair)) | Some(Change::Renumbered(pair)) => Finding::Stands {
            cited: cited.clone(),
            current: pair.new.clone(),
        },
        Some(Change::Moved { pair, words: None }) => Finding::Stands {
            cited: cited.clone(),
            current: pair.new.clone(),
        },
        Some(Change::Changed { pair, words })
        | Some(Change::Moved {
            pair,
            words: Some(words),
        }) => Finding::Changed {
            cited: cited.clone(),
            current: pair.new.clone(),
            words: words.clone(),
            quote_still_present: has_quote(&pair.new),
            quote_now_in: elsewhere(has_quote(&pair.new)),
        },
        Some(Change::Merged { new, words, .. }) => Finding::Changed {
            cited: cited.clone(),
            current: new.clone(),
            words: words.clone(),
            quote_still_present: has_quote(new),
            quote_now_in: elsewhere(has_quote(new)),
        },
        Some(Change::Split { new, words, .. }) => {
            // The part that holds the quote, else the part most like the cited text.
            let mut vocab = crate::text::Vocabulary::default();
            let cited_sh = vocab.shingles(&cited.text);
            let closest = new
                .iter()
                .map(|p| (crate::text::jaccard(&cited_sh, &vocab.shingles(&p.text)), p))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, p)| p);
            let part = new
                .iter()
                .find(|p| has_quote(p) == Some(true))
                .or(closest)
                .unwrap_or(cited);
            let joined: Vec<&str> = new.iter().map(|p| p.text.as_str()).collect();
            let present = quote
                .as_deref()
                .map(|q| contains_quote(&loose(&joined.join(" ")), q));
            Finding::Changed {
                cited: cited.clone(),
                current: part.clone(),
                words: words.clone(),
                quote_still_present: present,
                quote_now_in: elsewhere(present),
            }
        }
        Some(Change::Removed(_)) | Some(Change::Added(_)) | None => Finding::Removed {
            cited: cited.clone(),
            quote_now_in: holding_quote(),
        },
    }
}
