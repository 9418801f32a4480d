//! What the HTTP API sends besides answers: the document catalogue, outlines, passages in context, errors, health
//! and reload reports. Search answers are [`crate::WireAnswer`], exactly as `pinpoint search --json` prints them.
//!
//! Constructors take domain types (or plain counts), so the API handlers never build JSON by hand and the shape
//! changes only here. `web/openapi.json` describes these shapes; its test in `tests/api.rs` checks they agree.

use pinpoint_model::{Citation, Edition, Passage};
use serde::{Deserialize, Serialize};

use crate::WireLocator;

/// One edition of a document as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEdition {
    /// Edition id (its date, `2024-09-02`).
    pub id: String,
    /// Document id.
    pub doc_id: String,
    /// The full title as printed.
    pub title: String,
    /// The short title citations use.
    pub cite_as: String,
    /// The publisher.
    pub publisher: String,
    /// Document kind (`statutory-guidance`, …).
    pub kind: String,
    /// The official address of this edition.
    pub url: String,
    /// The file it was read from.
    pub source: String,
    /// The day it takes effect (`YYYY-MM-DD`).
    pub in_force_from: String,
    /// Its passages in the index.
    pub passages: u64,
    /// Whether this is the edition in force today (the one searched by default).
    pub current: bool,
    /// What a reader should know about this copy (a "for information" version, a browser print); absent when
    /// nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl WireEdition {
    /// The wire form of an indexed edition with `passages` passages.
    pub fn new(edition: &Edition, passages: u64, current: bool) -> WireEdition {
        WireEdition {
            id: edition.id.to_string(),
            doc_id: edition.doc.to_string(),
            title: edition.title.clone(),
            cite_as: edition.cite_as.clone(),
            publisher: edition.publisher.clone(),
            kind: edition.kind.to_string(),
            url: edition.url.clone(),
            source: edition.source.clone(),
            in_force_from: edition.in_force_from.to_string(),
            passages,
            current,
            note: edition.note.clone(),
        }
    }
}

/// A document across its editions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireDocument {
    /// Document id (`kcsie`).
    pub id: String,
    /// The current edition's title.
    pub title: String,
    /// The current edition's kind.
    pub kind: String,
    /// The id of the edition in force today.
    pub current_edition: String,
    /// Every indexed edition, newest first.
    pub editions: Vec<WireEdition>,
}

/// `GET /api/documents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireDocuments {
    /// The index snapshot listed.
    pub snapshot: String,
    /// Documents, most authoritative kind first, then by title.
    pub documents: Vec<WireDocument>,
}

/// A heading of a document's outline, with the passages under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireOutlineNode {
    /// The heading text.
    pub heading: String,
    /// The first passage under this heading (open it to read from there).
    pub first_passage: String,
    /// Passages under this heading, its sub-headings included.
    pub passages: u64,
    /// Sub-headings, in document order.
    pub children: Vec<WireOutlineNode>,
}

/// `GET /api/documents/{id}`: a document, the edition outlined, and that edition's outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireDocumentDetail {
    /// The document and all its editions.
    pub document: WireDocument,
    /// The edition whose outline follows.
    pub edition: WireEdition,
    /// The edition's first passage, if it has any.
    pub first_passage: Option<String>,
    /// Top-level headings, in document order.
    pub outline: Vec<WireOutlineNode>,
}

/// A passage read by id (no score or highlights: nothing was asked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WirePassage {
    /// Stable passage id.
    pub id: String,
    /// Document id.
    pub doc_id: String,
    /// Edition id.
    pub edition: String,
    /// The edition's title.
    pub title: String,
    /// Document kind.
    pub kind: String,
    /// The file it was read from.
    pub source: String,
    /// Deep link to the passage at its official address.
    pub url: String,
    /// Where it stands.
    pub locator: WireLocator,
    /// The citation an advisor pastes.
    pub citation: String,
    /// The passage text.
    pub text: String,
    /// `sha256:` + 64 hex digits of the normalised text, as hits carry it: save it with a citation so that
    /// `POST /api/citations/check` can tell later whether the text is still the same.
    pub content_hash: String,
    /// Its position in the edition, from 0, in document order.
    pub ordinal: u64,
}

impl WirePassage {
    /// The wire form of a passage of `edition` at position `ordinal`.
    pub fn new(passage: &Passage, edition: &Edition, ordinal: u64) -> WirePassage {
        WirePassage {
            id: passage.id.to_string(),
            doc_id: edition.doc.to_string(),
            edition: edition.id.to_string(),
            title: edition.title.clone(),
            kind: edition.kind.to_string(),
            source: edition.source.clone(),
            url: passage.locator.deep_link(&edition.url),
            locator: WireLocator::from(&passage.locator),
            citation: Citation::new(edition, &passage.locator).to_string(),
            text: passage.text.clone(),
            content_hash: passage.content_hash().to_string(),
            ordinal,
        }
    }
}

/// `GET /api/passages/{id}`: a passage with the passages around it in its edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WirePassageContext {
    /// The passage asked for.
    pub passage: WirePassage,
    /// Passages just before it, in document order.
    pub before: Vec<WirePassage>,
    /// Passages just after it, in document order.
    pub after: Vec<WirePassage>,
    /// Its edition (with `current` false when a newer edition is in force).
    pub edition: WireEdition,
}

/// The body of every error response: `{"error": {"status": 400, "code": "bad_parameter", "message": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireError {
    /// What went wrong.
    pub error: WireErrorDetail,
}

