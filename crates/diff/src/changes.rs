//! The paragraph-level changes between two editions.

use pinpoint_model::{Edition, Passage, PassageId};

use crate::align::{align, same_label, DiffOptions, Group, Link};
use crate::WordDiff;

/// One edition's passages, in document order, with the edition they belong to: what
/// `pinpoint_index::Index::passages_of` gives (mapped to their `passage` field).
#[derive(Debug, Clone, Copy)]
pub struct EditionText<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// Its passages, in document order.
    pub passages: &'a [Passage],
}

/// A passage of the old edition and the passage of the new edition it became.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// In the old edition.
    pub old: Passage,
    /// In the new edition.
    pub new: Passage,
    /// Word-bigram Jaccard similarity of the two texts; 1 when they are identical.
    pub similarity: f32,
}

impl Pair {
    /// Whether the label changed (2024 para 363 → 2025 para 360). Unnumbered passages have no printed label, so
    /// for them it never changes.
    pub fn relabelled(&self) -> bool {
        !same_label(&self.old.locator.label, &self.new.locator.label)
    }
}

/// What happened to one paragraph between two editions.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Same label, same text (equal content hashes, or text that differs only in spacing, which PDF extraction
    /// varies around footnote markers).
    Unchanged(Pair),
    /// Same text, new label, in the same order relative to its neighbours: 2024 para 363 → 2025 para 360.
    Renumbered(Pair),
    /// Aligned in document order, text differs; the label may also have changed ([`Pair::relabelled`]).
    Changed {
        /// The two passages.
        pair: Pair,
        /// Old text → new text, word by word.
        words: WordDiff,
    },
    /// Identical or nearly identical text that now stands elsewhere, out of order with its neighbours.
    Moved {
        /// The two passages.
        pair: Pair,
        /// `None` when the text is identical.
        words: Option<WordDiff>,
    },
    /// Consecutive paragraphs of the old edition that became one paragraph (KCSIE 2024 paras 143–146 → 2025
    /// para 143).
    Merged {
        /// The old paragraphs, in order.
        old: Vec<Passage>,
        /// The paragraph they became.
        new: Passage,
        /// Similarity of the old paragraphs read as one with the new one.
        similarity: f32,
        /// The old paragraphs' text, joined → the new text.
        words: WordDiff,
    },
    /// One paragraph of the old edition that became several consecutive ones.
    Split {
        /// The old paragraph.
        old: Passage,
        /// The paragraphs it became, in order.
        new: Vec<Passage>,
        /// Similarity of the old paragraph with the new ones read as one.
        similarity: f32,
        /// The old text → the new paragraphs' text, joined.
        words: WordDiff,
    },
    /// Only in the new edition.
    Added(Passage),
    /// Only in the old edition.
    Removed(Passage),
}

/// The kind of a [`Change`], for counting and for the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// [`Change::Unchanged`].
    Unchanged,
    /// [`Change::Renumbered`].
    Renumbered,
    /// [`Change::Moved`].
    Moved,
    /// [`Change::Changed`].
    Changed,
    /// [`Change::Merged`].
    Merged,
    /// [`Change::Split`].
    Split,
    /// [`Change::Added`].
    Added,
    /// [`Change::Removed`].
    Removed,
}

