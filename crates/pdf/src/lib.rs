//! Extracts positioned text from PDFs with lopdf. Knows nothing of passages, tantivy or HTTP.
//!
//! [`extract`] loads a PDF (lopdf does the parsing, xref repair and decryption of files whose user password is
//! empty), runs every page's content stream through a small interpreter that tracks the graphics and text state
//! (including form XObjects), places every glyph from the font's widths, decodes it to Unicode (ToUnicode CMaps,
//! simple-font encodings with `/Differences` glyph names), and groups glyphs into lines and spans with word breaks
//! from the gaps between glyphs. It also reads page labels, the outline and the information dictionary.
//!
//! Hostile input is expected: every budget is in [`Limits`], per-page problems become [`Warning`]s, and only a
//! document that cannot be read at all is an [`Error`]. Nothing here panics on input data; lopdf calls are
//! additionally wrapped in `catch_unwind` as a last line of defence.
//!
//! [`text::word_f1`] is the word-level F1 used to compare the output with `pdftotext` (see `pinpoint bench
//! extract`).

mod doc;
mod font;
mod interp;
mod layout;
mod lex;
pub mod text;
mod types;

use std::path::Path;

pub use types::*;

/// Budgets that bound the work and memory one PDF may cost. The defaults are far above what the government PDFs
/// of the corpus need (the largest is 3.5 MB, 187 pages, content streams under 1 MB) and far below what a
/// hostile file could ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_file_bytes: usize,
    /// Most pages extracted; a longer document is rejected as [`Error::TooLarge`].
    pub max_pages: usize,
    /// Largest decompressed size of one content stream, form XObject or CMap (decompression bombs). A page
    /// whose content exceeds it is left empty with a warning.
    pub max_stream_bytes: usize,
    /// Most content-stream operators run for one page, form XObjects included (endless streams).
    pub max_operators_per_page: u64,
    /// Most glyphs kept for one page (a page of 6 pt text holds about 20 000); bounds memory per page.
    pub max_glyphs_per_page: usize,
    /// Deepest nesting of form XObjects (cycles are cut regardless).
    pub max_form_depth: usize,
    /// Most outline entries read.
    pub max_outline_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 << 20,
            max_pages: 20_000,
            max_stream_bytes: 64 << 20,
            max_operators_per_page: 5_000_000,
            max_glyphs_per_page: 1_000_000,
            max_form_depth: 16,
            max_outline_entries: 20_000,
        }
    }
}

/// Why a PDF could not be extracted at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input does not start like a PDF.
    #[error("not a PDF")]
    NotPdf,
    /// The PDF is encrypted and needs a password (files with an empty user password are decrypted).
    #[error("the PDF is encrypted and needs a password")]
    Encrypted,
    /// The PDF is damaged beyond what can be repaired.
    #[error("corrupt PDF: {reason}")]
    Corrupt {
        /// What went wrong.
        reason: String,
    },
    /// A budget in [`Limits`] was exceeded.
    #[error("{what} exceeds the limit of {limit}")]
    TooLarge {
        /// Which budget.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// No page has any text (an image-only scan, or a document without pages).
    #[error("no text layer (image-only or empty document)")]
    NoTextLayer,
    /// The file could not be read.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error, in words.
        reason: String,
    },
}

/// Extracts every page of the PDF in `bytes`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    let loaded = doc::load(bytes, limits)?;
    let document = doc::extract_all(&loaded, limits)?;
    if document.pages.iter().all(|p| p.lines.is_empty()) {
        return Err(Error::NoTextLayer);
    }
    Ok(document)
}

/// Reads and extracts the PDF at `path`.
pub fn extract_file(path: &Path, limits: &Limits) -> Result<Document, Error> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?
        .len();
    if len > limits.max_file_bytes as u64 {
        return Err(Error::TooLarge {
            what: "file size",
            limit: limits.max_file_bytes as u64,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    extract(&bytes, limits)
}

/// Extracts one page (1-based physical number) with its label; warnings are dropped. Loads the whole file, so
/// for several pages call [`extract`] once instead.
pub fn extract_page(bytes: &[u8], number: u32, limits: &Limits) -> Result<Page, Error> {
    let loaded = doc::load(bytes, limits)?;
    doc::extract_one(&loaded, number, limits)
}
