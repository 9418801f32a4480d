//! What the store remembers per document (`docs/<id>.json`) and per fetch (`fetches.jsonl`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One document's synced state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocState {
    /// The document id.
    pub doc: String,
    /// Editions with at least one stored file, oldest first.
    #[serde(default)]
    pub editions: Vec<EditionState>,
    /// Per requested address: the validators of the last 200 answer, for conditional requests.
    #[serde(default)]
    pub validators: BTreeMap<String, Validators>,
}

/// One edition's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionState {
    /// The edition id (its date, `YYYY-MM-DD`).
    pub id: String,
    /// Set for an edition sync found at the official address that `sources.toml` does not list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovered: Option<Discovered>,
    /// Every file this edition has had, oldest first; the last one not rejected is the current text. Never
    /// shortened: an old revision's object stays in the store.
    pub revisions: Vec<Revision>,
}

impl EditionState {
    /// The revision that is this edition's current text: the newest one that did not fail to parse.
    pub fn current(&self) -> Option<&Revision> {
        self.revisions.iter().rev().find(|r| r.rejected.is_none())
    }

    /// Whether a file with this hash was ever this edition's.
    pub fn has(&self, sha256: &str) -> bool {
        self.revisions.iter().any(|r| r.sha256 == sha256)
    }
}

/// How an edition sync discovered is cited: derived from the newest listed edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovered {
    /// Full title.
    pub title: String,
    /// Citation text.
    pub cite_as: String,
    /// Official address of the edition.
    pub url: String,
    /// File name reported in hits (the attachment's file name, or the last path segment).
    pub source: String,
    /// In force from (`YYYY-MM-DD`).
    pub in_force_from: String,
    /// `pdf`, `govuk-json` or `clml`.
    pub format: String,
}

/// One stored file of an edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// SHA-256 of the bytes (the object's name).
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Where it came from: the URL, or `mirror:<file>`.
    pub from: String,
    /// When it was stored (RFC 3339, UTC).
    pub stored_at: String,
    /// Why ingest could not read it, if it could not; a rejected revision never becomes the current text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

/// HTTP validators of the last successful answer at one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// `ETag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// SHA-256 of that answer's body (stored as an object), so a 304 can be resolved to content.
    pub sha256: String,
}

/// One line of `fetches.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchRecord {
    /// When the request (or mirror read) finished, RFC 3339 UTC.
    pub time: String,
    /// Document id.
    pub doc: String,
    /// The address requested (after base-URL overrides), or `mirror:<path>`.
    pub url: String,
    /// HTTP status (0 for a mirror read or when no answer came).
    pub status: u16,
    /// Attempts made (retries + 1).
    pub attempts: u32,
    /// `ETag` answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified` answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// `Content-Type` answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// SHA-256 of the body stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Bytes stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DocState {
    /// A document never synced.
    pub fn new(doc: &str) -> DocState {
        DocState {
            doc: doc.to_owned(),
            editions: Vec::new(),
            validators: BTreeMap::new(),
        }
    }

    /// The edition's state, if it has any file.
    pub fn edition(&self, id: &str) -> Option<&EditionState> {
        self.editions.iter().find(|e| e.id == id)
    }

    /// The edition's state, created empty if missing (editions stay sorted by id).
    pub fn edition_mut(&mut self, id: &str) -> &mut EditionState {
        let pos = match self.editions.iter().position(|e| e.id == id) {
            Some(p) => p,
            None => {
                let at = self.editions.partition_point(|e| e.id.as_str() < id);
                self.editions.insert(
                    at,
                    EditionState {
                        id: id.to_owned(),
                        discovered: None,
                        revisions: Vec::new(),
                    },
                );
                at
            }
        };
        &mut self.editions[pos]
    }
}
