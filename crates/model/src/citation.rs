use std::fmt;

use crate::{Edition, Locator, Position};

/// The citation text an advisor pastes: `Keeping children safe in education 2024, para 363, p. 93`.
///
/// Pages are cited by the label printed on the page where there is one (that is what a reader holding the
/// document sees), else by the physical page number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation(String);

impl Citation {
    /// The citation of a passage at `locator` in `edition`.
    pub fn new(edition: &Edition, locator: &Locator) -> Citation {
        let mut parts = vec![edition.cite_as.clone()];
        match locator.label.cited() {
            Some(label) => parts.push(label),
            // Unnumbered text is cited by its innermost heading, quoted, as one cites a web page's section.
            None => {
                if let Some(h) = locator.heading.last() {
                    parts.push(format!("‘{h}’"));
                }
            }
        }
        if let Position::Pages(span) = &locator.position {
            let first = span
                .label()
                .map(str::to_owned)
                .unwrap_or_else(|| span.start().to_string());
            if span.end() > span.start() {
                // The end label is not stored; pages in one span are consecutive, so a numeric label extends.
                let last = match first.parse::<u32>() {
                    Ok(n) => (n + (span.end() - span.start())).to_string(),
                    Err(_) => span.end().to_string(),
                };
                parts.push(format!("pp. {first}–{last}"));
            } else {
                parts.push(format!("p. {first}"));
            }
        }
        Citation(parts.join(", "))
    }

    /// The citation as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocKind, HeadingPath, Label, PageSpan};

    fn kcsie() -> Edition {
        Edition {
            doc: "kcsie".parse().unwrap(),
            id: "2024-09-02".parse().unwrap(),
            in_force_from: "2024-09-02".parse().unwrap(),
            title: "Keeping children safe in education 2024".into(),
            cite_as: "Keeping children safe in education 2024".into(),
            publisher: "Department for Education".into(),
            kind: DocKind::StatutoryGuidance,
            url: "https://example.gov.uk/kcsie.pdf".into(),
            source: "kcsie-2024.pdf".into(),
        }
    }

    #[test]
    fn cites_paragraph_and_page() {
        let loc = Locator {
            position: Position::Pages(PageSpan::new(93, 93, Some("93".into())).unwrap()),
            label: Label::Paragraph("363".into()),
            heading: HeadingPath::default(),
        };
        assert_eq!(
            Citation::new(&kcsie(), &loc).as_str(),
            "Keeping children safe in education 2024, para 363, p. 93"
        );
    }

    #[test]
    fn cites_page_ranges_by_printed_label() {
        let loc = Locator {
            position: Position::Pages(PageSpan::new(92, 93, Some("90".into())).unwrap()),
            label: Label::Paragraph("362".into()),
            heading: HeadingPath::default(),
        };
        assert_eq!(
            Citation::new(&kcsie(), &loc).as_str(),
            "Keeping children safe in education 2024, para 362, pp. 90–91"
        );
    }

    #[test]
    fn cites_unnumbered_web_text_by_heading() {
        let loc = Locator {
            position: Position::Anchor(Some("notice".into())),
            label: Label::Unnumbered(3),
            heading: HeadingPath::new(vec!["Notice period".into()]),
        };
        assert_eq!(
            Citation::new(&kcsie(), &loc).as_str(),
            "Keeping children safe in education 2024, ‘Notice period’"
        );
    }
}
