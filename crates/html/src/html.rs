//! The shared HTML walker: an HTML fragment (a GOV.UK `details.body`, or the main content of a saved page) →
//! heading-tagged [`Block`]s.

use scraper::{ElementRef, Html, Node, Selector};

use crate::text::{fold, split_paragraph_number};
use crate::{Block, BlockKind, Error, Limits};

/// Elements whose content is never body text.
const SKIP_ELEMENTS: &[&str] = &[
    "script", "style", "svg", "nav", "noscript", "template", "iframe", "form", "button", "input",
    "select", "textarea", "head", "title", "meta", "link", "object", "embed", "canvas", "math",
    "footer", "dialog",
];

/// GOV.UK design-system classes of page furniture that can sit inside `main` (contents list, feedback form, …)
/// or inside govspeak (screen-reader-only prefixes, footnote back-links).
const SKIP_CLASSES: &[&str] = &[
    "gem-c-contents-list",
    "gem-c-feedback",
    "govuk-cookie-banner",
    "gem-c-cookie-banner",
    "gem-c-related-navigation",
    "gem-c-contextual-sidebar",
    "govuk-skip-link",
    "gem-c-skip-link",
    "gem-c-print-link",
    "gem-c-share-links",
    "govuk-breadcrumbs",
    "gem-c-breadcrumbs",
    "gem-c-back-to-top-link",
    "gem-c-layout-super-navigation-header",
    "gem-c-single-page-notification-button",
    "gem-c-devolved-nations",
    "gem-c-organisation-logo",
    "govuk-visually-hidden",
    "reversefootnote",
];

/// Inline (phrasing) elements: their text joins the running paragraph instead of starting a block.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "img", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr", "del", "ins",
];

/// Elements whose content starts on a new line, so inline text must not glue words across them.
const BLOCKISH: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "caption",
    "details",
    "summary",
];

/// Void elements (never have an end tag) and elements whose end tag is optional: the depth pre-scan ignores both,
/// since a missing `</p>` or `</li>` does not nest anything in html5ever's tree.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "tbody", "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head",
    "body", "!doctype",
];

/// Elements whose content is raw text (a `<div>` inside `<script>` is not an element).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Refuses markup nested deeper than `limit` **before** html5ever sees it.
///
/// html5ever never overflows the stack, but its tree builder scans the stack of open elements on most start tags,
/// so n unclosed `<div>`s cost O(n²): 100,000 of them take about 40 s. This scan is linear: it counts start tags
/// minus end tags, ignoring void elements, elements with optional end tags, comments and raw-text content. It
/// can only over-estimate depth for sloppy markup that leaves ordinary elements unclosed, which is also what makes
/// html5ever slow.
pub(crate) fn check_depth(html: &str, limit: usize) -> Result<(), Error> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        i += off + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i + 3, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let mut j = name_start;
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-' || bytes[j] == b'!')
        {
            j += 1;
        }
        if j == name_start {
            continue; // "<" in text, "<?pi", "< b"
        }
        let name = html[name_start..j].to_ascii_lowercase();
        // Skip to the end of the tag, respecting quoted attribute values.
        let mut quote = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        i = j;
        if name.starts_with('!') || NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            // Raw-text end tags are matched case-insensitively; GOV.UK writes them in lower case.
            i = find(bytes, i, end.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        depth += 1;
        if depth > limit {
            return Err(Error::TooDeep { limit });
        }
    }
    Ok(())
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// True for elements that carry no body text (scripts, navigation, GOV.UK page furniture, hidden text).
fn skipped(el: &scraper::node::Element) -> bool {
    let name = el.name();
    SKIP_ELEMENTS.contains(&name)
        || el.attr("aria-hidden") == Some("true")
        || el.attr("hidden").is_some()
        || el.classes().any(|c| SKIP_CLASSES.contains(&c))
}

