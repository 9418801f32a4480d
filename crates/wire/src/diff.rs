//! What `pinpoint diff --json`, `pinpoint check-citations --json`, `GET /api/documents/{id}/diff` and
//! `POST /api/citations/check` send, and the citation they read.
//!
//! ```json
//! {"doc_id": "kcsie", "from": {"id": "2024-09-02", …}, "to": {"id": "2025-07-07", …},
//!  "counts": {"unchanged": 367, "renumbered": 324, "moved": 0, "changed": 155, …},
//!  "changes": [{"kind": "renumbered", "relabelled": true, "similarity": 1.0,
//!               "old": {"id": "kcsie/2024-09-02/para-363", "label": "para 363", …},
//!               "new": {"id": "kcsie/2025-07-07/para-360", "label": "para 360", …}}, …]}
//! ```

use pinpoint_diff::{
    Change, ChangeKind, CitationCheck, CitationStatus, EditionDiff, Finding, NotFound, Outcome,
    RunOp, WordDiff,
};
use pinpoint_model::{Citation, Edition, Passage};
use serde::{Deserialize, Serialize};

use crate::WireLocator;

/// The edition a diff or a check refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEditionRef {
    /// Document id.
    pub doc_id: String,
    /// Edition id (its date).
    pub id: String,
    /// The day it took or takes effect.
    pub in_force_from: String,
    /// The short title citations use ("Keeping children safe in education 2025").
    pub cite_as: String,
    /// The full title.
    pub title: String,
    /// The official address.
    pub url: String,
}

impl From<&Edition> for WireEditionRef {
    fn from(e: &Edition) -> WireEditionRef {
        WireEditionRef {
            doc_id: e.doc.to_string(),
            id: e.id.to_string(),
            in_force_from: e.in_force_from.to_string(),
            cite_as: e.cite_as.clone(),
            title: e.title.clone(),
            url: e.url.clone(),
        }
    }
}

/// A passage on one side of a diff or a check: where it is, how to cite it, its text and content hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WirePassageRef {
    /// Stable passage id.
    pub id: String,
    /// The label as cited (`para 360`, `s. 16E(1)`, `fn 12`); `null` for unnumbered text.
    pub label: Option<String>,
    /// Where it stands.
    pub locator: WireLocator,
    /// The citation an advisor pastes.
    pub citation: String,
    /// Deep link to the passage.
    pub url: String,
    /// `sha256:` + 64 hex digits of the normalised text (see `pinpoint_model::ContentHash`).
    pub content_hash: String,
    /// The text.
    pub text: String,
}

impl WirePassageRef {
    /// The wire form of a passage of `edition`.
    pub fn new(passage: &Passage, edition: &Edition) -> WirePassageRef {
        WirePassageRef {
            id: passage.id.to_string(),
            label: passage.locator.label.cited(),
            locator: WireLocator::from(&passage.locator),
            citation: Citation::new(edition, &passage.locator).to_string(),
            url: passage.locator.deep_link(&edition.url),
            content_hash: passage.content_hash().to_string(),
            text: passage.text.clone(),
        }
    }
}

/// Kept, deleted or inserted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireRunOp {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of words of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireRun {
    /// What happened to them.
    pub op: WireRunOp,
    /// The words, space-separated.
    pub text: String,
}

fn runs(words: &WordDiff) -> Vec<WireRun> {
    words
        .runs()
        .iter()
        .map(|r| WireRun {
            op: match r.op {
                RunOp::Equal => WireRunOp::Equal,
                RunOp::Delete => WireRunOp::Delete,
                RunOp::Insert => WireRunOp::Insert,
            },
            text: r.text.clone(),
        })
        .collect()
}

/// What happened to a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireChangeKind {
    /// Same label, same text.
    Unchanged,
    /// Same text, new label (in order).
    Renumbered,
    /// Same or nearly the same text, out of order.
    Moved,
    /// Text changed.
    Changed,
    /// Several old paragraphs became one.
    Merged,
    /// One old paragraph became several.
    Split,
    /// Only in the new edition.
    Added,
    /// Only in the old edition.
    Removed,
}

