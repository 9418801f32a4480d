//! The texts an advisor copies: the plain citation (`pinpoint_model::Citation`), an OSCOLA-style citation, and the
//! quote with its citation; and the block that shows them with their copy buttons.

use maud::{html, Markup};
use pinpoint_model::{
    Citation, DocKind, Edition, Label, Locator, Position, PrintedPages, ProvisionKind,
};

/// An OSCOLA-style citation (the Oxford standard UK lawyers and courts use), built from the edition and locator:
///
/// - legislation: `Childcare Act 2006, s 16E(1)` (short title, then the provision; OSCOLA drops the full stops);
/// - GOV.UK guides (web pages): `‘Dismissal: your rights’ (GOV.UK, 12 March 2024) <https://www.gov.uk/…#notice>`;
/// - other guidance: `Department for Education, Keeping Children Safe in Education 2024 (2 September 2024) para
///   363`: author, title in title case, the edition's date, then the paragraph, footnote (`n 12`) or, for
///   unnumbered text, the printed page.
pub(crate) fn oscola(edition: &Edition, locator: &Locator) -> String {
    let pin = locator.label.printed().and_then(|n| {
        let pin = match &locator.label {
            Label::Paragraph(_) => format!("para {n}"),
            Label::Provision { kind, .. } => match kind {
                ProvisionKind::Section => format!("s {n}"),
                ProvisionKind::Regulation => format!("reg {n}"),
                ProvisionKind::Article => format!("art {n}"),
                ProvisionKind::Schedule => format!("sch {n}"),
            },
            Label::Footnote(_) => format!("n {n}"),
            Label::Unnumbered(_) => return None,
        };
        // A number printed twice in the edition (an annex restarting it) needs its part: `Annex 4, para 2`.
        Some(match locator.restarted_in() {
            Some(part) => format!("{part}, {pin}"),
            None => pin,
        })
    });
    match edition.kind {
        DocKind::Legislation => match pin {
            Some(pin) => format!("{}, {pin}", edition.cite_as),
            None => edition.cite_as.clone(),
        },
        DocKind::GovukGuide => format!(
            "‘{}’ ({}, {}) <{}>",
            edition.cite_as,
            edition.publisher,
            edition.id.date().long(),
            locator.deep_link(&edition.url)
        ),
        DocKind::StatutoryGuidance | DocKind::Guidance | DocKind::LocalProcedure => {
            let mut out = format!(
                "{}, {} ({})",
                edition.publisher,
                title_case(&edition.cite_as),
                edition.id.date().long()
            );
            let pin = pin.or_else(|| match &locator.position {
                // OSCOLA pinpoints pages bare; abbreviations take no full stop (`iv ff`).
                Position::Pages(span) => Some(match span.printed_pages() {
                    PrintedPages::From(first) => format!("{first} ff"),
                    pages => pages.to_string(),
                }),
                Position::Anchor(_) => locator.heading.last().map(|h| format!("‘{h}’")),
            });
            if let Some(pin) = pin {
                out.push(' ');
                out.push_str(&pin);
            }
            out
        }
    }
}

/// Capitalises the major words of a title, as OSCOLA asks: `Keeping children safe in education 2024` →
/// `Keeping Children Safe in Education 2024`. Short function words stay lower case unless they open the title or
/// follow a colon; words with capitals already (`SCCIF`, `iPhone`) and words not starting with a letter are kept.
pub(crate) fn title_case(title: &str) -> String {
    const MINOR: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
        "or", "the", "to", "via", "with",
    ];
    let mut out = String::with_capacity(title.len());
    let mut first = true;
    for (i, word) in title.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let minor = MINOR.contains(&word);
        if (minor && !first) || word.chars().any(char::is_uppercase) {
            out.push_str(word);
        } else {
            // Each part of a hyphenated word: `school-based` → `School-Based`.
            let parts: Vec<String> = word.split('-').map(capitalise).collect();
            out.push_str(&parts.join("-"));
        }
        if !word.is_empty() {
            first = word.ends_with(':');
        }
    }
    out
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => word.to_owned(),
    }
}

/// The passage quoted, with its citation: `“…text…” (Keeping children safe in education 2024, para 363, p. 93)`.
pub(crate) fn quote_with_citation(text: &str, citation: &Citation) -> String {
    format!("“{}” ({citation})", text.trim())
}

/// The plain citation with its abbreviations marked up (`<abbr title="paragraph">para</abbr>`), so the words are
/// available to assistive technology while the copied text stays exactly the citation.
pub(crate) fn citation_markup(citation: &Citation, edition: &Edition) -> Markup {
    let text = citation.as_str();
    let (head, rest) = match text.strip_prefix(edition.cite_as.as_str()) {
        Some(rest) => (edition.cite_as.as_str(), rest),
        None => ("", text),
    };
    let expand = |w: &str| match w {
        "para" => Some("paragraph"),
        "p." => Some("page"),
        "pp." => Some("pages"),
        "s." => Some("section"),
        "reg." => Some("regulation"),
        "art." => Some("article"),
        "Sch." => Some("Schedule"),
        "fn" => Some("footnote"),
        "ff." => Some("and following pages"),
        _ => None,
    };
    html! {
        (head)
        @for (i, word) in rest.split(' ').enumerate() {
            @if i > 0 { " " }
            @match expand(word) {
                Some(full) => abbr title=(full) { (word) },
                None => (word),
            }
        }
    }
}

