//! Pinpoint's source list: which documents and editions the service holds, read from `corpus/sources.toml`.
//!
//! [`SourceList::load`] reads and validates the list and yields one typed [`Source`] per edition (a
//! [`pinpoint_model::Edition`] plus the file format, the mirrored file name and its recorded SHA-256). A [`Mirror`] is
//! the directory holding the files; [`Mirror::locate`] finds an edition's file there and [`Located::verify_sha256`]
//! checks it is the copy that was listed.
//!
//! `corpus/fixtures.toml`, the mirror's files kept for parser tests only and never served, has the same format and is
//! read the same way; only tests read it.
//!
//! Every validation error names the entry (`document "kcsie" edition "2024-09-02"`) and, where the TOML gives it, the
//! line; all problems in a list are reported at once, not only the first.

#![deny(missing_docs)]

mod mirror;

pub use mirror::{sha256_bytes, sha256_file, Checksum, Located, Mirror, MissingFile, VerifyError};

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use pinpoint_model::{Date, DocId, DocKind, Edition, EditionId};
use serde::Deserialize;
use toml::Spanned;

/// How an edition's file is published, which decides the reader ingest uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A PDF (an original publication, or a browser print of a web page).
    Pdf,
    /// A GOV.UK Content API export: JSON whose `body` is the page's HTML.
    GovukJson,
    /// A whole saved GOV.UK web page (HTML, site header and footer included).
    GovukPage,
    /// legislation.gov.uk Crown Legislation Markup Language (`data.xml`).
    Clml,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [
        Format::Pdf,
        Format::GovukJson,
        Format::GovukPage,
        Format::Clml,
    ];

    /// The name used in `sources.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::GovukJson => "govuk-json",
            Format::GovukPage => "govuk-page",
            Format::Clml => "clml",
        }
    }

    /// Parses [`Format::as_str`]'s names.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The file name extension a file of this format has (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::GovukJson => "json",
            Format::GovukPage => "html",
            Format::Clml => "xml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where sync fetches a document's current version from: its official address, and how to read what comes back.
///
/// A document has at most one: the address that serves the *current* text (a GOV.UK publication page serves the
/// newest edition), so what sync fetches becomes the newest edition, or a new one when its date moved on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch {
    /// A GOV.UK Content API item (`api = "https://www.gov.uk/api/content/<path>"`); its JSON is the file
    /// (format `govuk-json`): `details.body`, or a guide's `details.parts`.
    GovukContent {
        /// The Content API address.
        api: String,
    },
    /// A PDF attachment of a GOV.UK publication: the Content API item lists its attachments, and the one whose
    /// file name or title contains `attachment` (ignoring case) is the file (format `pdf`).
    GovukAttachment {
        /// The Content API address of the publication.
        api: String,
        /// Text that picks one attachment by file name or title.
        attachment: String,
    },
    /// A legislation.gov.uk data file (`data = "https://www.legislation.gov.uk/ukpga/2006/21/data.xml"`, format
    /// `clml`).
    LegislationData {
        /// The data.xml address.
        data: String,
    },
    /// A PDF at a fixed address (`pdf = "https://…"`, format `pdf`).
    Pdf {
        /// The PDF's address.
        url: String,
    },
}

impl Fetch {
    /// The format of the file this fetch yields.
    pub fn format(&self) -> Format {
        match self {
            Fetch::GovukContent { .. } => Format::GovukJson,
            Fetch::GovukAttachment { .. } | Fetch::Pdf { .. } => Format::Pdf,
            Fetch::LegislationData { .. } => Format::Clml,
        }
    }

    /// The address requested first (the Content API item for an attachment).
    pub fn url(&self) -> &str {
        match self {
            Fetch::GovukContent { api } | Fetch::GovukAttachment { api, .. } => api,
            Fetch::LegislationData { data } => data,
            Fetch::Pdf { url } => url,
        }
    }
}

