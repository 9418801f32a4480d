//! Turns extracted PDF pages ([`pinpoint_pdf::Document`]) and parsed web or legislation blocks
//! ([`pinpoint_html::Document`]) into answer-sized [`Passage`]s, each with a pinpoint [`Locator`]: a numbered
//! paragraph, a section or regulation subsection, a footnote, or a heading's text of about 250 words.
//!
//! Knows nothing of files, tantivy or HTTP: documents in, passages out. Oddities that do not stop the work
//! (no text on some pages, no passages at all) are warnings in [`Built`], never errors.
//!
//! [`Locator`]: pinpoint_model::Locator

mod blocks;
mod furniture;
mod pdf;
#[cfg(test)]
mod testutil;
mod text;

pub use blocks::from_blocks;
pub use pdf::{from_pdf, Layout, TARGET_WORDS};

use std::collections::HashMap;

use pinpoint_model::{Label, Passage, REPEAT_MARK};

/// Keeps labels unique within an edition, so that passage ids are. A label seen before (paragraph numbering that
/// restarts in an annex, a schedule paragraph number reused) gets a suffix: the second `para 3` becomes `3~2`.
#[derive(Debug, Default)]
struct UniqueLabels {
    seen: HashMap<String, u32>,
}

impl UniqueLabels {
    fn claim(&mut self, label: Label) -> Label {
        let count = self.seen.entry(label.key()).or_default();
        *count += 1;
        match (label, *count) {
            (label, 1) => label,
            (Label::Paragraph(n), k) => Label::Paragraph(format!("{n}{REPEAT_MARK}{k}")),
            (Label::Provision { kind, number }, k) => Label::Provision {
                kind,
                number: format!("{number}{REPEAT_MARK}{k}"),
            },
            (Label::Footnote(n), k) => Label::Footnote(format!("{n}{REPEAT_MARK}{k}")),
            (label @ Label::Unnumbered(_), _) => label,
        }
    }
}

/// The passages of one document, in document order, and what was odd about it.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Passages in document order; ids are unique within the document.
    pub passages: Vec<Passage>,
    /// Recoverable oddities, in words.
    pub warnings: Vec<String>,
}
