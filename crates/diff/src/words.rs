//! Word-level differences between two versions of a passage.

use std::time::{Duration, Instant};

use pinpoint_model::normalise_for_hash;
use similar::{Algorithm, DiffOp};

/// What a run of words did between the old and the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunOp {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// Consecutive words with the same [`RunOp`], joined by single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Kept, deleted or inserted.
    pub op: RunOp,
    /// The words.
    pub text: String,
}

/// The word-level difference between two texts: runs that, read in order, give the old text (equal and delete
/// runs) and the new text (equal and insert runs), each in its [`normalise_for_hash`] form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WordDiff {
    runs: Vec<Run>,
}

/// A single passage is at most a few thousand words; Myers finishes that in microseconds, but a pathological pair
/// must not hold up a whole edition's diff, so after this long `similar` falls back to a coarser answer (still a
/// correct diff, just not a minimal one).
const DEADLINE: Duration = Duration::from_millis(200);

impl WordDiff {
    /// The word diff of `old` against `new` (Myers' algorithm over whitespace-separated words, by `similar`).
    pub fn between(old: &str, new: &str) -> WordDiff {
        let old = normalise_for_hash(old);
        let new = normalise_for_hash(new);
        let a: Vec<&str> = old.split(' ').filter(|w| !w.is_empty()).collect();
        let b: Vec<&str> = new.split(' ').filter(|w| !w.is_empty()).collect();
        let ops = similar::capture_diff_slices_deadline(
            Algorithm::Myers,
            &a,
            &b,
            Some(Instant::now() + DEADLINE),
        );
        let mut diff = WordDiff::default();
        for op in ops {
            match op {
                DiffOp::Equal { old_index, len, .. } => {
                    diff.push(RunOp::Equal, &a[old_index..old_index + len])
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => diff.push(RunOp::Delete, &a[old_index..old_index + old_len]),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => diff.push(RunOp::Insert, &b[new_index..new_index + new_len]),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    diff.push(RunOp::Delete, &a[old_index..old_index + old_len]);
                    diff.push(RunOp::Insert, &b[new_index..new_index + new_len]);
                }
            }
        }
        diff
    }

    fn push(&mut self, op: RunOp, words: &[&str]) {
        if words.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(&words.join(" "));
            }
            _ => self.runs.push(Run {
                op,
                text: words.join(" "),
            }),
        }
    }

    /// The runs, in reading order.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// True when nothing was inserted or deleted.
    pub fn is_unchanged(&self) -> bool {
        self.runs.iter().all(|r| r.op == RunOp::Equal)
    }

    /// The old text, rebuilt from the equal and delete runs.
    pub fn old_text(&self) -> String {
        self.side(RunOp::Delete)
    }

    /// The new text, rebuilt from the equal and insert runs.
    pub fn new_text(&self) -> String {
        self.side(RunOp::Insert)
    }

    fn side(&self, keep: RunOp) -> String {
        self.runs
            .iter()
            .filter(|r| r.op == RunOp::Equal || r.op == keep)
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Words deleted plus words inserted.
    pub fn words_changed(&self) -> usize {
        self.runs
            .iter()
            .filter(|r| r.op != RunOp::Equal)
            .map(|r| r.text.split(' ').count())
            .sum()
    }

    /// The diff inline, as `git diff --word-diff` writes it: `[-deleted-]` and `{+inserted+}` among the kept
    /// words.
    pub fn inline(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            if !out.is_empty() {
                out.push(' ');
            }
            match run.op {
                RunOp::Equal => out.push_str(&run.text),
                RunOp::Delete => {
                    out.push_str("[-");
                    out.push_str(&run.text);
                    out.push_str("-]");
                }
                RunOp::Insert => {
                    out.push_str("{+");
                    out.push_str(&run.text);
                    out.push_str("+}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_rebuild_both_texts() {
        let old = "Schools should  appoint a designated\nsafeguarding lead.";
        let new = "Schools and colleges must appoint a designated safeguarding lead (DSL).";
        let d = WordDiff::between(old, new);
        assert_eq!(d.old_text(), normalise_for_hash(old));
        assert_eq!(d.new_text(), normalise_for_hash(new));
        assert_eq!(
            d.inline(),
            "Schools [-should-] {+and colleges must+} appoint a designated safeguarding [-lead.-] \
             {+lead (DSL).+}"
        );
        assert_eq!(d.words_changed(), 1 + 3 + 1 + 2);
        assert!(!d.is_unchanged());
    }

    #[test]
    fn identical_texts_are_one_equal_run() {
        let d = WordDiff::between("a b  c", "a b c");
        assert!(d.is_unchanged());
        assert_eq!(d.runs().len(), 1);
        assert_eq!(d.inline(), "a b c");
    }

    #[test]
    fn empty_sides() {
        let d = WordDiff::between("", "new words");
        assert_eq!(d.inline(), "{+new words+}");
        assert_eq!(d.old_text(), "");
        let d = WordDiff::between("old", "");
        assert_eq!(d.inline(), "[-old-]");
    }
}
