//! PDF pages → passages.
//!
//! The path of a page: furniture (running headers, footers, folios) is set aside and mined for the printed page
//! number; a contents page is skipped; the block of small-type lines that a footnote number opens at the foot of the
//! page becomes footnote passages; every other line joins one stream of body lines, so a paragraph that runs over a
//! page break (or past the footnotes that interrupt it) stays one passage. The stream is cut at headings (set in a
//! larger or bold face) and at paragraph starts: numbered paragraphs (`363.`, `3.22`) in guidance, sections and
//! subsections (`22`, `(1)`) or regulations (`25.—(1)`) in legislation. Text under a heading with no numbers is
//! cut into passages of about [`TARGET_WORDS`] words, at paragraph ends, never mid-sentence, never between a lead-in
//! ending in a colon and the list it leads into.

use std::collections::{BTreeMap, HashMap};

use pinpoint_model::{
    Edition, HeadingPath, Label, Locator, PageSpan, Passage, Position, ProvisionKind,
};
use pinpoint_pdf::{Document, Line, Page};

use crate::furniture;
use crate::text::{push_line, split_sentences_into, word_count};
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
fn body_text(line: &Line) -> String {
    let size = line.font_size();
    let mut out = String::new();
    for span in &line.spans {
        let t = span.text.trim();
        if !t.is_empty()
            && t.chars().all(|c| c.is_ascii_digit() || c == ',')
            && span.font_size < size * 0.8
        {
            // Spacing as in the file: most markers sit against their word, some follow a space.
            out.extend(t.chars().map(superscript));
            if span.text.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push_str(&span.text);
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

/// Splits the footnote block off the foot of a page: the longest run of small-type lines ending the page whose
/// first line opens a footnote. Returns where the block starts and the footnotes (number, text).
fn footnotes(lines: &[&Line], body_size: f32) -> (usize, Vec<(String, String)>) {
    let mut start = lines.len();
    while start > 0
        && lines[start - 1].font_size() < body_size * 0.92
        && !lines[start - 1].text().trim().is_empty()
    {
        start -= 1;
    }
    // Walk forward to the first line that opens a footnote; small lines above it are body (a caption, a table).
    while start < lines.len() && footnote_marker(lines[start]).is_none() {
        start += 1;
    }
    let mut notes: Vec<(String, String)> = Vec::new();
    for line in &lines[start..] {
        match footnote_marker(line) {
            Some((n, rest)) => notes.push((n, rest)),
            None => {
                if let Some(last) = notes.last_mut() {
                    push_line(&mut last.1, &line.text());
                }
            }
        }
    }
    notes.retain(|(_, text)| !text.is_empty());
    (start, notes)
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
}

struct Assembler<'e> {
    edition: &'e Edition,
    labels: BTreeMap<u32, Option<String>>,
    heading: Vec<(u8, String)>,
    open: Option<Open>,
    pending_footnotes: Vec<(u32, String, String)>,
    passages: Vec<Passage>,
    unnumbered: u32,
    unique: UniqueLabels,
    warnings: Vec<String>,
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
        let text = open.paragraphs.join(" ");
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
        for (page, n, text) in std::mem::take(&mut self.pending_footnotes) {
            let heading = self.heading_path();
            self.emit(Label::Footnote(n), heading, page, page, text);
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
    let mut notes_by_page: HashMap<u32, Vec<(String, String)>> = HashMap::new();
    for (page, lines) in doc.pages.iter().zip(&body) {
        if is_contents_page(lines) {
            continue;
        }
        let (end, notes) = match layout {
            Layout::Guidance => footnotes(lines, style.body_size),
            Layout::Legislation(_) => (lines.len(), vec![]),
        };
        if !notes.is_empty() {
            notes_by_page.insert(page.number, notes);
        }
        let mut prev_y: Option<f32> = None;
        for line in &lines[..end] {
            let text = body_text(line);
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
    let size_key = |b: &BodyLine| (b.size * 2.0).round() as i32;
    let mut heading_sizes: BTreeMap<i32, (bool, u32)> = BTreeMap::new();
    for b in stream.iter().filter(|b| is_heading(b)) {
        let e = heading_sizes.entry(size_key(b)).or_insert((false, b.page));
        e.0 |= b.page > 2;
    }
    let levels: Vec<i32> = heading_sizes
        .iter()
        .rev()
        .filter(|(_, (used, _))| *used)
        .map(|(k, _)| *k)
        .collect();
    // Level 0 is kept for what stands above every printed heading (a schedule, the explanatory note), so that no
    // heading inside it takes it off the path.
    let level_of = |b: &BodyLine| {
        levels.iter().position(|k| *k == size_key(b)).map(|p| {
            u8::try_from(p + 1)
                .unwrap_or(u8::MAX)
                .min(MAX_PRINTED_LEVEL)
        })
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
    };
    let mut last_number: Option<String> = None;
    let mut broken_chain: Option<String> = None;
    let mut last_section: Option<String> = None;
    let mut last_subsection: Option<String> = None;
    let mut skipping_annotations = false;
    let mut in_explanatory_note = false;
    // The schedule being read, once the provisions are over: its paragraphs are `Sch. 2 para 3`, not regulations.
    let mut schedule: Option<String> = None;
    // The number of the schedule paragraph last opened in an Act ("3A"), for the sequence check.
    let mut last_schedule_paragraph: Option<String> = None;
    let mut i = 0;
    let mut current_page = 0;
    while i < stream.len() {
        let b = &stream[i];
        if b.page != current_page {
            // Footnotes of the page just finished wait until the paragraph they interrupt closes.
            if let Some(notes) = notes_by_page.remove(&current_page) {
                asm.pending_footnotes
                    .extend(notes.into_iter().map(|(n, t)| (current_page, n, t)));
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
            // Merge a heading set over several lines.
            let mut title = text.clone();
            let mut j = i + 1;
            while j < stream.len()
                && stream[j].page == b.page
                && size_key(&stream[j]) == size_key(b)
                && word_count(&stream[j].text) <= 25
                && paragraph_number(&stream[j].text).is_none()
                && stream[j].bold == b.bold
                && stream[j].gap.is_some_and(|g| g < b.size * 2.2)
                && !(legislation
                    && provision_start(&stream[j].text, ProvisionKind::Section).is_some())
                && word_count(&title) < 30
            {
                push_line(&mut title, &stream[j].text);
                j += 1;
            }
            // A bold sentence ("We expect to publish revised guidance … this summer.") is emphasis, not a heading.
            let sentence =
                b.size < style.body_size * 1.12 && (title.ends_with('.') || title.contains(". "));
            if sentence && section.is_none() {
                for (k, line) in stream[i..j].iter().enumerate() {
                    asm.push_body(line.page, &line.text, k == 0);
                }
                i = j;
                continue;
            }
            skipping_annotations = false;
            match level {
                // A cover-page style: not part of any heading path.
                None => asm.close(),
                Some(level) => asm.set_heading(level, title.clone()),
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

        let new_paragraph =
            b.gap.is_none_or(|g| g > style.leading * 1.45) || b.text.starts_with('•');
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
                // A number at the margin that does not follow is held as `broken_chain`: if the next one is
                // exactly its successor, numbering has restarted in a way `follows` did not foresee, and the
                // chain resumes from there (one label lost, rather than every label after it).
                let resumes = |n: &str| {
                    x <= style.left + 6.0
                        && broken_chain
                            .as_deref()
                            .is_some_and(|p| next_exactly(Some(p), n))
                };
                match paragraph_number(&b.text) {
                    Some((n, rest))
                        if (x <= style.left + 6.0 && follows(last_number.as_deref(), &n))
                            || (x <= style.left + 40.0 && exact_next(&n))
                            || resumes(&n) =>
                    {
                        broken_chain = None;
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
        asm.pending_footnotes
            .extend(notes.into_iter().map(|(n, t)| (current_page, n, t)));
    }
    asm.close();
    // Footnotes of pages whose body was entirely skipped (contents) have nothing to follow: emit them in order.
    let mut rest: Vec<_> = notes_by_page.into_iter().collect();
    rest.sort_by_key(|(p, _)| *p);
    for (page, notes) in rest {
        asm.pending_footnotes
            .extend(notes.into_iter().map(|(n, t)| (page, n, t)));
    }
    asm.flush_footnotes();
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
}