/// The official origin of GOV.UK pages and their Content API.
pub const GOVUK_ORIGIN: &str = "https://www.gov.uk";
/// The official origin of legislation.gov.uk.
pub const LEGISLATION_ORIGIN: &str = "https://www.legislation.gov.uk";

/// One edition of one document, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What is needed to cite and link to the edition. `edition.source` is the listed file name, or the official
    /// address where no file is listed.
    pub edition: Edition,
    /// How the file is published.
    pub format: Format,
    /// The file name in the mirror; `None` for a document the service should hold but has no copy of yet.
    pub file: Option<String>,
    /// The recorded SHA-256 of the file (lowercase hex), for change detection. (The listed note is the edition's,
    /// `edition.note`: readers see it beside the edition.)
    pub sha256: Option<String>,
}

impl Source {
    /// `document "kcsie" edition "2024-09-02"`, as errors and reports name an entry.
    pub fn entry(&self) -> String {
        entry_name(self.edition.doc.as_str(), &self.edition.id.to_string())
    }
}

/// A document with its editions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's id.
    pub id: DocId,
    /// The document's title (without an edition year).
    pub title: String,
    /// The kind of text.
    pub kind: DocKind,
    /// The publisher.
    pub publisher: String,
    /// A remark on the document as a whole.
    pub note: Option<String>,
    /// Where sync fetches the current version; `None` for a document only read from the mirror.
    pub fetch: Option<Fetch>,
    /// The editions, ordered by date, oldest first (never empty).
    pub editions: Vec<Source>,
}

impl Document {
    /// The newest listed edition.
    pub fn latest(&self) -> &Source {
        self.editions
            .last()
            .expect("a document has at least one edition")
    }

    /// The edition with that id.
    pub fn edition(&self, id: EditionId) -> Option<&Source> {
        self.editions.iter().find(|s| s.edition.id == id)
    }
}

/// The validated source list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceList {
    documents: Vec<Document>,
}

impl SourceList {
    /// Reads and validates a source list file.
    pub fn load(path: impl AsRef<Path>) -> Result<SourceList, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        parse(&text, path.display().to_string())
    }

    /// Parses and validates a source list given as text (errors name the origin `<string>`).
    pub fn parse(toml: &str) -> Result<SourceList, Error> {
        parse(toml, "<string>".to_owned())
    }

    /// The documents, in the order listed.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The document with that id.
    pub fn document(&self, id: &DocId) -> Option<&Document> {
        self.documents.iter().find(|d| &d.id == id)
    }

    /// Every edition of every document: documents in the order listed, editions oldest first.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.documents.iter().flat_map(|d| d.editions.iter())
    }

    /// One edition.
    pub fn get(&self, doc: &DocId, edition: EditionId) -> Option<&Source> {
        self.document(doc)?.edition(edition)
    }

    /// The edition listed with that file name.
    pub fn by_file(&self, file: &str) -> Option<&Source> {
        self.sources().find(|s| s.file.as_deref() == Some(file))
    }
}

/// Why a source list could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read source list {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The IO error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not TOML, or not of the source list's shape (a missing or misspelt field, a wrong type).
    #[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Syntax {
        /// The file, or `<string>`.
        origin: String,
        /// The 1-based line, where the parser gives one.
        line: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// The list is well-formed but some entries are wrong; every problem found is listed.
    #[error("{origin}: {} problem(s) in the source list:\n{}", problems.len(), ListProblems(problems))]
    Invalid {
        /// The file, or `<string>`.
        origin: String,
        /// The problems, in the order of the file.
        problems: Vec<Problem>,
    },
}

struct ListProblems<'a>(&'a [Problem]);

