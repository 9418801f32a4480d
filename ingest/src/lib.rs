//! The ingest pipeline: sources → parse → passages → index.
//!
//! Every listed edition whose file is in the mirror is read by the parser for its format (`pinpoint-pdf`,
//! `pinpoint-html`), turned into passages (`pinpoint-passages`) and added to a new index snapshot
//! (`pinpoint-index`), which goes live only when every document has been tried. A document that fails (corrupt,
//! encrypted, unreadable, a parser panic, or, in a full ingest, a file whose SHA-256 is not the listed one) or whose
//! listed file is missing is reported with its reason and the rest still go in; if the live index already held that
//! edition, its passages are carried over, so a bad file never loses what was ingested before.
//!
//! [`ingest`] re-reads every file (a full rebuild: use it after a parser change). The list is authoritative there:
//! a file whose bytes differ from the listed `sha256` is not the listed edition and is not indexed as it. A run
//! that could read none of the listed files while the live snapshot holds passages (a wrong mirror folder), or whose
//! snapshot would hold no passages at all, commits nothing and leaves the live snapshot as it was.
//!
//! [`ingest_changed`] is the incremental path sync uses: it is given each edition's file and SHA-256, copies the
//! passages of every edition the live snapshot read from the same bytes (and lists with the same metadata), and
//! parses only the rest. Its files may legitimately differ from the listed `sha256` (a GOV.UK page revised in
//! place), so it does not check it. Both record each edition's source SHA-256 in the snapshot, which is what makes
//! the comparison possible.
//!
//! Progress is reported as [`Event`]s; drawing bars or printing lines is the caller's business.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use std::collections::HashMap;

use pinpoint_index::{Index, SnapshotBuilder, SnapshotInfo};
use pinpoint_model::{DocId, DocKind, EditionId, ProvisionKind};
use pinpoint_passages::{Built, Layout};
use pinpoint_sources::{sha256_bytes, Format, Mirror, MissingFile, Source, SourceList};

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
    /// None of the listed files could be read while the live snapshot holds passages: most likely the mirror folder
    /// is wrong. Nothing was committed; the live snapshot is untouched.
    #[error(
        "none of the {listed} listed files could be read{}: is that the right mirror folder? \
         Nothing was committed; the index at {root} is unchanged",
        mirror.as_ref().map(|m| format!(" from {}", m.display())).unwrap_or_default()
    )]
    NothingRead {
        /// The index root.
        root: PathBuf,
        /// The mirror folder, when ingesting from one.
        mirror: Option<PathBuf>,
        /// How many editions list a file.
        listed: usize,
    },
    /// The new snapshot would hold no passages at all. Nothing was committed; the live snapshot (if any) is
    /// untouched.
    #[error(
        "the new index would hold no passages (none of the {editions} editions could be indexed; see the report \
         above); nothing was committed and the index at {root} is unchanged"
    )]
    Empty {
        /// The index root.
        root: PathBuf,
        /// How many editions were to be indexed.
        editions: usize,
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

/// What this build's parsers are, recorded in every snapshot it writes. Bump it whenever a change to any parser
/// (PDF, HTML, legislation, passage assembly) changes the passages read from the same file: an edition is copied
/// from the live snapshot instead of re-read only when the snapshot was made by the same parsers, so a sync after
/// an upgrade re-reads everything once rather than keeping passages the new parsers would not produce.
///
/// 2: a statutory instrument's schedules are their own passages (`Sch. 2 para 6`).
/// 3: so are an Act's (`Sch. 1 para 3A(1)`), and text after their annotations is no longer dropped.
/// 4: the minister's signature after an instrument's last provision is not part of it.
/// 5: an Act's schedule Parts and two-line cross-headings; wrapped lines are no longer taken for cross-headings.
/// 6: an inserted schedule paragraph ("[F53A") is recognised.
/// 7: a footnote that runs over a page break stays a footnote; an annex heading above its own contents list is
/// kept; numbering that restarts at 1 under a new top-level heading (KCSIE Annex A) is read as paragraphs.
/// 8: a GOV.UK print's contents list ("Contents — Introduction — …") is not a passage.
/// 9: glyphs a PDF maps to U+FFFD (ornaments) are dropped from text and headings.
/// 10: text under 2 pt (Word's bookmark residue beside footnote markers) is not extracted.
/// 11: a notes list that ends the document ("1. See …" after the last paragraph, no heading after) is cited as notes.
/// 12: paragraphs of a web page run into one passage are separated by a line break, not a space.
/// 13: an exported GOV.UK guide's headings are linked on its printable version (`/print#id`).
/// 14: PDF text outside its clipping path is not read; bullets drawn as discs are bullets; a table row in small type
/// at a page foot is not a footnote; a larger whole-numbered line ("7. Statutory intervention") is a heading; PDF
/// paragraphs and a list's end are separated by a line break where the page shows a new paragraph.
/// 15: a clip drawn as a rotated rectangle, or too large for f32, bounds what it should.
/// 16: a web address broken at one of its own hyphens at a line end keeps the hyphen.
/// 17: rotated text off the page (a figure's labels) no longer hides a running header from furniture detection.
/// 18: a part or schedule name above a header most pages carry (a legislation print's "Document Generated") is
/// furniture too.
pub const PARSERS: &str = "pinpoint-parsers 18";

/// Whether `input` can be copied from the live snapshot `previous` rather than parsed: same parsers, same file
/// bytes (`live_hashes`, the SHA-256 each live edition was read from), and listed the same way. If so, the live
/// snapshot and the SHA-256 to record, which is all the copy needs.
fn reusable<'a>(
    input: &'a Input,
    previous: Option<&'a Index>,
    live_hashes: &HashMap<(DocId, EditionId), String>,
) -> Option<(&'a Index, &'a str)> {
    let e = &input.source.edition;
    let (prev, sha) = (previous?, input.sha256.as_deref()?);
    let same = prev.producer() == Some(PARSERS)
        && input.file.is_ok()
        && live_hashes.get(&(e.doc.clone(), e.id)).map(String::as_str) == Some(sha)
        && prev.edition(&e.doc, e.id) == Some(e);
    same.then_some((prev, sha))
}

