//! Keeps Pinpoint's sources current: fetches each listed document from its official address (or a mirror folder)
//! into a content-addressed store, decides per document whether anything really changed, records new editions and
//! revisions, and re-indexes only the editions whose files changed.
//!
//! [`sync`] is the entry point for the CLI (`pinpoint sync`) and, later, the server (`POST /api/admin/sync`). It
//! blocks (HTTP is `reqwest::blocking`), so an async caller runs it on a blocking thread.
//!
//! # Change rules
//!
//! 1. A conditional request answered 304, or a body whose SHA-256 is already one of the document's stored files,
//!    changes nothing.
//! 2. Otherwise the body is stored under its SHA-256 and given to an edition by its date (a Content API item's
//!    `public_updated_at`, a data file's `dct:valid`, a PDF's `Last-Modified`): the edition of that date if there
//!    is one; a **new edition** if the date is after the newest edition; else a **revision** of the newest edition.
//!    A GOV.UK page edited in place keeps its `public_updated_at`, so its new text is a revision.
//! 3. An edition's current text is its newest revision that ingest could read. Old revisions and old editions stay
//!    in the store; nothing is overwritten.
//! 4. The index is rebuilt only if some edition's current file (SHA-256) or listing differs from what the live
//!    snapshot recorded; unchanged editions are copied from it, not re-parsed (`pinpoint_ingest::ingest_changed`).
//!
//! Failures are per source and never lose anything: a failed fetch leaves the store and the index as they were,
//! and the previous snapshot keeps serving until a complete new one replaces it atomically.

#![deny(missing_docs)]

mod dates;
pub mod govuk;
mod http;
mod state;
mod store;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pinpoint_ingest::{DocOutcome, Input, Summary};
use pinpoint_model::{Date, DocId, DocKind, Edition, EditionId};
use pinpoint_sources::{
    Document, Fetch, Format, MissingFile, Source, SourceList, GOVUK_ORIGIN, LEGISLATION_ORIGIN,
};

pub use http::{user_agent, Expect, FetchError, Fetched, Fetcher, HttpOptions};
pub use state::{Discovered, DocState, EditionState, FetchRecord, Revision, Validators};
pub use store::Store;

/// The official origin of GOV.UK attachments.
pub const ASSETS_ORIGIN: &str = "https://assets.publishing.service.gov.uk";

/// Where the official sites are reached: the real ones by default, a fixture server in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Replaces `https://www.gov.uk` (pages and the Content API).
    pub govuk: String,
    /// Replaces `https://assets.publishing.service.gov.uk` (attachments).
    pub assets: String,
    /// Replaces `https://www.legislation.gov.uk`.
    pub legislation: String,
}

impl Default for Endpoints {
    fn default() -> Endpoints {
        Endpoints {
            govuk: GOVUK_ORIGIN.into(),
            assets: ASSETS_ORIGIN.into(),
            legislation: LEGISLATION_ORIGIN.into(),
        }
    }
}

impl Endpoints {
    /// The address to request for an official address.
    pub fn rewrite(&self, url: &str) -> String {
        for (official, base) in [
            (GOVUK_ORIGIN, &self.govuk),
            (ASSETS_ORIGIN, &self.assets),
            (LEGISLATION_ORIGIN, &self.legislation),
        ] {
            if let Some(rest) = url.strip_prefix(official) {
                if rest.is_empty() || rest.starts_with('/') {
                    return format!("{}{rest}", base.trim_end_matches('/'));
                }
            }
        }
        url.to_owned()
    }
}

/// Where files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The official addresses over HTTP(S). Editions that have no stored file yet (old editions the official
    /// address no longer serves) are first copied from `seed`, if given.
    Http {
        /// A mirror folder to seed editions the store does not have yet.
        seed: Option<PathBuf>,
    },
    /// A local mirror folder holding the listed files by name (offline use); every listed edition is refreshed
    /// from it.
    Mirror(PathBuf),
}

/// Everything a sync needs.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// The source list.
    pub sources: PathBuf,
    /// The store directory (`data/store`).
    pub store: PathBuf,
    /// The index root (`data/index`).
    pub index: PathBuf,
    /// Where files come from.
    pub mode: Mode,
    /// Base URL overrides.
    pub endpoints: Endpoints,
    /// Politeness and patience.
    pub http: HttpOptions,
    /// Parser threads for re-indexing.
    pub workers: usize,
}