impl From<ChangeKind> for WireChangeKind {
    fn from(k: ChangeKind) -> WireChangeKind {
        match k {
            ChangeKind::Unchanged => WireChangeKind::Unchanged,
            ChangeKind::Renumbered => WireChangeKind::Renumbered,
            ChangeKind::Moved => WireChangeKind::Moved,
            ChangeKind::Changed => WireChangeKind::Changed,
            ChangeKind::Merged => WireChangeKind::Merged,
            ChangeKind::Split => WireChangeKind::Split,
            ChangeKind::Added => WireChangeKind::Added,
            ChangeKind::Removed => WireChangeKind::Removed,
        }
    }
}

/// One paragraph-level change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireChange {
    /// What happened.
    pub kind: WireChangeKind,
    /// In the old edition: none when added, several when merged.
    pub old: Vec<WirePassageRef>,
    /// In the new edition: none when removed, several when split.
    pub new: Vec<WirePassageRef>,
    /// Whether the label changed, for a one-to-one pair (unnumbered text never is).
    pub relabelled: bool,
    /// Word-bigram Jaccard similarity (1 for identical text; `null` when added or removed).
    pub similarity: Option<f32>,
    /// The word diff, when the text changed.
    pub words: Option<Vec<WireRun>>,
    /// The same diff inline: `kept [-deleted-] {+inserted+}`.
    pub inline: Option<String>,
}

impl WireChange {
    /// The wire form of a change from `old` to `new`.
    pub fn new(change: &Change, old: &Edition, new: &Edition) -> WireChange {
        WireChange {
            kind: change.kind().into(),
            old: change
                .olds()
                .iter()
                .map(|p| WirePassageRef::new(p, old))
                .collect(),
            new: change
                .news()
                .iter()
                .map(|p| WirePassageRef::new(p, new))
                .collect(),
            relabelled: change.pair().is_some_and(|p| p.relabelled()),
            similarity: change.similarity(),
            words: change.words().map(runs),
            inline: change.words().map(WordDiff::inline),
        }
    }
}

/// How many changes of each kind (always over the whole diff, whatever `changes` lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WireDiffCounts {
    /// Same label, same text.
    pub unchanged: usize,
    /// Same text, new label.
    pub renumbered: usize,
    /// Out of order.
    pub moved: usize,
    /// Text changed.
    pub changed: usize,
    /// Of `changed`, those whose label changed too.
    pub changed_and_relabelled: usize,
    /// Merges of several old paragraphs into one.
    pub merged: usize,
    /// Splits of one old paragraph into several.
    pub split: usize,
    /// Only in the new edition.
    pub added: usize,
    /// Only in the old edition.
    pub removed: usize,
}

/// The paragraph-level diff of two editions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireDiff {
    /// Document id.
    pub doc_id: String,
    /// The edition diffed from.
    pub from: WireEditionRef,
    /// The edition diffed to.
    pub to: WireEditionRef,
    /// Counts by kind.
    pub counts: WireDiffCounts,
    /// Whether `changes` includes the unchanged paragraphs (otherwise only what changed).
    pub all: bool,
    /// In the new edition's document order; a removed paragraph where it stood.
    pub changes: Vec<WireChange>,
}

impl WireDiff {
    /// The wire form of a diff; `all` keeps unchanged paragraphs in `changes`.
    pub fn new(diff: &EditionDiff, all: bool) -> WireDiff {
        let c = diff.counts();
        WireDiff {
            doc_id: diff.new.doc.to_string(),
            from: (&diff.old).into(),
            to: (&diff.new).into(),
            counts: WireDiffCounts {
                unchanged: c.unchanged,
                renumbered: c.renumbered,
                moved: c.moved,
                changed: c.changed,
                changed_and_relabelled: c.changed_and_relabelled,
                merged: c.merged,
                split: c.split,
                added: c.added,
                removed: c.removed,
            },
            all,
            changes: diff
                .changes
                .iter()
                .filter(|ch| all || ch.kind() != ChangeKind::Unchanged)
                .map(|ch| WireChange::new(ch, &diff.old, &diff.new))
                .collect(),
        }
    }
}

