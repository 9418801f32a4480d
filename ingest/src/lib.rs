//! The ingest pipeline: sources → parse → passages → index.
//!
//! Every listed edition whose file is in the mirror is read by the parser for its format (`pinpoint-pdf`,
//! `pinpoint-html`), turned into passages (`pinpoint-passages`) and added to a new index snapshot
//! (`pinpoint-index`), which goes live only when every document has been tried. A document that fails (corrupt,
//! encrypted, unreadable, a parser panic) is reported with its reason and the rest still go in; if the live index
//! already held that edition, its passages are carried over, so a bad file never loses what was ingested before.
//!
//! Progress is reported as [`Event`]s; drawing bars or printing lines is the caller's business.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pinpoint_index::{Index, SnapshotBuilder, SnapshotInfo};
use pinpoint_model::{DocId, DocKind, EditionId, ProvisionKind};
use pinpoint_passages::{Built, Layout};
use pinpoint_sources::{Format, Mirror, Source, SourceList};

/// Why ingest could not run at all (as opposed to one document failing, which is a [`DocOutcome`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The index could not be written.
    #[error("index at {root}: {source}")]
    Index {
        /// The index root.
        root: PathBuf,
        /// What failed.
        #[source]
        source: pinpoint_index::Error,
    },
}

/// Why one document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// The OS error.
        reason: String,
    },
    /// The file is larger than ingest accepts.
    #[error("file is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The PDF reader refused it.
    #[error("{0}")]
    Pdf(String),
    /// The HTML, JSON or XML reader refused it.
    #[error("{0}")]
    Html(String),
    /// A parser panicked: a bug, reported rather than taking ingest down.
    #[error("internal error while parsing (please report): {0}")]
    Panic(String),
}

/// Largest source file ingest reads (the largest corpus file is 3.6 MB).
pub const MAX_FILE_BYTES: u64 = 200 << 20;

/// What became of one listed edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocOutcome {
    /// Parsed and indexed.
    Ingested,
    /// Parsing failed; the reason. `kept_previous` tells whether the previous index's copy was carried over.
    Failed {
        /// Why.
        reason: String,
        /// The live index had this edition and its passages were kept.
        kept_previous: bool,
    },
    /// Listed without a file (published but not mirrored), or its file is missing from the mirror.
    Missing {
        /// Why.
        reason: String,
        /// A file was listed (so this is a fault in the mirror, not an expected gap).
        listed: bool,
    },
}

/// The report line of one edition.
#[derive(Debug, Clone)]
pub struct DocReport {
    /// Document id.
    pub doc: DocId,
    /// Edition id.
    pub edition: EditionId,
    /// The listed file name, or the official address when none is listed.
    pub source: String,
    /// Physical pages (PDFs).
    pub pages: Option<usize>,
    /// Passages indexed.
    pub passages: usize,
    /// Recoverable oddities.
    pub warnings: Vec<String>,
    /// Time spent reading and cutting this document.
    pub elapsed: Duration,
    /// What happened.
    pub outcome: DocOutcome,
}

/// Progress of an ingest run.
#[derive(Debug)]
pub enum Event<'a> {
    /// Ingest starts on this many listed editions.
    Started {
        /// Listed editions.
        total: usize,
    },
    /// One edition is done (in whatever order the workers finish).
    Document(&'a DocReport),
    /// All documents are parsed; the index is being written.
    Indexing,
}

/// The result of a run.
#[derive(Debug)]
pub struct Summary {
    /// One report per listed edition, in list order.
    pub reports: Vec<DocReport>,
    /// The snapshot that went live.
    pub snapshot: SnapshotInfo,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Summary {
    /// Editions whose listed file could not be ingested (failed, or missing from the mirror although listed).
    pub fn rejected(&self) -> impl Iterator<Item = &DocReport> {
        self.reports.iter().filter(|r| match &r.outcome {
            DocOutcome::Ingested => false,
            DocOutcome::Failed { .. } => true,
            DocOutcome::Missing { listed, .. } => *listed,
        })
    }
}

/// The layout a PDF of this edition is read with: legislation.gov.uk prints by section or regulation, everything
/// else as guidance with numbered paragraphs.
fn layout_for(source: &Source) -> Layout {
    if source.edition.kind != DocKind::Legislation {
        return Layout::Guidance;
    }
    let title = source.edition.title.to_lowercase();
    if title.contains("regulations") || title.contains(" order") || title.contains("rules") {
        Layout::Legislation(ProvisionKind::Regulation)
    } else {
        Layout::Legislation(ProvisionKind::Section)
    }
}

/// Reads one edition's file and cuts it into passages. Pure apart from reading `path`.
pub fn parse_source(source: &Source, path: &Path) -> Result<(Built, Option<usize>), ParseError> {
    let read_err = |e: std::io::Error| ParseError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let edition = &source.edition;
    let result = catch_unwind(AssertUnwindSafe(|| match source.format {
        Format::Pdf => {
            let doc = pinpoint_pdf::extract(&bytes, &pinpoint_pdf::Limits::default())
                .map_err(|e| ParseError::Pdf(e.to_string()))?;
            let mut built = pinpoint_passages::from_pdf(edition, &doc, layout_for(source));
            let extraction_warnings = doc.warnings.iter().map(|w| match w.page {
                Some(p) => format!("p. {p}: {}", w.message),
                None => w.message.clone(),
            });
            built.warnings.splice(0..0, extraction_warnings);
            Ok((built, Some(doc.pages.len())))
        }
        Format::GovukJson | Format::GovukPage | Format::Clml => {
            let doc = match source.format {
                Format::GovukJson => pinpoint_html::parse_govuk_json(&bytes),
                Format::GovukPage => pinpoint_html::parse_govuk_page(&bytes),
                _ => pinpoint_html::parse_clml(&bytes),
            }
            .map_err(|e| ParseError::Html(e.to_string()))?;
            Ok((pinpoint_passages::from_blocks(edition, &doc), None))
        }
    }));
    match result {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(ParseError::Panic(msg))
        }
    }
}

