//! legislation.gov.uk CLML XML → one provision block per subsection.
//!
//! Parsed with `roxmltree`: namespace-aware, well maintained, builds the whole tree in one pass (the 3.5 MB Housing
//! Act parses in tens of milliseconds), and refuses any DTD by default, so entity-expansion attacks ("billion
//! laughs") and external entities are rejected before any expansion. legislation.gov.uk never sends a DTD.

use roxmltree::{Node, ParsingOptions};

use crate::text::fold;
use crate::{Block, BlockKind, Document, Error, Limits, Metadata, ProvisionKind};

const DC: &str = "http://purl.org/dc/elements/1.1/";
const DCT: &str = "http://purl.org/dc/terms/";
const UKM: &str = "http://www.legislation.gov.uk/namespaces/metadata";

/// Front and back matter that is not operative text: tables of contents, prelims, explanatory notes, editorial
/// commentary (annotations), footnotes, images, signatures.
const SKIP: &[&str] = &[
    "Metadata",
    "Contents",
    "PrimaryPrelims",
    "SecondaryPrelims",
    "EUPrelims",
    "ExplanatoryNotes",
    "EarlierOrders",
    "Commentaries",
    "Footnotes",
    "Resources",
    "SignedSection",
    "Number",
    "Title",
    "TitleBlock",
    "Subtitle",
    "Reference",
    "MarginNotes",
    "Versions",
];

/// Inline references and notes whose text is not the law's: commentary markers ("F1"), footnote markers, images.
const SKIP_INLINE: &[&str] = &[
    "CommentaryRef",
    "FootnoteRef",
    "MarginNoteRef",
    "Commentary",
    "Footnote",
    "Image",
];

/// Elements that start on a new line, so their text is separated by a space.
const BLOCKISH: &[&str] = &[
    "Text",
    "P",
    "Para",
    "P1",
    "P2",
    "P3",
    "P4",
    "P5",
    "P6",
    "P7",
    "P1para",
    "P2para",
    "P3para",
    "P4para",
    "P5para",
    "P6para",
    "P7para",
    "ListItem",
    "tr",
    "td",
    "th",
    "Title",
    "BlockAmendment",
    "BlockExtract",
    "BlockText",
    "Tabular",
    "Pnumber",
    "AppendText",
];

fn name<'a>(n: &Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

fn child<'a, 'i>(n: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && name(c) == local)
}

struct Walker {
    default_kind: ProvisionKind,
    heading: Vec<String>,
    anchors: Vec<String>,
    schedule: Option<String>,
    blocks: Vec<Block>,
    placeholders: usize,
    max_depth: usize,
}

pub(crate) fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    limits.check_size(bytes.len())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // legislation.gov.uk serves UTF-8 only; anything else is not a file from there.
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Xml {
        reason: format!("not UTF-8: {e}"),
    })?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.max_xml_nodes,
        ..ParsingOptions::default()
    };
    let xml = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => Error::Xml {
            reason: "a DTD is not accepted (entity expansion risk)".into(),
        },
        e => Error::Xml {
            reason: e.to_string(),
        },
    })?;
    let root = xml.root_element();
    if name(&root) != "Legislation" {
        return Err(Error::Xml {
            reason: format!("root element is <{}>, not CLML <Legislation>", name(&root)),
        });
    }

    let meta_text = |ns: &str, local: &str| {
        root.descendants()
            .filter(|n| n.is_element() && n.tag_name().namespace() == Some(ns) && name(n) == local)
            .filter_map(|n| n.text().map(fold))
            .find(|t| !t.is_empty())
    };
    let identifier = root
        .descendants()
        .filter(|n| {
            n.is_element() && n.tag_name().namespace() == Some(DC) && name(n) == "identifier"
        })
        .filter_map(|n| n.text().map(fold))
        .find(|t| t.starts_with("http"));
    let metadata = Metadata {
        title: meta_text(DC, "title"),
        url: root
            .attribute("DocumentURI")
            .map(str::to_owned)
            .or(identifier)
            .or_else(|| {
                root.attribute(("http://www.w3.org/XML/1998/namespace", "base"))
                    .map(str::to_owned)
            }),
        updated: meta_text(DCT, "valid").or_else(|| meta_text(DC, "modified")),
    };
    let main_type = root
        .descendants()
        .find(|n| {
            n.is_element() && n.tag_name().namespace() == Some(UKM) && name(n) == "DocumentMainType"
        })
        .and_then(|n| n.attribute("Value"))
        .unwrap_or("");
    let title = metadata.title.as_deref().unwrap_or("");
    let default_kind = if main_type.contains("EuropeanUnion") || main_type.starts_with("Eu") {
        ProvisionKind::Article
    } else if main_type.contains("StatutoryInstrument")
        || main_type.contains("StatutoryRule")
        || main_type.contains("Order")
        || main_type.contains("Scottish") && !main_type.contains("Act")
    {
        // Orders are divided into articles, regulations into regulations.
        if title.contains(" Order") {
            ProvisionKind::Article
        } else {
            ProvisionKind::Regulation
        }
    } else {
        ProvisionKind::Section
    };

    let mut w = Walker {
        default_kind,
        heading: Vec::new(),
        anchors: Vec::new(),
        schedule: None,
        blocks: Vec::new(),
        placeholders: 0,
        max_depth: limits.max_depth,
    };
    for body in root
        .children()
        .filter(|n| n.is_element() && !SKIP.contains(&name(n)))
    {
        w.container(body, 1)?;
    }
    let mut warnings = Vec::new();
    if w.placeholders > 0 {
        warnings.push(format!(
            "{} repealed or omitted provisions (text only dots or ellipsis) skipped",
            w.placeholders
        ));
    }
    if w.blocks.is_empty() {
        warnings.push("no operative text found".into());
    }
    Ok(Document {
        metadata,
        blocks: w.blocks,
        warnings,
    })
}

