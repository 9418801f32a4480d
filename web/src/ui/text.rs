//! Small pure helpers the pages share: answer highlighting, dates and numbers as people read them, and the words a
//! screen reader should say for a locator.

use std::ops::Range;

use maud::{html, Markup};
use pinpoint_model::{
    Date, DocKind, Label, LinkTarget, Locator, Position, PrintedPages, ProvisionKind,
};

/// Splits `text` into runs, each marked or not, from the hit's highlight byte ranges.
///
/// The ranges come from another crate and may overlap, arrive unsorted, run past the end, or (after some future
/// change) fall inside a multibyte character: each is clamped to the text, widened to character boundaries and
/// merged, so the result always covers `text` exactly, in order, and slicing never panics.
pub(crate) fn highlight_runs<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<(&'t str, bool)> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut spans: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| floor(r.start)..ceil(r.end))
        .filter(|r| r.start < r.end)
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for r in spans {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = Vec::with_capacity(merged.len() * 2 + 1);
    let mut at = 0;
    for r in merged {
        if r.start > at {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.clone()], true));
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push((&text[at..], false));
    }
    out
}

/// The passage text with its answer sentences in `<mark>`; maud escapes every run.
pub(crate) fn highlighted(text: &str, ranges: &[Range<usize>]) -> Markup {
    html! {
        @for (run, marked) in highlight_runs(text, ranges) {
            @if marked { mark { (run) } } @else { (run) }
        }
    }
}

/// A date for people, with the machine-readable date for software.
pub(crate) fn date(d: Date) -> Markup {
    html! { time datetime=(d.to_string()) { (d.long()) } }
}

/// `7,649`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 passage`, `7,649 passages`.
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// A kind as a heading or tag says it.
pub(crate) fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Legislation => "Legislation",
        DocKind::StatutoryGuidance => "Statutory guidance",
        DocKind::Guidance => "Guidance",
        DocKind::GovukGuide => "GOV.UK guide",
        DocKind::LocalProcedure => "Local procedure",
    }
}

/// The label in full words, as a screen reader should say it: `paragraph 363`, `section 16E(1)`.
pub(crate) fn label_words(label: &Label) -> Option<String> {
    // As printed: a number the edition prints twice (an annex restarting its numbering) without its marker.
    let n = label.printed()?;
    Some(match label {
        Label::Paragraph(_) => format!("paragraph {n}"),
        Label::Provision { kind, .. } => match kind {
            ProvisionKind::Section => format!("section {n}"),
            ProvisionKind::Regulation => format!("regulation {n}"),
            ProvisionKind::Article => format!("article {n}"),
            ProvisionKind::Schedule => format!("Schedule {n}"),
        },
        Label::Footnote(_) => format!("footnote {n}"),
        Label::Unnumbered(_) => return None,
    })
}

/// The pages in full words, by printed number where the page prints one: `page 93`, `pages 93 to 94`, with the PDF's
/// own page number when it differs (a reader's viewer shows that one). The printed range is
/// [`PageSpan::printed_pages`](pinpoint_model::PageSpan::printed_pages)'s, as in the citations: a span whose last
/// label cannot be known is `page iv and following`.
pub(crate) fn page_words(locator: &Locator) -> Option<String> {
    page_words_with(locator, false)
}

/// [`page_words`], naming the PDF's page even when the printed number is the same (`page 94 of the PDF`): for
/// telling a reader where in a PDF the link beside it does not take them.
fn pdf_page_words(locator: &Locator) -> Option<String> {
    page_words_with(locator, true)
}

fn page_words_with(locator: &Locator, always_pdf: bool) -> Option<String> {
    let Position::Pages(span) = &locator.position else {
        return None;
    };
    let pdf = if span.end() > span.start() {
        format!("pages {} to {} of the PDF", span.start(), span.end())
    } else {
        format!("page {} of the PDF", span.start())
    };
    let printed = span.label().map(|_| match span.printed_pages() {
        PrintedPages::One(p) => format!("page {p}"),
        PrintedPages::Range { first, last } => format!("pages {first} to {last}"),
        PrintedPages::From(first) => format!("page {first} and following"),
    });
    let same = span.label() == Some(span.start().to_string().as_str());
    Some(match printed {
        Some(_) if same && always_pdf => pdf,
        Some(p) if !same => format!("{p} ({pdf})"),
        Some(p) => p,
        None => pdf,
    })
}

