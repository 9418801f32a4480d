//! Sentence splitting for highlights, aware of the abbreviations and numbering legal text is full of.

use std::ops::Range;

/// Words that end with a full stop without ending a sentence: `e.g.`, `s. 16`, `para. 3`, `No. 2`.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "eg", "i.e", "ie", "s", "ss", "para", "paras", "reg", "regs", "art", "arts", "sch",
    "no", "nos", "cf", "mr", "mrs", "ms", "dr", "st", "vol", "p", "pp", "fn", "ch", "sec",
    "approx", "viz", "op", "cit",
];

/// List markers as the documents print them (Word's arrowheads and check boxes included).
const BULLETS: &[char] = &['•', '●', '▪', '◦', '■', '○', '➢', '►', '▸', '☐', '☑', '⮽'];

/// Byte ranges of the sentences of `text`, trimmed, in order. Bullets and line breaks (which the parsers put
/// between paragraphs run into one passage) start a new sentence.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Range<usize>>| {
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if a + lead < b - trail {
            out.push(a + lead..b - trail);
        }
    };
    let iter = text.char_indices();
    for (i, c) in iter {
        if BULLETS.contains(&c) || c == '\n' {
            push(start, i, &mut out);
            start = i + c.len_utf8();
            continue;
        }
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        // Closing quotes and brackets, and footnote markers (superscripts), belong to the sentence they close.
        let mut end = i + c.len_utf8();
        for ch in text[end..].chars() {
            if matches!(
                ch,
                ')' | ']' | '"' | '\'' | '’' | '”' | '¹' | '²' | '³' | '\u{2070}'..='\u{207F}'
            ) {
                end += ch.len_utf8();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        if !first.is_whitespace() {
            continue; // 3.22, e.g.the, www.gov.uk
        }
        let next = rest.trim_start().chars().next();
        let starts_sentence = match next {
            None => true,
            Some(n) => {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || "\"'‘“(".contains(n)
                    || BULLETS.contains(&n)
            }
        };
        if !starts_sentence {
            continue;
        }
        if c == '.' && is_abbreviation(&text[..i]) {
            continue;
        }
        push(start, end, &mut out);
        start = end;
    }
    push(start, text.len(), &mut out);
    out
}

/// Whether the sentence at `range` is a list item: a bullet comes just before it.
pub fn is_list_item(text: &str, range: &Range<usize>) -> bool {
    text[..range.start]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| BULLETS.contains(&c))
}

/// Whether the word just before a full stop (the end of `before`) is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '.'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let word = before[word_start..].to_lowercase();
    if word.is_empty() {
        return false;
    }
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    single_letter || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn does_not_split_on_abbreviations_or_numbers() {
        let t = "Schools must act, e.g. Refer to s. 16E of the Act. See para. 3.22 for more. Is that so? Yes!";
        assert_eq!(
            split(t),
            vec![
                "Schools must act, e.g. Refer to s. 16E of the Act.",
                "See para. 3.22 for more.",
                "Is that so?",
                "Yes!"
            ]
        );
    }

    #[test]
    fn splits_on_bullets_and_keeps_closing_quotes() {
        let t = "Staff should: • report concerns • keep records. He said “stop.” Then left.";
        assert_eq!(
            split(t),
            vec![
                "Staff should:",
                "report concerns",
                "keep records.",
                "He said “stop.”",
                "Then left."
            ]
        );
    }

    #[test]
    fn arrowhead_bullets_and_line_breaks_split() {
        let t = "Make a referral: ➢ First phone the LADO ➢ Then email the form\nIf nobody answers, call again.";
        assert_eq!(
            split(t),
            vec![
                "Make a referral:",
                "First phone the LADO",
                "Then email the form",
                "If nobody answers, call again."
            ]
        );
        let ranges = sentences(t);
        let items: Vec<bool> = ranges.iter().map(|r| is_list_item(t, r)).collect();
        assert_eq!(items, vec![false, true, true, false]);
    }

    #[test]
    fn footnote_markers_close_their_sentence() {
        assert_eq!(
            split("Schools must act.¹² Staff should report."),
            ["Schools must act.¹²", "Staff should report."]
        );
    }

    #[test]
    fn lowercase_continuations_stay_joined() {
        assert_eq!(
            split("Section 3. of the act applies. Next."),
            vec!["Section 3. of the act applies.", "Next."]
        );
    }
}