impl Walker {
    fn too_deep(&self, depth: usize) -> Result<(), Error> {
        if depth > self.max_depth {
            Err(Error::TooDeep {
                limit: self.max_depth,
            })
        } else {
            Ok(())
        }
    }

    /// Text of an element, commentary and footnote markers dropped, whitespace folded.
    fn text(&self, n: Node<'_, '_>, depth: usize) -> Result<String, Error> {
        let mut s = String::new();
        self.render(n, &mut s, depth)?;
        Ok(fold(&s))
    }

    fn render(&self, n: Node<'_, '_>, out: &mut String, depth: usize) -> Result<(), Error> {
        self.too_deep(depth)?;
        for c in n.children() {
            if c.is_text() {
                out.push_str(c.text().unwrap_or(""));
                continue;
            }
            if !c.is_element() {
                continue;
            }
            let local = name(&c);
            if SKIP_INLINE.contains(&local) {
                continue;
            }
            let block = BLOCKISH.contains(&local);
            if block {
                out.push(' ');
            }
            if local == "Pnumber" {
                // A nested number, kept inline: "(a)", or "10A" for a whole section quoted in an amendment.
                let num = self.text(c, depth + 1)?;
                let in_p1 = c.parent().is_some_and(|p| name(&p) == "P1");
                let (before, after) = if in_p1 { ("", "") } else { ("(", ")") };
                out.push_str(
                    c.attribute("PuncBefore")
                        .filter(|_| !in_p1)
                        .unwrap_or(before),
                );
                out.push_str(&num);
                out.push_str(c.attribute("PuncAfter").filter(|_| !in_p1).unwrap_or(after));
            } else {
                self.render(c, out, depth + 1)?;
            }
            if block {
                out.push(' ');
            }
        }
        Ok(())
    }

    /// Text of `n`'s children except its own number.
    fn body_text(&self, n: Node<'_, '_>, depth: usize) -> Result<String, Error> {
        let mut s = String::new();
        for c in n.children() {
            if c.is_element() && name(&c) == "Pnumber" {
                continue;
            }
            // Render the child as if it were the only child of a wrapper.
            if c.is_text() {
                s.push_str(c.text().unwrap_or(""));
            } else if c.is_element() && !SKIP_INLINE.contains(&name(&c)) {
                s.push(' ');
                self.render(c, &mut s, depth + 1)?;
                s.push(' ');
            }
        }
        Ok(fold(&s))
    }

