use std::fmt;

/// Physical pages of a PDF that a passage occupies, 1-based, with the printed label of the first page where the
/// page shows one. `end >= start` always holds: the constructor refuses anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSpan {
    start: u32,
    end: u32,
    label: Option<String>,
}

/// A page span that would end before it starts, or start at page 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid page span {start}..{end}: pages are 1-based and the span cannot end before it starts"
)]
pub struct PageSpanError {
    start: u32,
    end: u32,
}

impl PageSpan {
    /// A span from `start` to `end` inclusive.
    pub fn new(start: u32, end: u32, label: Option<String>) -> Result<PageSpan, PageSpanError> {
        if start == 0 || end < start {
            return Err(PageSpanError { start, end });
        }
        Ok(PageSpan { start, end, label })
    }

    /// The first physical page (1-based).
    pub fn start(&self) -> u32 {
        self.start
    }

    /// The last physical page; equal to `start` for a one-page passage.
    pub fn end(&self) -> u32 {
        self.end
    }

    /// The printed label of the first page ("93", "iv"), where the page prints one.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }
}

/// Where in the published file a passage stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A PDF page range.
    Pages(PageSpan),
    /// A web page, at the anchor of the nearest heading where it has one.
    Anchor(Option<String>),
}

/// The kind of a legislative provision, which decides how its label is cited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProvisionKind {
    /// A section of an Act: `s. 16E(1)`.
    Section,
    /// A regulation of a statutory instrument: `reg. 32(3)`.
    Regulation,
    /// An article of an order or retained EU instrument: `art. 5`.
    Article,
    /// A paragraph of a Schedule: `Sch. 2 para 3`; the number holds `2 para 3`.
    Schedule,
}

impl ProvisionKind {
    /// The citation prefix.
    pub fn abbreviation(self) -> &'static str {
        match self {
            ProvisionKind::Section => "s.",
            ProvisionKind::Regulation => "reg.",
            ProvisionKind::Article => "art.",
            ProvisionKind::Schedule => "Sch.",
        }
    }

    fn key(self) -> &'static str {
        match self {
            ProvisionKind::Section => "s",
            ProvisionKind::Regulation => "reg",
            ProvisionKind::Article => "art",
            ProvisionKind::Schedule => "sch",
        }
    }
}

/// What a passage is, within its document: the part of the locator that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// A numbered paragraph of guidance: `363`, `3.22`.
    Paragraph(String),
    /// A provision of legislation with its subsection: `16E(1)`.
    Provision {
        /// Section, regulation, article or schedule paragraph.
        kind: ProvisionKind,
        /// The number with any subsection, as printed: `16E(1)`.
        number: String,
    },
    /// A footnote, by its printed number.
    Footnote(String),
    /// Text under a heading with no number of its own: the n-th such passage in the edition (1-based), so that the
    /// id stays stable and unique.
    Unnumbered(u32),
}

impl Label {
    /// The label as an advisor would cite it: `para 363`, `s. 16E(1)`, `fn 128`; `None` for unnumbered text.
    pub fn cited(&self) -> Option<String> {
        match self {
            Label::Paragraph(n) => Some(format!("para {n}")),
            Label::Provision { kind, number } => Some(format!("{} {number}", kind.abbreviation())),
            Label::Footnote(n) => Some(format!("fn {n}")),
            Label::Unnumbered(_) => None,
        }
    }

    /// A URL- and filename-safe key, unique within an edition as long as labels are.
    pub fn key(&self) -> String {
        fn slug(s: &str) -> String {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if c.is_ascii_alphanumeric() || c == '.' {
                    out.push(c);
                } else if !out.ends_with('-') {
                    out.push('-');
                }
            }
            out.trim_matches('-').to_owned()
        }
        match self {
            Label::Paragraph(n) => format!("para-{}", slug(n)),
            Label::Provision { kind, number } => format!("{}-{}", kind.key(), slug(number)),
            Label::Footnote(n) => format!("fn-{}", slug(n)),
            Label::Unnumbered(i) => format!("p{i}"),
        }
    }
}

/// The titles of the headings a passage sits under, outermost first, e.g. `Part four › Section one › Suspension`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadingPath(Vec<String>);

impl HeadingPath {
    /// A path from outermost to innermost heading; blank titles are dropped.
    pub fn new(headings: Vec<String>) -> HeadingPath {
        HeadingPath(
            headings
                .into_iter()
                .filter(|h| !h.trim().is_empty())
                .collect(),
        )
    }

    /// The headings, outermost first.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// The innermost heading.
    pub fn last(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }
}

impl fmt::Display for HeadingPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" › "))
    }
}

/// A pinpoint locator: where a passage stands and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    /// Pages (PDF) or anchor (web page).
    pub position: Position,
    /// Paragraph, provision, footnote or unnumbered.
    pub label: Label,
    /// The headings it sits under.
    pub heading: HeadingPath,
}

impl Locator {
    /// The deep link to this passage from the edition's official address: `#page=N` for a PDF (the fragment
    /// every mainstream PDF viewer honours), the heading's anchor for a web page.
    pub fn deep_link(&self, url: &str) -> String {
        let base = url.split('#').next().unwrap_or(url);
        match &self.position {
            Position::Pages(span) => format!("{base}#page={}", span.start()),
            Position::Anchor(Some(anchor)) => format!("{base}#{anchor}"),
            Position::Anchor(None) => base.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_span_refuses_backwards_and_zero() {
        assert!(PageSpan::new(92, 93, None).is_ok());
        assert!(PageSpan::new(93, 92, None).is_err());
        assert!(PageSpan::new(0, 1, None).is_err());
    }

    #[test]
    fn labels_cite_and_key() {
        let s = Label::Provision {
            kind: ProvisionKind::Section,
            number: "16E(1)".into(),
        };
        assert_eq!(s.cited().as_deref(), Some("s. 16E(1)"));
        assert_eq!(s.key(), "s-16E-1");
        assert_eq!(Label::Paragraph("3.22".into()).key(), "para-3.22");
        assert_eq!(Label::Unnumbered(7).cited(), None);
    }

    #[test]
    fn deep_links_point_at_page_or_anchor() {
        let loc = Locator {
            position: Position::Pages(PageSpan::new(93, 93, Some("93".into())).unwrap()),
            label: Label::Paragraph("363".into()),
            heading: HeadingPath::default(),
        };
        assert_eq!(
            loc.deep_link("https://x.gov.uk/a.pdf"),
            "https://x.gov.uk/a.pdf#page=93"
        );
        let web = Locator {
            position: Position::Anchor(Some("notice".into())),
            ..loc
        };
        assert_eq!(
            web.deep_link("https://www.gov.uk/dismissal#old"),
            "https://www.gov.uk/dismissal#notice"
        );
    }
}
