//! The word tokenizer: tantivy's `SimpleTokenizer`, except that superscript characters separate words.
//!
//! Passage text keeps footnote reference markers as printed, in superscript (`harm¹²⁸`), so a quotation copied
//! from Pinpoint reads like the page. Rust counts superscript digits as alphanumeric, so `SimpleTokenizer` would
//! index `harm¹²⁸` as one word and a search for "harm" would miss it; here the marker ends the word and is dropped.

use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits on anything that is not alphanumeric, and on superscripts.
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

pub(crate) struct WordTokenStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
}

/// A character that can be part of a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_superscript(c)
}

/// Superscript digits and letters as footnote markers use them (`¹²³`, `⁰⁴–⁹`, `ⁱ ⁿ`).
pub(crate) fn is_superscript(c: char) -> bool {
    matches!(
        c,
        '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2070}'..='\u{207F}'
    )
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((from, c)) = self.chars.next() {
            if is_word_char(c) {
                let to = self
                    .chars
                    .find(|&(_, c)| !is_word_char(c))
                    .map_or(self.text.len(), |(offset, _)| offset);
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.text.push_str(&self.text[from..to]);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, usize)> {
        let mut t = WordTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let tok = s.token();
            out.push((tok.text.clone(), tok.offset_from, tok.offset_to));
        }
        out
    }

    #[test]
    fn footnote_markers_end_words_and_vanish() {
        let w = words("a risk of harm¹²⁸ if; Act 2018¹² and");
        let texts: Vec<&str> = w.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["a", "risk", "of", "harm", "if", "Act", "2018", "and"]
        );
        // Offsets are byte offsets into the original text, so highlights stay on the word.
        let (_, from, to) = &w[3];
        assert_eq!(&"a risk of harm¹²⁸ if; Act 2018¹² and"[*from..*to], "harm");
    }

    #[test]
    fn ordinary_text_as_simple_tokenizer() {
        let w = words("child’s naïve café, 16E(1)");
        let texts: Vec<&str> = w.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["child", "s", "naïve", "café", "16E", "1"]);
    }
}