    /// "Part 1 — Housing conditions": the element's `Number` and `Title`, whichever exist.
    fn number_title(&self, n: Node<'_, '_>, depth: usize) -> Result<Option<String>, Error> {
        let number = match child(n, "Number") {
            Some(c) => sentence_case_label(&self.text(c, depth + 1)?),
            None => String::new(),
        };
        let title_node =
            child(n, "Title").or_else(|| child(n, "TitleBlock").and_then(|t| child(t, "Title")));
        let title = match title_node {
            Some(c) => self.text(c, depth + 1)?,
            None => String::new(),
        };
        Ok(match (number.is_empty(), title.is_empty()) {
            (false, false) => Some(format!("{number} — {title}")),
            (false, true) => Some(number),
            (true, false) => Some(title),
            (true, true) => None,
        })
    }

    fn container(&mut self, n: Node<'_, '_>, depth: usize) -> Result<(), Error> {
        self.too_deep(depth)?;
        for c in n.children().filter(Node::is_element) {
            let local = name(&c);
            if SKIP.contains(&local) {
                continue;
            }
            match local {
                "Part" | "Chapter" | "Pblock" | "PsubBlock" | "P1group" | "EUPart" | "EUTitle"
                | "EUChapter" | "EUSection" | "EUSubsection" | "Division" | "Appendix"
                | "Schedule" => {
                    let label = self.number_title(c, depth)?;
                    let saved_schedule = self.schedule.clone();
                    if local == "Schedule" {
                        let number = match child(c, "Number") {
                            Some(num) => self.text(num, depth + 1)?,
                            None => String::new(),
                        };
                        self.schedule = Some(schedule_number(&number));
                    }
                    let pushed_heading = label.map(|l| self.heading.push(l)).is_some();
                    let pushed_anchor = c
                        .attribute("id")
                        .map(|id| self.anchors.push(id.to_owned()))
                        .is_some();
                    self.container(c, depth + 1)?;
                    if pushed_heading {
                        self.heading.pop();
                    }
                    if pushed_anchor {
                        self.anchors.pop();
                    }
                    self.schedule = saved_schedule;
                }
                "P1" | "P2" | "P3" => self.provision(c, depth + 1)?,
                "Tabular" | "table" => {
                    for tr in c
                        .descendants()
                        .filter(|d| d.is_element() && name(d) == "tr")
                    {
                        let cells: Vec<String> = tr
                            .children()
                            .filter(|d| d.is_element() && matches!(name(d), "td" | "th"))
                            .map(|d| self.text(d, depth + 2))
                            .collect::<Result<_, _>>()?;
                        let text = cells
                            .into_iter()
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" | ");
                        self.text_block(c, text);
                    }
                }
                "P" | "Para" | "Text" | "BlockText" | "UnorderedList" | "OrderedList"
                | "Figure" | "Form" | "BlockAmendment" | "BlockExtract" | "Group" | "Footnote" => {
                    let text = self.text(c, depth + 1)?;
                    self.text_block(c, text);
                }
                _ => self.container(c, depth + 1)?,
            }
        }
        Ok(())
    }

    fn text_block(&mut self, n: Node<'_, '_>, text: String) {
        if is_placeholder(&text) {
            return;
        }
        let anchor = n
            .attribute("id")
            .map(str::to_owned)
            .or_else(|| self.anchors.last().cloned());
        self.blocks.push(Block {
            heading: self.heading.clone(),
            anchor,
            kind: BlockKind::Text,
            text,
        });
    }

    /// A section / regulation / article / schedule paragraph (`P1`): one block per subsection (`P2`) when it has
    /// them, else one block. Deeper levels (`P3` (a), (b)…) stay inline in their subsection's text.
    fn provision(&mut self, p1: Node<'_, '_>, depth: usize) -> Result<(), Error> {
        self.too_deep(depth)?;
        let raw_number = match child(p1, "Pnumber") {
            Some(n) => self.text(n, depth + 1)?,
            None => String::new(),
        };
        let number = strip_number(&raw_number);
        let id = p1.attribute("id");
        let kind = if self.schedule.is_some() {
            ProvisionKind::Schedule
        } else {
            match id.and_then(|i| i.split('-').next()) {
                Some("section") => ProvisionKind::Section,
                Some("regulation" | "rule") => ProvisionKind::Regulation,
                Some("article") => ProvisionKind::Article,
                _ => self.default_kind,
            }
        };
        let label = match &self.schedule {
            Some(s) => format!("{s} para {number}"),
            None => number,
        };
        let anchor = id
            .map(str::to_owned)
            .or_else(|| self.anchors.last().cloned());

        // Subsections: P2 children of the P1para(s) (not P2s quoted inside a BlockAmendment).
        let sub_level = match name(&p1) {
            "P1" => "P2",
            "P2" => "P3",
            _ => "P4",
        };
        let para_name = format!("{}para", name(&p1));
        let paras: Vec<Node<'_, '_>> = p1
            .children()
            .filter(|c| c.is_element() && name(c) == para_name)
            .collect();
        let has_subs = paras.iter().any(|p| {
            p.children()
                .any(|c| c.is_element() && name(&c) == sub_level)
        });
        if !has_subs {
            let text = self.body_text(p1, depth)?;
            self.emit(kind, label, anchor, text);
            return Ok(());
        }
        let mut intro = String::new();
        for para in paras {
            for c in para.children() {
                if c.is_element() && name(&c) == sub_level {
                    let lead = fold(&intro);
                    intro.clear();
                    if !lead.is_empty() {
                        self.emit(kind, label.clone(), anchor.clone(), lead);
                    }
                    let sub = match child(c, "Pnumber") {
                        Some(n) => self.text(n, depth + 2)?,
                        None => String::new(),
                    };
                    let sub_label = if sub.is_empty() {
                        label.clone()
                    } else {
                        format!("{label}({sub})")
                    };
                    let sub_anchor = c
                        .attribute("id")
                        .map(str::to_owned)
                        .or_else(|| anchor.clone());
                    let text = self.body_text(c, depth + 2)?;
                    self.emit(kind, sub_label, sub_anchor, text);
                } else if c.is_text() {
                    intro.push_str(c.text().unwrap_or(""));
                } else if c.is_element() && !SKIP_INLINE.contains(&name(&c)) {
                    intro.push(' ');
                    self.render(c, &mut intro, depth + 2)?;
                    intro.push(' ');
                }
            }
        }
        // Text after the last subsection (rare: a closing sentence) stays attached to the section number.
        let tail = fold(&intro);
        if !tail.is_empty() {
            self.emit(kind, label, anchor, tail);
        }
        Ok(())
    }

    /// Pushes a provision block, unless its text is only a repeal placeholder (". . . ." or "…"), which carries no
    /// law and would only match searches for punctuation; those are counted in one warning instead.
    fn emit(&mut self, kind: ProvisionKind, number: String, anchor: Option<String>, text: String) {
        if is_placeholder(&text) {
            self.placeholders += 1;
            return;
        }
        self.blocks.push(Block {
            heading: self.heading.clone(),
            anchor,
            kind: BlockKind::Provision { kind, number },
            text,
        });
    }
}