/// A saved citation as the API and `pinpoint check-citations` read it (JSON, or CSV with these column names).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WireCitationInput {
    /// Document id (`kcsie`).
    pub document: String,
    /// The edition cited: its date or an unambiguous prefix (`2024`).
    #[serde(default)]
    pub edition: Option<String>,
    /// Paragraph or provision as cited (`363`, `para 3.22`, `s. 16E(1)`, `reg 32`); `label` and `section` are
    /// accepted as other names for it.
    #[serde(default, alias = "label", alias = "section")]
    pub paragraph: Option<String>,
    /// Words quoted from the passage.
    #[serde(default)]
    pub quote: Option<String>,
    /// The passage's content hash as a hit carried it (`sha256:…`).
    #[serde(default)]
    pub content_hash: Option<String>,
}

/// The answer for one citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireCitationStatus {
    /// The same text is in the edition in force.
    Stands,
    /// Still there, text changed.
    Changed,
    /// Gone from the edition in force.
    Removed,
    /// The cited passage or quote is not in the cited edition.
    NotFound,
    /// The citation could not be checked (unknown document, ambiguous edition, unreadable paragraph).
    Error,
}

impl From<CitationStatus> for WireCitationStatus {
    fn from(s: CitationStatus) -> WireCitationStatus {
        match s {
            CitationStatus::Stands => WireCitationStatus::Stands,
            CitationStatus::Changed => WireCitationStatus::Changed,
            CitationStatus::Removed => WireCitationStatus::Removed,
            CitationStatus::NotFound => WireCitationStatus::NotFound,
        }
    }
}

/// Why a cited passage was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireNotFound {
    /// No passage of the cited edition has that paragraph number or provision.
    NoSuchLabel,
    /// The passage exists but does not contain the quote (`elsewhere` lists where it is).
    QuoteNotInLabel,
    /// The quote is nowhere in the cited edition.
    QuoteNotInEdition,
    /// The text found is not the text saved (content hash differs).
    HashMismatch,
}

/// The fate of one cited passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireFinding {
    /// `stands`, `changed` or `removed`.
    pub status: WireCitationStatus,
    /// The passage cited, in the cited edition.
    pub cited: WirePassageRef,
    /// Where it is in the edition in force (`null` when removed).
    pub current: Option<WirePassageRef>,
    /// Whether its label changed.
    pub relabelled: bool,
    /// Cited text → current text, when changed.
    pub words: Option<Vec<WireRun>>,
    /// The same diff inline.
    pub inline: Option<String>,
    /// Whether the quoted words are still in the current passage (`null` without a quote or when removed).
    pub quote_still_present: Option<bool>,
    /// When removed, or changed with the quote gone from it: passages of the edition in force that contain the
    /// quote nonetheless (a sentence moved to another paragraph).
    pub quote_now_in: Vec<WirePassageRef>,
}

/// The check of one saved citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireCitationCheck {
    /// The citation as read.
    pub citation: WireCitationInput,
    /// The answer.
    pub status: WireCitationStatus,
    /// One line for a person: "stands: 2024 para 363 moved to 2025 para 360, text unchanged (…)".
    pub message: String,
    /// The edition cited (`null` when it could not be resolved).
    pub cited_edition: Option<WireEditionRef>,
    /// The edition in force it was checked against.
    pub current_edition: Option<WireEditionRef>,
    /// Each cited passage and its fate (empty when not found or on error).
    pub findings: Vec<WireFinding>,
    /// Why it was not found, when `status` is `not_found`.
    pub not_found: Option<WireNotFound>,
    /// When not found: passages of the cited edition that hold the quote (wrong label) or that the label and
    /// quote led to (hash mismatch).
    pub elsewhere: Vec<WirePassageRef>,
}