/// Why a sync could not run at all (one source failing is a [`SourceOutcome::Failed`] instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The source list is unreadable or invalid.
    #[error(transparent)]
    Sources(#[from] pinpoint_sources::Error),
    /// Another sync holds the store's lock.
    #[error("another sync is running on the store at {}", store.display())]
    Busy {
        /// The store.
        store: PathBuf,
    },
    /// The store could not be read or written.
    #[error("store: {}: {source}", path.display())]
    Store {
        /// The file or directory.
        path: PathBuf,
        /// The IO error.
        #[source]
        source: std::io::Error,
    },
    /// A store file is not what the store writes.
    #[error("store: {}: {reason}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The HTTP client could not be set up.
    #[error("HTTP client: {0}")]
    Http(String),
    /// Writing the new index failed; the previous snapshot is still live.
    #[error("re-indexing failed, the previous index is still serving: {0}")]
    Ingest(#[from] pinpoint_ingest::Error),
}

impl Error {
    pub(crate) fn store(path: &Path, source: std::io::Error) -> Error {
        Error::Store {
            path: path.to_owned(),
            source,
        }
    }
}

/// What happened to one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    /// The server answered 304 Not Modified.
    NotModified,
    /// The content is a file the store already has for this document.
    Unchanged,
    /// The first file stored for this edition.
    Stored,
    /// New content for an existing edition (same date): its new current text.
    Revision,
    /// New content with a later date: a new edition.
    NewEdition,
    /// The document has no fetch address; it is kept as it is.
    NoAddress,
    /// Nothing was stored; why. The store and the index keep what they had.
    Failed {
        /// The reason, for people.
        reason: String,
    },
}

/// The report line of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceReport {
    /// The document.
    pub doc: DocId,
    /// The edition the content went to, where it went to one.
    pub edition: Option<EditionId>,
    /// The address requested, or `mirror:<file>`.
    pub from: String,
    /// The stored file's SHA-256, when content was fetched or read.
    pub sha256: Option<String>,
    /// What happened.
    pub outcome: SourceOutcome,
}

/// What became of the index.
#[derive(Debug)]
pub enum IndexOutcome {
    /// Every edition's current file is the one the live snapshot was built from: nothing was rebuilt.
    UpToDate,
    /// A new snapshot went live.
    Rebuilt(Summary),
}

/// The result of a sync.
#[derive(Debug)]
pub struct SyncReport {
    /// One line per fetched document (HTTP) or listed edition (mirror), plus seeded editions.
    pub sources: Vec<SourceReport>,
    /// What became of the index.
    pub index: IndexOutcome,
    /// Wall time of the fetch phase.
    pub fetch_time: Duration,
    /// Wall time of the whole sync.
    pub elapsed: Duration,
}

impl SyncReport {
    /// Sources that failed.
    pub fn failed(&self) -> impl Iterator<Item = &SourceReport> {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, SourceOutcome::Failed { .. }))
    }
}

/// Progress of a sync.
#[derive(Debug)]
pub enum Event<'a> {
    /// One source is done.
    Source(&'a SourceReport),
    /// Re-indexing progress.
    Ingest(&'a pinpoint_ingest::Event<'a>),
}

/// Runs one sync: fetch (or read the mirror), store, re-index what changed. See the crate docs for the rules.
pub fn sync(config: &SyncConfig, on_event: &(dyn Fn(&Event) + Sync)) -> Result<SyncReport, Error> {
    let started = Instant::now();
    let list = SourceList::load(&config.sources)?;
    let store = Store::open(&config.store)?;
    let mut fetcher = match config.mode {
        Mode::Http { .. } => Some(Fetcher::new(config.http.clone())?),
        Mode::Mirror(_) => None,
    };
    let mut reports = Vec::new();
    for doc in list.documents() {
        let mut state = store.doc_state(doc.id.as_str())?;
        let mut out = Vec::new();
        let seed = match &config.mode {
            Mode::Http { seed } => seed.as_deref(),
            Mode::Mirror(dir) => Some(dir.as_path()),
        };
        if let Some(dir) = seed {
            let refresh = matches!(config.mode, Mode::Mirror(_));
            from_mirror(&store, doc, dir, refresh, &mut state, &mut out)?;
        }
        if let Some(fetcher) = fetcher.as_mut() {
            let report = match &doc.fetch {
                None => SourceReport {
                    doc: doc.id.clone(),
                    edition: None,
                    from: doc.latest().edition.url.clone(),
                    sha256: None,
                    outcome: SourceOutcome::NoAddress,
                },
                Some(fetch) => {
                    fetch_document(fetcher, &store, &config.endpoints, doc, fetch, &mut state)?
                }
            };
            out.push(report);
        }
        store.save_doc_state(&state)?;
        for r in out {
            on_event(&Event::Source(&r));
            reports.push(r);
        }
    }
    let fetch_time = started.elapsed();

    let inputs = inputs(&list, &store)?;
    let plan = pinpoint_ingest::plan(&inputs, &config.index);
    let index = if plan.is_noop() && config.index.join("CURRENT").is_file() {
        IndexOutcome::UpToDate
    } else {
        let summary =
            pinpoint_ingest::ingest_changed(&inputs, &config.index, config.workers, &|e| {
                on_event(&Event::Ingest(e))
            })?;
        mark_rejected(&store, &inputs, &summary)?;
        IndexOutcome::Rebuilt(summary)
    };
    Ok(SyncReport {
        sources: reports,
        index,
        fetch_time,
        elapsed: started.elapsed(),
    })
}

