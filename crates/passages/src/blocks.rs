//! Web-page and legislation blocks → passages.
//!
//! Numbered paragraphs and provisions are one passage each. Running text is gathered under its heading into
//! passages of about [`TARGET_WORDS`](crate::pdf::TARGET_WORDS) words, never across a heading and never mid-block,
//! so a list stays with its lead-in (the parser delivers them as one block). The blocks of one passage are
//! separated by a line break.

use pinpoint_html::{Block, BlockKind, Document};
use pinpoint_model::{Edition, HeadingPath, Label, Locator, Passage, Position, ProvisionKind};

use crate::pdf::TARGET_WORDS;
use crate::text::{split_sentences_into, word_count};
use crate::{Built, UniqueLabels};

fn provision_kind(kind: pinpoint_html::ProvisionKind) -> ProvisionKind {
    match kind {
        pinpoint_html::ProvisionKind::Section => ProvisionKind::Section,
        pinpoint_html::ProvisionKind::Regulation => ProvisionKind::Regulation,
        pinpoint_html::ProvisionKind::Article => ProvisionKind::Article,
        pinpoint_html::ProvisionKind::Schedule => ProvisionKind::Schedule,
    }
}

struct Run<'a> {
    heading: &'a [String],
    anchor: Option<&'a str>,
    text: String,
}

/// Collects passages, keeping labels unique within the edition.
struct Emitter<'e> {
    edition: &'e Edition,
    passages: Vec<Passage>,
    labels: UniqueLabels,
    unnumbered: u32,
}

impl Emitter<'_> {
    fn push(&mut self, label: Label, heading: &[String], anchor: Option<&str>, text: String) {
        let label = self.labels.claim(label);
        let locator = Locator {
            position: Position::Anchor(anchor.map(str::to_owned)),
            label,
            heading: HeadingPath::new(heading.to_vec()),
        };
        self.passages
            .push(Passage::new(self.edition, locator, text));
    }

    fn flush(&mut self, run: &mut Option<Run>) {
        if let Some(r) = run.take() {
            for chunk in split_sentences_into(&r.text, TARGET_WORDS + TARGET_WORDS / 2) {
                self.unnumbered += 1;
                let n = self.unnumbered;
                self.push(Label::Unnumbered(n), r.heading, r.anchor, chunk);
            }
        }
    }
}

/// Turns parsed blocks into passages.
pub fn from_blocks(edition: &Edition, doc: &Document) -> Built {
    let mut out = Emitter {
        edition,
        passages: Vec::new(),
        labels: UniqueLabels::default(),
        unnumbered: 0,
    };
    let mut warnings: Vec<String> = doc.warnings.clone();
    let mut run: Option<Run> = None;
    for block in &doc.blocks {
        let text = block.text.trim();
        if text.is_empty() {
            continue;
        }
        match &block.kind {
            BlockKind::Text => {
                let same_heading = run
                    .as_ref()
                    .is_some_and(|r| r.heading == block.heading.as_slice());
                let full = run.as_ref().is_some_and(|r| {
                    word_count(&r.text) >= TARGET_WORDS
                        || word_count(&r.text) + word_count(text) > TARGET_WORDS + TARGET_WORDS / 2
                });
                if !same_heading || full {
                    out.flush(&mut run);
                }
                let Block {
                    heading, anchor, ..
                } = block;
                let r = run.get_or_insert_with(|| Run {
                    heading,
                    anchor: anchor.as_deref(),
                    text: String::new(),
                });
                // Paragraphs run into one passage are kept apart by a line break: a list's last item and the
                // paragraph after it ("… with your employer\nIf your rep …") are two sentences, though neither
                // ends in a full stop.
                if !r.text.is_empty() {
                    r.text.push('\n');
                }
                r.text.push_str(text);
            }
            BlockKind::NumberedParagraph(n) => {
                out.flush(&mut run);
                out.push(
                    Label::Paragraph(n.clone()),
                    &block.heading,
                    block.anchor.as_deref(),
                    text.to_owned(),
                );
            }
            BlockKind::Provision { kind, number } => {
                out.flush(&mut run);
                let label = Label::Provision {
                    kind: provision_kind(*kind),
                    number: number.clone(),
                };
                out.push(
                    label,
                    &block.heading,
                    block.anchor.as_deref(),
                    text.to_owned(),
                );
            }
        }
    }
    out.flush(&mut run);
    if out.passages.is_empty() {
        warnings.push("no passages: the page has no body text".to_owned());
    }
    Built {
        passages: out.passages,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_html::Metadata;
    use pinpoint_model::{fixtures, DocKind};

    fn edition() -> Edition {
        fixtures::edition("govuk-dismissal", "2020-04-07", DocKind::GovukGuide)
    }

    fn text(heading: &[&str], anchor: &str, t: &str) -> Block {
        Block {
            heading: heading.iter().map(|s| s.to_string()).collect(),
            anchor: Some(anchor.into()),
            kind: BlockKind::Text,
            text: t.into(),
        }
    }

    #[test]
    fn groups_text_under_a_heading_and_splits_at_headings() {
        let doc = Document {
            metadata: Metadata::default(),
            blocks: vec![
                text(
                    &["Overview"],
                    "overview",
                    "You can be dismissed for a fair reason.",
                ),
                text(
                    &["Overview"],
                    "overview",
                    "Your employer must act reasonably.",
                ),
                text(
                    &["Written reasons"],
                    "written-reasons",
                    "You can ask for written reasons.",
                ),
                Block {
                    heading: vec!["Part 1".into()],
                    anchor: Some("section-1".into()),
                    kind: BlockKind::Provision {
                        kind: pinpoint_html::ProvisionKind::Section,
                        number: "1(1)".into(),
                    },
                    text: "A local housing authority must keep conditions under review.".into(),
                },
            ],
            warnings: vec![],
        };
        let built = from_blocks(&edition(), &doc);
        assert_eq!(built.passages.len(), 3);
        assert_eq!(
            built.passages[0].text,
            "You can be dismissed for a fair reason.\nYour employer must act reasonably."
        );
        assert_eq!(
            built.passages[0].locator.position,
            Position::Anchor(Some("overview".into()))
        );
        assert_eq!(
            built.passages[1].locator.heading.as_slice(),
            ["Written reasons"]
        );
        assert_eq!(
            built.passages[2].locator.label.cited().as_deref(),
            Some("s. 1(1)")
        );
        assert_eq!(
            built.passages[2].id.as_str(),
            "govuk-dismissal/2020-04-07/s-1-1"
        );
    }

    #[test]
    fn ids_are_stable_across_runs() {
        let doc = Document {
            metadata: Metadata::default(),
            blocks: vec![text(&["A"], "a", "One."), text(&["B"], "b", "Two.")],
            warnings: vec![],
        };
        let a: Vec<_> = from_blocks(&edition(), &doc)
            .passages
            .into_iter()
            .map(|p| p.id)
            .collect();
        let b: Vec<_> = from_blocks(&edition(), &doc)
            .passages
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(a, b);
    }
}