impl WireCitationCheck {
    /// The wire form of a check.
    pub fn new(citation: WireCitationInput, check: &CitationCheck) -> WireCitationCheck {
        let (cited_e, current_e) = (&check.cited_edition, &check.current_edition);
        let refs =
            |ps: &[Passage], e: &Edition| ps.iter().map(|p| WirePassageRef::new(p, e)).collect();
        let (findings, not_found, elsewhere) = match &check.outcome {
            Outcome::Found(findings) => (
                findings
                    .iter()
                    .map(|f| WireFinding {
                        status: f.status().into(),
                        cited: WirePassageRef::new(f.cited(), cited_e),
                        current: f.current().map(|p| WirePassageRef::new(p, current_e)),
                        relabelled: f.current().is_some_and(|p| {
                            p.locator.label.cited() != f.cited().locator.label.cited()
                        }),
                        words: match f {
                            Finding::Changed { words, .. } => Some(runs(words)),
                            _ => None,
                        },
                        inline: match f {
                            Finding::Changed { words, .. } => Some(words.inline()),
                            _ => None,
                        },
                        quote_still_present: match f {
                            Finding::Changed {
                                quote_still_present,
                                ..
                            } => *quote_still_present,
                            Finding::Stands { .. } => citation.quote.as_ref().map(|_| true),
                            Finding::Removed { .. } => None,
                        },
                        quote_now_in: match f {
                            Finding::Removed { quote_now_in, .. }
                            | Finding::Changed { quote_now_in, .. } => {
                                refs(quote_now_in, current_e)
                            }
                            Finding::Stands { .. } => Vec::new(),
                        },
                    })
                    .collect(),
                None,
                Vec::new(),
            ),
            Outcome::NotFound(nf) => {
                let (reason, elsewhere) = match nf {
                    NotFound::NoSuchLabel { .. } => (WireNotFound::NoSuchLabel, Vec::new()),
                    NotFound::QuoteNotInLabel {
                        found_elsewhere, ..
                    } => (
                        WireNotFound::QuoteNotInLabel,
                        refs(found_elsewhere, cited_e),
                    ),
                    NotFound::QuoteNotInEdition => (WireNotFound::QuoteNotInEdition, Vec::new()),
                    NotFound::HashMismatch { candidates } => {
                        (WireNotFound::HashMismatch, refs(candidates, cited_e))
                    }
                };
                (Vec::new(), Some(reason), elsewhere)
            }
        };
        WireCitationCheck {
            citation,
            status: check.status().into(),
            message: check.summary(),
            cited_edition: Some(cited_e.into()),
            current_edition: Some(current_e.into()),
            findings,
            not_found,
            elsewhere,
        }
    }