fn now() -> String {
    dates::rfc3339(dates::now_secs())
}

/// Stores listed files from a mirror folder: only editions with no stored file (`refresh` false, seeding before
/// HTTP), or every listed edition whose file is new to it (`refresh` true, offline sync).
fn from_mirror(
    store: &Store,
    doc: &Document,
    dir: &Path,
    refresh: bool,
    state: &mut DocState,
    out: &mut Vec<SourceReport>,
) -> Result<(), Error> {
    for source in &doc.editions {
        let Some(file) = &source.file else { continue };
        let id = source.edition.id.to_string();
        let has_any = state.edition(&id).is_some_and(|e| !e.revisions.is_empty());
        if has_any && !refresh {
            continue;
        }
        let path = dir.join(file);
        let from = format!("mirror:{file}");
        let report = |sha256: Option<String>, outcome| SourceReport {
            doc: doc.id.clone(),
            edition: Some(source.edition.id),
            from: from.clone(),
            sha256,
            outcome,
        };
        if !path.is_file() {
            if refresh {
                out.push(report(
                    None,
                    SourceOutcome::Failed {
                        reason: format!(
                            "listed file {} is missing from the mirror",
                            path.display()
                        ),
                    },
                ));
            }
            continue;
        }
        // Hash first: a file the store already has is not copied again (nothing is rewritten).
        let known = pinpoint_sources::sha256_file(&path).map_err(|e| Error::store(&path, e))?;
        let (sha, size) = if store.has_object(&known) {
            let size = std::fs::metadata(&path)
                .map_err(|e| Error::store(&path, e))?
                .len();
            (known, size)
        } else {
            store.put_file(&path)?
        };
        store.log_fetch(&FetchRecord {
            time: now(),
            doc: doc.id.to_string(),
            url: format!("mirror:{}", path.display()),
            status: 0,
            attempts: 1,
            etag: None,
            last_modified: None,
            content_type: None,
            sha256: Some(sha.clone()),
            size: Some(size),
            error: None,
        })?;
        let ed = state.edition_mut(&id);
        let outcome = if ed.has(&sha) {
            SourceOutcome::Unchanged
        } else {
            let outcome = if ed.revisions.is_empty() {
                SourceOutcome::Stored
            } else {
                SourceOutcome::Revision
            };
            ed.revisions.push(Revision {
                sha256: sha.clone(),
                size,
                from: from.clone(),
                stored_at: now(),
                rejected: None,
            });
            outcome
        };
        out.push(report(Some(sha), outcome));
    }
    Ok(())
}

/// A fetched body, resolved to content (also for a 304, from the store).
struct Body {
    url: String,
    sha256: String,
    size: u64,
    not_modified: bool,
    last_modified: Option<String>,
}

