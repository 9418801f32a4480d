//! What changed between two editions of a document, and whether a saved citation still stands.
//!
//! Two entry points:
//!
//! - [`diff_editions`]: the passages of two editions (in document order) → an [`EditionDiff`], one [`Change`] per
//!   paragraph: unchanged, renumbered (2024 para 363 → 2025 para 360, same text), moved, changed (with a
//!   [`WordDiff`]), added, removed.
//! - [`check_citation`]: a [`SavedCitation`] (label, quote and/or content hash) to a cited edition → a
//!   [`CitationCheck`] against the edition in force: stands (and where), changed (old and new text, word diff),
//!   removed, or not found in the cited edition at all.
//!
//! The crate works on `pinpoint_model` passages only: it never opens the index (the caller reads the passages with
//! `pinpoint_index::Index::passages_of`) and never serialises (`pinpoint_wire` does). How passages are paired is
//! described in the `align` module's documentation and in the README.

#![deny(missing_docs)]

mod align;
mod changes;
mod citation;
mod text;
mod words;

pub use align::DiffOptions;
pub use changes::{
    diff_editions, diff_editions_with, Change, ChangeKind, Counts, EditionDiff, EditionText, Pair,
};
pub use citation::{
    check_against, check_citation, resolve_edition, CitationCheck, CitationError, CitationStatus,
    EditionNameError, Finding, LabelRef, NotFound, Outcome, SavedCitation,
};
pub use text::loose;
pub use words::{Run, RunOp, WordDiff};

#[cfg(test)]
mod tests;