/// The link to a passage's official source ([`Locator::link`]), in words that promise only what it opens: `Open
/// the official document at page 93` when it opens the PDF at the page; `Open section 11 on legislation.gov.uk`,
/// or `Open the official publication page` for a page about the PDF, each followed by where in the PDF the passage
/// is, since the link cannot open that page. `hidden` is added to the link's accessible name (`for result 2`).
/// The search hits and the passage page both use it, so they say the same.
pub(crate) fn official_link(locator: &Locator, url: &str, hidden: Option<&str>) -> Markup {
    let link = locator.link(url);
    let text = match &link.target {
        LinkTarget::Page(_) => match page_words(locator) {
            Some(p) => format!("Open the official document at {p}"),
            None => "Open the official document".to_owned(),
        },
        LinkTarget::Provision { kind, number } => {
            let opened = Label::Provision {
                kind: *kind,
                number: number.clone(),
            };
            match label_words(&opened) {
                Some(w) => format!("Open {w} on legislation.gov.uk"),
                None => "Open the official document".to_owned(),
            }
        }
        LinkTarget::LandingPage => "Open the official publication page".to_owned(),
        LinkTarget::Anchor | LinkTarget::Document => "Open the official document".to_owned(),
    };
    let note = match link.target {
        LinkTarget::Page(_) => None,
        _ => pdf_page_words(locator),
    };
    html! {
        a class="govuk-link" href=(link.url) {
            (text)
            @if let Some(h) = hidden { span class="govuk-visually-hidden" { " " (h) } }
        }
        @if let Some(p) = note { " – the passage is on " (p) }
    }
}

/// `paragraph 363 · page 93`: what and where, in words.
pub(crate) fn pinpoint_words(locator: &Locator) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(l) = label_words(&locator.label) {
        parts.push(match locator.restarted_in() {
            Some(part) => format!("{l} of {part}"),
            None => l,
        });
    }
    if let Some(p) = page_words(locator) {
        parts.push(p);
    }
    parts.join(" · ")
}