/// The "cite this" block: the plain and OSCOLA citations and the quote, each printed (selectable without
/// JavaScript) and with a copy button the script reveals. `key` makes the element ids unique on a page of hits;
/// `context` names the passage in the buttons' accessible names when a page has several.
pub(crate) fn cite_block(
    key: &str,
    context: Option<&str>,
    text: &str,
    edition: &Edition,
    locator: &Locator,
) -> Markup {
    let citation = Citation::new(edition, locator);
    let plain_id = format!("cite-{key}");
    let oscola_id = format!("oscola-{key}");
    let quote_id = format!("quote-{key}");
    let status_id = format!("copy-status-{key}");
    let button = |target: &str, label: &str, what: &str| {
        html! {
            button type="button" class="govuk-button govuk-button--secondary"
                data-copy=(target) data-what=(what) data-status=(status_id) hidden {
                (label)
                @if let Some(c) = context { span class="govuk-visually-hidden" { " for " (c) } }
            }
        }
    };
    html! {
        div class="app-cite" {
            p class="app-cite__row" {
                span class="app-cite__key" { "Citation" }
                span class="app-cite__text" id=(plain_id) { (citation_markup(&citation, edition)) }
            }
            p class="app-cite__row" {
                span class="app-cite__key" { "OSCOLA citation" }
                span class="app-cite__text" id=(oscola_id) { (oscola(edition, locator)) }
            }
            details class="govuk-details app-cite__row" {
                summary class="govuk-details__summary" {
                    span class="govuk-details__summary-text" { "Quote with citation" }
                }
                div class="govuk-details__text" id=(quote_id) { (quote_with_citation(text, &citation)) }
            }
            div class="app-cite__actions" {
                (button(&plain_id, "Copy citation", "citation"))
                (button(&oscola_id, "Copy OSCOLA citation", "OSCOLA citation"))
                (button(&quote_id, "Copy quote with citation", "quote with citation"))
            }
            p class="app-copy-status" id=(status_id) role="status" {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::{HeadingPath, PageSpan};

    fn edition(kind: DocKind, cite_as: &str, publisher: &str, id: &str) -> Edition {
        Edition {
            doc: "doc".parse().unwrap(),
            id: id.parse().unwrap(),
            in_force_from: id.parse().unwrap(),
            title: cite_as.into(),
            cite_as: cite_as.into(),
            publisher: publisher.into(),
            kind,
            url: "https://www.gov.uk/x".into(),
            source: "x".into(),
            note: None,
        }
    }

    fn at(page: u32, label: Label) -> Locator {
        Locator {
            position: Position::Pages(PageSpan::new(page, page, Some(page.to_string())).unwrap()),
            label,
            heading: HeadingPath::new(vec!["Part four".into()]),
        }
    }

    #[test]
    fn oscola_for_statutory_guidance_paragraph() {
        let e = edition(
            DocKind::StatutoryGuidance,
            "Keeping children safe in education 2024",
            "Department for Education",
            "2024-09-02",
        );
        assert_eq!(
            oscola(&e, &at(93, Label::Paragraph("363".into()))),
            "Department for Education, Keeping Children Safe in Education 2024 (2 September 2024) para 363"
        );
        assert_eq!(
            oscola(&e, &at(12, Label::Footnote("4".into()))),
            "Department for Education, Keeping Children Safe in Education 2024 (2 September 2024) n 4"
        );
        // A footnote number printed again (numbering restarts in Part four) is pinpointed with its part.
        assert_eq!(
            oscola(&e, &at(12, Label::Footnote("4~2".into()))),
            "Department for Education, Keeping Children Safe in Education 2024 (2 September 2024) Part four, n 4"
        );
        // Unnumbered text is pinpointed by its printed page, a span by its range.
        assert_eq!(
            oscola(&e, &at(93, Label::Unnumbered(7))),
            "Department for Education, Keeping Children Safe in Education 2024 (2 September 2024) 93"
        );
        let span = Locator {
            position: Position::Pages(PageSpan::new(95, 96, Some("93".into())).unwrap()),
            label: Label::Unnumbered(8),
            heading: HeadingPath::default(),
        };
        assert!(oscola(&e, &span).ends_with("(2 September 2024) 93–94"));
    }

    #[test]
    fn oscola_pages_never_mix_a_printed_label_with_a_physical_page() {
        let e = edition(
            DocKind::StatutoryGuidance,
            "Keeping children safe in education 2024",
            "Department for Education",
            "2024-09-02",
        );
        let span = |start, end, label: &str| Locator {
            position: Position::Pages(PageSpan::new(start, end, Some(label.into())).unwrap()),
            label: Label::Unnumbered(1),
            heading: HeadingPath::default(),
        };
        // Prelims `iv` running on to the next page: the end's label is unknown, so `iv ff`, not `iv`.
        assert!(
            oscola(&e, &span(4, 5, "iv")).ends_with("(2 September 2024) iv ff"),
            "{}",
            oscola(&e, &span(4, 5, "iv"))
        );
        // A hostile page label cannot overflow.
        assert!(oscola(&e, &span(1, 3, "4294967295")).ends_with(" 4294967295 ff"));
        // The plain citation marks up `ff.` too.
        let c = Citation::new(&e, &span(4, 5, "iv"));
        assert!(citation_markup(&c, &e).into_string().ends_with(
            "<abbr title=\"pages\">pp.</abbr> iv <abbr title=\"and following pages\">ff.</abbr>"
        ));
    }

    #[test]
    fn oscola_for_legislation() {
        let act = edition(
            DocKind::Legislation,
            "Childcare Act 2006",
            "legislation.gov.uk",
            "2024-01-01",
        );
        let s = |kind, number: &str| Locator {
            position: Position::Anchor(Some("section-16E".into())),
            label: Label::Provision {
                kind,
                number: number.into(),
            },
            heading: HeadingPath::default(),
        };
        assert_eq!(
            oscola(&act, &s(ProvisionKind::Section, "16E(1)")),
            "Childcare Act 2006, s 16E(1)"
        );
        assert_eq!(
            oscola(&act, &s(ProvisionKind::Regulation, "4(2)")),
            "Childcare Act 2006, reg 4(2)"
        );
        assert_eq!(
            oscola(&act, &s(ProvisionKind::Schedule, "2 para 3")),
            "Childcare Act 2006, sch 2 para 3"
        );
        assert_eq!(
            oscola(&act, &at(3, Label::Unnumbered(1))),
            "Childcare Act 2006"
        );
    }

    #[test]
    fn oscola_for_a_govuk_guide_names_the_site_and_links_the_section() {
        let guide = edition(
            DocKind::GovukGuide,
            "Dismissal: your rights",
            "GOV.UK",
            "2024-03-12",
        );
        let loc = Locator {
            position: Position::Anchor(Some("notice".into())),
            label: Label::Unnumbered(2),
            heading: HeadingPath::new(vec!["Notice".into()]),
        };
        assert_eq!(
            oscola(&guide, &loc),
            "‘Dismissal: your rights’ (GOV.UK, 12 March 2024) <https://www.gov.uk/x#notice>"
        );
        // A guide's part is its own page under the guide's address, not a second fragment.
        let part = Locator {
            position: Position::Anchor(Some("/unfair-dismissal#reasons".into())),
            ..loc
        };
        assert_eq!(
            oscola(&guide, &part),
            "‘Dismissal: your rights’ (GOV.UK, 12 March 2024) <https://www.gov.uk/x/unfair-dismissal#reasons>"
        );
    }

    #[test]
    fn title_case_keeps_minor_words_and_acronyms() {
        assert_eq!(
            title_case("Working together to safeguard children 2023"),
            "Working Together to Safeguard Children 2023"
        );
        assert_eq!(
            title_case("Social care common inspection framework (SCCIF): children's homes"),
            "Social Care Common Inspection Framework (SCCIF): Children's Homes"
        );
        assert_eq!(
            title_case("Early years foundation stage statutory framework for group and school-based providers 2025"),
            "Early Years Foundation Stage Statutory Framework for Group and School-Based Providers 2025"
        );
        assert_eq!(
            title_case("the IRO handbook: a guide"),
            "The IRO Handbook: A Guide"
        );
    }

    #[test]
    fn quote_and_abbreviated_citation() {
        let e = edition(
            DocKind::StatutoryGuidance,
            "Keeping children safe in education 2024",
            "Department for Education",
            "2024-09-02",
        );
        let loc = at(93, Label::Paragraph("363".into()));
        let c = Citation::new(&e, &loc);
        assert_eq!(
            quote_with_citation(" This is known as transferable risk. ", &c),
            "“This is known as transferable risk.” (Keeping children safe in education 2024, para 363, p. 93)"
        );
        let html = citation_markup(&c, &e).into_string();
        assert_eq!(
            html,
            "Keeping children safe in education 2024, <abbr title=\"paragraph\">para</abbr> 363, \
             <abbr title=\"page\">p.</abbr> 93"
        );
    }

    #[test]
    fn cite_block_prints_every_text_and_hides_buttons_until_scripted() {
        let e = edition(
            DocKind::StatutoryGuidance,
            "KCSIE 2024",
            "DfE",
            "2024-09-02",
        );
        let html = cite_block(
            "1",
            Some("result 1"),
            "Text <b>.",
            &e,
            &at(93, Label::Paragraph("363".into())),
        )
        .into_string();
        assert!(html.contains("id=\"cite-1\""));
        assert!(html.contains("DfE, KCSIE 2024 (2 September 2024) para 363"));
        assert!(html.contains("“Text &lt;b&gt;.” (KCSIE 2024, para 363, p. 93)"));
        assert_eq!(html.matches(" hidden>").count(), 3, "{html}");
        assert!(html.contains("role=\"status\""));
        assert!(!html.contains("style="), "no inline styles (CSP)");
    }
}
