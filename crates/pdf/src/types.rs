//! The public shape of an extracted PDF: pages of lines of positioned spans.
//!
//! Coordinates are in PDF points with the origin at the **top-left** of the page's crop box and y growing
//! downwards, so "further down the page" is "larger y" everywhere in Pinpoint.

/// A run of text set in one font at one size, with its extent on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text, in Unicode (NFC), ligatures expanded.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Font size in points, after the text and current transformation matrices are applied.
    pub font_size: f32,
    /// The font looks bold (name contains Bold/Black/Heavy/Semibold, or the font descriptor says so).
    pub bold: bool,
    /// The font looks italic or oblique.
    pub italic: bool,
}

/// One line of text in reading order: spans that share a baseline, joined with spaces where the gap between
/// glyphs shows a word break.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The spans, left to right.
    pub spans: Vec<Span>,
    /// Baseline, from the top of the page.
    pub y: f32,
}

impl Line {
    /// The line's text: the spans joined as they were assembled (spaces already inside spans where needed).
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Left edge of the first span.
    pub fn x0(&self) -> f32 {
        self.spans.first().map_or(0.0, |s| s.x0)
    }

    /// Right edge of the last span.
    pub fn x1(&self) -> f32 {
        self.spans.last().map_or(0.0, |s| s.x1)
    }

    /// The largest font size on the line.
    pub fn font_size(&self) -> f32 {
        self.spans.iter().map(|s| s.font_size).fold(0.0, f32::max)
    }

    /// Whether every non-blank span is bold.
    pub fn bold(&self) -> bool {
        let mut any = false;
        for s in self.spans.iter().filter(|s| !s.text.trim().is_empty()) {
            if !s.bold {
                return false;
            }
            any = true;
        }
        any
    }
}

/// One physical page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based physical page number.
    pub number: u32,
    /// The page label from the document's `/PageLabels` tree ("iv", "93"), where it has one.
    pub label: Option<String>,
    /// Width of the crop box in points.
    pub width: f32,
    /// Height of the crop box in points.
    pub height: f32,
    /// Lines in reading order (top to bottom; columns left before right).
    pub lines: Vec<Line>,
}

impl Page {
    /// The page's text, one line per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(&line.text());
            out.push('\n');
        }
        out
    }
}

/// An entry of the document outline (bookmarks), with the physical page it points to where that resolves.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The bookmark title.
    pub title: String,
    /// Nesting depth, 0 for top level.
    pub depth: u32,
    /// 1-based physical page, where the destination resolves.
    pub page: Option<u32>,
}

/// The document information dictionary's fields Pinpoint uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `/Title`.
    pub title: Option<String>,
    /// `/CreationDate`, as written (`D:20240903...`).
    pub created: Option<String>,
    /// `/ModDate`, as written.
    pub modified: Option<String>,
}

/// Something odd that did not stop extraction: reported with the document, never fatal.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The physical page, where the oddity belongs to one.
    pub page: Option<u32>,
    /// What happened, in words.
    pub message: String,
}

/// A whole extracted PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Every physical page, in order (a page whose content could not be read is present with no lines, and a
    /// warning says why).
    pub pages: Vec<Page>,
    /// The outline, flattened in document order.
    pub outline: Vec<OutlineEntry>,
    /// Information dictionary.
    pub metadata: Metadata,
    /// Recoverable oddities.
    pub warnings: Vec<Warning>,
}