#[cfg(test)]
// Highlights are lists of byte ranges; a list of one range is the common case, not a mistaken `(a..b).collect()`.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use pinpoint_model::{HeadingPath, PageSpan};

    #[test]
    fn a_restarted_number_is_said_as_printed_with_its_part() {
        let loc = Locator {
            position: Position::Pages(PageSpan::new(64, 64, Some("64".into())).unwrap()),
            label: Label::Paragraph("2~2".into()),
            heading: HeadingPath::new(vec!["Annex 4: Communication needs".into()]),
        };
        assert_eq!(pinpoint_words(&loc), "paragraph 2 of Annex 4 · page 64");
    }

    #[test]
    fn marks_ranges_and_keeps_the_rest() {
        let t = "First sentence. Second one. Third.";
        let runs = highlight_runs(t, &[16..27]);
        assert_eq!(
            runs,
            vec![
                ("First sentence. ", false),
                ("Second one.", true),
                (" Third.", false)
            ]
        );
    }

    #[test]
    fn escapes_markup_inside_and_outside_marks() {
        let t = "<script>alert(1)</script> & \"quotes\" <b>bold</b>";
        let html = highlighted(t, &[0..25]).into_string();
        assert_eq!(
            html,
            "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> &amp; &quot;quotes&quot; &lt;b&gt;bold&lt;/b&gt;"
        );
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        // "é" is two bytes, "’" three, "😀" four: ranges landing inside them widen to whole characters.
        let t = "Café – the child’s 😀 answer.";
        for start in 0..t.len() {
            for end in start..=t.len() + 2 {
                let runs = highlight_runs(t, &[start..end]);
                let joined: String = runs.iter().map(|(s, _)| *s).collect();
                assert_eq!(
                    joined, t,
                    "runs must cover the text exactly ({start}..{end})"
                );
            }
        }
        let e = t.find('é').unwrap();
        let runs = highlight_runs(t, &[e + 1..e + 2]);
        assert!(runs.contains(&("é", true)), "{runs:?}");
        let emoji = t.find('😀').unwrap();
        let html = highlighted(t, &[emoji + 2..emoji + 3]).into_string();
        assert!(html.contains("<mark>😀</mark>"), "{html}");
    }

    #[test]
    fn overlapping_unsorted_and_out_of_range_ranges_merge() {
        let t = "abcdefghij";
        assert_eq!(
            highlight_runs(t, &[6..30, 1..3, 2..4, 8..9]),
            vec![("a", false), ("bcd", true), ("ef", false), ("ghij", true)]
        );
        assert_eq!(highlight_runs(t, &[]), vec![("abcdefghij", false)]);
        assert_eq!(highlight_runs("", &[0..5]), vec![("", false)]);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = [5..2];
        assert_eq!(highlight_runs(t, &backwards), vec![("abcdefghij", false)]);
    }

    #[test]
    fn dates_and_numbers_read_naturally() {
        assert_eq!(
            date("2024-09-02".parse().unwrap()).into_string(),
            "<time datetime=\"2024-09-02\">2 September 2024</time>"
        );
        assert_eq!(
            date("2025-12-25".parse().unwrap()).into_string(),
            "<time datetime=\"2025-12-25\">25 December 2025</time>"
        );
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(7_649), "7,649");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(1, "passage", "passages"), "1 passage");
        assert_eq!(count(1_200, "passage", "passages"), "1,200 passages");
    }

    #[test]
    fn locators_in_words() {
        let loc = |start, end, label: Option<&str>| Locator {
            position: Position::Pages(PageSpan::new(start, end, label.map(Into::into)).unwrap()),
            label: Label::Paragraph("363".into()),
            heading: HeadingPath::default(),
        };
        assert_eq!(
            pinpoint_words(&loc(93, 93, Some("93"))),
            "paragraph 363 · page 93"
        );
        assert_eq!(
            pinpoint_words(&loc(95, 96, Some("93"))),
            "paragraph 363 · pages 93 to 94 (pages 95 to 96 of the PDF)"
        );
        assert_eq!(
            pinpoint_words(&loc(4, 4, None)),
            "paragraph 363 · page 4 of the PDF"
        );
        let web = Locator {
            position: Position::Anchor(Some("x".into())),
            label: Label::Provision {
                kind: ProvisionKind::Section,
                number: "16E(1)".into(),
            },
            heading: HeadingPath::default(),
        };
        assert_eq!(pinpoint_words(&web), "section 16E(1)");
    }

    #[test]
    fn page_words_never_mix_a_printed_label_with_a_physical_page() {
        let loc = |start, end, label: &str| Locator {
            position: Position::Pages(PageSpan::new(start, end, Some(label.into())).unwrap()),
            label: Label::Unnumbered(1),
            heading: HeadingPath::default(),
        };
        assert_eq!(
            page_words(&loc(4, 5, "iv")).unwrap(),
            "page iv and following (pages 4 to 5 of the PDF)"
        );
        // A hostile page label cannot overflow.
        assert_eq!(
            page_words(&loc(1, 3, "4294967295")).unwrap(),
            "page 4294967295 and following (pages 1 to 3 of the PDF)"
        );
    }

    fn official(url: &str, position: Position, label: Label) -> String {
        let loc = Locator {
            position,
            label,
            heading: HeadingPath::default(),
        };
        official_link(&loc, url, Some("for result 1")).into_string()
    }

    #[test]
    fn official_links_promise_only_what_they_open() {
        let page = |start, label: &str| {
            Position::Pages(PageSpan::new(start, start, Some(label.into())).unwrap())
        };
        let para = || Label::Paragraph("363".into());
        // The PDF itself: opened at the page.
        assert_eq!(
            official("https://x.gov.uk/kcsie.pdf", page(96, "94"), para()),
            "<a class=\"govuk-link\" href=\"https://x.gov.uk/kcsie.pdf#page=96\">Open the official document at \
             page 94 (page 96 of the PDF)<span class=\"govuk-visually-hidden\"> for result 1</span></a>"
        );
        // A publication page: no page promised in the link, the page said beside it.
        let landing =
            "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2";
        let html = official(landing, page(94, "94"), para());
        assert_eq!(
            html,
            format!(
                "<a class=\"govuk-link\" href=\"{landing}\">Open the official publication page\
                 <span class=\"govuk-visually-hidden\"> for result 1</span></a> – the passage is on page 94 of the PDF"
            )
        );
        assert!(
            !html.contains("#page") && !html.contains("at page"),
            "{html}"
        );
        assert!(official(landing, page(96, "94"), para())
            .ends_with("– the passage is on page 94 (page 96 of the PDF)"));
        // legislation.gov.uk: the section, not the subsection.
        let html = official(
            "https://www.legislation.gov.uk/ukpga/2004/31",
            page(12, "9"),
            Label::Provision {
                kind: ProvisionKind::Section,
                number: "11(2)".into(),
            },
        );
        assert!(
            html.contains("href=\"https://www.legislation.gov.uk/ukpga/2004/31/section/11\">Open section 11 on legislation.gov.uk<"),
            "{html}"
        );
        assert!(
            html.ends_with("</a> – the passage is on page 9 (page 12 of the PDF)"),
            "{html}"
        );
        // A web page: at the heading, no pages.
        let html = official(
            "https://www.gov.uk/g",
            Position::Anchor(Some("/pay#rates".into())),
            Label::Unnumbered(1),
        );
        assert!(
            html.contains("href=\"https://www.gov.uk/g/pay#rates\">Open the official document<"),
            "{html}"
        );
        assert!(html.ends_with("</a>"), "{html}");
    }
}