/// See [`WireError`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireErrorDetail {
    /// The HTTP status, repeated for clients that only keep the body.
    pub status: u16,
    /// A stable machine-readable code (`bad_parameter`, `not_found`, `overloaded`, …).
    pub code: String,
    /// A sentence for a person.
    pub message: String,
}

impl WireError {
    /// An error body.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> WireError {
        WireError {
            error: WireErrorDetail {
                status,
                code: code.to_owned(),
                message: message.into(),
            },
        }
    }
}

/// `GET /healthz`: the service is up and serving this snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireHealth {
    /// Always `ok` (an unhealthy service does not answer 200).
    pub status: String,
    /// The index snapshot being served.
    pub snapshot: String,
    /// When that snapshot was committed, seconds since the Unix epoch.
    pub snapshot_created: u64,
    /// Seconds since it was committed.
    pub index_age_seconds: u64,
    /// Documents in the index.
    pub documents: u64,
    /// Editions in the index.
    pub editions: u64,
    /// Passages in the index.
    pub passages: u64,
}

/// `POST /api/admin/reload`: what was swapped in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireReload {
    /// The snapshot served before.
    pub previous: String,
    /// The snapshot served now.
    pub snapshot: String,
    /// Whether the snapshot changed (a reload of the same snapshot still re-opens it).
    pub changed: bool,
    /// Passages in the snapshot now served.
    pub passages: u64,
}

/// Where a sync run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireSyncState {
    /// Fetching or re-indexing now.
    Running,
    /// Finished; the index is up to date or its new snapshot is being served.
    Succeeded,
    /// Stopped by an error (`error` says which); the previous snapshot keeps serving.
    Failed,
}

/// What started a sync run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireSyncTrigger {
    /// `POST /api/admin/sync`.
    Api,
    /// The server's `--sync-every` schedule.
    Schedule,
}

/// What happened to one source in a sync (`pinpoint sync`'s outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireSyncOutcome {
    /// The server answered 304 Not Modified.
    NotModified,
    /// The content is a file the store already had.
    Unchanged,
    /// The first file stored for this edition.
    Stored,
    /// New content for an existing edition (same date).
    Revision,
    /// New content with a later date: a new edition.
    NewEdition,
    /// The document has no fetch address; kept as it is.
    NoAddress,
    /// Nothing was stored (`reason` says why); the store and index keep what they had.
    Failed,
}

/// The outcome of one source in a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSyncSource {
    /// Document id.
    pub doc_id: String,
    /// The edition the content went to, where it went to one.
    pub edition: Option<String>,
    /// The address requested, or `mirror:<file>`.
    pub from: String,
    /// The stored file's SHA-256, when content was fetched or read.
    pub sha256: Option<String>,
    /// What happened.
    pub outcome: WireSyncOutcome,
    /// Why it failed, when `outcome` is `failed`.
    pub reason: Option<String>,
}

/// What a finished sync did to the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSyncIndex {
    /// Whether a new snapshot was built (otherwise every edition was already indexed from its current file).
    pub rebuilt: bool,
    /// The snapshot built, when rebuilt.
    pub snapshot: Option<String>,
    /// Passages in it, when rebuilt.
    pub passages: Option<u64>,
    /// Editions parsed afresh.
    pub parsed: u64,
    /// Editions copied unchanged from the previous snapshot.
    pub copied: u64,
    /// Editions ingest rejected (their previous passages are kept where there were any).
    pub rejected: u64,
}

impl WireSyncIndex {
    /// Every edition was already indexed from its current file: no snapshot built.
    pub fn up_to_date() -> WireSyncIndex {
        WireSyncIndex {
            rebuilt: false,
            snapshot: None,
            passages: None,
            parsed: 0,
            copied: 0,
            rejected: 0,
        }
    }
}

/// One sync run of the server: `POST /api/admin/sync` answers with it (202), `GET /api/admin/sync` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireSync {
    /// The run's id (unique within the server process).
    pub id: String,
    /// Running, succeeded or failed.
    pub state: WireSyncState,
    /// What started it.
    pub trigger: WireSyncTrigger,
    /// When it started, seconds since the Unix epoch.
    pub started_at: u64,
    /// When it finished (`null` while running).
    pub finished_at: Option<u64>,
    /// Seconds it has run (so far, while running).
    pub seconds: f64,
    /// The snapshot served when it started.
    pub snapshot_before: String,
    /// The snapshot served when it finished (`null` while running).
    pub snapshot_after: Option<String>,
    /// Each source's outcome, in the source list's order, as each is done.
    pub sources: Vec<WireSyncSource>,
    /// Sources that failed (also listed in `sources`).
    pub failed_sources: u64,
    /// What became of the index (`null` while running or when the sync failed).
    pub index: Option<WireSyncIndex>,
    /// Why the sync failed as a whole, when `state` is `failed`.
    pub error: Option<String>,
}

/// `GET /api/admin/sync`: the running sync, or else the last one, and the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireSyncStatus {
    /// The running or last sync; `null` if none has run since the server started.
    pub sync: Option<WireSync>,
    /// Seconds between scheduled syncs (`--sync-every`); `null` without a schedule.
    pub every_seconds: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_nests_under_error() {
        let v = serde_json::to_value(WireError::new(400, "bad_parameter", "limit: not a number"))
            .unwrap();
        assert_eq!(v["error"]["status"], 400);
        assert_eq!(v["error"]["code"], "bad_parameter");
        assert_eq!(v["error"]["message"], "limit: not a number");
    }
}
