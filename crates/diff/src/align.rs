//! Which passage of the old edition became which passage of the new one.
//!
//! 1. Every pair of passages that could be the same paragraph is a *candidate*: identical text (equal content
//!    hashes, ignoring spacing: see [`same_text_key`]), or word-bigram Jaccard similarity at least
//!    [`DiffOptions::pair_threshold`]. Candidates are found
//!    through an inverted index of bigrams, so unrelated passages (no shared bigram) cost nothing.
//! 2. The alignment is the chain of candidates, increasing in both editions' document order, of greatest total
//!    weight (a weighted longest increasing subsequence, O(k log n) with a Fenwick tree). An identical-text pair
//!    weighs 2 and a similar pair its similarity, so one exact match outweighs any two weak ones that would cross
//!    it; a small bonus for an equal label settles ties between duplicates. Order is what keeps the ubiquitous
//!    short paragraphs ("See Annex B.") from pairing with a namesake fifty pages away.
//!    Footnotes form a chain of their own: where a footnote falls among the paragraphs depends on page breaks,
//!    not on the text, so a footnote that slid past a paragraph is neither moved nor a reason to call the
//!    paragraph moved. A footnote only ever pairs with a footnote, a paragraph with a paragraph.
//! 3. Merges and splits: a new passage that reads like several consecutive old passages of the same gap
//!    between chain links (unpaired, or its own partner) read as one, with similarity at least
//!    [`DiffOptions::group_threshold`] and clearly better than its 1:1 pairing, is a merge (KCSIE 2024 paras
//!    143–146 became 2025 para 143); the mirror image is a split.
//! 4. Passages left over on both sides that are identical or nearly so ([`DiffOptions::move_threshold`]) but
//!    cross the chain were *moved*: paired greedily, best first.
//!
//! Everything else is added (new side) or removed (old side).

use std::collections::HashMap;

use pinpoint_model::{ContentHash, Label, Passage};

use crate::text::{containment, jaccard, union, Vocabulary};

/// Thresholds of the alignment. The defaults were chosen on KCSIE 2024 → 2025 and on the unit tests' cases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// Least word-bigram Jaccard similarity for two passages in document order to count as one paragraph,
    /// changed. 0.4: an evenly split paragraph still pairs with one half (about 0.49) and a paragraph with a
    /// sentence rewritten with its successor (0.5–0.8), while distinct paragraphs of one document share at most
    /// about 0.2 of their bigrams.
    pub pair_threshold: f32,
    /// Least similarity for two passages *out of* document order to count as one moved paragraph. Higher than
    /// `pair_threshold` because order no longer vouches for the pairing.
    pub move_threshold: f32,
    /// Least similarity between one passage and several consecutive passages of the other edition read as one
    /// for a merge or split; it must also beat the passage's 1:1 pairing by [`GROUP_MARGIN`].
    pub group_threshold: f32,
}

/// How much better than its 1:1 pairing a merge or split must read.
pub const GROUP_MARGIN: f32 = 0.1;

/// The most passages one merge or split may involve on its many side.
const MAX_GROUP: usize = 8;

/// Least share of a part's word pairs that must be in the whole for it to be a part of a merge or split. Also
/// what keeps the search cheap: only stretches of such parts are tried.
const PART_CONTAINMENT: f32 = 0.5;

impl Default for DiffOptions {
    fn default() -> DiffOptions {
        DiffOptions {
            pair_threshold: 0.4,
            move_threshold: 0.8,
            group_threshold: 0.6,
        }
    }
}

/// One aligned pair: old index, new index, similarity (1 for identical text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Link {
    pub old: usize,
    pub new: usize,
    pub similarity: f32,
    pub identical: bool,
}

/// Several passages on one side that together became (or came from) one passage on the other.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Group {
    /// Consecutive old passages merged into one new passage.
    Merge {
        old: Vec<usize>,
        new: usize,
        similarity: f32,
    },
    /// One old passage split into consecutive new passages.
    Split {
        old: usize,
        new: Vec<usize>,
        similarity: f32,
    },
}

/// The alignment: body pairs in document order, footnote pairs in footnote order, merges and splits, and moved
/// pairs (out of order).
pub(crate) struct Alignment {
    pub in_order: Vec<Link>,
    pub footnotes: Vec<Link>,
    pub groups: Vec<Group>,
    pub moved: Vec<Link>,
}

fn is_footnote(p: &Passage) -> bool {
    matches!(p.locator.label, Label::Footnote(_))
}

/// Labels a reader would call the same. Unnumbered passages are named by their ordinal among unnumbered passages,
/// which shifts whenever one is added earlier; no reader sees that number, so it is no renumbering.
pub(crate) fn same_label(a: &Label, b: &Label) -> bool {
    matches!((a, b), (Label::Unnumbered(_), Label::Unnumbered(_))) || a == b
}

