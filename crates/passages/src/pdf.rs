//! PDF pages → passages.
//!
//! The path of a page: furniture (running headers, footers, folios) is set aside and mined for the printed page
//! number; a contents page is skipped (all but the introduction above its "Contents" title, where a part opens on
//! one); the block of small-type lines that a footnote number opens at the foot of the page becomes footnote
//! passages, and small type above that first number (or at the foot of a page with no footnotes) that finishes the
//! last footnote of the page before is added to it; every other line joins one stream of body lines, so a paragraph
//! that runs over a page break (or past the footnotes that interrupt it) stays one passage. The stream is cut at
//! headings (set in a larger or bold face) and at paragraph starts: numbered paragraphs (`363.`, `3.22`, and an
//! annex's own `1.`, `2.` … once the main numbering is over) in guidance, sections and subsections (`22`, `(1)`) or
//! regulations (`25.—(1)`) in legislation. Text under a heading with no numbers is
//! cut into passages of about [`TARGET_WORDS`] words, at paragraph ends, never mid-sentence, never between a lead-in
//! ending in a colon and the list it leads into.

use std::collections::{BTreeMap, HashMap};

use pinpoint_model::{
    Edition, HeadingPath, Label, Locator, PageSpan, Passage, Position, ProvisionKind,
};
use pinpoint_pdf::{Document, Line, Page};

use crate::furniture;
use crate::text::{paragraph_separator, push_line, split_sentences_into, word_count};
use crate::{Built, UniqueLabels};

/// Unnumbered text is cut into passages of about this many words.
pub const TARGET_WORDS: usize = 250;

/// How a PDF numbers its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Guidance with numbered paragraphs (`363.`, `3.22`) where it has them, headings otherwise.
    Guidance,
    /// A legislation.gov.uk print of an Act (sections `22`, subsections `(1)`) or an SI (regulations `25.—(1)`).
    Legislation(ProvisionKind),
}

/// One line of body text, with what the assembler needs to know about it.
struct BodyLine<'a> {
    page: u32,
    line: &'a Line,
    /// The text with footnote reference markers removed.
    text: String,
    size: f32,
    bold: bool,
    /// Space between this line's baseline and the previous body line's on the same page (None at a page top).
    gap: Option<f32>,
    /// Width of the page the line is on, in points.
    page_width: f32,
}

/// Font statistics of a document's body text.
struct Style {
    body_size: f32,
    /// The most common left edge of body-size lines: the text column's margin.
    left: f32,
    /// The most common left edge of legislation subsection lines (`(1) …`).
    subsection_left: Option<f32>,
    /// Typical distance between consecutive baselines in a paragraph.
    leading: f32,
}

fn mode(values: impl Iterator<Item = (i32, usize)>) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for (v, w) in values {
        *counts.entry(v).or_default() += w;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, c)| (c, -v))
        .map(|(v, _)| v)
}

/// Footnote reference markers: digit-only spans set noticeably smaller than the rest of the line. They are kept,
/// as superscript digits against the word they mark, as printed (KCSIE 2024 p. 92: "a risk of harm¹²⁸ if they
/// continue"; pdftotext prints "harm128"): a quotation keeps its footnote references, and the index treats the
/// superscript as a word break.
/// U+FFFD, which a PDF's own ToUnicode map gives glyphs that stand for no text (the IRO handbook's heading
/// ornaments): shown to a reader it is a broken character in a heading or a citation ("‘References �’"), so it is
/// dropped, as the glyph would be on paper.
pub(crate) const UNMAPPED: char = '\u{FFFD}';

fn body_text(line: &Line) -> String {
    let size = line.font_size();
    let mut out = String::new();
    for span in &line.spans {
        let t = span.text.trim();
        if !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
            && span.font_size < size * 0.8
        {
            // Spacing as in the file: most markers sit against their word, some follow a space.
            out.extend(t.chars().map(superscript));
            if span.text.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.extend(span.text.chars().filter(|&c| c != UNMAPPED));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The superscript form of a digit (other characters unchanged).
fn superscript(c: char) -> char {
    match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        other => other,
    }
}

/// A page is a table of contents when most of its lines end in a page number or dot leaders.
fn is_contents_page(lines: &[&Line]) -> bool {
    if lines.len() < 5 {
        return false;
    }
    let ending_in_number = lines
        .iter()
        .filter(|l| {
            let t = l.text();
            let t = t.trim_end();
            t.contains("....")
                || t.rsplit(' ').next().is_some_and(|w| {
                    !w.is_empty() && w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit())
                })
        })
        .count();
    ending_in_number * 5 >= lines.len() * 2
        && lines
            .iter()
            .any(|l| l.text().to_lowercase().contains("content"))
        || ending_in_number * 10 >= lines.len() * 7
}

/// The title of a contents list ("Contents", "Table of contents"), not an entry for it ("Contents 2").
fn is_contents_title(line: &Line) -> bool {
    let text = line.text();
    let t = text.trim().trim_end_matches(':');
    t.to_lowercase().contains("contents")
        && word_count(t) <= 4
        && !t.ends_with(|c: char| c.is_ascii_digit() || c == '.')
}

/// A footnote's number, when a line opens one: a line that is only a number (the marker set on its own line, as
/// in KCSIE and Working Together), or a number followed by text.
fn footnote_marker(line: &Line) -> Option<(String, String)> {
    let text = line.text();
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = t[digits.len()..].trim_start();
    if rest.is_empty()
        || t[digits.len()..].starts_with(' ')
        || line.spans.len() > 1 && line.spans[0].text.trim() == digits
    {
        Some((digits, rest.to_owned()))
    } else {
        None
    }
}

/// Whether a line is set as a table row: two of its spans stand apart by a column gutter (three ems or more), as
/// cells do ("1 ⟶ Children with no additional needs ⟶ Health Visitors …"). The gap between a footnote's number and
/// its text is a space or a tab stop, well under that.
fn has_column_gap(line: &Line) -> bool {
    let size = line.font_size().max(1.0);
    line.spans
        .windows(2)
        .any(|w| w[1].x0 - w[0].x1 >= size * 3.0 && !w[1].text.trim().is_empty())
}

/// Whether a small-type line at the foot of the page opens a footnote: it starts with a footnote number, stands at
/// the text's left margin (or left of it, as notes hung in the margin are), and is not a row of a table. A table
/// set in small type at the foot of a page has cells that start with a number ("15 days excluded in any year" in
/// a column to the right, a "2 Vulnerable …" row at the margin): their numbers are the text's, not note markers.
fn opens_footnote(line: &Line, left: f32) -> Option<(String, String)> {
    if line.x0() > left + 24.0 || has_column_gap(line) {
        return None;
    }
    footnote_marker(line)
}

/// A footnote: its number, its text, and the pages it is printed on (a long one runs on to the next page).
struct Footnote {
    number: String,
    text: String,
    page: u32,
    last_page: u32,
}

/// The small type at the foot of a page.
struct FootBlock {
    /// Where the trailing run of small-type lines starts.
    small: usize,
    /// Where the footnotes start: the first line of the run that opens one (`lines.len()` when none does).
    start: usize,
    /// The footnotes (number, text).
    notes: Vec<(String, String)>,
}

/// Splits the footnote block off the foot of a page: the longest run of small-type lines ending the page whose
/// first line opens a footnote. The small lines above that first footnote are reported too (`small..start`):
/// usually body (a caption, a table), but they may be the end of a footnote that ran over from the page before.
fn footnotes(lines: &[&Line], body_size: f32, left: f32) -> FootBlock {
    let mut small = lines.len();
    while small > 0
        && lines[small - 1].font_size() < body_size * 0.92
        && !lines[small - 1].text().trim().is_empty()
    {
        small -= 1;
    }
    // Walk forward to the first line that opens a footnote; small lines above it are body (a caption, a table),
    // unless they continue a footnote of the page before (see `continues_footnote`).
    let mut start = small;
    while start < lines.len() && opens_footnote(lines[start], left).is_none() {
        start += 1;
    }
    let mut notes: Vec<(String, String)> = Vec::new();
    for line in &lines[start..] {
        match opens_footnote(line, left) {
            Some((n, rest)) => notes.push((n, rest)),
            None => {
                if let Some(last) = notes.last_mut() {
                    push_line(&mut last.1, &line.text());
                }
            }
        }
    }
    notes.retain(|(_, text)| !text.is_empty());
    FootBlock {
        small,
        start,
        notes,
    }
}

/// How the footnote block of a page is set: the size of its type and its left edge.
#[derive(Debug, Clone, Copy)]
struct NoteStyle {
    size: f32,
    left: f32,
}

fn note_style(block: &[&Line]) -> Option<NoteStyle> {
    // The last line is text, never a marker set alone on its line (which may be smaller still).
    let size = block.last()?.font_size();
    let left = block.iter().map(|l| l.x0()).fold(f32::INFINITY, f32::min);
    Some(NoteStyle { size, left })
}

/// Whether `text` ends a sentence: a full stop, question or exclamation mark, perhaps inside a closing quote or
/// bracket. A footnote cut off at a page foot without one ("… means that a person may (a) harm a child or") goes on.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '’', '”', ')', ']'])
        .ends_with(['.', '?', '!'])
}

/// Whether a line opens an item of its own (a bullet, `(a)`, `i.`, `2.`, a caption) rather than running on.
fn opens_item(text: &str) -> bool {
    let t = text.trim_start();
    let first = t.split_whitespace().next().unwrap_or("");
    let numeral = first
        .strip_suffix(['.', ')'])
        .map(|n| n.strip_prefix('(').unwrap_or(n))
        .is_some_and(|n| {
            let digits = (1..=3).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit());
            let letter = n.len() == 1 && n.chars().all(|c| c.is_ascii_alphabetic());
            let roman = (1..=4).contains(&n.len()) && n.chars().all(|c| "ivxl".contains(c));
            digits || letter || roman
        });
    t.starts_with(['•', '●', '▪', '◦', '–', '-'])
        || numeral
        || ["Figure", "Table", "Source", "Note"]
            .iter()
            .any(|w| first.trim_end_matches([':', '.']) == *w)
}

/// Whether `lead`, the small-type lines at the foot of a page that stand above its first footnote (or end the page
/// when it has none), are the rest of the last footnote of the page before, cut off at that page's foot (EYFS 2025
/// pp. 26–27: footnote 23 ends "… a person may (a) harm a child or", and "vulnerable adult, (b) cause …" stands
/// above footnote 24). They are when they are set like that footnote, in one block at its margin, and either it
/// stops mid-sentence or they start in lower case; a caption, a list of notes or a table in small type is not.
fn continues_footnote(lead: &[&Line], note: &str, style: NoteStyle) -> bool {
    let Some(first) = lead.first() else {
        return false;
    };
    let first_text = first.text();
    let set_alike = lead.iter().all(|l| {
        (l.font_size() - style.size).abs() < 0.6
            && !l.bold()
            && l.x0() >= style.left - 4.0
            && l.x0() <= style.left + 12.0
    });
    let one_block = lead
        .windows(2)
        .all(|w| w[1].y - w[0].y > 0.0 && w[1].y - w[0].y <= style.size * 2.0);
    let runs_on = !ends_sentence(note)
        || first_text
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    set_alike && one_block && runs_on && !opens_item(&first_text)
}

fn style_of(doc: &Document, body: &[Vec<&Line>]) -> Style {
    let size = mode(
        body.iter()
            .flatten()
            .flat_map(|l| l.spans.iter())
            .map(|s| ((s.font_size * 2.0).round() as i32, s.text.len())),
    );
    let body_size = size.map_or(11.0, |s| s as f32 / 2.0);
    let is_body = |l: &&&Line| (l.font_size() - body_size).abs() < 0.6;
    let left = mode(
        body.iter()
            .flatten()
            .filter(is_body)
            .map(|l| (l.x0().round() as i32, 1)),
    )
    .map_or(72.0, |x| x as f32);
    let subsection_left = mode(
        body.iter()
            .flatten()
            .filter(|l| subsection_number(&l.text()).is_some())
            .map(|l| (l.x0().round() as i32, 1)),
    )
    .map(|x| x as f32);
    let mut gaps = Vec::new();
    for lines in body {
        for pair in lines.windows(2) {
            if is_body(&&pair[0]) && is_body(&&pair[1]) {
                gaps.push(((pair[1].y - pair[0].y) * 2.0).round() as i32);
            }
        }
    }
    let leading = mode(gaps.into_iter().filter(|g| *g > 0).map(|g| (g, 1)))
        .map_or(body_size * 1.25, |g| g as f32 / 2.0);
    let _ = doc;
    Style {
        body_size,
        left,
        subsection_left,
        leading,
    }
}

