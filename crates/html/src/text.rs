//! Small text helpers shared by the HTML and CLML walkers.

/// Collapses every run of whitespace (including no-break spaces and newlines) to one space and trims the ends.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Bytes → text: strips a UTF-8 byte-order mark; invalid UTF-8 is replaced (U+FFFD) and reported in `warnings`.
pub(crate) fn decode_lossy<'a>(
    bytes: &'a [u8],
    warnings: &mut Vec<String>,
) -> std::borrow::Cow<'a, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    if matches!(text, std::borrow::Cow::Owned(_)) {
        warnings.push("input is not valid UTF-8: invalid bytes replaced with U+FFFD".to_owned());
    }
    text
}

/// Splits a printed paragraph number off the front of guidance text: `"12. Staff must…"` → `("12", "Staff must…")`,
/// `"3.22 The home…"` → `("3.22", "The home…")`.
///
/// A bare integer needs a following full stop ("12."), and the text after the number must start like a sentence
/// (capital letter, digit-free opening quote or bracket), so "1.5 million people" and "2024 was" are left alone.
pub(crate) fn split_paragraph_number(text: &str) -> Option<(String, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut dotted = false;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 4 {
            return None;
        }
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            dotted = true;
            i += 1;
            continue;
        }
        break;
    }
    let number = &text[..i];
    let mut rest = &text[i..];
    if let Some(r) = rest.strip_prefix('.') {
        rest = r;
    } else if !dotted {
        return None;
    }
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None; // "12.5%" or "3.22abc": no space after the number
    }
    let first = trimmed.chars().next()?;
    if first.is_uppercase() || matches!(first, '‘' | '“' | '"' | '\'' | '(' | '[') {
        Some((number.to_owned(), trimmed))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_whitespace() {
        assert_eq!(fold("  a \n\t b\u{a0}c  "), "a b c");
    }

    #[test]
    fn paragraph_numbers() {
        assert_eq!(
            split_paragraph_number("12. Staff must"),
            Some(("12".into(), "Staff must"))
        );
        assert_eq!(
            split_paragraph_number("3.22 The home"),
            Some(("3.22".into(), "The home"))
        );
        assert_eq!(
            split_paragraph_number("3.22. The home"),
            Some(("3.22".into(), "The home"))
        );
        assert_eq!(split_paragraph_number("1.5 million people"), None);
        assert_eq!(split_paragraph_number("2024 was a year"), None);
        assert_eq!(split_paragraph_number("12.5% of homes"), None);
        assert_eq!(split_paragraph_number("Staff must"), None);
    }
}