/// Fetches `url` conditionally, logs it, records its validators, and resolves a 304 to the stored content.
fn get(
    fetcher: &mut Fetcher,
    store: &Store,
    doc: &DocId,
    url: &str,
    expect: Expect,
    state: &mut DocState,
) -> Result<Result<Body, String>, Error> {
    // Validators are only sent when the content they stand for is still in the store.
    let validators = state
        .validators
        .get(url)
        .filter(|v| store.has_object(&v.sha256))
        .cloned();
    let result = fetcher.get(store, url, validators.as_ref(), expect);
    let mut record = FetchRecord {
        time: now(),
        doc: doc.to_string(),
        url: url.to_owned(),
        status: 0,
        attempts: 0,
        etag: None,
        last_modified: None,
        content_type: None,
        sha256: None,
        size: None,
        error: None,
    };
    let body = match result {
        Err(e) => {
            record.status = e.status.unwrap_or(0);
            record.attempts = e.attempts;
            record.error = Some(e.reason.clone());
            Err(format!("{url}: {}", e.reason))
        }
        Ok(f) => {
            record.status = f.status;
            record.attempts = f.attempts;
            record.etag = f.etag.clone();
            record.last_modified = f.last_modified.clone();
            record.content_type = f.content_type.clone();
            match (f.body, validators) {
                (Some((sha, size)), _) => {
                    record.sha256 = Some(sha.clone());
                    record.size = Some(size);
                    state.validators.insert(
                        url.to_owned(),
                        Validators {
                            etag: f.etag.clone(),
                            last_modified: f.last_modified.clone(),
                            sha256: sha.clone(),
                        },
                    );
                    Ok(Body {
                        url: url.to_owned(),
                        sha256: sha,
                        size,
                        not_modified: false,
                        last_modified: f.last_modified,
                    })
                }
                (None, Some(v)) => {
                    let size =
                        std::fs::metadata(store.object_path(&v.sha256)).map_or(0, |m| m.len());
                    Ok(Body {
                        url: url.to_owned(),
                        sha256: v.sha256,
                        size,
                        not_modified: true,
                        last_modified: v.last_modified,
                    })
                }
                (None, None) => Err(format!("{url}: answered 304 to an unconditional request")),
            }
        }
    };
    store.log_fetch(&record)?;
    Ok(body)
}

fn read_object(store: &Store, sha: &str) -> Result<Vec<u8>, Error> {
    let path = store.object_path(sha);
    std::fs::read(&path).map_err(|e| Error::store(&path, e))
}

/// Fetches a document's official address and files the content under an edition by the change rules.
fn fetch_document(
    fetcher: &mut Fetcher,
    store: &Store,
    endpoints: &Endpoints,
    doc: &Document,
    fetch: &Fetch,
    state: &mut DocState,
) -> Result<SourceReport, Error> {
    let first = endpoints.rewrite(fetch.url());
    let failed = |from: &str, reason: String| SourceReport {
        doc: doc.id.clone(),
        edition: None,
        from: from.to_owned(),
        sha256: None,
        outcome: SourceOutcome::Failed { reason },
    };
    let expect = match fetch {
        Fetch::GovukContent { .. } | Fetch::GovukAttachment { .. } => Expect::Json,
        Fetch::LegislationData { .. } => Expect::Xml,
        Fetch::Pdf { .. } => Expect::Pdf,
    };
    let body = match get(fetcher, store, &doc.id, &first, expect, state)? {
        Ok(b) => b,
        Err(reason) => return Ok(failed(&first, reason)),
    };
    let today = dates::today_uk();
    let http_date = |b: &Body| {
        b.last_modified
            .as_deref()
            .and_then(dates::uk_date_of_http_date)
    };
    let (body, date, name) = match fetch {
        Fetch::GovukContent { .. } | Fetch::GovukAttachment { .. } => {
            let item = match govuk::parse_item(&read_object(store, &body.sha256)?) {
                Ok(govuk::Item::Content(c)) => c,
                Ok(govuk::Item::Gone { alternative }) => {
                    let alt = alternative
                        .map(|a| format!("; GOV.UK suggests {a}"))
                        .unwrap_or_default();
                    return Ok(failed(
                        &first,
                        format!(
                            "the page was removed from GOV.UK (gone){alt}: kept what is stored"
                        ),
                    ));
                }
                Ok(govuk::Item::Redirect { to }) => {
                    return Ok(failed(
                        &first,
                        format!("the page moved to {to}: update the address in sources.toml"),
                    ));
                }
                Err(reason) => return Ok(failed(&first, reason)),
            };
            let date = item.updated.or(today);
            match fetch {
                Fetch::GovukAttachment { attachment, .. } => {
                    let att = match govuk::select_attachment(&item.attachments, attachment) {
                        Ok(a) => a.clone(),
                        Err(reason) => return Ok(failed(&first, reason)),
                    };
                    let url = endpoints.rewrite(&att.url);
                    match get(fetcher, store, &doc.id, &url, Expect::Pdf, state)? {
                        Ok(b) => (b, date, att.filename),
                        Err(reason) => return Ok(failed(&url, reason)),
                    }
                }
                _ => {
                    let name = item.base_path.trim_start_matches('/').replace('/', "-") + ".json";
                    (body, date, name)
                }
            }
        }
        Fetch::LegislationData { data } => {
            let date = dates::clml_date(&read_object(store, &body.sha256)?)
                .or_else(|| http_date(&body))
                .or(today);
            let name = data
                .trim_start_matches(LEGISLATION_ORIGIN)
                .trim_start_matches('/')
                .trim_end_matches("/data.xml")
                .replace('/', "-")
                + ".xml";
            (body, date, name)
        }
        Fetch::Pdf { url } => {
            let date = http_date(&body).or(today);
            let name = url.rsplit('/').next().unwrap_or("file.pdf").to_owned();
            (body, date, name)
        }
    };
    let Some(date) = date else {
        return Ok(failed(
            &body.url,
            "no date for the content, and the clock is unreadable".into(),
        ));
    };
    let (edition, outcome) = file_content(doc, fetch.format(), state, &body, date, &name);
    Ok(SourceReport {
        doc: doc.id.clone(),
        edition: Some(edition),
        from: body.url.clone(),
        sha256: Some(body.sha256.clone()),
        outcome,
    })
}