/// Text with no letters or digits: a repealed provision's ". . . ." or "…", or nothing at all.
fn is_placeholder(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// "Article 12" → "12", "Regulation 3." → "3", "16E" → "16E".
fn strip_number(raw: &str) -> String {
    let mut s = raw.trim();
    for prefix in [
        "Article",
        "ARTICLE",
        "Regulation",
        "Section",
        "Rule",
        "Paragraph",
        "Art.",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    s.trim_matches(|c: char| c == '.' || c == '[' || c == ']' || c.is_whitespace())
        .to_owned()
}

/// "SCHEDULE 2" → "2"; a lone "SCHEDULE" or "ANNEX" → "Schedule" / "Annex".
fn schedule_number(number: &str) -> String {
    let mut words = number.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest = words.collect::<Vec<_>>().join(" ");
    if rest.is_empty() {
        if first.is_empty() {
            "Schedule".into()
        } else {
            sentence_case_label(first)
        }
    } else {
        rest
    }
}

/// "PART 1" → "Part 1", "SCHEDULE 2" → "Schedule 2" (CLML prints these in capitals in some files).
fn sentence_case_label(s: &str) -> String {
    let mut words = s.split_whitespace();
    let Some(first) = words.next() else {
        return String::new();
    };
    let first = if first.len() > 1 && first.chars().all(|c| c.is_uppercase()) {
        let mut cs = first.chars();
        cs.next()
            .map(|c| c.to_string() + &cs.as_str().to_lowercase())
            .unwrap_or_default()
    } else {
        first.to_owned()
    };
    std::iter::once(first)
        .chain(words.map(str::to_owned))
        .collect::<Vec<_>>()
        .join(" ")
}
