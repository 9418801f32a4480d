//! The public shape of a parsed web page or legislation file: a flat list of blocks in document order, each tagged
//! with the headings it sits under.

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// Running prose: a paragraph, or a list together with the sentence that leads into it.
    Text,
    /// A guidance paragraph that carries its own printed number ("363.", "3.22").
    NumberedParagraph(String),
    /// A legislative provision (section, regulation, article, schedule paragraph) or one of its subsections.
    Provision {
        /// Section, regulation, article or schedule paragraph.
        kind: ProvisionKind,
        /// The number with any subsection, as printed: `16E(1)`, `32(3)`; for a schedule paragraph `2 para 3`.
        number: String,
    },
}

/// The kind of a legislative provision (mirrors `pinpoint_model::ProvisionKind`; this crate stays free of it so
/// that parsers depend on nothing of Pinpoint's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvisionKind {
    /// Section of an Act.
    Section,
    /// Regulation of an SI.
    Regulation,
    /// Article of an order or EU instrument.
    Article,
    /// Paragraph of a Schedule.
    Schedule,
}

/// One block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The headings it sits under, outermost first (h2 › h3 › h4 for GOV.UK; Part › Chapter › cross-heading ›
    /// section title for legislation).
    pub heading: Vec<String>,
    /// The `id` of the nearest heading (or provision) that has one, for a deep link.
    pub anchor: Option<String>,
    /// Text, numbered paragraph or provision.
    pub kind: BlockKind,
    /// The text, whitespace folded; list items joined to their lead-in as "lead-in: • item • item".
    pub text: String,
}

/// Document-level facts found in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Title as given in the file.
    pub title: Option<String>,
    /// Canonical address, where the file names one.
    pub url: Option<String>,
    /// Last updated / valid-from date as written (ISO 8601 where the source uses it).
    pub updated: Option<String>,
}

/// A parsed web page or legislation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Title, address, date.
    pub metadata: Metadata,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Recoverable oddities (an unknown element skipped, a part with no body).
    pub warnings: Vec<String>,
}