impl fmt::Display for ListProblems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// One thing wrong with one entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{entry}: {kind}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct Problem {
    /// The 1-based line of the offending value.
    pub line: Option<usize>,
    /// The entry, e.g. `document "kcsie" edition "2024-09-02"`, or `document #3` where the id itself is bad.
    pub entry: String,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong with an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// A document id is not a lowercase slug.
    #[error("{0}")]
    BadDocId(pinpoint_model::IdError),
    /// Two documents share an id.
    #[error("duplicate document id (first listed on line {first_line})")]
    DuplicateDocument {
        /// Where the first one is.
        first_line: usize,
    },
    /// A document lists no editions.
    #[error("no [[document.edition]] listed")]
    NoEditions,
    /// Two editions of one document share an id (a date).
    #[error("duplicate edition (first listed on line {first_line})")]
    DuplicateEdition {
        /// Where the first one is.
        first_line: usize,
    },
    /// A date field is not a real `YYYY-MM-DD` date.
    #[error("`{field}` = {value:?} is not a date: expected YYYY-MM-DD")]
    BadDate {
        /// The field.
        field: &'static str,
        /// The text given.
        value: String,
    },
    /// The kind is not one of [`DocKind::ALL`].
    #[error("unknown kind {0:?}: expected one of legislation, statutory-guidance, guidance, govuk-guide, local-procedure")]
    UnknownKind(String),
    /// The format is not one of [`Format::ALL`].
    #[error("unknown format {0:?}: expected one of pdf, govuk-json, govuk-page, clml")]
    UnknownFormat(String),
    /// The edition comes into force before it was issued.
    #[error("in_force_from {in_force_from} is before the edition date {edition}")]
    InForceBeforeEdition {
        /// The in-force date.
        in_force_from: Date,
        /// The edition date.
        edition: Date,
    },
    /// Editions listed in date order come into force out of order.
    #[error("in_force_from {in_force_from} is not after the earlier edition's ({earlier})")]
    InForceOutOfOrder {
        /// This edition's in-force date.
        in_force_from: Date,
        /// The earlier edition's in-force date.
        earlier: Date,
    },
    /// A required text field is empty.
    #[error("`{0}` is empty")]
    Empty(&'static str),
    /// The URL is not an absolute http(s) address (notes such as "as best can tell" go in `note`).
    #[error("url {0:?} is not a plain http(s) address (put remarks in `note`)")]
    BadUrl(String),
    /// The file name is absolute, climbs out of the mirror, or does not end as its format's files do.
    #[error("file {file:?}: {reason}")]
    BadFile {
        /// The name given.
        file: String,
        /// Why it was refused.
        reason: String,
    },
    /// Two editions name the same file.
    #[error("file {file:?} is already listed for {other}")]
    DuplicateFile {
        /// The file.
        file: String,
        /// The entry that lists it first.
        other: String,
    },
    /// The checksum is not 64 lowercase hex digits.
    #[error("sha256 {0:?} is not 64 lowercase hex digits")]
    BadSha256(String),
    /// A checksum is given without a file to check.
    #[error("sha256 given but no file")]
    Sha256WithoutFile,
    /// The fetch address (`api`, `data`, `pdf`, `attachment`) is malformed or contradicts the document.
    #[error("`{field}`: {reason}")]
    BadFetch {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}

// ---- the TOML shape -------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    #[serde(default)]
    document: Vec<RawDocument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    id: Spanned<String>,
    title: Spanned<String>,
    kind: Spanned<String>,
    publisher: Spanned<String>,
    note: Option<String>,
    api: Option<Spanned<String>>,
    attachment: Option<Spanned<String>>,
    data: Option<Spanned<String>>,
    pdf: Option<Spanned<String>>,
    #[serde(default)]
    edition: Vec<RawEdition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    id: Spanned<String>,
    in_force_from: Option<Spanned<String>>,
    cite_as: Spanned<String>,
    title: Option<Spanned<String>>,
    publisher: Option<Spanned<String>>,
    url: Spanned<String>,
    file: Option<Spanned<String>>,
    format: Spanned<String>,
    sha256: Option<Spanned<String>>,
    note: Option<String>,
}

fn entry_name(doc: &str, edition: &str) -> String {
    format!("document {doc:?} edition {edition:?}")
}

/// Maps byte offsets to 1-based line numbers.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }
    fn of<T>(&self, s: &Spanned<T>) -> usize {
        self.at(s.span().start)
    }
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