/// What "the same text" means for the diff: the content hash of the text with all whitespace removed.
///
/// Spacing is not wording. PDF extraction puts or omits a space before a superscript footnote marker depending
/// on how each edition's file positions it (KCSIE 2024 "from harm.118", 2025 "from harm. 118"): 63 of KCSIE
/// 2024 → 2025's paragraphs differ in nothing else, and an advisor told that they "changed" would be misled.
/// The price, a genuine change that only moves a space ("the rapist"), is far rarer in official guidance.
pub(crate) fn same_text_key(text: &str) -> ContentHash {
    let squeezed: String = pinpoint_model::normalise_for_hash(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    ContentHash::of_text(&squeezed)
}

const EXACT_WEIGHT: f64 = 2.0;
const LABEL_BONUS: f64 = 0.05;

pub(crate) fn align(old: &[Passage], new: &[Passage], options: &DiffOptions) -> Alignment {
    let mut vocab = Vocabulary::default();
    let old_sh: Vec<Vec<u64>> = old.iter().map(|p| vocab.shingles(&p.text)).collect();
    let new_sh: Vec<Vec<u64>> = new.iter().map(|p| vocab.shingles(&p.text)).collect();
    let old_hash: Vec<ContentHash> = old.iter().map(|p| same_text_key(&p.text)).collect();
    let new_hash: Vec<ContentHash> = new.iter().map(|p| same_text_key(&p.text)).collect();

    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (j, sh) in new_sh.iter().enumerate() {
        for s in sh {
            postings.entry(*s).or_default().push(j as u32);
        }
    }
    let mut by_hash: HashMap<ContentHash, Vec<usize>> = HashMap::new();
    for (j, h) in new_hash.iter().enumerate() {
        by_hash.entry(*h).or_default().push(j);
    }

    // Candidates, grouped by old index and sorted by new index within a group.
    let mut candidates: Vec<Link> = Vec::new();
    let mut counts = vec![0u32; new.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (i, sh) in old_sh.iter().enumerate() {
        let row_start = candidates.len();
        let exact = by_hash.get(&old_hash[i]).map(Vec::as_slice).unwrap_or(&[]);
        for &j in exact
            .iter()
            .filter(|&&j| is_footnote(&old[i]) == is_footnote(&new[j]))
        {
            candidates.push(Link {
                old: i,
                new: j,
                similarity: 1.0,
                identical: true,
            });
        }
        for s in sh {
            for &j in postings.get(s).map(Vec::as_slice).unwrap_or(&[]) {
                let j = j as usize;
                if counts[j] == 0 {
                    touched.push(j);
                }
                counts[j] += 1;
            }
        }
        for j in touched.drain(..) {
            let common = counts[j] as usize;
            counts[j] = 0;
            if new_hash[j] == old_hash[i] || is_footnote(&old[i]) != is_footnote(&new[j]) {
                continue;
            }
            let similarity = common as f32 / (sh.len() + new_sh[j].len() - common) as f32;
            if similarity >= options.pair_threshold {
                candidates.push(Link {
                    old: i,
                    new: j,
                    similarity,
                    identical: false,
                });
            }
        }
        candidates[row_start..].sort_by_key(|c| c.new);
    }

    let weight = |c: &Link| {
        let base = if c.identical {
            EXACT_WEIGHT
        } else {
            f64::from(c.similarity)
        };
        let bonus = if same_label(&old[c.old].locator.label, &new[c.new].locator.label) {
            LABEL_BONUS
        } else {
            0.0
        };
        base + bonus
    };

    let (notes, body): (Vec<Link>, Vec<Link>) = candidates
        .iter()
        .copied()
        .partition(|c| is_footnote(&old[c.old]));
    let mut in_order = heaviest_chain(&body, new.len(), &weight);
    let footnotes = heaviest_chain(&notes, new.len(), &weight);
    let groups = find_groups(&mut in_order, &old_sh, &new_sh, old, new, options);

    // Moved: near-identical leftovers that cross the chain.
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    for l in in_order.iter().chain(&footnotes) {
        old_taken[l.old] = true;
        new_taken[l.new] = true;
    }
    for g in &groups {
        match g {
            Group::Merge { old, new, .. } => {
                old.iter().for_each(|&i| old_taken[i] = true);
                new_taken[*new] = true;
            }
            Group::Split { old, new, .. } => {
                old_taken[*old] = true;
                new.iter().for_each(|&j| new_taken[j] = true);
            }
        }
    }
    let mut movable: Vec<Link> = candidates
        .into_iter()
        .filter(|c| {
            !old_taken[c.old]
                && !new_taken[c.new]
                && (c.identical || c.similarity >= options.move_threshold)
        })
        .collect();
    movable.sort_by(|a, b| {
        b.identical
            .cmp(&a.identical)
            .then(b.similarity.total_cmp(&a.similarity))
            .then(a.old.cmp(&b.old))
            .then(a.new.cmp(&b.new))
    });
    let mut moved = Vec::new();
    for c in movable {
        if !old_taken[c.old] && !new_taken[c.new] {
            old_taken[c.old] = true;
            new_taken[c.new] = true;
            moved.push(c);
        }
    }
    Alignment {
        in_order,
        footnotes,
        groups,
        moved,
    }
}

/// Merges and splits among body passages (see the module documentation). Links of the chain that a group
/// absorbs are taken out of `chain`.
fn find_groups(
    chain: &mut Vec<Link>,
    old_sh: &[Vec<u64>],
    new_sh: &[Vec<u64>],
    old: &[Passage],
    new: &[Passage],
    options: &DiffOptions,
) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut absorbed = vec![false; chain.len()];
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for l in chain.iter() {
        old_used[l.old] = true;
        new_used[l.new] = true;
    }
    // Gaps of the chain: before link 0, between links k-1 and k, after the last. For a passage in the gap (or a
    // changed link's passage), the other side's free passages in the same gap are the ones it may group with.
    let n_links = chain.len();
    let bounds = |k: usize| -> (usize, usize, usize, usize) {
        // Old and new index ranges strictly between link k-1 and link k+1 (link k itself excluded).
        let (o0, n0) = if k == 0 {
            (0, 0)
        } else {
            (chain[k - 1].old + 1, chain[k - 1].new + 1)
        };
        let (o1, n1) = if k + 1 >= n_links {
            (old.len(), new.len())
        } else {
            (chain[k + 1].old, chain[k + 1].new)
        };
        (o0, o1, n0, n1)
    };
    let runs_in = |free: &dyn Fn(usize) -> bool, lo: usize, hi: usize, own: Option<usize>| {
        // Maximal stretches of consecutive indices in lo..hi that are free or the passage's own partner.
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut cur: Vec<usize> = Vec::new();
        for x in lo..hi {
            if free(x) || Some(x) == own {
                cur.push(x);
            } else if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            runs.push(cur);
        }
        runs
    };
    let best_window = |one: &[u64], many: &[Vec<u64>], runs: &[Vec<usize>], own: Option<usize>| {
        let mut best: Option<(f32, Vec<usize>)> = None;
        for run in runs {
            for start in 0..run.len() {
                for end in start + 2..=run.len().min(start + MAX_GROUP) {
                    let window = &run[start..end];
                    // A group must include the passage's own partner, if it has one, so it replaces that pair.
                    if own.is_some_and(|o| !window.contains(&o)) {
                        continue;
                    }
                    let sets: Vec<&[u64]> = window.iter().map(|&x| many[x].as_slice()).collect();
                    let sim = jaccard(one, &union(&sets));
                    if best.as_ref().is_none_or(|(b, _)| sim > *b) {
                        best = Some((sim, window.to_vec()));
                    }
                }
            }
        }
        best
    };

    // Merges: one new passage against runs of old passages.
    let mut merges: Vec<(usize, Option<usize>, f32, Vec<usize>)> = Vec::new();
    for j in 0..new.len() {
        if is_footnote(&new[j]) {
            continue;
        }
        let link = chain.binary_search_by_key(&j, |l| l.new).ok();
        if link.is_none() && new_used[j] {
            continue;
        }
        let (lo, hi, own, own_sim) = match link {
            Some(k) if chain[k].identical => continue,
            Some(k) => {
                let (o0, o1, _, _) = bounds(k);
                (o0, o1, Some(chain[k].old), chain[k].similarity)
            }
            None => {
                let k = chain.partition_point(|l| l.new < j);
                let o0 = if k == 0 { 0 } else { chain[k - 1].old + 1 };
                let o1 = chain.get(k).map_or(old.len(), |l| l.old);
                (o0, o1, None, 0.0)
            }
        };
        let free = |i: usize| {
            !old_used[i]
                && !is_footnote(&old[i])
                && containment(&old_sh[i], &new_sh[j]) >= PART_CONTAINMENT
        };
        let runs = runs_in(&free, lo, hi, own);
        if let Some((sim, window)) = best_window(&new_sh[j], old_sh, &runs, own) {
            if sim >= options.group_threshold && sim >= own_sim + GROUP_MARGIN {
                merges.push((j, link, sim, window));
            }
        }
    }
    for (j, link, similarity, window) in merges {
        if window
            .iter()
            .any(|&i| old_used[i] && link.is_none_or(|k| chain[k].old != i))
        {
            continue;
        }
        window.iter().for_each(|&i| old_used[i] = true);
        new_used[j] = true;
        if let Some(k) = link {
            absorbed[k] = true;
        }
        groups.push(Group::Merge {
            old: window,
            new: j,
            similarity,
        });
    }

    // Splits: one old passage against runs of new passages.
    let mut splits: Vec<(usize, Option<usize>, f32, Vec<usize>)> = Vec::new();
    for i in 0..old.len() {
        if is_footnote(&old[i]) {
            continue;
        }
        let link = chain.binary_search_by_key(&i, |l| l.old).ok();
        if link.is_some_and(|k| absorbed[k]) || (link.is_none() && old_used[i]) {
            continue;
        }
        let (lo, hi, own, own_sim) = match link {
            Some(k) if chain[k].identical => continue,
            Some(k) => {
                let (_, _, n0, n1) = bounds(k);
                (n0, n1, Some(chain[k].new), chain[k].similarity)
            }
            None => {
                let k = chain.partition_point(|l| l.old < i);
                let n0 = if k == 0 { 0 } else { chain[k - 1].new + 1 };
                let n1 = chain.get(k).map_or(new.len(), |l| l.new);
                (n0, n1, None, 0.0)
            }
        };
        let free = |j: usize| {
            !new_used[j]
                && !is_footnote(&new[j])
                && containment(&new_sh[j], &old_sh[i]) >= PART_CONTAINMENT
        };
        let runs = runs_in(&free, lo, hi, own);
        if let Some((sim, window)) = best_window(&old_sh[i], new_sh, &runs, own) {
            if sim >= options.group_threshold && sim >= own_sim + GROUP_MARGIN {
                splits.push((i, link, sim, window));
            }
        }
    }
    for (i, link, similarity, window) in splits {
        if window
            .iter()
            .any(|&j| new_used[j] && link.is_none_or(|k| chain[k].new != j))
        {
            continue;
        }
        window.iter().for_each(|&j| new_used[j] = true);
        old_used[i] = true;
        if let Some(k) = link {
            absorbed[k] = true;
        }
        groups.push(Group::Split {
            old: i,
            new: window,
            similarity,
        });
    }

    let mut k = 0;
    chain.retain(|_| {
        k += 1;
        !absorbed[k - 1]
    });
    groups
}

/// The chain of candidates increasing in both old and new index with the greatest total weight: a weighted
/// longest increasing subsequence. `candidates` are grouped by old index, sorted by new index within a group.
fn heaviest_chain(candidates: &[Link], new_len: usize, weight: &dyn Fn(&Link) -> f64) -> Vec<Link> {
    // best[k] = best chain ending in candidate k; the Fenwick tree gives, for a new index j, the
    // best chain ending at any new index < j among rows already finished.
    let mut fenwick = Fenwick::new(new_len);
    let mut best: Vec<(f64, Option<usize>)> = vec![(0.0, None); candidates.len()];
    let mut top: Option<(f64, usize)> = None;
    let mut row_start = 0;
    while row_start < candidates.len() {
        let row = candidates[row_start].old;
        let row_end = candidates[row_start..]
            .iter()
            .position(|c| c.old != row)
            .map_or(candidates.len(), |n| row_start + n);
        for k in row_start..row_end {
            let (prev_score, prev) = fenwick.max_before(candidates[k].new);
            let score = prev_score + weight(&candidates[k]);
            best[k] = (score, prev);
            if top.is_none_or(|(s, _)| score > s) {
                top = Some((score, k));
            }
        }
        for (k, b) in best.iter().enumerate().take(row_end).skip(row_start) {
            fenwick.raise(candidates[k].new, b.0, k);
        }
        row_start = row_end;
    }
    let mut in_order = Vec::new();
    let mut at = top.map(|(_, k)| k);
    while let Some(k) = at {
        in_order.push(candidates[k]);
        at = best[k].1;
    }
    in_order.reverse();
    in_order
}

/// Prefix maximum over new-edition indices, with the candidate that achieves it.
struct Fenwick {
    tree: Vec<(f64, Option<usize>)>,
}

impl Fenwick {
    fn new(n: usize) -> Fenwick {
        Fenwick {
            tree: vec![(0.0, None); n + 1],
        }
    }

    /// The best score among positions `< j` (0-based), and its candidate.
    fn max_before(&self, j: usize) -> (f64, Option<usize>) {
        let mut best = (0.0, None);
        let mut i = j; // 1-based prefix [1, j] covers 0-based positions < j
        while i > 0 {
            if self.tree[i].0 > best.0 {
                best = self.tree[i];
            }
            i &= i - 1;
        }
        best
    }

    /// Offers `score` (candidate `k`) at 0-based position `j`.
    fn raise(&mut self, j: usize, score: f64, k: usize) {
        let mut i = j + 1;
        while i < self.tree.len() {
            if score > self.tree[i].0 {
                self.tree[i] = (score, Some(k));
            }
            i += i & i.wrapping_neg();
        }
    }
}