/// Applies the change rules to fetched content (see the crate docs) and records it in `state`.
fn file_content(
    doc: &Document,
    format: Format,
    state: &mut DocState,
    body: &Body,
    date: Date,
    name: &str,
) -> (EditionId, SourceOutcome) {
    if let Some(e) = state.editions.iter().find(|e| e.has(&body.sha256)) {
        let id = e.id.parse().unwrap_or(doc.latest().edition.id);
        let outcome = if body.not_modified {
            SourceOutcome::NotModified
        } else {
            SourceOutcome::Unchanged
        };
        return (id, outcome);
    }
    let known: BTreeSet<EditionId> = doc
        .editions
        .iter()
        .map(|s| s.edition.id)
        .chain(state.editions.iter().filter_map(|e| e.id.parse().ok()))
        .collect();
    let dated = EditionId::new(date);
    let latest = known.iter().next_back().copied();
    let target = if known.contains(&dated) || latest.is_none_or(|l| dated > l) {
        dated
    } else {
        latest.unwrap_or(dated)
    };
    let listed = doc.edition(target).is_some();
    let ed = state.edition_mut(&target.to_string());
    let outcome = if !listed && ed.revisions.is_empty() {
        SourceOutcome::NewEdition
    } else if ed.revisions.is_empty() {
        SourceOutcome::Stored
    } else {
        SourceOutcome::Revision
    };
    if !listed && ed.discovered.is_none() {
        ed.discovered = Some(discover(doc.latest(), target, format, name));
    }
    ed.revisions.push(Revision {
        sha256: body.sha256.clone(),
        size: body.size,
        from: body.url.clone(),
        stored_at: now(),
        rejected: None,
    });
    (target, outcome)
}

/// How a discovered edition is cited: like the newest listed one, with its year moved on where the citation
/// carries the edition's year ("Keeping children safe in education 2024" → "… 2025"). Not for legislation: the
/// year in "Childcare Act 2006" is the Act's, and a revised text of 2024 is still the Childcare Act 2006. In force
/// from its date (or the newest listed edition's in-force date, if later); listing it in `sources.toml` overrides
/// all of this.
fn discover(base: &Source, id: EditionId, format: Format, name: &str) -> Discovered {
    let old_year = base.edition.id.date().year().to_string();
    let new_year = id.date().year().to_string();
    let dated_by_edition = base.edition.kind != DocKind::Legislation;
    let bump = |s: &str| {
        if dated_by_edition && old_year != new_year && s.contains(&old_year) {
            s.replace(&old_year, &new_year)
        } else {
            s.to_owned()
        }
    };
    Discovered {
        title: bump(&base.edition.title),
        cite_as: bump(&base.edition.cite_as),
        url: base.edition.url.clone(),
        source: name.to_owned(),
        in_force_from: id.date().max(base.edition.in_force_from).to_string(),
        format: format.as_str().to_owned(),
    }
}

