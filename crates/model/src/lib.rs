//! The domain words of Pinpoint, defined once: [`DocId`], [`EditionId`], [`DocKind`], [`Edition`], [`Locator`],
//! [`Passage`], [`PassageId`] and the [`Citation`] text an advisor pastes.
//!
//! This crate does no IO and knows nothing of PDFs, HTML, tantivy or HTTP. Its types are built so that wrong states
//! cannot be expressed: a [`PageSpan`] never ends before it starts, a [`DocId`] is always a lowercase slug, and a
//! [`Locator`] always says *where* (pages or anchor) and *what* (paragraph, provision, footnote or a heading's n-th
//! block) rather than carrying a bag of optional strings.

#![deny(missing_docs)]

mod citation;
mod date;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
mod hash;
mod ids;
mod locator;

pub use citation::Citation;
pub use date::{Date, DateError};
pub use hash::{normalise_for_hash, ContentHash, ContentHashError};
pub use ids::{DocId, EditionId, IdError, PassageId};
pub use locator::{
    DeepLink, HeadingPath, Label, LinkTarget, Locator, PageSpan, PageSpanError, Position,
    PrintedPages, ProvisionKind, REPEAT_MARK,
};

use std::fmt;

/// What kind of text a document is. The order is the order of authority: when two passages answer equally well, the
/// one from a more authoritative kind is shown first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// An Act or statutory instrument.
    Legislation,
    /// Guidance that the law says must be followed or had regard to (KCSIE, Working Together, EYFS).
    StatutoryGuidance,
    /// Non-statutory official guidance (Ofsted handbooks and policies).
    Guidance,
    /// A GOV.UK guide or answer page written for the public.
    GovukGuide,
    /// A local safeguarding partnership's procedure or thresholds document.
    LocalProcedure,
}

impl DocKind {
    /// Every kind, in order of authority.
    pub const ALL: [DocKind; 5] = [
        DocKind::Legislation,
        DocKind::StatutoryGuidance,
        DocKind::Guidance,
        DocKind::GovukGuide,
        DocKind::LocalProcedure,
    ];

    /// The stable machine name used in `sources.toml`, the index and the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Legislation => "legislation",
            DocKind::StatutoryGuidance => "statutory-guidance",
            DocKind::Guidance => "guidance",
            DocKind::GovukGuide => "govuk-guide",
            DocKind::LocalProcedure => "local-procedure",
        }
    }

    /// Parses [`DocKind::as_str`]'s names.
    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One edition of one document: what is needed to cite it and to link to it.
///
/// The edition is what a citation names ("Keeping children safe in education 2024"); the file it was read from is
/// kept only as `source`, an opaque name, so nothing downstream of ingest depends on where a file lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// The document this is an edition of.
    pub doc: DocId,
    /// The edition, named by its date (`2024-09-02`).
    pub id: EditionId,
    /// The day it takes effect; never before `id`'s date. An edition published in July for September (KCSIE) is
    /// not the one in force in August, so "current" is decided by this, not by `id`.
    pub in_force_from: Date,
    /// The full title as printed.
    pub title: String,
    /// The short title used in citations, with the edition year where the document has yearly editions
    /// ("Keeping children safe in education 2024").
    pub cite_as: String,
    /// The publisher as printed.
    pub publisher: String,
    /// The kind of text.
    pub kind: DocKind,
    /// The official address of this edition.
    pub url: String,
    /// The name of the file it was read from (as in the corpus manifest), for reporting and evaluation.
    pub source: String,
    /// What a reader should know about this copy, from the source list: that it is the "for information" version
    /// published before the final one, a browser print of a web page, a re-issue. `None` when nothing.
    pub note: Option<String>,
}

/// An answer-sized piece of a document: a numbered paragraph, a subsection, or a heading's paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Stable id: the same document, edition and locator give the same id on every ingest.
    pub id: PassageId,
    /// Where it stands in the document.
    pub locator: Locator,
    /// The text, with line breaks folded to spaces and hyphenated line ends joined; where separate paragraphs of
    /// the source run into one passage, a line break (`\n`) separates them.
    pub text: String,
}

impl Passage {
    /// Builds a passage, deriving its id from the edition and the locator.
    pub fn new(edition: &Edition, locator: Locator, text: String) -> Passage {
        Passage {
            id: PassageId::new(&edition.doc, &edition.id, &locator),
            locator,
            text,
        }
    }

    /// The hash of what the passage says ([`ContentHash::of_text`] of its text): equal for equal text in any
    /// edition or position, so a saved citation can be checked against a later edition.
    pub fn content_hash(&self) -> ContentHash {
        ContentHash::of_text(&self.text)
    }
}