/// `363.` or `3.22` at the start of a line: the number, and the text after it.
fn paragraph_number(text: &str) -> Option<(String, &str)> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if digits_end == 0 || digits_end > 4 {
        return None;
    }
    let rest = &text[digits_end..];
    if let Some(after) = rest.strip_prefix('.') {
        // "3.22 Text" (section.paragraph) or "363. Text".
        let minor_end = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        if minor_end > 0 && minor_end <= 3 {
            let after_minor = &after[minor_end..];
            let after_minor = after_minor.strip_prefix('.').unwrap_or(after_minor);
            if after_minor.starts_with(' ') || after_minor.is_empty() {
                return Some((
                    text[..digits_end + 1 + minor_end].to_owned(),
                    after_minor.trim_start(),
                ));
            }
            return None;
        }
        if after.starts_with(' ') || after.is_empty() {
            return Some((text[..digits_end].to_owned(), after.trim_start()));
        }
    }
    None
}

/// Whether `next` may follow `prev` in a paragraph numbering: the next number, or a small skip (a paragraph the
/// extraction missed must not stop the numbering for the rest of the document).
fn follows(prev: Option<&str>, next: &str) -> bool {
    fn parts(s: &str) -> Option<(u32, Option<u32>)> {
        let mut it = s.split('.');
        let major = it.next()?.parse().ok()?;
        let minor = match it.next() {
            Some(m) => Some(m.parse().ok()?),
            None => None,
        };
        Some((major, minor))
    }
    let Some(n) = parts(next) else { return false };
    match (prev.and_then(parts), n) {
        (None, (1, None)) | (None, (_, Some(1))) => true,
        (None, _) => false,
        (Some((p, None)), (q, None)) => q > p && q <= p + 3,
        // Plain numbers, then sectioned ones: an introduction's 1–5, then "1.1" (EYFS 2025).
        (Some((_, None)), (_, Some(1))) => true,
        (Some((pa, Some(pb))), (qa, Some(qb))) => {
            (qa == pa && qb > pb && qb <= pb + 3) || (qa > pa && qa <= pa + 2 && qb <= 2)
        }
        _ => false,
    }
}

/// Whether `next` is exactly the number after `prev` (`362` → `363`, `3.21` → `3.22`).
fn next_exactly(prev: Option<&str>, next: &str) -> bool {
    let Some(prev) = prev else {
        return next == "1" || next.ends_with(".1");
    };
    match (prev.rsplit_once('.'), next.rsplit_once('.')) {
        (Some((pa, pb)), Some((qa, qb))) => {
            pa == qa && pb.parse::<u32>().ok().map(|b| b + 1) == qb.parse().ok()
        }
        (None, None) => prev.parse::<u32>().ok().map(|p| p + 1) == next.parse().ok(),
        _ => false,
    }
}

/// `(1)`, `(2A)` at the start of a line: a subsection number.
fn subsection_number(text: &str) -> Option<String> {
    let inner = text.strip_prefix('(')?;
    let close = inner.find(')')?;
    let n = &inner[..close];
    let mut chars = n.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_digit())
        && n.len() <= 4
        && n.chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    ok.then(|| n.to_owned())
}

/// Strips legislation.gov.uk's amendment markers from the start of a provision: `[F91` (textual amendment
/// reference) and a lone `[`. The marker sits against the number ("[F9116L Interpretation"); where the PDF sets
/// it as its own span we know where the number starts, else the F-number is taken as the shortest that leaves a
/// plausible section number.
fn strip_amendment_marker(line: &Line, text: &str) -> String {
    let t = text.trim_start_matches('[');
    if let Some(first) = line.spans.first() {
        let f = first.text.trim().trim_start_matches('[');
        if f.starts_with('F')
            && f.len() > 1
            && f[1..].chars().all(|c| c.is_ascii_digit())
            && t.starts_with(f)
        {
            return t[f.len()..].trim_start().to_owned();
        }
    }
    t.to_owned()
}

/// `22 Title` (a section of an Act, set in bold) or `25.—(1) Text` / `3. Text` (a regulation): the number and
/// the rest of the line.
fn provision_start(text: &str, kind: ProvisionKind) -> Option<(String, String)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c.is_ascii_uppercase()))
        .unwrap_or(text.len());
    let number = &text[..end];
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) || number.len() > 5 {
        return None;
    }
    let rest = &text[end..];
    match kind {
        ProvisionKind::Regulation | ProvisionKind::Article => {
            let rest = rest.strip_prefix('.')?;
            let rest = rest.trim_start_matches(['—', '-', '–']);
            (rest.starts_with('(') || rest.starts_with(' '))
                .then(|| (number.to_owned(), rest.trim_start().to_owned()))
        }
        _ => rest
            .starts_with(' ')
            .then(|| (number.to_owned(), rest.trim_start().to_owned())),
    }
}

/// Headings legislation.gov.uk prints after a provision to carry its annotations; what follows them up to the
/// next provision or heading is editorial, not law, and is left out.
const ANNOTATION_HEADINGS: [&str; 10] = [
    "commencement information",
    "textual amendments",
    "marginal citations",
    "modifications etc. (not altering text)",
    "extent information",
    "editorial information",
    "subordinate legislation made",
    "annotations:",
    "changes to legislation:",
    "i-note",
];

/// "EXPLANATORY NOTE" after a statutory instrument's last provision: a summary of the whole instrument that is
/// "not part of the Regulations" (and says so). Set centred, so the heading styles do not catch it, and without
/// this it would run on as part of the last provision. Only the heading as instruments print it, in capitals on
/// a line of its own, counts: everything after it is read as the note's prose.
fn is_explanatory_note(text: &str) -> bool {
    text.trim() == "EXPLANATORY NOTE"
}

/// "SCHEDULE 2  Regulations 26, 28, and 32" (or a lone "SCHEDULE"): the start of a schedule, as legislation.gov.uk
/// prints it, in capitals at the start of a line, with the provisions that refer to it. Returns the schedule's
/// number ("" when there is only one). "SCHEDULES" (the heading over all of them) and prose that names a schedule
/// ("Schedule 2 sets out…") are not starts.
fn schedule_start(text: &str) -> Option<String> {
    // What may follow: the provisions that use the schedule.
    let refers = |w: &str| {
        let w = w.trim_start_matches('(').trim_end_matches([',', ')']);
        matches!(
            w,
            "Regulation"
                | "Regulations"
                | "regulation"
                | "regulations"
                | "Section"
                | "Sections"
                | "Article"
                | "Articles"
                | "Rule"
                | "Rules"
                | "Paragraph"
                | "Paragraphs"
                | "Part"
                | "introduced"
                | "made"
        )
    };
    // An inserted schedule carries the amendment marker: "[F1SCHEDULE 2A".
    let text = strip_inserted_marker(text.trim_start());
    let mut words = text.split_whitespace().peekable();
    // "THE SCHEDULE": an instrument with only one.
    if words.next_if(|w| *w == "THE").is_some() {
        return (words.next()? == "SCHEDULE" && words.next().is_none_or(refers)).then(String::new);
    }
    if words.next()? != "SCHEDULE" {
        return None;
    }
    match words.next() {
        None => Some(String::new()),
        Some(w) if refers(w) => Some(String::new()),
        Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => {
            let number = n.trim_end_matches(['.', ':']);
            let valid = number.len() <= 4
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
            (valid && words.next().is_none_or(refers)).then(|| number.to_owned())
        }
        Some(_) => None,
    }
}

/// "PART 2" or "CHAPTER 1" on a line of its own (or before its title) inside a schedule.
fn schedule_part(text: &str) -> Option<&str> {
    let t = strip_inserted_marker(text.trim());
    let mut words = t.split_whitespace();
    let kind = words.next()?;
    let n = words.next()?;
    // "PART 1 OF THIS ACT: …" is a schedule's title that names a Part, not a Part of the schedule.
    let names_another = words.next().is_some_and(|w| w == "OF");
    (matches!(kind, "PART" | "CHAPTER")
        && n.starts_with(|c: char| c.is_ascii_digit())
        && !names_another)
        .then_some(t)
}

/// The label number of paragraph `n` of schedule `schedule`, as the legislation XML gives it: `2 para 3`, or
/// `Schedule para 3` for the only schedule.
fn schedule_paragraph(schedule: &str, n: &str) -> String {
    if schedule.is_empty() {
        format!("Schedule para {n}")
    } else {
        format!("{schedule} para {n}")
    }
}

/// The deepest level a printed heading gets; below it sit the Parts of an Act's schedule and its cross-headings,
/// which are recognised by position rather than style.
const MAX_PRINTED_LEVEL: u8 = 99;
/// Level of a Part ("PART 2") inside a schedule.
const SCHEDULE_PART_LEVEL: u8 = 100;
/// Level of a cross-heading inside an Act's schedule ("General powers").
const SCHEDULE_CROSS_HEADING_LEVEL: u8 = 200;

/// Whether paragraph `next` of an Act's schedule may follow paragraph `prev` (`None`: the schedule's first): the
/// next number or a small skip, or an inserted paragraph (`3A` after `3`).
fn follows_in_schedule(prev: Option<&str>, next: &str) -> bool {
    let numeric = |s: &str| -> Option<(u32, bool)> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        Some((digits.parse().ok()?, digits.len() < s.len()))
    };
    let Some((q, lettered)) = numeric(next) else {
        return false;
    };
    match prev.and_then(numeric) {
        None => q == 1,
        Some((p, _)) => (q == p && lettered) || (q > p && q <= p + 3),
    }
}

/// `[F221Interim appointments` → `Interim appointments`: the amendment marker legislation.gov.uk prints at the
/// start of inserted text that starts with a word. Before a number ("[F53A") the digits run together, and
/// `strip_amendment_marker` must tell them apart.
fn strip_inserted_marker(text: &str) -> &str {
    let t = text.trim_start_matches('[');
    match t.strip_prefix('F') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start(),
        _ => t,
    }
}

/// Whether every letter of `text` is a capital ("CHILDREN'S COMMISSIONER").
fn is_capitals(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

fn kind_of(layout: Layout) -> ProvisionKind {
    match layout {
        Layout::Legislation(kind) => kind,
        Layout::Guidance => ProvisionKind::Section,
    }
}

fn is_annotation_heading(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    ANNOTATION_HEADINGS
        .iter()
        .any(|h| t == *h || t.starts_with(h) && h.ends_with(':'))
}

/// What is being assembled.
#[derive(Debug, Clone)]
enum OpenLabel {
    Numbered(String),
    /// An endnote of the document's notes list, cited as a note, not a paragraph.
    Note(String),
    Provision(ProvisionKind, String),
    Unnumbered,
}

struct Open {
    label: OpenLabel,
    heading: Vec<String>,
    first_page: u32,
    last_page: u32,
    /// Paragraphs of text, as joined lines.
    paragraphs: Vec<String>,
    /// For each paragraph, whether the page shows it starting (space above it, a bullet, a list ending above it)
    /// rather than only the top of a page, where a paragraph may as well be running on.
    shown: Vec<bool>,
}

struct Assembler<'e> {
    edition: &'e Edition,
    labels: BTreeMap<u32, Option<String>>,
    heading: Vec<(u8, String)>,
    open: Option<Open>,
    pending_footnotes: Vec<Footnote>,
    passages: Vec<Passage>,
    unnumbered: u32,
    unique: UniqueLabels,
    warnings: Vec<String>,
    /// Whether the line being added stands at the top of its page (nothing above it on the page says whether it
    /// starts a paragraph).
    at_page_top: bool,
}