impl ChangeKind {
    /// The machine name used on the wire: `unchanged`, `renumbered`, `moved`, `changed`, `merged`, `split`,
    /// `added`, `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Moved => "moved",
            ChangeKind::Changed => "changed",
            ChangeKind::Merged => "merged",
            ChangeKind::Split => "split",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

impl Change {
    /// Its kind.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::Unchanged(_) => ChangeKind::Unchanged,
            Change::Renumbered(_) => ChangeKind::Renumbered,
            Change::Moved { .. } => ChangeKind::Moved,
            Change::Changed { .. } => ChangeKind::Changed,
            Change::Merged { .. } => ChangeKind::Merged,
            Change::Split { .. } => ChangeKind::Split,
            Change::Added(_) => ChangeKind::Added,
            Change::Removed(_) => ChangeKind::Removed,
        }
    }

    /// The passages in the old edition: none when added, several when merged.
    pub fn olds(&self) -> &[Passage] {
        match self {
            Change::Unchanged(p) | Change::Renumbered(p) => std::slice::from_ref(&p.old),
            Change::Changed { pair, .. } | Change::Moved { pair, .. } => {
                std::slice::from_ref(&pair.old)
            }
            Change::Merged { old, .. } => old,
            Change::Split { old, .. } | Change::Removed(old) => std::slice::from_ref(old),
            Change::Added(_) => &[],
        }
    }

    /// The passages in the new edition: none when removed, several when split.
    pub fn news(&self) -> &[Passage] {
        match self {
            Change::Unchanged(p) | Change::Renumbered(p) => std::slice::from_ref(&p.new),
            Change::Changed { pair, .. } | Change::Moved { pair, .. } => {
                std::slice::from_ref(&pair.new)
            }
            Change::Split { new, .. } => new,
            Change::Merged { new, .. } | Change::Added(new) => std::slice::from_ref(new),
            Change::Removed(_) => &[],
        }
    }

    /// The word diff, where the text changed.
    pub fn words(&self) -> Option<&WordDiff> {
        match self {
            Change::Changed { words, .. }
            | Change::Merged { words, .. }
            | Change::Split { words, .. } => Some(words),
            Change::Moved { words, .. } => words.as_ref(),
            _ => None,
        }
    }

    /// The aligned pair, where one passage became one passage.
    pub fn pair(&self) -> Option<&Pair> {
        match self {
            Change::Unchanged(p) | Change::Renumbered(p) => Some(p),
            Change::Changed { pair, .. } | Change::Moved { pair, .. } => Some(pair),
            Change::Merged { .. }
            | Change::Split { .. }
            | Change::Added(_)
            | Change::Removed(_) => None,
        }
    }

    /// Similarity of the old and new text (1 when identical; `None` when added or removed).
    pub fn similarity(&self) -> Option<f32> {
        match self {
            Change::Merged { similarity, .. } | Change::Split { similarity, .. } => {
                Some(*similarity)
            }
            _ => self.pair().map(|p| p.similarity),
        }
    }
}

/// How many changes of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Same label, same text.
    pub unchanged: usize,
    /// Same text, new label.
    pub renumbered: usize,
    /// Out of order.
    pub moved: usize,
    /// Text changed (of which `relabelled` also changed label).
    pub changed: usize,
    /// Changed passages whose label also changed.
    pub changed_and_relabelled: usize,
    /// Merges (several old paragraphs into one).
    pub merged: usize,
    /// Splits (one old paragraph into several).
    pub split: usize,
    /// Only in the new edition.
    pub added: usize,
    /// Only in the old edition.
    pub removed: usize,
}

/// Every paragraph-level change from one edition to another, in the new edition's document order (a removed
/// passage stands where it stood among its old neighbours).
#[derive(Debug, Clone, PartialEq)]
pub struct EditionDiff {
    /// The edition diffed from.
    pub old: Edition,
    /// The edition diffed to.
    pub new: Edition,
    /// One entry per passage of either edition (a pair counts once).
    pub changes: Vec<Change>,
}

impl EditionDiff {
    /// Counts by kind.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for change in &self.changes {
            match change {
                Change::Unchanged(_) => c.unchanged += 1,
                Change::Renumbered(_) => c.renumbered += 1,
                Change::Moved { .. } => c.moved += 1,
                Change::Changed { pair, .. } => {
                    c.changed += 1;
                    if pair.relabelled() {
                        c.changed_and_relabelled += 1;
                    }
                }
                Change::Merged { .. } => c.merged += 1,
                Change::Split { .. } => c.split += 1,
                Change::Added(_) => c.added += 1,
                Change::Removed(_) => c.removed += 1,
            }
        }
        c
    }

    /// What became of a passage of the old edition.
    pub fn fate_of(&self, old: &PassageId) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| c.olds().iter().any(|p| p.id == *old))
    }

    /// The changes a reader of "what changed" wants: everything but [`Change::Unchanged`].
    pub fn edits(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.kind() != ChangeKind::Unchanged)
    }
}

/// What stands at a new-edition position besides the body chain.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// Nothing aligned: added.
    Nothing,
    /// A footnote pair (in footnote order) or a moved pair.
    Pair(Link, bool),
    /// The (first) new passage of a merge or split.
    Group(usize),
    /// A later passage of a split, reported with its first.
    Skip,
}

