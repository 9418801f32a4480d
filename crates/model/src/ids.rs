use std::fmt;
use std::str::FromStr;

use crate::{Date, Locator};

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// A document id must be a non-empty lowercase slug.
    #[error("invalid document id {0:?}: use lowercase letters, digits and single hyphens (e.g. `kcsie`)")]
    BadDocId(String),
    /// An edition id is the edition's date.
    #[error("invalid edition id {0:?}: an edition is named by its date, YYYY-MM-DD")]
    BadEditionId(String),
}

/// A document's stable id, e.g. `kcsie` or `children-act-2004`: a lowercase ASCII slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(String);

impl DocId {
    /// Validates a slug: `[a-z0-9]+(-[a-z0-9]+)*`.
    pub fn new(s: &str) -> Result<DocId, IdError> {
        let ok = !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(DocId(s.to_owned()))
        } else {
            Err(IdError::BadDocId(s.to_owned()))
        }
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DocId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<DocId, IdError> {
        DocId::new(s)
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An edition is named by its date (`2024-09-02`): dates order editions, and a user may name one by any unambiguous
/// prefix of it (`2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EditionId(Date);

impl EditionId {
    /// The edition of that date.
    pub fn new(date: Date) -> EditionId {
        EditionId(date)
    }

    /// The edition's date.
    pub fn date(self) -> Date {
        self.0
    }

    /// Whether a user's partial name (`2024`, `2024-09`) names this edition.
    pub fn matches_prefix(self, prefix: &str) -> bool {
        !prefix.is_empty() && self.to_string().starts_with(prefix)
    }
}

impl FromStr for EditionId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<EditionId, IdError> {
        s.parse()
            .map(EditionId)
            .map_err(|_| IdError::BadEditionId(s.to_owned()))
    }
}

impl fmt::Display for EditionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A passage's stable id: `doc/edition/locator-key`, e.g. `kcsie/2024-09-02/para-363`.
///
/// Derived only from the document, the edition and the locator's label, never from an ingest counter, so
/// re-ingesting the same edition gives the same ids and saved links keep working.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageId(String);

impl PassageId {
    /// Derives the id of the passage at `locator` in that edition.
    pub fn new(doc: &DocId, edition: &EditionId, locator: &Locator) -> PassageId {
        PassageId(format!("{doc}/{edition}/{}", locator.label.key()))
    }

    /// Rebuilds an id read back from storage (the index or the JSON contract); no validation.
    pub fn from_stored(s: String) -> PassageId {
        PassageId(s)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PassageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_are_slugs() {
        assert!(DocId::new("kcsie").is_ok());
        assert!(DocId::new("children-act-2004").is_ok());
        for bad in ["", "KCSIE", "a--b", "-a", "a-", "a b", "a/b"] {
            assert!(DocId::new(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn editions_match_unambiguous_prefixes() {
        let e: EditionId = "2024-09-02".parse().unwrap();
        assert!(e.matches_prefix("2024"));
        assert!(e.matches_prefix("2024-09"));
        assert!(!e.matches_prefix("2025"));
        assert!(!e.matches_prefix(""));
    }
}
