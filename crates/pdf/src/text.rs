//! Text normalisation shared by extraction and the quality measure.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalises to NFC (a no-op for ASCII, the common case). Ligatures were already expanded glyph by glyph.
pub(crate) fn normalize_in_place(s: &mut String) {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return;
    }
    *s = s.nfc().collect();
}

/// Words as the quality measure counts them: maximal runs of letters and digits after NFKC, lowercased.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.nfkc() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Multiset overlap of two word lists: `(common, len_a, len_b)`. F1 = 2·common / (len_a + len_b).
pub fn word_overlap(a: &[String], b: &[String]) -> (usize, usize, usize) {
    let mut counts: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for w in a {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut common = 0;
    for w in b {
        if let Some(c) = counts.get_mut(w.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    (common, a.len(), b.len())
}

/// Word F1 of `ours` against `reference` (1.0 when both are empty).
pub fn word_f1(ours: &str, reference: &str) -> f64 {
    let (c, a, b) = word_overlap(&words(ours), &words(reference));
    if a + b == 0 {
        1.0
    } else {
        2.0 * c as f64 / (a + b) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_f1() {
        assert_eq!(
            words("The ﬁrst, 2025—school’s"),
            ["the", "first", "2025", "school", "s"]
        );
        assert!((word_f1("a b c", "a b d") - 2.0 / 3.0).abs() < 1e-9);
        let mut s = String::from("e\u{301}");
        normalize_in_place(&mut s);
        assert_eq!(s, "é");
    }
}
