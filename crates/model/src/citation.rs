use std::fmt;

use crate::{DocKind, Edition, Locator, Position};

/// The citation text an advisor pastes: `Keeping children safe in education 2024, para 363, p. 93`; a GOV.UK page
/// with the date of the version cited, `Dismissal: your rights (GOV.UK, 7 April 2020), ‘Reasons you can be dismissed’`.
///
/// Pages are cited by the label printed on the page where there is one (that is what a reader holding the
/// document sees), else by the physical page number; a span whose last page's label cannot be known is cited
/// from its first page, `pp. iv ff.` (see [`crate::PageSpan::printed_pages`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation(String);

impl Citation {
    /// The citation of a passage at `locator` in `edition`.
    pub fn new(edition: &Edition, locator: &Locator) -> Citation {
        // A GOV.UK page is revised in place under the same title: the citation says which version, by the date
        // GOV.UK shows on it.
        let mut parts = vec![match edition.kind {
            DocKind::GovukGuide => format!(
                "{} ({}, {})",
                edition.cite_as,
                edition.publisher,
                edition.id.date().long()
            ),
            _ => edition.cite_as.clone(),
        }];
        parts.extend(locator.restarted_in());
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
            parts.push(span.printed_pages().cited());
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
    use crate::fixtures::{kcsie, locator, page, pages};
    use crate::Label;

    #[test]
    fn a_restarted_number_is_cited_as_printed_with_its_part() {
        let second = |label, heading: &[&str]| {
            Citation::new(&kcsie("2024-09-02"), &locator(page(64), label, heading)).to_string()
        };
        assert_eq!(
            second(
                Label::Paragraph("2~2".into()),
                &["Annex 4: Involving children with additional communication needs"]
            ),
            "Keeping children safe in education 2024, Annex 4, para 2, p. 64"
        );
        assert_eq!(
            second(
                Label::Footnote("1~2".into()),
                &["Part two: The management of safeguarding", "Governance"]
            ),
            "Keeping children safe in education 2024, Part two, fn 1, p. 64"
        );
        // No short part name: the innermost heading.
        assert_eq!(
            second(
                Label::Paragraph("3~2".into()),
                &[
                    "Applying the EIF to holiday provision",
                    "Providers judged good"
                ]
            ),
            "Keeping children safe in education 2024, ‘Providers judged good’, para 3, p. 64"
        );
        // A schedule paragraph names its schedule already: the cross-heading tells the two apart.
        assert_eq!(
            second(
                Label::Provision {
                    kind: crate::ProvisionKind::Schedule,
                    number: "10 para 2~2".into()
                },
                &["Schedule 10 — Tenancy deposit schemes", "Custodial schemes"]
            ),
            "Keeping children safe in education 2024, ‘Custodial schemes’, Sch. 10 para 2, p. 64"
        );
        // The first of the numbers is cited as before.
        assert_eq!(
            second(
                Label::Paragraph("2".into()),
                &["Annex 4: Involving children"]
            ),
            "Keeping children safe in education 2024, para 2, p. 64"
        );
    }

    #[test]
    fn a_govuk_page_is_cited_with_the_date_of_its_version() {
        let guide = Edition {
            cite_as: "Dismissal: your rights".into(),
            publisher: "GOV.UK".into(),
            ..crate::fixtures::edition("dismissal", "2020-04-07", crate::DocKind::GovukGuide)
        };
        let loc = locator(
            crate::Position::Anchor(Some("reasons".into())),
            Label::Unnumbered(3),
            &["Reasons you can be dismissed"],
        );
        assert_eq!(
            Citation::new(&guide, &loc).as_str(),
            "Dismissal: your rights (GOV.UK, 7 April 2020), ‘Reasons you can be dismissed’"
        );
    }

    #[test]
    fn cites_paragraph_and_page() {
        let loc = locator(page(93), Label::Paragraph("363".into()), &[]);
        assert_eq!(
            Citation::new(&kcsie("2024-09-02"), &loc).as_str(),
            "Keeping children safe in education 2024, para 363, p. 93"
        );
    }

    #[test]
    fn cites_page_ranges_by_printed_label() {
        let loc = locator(
            pages(92, 93, Some("90")),
            Label::Paragraph("362".into()),
            &[],
        );
        assert_eq!(
            Citation::new(&kcsie("2024-09-02"), &loc).as_str(),
            "Keeping children safe in education 2024, para 362, pp. 90–91"
        );
    }

    #[test]
    fn never_mixes_a_printed_label_with_a_physical_page() {
        // Prelims labelled `iv` on physical page 4, running on to physical page 5: the end's label is not known
        // (it may be `v` or `1`), so the citation names the first page and those following, not `pp. iv–5`.
        let loc = locator(pages(4, 5, Some("iv")), Label::Paragraph("1.2".into()), &[]);
        assert_eq!(
            Citation::new(&kcsie("2024-09-02"), &loc).as_str(),
            "Keeping children safe in education 2024, para 1.2, pp. iv ff."
        );
        // No printed labels at all: physical pages at both ends.
        let loc = locator(pages(4, 5, None), Label::Paragraph("1.2".into()), &[]);
        assert!(Citation::new(&kcsie("2024-09-02"), &loc)
            .as_str()
            .ends_with(", pp. 4–5"));
    }

    #[test]
    fn a_huge_printed_label_does_not_overflow() {
        let loc = locator(
            pages(1, 3, Some("4294967295")),
            Label::Paragraph("1".into()),
            &[],
        );
        assert_eq!(
            Citation::new(&kcsie("2024-09-02"), &loc).as_str(),
            "Keeping children safe in education 2024, para 1, pp. 4294967295 ff."
        );
    }

    #[test]
    fn cites_unnumbered_web_text_by_heading() {
        let loc = locator(
            Position::Anchor(Some("notice".into())),
            Label::Unnumbered(3),
            &["Notice period"],
        );
        assert_eq!(
            Citation::new(&kcsie("2024-09-02"), &loc).as_str(),
            "Keeping children safe in education 2024, ‘Notice period’"
        );
    }
}