/// Appends the text of `node`'s descendants to `out`: `<br>` and block boundaries become spaces.
fn inline_text(node: ElementRef<'_>, out: &mut String, depth: usize, max_depth: usize) {
    if depth > max_depth {
        return;
    }
    for child in node.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(el) => {
                if skipped(el) {
                    continue;
                }
                let name = el.name();
                if name == "br" {
                    out.push(' ');
                    continue;
                }
                let block = BLOCKISH.contains(&name);
                if block {
                    out.push(' ');
                }
                if let Some(e) = ElementRef::wrap(child) {
                    inline_text(e, out, depth + 1, max_depth);
                }
                if block {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn text_of(node: ElementRef<'_>, max_depth: usize) -> String {
    let mut s = String::new();
    inline_text(node, &mut s, 0, max_depth);
    fold(&s)
}

/// Walks an HTML tree in document order, keeping the heading stack, and emits blocks.
pub(crate) struct Walker {
    /// Headings above everything in this walk (a guide part's title).
    prefix: Vec<String>,
    /// Path prefix for anchors (`/slug` for a guide part), so that `pinpoint_model::Locator::deep_link` can build the part's URL.
    anchor_base: Option<String>,
    /// Open headings: level, text, id.
    headings: Vec<(u8, String, Option<String>)>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) warnings: Vec<String>,
    max_depth: usize,
    too_deep_warned: bool,
}

impl Walker {
    pub(crate) fn new(prefix: Vec<String>, anchor_base: Option<String>, max_depth: usize) -> Self {
        Walker {
            prefix,
            anchor_base,
            headings: Vec::new(),
            blocks: Vec::new(),
            warnings: Vec::new(),
            max_depth,
            too_deep_warned: false,
        }
    }

    fn heading(&self) -> Vec<String> {
        self.prefix
            .iter()
            .cloned()
            .chain(self.headings.iter().map(|h| h.1.clone()))
            .collect()
    }

    fn anchor(&self) -> Option<String> {
        let id = self.headings.iter().rev().find_map(|h| h.2.clone());
        match (&self.anchor_base, id) {
            (Some(base), Some(id)) => Some(format!("{base}#{id}")),
            (Some(base), None) => Some(base.clone()),
            (None, id) => id,
        }
    }

    fn push(&mut self, kind: BlockKind, text: String) -> Option<usize> {
        if text.is_empty() {
            return None;
        }
        self.blocks.push(Block {
            heading: self.heading(),
            anchor: self.anchor(),
            kind,
            text,
        });
        Some(self.blocks.len() - 1)
    }

    /// A paragraph: numbered if it starts with a printed number ("12.", "3.22").
    fn paragraph(&mut self, text: String) -> Option<usize> {
        match split_paragraph_number(&text) {
            Some((number, rest)) => {
                let rest = rest.to_owned();
                self.push(BlockKind::NumberedParagraph(number), rest)
            }
            None => self.push(BlockKind::Text, text),
        }
    }

    fn flush_loose(&mut self, loose: &mut String) -> Option<usize> {
        let text = fold(loose);
        loose.clear();
        self.paragraph(text)
    }

    /// Walks the children of a container element.
    pub(crate) fn walk(&mut self, node: ElementRef<'_>, depth: usize) {
        if depth > self.max_depth {
            if !self.too_deep_warned {
                self.warnings.push(format!(
                    "markup nested deeper than {} levels: inner content skipped",
                    self.max_depth
                ));
                self.too_deep_warned = true;
            }
            return;
        }
        let mut loose = String::new();
        // The block emitted by the element just before this one, if that element was a paragraph: a list that
        // follows joins it as its lead-in.
        let mut prev_para: Option<usize> = None;
        for child in node.children() {
            let el = match child.value() {
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        loose.push_str(t);
                        prev_para = None;
                    } else if !loose.is_empty() {
                        loose.push(' ');
                    }
                    continue;
                }
                Node::Element(el) => el,
                _ => continue,
            };
            if skipped(el) {
                continue;
            }
            let name = el.name();
            if INLINE_ELEMENTS.contains(&name) {
                if name == "br" {
                    loose.push(' ');
                } else {
                    if let Some(e) = ElementRef::wrap(child) {
                        inline_text(e, &mut loose, depth + 1, self.max_depth);
                    }
                }
                prev_para = None;
                continue;
            }
            let Some(child) = ElementRef::wrap(child) else {
                continue;
            };
            if let Some(i) = self.flush_loose(&mut loose) {
                prev_para = Some(i);
            }
            match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let level = name.as_bytes()[1] - b'0';
                    let text = text_of(child, self.max_depth);
                    if !text.is_empty() {
                        while self.headings.last().is_some_and(|h| h.0 >= level) {
                            self.headings.pop();
                        }
                        self.headings
                            .push((level, text, el.id().map(str::to_owned)));
                    }
                    prev_para = None;
                }
                "p" | "pre" | "address" | "figcaption" | "summary" | "dt" | "caption" => {
                    prev_para = self.paragraph(text_of(child, self.max_depth));
                }
                "ul" | "ol" => {
                    self.list(child, el, prev_para.take());
                }
                "table" => {
                    self.table(child);
                    prev_para = None;
                }
                "hr" => prev_para = None,
                _ => {
                    self.walk(child, depth + 1);
                    prev_para = None;
                }
            }
        }
        self.flush_loose(&mut loose);
    }

    /// A list becomes one block, joined to its lead-in paragraph when one comes just before it:
    /// "lead-in: • item • item" (ordered lists keep their numbers: "lead-in: 1. item 2. item").
    fn list(&mut self, node: ElementRef<'_>, el: &scraper::node::Element, lead: Option<usize>) {
        let items = list_items(node, 0, self.max_depth);
        if items.is_empty() {
            return;
        }
        let ordered = el.name() == "ol";
        let mut n: i64 = el
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut text = String::new();
        for item in items {
            if !text.is_empty() {
                text.push(' ');
            }
            if ordered {
                text.push_str(&format!("{n}. "));
                n = n.saturating_add(1);
            } else {
                text.push_str("• ");
            }
            text.push_str(&item);
        }
        match lead.and_then(|i| {
            if i + 1 == self.blocks.len() {
                self.blocks.get_mut(i)
            } else {
                None
            }
        }) {
            Some(block) => {
                block.text.push(' ');
                block.text.push_str(&text);
            }
            None => {
                self.push(BlockKind::Text, text);
            }
        }
    }

    /// One block per table row; body cells are labelled with their column header when the table has one
    /// ("Steps: Step 1; Description: The provider…"), otherwise separated by " | ".
    fn table(&mut self, node: ElementRef<'_>) {
        let mut rows: Vec<(bool, Vec<String>)> = Vec::new();
        let mut caption = None;
        for child in node.children() {
            let Some(child) = ElementRef::wrap(child) else {
                continue;
            };
            let el = child.value();
            match el.name() {
                "caption" => caption = Some(text_of(child, self.max_depth)),
                "tr" => rows.push(self.row(child)),
                "thead" | "tbody" | "tfoot" => {
                    for tr in child.children().filter_map(ElementRef::wrap) {
                        if tr.value().name() == "tr" {
                            let (all_th, cells) = self.row(tr);
                            rows.push((all_th || el.name() == "thead", cells));
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(c) = caption {
            self.push(BlockKind::Text, c);
        }
        let header = match rows.first() {
            Some((true, cells)) if rows.len() > 1 => Some(cells.clone()),
            _ => None,
        };
        let skip = usize::from(header.is_some());
        for (_, cells) in rows.into_iter().skip(skip) {
            let text = match &header {
                Some(h) if h.len() == cells.len() => h
                    .iter()
                    .zip(&cells)
                    .filter(|(_, c)| !c.is_empty())
                    .map(|(h, c)| {
                        if h.is_empty() {
                            c.clone()
                        } else {
                            format!("{h}: {c}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                _ => cells
                    .iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | "),
            };
            self.push(BlockKind::Text, text);
        }
    }

    fn row(&self, tr: ElementRef<'_>) -> (bool, Vec<String>) {
        let mut all_th = true;
        let mut cells = Vec::new();
        for cell in tr.children().filter_map(ElementRef::wrap) {
            let el = cell.value();
            match el.name() {
                "th" => cells.push(text_of(cell, self.max_depth)),
                "td" => {
                    all_th = false;
                    cells.push(text_of(cell, self.max_depth));
                }
                _ => {}
            }
        }
        (all_th && !cells.is_empty(), cells)
    }
}

/// The items of a list; a nested list's items follow their parent item's text, marked "◦".
fn list_items(list: ElementRef<'_>, depth: usize, max_depth: usize) -> Vec<String> {
    let mut items = Vec::new();
    if depth > max_depth {
        return items;
    }
    for li in list.children().filter_map(ElementRef::wrap) {
        let el = li.value();
        if el.name() != "li" || skipped(el) {
            continue;
        }
        let mut own = String::new();
        let mut nested = Vec::new();
        for c in li.children() {
            match c.value() {
                Node::Element(e) if matches!(e.name(), "ul" | "ol") => {
                    if let Some(c) = ElementRef::wrap(c) {
                        nested.extend(list_items(c, depth + 1, max_depth));
                    }
                }
                Node::Element(e) if skipped(e) => {}
                Node::Element(e) => {
                    let block = BLOCKISH.contains(&e.name());
                    if block {
                        own.push(' ');
                    }
                    if e.name() == "br" {
                        own.push(' ');
                    } else if let Some(c) = ElementRef::wrap(c) {
                        inline_text(c, &mut own, depth + 1, max_depth);
                    }
                    if block {
                        own.push(' ');
                    }
                }
                Node::Text(t) => own.push_str(t),
                _ => {}
            }
        }
        let mut text = fold(&own);
        for n in nested {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str("◦ ");
            text.push_str(&n);
        }
        if !text.is_empty() {
            items.push(text);
        }
    }
    items
}

/// Parses an HTML fragment into blocks with the given heading prefix and anchor base (both empty for a plain
/// fragment). Checks size and depth first.
pub(crate) fn fragment_blocks(
    html: &str,
    prefix: Vec<String>,
    anchor_base: Option<String>,
    limits: &Limits,
) -> Result<(Vec<Block>, Vec<String>), Error> {
    limits.check_size(html.len())?;
    check_depth(html, limits.max_depth)?;
    let doc = Html::parse_fragment(html);
    let mut walker = Walker::new(prefix, anchor_base, limits.max_depth);
    walker.walk(doc.root_element(), 0);
    Ok((walker.blocks, walker.warnings))
}

/// Parses an HTML fragment (e.g. a GOV.UK `details.body`) into heading-tagged blocks, with [`Limits::default`].
///
/// Headings h1–h6 build the heading path (GOV.UK bodies use h2–h4); each block's `anchor` is the `id` of the
/// nearest heading that has one. Paragraphs are [`BlockKind::Text`], or [`BlockKind::NumberedParagraph`] when they
/// open with a printed number ("12.", "3.22"); a list is one block with the paragraph just before it (its
/// lead-in); a table gives one block per row. Scripts, styles, SVG, navigation, forms and screen-reader-only text
/// are skipped.
///
/// Infallible by design, for callers that just want text: input over the size or depth limits yields no blocks.
/// Use [`parse_html_fragment_with`] to see why.
pub fn parse_html_fragment(html: &str) -> Vec<Block> {
    parse_html_fragment_with(html, &Limits::default()).unwrap_or_default()
}

/// [`parse_html_fragment`] with explicit limits: errors with [`Error::TooLarge`] or [`Error::TooDeep`].
pub fn parse_html_fragment_with(html: &str, limits: &Limits) -> Result<Vec<Block>, Error> {
    fragment_blocks(html, Vec::new(), None, limits).map(|(blocks, _)| blocks)
}

fn selector(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Where the text of a saved GOV.UK page lives, most specific first. `main .govspeak` is the rendered body of
/// guides, HTML publications and detailed guides; the later ones are fallbacks for other layouts, where the
/// chrome filters in the walker (contents list, feedback, breadcrumbs …) do the work.
const CONTENT_SELECTORS: &[&str] = &[
    "main .govspeak",
    "main .gem-c-govspeak",
    "#content .govspeak",
    ".govuk-govspeak",
    "main",
    "#content",
    "body",
];

/// Parses a whole saved GOV.UK page, keeping only its main content.
pub(crate) fn page(bytes: &[u8], limits: &Limits) -> Result<crate::Document, Error> {
    limits.check_size(bytes.len())?;
    let mut warnings = Vec::new();
    let text = crate::text::decode_lossy(bytes, &mut warnings);
    check_depth(&text, limits.max_depth)?;
    let doc = Html::parse_document(&text);

    let mut metadata = crate::Metadata::default();
    if let Some(sel) = selector(r#"link[rel="canonical"]"#) {
        metadata.url = doc
            .select(&sel)
            .find_map(|e| e.attr("href"))
            .map(|h| h.trim().to_owned());
    }
    for s in ["main h1", "h1"] {
        if let Some(sel) = selector(s) {
            if let Some(h1) = doc.select(&sel).next() {
                metadata.title = Some(text_of(h1, limits.max_depth)).filter(|t| !t.is_empty());
                break;
            }
        }
    }
    if metadata.title.is_none() {
        if let Some(sel) = selector("title") {
            metadata.title = doc
                .select(&sel)
                .next()
                .map(|t| {
                    fold(&t.text().collect::<String>())
                        .trim_end_matches(" - GOV.UK")
                        .to_owned()
                })
                .filter(|t| !t.is_empty());
        }
    }
    if let Some(sel) = selector(r#"meta[name="govuk:public-updated-at"]"#) {
        metadata.updated = doc
            .select(&sel)
            .find_map(|e| e.attr("content"))
            .map(|c| c.trim().to_owned());
    }
    if metadata.updated.is_none() {
        if let Some(sel) = selector(".gem-c-inverse-header__subtext, .gem-c-metadata") {
            metadata.updated = doc.select(&sel).find_map(|e| {
                let t = fold(&e.text().collect::<String>());
                let i = t.find("Updated ").or_else(|| t.find("Published "))?;
                let rest = &t[i..];
                let rest = rest.split_once(' ').map_or("", |(_, r)| r);
                Some(
                    rest.split(" See all")
                        .next()
                        .unwrap_or(rest)
                        .trim()
                        .to_owned(),
                )
            });
        }
    }

    let mut roots: Vec<ElementRef<'_>> = Vec::new();
    for s in CONTENT_SELECTORS {
        let Some(sel) = selector(s) else { continue };
        let found: Vec<ElementRef<'_>> = doc.select(&sel).collect();
        if found.is_empty() {
            continue;
        }
        // Keep only outermost matches, so nested govspeak is not walked twice.
        for e in &found {
            if !e
                .ancestors()
                .any(|a| found.iter().any(|f| f.id() == a.id()))
            {
                roots.push(*e);
            }
        }
        break;
    }
    let mut walker = Walker::new(Vec::new(), None, limits.max_depth);
    for root in roots {
        walker.walk(root, 0);
    }
    warnings.extend(walker.warnings);
    if walker.blocks.is_empty() {
        return Err(Error::NoText);
    }
    Ok(crate::Document {
        metadata,
        blocks: walker.blocks,
        warnings,
    })
}
