//! Text helpers shared by the PDF and block paths: joining lines, counting words, splitting sentences.

/// Appends `line` to `out`, joining a hyphenated line end ("certi-" + "ficate") and otherwise separating with one
/// space. A hyphen is only removed when a lowercase letter follows, so "well-" + "Being" and "2024-" + "25" keep it.
pub fn push_line(out: &mut String, line: &str) {
    let cleaned: String;
    let line = if line.contains(crate::pdf::UNMAPPED) {
        cleaned = line
            .replace(crate::pdf::UNMAPPED, "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        &cleaned
    } else {
        line.trim()
    };
    if line.is_empty() {
        return;
    }
    let line = single_bullet(line);
    if out.is_empty() {
        out.push_str(line);
        return;
    }
    let hyphenated = out.ends_with('-')
        && out[..out.len() - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        && line.chars().next().is_some_and(char::is_lowercase);
    // An address broken at one of its own hyphens ("saferinternet.org.uk/guide-and-" / "resource/…") keeps it.
    let last_word = out.rsplit(char::is_whitespace).next().unwrap_or("");
    let address = last_word.contains('/') || last_word.contains('@') || last_word.contains("www.");
    if hyphenated && address {
        out.push_str(line);
        return;
    }
    if hyphenated {
        out.pop();
    } else if !out.ends_with(' ') {
        out.push(' ');
    }
    out.push_str(line);
}

/// What joins paragraph `next` to paragraph `prev` in one passage: a line break where a new paragraph is sure, so
/// that a list's last item and the paragraph after it ("• whether legal action is required\nThe timescale …") read
/// as two sentences, as the web path keeps them (`blocks.rs`); a space where the break may be a line wrap. `shown`
/// says the page shows `next` starting (space above it, a bullet, a list ending above it), not only a page top.
/// A paragraph that starts in lower case, or with an item letter ("(b) …"), runs on from the one before.
pub fn paragraph_separator(prev: &str, next: &str, shown: bool) -> char {
    let Some(first) = next.chars().next() else {
        return ' ';
    };
    let bullet = BULLETS.contains(&first);
    let starts = first.is_uppercase() || first.is_ascii_digit() || "‘“\"'".contains(first);
    if !prev.is_empty() && (bullet || (starts && shown)) {
        '\n'
    } else {
        ' '
    }
}

/// `line` without the repeats of its opening bullet: some PDFs print each bullet as two glyphs, one over the other
/// (the IRO handbook's "●● the effect of …", 222 times), which a reader sees as one.
fn single_bullet(line: &str) -> &str {
    let Some(first) = line.chars().next().filter(|c| BULLETS.contains(c)) else {
        return line;
    };
    let run = line.len() - line.trim_start_matches([first, ' ']).len();
    // The opening run's last bullet, and what follows it.
    match line[..run].rfind(first) {
        Some(i) => &line[i..],
        None => line,
    }
}

/// The characters a list item starts with.
pub const BULLETS: [char; 5] = ['•', '●', '▪', '◦', '▫'];

/// Number of whitespace-separated words.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Byte offsets where sentences end in `s` (after the terminal punctuation and any closing quote or bracket).
/// Abbreviations common in UK guidance and legislation ("e.g.", "i.e.", "s.", "para.", "No.") and decimals
/// ("3.22") do not end a sentence.
pub fn sentence_ends(s: &str) -> Vec<usize> {
    const ABBREVIATIONS: [&str; 14] = [
        "e.g", "i.e", "etc", "s", "ss", "para", "paras", "reg", "regs", "no", "art", "sch", "p",
        "pp",
    ];
    let bytes = s.as_bytes();
    let mut ends = Vec::new();
    for (i, c) in s.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while end < bytes.len() && matches!(bytes[end], b'"' | b')' | b'\'') {
            end += 1;
        }
        // Curly closing quotes, and footnote markers set as superscripts, close the sentence too.
        while let Some(ch) = s[end..]
            .chars()
            .next()
            .filter(|&ch| matches!(ch, '’' | '”' | '¹' | '²' | '³' | '\u{2070}'..='\u{207F}'))
        {
            end += ch.len_utf8();
        }
        let next = s[end..].chars().next();
        if next.is_some_and(|n| !n.is_whitespace()) {
            continue; // "3.22", "gov.uk"
        }
        if c == '.' {
            let word: String = s[..i]
                .chars()
                .rev()
                .take_while(|ch| ch.is_alphanumeric() || *ch == '.')
                .collect();
            let word: String = word.chars().rev().collect::<String>().to_lowercase();
            if ABBREVIATIONS.contains(&word.as_str()) {
                continue;
            }
            // A lone capital ("J. Smith") or a list marker ("a.") is not a sentence end.
            if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
                continue;
            }
        }
        // The next sentence should start with a capital, digit, bullet or quote; otherwise it's a mid-sentence stop.
        let after = s[end..].trim_start().chars().next();
        if after.is_none_or(|a| a.is_uppercase() || a.is_ascii_digit() || "•(‘“\"'".contains(a))
        {
            ends.push(end);
        }
    }
    ends
}