impl Assembler<'_> {
    fn heading_path(&self) -> Vec<String> {
        self.heading.iter().map(|(_, h)| h.clone()).collect()
    }

    fn span(&self, first: u32, last: u32) -> Option<PageSpan> {
        let label = self.labels.get(&first).cloned().flatten();
        PageSpan::new(first, last.max(first), label).ok()
    }

    fn emit(&mut self, label: Label, heading: Vec<String>, first: u32, last: u32, text: String) {
        let Some(span) = self.span(first, last) else {
            return;
        };
        let label = self.unique.claim(label);
        let locator = Locator {
            position: Position::Pages(span),
            label,
            heading: HeadingPath::new(heading),
        };
        self.passages
            .push(Passage::new(self.edition, locator, text));
    }

    fn close(&mut self) {
        let Some(open) = self.open.take() else { return };
        // Paragraphs are kept apart by a line break where the page shows one starting (a list's last item and the
        // paragraph after it are two sentences, though neither ends in a full stop); see `paragraph_separator`.
        let mut text = String::new();
        for (k, p) in open.paragraphs.iter().enumerate() {
            if k > 0 {
                text.push(paragraph_separator(
                    &open.paragraphs[k - 1],
                    p,
                    open.shown[k],
                ));
            }
            text.push_str(p);
        }
        let text = text.trim().to_owned();
        if !text.is_empty() {
            match open.label {
                OpenLabel::Numbered(n) => self.emit(
                    Label::Paragraph(n),
                    open.heading,
                    open.first_page,
                    open.last_page,
                    text,
                ),
                OpenLabel::Note(n) => self.emit(
                    Label::Footnote(n),
                    open.heading,
                    open.first_page,
                    open.last_page,
                    text,
                ),
                OpenLabel::Provision(kind, n) => self.emit(
                    Label::Provision { kind, number: n },
                    open.heading,
                    open.first_page,
                    open.last_page,
                    text,
                ),
                OpenLabel::Unnumbered => {
                    // Usually already under the target (see `push_body`); a single paragraph longer than that is
                    // split at sentence ends. The pieces keep the first page: the text does not say where the
                    // break falls, and the first page is where the passage starts.
                    for chunk in split_sentences_into(&text, TARGET_WORDS + TARGET_WORDS / 2) {
                        self.unnumbered += 1;
                        let n = self.unnumbered;
                        self.emit(
                            Label::Unnumbered(n),
                            open.heading.clone(),
                            open.first_page,
                            open.last_page,
                            chunk,
                        );
                    }
                }
            }
        }
        self.flush_footnotes();
    }

    fn flush_footnotes(&mut self) {
        for note in std::mem::take(&mut self.pending_footnotes) {
            let heading = self.heading_path();
            self.emit(
                Label::Footnote(note.number),
                heading,
                note.page,
                note.last_page,
                note.text,
            );
        }
    }

    fn start(&mut self, label: OpenLabel, page: u32) {
        self.close();
        self.open = Some(Open {
            label,
            heading: self.heading_path(),
            first_page: page,
            last_page: page,
            paragraphs: vec![],
            shown: vec![],
        });
    }

    fn set_heading(&mut self, level: u8, title: String) {
        self.close();
        while self.heading.last().is_some_and(|(l, _)| *l >= level) {
            self.heading.pop();
        }
        self.heading.push((level, title));
    }

    /// A Part or cross-heading of an Act's schedule, found by position: it replaces every printed heading under
    /// the schedule (a bold line of quoted amending text must not stay on the path), a cross-heading keeping the
    /// Part it is in.
    fn set_schedule_heading(&mut self, part: bool, title: String) {
        self.close();
        self.heading
            .retain(|(l, _)| *l == 0 || (!part && *l == SCHEDULE_PART_LEVEL));
        let level = if part {
            SCHEDULE_PART_LEVEL
        } else {
            SCHEDULE_CROSS_HEADING_LEVEL
        };
        self.heading.push((level, title));
    }

    /// Whether the open passage ends in a lead-in to a list ("…should:").
    fn leads_in(&self) -> bool {
        self.open
            .as_ref()
            .and_then(|o| o.paragraphs.last())
            .is_some_and(|p| p.trim_end().ends_with(':'))
    }

    /// Adds a body line to the open passage, starting a new paragraph when `new_paragraph`.
    fn push_body(&mut self, page: u32, text: &str, new_paragraph: bool) {
        if let Some(open) = &self.open {
            // Unnumbered text is cut at a paragraph end once it has reached the target size, unless the paragraph
            // before leads into a list ("…should:").
            let words: usize = open.paragraphs.iter().map(|p| word_count(p)).sum();
            let leads_in = open
                .paragraphs
                .last()
                .is_some_and(|p| p.trim_end().ends_with(':'));
            if matches!(open.label, OpenLabel::Unnumbered)
                && new_paragraph
                && words >= TARGET_WORDS
                && !leads_in
            {
                self.start(OpenLabel::Unnumbered, page);
            }
        }
        if self.open.is_none() {
            self.start(OpenLabel::Unnumbered, page);
        }
        let Some(open) = self.open.as_mut() else {
            return;
        };
        open.last_page = page;
        if new_paragraph || open.paragraphs.is_empty() {
            open.paragraphs.push(String::new());
            open.shown.push(!self.at_page_top);
        }
        if let Some(p) = open.paragraphs.last_mut() {
            push_line(p, text);
        }
    }
}