/// Carries the live snapshot's copy of `source`'s edition, if it has one, into `builder` (its file failed, changed
/// or is missing). Returns how many passages were kept, or `None` when the live snapshot lacks the edition.
///
/// The kept passages vouch for the file they came from only if these parsers made them; otherwise they are kept
/// without its SHA-256, so the file is parsed when it comes back.
fn carry_over(
    builder: &mut SnapshotBuilder,
    previous: Option<&Index>,
    live_hashes: &HashMap<(DocId, EditionId), String>,
    source: &Source,
) -> Result<Option<usize>, pinpoint_index::Error> {
    let Some(prev) = previous else {
        return Ok(None);
    };
    let Some(edition) = prev.edition(&source.edition.doc, source.edition.id) else {
        return Ok(None);
    };
    let sha = live_hashes
        .get(&(edition.doc.clone(), edition.id))
        .filter(|_| prev.producer() == Some(PARSERS));
    builder
        .copy_edition(prev, edition, sha.map(String::as_str))
        .map(Some)
}

/// What became of one listed edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocOutcome {
    /// Parsed and indexed.
    Ingested,
    /// Its file is the one the live snapshot was built from (same SHA-256, same listed metadata): its passages were
    /// copied from the live snapshot, not re-parsed ([`ingest_changed`] only).
    Unchanged,
    /// Its file could not be read or parsed, or (full ingest only) its bytes are not the listed `sha256`: the file
    /// is not the listed edition, and the reason gives both hashes. `kept_previous` tells whether the previous
    /// index's copy was carried over.
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
        /// The live index had this edition and, a file being listed, its passages were kept. An edition listed
        /// without a file is not carried over by a full ingest (the list and mirror define the index).
        kept_previous: bool,
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
            DocOutcome::Ingested | DocOutcome::Unchanged => false,
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
    let bytes = read_file(path)?;
    parse_bytes(source, &bytes)
}

fn read_file(path: &Path) -> Result<Vec<u8>, ParseError> {
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
    std::fs::read(path).map_err(read_err)
}

