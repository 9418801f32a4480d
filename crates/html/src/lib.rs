//! Parses GOV.UK HTML/JSON and legislation.gov.uk CLML XML into heading-tagged blocks. Knows nothing of passages,
//! tantivy or HTTP: every function takes the bytes the caller already has.
//!
//! Three inputs, one output ([`Document`]: metadata plus a flat list of [`Block`]s in document order):
//!
//! - [`parse_govuk_json`]: a GOV.UK Content API item (`/api/content/<path>`), including multi-part guides, or a
//!   Pinpoint corpus export (`{title, body, source_url, last_updated}`).
//! - [`parse_govuk_page`]: a whole saved GOV.UK HTML page; only the main content is kept, never the site chrome.
//! - [`parse_clml`]: legislation.gov.uk CLML XML; one [`BlockKind::Provision`] per subsection.
//!
//! [`parse_html_fragment`] is the walker the first two share.
//!
//! All input is treated as hostile: size and nesting are bounded by [`Limits`], XML with a DTD is refused (no
//! entity expansion), deep HTML is refused *before* html5ever builds it (html5ever is quadratic in depth), and no
//! input can make these functions panic.

mod clml;
mod error;
mod govuk;
mod html;
mod text;
mod types;

pub use error::{Error, Limits};
pub use html::{parse_html_fragment, parse_html_fragment_with};
pub use types::*;

/// Parses GOV.UK JSON, either shape (see the crate docs), with [`Limits::default`].
///
/// - `gone` / `vanish` items → [`Error::Gone`]; `redirect` items → [`Error::Redirect`] with the absolute
///   destination, so the caller can fetch that instead.
/// - Guides: each part's title heads its blocks, and their anchors are `/slug` or `/slug#heading-id`
///   (`pinpoint_model::Locator::deep_link` makes the part's address), because each part is its own page.
/// - An item with no body (a publication whose content is all attachments, a guide with no parts) is **not** an
///   error: it returns its metadata, no blocks and a warning, because the document exists and is citable.
/// - A withdrawn item parses normally, with a `withdrawn: …` warning.
pub fn parse_govuk_json(bytes: &[u8]) -> Result<Document, Error> {
    parse_govuk_json_with(bytes, &Limits::default())
}

/// [`parse_govuk_json`] with explicit limits.
pub fn parse_govuk_json_with(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    govuk::parse(bytes, limits)
}

/// Parses a whole saved GOV.UK page with [`Limits::default`]: the rendered govspeak inside `main` (falling back to
/// `main`, `#content`, then `body`, with page furniture filtered out), title from the `h1`, URL from
/// `<link rel=canonical>`, updated from `govuk:public-updated-at` or the "Updated …" line.
///
/// Invalid UTF-8 is replaced (U+FFFD) with a warning rather than refused: a saved page with one bad byte is still
/// worth indexing. A page with no body text is [`Error::NoText`].
pub fn parse_govuk_page(bytes: &[u8]) -> Result<Document, Error> {
    parse_govuk_page_with(bytes, &Limits::default())
}

/// [`parse_govuk_page`] with explicit limits.
pub fn parse_govuk_page_with(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    html::page(bytes, limits)
}

/// Parses legislation.gov.uk CLML XML with [`Limits::default`].
///
/// One [`BlockKind::Provision`] per subsection (`P2`), numbered `16E(1)`; a section without subsections is one
/// block numbered `16E`; paragraphs `(a)`, `(b)` stay inline. Schedule paragraphs are numbered `2 para 3(1)`
/// (an unnumbered schedule or EU annex uses the word: `Schedule para 3`, `Annex para 1`). Heading path: Part,
/// Chapter, cross-heading, section title, as `Part 1 — Housing conditions`. Kind: from the provision id
/// (`section-`, `regulation-`, `article-`), else from `DocumentMainType` (Acts → section, SIs → regulation, or
/// article when the title says "Order", EU → article).
///
/// Skipped: prelims, tables of contents, explanatory notes, commentary/annotations and their `F1` markers,
/// footnotes, signatures. Repealed provisions whose text is only ". . ." or "…" are dropped and counted in a
/// warning. Unlike HTML, non-UTF-8 bytes are an [`Error::Xml`]: legislation.gov.uk serves UTF-8 only. Any DTD is
/// refused (roxmltree's default), which stops billion-laughs and external-entity attacks outright.
pub fn parse_clml(bytes: &[u8]) -> Result<Document, Error> {
    parse_clml_with(bytes, &Limits::default())
}

/// [`parse_clml`] with explicit limits.
pub fn parse_clml_with(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    clml::parse(bytes, limits)
}
