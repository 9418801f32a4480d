//! The tantivy-free description of a query that `pinpoint-search` builds and [`crate::Index::search`] runs.

use pinpoint_model::{DocId, DocKind, EditionId, ProvisionKind};

/// What to look for: weighted clauses, each applied over text, heading and title with per-field boosts.
///
/// A passage's score is the sum over clauses of `weight × field boost × BM25` of the clause in each field (label
/// clauses add a constant instead, see [`Clause::Label`]). Words are given as the user typed them: the index
/// analyses them with the same English analyzer as the documents, so `excluded` meets `exclusion`.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryPlan {
    /// The clauses, any of which may match (a disjunction).
    pub clauses: Vec<Clause>,
    /// How much each field counts.
    pub boosts: FieldBoosts,
}

/// Per-field multipliers. A heading or title that names the topic is strong evidence that a passage is about it,
/// but a passage's own text is what answers; the defaults reflect that.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldBoosts {
    /// The passage text.
    pub text: f32,
    /// The headings the passage sits under.
    pub heading: f32,
    /// The document title.
    pub title: f32,
}

impl Default for FieldBoosts {
    fn default() -> Self {
        FieldBoosts {
            text: 1.0,
            heading: 0.6,
            title: 0.3,
        }
    }
}

/// One part of a [`QueryPlan`].
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// A single word. If the analyzer splits it (`16E(1)` → `16e`, `1`) it is searched as an exact phrase.
    Term {
        /// The word as written.
        word: String,
        /// Multiplier of the clause's score.
        weight: f32,
    },
    /// Words that should occur together, in order, with at most `slop` intervening positions.
    Phrase {
        /// The words as written.
        words: Vec<String>,
        /// Allowed distance (0 = exact phrase).
        slop: u32,
        /// Multiplier of the clause's score.
        weight: f32,
    },
    /// A passage whose label is (or lies within) the referenced provision or paragraph. Scores the constant
    /// `weight`, not BM25: a label either is the one asked about or is not.
    Label {
        /// The reference.
        label: LabelRef,
        /// The score added to matching passages.
        weight: f32,
    },
}

/// A reference to a label as a question makes it: "section 16E", "regulation 32(3)", "para 363".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelRef {
    /// What kind of label.
    pub kind: LabelKind,
    /// The number as written (`16E`, `32(3)`, `3.22`); case and spaces do not matter.
    pub number: String,
}

impl LabelRef {
    /// True when `label` is the referenced paragraph or provision, or lies within it (`s. 16E(1)` is within
    /// "section 16E"): the same test the index applies to a [`Clause::Label`].
    pub fn matches(&self, label: &pinpoint_model::Label) -> bool {
        let key = crate::schema::label_ref_key(self);
        crate::schema::label_keys(label).contains(&key)
    }
}

/// The kinds of label a question can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A numbered paragraph of guidance.
    Paragraph,
    /// A footnote.
    Footnote,
    /// A provision of legislation.
    Provision(ProvisionKind),
}

impl LabelKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            LabelKind::Paragraph => "paragraph",
            LabelKind::Footnote => "footnote",
            LabelKind::Provision(k) => crate::records::provision_kind_name(k),
        }
    }
}

/// Which passages may be returned at all. `None` means no restriction; `Some(empty)` matches nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these documents.
    pub docs: Option<Vec<DocId>>,
    /// Only these kinds of document.
    pub kinds: Option<Vec<DocKind>>,
    /// Only these editions.
    pub editions: Option<Vec<(DocId, EditionId)>>,
}
