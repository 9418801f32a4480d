//! The peer used to check Pinpoint's PDF work: poppler's `pdftotext`, and the word normalisation of
//! `shared/eval/score.py`, so that figures measured here agree with the evaluation script.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// Words as `score.py` counts them (one implementation, shared with `pinpoint eval`).
pub use crate::eval::norm_words as score_words;

/// A word with any footnote reference removed. pdftotext prints a superscript marker glued to its word
/// ("proprietors20") or as a word of its own ("must 87 maintain"); Pinpoint leaves markers out of passage text
/// (they are not part of the quote). So the locator check drops numbers of one to three digits and strips such
/// numbers from the end of a word, on both sides, and then asks for the same eight words in the same order.
fn without_marker(word: &str) -> Option<String> {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = word.len() - letters.len();
    if letters.is_empty() {
        return (digits > 3).then(|| word.to_owned());
    }
    if letters.len() >= 2
        && letters.chars().all(|c| c.is_ascii_lowercase())
        && (1..=3).contains(&digits)
    {
        Some(letters.to_owned())
    } else {
        Some(word.to_owned())
    }
}

/// Page texts of PDFs from one `pdftotext` run each (pages split at form feeds), cached per file.
#[derive(Default)]
pub struct PdfText {
    pages: HashMap<PathBuf, Vec<String>>,
}

impl PdfText {
    /// The text of every page of `path`, physical order.
    pub fn pages(&mut self, path: &Path) -> anyhow::Result<&[String]> {
        if !self.pages.contains_key(path) {
            let out = Command::new("pdftotext")
                .arg(path)
                .arg("-")
                .output()
                .context("running pdftotext (install poppler-utils)")?;
            if !out.status.success() {
                bail!(
                    "pdftotext failed on {}: {}",
                    path.display(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let text = String::from_utf8_lossy(&out.stdout);
            let pages = text.split('\x0c').map(str::to_owned).collect();
            self.pages.insert(path.to_path_buf(), pages);
        }
        Ok(self.pages.get(path).map(Vec::as_slice).unwrap_or_default())
    }

    /// Whether the first eight words of `text` appear, in order, in pages `first..=last` (1-based) of `path`: the
    /// pinpoint check of `score.py`. `None` when the text has under three words (nothing to check).
    pub fn starts_on(
        &mut self,
        path: &Path,
        text: &str,
        first: u32,
        last: u32,
    ) -> anyhow::Result<Option<bool>> {
        let words = score_words(text);
        let words: Vec<String> = words.iter().filter_map(|w| without_marker(w)).collect();
        if words.len() < 3 {
            return Ok(None);
        }
        let head: Vec<String> = words[..words.len().min(8)].to_vec();
        let head = head.join(" ");
        let pages = self.pages(path)?;
        let range = pages
            .get(first as usize - 1..(last as usize).min(pages.len()))
            .unwrap_or_default();
        let page_words: Vec<String> = score_words(&range.join("\n"))
            .iter()
            .filter_map(|w| without_marker(w))
            .collect();
        let page_words = page_words.join(" ");
        Ok(Some(
            format!(" {page_words} ").contains(&format!(" {head} ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_score_py() {
        assert_eq!(
            score_words("Safe-\n  guarding “Partners”, 2025"),
            ["safeguarding", "partners", "2025"]
        );
    }
}