/// Cuts one edition's file, already read, into passages.
fn parse_bytes(source: &Source, bytes: &[u8]) -> Result<(Built, Option<usize>), ParseError> {
    let edition = &source.edition;
    let result = catch_unwind(AssertUnwindSafe(|| match source.format {
        Format::Pdf => {
            let doc = pinpoint_pdf::extract(bytes, &pinpoint_pdf::Limits::default())
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
                Format::GovukJson => pinpoint_html::parse_govuk_json(bytes),
                Format::GovukPage => pinpoint_html::parse_govuk_page(bytes),
                _ => pinpoint_html::parse_clml(bytes),
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

/// One edition to ingest with [`ingest_changed`]: what is listed, where its file is, and the file's SHA-256.
#[derive(Debug, Clone)]
pub struct Input {
    /// The edition as listed (or as sync discovered it).
    pub source: Source,
    /// Its file, or why there is none.
    pub file: Result<PathBuf, MissingFile>,
    /// The file's SHA-256 (lowercase hex) as the caller knows it, e.g. from a content-addressed store. An edition
    /// is copied from the live snapshot, not re-parsed, only when this equals the hash recorded there.
    pub sha256: Option<String>,
}

impl Input {
    /// The edition's file in a mirror, its SHA-256 unknown (so it is always parsed).
    pub fn from_mirror(source: &Source, mirror: &Mirror) -> Input {
        Input {
            source: source.clone(),
            file: mirror.locate(source).map(|l| l.path),
            sha256: None,
        }
    }
}

/// What a worker made of one edition that is not copied from the live snapshot.
struct Parsed {
    report: DocReport,
    /// Its passages, with the SHA-256 of the bytes they were read from, when it parsed.
    built: Option<(Built, String)>,
    /// Whether its file's bytes could be read (whether or not they parsed or matched the listed SHA-256).
    read: bool,
}

/// How a run treats its inputs.
#[derive(Debug, Clone, Copy)]
enum Mode<'a> {
    /// [`ingest`]: every file parsed; the list is authoritative, so a file must match its listed SHA-256, and a
    /// listed file missing from `mirror` keeps its edition's passages.
    Full {
        /// The mirror folder, for the error of a run that could read nothing.
        mirror: &'a Path,
    },
    /// [`ingest_changed`]: unchanged editions copied; a missing file is a failed download (reported as failed, the
    /// edition kept); listed SHA-256s are not checked (sync's files may be later revisions of an edition).
    Changed,
}

/// Ingests every listed edition into a new snapshot under `index_root` and makes it live: a full rebuild, every
/// file parsed.
///
/// Documents are parsed on `workers` threads (at least one). Failures of single documents are reported in the
/// summary: a file that cannot be parsed, whose SHA-256 is not the one listed, or that is missing from the mirror
/// keeps the live snapshot's passages of its edition, if any. A run is an `Err`, and the live snapshot untouched,
/// when the index cannot be written ([`Error::Index`]), when none of the listed files could be read while the live
/// snapshot holds passages ([`Error::NothingRead`]: a wrong mirror folder), or when the new snapshot would hold no
/// passages ([`Error::Empty`]).
pub fn ingest(
    list: &SourceList,
    mirror: &Mirror,
    index_root: &Path,
    workers: usize,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Summary, Error> {
    let inputs: Vec<Input> = list
        .sources()
        .map(|s| Input::from_mirror(s, mirror))
        .collect();
    let mode = Mode::Full {
        mirror: mirror.dir(),
    };
    run(&inputs, index_root, workers, mode, on_event)
}

/// Ingests `inputs` into a new snapshot and makes it live, re-parsing only what changed: an edition whose
/// [`Input::sha256`] and metadata equal the live snapshot's is copied from it ([`DocOutcome::Unchanged`]); the
/// others are parsed as [`ingest`] does, except that the listed SHA-256 is not checked (the caller's file may be a
/// later revision of the edition). An edition without a file that the live snapshot has keeps its passages and is
/// reported as [`DocOutcome::Failed`]. Editions of the live snapshot that are not among `inputs` are dropped. The
/// same runs as [`ingest`]'s are refused: nothing readable while the live snapshot holds passages, or an empty
/// snapshot.
pub fn ingest_changed(
    inputs: &[Input],
    index_root: &Path,
    workers: usize,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Summary, Error> {
    run(inputs, index_root, workers, Mode::Changed, on_event)
}

/// What [`ingest_changed`] would do with `inputs` against the live snapshot, without doing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Editions that would be copied from the live snapshot.
    pub reuse: Vec<(DocId, EditionId)>,
    /// Editions that would be parsed: new, changed file, or changed listing.
    pub parse: Vec<(DocId, EditionId)>,
    /// Editions without a file that the live snapshot has: their passages would be carried over.
    pub carry: Vec<(DocId, EditionId)>,
    /// Editions of the live snapshot that are not among the inputs: they would be dropped.
    pub drop: Vec<(DocId, EditionId)>,
}

impl Plan {
    /// Whether a new snapshot would hold exactly what the live one does (so there is no need to build one).
    pub fn is_noop(&self) -> bool {
        self.parse.is_empty() && self.drop.is_empty()
    }
}

/// Compares `inputs` with the live snapshot under `index_root` by the rules of [`ingest_changed`]. With no
/// (readable) live snapshot, everything with a file is to be parsed.
pub fn plan(inputs: &[Input], index_root: &Path) -> Plan {
    let previous = Index::open(index_root).ok();
    let live_hashes = previous
        .as_ref()
        .and_then(|p| p.source_sha256s().ok())
        .unwrap_or_default();
    let mut plan = Plan::default();
    let mut wanted = std::collections::HashSet::new();
    for input in inputs {
        let e = &input.source.edition;
        let key = (e.doc.clone(), e.id);
        wanted.insert(key.clone());
        let live = previous.as_ref().and_then(|p| p.edition(&e.doc, e.id));
        match (&input.file, live) {
            (Err(_), Some(_)) => plan.carry.push(key),
            (Err(_), None) => {}
            (Ok(_), _) if reusable(input, previous.as_ref(), &live_hashes).is_some() => {
                plan.reuse.push(key)
            }
            (Ok(_), _) => plan.parse.push(key),
        }
    }
    if let Some(prev) = &previous {
        for stats in prev.editions() {
            let key = (stats.edition.doc.clone(), stats.edition.id);
            if !wanted.contains(&key) {
                plan.drop.push(key);
            }
        }
    }
    plan
}

/// Reads and parses one edition's file (a worker's job; pure apart from reading the file).
fn parse_input(input: &Input, mode: Mode) -> Parsed {
    let source = &input.source;
    let t0 = Instant::now();
    let failed = |reason: String| DocOutcome::Failed {
        reason,
        kept_previous: false,
    };
    let mut read = false;
    let (outcome, built, pages) = match &input.file {
        Err(missing) => (
            DocOutcome::Missing {
                listed: !missing.is_not_mirrored(),
                reason: missing.to_string(),
                kept_previous: false,
            },
            None,
            None,
        ),
        Ok(path) => match read_file(path) {
            Err(e) => (failed(e.to_string()), None, None),
            Ok(bytes) => {
                read = true;
                // The hash of the very bytes that are parsed: what is checked is what is indexed.
                let sha = sha256_bytes(&bytes);
                let listed = match mode {
                    // A file that is not the listed edition must not be indexed, and so cited, as it.
                    Mode::Full { .. } => source
                        .check_sha256(path, &sha)
                        .map(drop)
                        .map_err(|e| e.to_string()),
                    Mode::Changed => Ok(()),
                };
                match listed.and_then(|()| parse_bytes(source, &bytes).map_err(|e| e.to_string())) {
                    Ok((built, pages)) => (DocOutcome::Ingested, Some((built, sha)), pages),
                    Err(reason) => (failed(reason), None, None),
                }
            }
        },
    };
    let report = DocReport {
        doc: source.edition.doc.clone(),
        edition: source.edition.id,
        source: source.edition.source.clone(),
        pages,
        passages: built.as_ref().map_or(0, |(b, _)| b.passages.len()),
        warnings: built
            .as_ref()
            .map_or_else(Vec::new, |(b, _)| b.warnings.clone()),
        elapsed: t0.elapsed(),
        outcome,
    };
    Parsed {
        report,
        built,
        read,
    }
}

fn run(
    inputs: &[Input],
    index_root: &Path,
    workers: usize,
    mode: Mode,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Summary, Error> {
    let started = Instant::now();
    let index_err = |source| Error::Index {
        root: index_root.to_path_buf(),
        source,
    };
    on_event(&Event::Started {
        total: inputs.len(),
    });
    let previous = Index::open(index_root).ok();
    // The SHA-256 of the file each live edition was read from (absent for snapshots older than the record).
    let live_hashes: HashMap<(DocId, EditionId), String> = match &previous {
        Some(prev) => prev.source_sha256s().map_err(index_err)?,
        None => HashMap::new(),
    };
    // For each input copied from the live snapshot rather than parsed, what the copy needs.
    let reused: Vec<Option<(&Index, &str)>> = inputs
        .iter()
        .map(|input| match mode {
            Mode::Changed => reusable(input, previous.as_ref(), &live_hashes),
            Mode::Full { .. } => None,
        })
        .collect();
    let to_parse: Vec<bool> = reused.iter().map(Option::is_none).collect();

    // Parse in parallel what is not reused; keep results in input order.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Parsed>>> = Mutex::new((0..inputs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                if !to_parse[i] {
                    continue;
                }
                let parsed = parse_input(input, mode);
                // Nothing panics while the lock is held; were the lock poisoned all the same, its data is sound.
                results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(parsed);
            });
        }
    });
    // Every input to parse has its result now: a worker stores one for each index it takes, and a worker that
    // panicked outside the parsers' `catch_unwind` re-raises its panic out of the scope above, ending the run.
    let results = results.into_inner().unwrap_or_else(PoisonError::into_inner);

    on_event(&Event::Indexing);
    let mut builder = SnapshotBuilder::create(index_root).map_err(index_err)?;
    builder.set_producer(PARSERS);
    let mut reports = Vec::with_capacity(results.len());
    // Passages in the new snapshot; inputs with a file (or a missing listed one); inputs whose bytes were read.
    let (mut passages, mut with_file, mut read) = (0, 0, 0);
    for ((input, slot), reuse) in inputs.iter().zip(results).zip(&reused) {
        let source = &input.source;
        if !matches!(&input.file, Err(missing) if missing.is_not_mirrored()) {
            with_file += 1;
        }
        let report = if let Some((prev, sha)) = *reuse {
            let t0 = Instant::now();
            let copied = builder
                .copy_edition(prev, &source.edition, Some(sha))
                .map_err(index_err)?;
            read += 1;
            DocReport {
                doc: source.edition.doc.clone(),
                edition: source.edition.id,
                source: source.edition.source.clone(),
                pages: None,
                passages: copied,
                warnings: Vec::new(),
                elapsed: t0.elapsed(),
                outcome: DocOutcome::Unchanged,
            }
        } else {
            // Cannot be `None` (see above); if it ever were, the edition is reported, not silently dropped.
            let parsed = slot.unwrap_or_else(|| Parsed {
                report: DocReport {
                    doc: source.edition.doc.clone(),
                    edition: source.edition.id,
                    source: source.edition.source.clone(),
                    pages: None,
                    passages: 0,
                    warnings: Vec::new(),
                    elapsed: Duration::ZERO,
                    outcome: DocOutcome::Failed {
                        reason:
                            "internal error: no result from the parsing workers (please report)"
                                .into(),
                        kept_previous: false,
                    },
                },
                built: None,
                read: false,
            });
            read += usize::from(parsed.read);
            let mut report = parsed.report;
            match parsed.built {
                Some((built, sha)) => builder
                    .add_edition_from_source(&source.edition, &built.passages, &sha)
                    .map_err(index_err)?,
                None => {
                    // In incremental mode a missing file is a failed download, not a withdrawal: the edition keeps
                    // its previous passages like a file that fails to parse, and is reported as failed.
                    let held = previous.as_ref().is_some_and(|p| {
                        p.edition(&source.edition.doc, source.edition.id).is_some()
                    });
                    if let (Mode::Changed, true, DocOutcome::Missing { reason, .. }) =
                        (mode, held, &report.outcome)
                    {
                        report.outcome = DocOutcome::Failed {
                            reason: reason.clone(),
                            kept_previous: false,
                        };
                    }
                    // A document that fails now, or whose listed file is missing, but went in before keeps its
                    // previous passages: a bad download, a replaced file, a mirror gap or a parser regression must
                    // not make an edition disappear from search.
                    let carry = match &report.outcome {
                        DocOutcome::Failed { .. } => true,
                        DocOutcome::Missing { listed, .. } => *listed,
                        DocOutcome::Ingested | DocOutcome::Unchanged => false,
                    };
                    if carry {
                        let kept =
                            carry_over(&mut builder, previous.as_ref(), &live_hashes, source)
                                .map_err(index_err)?;
                        if let Some(kept) = kept {
                            report.passages = kept;
                            if let DocOutcome::Failed { kept_previous, .. }
                            | DocOutcome::Missing { kept_previous, .. } = &mut report.outcome
                            {
                                *kept_previous = true;
                            }
                        }
                    }
                }
            }
            report
        };
        passages += report.passages;
        on_event(&Event::Document(&report));
        reports.push(report);
    }

    // Refusals: the builder is dropped unfinished, which deletes it; `CURRENT` is untouched.
    let live_passages = previous.as_ref().map_or(0, |p| p.info().passages);
    if read == 0 && with_file > 0 && live_passages > 0 {
        return Err(Error::NothingRead {
            root: index_root.to_path_buf(),
            mirror: match mode {
                Mode::Full { mirror } => Some(mirror.to_path_buf()),
                Mode::Changed => None,
            },
            listed: with_file,
        });
    }
    if passages == 0 {
        return Err(Error::Empty {
            root: index_root.to_path_buf(),
            editions: inputs.len(),
        });
    }
    let snapshot = builder.commit().map_err(index_err)?;
    Ok(Summary {
        reports,
        snapshot,
        elapsed: started.elapsed(),
    })
}