/// Turns an extracted PDF into passages.
pub fn from_pdf(edition: &Edition, doc: &Document, layout: Layout) -> Built {
    let furniture = furniture::analyse(doc);
    let mut labels = BTreeMap::new();
    let mut body: Vec<Vec<&Line>> = Vec::with_capacity(doc.pages.len());
    let mut warnings = Vec::new();
    for (page, found) in doc.pages.iter().zip(&furniture) {
        // The label printed on the page wins over the PDF's /PageLabels: it is what the reader sees.
        labels.insert(
            page.number,
            found.printed.clone().or_else(|| page.label.clone()),
        );
        let lines: Vec<&Line> = page
            .lines
            .iter()
            .enumerate()
            .filter(|(i, l)| !found.lines.contains(i) && !l.text().trim().is_empty())
            .map(|(_, l)| l)
            .collect();
        body.push(lines);
    }
    let style = style_of(doc, &body);

    // Split footnotes off each page and make one stream of body lines.
    let mut stream: Vec<BodyLine> = Vec::new();
    let mut notes_by_page: HashMap<u32, Vec<Footnote>> = HashMap::new();
    // The footnote that ends the page last read (the page holding it, and how its block is set): it may run on at
    // the foot of the next page.
    let mut last_note: Option<(u32, NoteStyle)> = None;
    for (page, lines) in doc.pages.iter().zip(&body) {
        let mut lines: &[&Line] = lines;
        if is_contents_page(lines) {
            // A page that opens a part and lists that part's contents below its introduction keeps the
            // introduction (KCSIE 2025 p. 149: "Annex B: Further information", two paragraphs, then "Table of
            // contents"); a contents page proper starts with its title, or with entries, and is skipped.
            lines = &lines[..lines.iter().position(|l| is_contents_title(l)).unwrap_or(0)];
            if lines.is_empty() {
                last_note = None;
                continue;
            }
        }
        let block = match layout {
            Layout::Guidance => footnotes(lines, style.body_size, style.left),
            Layout::Legislation(_) => FootBlock {
                small: lines.len(),
                start: lines.len(),
                notes: vec![],
            },
        };
        // The small lines above the page's first footnote are body, unless they finish the footnote the page before
        // ended with.
        let mut end = block.start;
        let continued = last_note.filter(|(holder, style)| {
            let lead = &lines[block.small..block.start];
            notes_by_page
                .get(holder)
                .and_then(|notes| notes.last())
                .is_some_and(|n| {
                    n.last_page + 1 == page.number && continues_footnote(lead, &n.text, *style)
                })
        });
        if let Some((holder, _)) = continued {
            if let Some(note) = notes_by_page.get_mut(&holder).and_then(|n| n.last_mut()) {
                for line in &lines[block.small..block.start] {
                    push_line(&mut note.text, &line.text());
                }
                note.last_page = page.number;
            }
            end = block.small;
        }
        last_note = if block.notes.is_empty() {
            // A footnote that fills this page's foot too may run on again.
            continued
        } else {
            note_style(&lines[block.start..]).map(|style| (page.number, style))
        };
        if !block.notes.is_empty() {
            notes_by_page.insert(
                page.number,
                block
                    .notes
                    .into_iter()
                    .map(|(number, text)| Footnote {
                        number,
                        text,
                        page: page.number,
                        last_page: page.number,
                    })
                    .collect(),
            );
        }
        let mut prev_y: Option<f32> = None;
        for line in &lines[..end] {
            let mut text = body_text(line);
            // A footnote reference set on a line of its own (raised between two lines of text, or a marker the
            // footnote test above no longer takes for a note): the superscript it is, not a number in the text.
            if (1..=3).contains(&text.len())
                && text.chars().all(|c| c.is_ascii_digit())
                && line.font_size() < style.body_size * 0.8
            {
                text = text.chars().map(superscript).collect();
            }
            if text.is_empty() {
                continue;
            }
            stream.push(BodyLine {
                page: page.number,
                line,
                text,
                size: line.font_size(),
                bold: line.bold(),
                gap: prev_y.map(|y| line.y - y),
                page_width: page.width,
            });
            prev_y = Some(line.y);
        }
    }
    let _ = page_count_check(doc, &mut warnings);

    // Heading styles: a line is a heading when set larger than body text, or bold at body size and short. Levels
    // come from the distinct heading sizes, largest first. Styles seen only on the first two pages belong to the
    // cover and are not pushed onto the heading path.
    let is_heading = |b: &BodyLine| {
        let words = word_count(&b.text);
        let larger = b.size >= style.body_size * 1.12;
        // Bold at body size is a heading only when it stands apart: space above it (or the top of the page) and
        // at the text margin. KCSIE sets the "and/or" that ends a bullet in bold; that is emphasis, not a heading.
        let bold_short = b.bold
            && b.size >= style.body_size * 0.95
            && words <= 25
            && b.gap.is_none_or(|g| g > style.leading * 1.2)
            && b.line.x0() <= style.left + 30.0;
        let starts_upper = b
            .text
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| !c.is_lowercase());
        (larger || bold_short)
            && words <= 40
            && starts_upper
            && !b.text.starts_with('•')
            && match layout {
                Layout::Guidance => paragraph_number(&b.text).is_none(),
                Layout::Legislation(kind) => {
                    kind != ProvisionKind::Regulation || provision_start(&b.text, kind).is_none()
                }
            }
    };
    // A numbered section heading ("7. Statutory intervention" in guidance that numbers the paragraphs under it
    // "7.1", "7.2"): set larger than the text, a whole number, short, not a sentence. It is a heading, not a
    // paragraph: what follows is under it, and the paragraph before ends above it. (A numbered line set like that
    // with a section number, "7.1 Significant harm", stays the paragraph it numbers.)
    let numbered_heading_style = |b: &BodyLine| {
        matches!(layout, Layout::Guidance)
            && b.size >= style.body_size * 1.12
            && paragraph_number(&b.text).is_some_and(|(n, rest)| {
                !n.contains('.')
                    && rest.chars().next().is_some_and(char::is_uppercase)
                    && word_count(rest) <= 15
                    && !rest.trim_end().ends_with(['.', ',', ';', ':'])
            })
    };
    let size_key = |b: &BodyLine| (b.size * 2.0).round() as i32;
    let mut heading_sizes: BTreeMap<i32, (bool, u32)> = BTreeMap::new();
    for b in stream.iter().filter(|b| is_heading(b)) {
        let e = heading_sizes.entry(size_key(b)).or_insert((false, b.page));
        e.0 |= b.page > 2;
    }
    // The sizes numbered section headings are set in (which no cover uses: a number is the text's).
    let numbered_sizes: Vec<i32> = stream
        .iter()
        .filter(|b| numbered_heading_style(b))
        .map(size_key)
        .collect();
    let mut levels: Vec<i32> = heading_sizes
        .iter()
        .filter(|(_, (used, _))| *used)
        .map(|(k, _)| *k)
        .chain(numbered_sizes.iter().copied())
        .collect();
    levels.sort_unstable_by(|a, b| b.cmp(a));
    levels.dedup();
    // Level 0 is kept for what stands above every printed heading (a schedule, the explanatory note), so that no
    // heading inside it takes it off the path.
    let level_at = |key: i32| {
        levels.iter().position(|k| *k == key).map(|p| {
            u8::try_from(p + 1)
                .unwrap_or(u8::MAX)
                .min(MAX_PRINTED_LEVEL)
        })
    };
    // A heading's level; None for a style seen only on the cover.
    let level_of = |b: &BodyLine| {
        let key = size_key(b);
        heading_sizes
            .get(&key)
            .is_some_and(|(used, _)| *used)
            .then(|| level_at(key))
            .flatten()
    };

    let mut asm = Assembler {
        edition,
        labels,
        heading: Vec::new(),
        open: None,
        pending_footnotes: Vec::new(),
        passages: Vec::new(),
        unnumbered: 0,
        unique: UniqueLabels::default(),
        warnings: Vec::new(),
        at_page_top: false,
    };
    let mut last_number: Option<String> = None;
    let mut broken_chain: Option<String> = None;
    // The number of the last endnote read, once the document's notes list has begun.
    let mut last_note: Option<String> = None;
    // Whether a top-level heading ("Annex A: …") has been set since the last numbered paragraph: a part may number
    // its own paragraphs from 1 again.
    let mut new_part = false;
    let mut last_section: Option<String> = None;
    let mut last_subsection: Option<String> = None;
    let mut skipping_annotations = false;
    let mut in_explanatory_note = false;
    // The schedule being read, once the provisions are over: its paragraphs are `Sch. 2 para 3`, not regulations.
    let mut schedule: Option<String> = None;
    // The number of the schedule paragraph last opened in an Act ("3A"), for the sequence check.
    let mut last_schedule_paragraph: Option<String> = None;
    // The left edge of the bullet of the list item being read, if any.
    let mut list_item_x: Option<f32> = None;
    let mut i = 0;
    let mut current_page = 0;
    while i < stream.len() {
        let b = &stream[i];
        asm.at_page_top = b.gap.is_none();
        if b.page != current_page {
            // Footnotes of the page just finished wait until the paragraph they interrupt closes.
            if let Some(notes) = notes_by_page.remove(&current_page) {
                asm.pending_footnotes.extend(notes);
            }
            current_page = b.page;
        }
        let legislation = matches!(layout, Layout::Legislation(_));
        if legislation && is_annotation_heading(&b.text) {
            asm.close();
            skipping_annotations = true;
            i += 1;
            continue;
        }
        if legislation && is_explanatory_note(&b.text) {
            asm.set_heading(0, "Explanatory note".to_owned());
            in_explanatory_note = true;
            skipping_annotations = false;
            i += 1;
            continue;
        }

        if legislation && !in_explanatory_note {
            if let Some(number) = schedule_start(&b.text) {
                // The schedule's title follows on a line or three of its own, before paragraph 1.
                let mut title = if number.is_empty() {
                    "Schedule".to_owned()
                } else {
                    format!("Schedule {number}")
                };
                let mut name = String::new();
                let mut j = i + 1;
                while j < stream.len()
                    && j <= i + 3
                    && stream[j].page <= b.page + 1
                    && provision_start(&stream[j].text, ProvisionKind::Regulation).is_none()
                    && subsection_number(&stream[j].text).is_none()
                    && schedule_start(&stream[j].text).is_none()
                    && !is_annotation_heading(&stream[j].text)
                    && !is_heading(&stream[j])
                    && word_count(&name) + word_count(&stream[j].text) <= 30
                    && !stream[j].text.starts_with(|c: char| c.is_ascii_digit())
                    && schedule_part(&stream[j].text).is_none()
                    // An Act prints the title in capitals; the mixed-case line after it is a cross-heading.
                    && (name.is_empty() || is_capitals(&name) == is_capitals(&stream[j].text))
                {
                    push_line(&mut name, &stream[j].text);
                    j += 1;
                }
                if !name.is_empty() {
                    title = format!("{title}: {name}");
                }
                asm.set_heading(0, title);
                schedule = Some(number);
                // Subsections from here on belong to the schedule's paragraphs, not to the last section.
                last_section = None;
                last_subsection = None;
                last_schedule_paragraph = None;
                skipping_annotations = false;
                i = j;
                continue;
            }
        }

        if is_heading(b) {
            // An Act's section heading ("22 Co-operation and delegation") is both a heading and a provision start.
            let text = strip_amendment_marker(b.line, &b.text);
            let section = match layout {
                Layout::Legislation(kind @ (ProvisionKind::Section | ProvisionKind::Schedule)) => {
                    provision_start(&text, kind).filter(|(_, title)| !title.is_empty())
                }
                _ => None,
            };
            let level = level_of(b);
            // Merge a heading set over several lines: the lines that follow in the same face, close below.
            let mut run_end = i + 1;
            while run_end < stream.len()
                && stream[run_end].page == b.page
                && size_key(&stream[run_end]) == size_key(b)
                && word_count(&stream[run_end].text) <= 25
                && paragraph_number(&stream[run_end].text).is_none()
                && stream[run_end].bold == b.bold
                && stream[run_end].gap.is_some_and(|g| g < b.size * 2.2)
                && !(legislation
                    && provision_start(&stream[run_end].text, ProvisionKind::Section).is_some())
            {
                run_end += 1;
            }
            // A bold sentence ("We expect to publish revised guidance … this summer.") is emphasis, not a heading;
            // the whole run tells, however long (KCSIE 2025 p. 149 sets a 33-word sentence over three lines).
            let mut run = text.clone();
            for line in &stream[i + 1..run_end] {
                push_line(&mut run, &line.text);
            }
            let sentence =
                b.size < style.body_size * 1.12 && (run.ends_with('.') || run.contains(". "));
            if sentence && section.is_none() {
                for (k, line) in stream[i..run_end].iter().enumerate() {
                    asm.push_body(line.page, &line.text, k == 0);
                }
                i = run_end;
                continue;
            }
            // A heading is at most about 30 words; what runs on past that is text.
            let mut title = text.clone();
            let mut j = i + 1;
            while j < run_end && word_count(&title) < 30 {
                push_line(&mut title, &stream[j].text);
                j += 1;
            }
            skipping_annotations = false;
            match level {
                // A cover-page style: not part of any heading path.
                None => asm.close(),
                Some(level) => {
                    new_part |= level == 1;
                    asm.set_heading(level, title.clone());
                }
            }
            if let Some((number, _)) = section {
                last_section = Some(number.clone());
                last_subsection = None;
                asm.start(OpenLabel::Provision(kind_of(layout), number), b.page);
            }
            i = j;
            continue;
        }
        // In an Act's schedule, paragraphs start at the margin with their number ("3A (1) Where…", "4 The
        // Secretary of State must—") and cross-headings are short lines centred on the page ("General powers");
        // neither is set in a heading style, so both are recognised here. Annotations are set smaller.
        let act_schedule = matches!(layout, Layout::Legislation(ProvisionKind::Section))
            && schedule.is_some()
            && !in_explanatory_note
            && b.size >= style.body_size * 0.95;
        let schedule_paragraph_start = act_schedule
            .then(|| {
                // Inserted paragraphs carry the amendment marker against the number ("[F53A (1) …"): only the
                // line's spans tell where the marker ends and the number begins.
                provision_start(
                    &strip_amendment_marker(b.line, &b.text),
                    ProvisionKind::Section,
                )
            })
            .flatten()
            .filter(|(n, rest)| {
                b.line.x0() <= style.left + 4.0
                    && follows_in_schedule(last_schedule_paragraph.as_deref(), n)
                    && rest.starts_with(|c: char| {
                        c == '(' || c == '[' || c == '“' || c == '"' || c.is_uppercase()
                    })
            });
        let centred = {
            let mid = (b.line.x0() + b.line.x1()) / 2.0;
            (mid - b.page_width / 2.0).abs() < 25.0 && b.line.x0() > style.left + 20.0
        };
        // A cross-heading stands apart (a wrapped line's end does not), is short, and does not end a sentence or a
        // clause.
        let schedule_cross_heading = act_schedule
            && schedule_paragraph_start.is_none()
            && centred
            && b.gap.is_none_or(|g| g > style.leading * 1.45)
            && word_count(&b.text) <= 14
            && !b.text.starts_with(['(', '“', '"'])
            && !b.text.trim_end().ends_with(['.', ',', ';', ':', '—', '-']);
        let part_heading = act_schedule
            && schedule_paragraph_start.is_none()
            && centred
            && schedule_part(&b.text).is_some();
        // The minister's signature after an instrument's last provision ("Edward Timpson", set to the right, then
        // the office) is not part of that provision: it is skipped like an annotation, up to what comes next.
        let signature = matches!(
            layout,
            Layout::Legislation(ProvisionKind::Regulation | ProvisionKind::Article)
        ) && schedule.is_none()
            && !in_explanatory_note
            && b.line.x0() > b.page_width * 0.55
            && word_count(&b.text) <= 5
            && b.text.starts_with(|c: char| c.is_uppercase())
            // The office, a schedule or the note follows within a few lines; a right-hand table cell does not.
            && stream[i + 1..stream.len().min(i + 5)].iter().any(|n| {
                let t = n.text.to_lowercase();
                t.contains("secretary of state")
                    || t.contains("minister")
                    || t.contains("signed by")
                    || schedule_start(&n.text).is_some()
                    || is_explanatory_note(&n.text)
            });
        if signature {
            asm.close();
            skipping_annotations = true;
            i += 1;
            continue;
        }
        if part_heading || schedule_cross_heading {
            // A heading set over two centred lines is one heading.
            let mut title = strip_inserted_marker(&b.text).to_owned();
            let mut j = i + 1;
            while j < stream.len()
                && stream[j].page == b.page
                && stream[j].gap.is_some_and(|g| g <= style.leading * 1.45)
                && (stream[j].line.x0() + stream[j].line.x1() - b.page_width).abs() < 50.0
                && stream[j].line.x0() > style.left + 20.0
                && word_count(&title) + word_count(&stream[j].text) <= 20
                && schedule_part(&stream[j].text).is_none()
                && !stream[j]
                    .text
                    .trim_end()
                    .ends_with(['.', ',', ';', ':', '—'])
            {
                push_line(&mut title, &stream[j].text);
                j += 1;
            }
            asm.set_schedule_heading(part_heading, title);
            skipping_annotations = false;
            i = j;
            continue;
        }
        // Annotations are set smaller than the text; in an Act's schedule, text at body size ends them (the
        // paragraph after an annotation block may be one the numbering check cannot place).
        if skipping_annotations && act_schedule {
            skipping_annotations = false;
        }
        if skipping_annotations {
            // Annotation text runs until the next provision or heading.
            let resumes = match layout {
                Layout::Legislation(kind) => {
                    provision_start(&b.text, kind).is_some()
                        && matches!(kind, ProvisionKind::Regulation | ProvisionKind::Article)
                }
                Layout::Guidance => true,
            };
            if !resumes {
                i += 1;
                continue;
            }
            skipping_annotations = false;
        }

        // A list ends where a line that is no bullet stands at (or left of) the last bullet, a little apart and
        // starting a sentence (Working Together 2023 p. 87: "• whether legal action is required", then "The
        // timescale for the assessment …" back at the margin): the items' own lines run on indented, or at the
        // bullet but at the text's leading.
        let list_ends = !b.text.starts_with('•')
            && list_item_x.is_some_and(|x| b.line.x0() <= x + 1.0)
            && b.gap.is_some_and(|g| g > style.leading * 1.15)
            && b.text.chars().next().is_some_and(char::is_uppercase);
        let new_paragraph =
            b.gap.is_none_or(|g| g > style.leading * 1.45) || b.text.starts_with('•') || list_ends;
        if b.text.starts_with('•') {
            list_item_x = Some(b.line.x0());
        } else if new_paragraph {
            list_item_x = None;
        }
        asm.at_page_top = b.gap.is_none();
        if in_explanatory_note {
            // Plain prose that names provisions ("Regulation 16 requires…") but contains none: unnumbered
            // passages, each line a paragraph start only where the layout says so.
            asm.push_body(b.page, &b.text, new_paragraph);
            i += 1;
            continue;
        }
        match layout {
            Layout::Guidance => {
                // A paragraph number stands at the margin; KCSIE 2025 indents some (p. 37, paras 131–132), so
                // the exact next number is also taken when indented a little (less than a bullet is).
                let x = b.line.x0();
                let exact_next = |n: &str| {
                    follows(last_number.as_deref(), n) && next_exactly(last_number.as_deref(), n)
                };
                // The numbers printed later in this part (up to the next top-level heading), with where they stand.
                let later_in_part = || {
                    stream[i + 1..]
                        .iter()
                        .take_while(|later| !(is_heading(later) && level_of(later) == Some(1)))
                        .filter_map(|later| {
                            paragraph_number(&later.text).map(|(m, _)| (m, later.line.x0()))
                        })
                };
                // Whether the numbering that reached `last_number` goes on later in this part, past a new
                // numbering that starts here at `n`: then `n` is a list's number, not a new numbering. A later
                // number that continues the new numbering is the new numbering's, even if it would also follow
                // the old (EYFS 2025 Annex B's 8 after Annex A's 7).
                let old_goes_on = |n: &str| {
                    let old = last_number.as_deref();
                    let mut new = n.to_owned();
                    old.is_some()
                        && later_in_part().any(|(m, lx)| {
                            if next_exactly(Some(&new), &m) {
                                new = m;
                                return false;
                            }
                            follows(old, &m)
                                && (lx <= style.left + 6.0
                                    || (lx <= style.left + 40.0 && next_exactly(old, &m)))
                        })
                };
                // A number at the margin that does not follow is held as `broken_chain`: if the next one is
                // exactly its successor, numbering has restarted in a way `follows` did not foresee, and the
                // chain resumes from there (one label lost, rather than every label after it) — unless the old
                // numbering goes on after it, as after a list "1. … 2. …" set at the margin.
                let resumes = |n: &str| {
                    x <= style.left + 6.0
                        && broken_chain
                            .as_deref()
                            .is_some_and(|p| next_exactly(Some(p), n))
                        && !old_goes_on(n)
                };
                // Numbering that starts again at 1 under a new top-level heading: an annex that numbers its own
                // paragraphs (KCSIE 2025 Annex A, 1–23, indented a little, after Part five's 562). Only when
                // the old numbering does not go on later in the part (a list "1. … 2. …" between two paragraphs
                // of the main text is no restart), the new one goes on to 2 at the same indent, and the text
                // before does not lead into a list ("…should:"). The label is then `1~2`, cited with the part's
                // name ("Annex A, para 1").
                let restarts = |n: &str| {
                    n == "1"
                        && new_part
                        && last_number.is_some()
                        && x <= style.left + 40.0
                        && !asm.leads_in()
                        && later_in_part().any(|(m, lx)| m == "2" && (lx - x).abs() < 3.0)
                        && !old_goes_on(n)
                };
                // The document's notes: numbering that starts again at 1 with no new part (Ofsted's prints end
                // with "1. See Early years and childcare: …" straight after the last paragraph, 256), goes on 2,
                // 3 … at the same indent to the end, with no heading after it. Cited as notes
                // ("fn 8"), not paragraphs. (Under a heading of their own, as the IRO handbook's "References",
                // such lists are still read as that part's numbered paragraphs.)
                let notes_begin = |n: &str| {
                    n == "1"
                        && last_number.is_some()
                        && x <= style.left + 40.0
                        && !asm.leads_in()
                        && !new_part
                        && later_in_part().any(|(m, lx)| m == "2" && (lx - x).abs() < 3.0)
                        && !old_goes_on(n)
                        // Notes end the document: no heading follows them (a numbered list of case studies
                        // before the annexes is not a notes list).
                        && !stream[i + 1..].iter().any(&is_heading)
                };
                let next_note =
                    |n: &str| last_note.is_some() && next_exactly(last_note.as_deref(), n);
                match paragraph_number(&b.text) {
                    // A numbered section heading ("7. Statutory intervention" after para 6.2): para 6.2 ends
                    // above it, and what follows is under it.
                    Some(_) if numbered_heading_style(b) => match level_at(size_key(b)) {
                        Some(level) => {
                            new_part |= level == 1;
                            asm.set_heading(level, b.text.clone());
                        }
                        None => asm.close(),
                    },
                    Some((n, rest))
                        if next_note(&n) || (last_note.is_none() && notes_begin(&n)) =>
                    {
                        broken_chain = None;
                        new_part = false;
                        last_note = Some(n.clone());
                        asm.start(OpenLabel::Note(n), b.page);
                        asm.push_body(b.page, rest, true);
                    }
                    Some((n, rest))
                        if (x <= style.left + 6.0 && follows(last_number.as_deref(), &n))
                            || (x <= style.left + 40.0 && exact_next(&n))
                            || resumes(&n)
                            || restarts(&n) =>
                    {
                        broken_chain = None;
                        new_part = false;
                        last_number = Some(n.clone());
                        asm.start(OpenLabel::Numbered(n), b.page);
                        asm.push_body(b.page, rest, true);
                    }
                    Some((n, _)) if x <= style.left + 6.0 => {
                        broken_chain = Some(n);
                        asm.push_body(b.page, &b.text, new_paragraph);
                    }
                    _ => asm.push_body(b.page, &b.text, new_paragraph),
                }
            }
            Layout::Legislation(kind) => {
                let at_subsection_margin =
                    style.subsection_left.is_none_or(|x| b.line.x0() <= x + 4.0)
                        || b.line.x0() <= style.left + 4.0;
                let regulation = (kind != ProvisionKind::Section)
                    .then(|| provision_start(&b.text, kind))
                    .flatten();
                // In a schedule, "3. Text" is paragraph 3 of it.
                let (kind, regulation) = match &schedule {
                    Some(sch) => (
                        ProvisionKind::Schedule,
                        regulation.map(|(n, rest)| (schedule_paragraph(sch, &n), rest)),
                    ),
                    None => (kind, regulation),
                };
                // An Act's schedule paragraph: "1 para 3A", with its first subsection if it opens with one.
                let regulation = regulation.or_else(|| {
                    let (n, rest) = schedule_paragraph_start.clone()?;
                    last_schedule_paragraph = Some(n.clone());
                    Some((schedule_paragraph(schedule.as_deref()?, &n), rest))
                });
                if let Some((number, rest)) = regulation {
                    last_section = Some(number.clone());
                    last_subsection = None;
                    let label = match subsection_number(&rest) {
                        Some(sub) => {
                            last_subsection = Some(sub.clone());
                            format!("{number}({sub})")
                        }
                        None => number,
                    };
                    asm.start(OpenLabel::Provision(kind, label), b.page);
                    asm.push_body(b.page, &rest, true);
                } else if let (Some(sub), Some(section), true) = (
                    subsection_number(&b.text),
                    last_section.clone(),
                    at_subsection_margin,
                ) {
                    let plausible = match (&last_subsection, sub.parse::<u32>()) {
                        (None, _) => true,
                        (Some(prev), Ok(n)) => {
                            prev.parse::<u32>().map_or(true, |p| n > p && n <= p + 3)
                        }
                        (Some(_), Err(_)) => true, // "(2A)": inserted subsections
                    };
                    if plausible {
                        last_subsection = Some(sub.clone());
                        asm.start(
                            OpenLabel::Provision(kind, format!("{section}({sub})")),
                            b.page,
                        );
                        asm.push_body(b.page, &b.text, true);
                    } else {
                        asm.push_body(b.page, &b.text, new_paragraph);
                    }
                } else {
                    asm.push_body(b.page, &b.text, new_paragraph);
                }
            }
        }
        i += 1;
    }
    if let Some(notes) = notes_by_page.remove(&current_page) {
        asm.pending_footnotes.extend(notes);
    }
    asm.close();
    // Footnotes of pages whose body was entirely skipped (contents) have nothing to follow: emit them in order.
    let mut rest: Vec<_> = notes_by_page.into_iter().collect();
    rest.sort_by_key(|(p, _)| *p);
    for (_, notes) in rest {
        asm.pending_footnotes.extend(notes);
    }
    asm.flush_footnotes();
    drop_contents_lists(&mut asm.passages);
    warnings.append(&mut asm.warnings);
    if asm.passages.is_empty() {
        let has_text = doc.pages.iter().any(|p| !p.lines.is_empty());
        warnings.push(if has_text {
            "no passages: its text is all running headers, footers or contents lists".to_owned()
        } else {
            "no passages: the PDF has no text this reader could use".to_owned()
        });
    }
    Built {
        passages: asm.passages,
        warnings,
    }
}