/// The paragraph-level changes from `old` to `new`, with the default [`DiffOptions`]. The entry point for the
/// CLI's `pinpoint diff` and the API's `GET /api/documents/{id}/diff`.
pub fn diff_editions(old: EditionText<'_>, new: EditionText<'_>) -> EditionDiff {
    diff_editions_with(old, new, &DiffOptions::default())
}

/// [`diff_editions`] with chosen thresholds.
pub fn diff_editions_with(
    old: EditionText<'_>,
    new: EditionText<'_>,
    options: &DiffOptions,
) -> EditionDiff {
    let (a, b) = (old.passages, new.passages);
    let alignment = align(a, b, options);
    // Footnote pairs and moved pairs are reported where they stand in the new edition; the body chain decides
    // where removed passages go.
    let mut old_paired = vec![false; a.len()];
    let mut new_placed: Vec<Place> = vec![Place::Nothing; b.len()];
    for l in &alignment.in_order {
        old_paired[l.old] = true;
    }
    for (l, moved) in alignment
        .footnotes
        .iter()
        .map(|l| (l, false))
        .chain(alignment.moved.iter().map(|l| (l, true)))
    {
        old_paired[l.old] = true;
        new_placed[l.new] = Place::Pair(*l, moved);
    }
    for (g, group) in alignment.groups.iter().enumerate() {
        match group {
            Group::Merge { old, new, .. } => {
                old.iter().for_each(|&i| old_paired[i] = true);
                new_placed[*new] = Place::Group(g);
            }
            Group::Split { old, new, .. } => {
                old_paired[*old] = true;
                for (k, &j) in new.iter().enumerate() {
                    new_placed[j] = if k == 0 { Place::Group(g) } else { Place::Skip };
                }
            }
        }
    }
    let group_change = |g: &Group| {
        let join = |ps: &mut dyn Iterator<Item = &Passage>| {
            ps.map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ")
        };
        match g {
            Group::Merge {
                old,
                new,
                similarity,
            } => {
                let old: Vec<Passage> = old.iter().map(|&i| a[i].clone()).collect();
                let words = WordDiff::between(&join(&mut old.iter()), &b[*new].text);
                Change::Merged {
                    old,
                    new: b[*new].clone(),
                    similarity: *similarity,
                    words,
                }
            }
            Group::Split {
                old,
                new,
                similarity,
            } => {
                let new: Vec<Passage> = new.iter().map(|&j| b[j].clone()).collect();
                let words = WordDiff::between(&a[*old].text, &join(&mut new.iter()));
                Change::Split {
                    old: a[*old].clone(),
                    new,
                    similarity: *similarity,
                    words,
                }
            }
        }
    };
    let classify = |l: &Link, moved: bool| {
        let pair = Pair {
            old: a[l.old].clone(),
            new: b[l.new].clone(),
            similarity: l.similarity,
        };
        let words = (!l.identical).then(|| WordDiff::between(&pair.old.text, &pair.new.text));
        match (moved, words) {
            (true, words) => Change::Moved { pair, words },
            (false, Some(words)) => Change::Changed { pair, words },
            (false, None) if pair.relabelled() => Change::Renumbered(pair),
            (false, None) => Change::Unchanged(pair),
        }
    };

    let mut changes = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    let sentinel = Link {
        old: a.len(),
        new: b.len(),
        similarity: 0.0,
        identical: false,
    };
    for l in alignment.in_order.iter().chain(std::iter::once(&sentinel)) {
        for (k, p) in a.iter().enumerate().take(l.old).skip(i) {
            if !old_paired[k] {
                changes.push(Change::Removed(p.clone()));
            }
        }
        for (k, p) in b.iter().enumerate().take(l.new).skip(j) {
            match &new_placed[k] {
                Place::Pair(placed, moved) => changes.push(classify(placed, *moved)),
                Place::Group(g) => changes.push(group_change(&alignment.groups[*g])),
                Place::Skip => {}
                Place::Nothing => changes.push(Change::Added(p.clone())),
            }
        }
        if l.old < a.len() {
            changes.push(classify(l, false));
        }
        i = l.old + 1;
        j = l.new + 1;
    }
    EditionDiff {
        old: old.edition.clone(),
        new: new.edition.clone(),
        changes,
    }
}