/// One edition's report, and its passages when it parsed.
type Parsed = (DocReport, Option<Built>);

/// Ingests every listed edition into a new snapshot under `index_root` and makes it live.
///
/// Documents are parsed on `workers` threads (at least one). Failures of single documents are reported in the
/// summary; only a failure to write the index is an `Err`, and then the live snapshot is untouched.
pub fn ingest(
    list: &SourceList,
    mirror: &Mirror,
    index_root: &Path,
    workers: usize,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Summary, Error> {
    let started = Instant::now();
    let index_err = |source| Error::Index {
        root: index_root.to_path_buf(),
        source,
    };
    let sources: Vec<&Source> = list.sources().collect();
    on_event(&Event::Started {
        total: sources.len(),
    });

    // Parse in parallel; keep results in list order.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Parsed>>> =
        Mutex::new((0..sources.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(source) = sources.get(i) else { break };
                let t0 = Instant::now();
                let (outcome, built, pages) = match mirror.locate(source) {
                    Err(missing) => (
                        DocOutcome::Missing {
                            listed: !missing.is_not_mirrored(),
                            reason: missing.to_string(),
                        },
                        None,
                        None,
                    ),
                    Ok(located) => match parse_source(source, &located.path) {
                        Ok((built, pages)) => (DocOutcome::Ingested, Some(built), pages),
                        Err(e) => (
                            DocOutcome::Failed {
                                reason: e.to_string(),
                                kept_previous: false,
                            },
                            None,
                            None,
                        ),
                    },
                };
                let report = DocReport {
                    doc: source.edition.doc.clone(),
                    edition: source.edition.id,
                    source: source.edition.source.clone(),
                    pages,
                    passages: built.as_ref().map_or(0, |b| b.passages.len()),
                    warnings: built.as_ref().map_or_else(Vec::new, |b| b.warnings.clone()),
                    elapsed: t0.elapsed(),
                    outcome,
                };
                if let Ok(mut results) = results.lock() {
                    results[i] = Some((report, built));
                }
            });
        }
    });
    let results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());

    on_event(&Event::Indexing);
    let previous = Index::open(index_root).ok();
    let mut builder = SnapshotBuilder::create(index_root).map_err(index_err)?;
    let mut reports = Vec::with_capacity(results.len());
    for (source, slot) in sources.iter().zip(results) {
        let Some((mut report, built)) = slot else {
            continue;
        };
        match built {
            Some(built) => builder
                .add_edition(&source.edition, &built.passages)
                .map_err(index_err)?,
            None => {
                // A document that fails now but went in before keeps its previous passages: a bad download or a
                // parser regression must not make an edition disappear from search.
                if let (DocOutcome::Failed { kept_previous, .. }, Some(prev)) =
                    (&mut report.outcome, &previous)
                {
                    if let Some(edition) = prev.edition(&source.edition.doc, source.edition.id) {
                        let passages: Vec<_> = prev
                            .passages_of(&edition.doc, edition.id)
                            .map_err(index_err)?
                            .into_iter()
                            .map(|stored| stored.passage)
                            .collect();
                        builder.add_edition(edition, &passages).map_err(index_err)?;
                        report.passages = passages.len();
                        *kept_previous = true;
                    }
                }
            }
        }
        on_event(&Event::Document(&report));
        reports.push(report);
    }
    let snapshot = builder.commit().map_err(index_err)?;
    Ok(Summary {
        reports,
        snapshot,
        elapsed: started.elapsed(),
    })
}