/// Removes passages that are the document's own contents list. A browser print of a GOV.UK page opens with it
/// ("Contents — Introduction — Written references — …") on a page that also carries text, so the contents-page
/// rule does not drop it, and it becomes one passage that names every heading and answers nothing (it ranked first
/// for "what checks must a children's home do before employing staff"). Such a passage starts with "Contents", and
/// most of its other words are the document's headings, whole and in order, or it names many of them (then followed,
/// in Ofsted's prints, by the Crown copyright notice); nothing is lost by dropping it, since the headings are on the
/// passages they head.
fn drop_contents_lists(passages: &mut Vec<Passage>) {
    /// Headings in a row that make a contents list whatever else the passage holds.
    const LONG_CONTENTS: usize = 8;
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut headings: Vec<Vec<String>> = passages
        .iter()
        .flat_map(|p| p.locator.heading.as_slice())
        .map(|h| words(h))
        .filter(|h| !h.is_empty())
        .collect();
    headings.sort();
    headings.dedup();
    // Longest first, so that "Written references" is taken whole rather than as "Written".
    headings.sort_by_key(|h| std::cmp::Reverse(h.len()));
    passages.retain(|p| {
        let all = words(&p.text);
        let Some(("contents", rest)) = all.split_first().map(|(f, r)| (f.as_str(), r)) else {
            return true;
        };
        if rest.len() < 3 {
            return true;
        }
        let (mut covered, mut named, mut i) = (0usize, 0usize, 0usize);
        while i < rest.len() {
            match headings.iter().find(|h| rest[i..].starts_with(h)) {
                Some(h) => {
                    covered += h.len();
                    named += 1;
                    i += h.len();
                }
                None => i += 1,
            }
        }
        // A contents list: at least two headings making up most of it, or so many of them that what follows
        // (Ofsted's prints go on with the Crown copyright notice) cannot make it a paragraph.
        let list = named >= 2 && covered * 10 >= rest.len() * 6 || named >= LONG_CONTENTS;
        !list
    });
}

