//! The text views the diff works on: word ids for similarity, and a loose form for finding quotes.

use std::collections::HashMap;

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// `text` in NFKC, borrowed when it already is (the quick check needs no allocation; most passages are).
fn nfkc(text: &str) -> Cow<'_, str> {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

/// Lowercased NFKC words (letters and digits; everything else separates), for similarity only.
fn words(text: &str) -> Vec<String> {
    let mut lowered = String::with_capacity(text.len());
    for c in nfkc(text).chars() {
        lowered.extend(c.to_lowercase());
    }
    lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Gives each distinct word of both editions a small integer, so shingles are cheap `u64`s.
#[derive(Default)]
pub(crate) struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    /// The passage's set of word bigrams (its single word for a one-word text), sorted and deduplicated.
    ///
    /// Bigrams rather than single words: two paragraphs about the same topic share most of their vocabulary, but
    /// a paragraph and its lightly edited successor share most of their word *pairs*, and unrelated ones few.
    pub(crate) fn shingles(&mut self, text: &str) -> Vec<u64> {
        let next = |ids: &mut HashMap<String, u32>, w: String| {
            let n = ids.len() as u32;
            *ids.entry(w).or_insert(n)
        };
        let ids: Vec<u32> = words(text)
            .into_iter()
            .map(|w| next(&mut self.ids, w))
            .collect();
        let mut out: Vec<u64> = match ids.as_slice() {
            [] => Vec::new(),
            [only] => vec![u64::from(*only) << 32 | u64::from(u32::MAX)],
            _ => ids
                .windows(2)
                .map(|p| u64::from(p[0]) << 32 | u64::from(p[1]))
                .collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// How many elements two sorted, deduplicated shingle sets share.
pub(crate) fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity of two sorted, deduplicated shingle sets: |A ∩ B| / |A ∪ B|, 1 for two empty sets.
pub(crate) fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let n = common(a, b);
    n as f32 / (a.len() + b.len() - n) as f32
}

/// The share of `part`'s shingles that are also in `whole` (0 for an empty `part`).
pub(crate) fn containment(part: &[u64], whole: &[u64]) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    common(part, whole) as f32 / part.len() as f32
}

/// The loose form a quote is looked for in: NFKC, lowercase, and every run of anything but letters and digits
/// turned into one space, so that curly and straight apostrophes, dashes, line breaks, and a full stop the advisor
/// did or did not copy make no difference. Words and their order still must match. A hyphen inside a word is
/// dropped: the PDF reader joins a compound hyphenated across a line end ("ill-" / "treatment" → "illtreatment"),
/// as pdftotext does, so the advisor's "ill-treatment" must meet it.
pub fn loose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    let chars: Vec<char> = nfkc(text).chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let in_word_hyphen = matches!(c, '-' | '\u{2010}' | '\u{2011}')
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if in_word_hyphen {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '\u{00AD}' {
            gap = true;
        }
    }
    out
}

/// The shingle set of several passages read as one: the union of their sets.
pub(crate) fn union(sets: &[&[u64]]) -> Vec<u64> {
    let mut all: Vec<u64> = sets.iter().flat_map(|s| s.iter().copied()).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Whether `quote` (already [`loose`]) occurs in `text` (already [`loose`]) on word boundaries.
pub(crate) fn contains_quote(text: &str, quote: &str) -> bool {
    if quote.is_empty() {
        return false;
    }
    let padded_text = format!(" {text} ");
    let padded_quote = format!(" {quote} ");
    padded_text.contains(&padded_quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_forgives_punctuation_case_and_quotes() {
        assert_eq!(
            loose("The child’s “safety”—first.\nAlways"),
            "the child s safety first always"
        );
        assert_eq!(loose("child's"), loose("child’s"));
        assert!(contains_quote(
            &loose("… and this is known as transferable risk."),
            &loose("This is known as transferable risk")
        ));
        // Whole words only: "risk" is not found inside "risks".
        assert!(!contains_quote(
            &loose("transferable risks"),
            &loose("transferable risk")
        ));
        assert!(!contains_quote(&loose("anything"), &loose("  ")));
        // A compound hyphenated across a line end is read joined; the advisor copies it with its hyphen.
        assert!(contains_quote(
            &loose("It may involve seeing or hearing the illtreatment of another."),
            &loose("seeing or hearing the ill-treatment of another")
        ));
        assert_eq!(loose("2024 - 25 well–being"), "2024 25 well being");
    }

    #[test]
    fn similar_texts_share_bigrams() {
        let mut v = Vocabulary::default();
        let a = v.shingles("Schools should have a designated safeguarding lead.");
        let b = v.shingles("Schools must have a designated safeguarding lead.");
        let c = v.shingles("The governing body must ensure the policy is published.");
        assert!(jaccard(&a, &b) > 0.4, "{}", jaccard(&a, &b));
        assert!(jaccard(&a, &c) < 0.1);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(v.shingles("Introduction").len(), 1);
        assert!(v.shingles("—").is_empty());
    }
}
