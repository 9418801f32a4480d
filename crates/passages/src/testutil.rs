//! Builders for hand-made pages in unit tests.

use pinpoint_model::Edition;
use pinpoint_pdf::{Document, Line, Page, Span};

/// A body-font (11 pt) line at the left margin.
pub fn line(text: &str, y: f32, size: f32) -> Line {
    styled(text, 72.0, y, size, false)
}

/// A line with every attribute given.
pub fn styled(text: &str, x: f32, y: f32, size: f32, bold: bool) -> Line {
    let width = text.chars().count() as f32 * size * 0.5;
    Line {
        spans: vec![Span {
            text: text.into(),
            x0: x,
            x1: x + width,
            font_size: size,
            bold,
            italic: false,
        }],
        y,
    }
}

/// An A4 page.
pub fn page(number: u32, lines: Vec<Line>) -> Page {
    Page {
        number,
        label: None,
        width: 595.0,
        height: 842.0,
        lines,
    }
}

/// A PDF document of these pages, with no outline, metadata or warnings.
pub fn doc(pages: Vec<Page>) -> Document {
    Document {
        pages,
        outline: vec![],
        metadata: Default::default(),
        warnings: vec![],
    }
}

/// An edition of KCSIE 2024 to cut passages for.
pub fn edition() -> Edition {
    pinpoint_model::fixtures::kcsie("2024-09-02")
}
