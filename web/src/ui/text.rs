//! Small pure helpers the pages share: answer highlighting, dates and numbers as people read them, and the words a
//! screen reader should say for a locator.

use std::ops::Range;

use maud::{html, Markup};
use pinpoint_model::{Date, DocKind, Label, Locator, Position, ProvisionKind};

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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2 September 2024`, the GOV.UK style for dates.
pub(crate) fn long_date(d: Date) -> String {
    let month = MONTHS
        .get(usize::from(d.month()).saturating_sub(1))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", d.day(), d.year())
}

/// A date for people, with the machine-readable date for software.
pub(crate) fn date(d: Date) -> Markup {
    html! { time datetime=(d.to_string()) { (long_date(d)) } }
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
    match label {
        Label::Paragraph(n) => Some(format!("paragraph {n}")),
        Label::Provision { kind, number } => Some(match kind {
            ProvisionKind::Section => format!("section {number}"),
            ProvisionKind::Regulation => format!("regulation {number}"),
            ProvisionKind::Article => format!("article {number}"),
            ProvisionKind::Schedule => format!("Schedule {number}"),
        }),
        Label::Footnote(n) => Some(format!("footnote {n}")),
        Label::Unnumbered(_) => None,
    }
}

/// The pages in full words, by printed number where the page prints one: `page 93`, `pages 93 to 94`, with the PDF's
/// own page number when it differs (a reader's viewer shows that one).
pub(crate) fn page_words(locator: &Locator) -> Option<String> {
    let Position::Pages(span) = &locator.position else {
        return None;
    };
    let pdf = if span.end() > span.start() {
        format!("pages {} to {} of the PDF", span.start(), span.end())
    } else {
        format!("page {} of the PDF", span.start())
    };
    let printed = span.label().map(|first| {
        let extra = span.end() - span.start();
        match first.parse::<u32>() {
            Ok(n) if extra > 0 => format!("pages {first} to {}", n + extra),
            Ok(_) => format!("page {first}"),
            Err(_) if extra > 0 => format!("pages from {first}"),
            Err(_) => format!("page {first}"),
        }
    });
    Some(match printed {
        Some(p) if span.label() != Some(span.start().to_string().as_str()) => {
            format!("{p} ({pdf})")
        }
        Some(p) => p,
        None => pdf,
    })
}

/// `paragraph 363 · page 93`: what and where, in words.
pub(crate) fn pinpoint_words(locator: &Locator) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(l) = label_words(&locator.label) {
        parts.push(l);
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
        assert_eq!(long_date("2024-09-02".parse().unwrap()), "2 September 2024");
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
}