fn parse(text: &str, origin: String) -> Result<SourceList, Error> {
    let lines = Lines::new(text);
    let raw: RawList = toml::from_str(text).map_err(|e| Error::Syntax {
        origin: origin.clone(),
        line: e.span().map(|s| lines.at(s.start)),
        message: e.message().trim_end().to_owned(),
    })?;

    let mut problems = Vec::new();
    let mut documents = Vec::new();
    let mut doc_lines: HashMap<String, usize> = HashMap::new();
    let mut files: HashMap<String, String> = HashMap::new();

    for (n, rd) in raw.document.iter().enumerate() {
        let doc_line = lines.of(&rd.id);
        let doc_entry = format!("document {:?}", rd.id.get_ref());
        let mut problem = |line: usize, entry: &str, kind: ProblemKind| {
            problems.push(Problem {
                line: Some(line),
                entry: entry.to_owned(),
                kind,
            })
        };

        let id = match DocId::new(rd.id.get_ref()) {
            Ok(id) => Some(id),
            Err(e) => {
                problem(
                    doc_line,
                    &format!("document #{}", n + 1),
                    ProblemKind::BadDocId(e),
                );
                None
            }
        };
        match doc_lines.get(rd.id.get_ref()) {
            Some(&first_line) => problem(
                doc_line,
                &doc_entry,
                ProblemKind::DuplicateDocument { first_line },
            ),
            None => {
                doc_lines.insert(rd.id.get_ref().clone(), doc_line);
            }
        }
        let kind = DocKind::parse(rd.kind.get_ref());
        if kind.is_none() {
            problem(
                lines.of(&rd.kind),
                &doc_entry,
                ProblemKind::UnknownKind(rd.kind.get_ref().clone()),
            );
        }
        for (field, value) in [("title", &rd.title), ("publisher", &rd.publisher)] {
            if value.get_ref().trim().is_empty() {
                problem(lines.of(value), &doc_entry, ProblemKind::Empty(field));
            }
        }
        if rd.edition.is_empty() {
            problem(doc_line, &doc_entry, ProblemKind::NoEditions);
        }

        let mut editions: Vec<(usize, Source)> = Vec::new();
        let mut edition_lines: HashMap<String, usize> = HashMap::new();
        for re in &rd.edition {
            let ed_line = lines.of(&re.id);
            let entry = entry_name(rd.id.get_ref(), re.id.get_ref());
            let mut problem = |line: usize, kind: ProblemKind| {
                problems.push(Problem {
                    line: Some(line),
                    entry: entry.clone(),
                    kind,
                })
            };

            let edition_id: Option<EditionId> = match re.id.get_ref().parse() {
                Ok(e) => Some(e),
                Err(_) => {
                    problem(
                        ed_line,
                        ProblemKind::BadDate {
                            field: "id",
                            value: re.id.get_ref().clone(),
                        },
                    );
                    None
                }
            };
            match edition_lines.get(re.id.get_ref()) {
                Some(&first_line) => problem(ed_line, ProblemKind::DuplicateEdition { first_line }),
                None => {
                    edition_lines.insert(re.id.get_ref().clone(), ed_line);
                }
            }
            let in_force_from = match &re.in_force_from {
                None => None,
                Some(s) => match s.get_ref().parse::<Date>() {
                    Ok(d) => {
                        if let Some(e) = edition_id {
                            if d < e.date() {
                                problem(
                                    lines.of(s),
                                    ProblemKind::InForceBeforeEdition {
                                        in_force_from: d,
                                        edition: e.date(),
                                    },
                                );
                            }
                        }
                        Some(d)
                    }
                    Err(_) => {
                        problem(
                            lines.of(s),
                            ProblemKind::BadDate {
                                field: "in_force_from",
                                value: s.get_ref().clone(),
                            },
                        );
                        None
                    }
                },
            };
            let format = Format::parse(re.format.get_ref());
            if format.is_none() {
                problem(
                    lines.of(&re.format),
                    ProblemKind::UnknownFormat(re.format.get_ref().clone()),
                );
            }
            if re.cite_as.get_ref().trim().is_empty() {
                problem(lines.of(&re.cite_as), ProblemKind::Empty("cite_as"));
            }
            for (field, value) in [("title", &re.title), ("publisher", &re.publisher)] {
                if let Some(v) = value {
                    if v.get_ref().trim().is_empty() {
                        problem(lines.of(v), ProblemKind::Empty(field));
                    }
                }
            }
            let url = re.url.get_ref();
            let plain = (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() > "https://".len()
                && !url.chars().any(char::is_whitespace);
            if !plain {
                problem(lines.of(&re.url), ProblemKind::BadUrl(url.clone()));
            }
            if let Some(file) = &re.file {
                let name = file.get_ref();
                if let Some(reason) = bad_file(name, format) {
                    problem(
                        lines.of(file),
                        ProblemKind::BadFile {
                            file: name.clone(),
                            reason,
                        },
                    );
                }
                match files.get(name) {
                    Some(other) => problem(
                        lines.of(file),
                        ProblemKind::DuplicateFile {
                            file: name.clone(),
                            other: other.clone(),
                        },
                    ),
                    None => {
                        files.insert(name.clone(), entry.clone());
                    }
                }
            }
            if let Some(sha) = &re.sha256 {
                let s = sha.get_ref();
                if s.len() != 64
                    || !s
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                {
                    problem(lines.of(sha), ProblemKind::BadSha256(s.clone()));
                }
                if re.file.is_none() {
                    problem(lines.of(sha), ProblemKind::Sha256WithoutFile);
                }
            }

            if let (Some(doc), Some(kind), Some(edition_id), Some(format)) =
                (&id, kind, edition_id, format)
            {
                let file = re.file.as_ref().map(|f| f.get_ref().clone());
                let edition = Edition {
                    doc: doc.clone(),
                    id: edition_id,
                    in_force_from: in_force_from.unwrap_or(edition_id.date()),
                    title: re.title.as_ref().unwrap_or(&rd.title).get_ref().clone(),
                    cite_as: re.cite_as.get_ref().clone(),
                    publisher: re
                        .publisher
                        .as_ref()
                        .unwrap_or(&rd.publisher)
                        .get_ref()
                        .clone(),
                    kind,
                    url: url.clone(),
                    source: file.clone().unwrap_or_else(|| url.clone()),
                    note: re.note.clone(),
                };
                let source = Source {
                    edition,
                    format,
                    file,
                    sha256: re.sha256.as_ref().map(|s| s.get_ref().clone()),
                };
                editions.push((ed_line, source));
            }
        }

        editions.sort_by_key(|(_, s)| s.edition.id);
        let mut earlier: Option<Date> = None;
        for (line, s) in &editions {
            let d = s.edition.in_force_from;
            if let Some(e) = earlier {
                if d <= e {
                    problems.push(Problem {
                        line: Some(*line),
                        entry: s.entry(),
                        kind: ProblemKind::InForceOutOfOrder {
                            in_force_from: d,
                            earlier: e,
                        },
                    });
                }
            }
            earlier = Some(d);
        }
        let fetch = match raw_fetch(rd) {
            Ok(fetch) => fetch,
            Err((line, field, reason)) => {
                problems.push(Problem {
                    line: Some(lines.at(line)),
                    entry: doc_entry.clone(),
                    kind: ProblemKind::BadFetch { field, reason },
                });
                None
            }
        };
        if let (Some(f), Some((line, latest))) = (&fetch, editions.last()) {
            if f.format() != latest.format {
                problems.push(Problem {
                    line: Some(*line),
                    entry: latest.entry(),
                    kind: ProblemKind::BadFetch {
                        field: "format",
                        reason: format!(
                            "the document's fetch address yields {}, but its newest edition is {}",
                            f.format(),
                            latest.format
                        ),
                    },
                });
            }
        }
        if let (Some(id), Some(kind)) = (id, kind) {
            documents.push(Document {
                id,
                title: rd.title.get_ref().clone(),
                kind,
                publisher: rd.publisher.get_ref().clone(),
                note: rd.note.clone(),
                fetch,
                editions: editions.into_iter().map(|(_, s)| s).collect(),
            });
        }
    }

    if problems.is_empty() {
        Ok(SourceList { documents })
    } else {
        problems.sort_by_key(|p| p.line);
        Err(Error::Invalid { origin, problems })
    }
}

/// The document's fetch address, checked: at most one of `api`, `data`, `pdf`; `attachment` only with `api`; each
/// an address of the right official site. An error is (byte offset, field, reason).
fn raw_fetch(rd: &RawDocument) -> Result<Option<Fetch>, (usize, &'static str, String)> {
    let given: Vec<(&'static str, &Spanned<String>)> =
        [("api", &rd.api), ("data", &rd.data), ("pdf", &rd.pdf)]
            .into_iter()
            .filter_map(|(f, v)| v.as_ref().map(|v| (f, v)))
            .collect();
    if given.len() > 1 {
        let names: Vec<&str> = given.iter().map(|(f, _)| *f).collect();
        return Err((
            given[1].1.span().start,
            given[1].0,
            format!("give one fetch address, not {}", names.join(" and ")),
        ));
    }
    let plain = |s: &str| s.starts_with("https://") && !s.chars().any(char::is_whitespace);
    let fetch = match given.first() {
        None => {
            if let Some(a) = &rd.attachment {
                return Err((
                    a.span().start,
                    "attachment",
                    "needs `api`, the publication's Content API address".into(),
                ));
            }
            return Ok(None);
        }
        Some((field, v)) => {
            let url = v.get_ref().clone();
            let err = |reason: String| Err((v.span().start, *field, reason));
            if !plain(&url) {
                return err(format!("{url:?} is not a plain https address"));
            }
            match *field {
                "api" => {
                    let prefix = format!("{GOVUK_ORIGIN}/api/content/");
                    if !url.starts_with(&prefix) || url.len() == prefix.len() {
                        return err(format!(
                            "{url:?} is not a GOV.UK Content API address ({prefix}<path>)"
                        ));
                    }
                    match &rd.attachment {
                        Some(a) if a.get_ref().trim().is_empty() => {
                            return Err((a.span().start, "attachment", "is empty".into()))
                        }
                        Some(a) => Fetch::GovukAttachment {
                            api: url,
                            attachment: a.get_ref().trim().to_owned(),
                        },
                        None => Fetch::GovukContent { api: url },
                    }
                }
                "data" => {
                    if !url.starts_with(&format!("{LEGISLATION_ORIGIN}/"))
                        || !url.ends_with("/data.xml")
                    {
                        return err(format!(
                            "{url:?} is not a legislation.gov.uk data file ({LEGISLATION_ORIGIN}/<type>/<year>/<number>/data.xml)"
                        ));
                    }
                    Fetch::LegislationData { data: url }
                }
                _ => Fetch::Pdf { url },
            }
        }
    };
    if let (Some(a), false) = (
        &rd.attachment,
        matches!(fetch, Fetch::GovukAttachment { .. }),
    ) {
        return Err((
            a.span().start,
            "attachment",
            "needs `api`, the publication's Content API address".into(),
        ));
    }
    Ok(Some(fetch))
}

/// Why a listed file name is refused, if it is.
fn bad_file(name: &str, format: Option<Format>) -> Option<String> {
    if name.trim().is_empty() {
        return Some("empty file name".into());
    }
    let path = Path::new(name);
    if !path.components().all(|c| matches!(c, Component::Normal(_))) || name.contains('\\') {
        return Some("must be a relative path inside the mirror (no `/` prefix, no `..`)".into());
    }
    let format = format?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    (!ext.eq_ignore_ascii_case(format.extension()))
        .then(|| format!("format {format} expects a .{} file", format.extension()))
}

#[cfg(test)]
mod tests;