    /// A citation that could not be checked at all, with the reason.
    pub fn error(citation: WireCitationInput, message: impl Into<String>) -> WireCitationCheck {
        WireCitationCheck {
            citation,
            status: WireCitationStatus::Error,
            message: message.into(),
            cited_edition: None,
            current_edition: None,
            findings: Vec::new(),
            not_found: None,
            elsewhere: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_diff::{check_citation, diff_editions, EditionText, SavedCitation};
    use pinpoint_model::fixtures::{kcsie, paragraph as para};

    const RISK: &str = "Where a person poses a risk to children through someone else, this is known as transferable risk.";

    /// KCSIE 2024 paras 362–363 and their 2025 counterparts 359–360: one edited, one renumbered.
    struct Sides {
        old: (Edition, Vec<Passage>),
        new: (Edition, Vec<Passage>),
    }

    impl Sides {
        fn new() -> Sides {
            let (a, b) = (kcsie("2024-09-02"), kcsie("2025-07-07"));
            let old = vec![
                para(
                    &a,
                    "362",
                    93,
                    "Staff should tell the headteacher about any concern at once.",
                ),
                para(&a, "363", 93, RISK),
            ];
            let new = vec![
                para(
                    &b,
                    "359",
                    94,
                    "Staff must tell the headteacher about any concern at once.",
                ),
                para(&b, "360", 94, RISK),
            ];
            Sides {
                old: (a, old),
                new: (b, new),
            }
        }

        fn text(side: &(Edition, Vec<Passage>)) -> EditionText<'_> {
            EditionText {
                edition: &side.0,
                passages: &side.1,
            }
        }

        fn diff(&self) -> EditionDiff {
            diff_editions(Sides::text(&self.old), Sides::text(&self.new))
        }

        fn check(&self, saved: &SavedCitation) -> CitationCheck {
            check_citation(saved, Sides::text(&self.old), Sides::text(&self.new))
        }
    }

    #[test]
    fn diff_serialises_kinds_labels_and_word_runs() {
        let d = Sides::new().diff();
        let v = serde_json::to_value(WireDiff::new(&d, false)).unwrap();
        assert_eq!(v["doc_id"], "kcsie");
        assert_eq!(v["from"]["id"], "2024-09-02");
        assert_eq!(v["counts"]["renumbered"], 1);
        assert_eq!(v["counts"]["changed"], 1);
        let changes = v["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0]["kind"], "changed");
        assert_eq!(changes[0]["relabelled"], true);
        assert_eq!(
            changes[0]["words"][1],
            serde_json::json!({"op": "delete", "text": "should"})
        );
        assert_eq!(
            changes[0]["words"][2],
            serde_json::json!({"op": "insert", "text": "must"})
        );
        assert_eq!(
            changes[0]["inline"],
            "Staff [-should-] {+must+} tell the headteacher about any concern at once."
        );
        assert_eq!(changes[1]["kind"], "renumbered");
        assert_eq!(changes[1]["old"][0]["label"], "para 363");
        assert_eq!(changes[1]["new"][0]["label"], "para 360");
        assert_eq!(
            changes[1]["new"][0]["citation"],
            "Keeping children safe in education 2025, para 360, p. 94"
        );
        assert_eq!(
            changes[1]["old"][0]["content_hash"],
            changes[1]["new"][0]["content_hash"]
        );
        assert!(changes[1]["words"].is_null());
        // --all keeps unchanged paragraphs too; here there are none, so the list is the same.
        assert_eq!(WireDiff::new(&d, true).changes.len(), 2);
    }

    #[test]
    fn citation_input_reads_json_with_aliases() {
        let list: Vec<WireCitationInput> = serde_json::from_str(
            r#"[{"document": "kcsie", "edition": "2024", "paragraph": "363", "quote": "this is known as transferable risk"},
                {"document": "children-act-2004", "edition": "2024", "section": "s. 16E(1)"},
                {"document": "kcsie", "label": "para 12"}]"#,
        )
        .unwrap();
        assert_eq!(list[0].paragraph.as_deref(), Some("363"));
        assert_eq!(list[1].paragraph.as_deref(), Some("s. 16E(1)"));
        assert_eq!(list[2].paragraph.as_deref(), Some("para 12"));
        assert_eq!(list[2].edition, None);
    }

    #[test]
    fn check_serialises_status_and_where() {
        let sides = Sides::new();
        let input = WireCitationInput {
            document: "kcsie".into(),
            edition: Some("2024".into()),
            paragraph: Some("363".into()),
            quote: Some("this is known as transferable risk".into()),
            content_hash: None,
        };
        let saved =
            SavedCitation::new(input.paragraph.as_deref(), input.quote.as_deref(), None).unwrap();
        let check = sides.check(&saved);
        let v = serde_json::to_value(WireCitationCheck::new(input.clone(), &check)).unwrap();
        assert_eq!(v["status"], "stands");
        assert!(v["message"]
            .as_str()
            .unwrap()
            .contains("moved to 2025 para 360, text unchanged"));
        assert_eq!(
            v["findings"][0]["current"]["id"],
            "kcsie/2025-07-07/para-360"
        );
        assert_eq!(v["findings"][0]["relabelled"], true);
        assert_eq!(v["findings"][0]["quote_still_present"], true);
        assert!(v["not_found"].is_null());

        let made_up =
            SavedCitation::new(Some("363"), Some("children may never be alone"), None).unwrap();
        let check = sides.check(&made_up);
        let v = serde_json::to_value(WireCitationCheck::new(input.clone(), &check)).unwrap();
        assert_eq!(v["status"], "not_found");
        assert_eq!(v["not_found"], "quote_not_in_label");

        let v =
            serde_json::to_value(WireCitationCheck::error(input, "no document \"kcsi\"")).unwrap();
        assert_eq!(v["status"], "error");
        assert!(v["cited_edition"].is_null());
    }
}