fn page_count_check(doc: &Document, warnings: &mut Vec<String>) -> usize {
    let empty: Vec<u32> = doc
        .pages
        .iter()
        .filter(|p: &&Page| p.lines.is_empty())
        .map(|p| p.number)
        .collect();
    if !empty.is_empty() && empty.len() < doc.pages.len() && empty.len() > doc.pages.len() / 4 {
        warnings.push(format!(
            "{} of {} pages have no text (scanned images?)",
            empty.len(),
            doc.pages.len()
        ));
    }
    empty.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{doc, edition, line, page, styled};
    use pinpoint_model::DocKind;

    #[test]
    fn footnote_markers_drawn_as_one_run_are_all_superscript() {
        // KCSIE 2024 para 238: "…the specific role.69 70" with both markers in one 8 pt span.
        let mut l = line("verify the specific role.", 100.0, 12.0);
        l.spans
            .push(styled("69 70", 200.0, 100.0, 8.0, false).spans.remove(0));
        assert_eq!(body_text(&l), "verify the specific role.⁶⁹ ⁷⁰");
    }

    #[test]
    fn an_ornament_glyph_with_no_text_is_not_part_of_a_heading() {
        let l = styled("References \u{FFFD}", 72.0, 100.0, 14.0, true);
        assert_eq!(body_text(&l), "References");
    }

    #[test]
    fn paragraph_numbers() {
        assert_eq!(
            paragraph_number("363. The last bullet"),
            Some(("363".into(), "The last bullet"))
        );
        assert_eq!(
            paragraph_number("3.22 Providers must"),
            Some(("3.22".into(), "Providers must"))
        );
        assert_eq!(paragraph_number("2016 is unable"), None);
        assert_eq!(paragraph_number("3.5mm"), None);
        assert!(follows(Some("362"), "363"));
        assert!(!follows(Some("362"), "70"));
        assert!(follows(Some("3.21"), "3.22"));
        assert!(follows(Some("3.88"), "4.1"));
        assert!(follows(None, "1"));
        assert!(follows(Some("5"), "1.1"));
        assert!(!follows(Some("5"), "1.4"));
        assert!(!follows(None, "70"));
    }

    #[test]
    fn numbered_paragraph_runs_over_page_break_and_past_footnote() {
        // The shape of KCSIE 2024 pp. 92–93: para 362 starts on p. 92, footnote 128 and the folio end the page,
        // its last bullet is on p. 93, then para 363 starts.
        let p92 = page(
            92,
            vec![
                styled(
                    "Section one: Concerns or allegations",
                    72.0,
                    100.0,
                    14.0,
                    true,
                ),
                line("362. This part of the guidance is about", 140.0, 11.0),
                line(
                    "managing cases, including supply teachers, has:",
                    154.0,
                    11.0,
                ),
                line("• behaved in a way that has harmed a child", 168.0, 11.0),
                line("128", 760.0, 7.0),
                line("The harm test is explained in the DBS guidance", 770.0, 9.0),
                line("92", 820.0, 9.0),
            ],
        );
        let p93 = page(
            93,
            vec![
                line(
                    "• behaved in a way that indicates unsuitability.",
                    80.0,
                    11.0,
                ),
                line(
                    "363. The last bullet point above includes behaviour",
                    100.0,
                    11.0,
                ),
                line("this is known as transferable risk.", 114.0, 11.0),
                line("93", 820.0, 9.0),
            ],
        );
        // Paragraphs 1 to 361 on the page before, so the numbering reaches 362.
        let p91 = page(
            91,
            (1..=361)
                .map(|k| {
                    line(
                        &format!("{k}. Paragraph {k}."),
                        140.0 + k as f32 * 1.6,
                        11.0,
                    )
                })
                .collect(),
        );
        let mut pages = vec![p91, p92, p93];
        // Furniture needs repetition: add a few plain pages with folios.
        for n in 94..=97 {
            pages.push(page(
                n,
                vec![
                    line("Filler text.", 300.0, 11.0),
                    line(&n.to_string(), 820.0, 9.0),
                ],
            ));
        }
        let built = from_pdf(&edition(), &doc(pages), Layout::Guidance);
        let p362 = built
            .passages
            .iter()
            .find(|p| p.locator.label == Label::Paragraph("362".into()))
            .unwrap();
        let Position::Pages(span) = &p362.locator.position else {
            panic!()
        };
        assert_eq!(
            (span.start(), span.end(), span.label()),
            (92, 93, Some("92"))
        );
        assert!(
            p362.text.ends_with("indicates unsuitability."),
            "{}",
            p362.text
        );
        assert!(
            !p362.text.contains("harm test"),
            "footnote leaked into the paragraph: {}",
            p362.text
        );
        assert_eq!(
            p362.locator.heading.as_slice(),
            ["Section one: Concerns or allegations"]
        );
        let p363 = built
            .passages
            .iter()
            .find(|p| p.locator.label == Label::Paragraph("363".into()))
            .unwrap();
        assert!(p363.text.starts_with("The last bullet point"));
        let note = built
            .passages
            .iter()
            .find(|p| p.locator.label == Label::Footnote("128".into()))
            .unwrap();
        assert_eq!(note.text, "The harm test is explained in the DBS guidance");
        assert!(!built
            .passages
            .iter()
            .any(|p| p.text.contains("92") && p.text.trim() == "92"));
    }

    /// The passages of a one-page legislation PDF of `lines`, laid out as `kind` provisions.
    fn legislation(kind: ProvisionKind, page_number: u32, lines: Vec<Line>) -> Built {
        let mut ed = edition();
        ed.kind = DocKind::Legislation;
        from_pdf(
            &ed,
            &doc(vec![page(page_number, lines)]),
            Layout::Legislation(kind),
        )
    }

    /// The citations of the passages' labels, in order.
    fn cited(built: &Built) -> Vec<String> {
        built
            .passages
            .iter()
            .filter_map(|p| p.locator.label.cited())
            .collect()
    }

    #[test]
    fn legislation_sections_and_subsections() {
        let lines = vec![
            styled("22 Co-operation and delegation", 50.0, 100.0, 11.0, true),
            styled(
                "(1) Each person or body must co-operate",
                80.0,
                114.0,
                11.0,
                false,
            ),
            styled("(6) and (7) apply to revisions.", 95.0, 128.0, 11.0, false),
            styled(
                "(2) A person may delegate functions.",
                80.0,
                142.0,
                11.0,
                false,
            ),
            styled("Commencement Information", 50.0, 170.0, 11.0, true),
            styled(
                "I8 S. 22 not in force at Royal Assent",
                60.0,
                184.0,
                9.0,
                false,
            ),
            styled(
                "23 Sections 20 to 22: interpretation",
                50.0,
                210.0,
                11.0,
                true,
            ),
            styled("(1) This section applies.", 80.0, 224.0, 11.0, false),
        ];
        let built = legislation(ProvisionKind::Section, 40, lines);
        let labels = cited(&built);
        assert_eq!(labels, ["s. 22(1)", "s. 22(2)", "s. 23(1)"]);
        assert!(built.passages[0].text.contains("(6) and (7) apply"));
        assert!(!built
            .passages
            .iter()
            .any(|p| p.text.contains("Royal Assent")));
        assert_eq!(
            built.passages[2].locator.heading.as_slice(),
            ["23 Sections 20 to 22: interpretation"]
        );
    }

    #[test]
    fn regulations_start_with_number_dash() {
        let lines = vec![
            styled("Fire precautions", 50.0, 100.0, 11.0, true),
            styled(
                "25.—(1) After consultation the registered person must—",
                60.0,
                114.0,
                11.0,
                false,
            ),
            styled("(a) take adequate precautions;", 70.0, 128.0, 11.0, false),
            styled("(2) If the Order applies—", 60.0, 142.0, 11.0, false),
        ];
        let built = legislation(ProvisionKind::Regulation, 20, lines);
        let labels = cited(&built);
        assert_eq!(labels, ["reg. 25(1)", "reg. 25(2)"]);
        assert!(built.passages[0].text.starts_with("(1) After consultation"));
        assert!(built.passages[0].text.contains("(a) take adequate"));
    }

    #[test]
    fn a_right_hand_cell_is_not_a_signature() {
        let lines = vec![
            styled("Fees", 50.0, 100.0, 11.0, true),
            styled(
                "4.—(1) The fees are set out in the table.",
                60.0,
                114.0,
                11.0,
                false,
            ),
            styled("Fee", 400.0, 128.0, 11.0, false),
            styled(
                "(2) The fee is payable on application.",
                60.0,
                142.0,
                11.0,
                false,
            ),
        ];
        let built = legislation(ProvisionKind::Regulation, 3, lines);
        assert_eq!(cited(&built), ["reg. 4(1)", "reg. 4(2)"]);
    }

    #[test]
    fn schedule_starts_are_capitals_at_a_line_start() {
        assert_eq!(
            schedule_start("SCHEDULE 2 Regulations 26, 28, and 32").as_deref(),
            Some("2")
        );
        assert_eq!(
            schedule_start("SCHEDULE 1A Section 3").as_deref(),
            Some("1A")
        );
        assert_eq!(schedule_start("SCHEDULE").as_deref(), Some(""));
        assert_eq!(schedule_start("SCHEDULE Regulation 4").as_deref(), Some(""));
        assert_eq!(
            schedule_start("[F1SCHEDULE 2A Section 5").as_deref(),
            Some("2A")
        );
        assert_eq!(schedule_start("THE SCHEDULE").as_deref(), Some(""));
        assert_eq!(
            schedule_start("SCHEDULE 1 (introduced by regulation 2)").as_deref(),
            Some("1")
        );
        assert_eq!(schedule_start("SCHEDULES"), None);
        assert_eq!(
            schedule_start("Schedule 2 sets out what you must have"),
            None
        );
        assert_eq!(schedule_start("SCHEDULE 2 sets out the information"), None);
    }

    #[test]
    fn schedule_paragraphs_of_regulations_are_cited_as_schedule_paragraphs() {
        let lines = vec![
            styled("Fitness of workers", 50.0, 100.0, 11.0, true),
            styled(
                "32.—(1) The registered person must recruit staff safely.",
                60.0,
                114.0,
                11.0,
                false,
            ),
            styled("Edward Timpson", 434.0, 130.0, 11.0, false),
            styled(
                "Department for Education Parliamentary Under Secretary of State",
                90.0,
                140.0,
                11.0,
                false,
            ),
            styled(
                "SCHEDULE 2 Regulations 26, 28, and 32",
                140.0,
                150.0,
                11.0,
                false,
            ),
            styled(
                "Information required in respect of persons seeking",
                160.0,
                164.0,
                11.0,
                false,
            ),
            styled(
                "to carry on, manage or work at a children's home",
                160.0,
                178.0,
                11.0,
                false,
            ),
            styled(
                "1. Proof of identity including a recent photograph.",
                60.0,
                200.0,
                11.0,
                false,
            ),
            styled("2. Either—", 60.0, 214.0, 11.0, false),
            styled(
                "(a) an enhanced criminal record certificate; or",
                70.0,
                228.0,
                11.0,
                false,
            ),
            styled("Personal details", 50.0, 250.0, 11.0, true),
            styled("3. Two written references.", 60.0, 264.0, 11.0, false),
        ];
        let built = legislation(ProvisionKind::Regulation, 40, lines);
        let labels = cited(&built);
        assert_eq!(
            labels,
            [
                "reg. 32(1)",
                "Sch. 2 para 1",
                "Sch. 2 para 2",
                "Sch. 2 para 3"
            ]
        );
        // The signature is not the last regulation's text, nor are the schedule's heading and title.
        assert!(
            !built.passages[0].text.contains("Timpson")
                && !built.passages[0].text.contains("Secretary"),
            "{}",
            built.passages[0].text
        );
        assert!(
            !built.passages[0].text.contains("SCHEDULE"),
            "{}",
            built.passages[0].text
        );
        let title = "Schedule 2: Information required in respect of persons seeking to carry on, manage or work \
                     at a children's home";
        assert_eq!(built.passages[1].locator.heading.as_slice(), [title]);
        assert!(built.passages[2]
            .text
            .contains("(a) an enhanced criminal record"));
        assert_eq!(
            built.passages[3].locator.heading.as_slice(),
            [title, "Personal details"]
        );
    }

    #[test]
    fn an_acts_schedule_paragraphs_and_cross_headings() {
        let mut ed = edition();
        ed.kind = DocKind::Legislation;
        // Centred on an A4 page (595 pt) as legislation.gov.uk sets them; `styled` is 5.5 pt a character at 11 pt.
        let centred = |text: &str, y: f32| {
            let width = text.chars().count() as f32 * 5.5;
            styled(text, 297.5 - width / 2.0, y, 11.0, false)
        };
        let mut lines = vec![
            styled("1 Short title", 93.0, 80.0, 11.0, true),
            styled(
                "(1) This Act may be cited as the Children Act 2004.",
                122.0,
                94.0,
                11.0,
                false,
            ),
            centred("SCHEDULE 1 Section 1", 120.0),
            centred("CHILDREN'S COMMISSIONER", 134.0),
            centred("Status", 160.0),
            styled(
                "1 (1) The Children's Commissioner is to be a corporation sole.",
                93.0,
                180.0,
                11.0,
                false,
            ),
            styled(
                "(2) The Children's Commissioner is not to be regarded as the",
                122.0,
                194.0,
                11.0,
                false,
            ),
            // A wrapped line that happens to sit in the middle of the page is still text.
            centred("servant or agent of the Crown", 208.0),
            styled("Textual Amendments", 97.0, 230.0, 10.0, true),
            styled(
                "F221 Sch. 1 para. 2 inserted (1.4.2014) by Children and Families Act 2014",
                103.0,
                244.0,
                9.0,
                false,
            ),
            centred("[F221Interim appointments", 270.0),
            styled(
                "2 (1) Where there is a vacancy in the office, the Secretary of",
                93.0,
                290.0,
                11.0,
                false,
            ),
            styled(
                "State may appoint a person as interim Children's Commissioner.",
                138.0,
                304.0,
                11.0,
                false,
            ),
            styled(
                "3 The Secretary of State must pay the Commissioner.",
                93.0,
                324.0,
                11.0,
                false,
            ),
            styled(
                "18 months is the longest term, a line that only looks like a number.",
                93.0,
                338.0,
                11.0,
                false,
            ),
        ];
        // An inserted paragraph: the marker "[F5" is its own span, against the number "3A".
        let mut inserted = styled("[F5", 93.0, 352.0, 11.0, false);
        inserted.spans.extend(
            styled(
                "3A The Commissioner may be paid interim fees.",
                108.0,
                352.0,
                11.0,
                false,
            )
            .spans,
        );
        lines.push(inserted);
        let built = legislation(ProvisionKind::Section, 76, lines);
        let labels = cited(&built);
        assert_eq!(
            labels,
            [
                "s. 1(1)",
                "Sch. 1 para 1(1)",
                "Sch. 1 para 1(2)",
                "Sch. 1 para 2(1)",
                "Sch. 1 para 3",
                "Sch. 1 para 3A"
            ]
        );
        let text = |label: &str| {
            built
                .passages
                .iter()
                .find(|p| p.locator.label.cited().as_deref() == Some(label))
                .map(|p| p.text.clone())
                .unwrap()
        };
        // The annotation is left out; the inserted paragraph after it is not lost.
        assert_eq!(
            text("Sch. 1 para 1(2)"),
            "(2) The Children's Commissioner is not to be regarded as the servant or agent of the Crown"
        );
        assert!(text("Sch. 1 para 2(1)").contains("interim Children's Commissioner"));
        // Out of sequence, "18 months…" is text of paragraph 3, not paragraph 18.
        assert!(text("Sch. 1 para 3").contains("18 months"));
        let heading = |label: &str| {
            built
                .passages
                .iter()
                .find(|p| p.locator.label.cited().as_deref() == Some(label))
                .map(|p| p.locator.heading.as_slice().to_vec())
                .unwrap()
        };
        assert_eq!(
            heading("Sch. 1 para 1(1)"),
            ["Schedule 1: CHILDREN'S COMMISSIONER", "Status"]
        );
        assert_eq!(
            heading("Sch. 1 para 2(1)"),
            [
                "Schedule 1: CHILDREN'S COMMISSIONER",
                "Interim appointments"
            ]
        );
    }

    #[test]
    fn unnumbered_text_is_cut_near_target_at_paragraph_ends() {
        let sentence =
            "Providers must keep records of checks and share them with inspectors when asked. ";
        let mut lines = vec![styled("Records", 72.0, 60.0, 14.0, true)];
        let mut y = 80.0;
        for _ in 0..12 {
            // A paragraph of four lines (about 56 words), then a paragraph gap.
            for _ in 0..4 {
                lines.push(line(sentence.trim_end(), y, 11.0));
                y += 14.0;
            }
            y += 14.0;
        }
        let built = from_pdf(&edition(), &doc(vec![page(5, lines)]), Layout::Guidance);
        assert!(built.passages.len() >= 2);
        for p in &built.passages {
            let words = word_count(&p.text);
            assert!(words <= TARGET_WORDS + 60, "{words} words");
            assert!(p.text.ends_with('.'));
            assert_eq!(p.locator.heading.as_slice(), ["Records"]);
        }
    }

    /// The passage labelled `label`.
    fn labelled(built: &Built, label: Label) -> &Passage {
        built
            .passages
            .iter()
            .find(|p| p.locator.label == label)
            .unwrap_or_else(|| panic!("no {label:?}"))
    }

    fn page_span(p: &Passage) -> (u32, u32) {
        match &p.locator.position {
            Position::Pages(s) => (s.start(), s.end()),
            Position::Anchor(_) => panic!("a PDF passage has pages"),
        }
    }

    #[test]
    fn a_notes_list_at_the_end_is_cited_as_notes_not_paragraphs() {
        // The shape of Ofsted's early years handbook pp. 64–66: its last paragraphs (255, 256), then its endnotes
        // 1, 2, 3 with no heading.
        let lines = |tail: Vec<Line>| {
            let mut v = vec![
                styled("Reporting", 72.0, 90.0, 14.0, true),
                line(
                    "1. Inspectors will report on what the setting does well.",
                    120.0,
                    11.0,
                ),
                line(
                    "2. Providers judged good may have used Ofsted logos.",
                    150.0,
                    11.0,
                ),
                line(
                    "1. See the enforcement policy for further information.",
                    180.0,
                    11.0,
                ),
                line(
                    "2. Enforcement requires the provider to take action.",
                    210.0,
                    11.0,
                ),
                line(
                    "3. Inspectors do not need to see DBS checks for childminders.",
                    240.0,
                    11.0,
                ),
            ];
            v.extend(tail);
            v
        };
        let labels = |tail: Vec<Line>| -> Vec<String> {
            from_pdf(
                &edition(),
                &doc(vec![page(3, lines(tail))]),
                Layout::Guidance,
            )
            .passages
            .iter()
            .map(|p| p.locator.label.cited().unwrap_or_default())
            .collect()
        };
        assert_eq!(labels(vec![]), ["para 1", "para 2", "fn 1", "fn 2", "fn 3"]);
        // A heading after the list: not the document's notes (a numbered list before an annex).
        let with_annex = labels(vec![
            styled("Annex A", 72.0, 280.0, 14.0, true),
            line("The annex text follows here at some length.", 310.0, 11.0),
        ]);
        assert!(
            with_annex.iter().all(|l| !l.starts_with("fn")),
            "{with_annex:?}"
        );
    }

    #[test]
    fn a_gov_uk_pages_contents_list_is_not_a_passage() {
        let heading = |text: &str, y: f32| styled(text, 72.0, y, 14.0, true);
        let body = |text: &str, y: f32| line(text, y, 11.0);
        // Past the cover pages, where heading sizes count.
        let p1 = page(
            3,
            vec![
                heading("Children's homes: recruiting staff", 100.0),
                body(
                    "Contents — Introduction — Written references — Recruitment records",
                    130.0,
                ),
                heading("Introduction", 170.0),
                body("You must comply with regulations 32 and 33 when you recruit staff.", 200.0),
                heading("Written references", 240.0),
                body("Contents of a reference: a reference should say how long the referee has known the person.", 270.0),
                heading("Recruitment records", 310.0),
                body("Keep a record of every check you make on each member of staff.", 340.0),
            ],
        );
        let built = from_pdf(&edition(), &doc(vec![p1]), Layout::Guidance);
        let texts: Vec<&str> = built.passages.iter().map(|p| p.text.as_str()).collect();
        assert!(
            !texts.iter().any(|t| t.starts_with("Contents —")),
            "{texts:#?}"
        );
        // A passage that merely starts with the word, and the sections themselves, stay.
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Contents of a reference")),
            "{texts:#?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with("You must comply")),
            "{texts:#?}"
        );
        assert!(
            texts.iter().any(|t| t.starts_with("Keep a record")),
            "{texts:#?}"
        );
    }

    #[test]
    fn a_long_contents_list_followed_by_the_copyright_notice_is_not_a_passage() {
        let names = [
            "Introduction",
            "Purpose",
            "Powers",
            "Legislation",
            "Information",
            "Actions",
            "Appeals",
            "Notices",
        ];
        let mut lines = vec![line(
            &format!(
                "Contents {} © Crown copyright 2024. This publication is licensed under the terms of the Open \
                 Government Licence v3.0 except where otherwise stated. To view this licence, visit the National \
                 Archives website or write to the Information Policy Team at the National Archives in Kew.",
                names.join(" ")
            ),
            100.0,
            11.0,
        )];
        for (i, n) in names.iter().enumerate() {
            let y = 140.0 + 60.0 * i as f32;
            lines.push(styled(n, 72.0, y, 14.0, true));
            lines.push(line(
                "Providers must keep to the rules set out here.",
                y + 25.0,
                11.0,
            ));
        }
        let built = from_pdf(&edition(), &doc(vec![page(3, lines)]), Layout::Guidance);
        let texts: Vec<&str> = built.passages.iter().map(|p| p.text.as_str()).collect();
        assert!(
            !texts.iter().any(|t| t.starts_with("Contents")),
            "{texts:#?}"
        );
        assert_eq!(texts.len(), names.len(), "{texts:#?}");
    }

    #[test]
    fn a_footnote_that_runs_over_a_page_break_stays_a_footnote() {
        // The shape of EYFS 2025 pp. 26–27: footnote 23 stops mid-sentence at the foot of p. 26 and ends in small
        // type at the foot of p. 27, above footnote 24 and with no number of its own; para 3.26 ends just above.
        let filler = |y: f32| {
            line(
                "Providers must follow the requirements set out in this framework at all times.",
                y,
                11.0,
            )
        };
        let p26 = page(
            26,
            vec![
                line("1. Providers must obtain references before they appoint.", 100.0, 11.0),
                filler(114.0),
                filler(128.0),
                line("2. References should state facts that meet the harm threshold.", 156.0, 11.0),
                filler(170.0),
                filler(184.0),
                line(
                    "23 The harm test is explained in the guidance and means that a person may (a) harm a child or",
                    760.0,
                    9.0,
                ),
                line("26", 820.0, 9.0),
            ],
        );
        let p27 = page(
            27,
            vec![
                line(
                    "3. If a provider becomes aware of relevant information, the provider",
                    100.0,
                    11.0,
                ),
                line(
                    "must take appropriate action to ensure the safety of children.",
                    114.0,
                    11.0,
                ),
                line(
                    "vulnerable adult, (b) cause a child or vulnerable adult to be harmed.",
                    700.0,
                    9.0,
                ),
                line(
                    "24 Providers may find the Ofsted guidance helpful, in particular",
                    740.0,
                    9.0,
                ),
                line("27", 820.0, 9.0),
            ],
        );
        // Footnote 24 runs on too, to a page with no footnote of its own.
        let p28 = page(
            28,
            vec![
                line(
                    "4. Schools may choose to mix their reception classes.",
                    100.0,
                    11.0,
                ),
                filler(114.0),
                filler(128.0),
                line("the guidance on significant events.", 740.0, 9.0),
                line("28", 820.0, 9.0),
            ],
        );
        // Small type after a footnote that ended its sentence is the page's own (a table's caption, say).
        let p29 = page(
            29,
            vec![
                line("5. Ratios are set out in the table below.", 100.0, 11.0),
                filler(114.0),
                filler(128.0),
                line("Children in early years settings by region", 700.0, 9.0),
                line("29", 820.0, 9.0),
            ],
        );
        let built = from_pdf(&edition(), &doc(vec![p26, p27, p28, p29]), Layout::Guidance);
        let para = |n: &str| labelled(&built, Label::Paragraph(n.into()));
        assert_eq!(
            para("3").text,
            "If a provider becomes aware of relevant information, the provider must take appropriate action \
             to ensure the safety of children."
        );
        let fn23 = labelled(&built, Label::Footnote("23".into()));
        assert!(
            fn23.text.ends_with("(a) harm a child or vulnerable adult, (b) cause a child or vulnerable adult to be harmed."),
            "{}",
            fn23.text
        );
        assert_eq!(page_span(fn23), (26, 27));
        let fn24 = labelled(&built, Label::Footnote("24".into()));
        assert_eq!(
            fn24.text,
            "Providers may find the Ofsted guidance helpful, in particular the guidance on significant events."
        );
        assert_eq!(page_span(fn24), (27, 28));
        assert!(
            !para("4").text.contains("significant events"),
            "{}",
            para("4").text
        );
        assert!(
            para("5")
                .text
                .ends_with("Children in early years settings by region"),
            "{}",
            para("5").text
        );
    }

    #[test]
    fn an_annex_heading_above_its_contents_list_and_the_annexs_own_numbering() {
        // The shape of KCSIE 2025 pp. 144–150: the main text's numbering has run on (here to 40); Annex A numbers
        // its paragraphs from 1 again, indented a little; Annex B opens on a page that lists its contents under
        // a short introduction.
        let mut p10 = vec![styled(
            "Part five: Child-on-child abuse",
            72.0,
            80.0,
            18.0,
            true,
        )];
        p10.extend((1..=40).map(|k| {
            line(
                &format!("{k}. Paragraph {k} of the main text, on what schools should do."),
                110.0 + k as f32 * 14.0,
                11.0,
            )
        }));
        p10.push(line("10", 820.0, 9.0));
        // A numbered list at the margin under a new Part, between paragraphs 40 and 41, is no new numbering …
        let p11 = page(
            11,
            vec![
                styled("Part six: Records", 72.0, 80.0, 18.0, true),
                line("Schools take these steps in this order.", 110.0, 11.0),
                line("1. Ask the child what happened.", 124.0, 11.0),
                line("2. Record what was said.", 138.0, 11.0),
                line(
                    "41. Records are kept securely and shared only when necessary.",
                    166.0,
                    11.0,
                ),
                // … nor is one indented like Annex A's numbers.
                styled("Part seven: Support", 72.0, 300.0, 18.0, true),
                line("Staff follow two rules.", 330.0, 11.0),
                styled("1. Listen to the child.", 86.0, 344.0, 11.0, false),
                styled("2. Reassure the child.", 86.0, 358.0, 11.0, false),
                line(
                    "42. Staff are supported by the safeguarding lead.",
                    386.0,
                    11.0,
                ),
                line("11", 820.0, 9.0),
            ],
        );
        let annex_para = |k: u32, y: f32| {
            styled(
                &format!("{k}. Annex paragraph {k}: everyone who works with children has a role to play."),
                86.0,
                y,
                11.0,
                false,
            )
        };
        let p12 = page(
            12,
            vec![
                styled(
                    "Annex A: Safeguarding information for school and",
                    72.0,
                    74.0,
                    18.0,
                    true,
                ),
                styled("college staff", 72.0, 95.0, 18.0, true),
                styled(
                    "The role of school and college staff",
                    72.0,
                    140.0,
                    16.0,
                    true,
                ),
                annex_para(1, 170.0),
                annex_para(2, 198.0),
                styled(
                    "What school and college staff need to know",
                    72.0,
                    240.0,
                    16.0,
                    true,
                ),
                annex_para(3, 270.0),
                styled("• a bullet of paragraph 3", 90.0, 290.0, 11.0, false),
                annex_para(4, 318.0),
                annex_para(5, 346.0),
                line("12", 820.0, 9.0),
            ],
        );
        let mut p13 = vec![
            styled("Annex B: Further information", 72.0, 74.0, 18.0, true),
            line(
                "Annex B contains important additional information about specific",
                100.0,
                11.0,
            ),
            line("forms of abuse and safeguarding issues.", 114.0, 11.0),
            styled(
                "Where a child is suffering, or is likely to suffer from harm, it is important",
                72.0,
                142.0,
                11.0,
                true,
            ),
            styled(
                "that a referral to local authority children's social care (and if appropriate",
                72.0,
                156.0,
                11.0,
                true,
            ),
            styled("the police) is made immediately.", 72.0, 170.0, 11.0, true),
            styled("Table of contents", 72.0, 200.0, 16.0, true),
        ];
        for (k, entry) in [
            "Child abduction",
            "Cybercrime",
            "Domestic abuse",
            "Homelessness",
            "Mental health",
        ]
        .iter()
        .enumerate()
        {
            p13.push(line(
                &format!("{entry} {}", 14 + k),
                226.0 + k as f32 * 16.0,
                11.0,
            ));
        }
        p13.push(line("13", 820.0, 9.0));
        let p14 = page(
            14,
            vec![
                styled(
                    "Child abduction and community safety incidents",
                    72.0,
                    70.0,
                    14.0,
                    true,
                ),
                line(
                    "Child abduction is the unauthorised removal or retention of a minor.",
                    96.0,
                    11.0,
                ),
                line("14", 820.0, 9.0),
            ],
        );
        let pages = vec![page(10, p10), p11, p12, page(13, p13), p14];
        let built = from_pdf(&edition(), &doc(pages), Layout::Guidance);
        let para = |n: &str| labelled(&built, Label::Paragraph(n.into()));

        // Annex A's paragraphs are its own, cited with its name.
        for k in 1..=5 {
            let p = para(&format!("{k}~2"));
            assert!(
                p.text.starts_with(&format!("Annex paragraph {k}:")),
                "{}",
                p.text
            );
            assert_eq!(p.locator.restarted_in().as_deref(), Some("Annex A"));
        }
        assert!(para("3~2").text.contains("a bullet of paragraph 3"));
        // The lists under Parts six and seven are no numberings of their own.
        assert!(para("41").text.starts_with("Records are kept"));
        assert!(para("42").text.starts_with("Staff are supported"));
        assert!(!built
            .passages
            .iter()
            .any(|p| p.locator.label.is_repeat()
                && p.locator.heading.as_slice()[0].starts_with("Part ")));

        // Annex B's heading and introduction are kept; its contents list is not text.
        let intro = built
            .passages
            .iter()
            .find(|p| p.locator.heading.as_slice() == ["Annex B: Further information"])
            .expect("Annex B's introduction");
        assert!(
            intro.text.starts_with("Annex B contains important"),
            "{}",
            intro.text
        );
        // The bold sentence over three lines (more words than a heading has) is text, not a heading.
        assert!(
            intro.text.ends_with("is made immediately."),
            "{}",
            intro.text
        );
        let abduction = built
            .passages
            .iter()
            .find(|p| p.text.starts_with("Child abduction is"))
            .unwrap();
        assert_eq!(
            abduction.locator.heading.as_slice(),
            [
                "Annex B: Further information",
                "Child abduction and community safety incidents"
            ]
        );
        assert!(!built
            .passages
            .iter()
            .any(|p| p.text.contains("Cybercrime 15") || p.text.contains("Table of contents")));
    }

    /// A line of cells: `(text, x)` pairs on one baseline, in one size.
    fn cells(parts: &[(&str, f32)], y: f32, size: f32) -> Line {
        Line {
            spans: parts
                .iter()
                .flat_map(|(t, x)| styled(t, *x, y, size, false).spans)
                .collect(),
            y,
        }
    }

    #[test]
    fn a_small_type_table_at_the_foot_of_a_page_is_not_footnotes() {
        // Northamptonshire thresholds 2022: the continuum-of-need table is set in 10 pt under 11 pt text and fills
        // the foot of p. 10 ("2 Vulnerable These children …", cells apart); on p. 18 a cell of the right-hand column
        // reads "15 days excluded in any year". Neither number is a footnote's.
        let mut lines = vec![line(
            "Please refer to the levels of need set out below for each level.",
            86.0,
            11.0,
        )];
        for k in 0..6 {
            lines.push(line(
                "Body text of the page, set in the body size and long enough.",
                100.0 + k as f32 * 13.0,
                11.0,
            ));
        }
        lines.push(cells(
            &[
                ("1 ", 37.0),
                ("Children with no additional needs", 96.0),
                ("Health Visitors", 340.0),
            ],
            600.0,
            10.0,
        ));
        lines.push(cells(
            &[
                ("Universal support", 37.0),
                ("met by universal services.", 96.0),
            ],
            612.0,
            10.0,
        ));
        lines.push(cells(
            &[
                ("2 Vulnerable These children may need extra ", 37.0),
                ("Therapy services", 340.0),
            ],
            640.0,
            10.0,
        ));
        lines.push(styled(
            "• 3 fixed term exclusions or greater than",
            330.0,
            700.0,
            10.0,
            false,
        ));
        lines.push(styled(
            "15 days excluded in any year",
            340.0,
            712.0,
            10.0,
            false,
        ));
        lines.push(styled(
            "• Permanently excluded from school",
            330.0,
            724.0,
            10.0,
            false,
        ));
        let built = from_pdf(&edition(), &doc(vec![page(10, lines)]), Layout::Guidance);
        assert!(
            !built
                .passages
                .iter()
                .any(|p| matches!(p.locator.label, Label::Footnote(_))),
            "{:?}",
            built
                .passages
                .iter()
                .map(|p| (&p.locator.label, &p.text))
                .collect::<Vec<_>>()
        );
        let all: String = built.passages.iter().map(|p| p.text.as_str()).collect();
        assert!(all.contains("greater than 15 days excluded"), "{all}");
        assert!(all.contains("2 Vulnerable These children"), "{all}");
    }

    #[test]
    fn a_footnote_at_the_margin_is_still_a_footnote_beside_a_table_cell() {
        // The number of a real note stands at the margin and its text follows a space or a tab stop away.
        let lines = vec![
            line("Body text with a reference to a note.", 100.0, 11.0),
            line("More body text of the page.", 114.0, 11.0),
            cells(
                &[
                    ("8 ", 72.0),
                    ("The Children’s Society: Missing the Mark (May 2020)", 90.0),
                ],
                760.0,
                10.0,
            ),
        ];
        let built = from_pdf(&edition(), &doc(vec![page(17, lines)]), Layout::Guidance);
        let note = labelled(&built, Label::Footnote("8".into()));
        assert_eq!(
            note.text,
            "The Children’s Society: Missing the Mark (May 2020)"
        );
    }

    #[test]
    fn a_numbered_section_heading_ends_the_paragraph_before_it() {
        // Northamptonshire thresholds 2022 pp. 13–14: "6. Assessment …" and "7. Statutory intervention" in 16 pt,
        // "6.1 …", "6.2 …", "7.1 …" in 14 pt over 11 pt text. Para 6.2 ends above "7."; what follows "7." is
        // under it.
        let lines = vec![
            line("Earlier text of the guidance.", 60.0, 11.0),
            styled(
                "6. Assessment of a child under the Children Act 1989",
                35.0,
                100.0,
                16.0,
                false,
            ),
            styled("6.1 Child and Family assessment", 35.0, 130.0, 14.0, false),
            styled(
                "A Child and Family Assessment is a statutory assessment.",
                35.0,
                160.0,
                11.0,
                false,
            ),
            styled(
                "6.2 Section 17 Child in Need (CiN)",
                35.0,
                190.0,
                14.0,
                false,
            ),
            styled(
                "Some children and young people with complex needs are in need.",
                35.0,
                220.0,
                11.0,
                false,
            ),
            styled("7. Statutory intervention", 35.0, 260.0, 16.0, false),
            styled(
                "Some children are in need because they are suffering harm.",
                35.0,
                290.0,
                11.0,
                false,
            ),
            styled("7.1 Significant harm", 35.0, 320.0, 14.0, false),
            styled(
                "There are no absolute criteria for significant harm.",
                35.0,
                350.0,
                11.0,
                false,
            ),
        ];
        let built = from_pdf(&edition(), &doc(vec![page(13, lines)]), Layout::Guidance);
        let p62 = labelled(&built, Label::Paragraph("6.2".into()));
        assert_eq!(
            p62.text,
            "Section 17 Child in Need (CiN)\nSome children and young people with complex needs are in need."
        );
        assert_eq!(
            p62.locator.heading.as_slice(),
            ["6. Assessment of a child under the Children Act 1989"]
        );
        let after = built
            .passages
            .iter()
            .find(|p| p.text.starts_with("Some children are in need"))
            .expect("section 7's opening paragraph");
        assert_eq!(
            after.locator.heading.as_slice(),
            ["7. Statutory intervention"]
        );
        let p71 = labelled(&built, Label::Paragraph("7.1".into()));
        assert_eq!(
            p71.locator.heading.as_slice(),
            ["7. Statutory intervention"]
        );
    }

    #[test]
    fn paragraphs_and_a_lists_end_are_line_breaks_and_line_wraps_are_spaces() {
        // Working Together 2023 p. 87: the list's last item, then a paragraph back at the margin a little apart
        // (less than the usual paragraph gap), then a paragraph set a paragraph gap below that runs over the page
        // break.
        let bullet = |t: &str, y: f32| styled(t, 82.0, y, 12.0, false);
        let text = |t: &str, y: f32| styled(t, 65.0, y, 12.0, false);
        let p87 = page(
            87,
            vec![
                styled("Tasks", 65.0, 72.0, 12.0, true),
                text("Where there are grounds to initiate an enquiry, decisions should be made as to:", 96.0),
                bullet("• what further information is needed if an assessment is already underway and", 119.0),
                styled("how it will be obtained and recorded", 100.0, 135.6, 12.0, false),
                bullet("• whether legal action is required", 159.0),
                text("The timescale for the assessment should be based upon the needs of", 181.6),
                text("the individual child and be no longer than 45 working days.", 198.2),
                text("The lead practitioner for section 47 enquiries should be a social", 224.2),
                text("worker, and the strategy discussion should be", 240.8),
            ],
        );
        let p88 = page(88, vec![text("Convened by the local authority.", 72.0)]);
        let built = from_pdf(&edition(), &doc(vec![p87, p88]), Layout::Guidance);
        assert_eq!(built.passages.len(), 1, "{:?}", built.passages);
        assert_eq!(
            built.passages[0].text,
            "Where there are grounds to initiate an enquiry, decisions should be made as to:\n\
             • what further information is needed if an assessment is already underway and how it will be \
             obtained and recorded\n\
             • whether legal action is required\n\
             The timescale for the assessment should be based upon the needs of the individual child and be no \
             longer than 45 working days.\n\
             The lead practitioner for section 47 enquiries should be a social worker, and the strategy \
             discussion should be Convened by the local authority."
        );
    }

    #[test]
    fn a_footnote_reference_on_a_line_of_its_own_is_a_superscript() {
        // Children's homes guide 2015 p. 13: the 7 pt "5" is raised between two lines of 10.5 pt text, at the
        // word it marks; it is a reference, not a footnote's start nor a number in the text.
        let lines = vec![
            line(
                "is not arranged as part of the health service continued under section 1(1) of the",
                534.0,
                11.0,
            ),
            styled("5", 320.0, 541.3, 7.0, false),
            line(
                "National Health Service Act 2006, satisfies the conditions.",
                546.0,
                11.0,
            ),
            line("Text of the page.", 560.0, 11.0),
        ];
        let built = from_pdf(&edition(), &doc(vec![page(13, lines)]), Layout::Guidance);
        assert_eq!(built.passages.len(), 1, "{:?}", built.passages);
        assert!(
            built.passages[0]
                .text
                .contains("section 1(1) of the ⁵ National Health Service Act"),
            "{}",
            built.passages[0].text
        );
    }
}
