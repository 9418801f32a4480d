//! The corpus as a reader browses it: documents with their editions (which one is in force), an edition's outline,
//! and how a user names editions (`current`, `all`, a date prefix such as `2024`, or "in force on" a date).
//!
//! Shared by the JSON API and the HTML UI, so both list and choose editions the same way. Pure functions of an
//! [`Index`]; none of them is slow except [`outline`], which reads a whole edition (run it on a blocking thread).

use pinpoint_index::{Index, StoredPassage};
use pinpoint_model::{Date, DocId, Edition, EditionId, PassageId};
use pinpoint_search::EditionScope;

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
                Some(other) => Err(CatalogError::BadEdition(format!(
                    "{other} (edition and as_of cannot both be given)"
                ))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::{DocKind, HeadingPath, Label, Locator, Passage, Position};

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
        assert!(EditionSpec::from_params(Some("all"), Some("2024-10-01")).is_err());
    }
}