/// Splits `text` into chunks of about `target` words, only at sentence ends. A single sentence longer than the
/// target stays whole: a passage is never cut mid-sentence.
pub fn split_sentences_into(text: &str, target: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut last_end = 0;
    for end in sentence_ends(text) {
        if word_count(&text[start..end]) > target && last_end > start {
            chunks.push(text[start..last_end].trim().to_owned());
            start = last_end;
        }
        last_end = end;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        chunks.push(rest.to_owned());
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_broken_at_its_hyphen_keeps_it() {
        let mut out = String::from("see www.saferinternet.org.uk/guide-and-");
        push_line(&mut out, "resource/teachers-and-school-staff.");
        assert_eq!(
            out,
            "see www.saferinternet.org.uk/guide-and-resource/teachers-and-school-staff."
        );
        let mut out = String::from("a certi-");
        push_line(&mut out, "ficate");
        assert_eq!(out, "a certificate");
    }

    #[test]
    fn a_bullet_printed_twice_is_one() {
        let mut out = String::new();
        push_line(&mut out, "●● the effect of any change");
        assert_eq!(out, "● the effect of any change");
        let mut out = String::from("Reviews consider:");
        push_line(&mut out, "● ● whether decisions were implemented");
        assert_eq!(
            out,
            "Reviews consider: ● whether decisions were implemented"
        );
        let mut out = String::new();
        push_line(&mut out, "• one item • another");
        assert_eq!(out, "• one item • another");
    }

    #[test]
    fn a_glyph_with_no_text_is_dropped() {
        let mut out = String::from("References");
        push_line(
            &mut out,
            "\u{FFFD} See section 25B(2)(b) \u{FFFD} of the Act.",
        );
        assert_eq!(out, "References See section 25B(2)(b) of the Act.");
    }

    #[test]
    fn joins_hyphenated_line_ends_only_before_lowercase() {
        let mut s = String::from("a certi-");
        push_line(&mut s, "ficate is needed");
        assert_eq!(s, "a certificate is needed");
        let mut s = String::from("from 2024-");
        push_line(&mut s, "25 onwards");
        assert_eq!(s, "from 2024- 25 onwards");
        let mut s = String::from("the");
        push_line(&mut s, "  school  ");
        assert_eq!(s, "the school");
    }

    #[test]
    fn footnote_markers_stay_with_their_sentence() {
        let s = "The Act applies.¹² Then act.";
        let ends = sentence_ends(s);
        assert_eq!(&s[..ends[0]], "The Act applies.¹²");
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations_or_decimals() {
        let s = "See s. 16E and para. 3.22, e.g. the LADO. Then act. Done";
        let ends = sentence_ends(s);
        assert_eq!(ends.len(), 2, "{ends:?}");
        assert_eq!(&s[..ends[0]], "See s. 16E and para. 3.22, e.g. the LADO.");
    }

    #[test]
    fn splits_only_at_sentence_ends() {
        let text = "One two three four. Five six seven eight. Nine ten.";
        let chunks = split_sentences_into(text, 5);
        assert_eq!(
            chunks,
            vec!["One two three four.", "Five six seven eight.", "Nine ten."]
        );
        // A sentence longer than the target is kept whole.
        assert_eq!(
            split_sentences_into("a b c d e f g h.", 3),
            vec!["a b c d e f g h."]
        );
    }
}