/// What the index should hold: every listed edition with its current stored file (or why it has none), and every
/// discovered edition that has one.
fn inputs(list: &SourceList, store: &Store) -> Result<Vec<Input>, Error> {
    let mut inputs = Vec::new();
    for doc in list.documents() {
        let state = store.doc_state(doc.id.as_str())?;
        for source in &doc.editions {
            let current = state
                .edition(&source.edition.id.to_string())
                .and_then(EditionState::current);
            inputs.push(match current {
                Some(rev) => Input {
                    source: source.clone(),
                    file: Ok(store.object_path(&rev.sha256)),
                    sha256: Some(rev.sha256.clone()),
                },
                None => Input {
                    source: source.clone(),
                    file: Err(match &source.file {
                        None => MissingFile::NotMirrored {
                            entry: source.entry(),
                            url: source.edition.url.clone(),
                        },
                        Some(f) => MissingFile::NotFound {
                            entry: source.entry(),
                            path: PathBuf::from(f),
                        },
                    }),
                    sha256: None,
                },
            });
        }
        for ed in &state.editions {
            let (Some(d), Some(rev), Ok(id)) =
                (&ed.discovered, ed.current(), ed.id.parse::<EditionId>())
            else {
                continue;
            };
            if doc.edition(id).is_some() {
                continue;
            }
            let (Some(format), Ok(in_force_from)) =
                (Format::parse(&d.format), d.in_force_from.parse())
            else {
                continue;
            };
            let base = doc.latest();
            let edition = Edition {
                doc: doc.id.clone(),
                id,
                in_force_from,
                title: d.title.clone(),
                cite_as: d.cite_as.clone(),
                publisher: base.edition.publisher.clone(),
                kind: doc.kind,
                url: d.url.clone(),
                source: d.source.clone(),
                // Said to readers: nobody has yet read when this edition comes into force (decision 0002).
                note: Some(
                    "Fetched by sync, not yet in the source list: taken to be in force from its publication \
                     date, which the document itself may put later."
                        .into(),
                ),
            };
            inputs.push(Input {
                source: Source {
                    edition,
                    format,
                    file: None,
                    sha256: None,
                },
                file: Ok(store.object_path(&rev.sha256)),
                sha256: Some(rev.sha256.clone()),
            });
        }
    }
    Ok(inputs)
}

/// Marks revisions ingest could not read as rejected, so the previous readable revision stays the edition's
/// current text and the next sync does not try (and rebuild for) the same bad file again.
fn mark_rejected(store: &Store, inputs: &[Input], summary: &Summary) -> Result<(), Error> {
    for report in &summary.reports {
        let DocOutcome::Failed { reason, .. } = &report.outcome else {
            continue;
        };
        let Some(input) = inputs
            .iter()
            .find(|i| i.source.edition.doc == report.doc && i.source.edition.id == report.edition)
        else {
            continue;
        };
        let (Some(sha), Ok(_)) = (&input.sha256, &input.file) else {
            continue;
        };
        let e = &input.source.edition;
        let mut state = store.doc_state(e.doc.as_str())?;
        let ed = state.edition_mut(&e.id.to_string());
        for rev in ed.revisions.iter_mut().filter(|r| &r.sha256 == sha) {
            rev.rejected = Some(reason.clone());
        }
        store.save_doc_state(&state)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::fixtures;

    fn source(edition: pinpoint_model::Edition) -> Source {
        Source {
            edition,
            format: Format::Pdf,
            file: None,
            sha256: None,
        }
    }

    #[test]
    fn a_discovered_guidance_edition_takes_its_own_year() {
        let base = source(fixtures::kcsie("2024-09-02"));
        let d = discover(&base, "2025-07-07".parse().unwrap(), Format::Pdf, "f.pdf");
        assert_eq!(d.cite_as, "Keeping children safe in education 2025");
    }

    #[test]
    fn a_revised_act_keeps_the_year_of_its_name() {
        let base = source(pinpoint_model::Edition {
            title: "Childcare Act 2006".into(),
            cite_as: "Childcare Act 2006".into(),
            ..fixtures::edition("childcare-act-2006", "2006-07-11", DocKind::Legislation)
        });
        let d = discover(&base, "2024-04-01".parse().unwrap(), Format::Clml, "f.xml");
        assert_eq!(d.cite_as, "Childcare Act 2006");
        assert_eq!(d.title, "Childcare Act 2006");
        assert_eq!(d.in_force_from, "2024-04-01");
    }
}
