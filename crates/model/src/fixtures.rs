//! Builders of editions, locators and passages for tests, so that every crate's tests build the same shapes the
//! same way. **For tests only**: compiled with the `fixtures` feature, which only `[dev-dependencies]` turn on.
//!
//! The builders unwrap: their inputs are literals written in tests, and a typo there should fail loudly.

use crate::{
    Date, DocKind, Edition, HeadingPath, Label, Locator, PageSpan, Passage, Position, ProvisionKind,
};

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// An edition of document `doc`, named and in force from the date `id`, with plain made-up metadata derived from
/// the two: cited as `"{doc} {year}"`, read from `"{doc}-{id}.pdf"`.
pub fn edition(doc: &str, id: &str, kind: DocKind) -> Edition {
    Edition {
        doc: doc.parse().unwrap(),
        id: id.parse().unwrap(),
        in_force_from: date(id),
        title: format!("Title of {doc}"),
        cite_as: format!("{doc} {}", year(id)),
        publisher: "Publisher".into(),
        kind,
        url: format!("https://example.gov.uk/{doc}.pdf"),
        source: format!("{doc}-{id}.pdf"),
        note: None,
    }
}

/// An edition of Keeping children safe in education named and in force from `id`, as the corpus lists it: cited
/// as `"Keeping children safe in education {year}"`, read from `"kcsie-{year}.pdf"`.
pub fn kcsie(id: &str) -> Edition {
    let title = format!("Keeping children safe in education {}", year(id));
    Edition {
        title: title.clone(),
        cite_as: title,
        publisher: "Department for Education".into(),
        url: "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2"
            .into(),
        source: format!("kcsie-{}.pdf", year(id)),
        ..edition("kcsie", id, DocKind::StatutoryGuidance)
    }
}

/// Physical pages `start` to `end`, the first printing `label`.
pub fn pages(start: u32, end: u32, label: Option<&str>) -> Position {
    Position::Pages(PageSpan::new(start, end, label.map(str::to_owned)).unwrap())
}

/// One physical page that prints its own number, as most body pages do.
pub fn page(n: u32) -> Position {
    pages(n, n, Some(&n.to_string()))
}

/// A locator under the headings `heading`, outermost first.
pub fn locator(position: Position, label: Label, heading: &[&str]) -> Locator {
    Locator {
        position,
        label,
        heading: HeadingPath::new(heading.iter().map(|h| h.to_string()).collect()),
    }
}

/// The label of a legislative provision: `provision(ProvisionKind::Section, "16E(1)")` is `s. 16E(1)`.
pub fn provision(kind: ProvisionKind, number: &str) -> Label {
    Label::Provision {
        kind,
        number: number.into(),
    }
}

/// Numbered paragraph `n` of `edition`, alone on page `page` (which prints its own number), under no heading.
pub fn paragraph(edition: &Edition, n: &str, page: u32, text: &str) -> Passage {
    Passage::new(
        edition,
        locator(self::page(page), Label::Paragraph(n.into()), &[]),
        text.into(),
    )
}

fn year(id: &str) -> &str {
    id.get(..4).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kcsie_is_cited_by_its_year() {
        let e = kcsie("2025-07-07");
        assert_eq!(e.cite_as, "Keeping children safe in education 2025");
        assert_eq!(e.source, "kcsie-2025.pdf");
        assert_eq!(e.in_force_from, date("2025-07-07"));
    }

    #[test]
    fn paragraph_sits_on_its_printed_page() {
        let p = paragraph(&kcsie("2024-09-02"), "363", 93, "text");
        assert_eq!(p.id.as_str(), "kcsie/2024-09-02/para-363");
        let Position::Pages(span) = &p.locator.position else {
            panic!("{:?}", p.locator.position)
        };
        assert_eq!(
            (span.start(), span.end(), span.label()),
            (93, 93, Some("93"))
        );
    }
}
