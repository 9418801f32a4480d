use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The SHA-256 of a passage's text after [`normalise_for_hash`]: the identity of *what a passage says*,
/// independent of where it stands.
///
/// Two passages with the same hash say the same thing, whatever their labels, pages or editions, so a citation
/// saved with its hash can be checked against any later edition ("moved to para 360, text unchanged"), and a
/// GOV.UK page edited in place without a new date is caught even though its id did not change.
///
/// Displayed as `sha256:` and all 64 hex digits. The full digest, not a short prefix: a saved hash is a long-lived
/// claim about text that outlives any one index, the extra 48 characters cost nothing in JSON, and anyone can
/// recompute it with `sha256sum` on the normalised text. The `sha256:` prefix names the algorithm so that a
/// future change of normalisation or algorithm can never be mistaken for a change of text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

/// A string that is not a content hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid content hash {0:?}: expected `sha256:` followed by 64 hex digits")]
pub struct ContentHashError(String);

impl ContentHash {
    /// The hash of `text` as a passage's content: normalised by [`normalise_for_hash`], then SHA-256.
    pub fn of_text(text: &str) -> ContentHash {
        let digest = Sha256::digest(normalise_for_hash(text).as_bytes());
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(digest.as_slice());
        ContentHash(bytes)
    }

    /// The 32 bytes of the digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hex digits, without the `sha256:` prefix.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(64);
        for b in self.0 {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        out
    }
}

/// The text a [`ContentHash`] is taken of: Unicode NFKC (so ligatures `ﬁ`, non-breaking and other compatibility
/// spaces, full-width forms compare equal to their plain forms), invisible format characters dropped (soft hyphen,
/// zero-width space/joiners, word joiner, byte-order mark: PDFs scatter them), every run of whitespace collapsed to
/// one space, and the ends trimmed. Case and punctuation are kept: they can change what a sentence means ("must"
/// vs "Must" rarely does, but "may not" vs "may, not" does), and a citation check must not call changed text
/// unchanged.
pub fn normalise_for_hash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in nfkc(text).chars() {
        if matches!(
            c,
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// `text` in NFKC; borrowed when it already is (all ASCII text is), which the quick check tells without
/// allocating: most passages are, and this runs for every passage of every diff.
fn nfkc(text: &str) -> Cow<'_, str> {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.to_hex())
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for ContentHash {
    type Err = ContentHashError;

    /// Accepts what [`fmt::Display`] writes (`sha256:` + 64 hex digits), or the 64 digits alone; hex in either
    /// case. A shortened hash is refused rather than matched by prefix: a saved citation either names its text
    /// exactly or does not name it.
    fn from_str(s: &str) -> Result<ContentHash, ContentHashError> {
        let err = || ContentHashError(s.to_owned());
        let hex = s.trim();
        let hex = hex.strip_prefix("sha256:").unwrap_or(hex).as_bytes();
        if hex.len() != 64 {
            return Err(err());
        }
        let nibble = |c: u8| -> Option<u8> {
            match c {
                b'0'..=b'9' => Some(c - b'0'),
                b'a'..=b'f' => Some(c - b'a' + 10),
                b'A'..=b'F' => Some(c - b'A' + 10),
                _ => None,
            }
        };
        let mut bytes = [0u8; 32];
        for (i, pair) in hex.chunks_exact(2).enumerate() {
            let (Some(hi), Some(lo)) = (nibble(pair[0]), nibble(pair[1])) else {
                return Err(err());
            };
            bytes[i] = (hi << 4) | lo;
        }
        Ok(ContentHash(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_of_normalised_text() {
        // Whitespace differences do not change the hash; `printf abc | sha256sum` gives the second digest.
        assert_eq!(
            ContentHash::of_text("  this is known\nas \u{00A0}transferable risk. ").to_hex(),
            ContentHash::of_text("this is known as transferable risk.").to_hex()
        );
        assert_eq!(
            ContentHash::of_text("abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn normalisation_folds_compatibility_forms_but_keeps_case_and_punctuation() {
        assert_eq!(normalise_for_hash("ﬁle\u{00AD}name\tA"), "filename A");
        assert_eq!(normalise_for_hash("\u{FEFF} x \u{2003} y"), "x y");
        assert_ne!(ContentHash::of_text("Must"), ContentHash::of_text("must"));
        assert_ne!(
            ContentHash::of_text("may not"),
            ContentHash::of_text("may, not")
        );
    }

    #[test]
    fn displays_and_parses_back() {
        let h = ContentHash::of_text("abc");
        let shown = h.to_string();
        assert!(shown.starts_with("sha256:ba7816bf"));
        assert_eq!(shown.len(), 7 + 64);
        assert_eq!(shown.parse::<ContentHash>(), Ok(h));
        assert_eq!(h.to_hex().to_uppercase().parse::<ContentHash>(), Ok(h));
        for bad in [
            "",
            "sha256:",
            "sha256:ba7816bf",
            "md5:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ] {
            assert!(bad.parse::<ContentHash>().is_err(), "{bad:?} accepted");
        }
    }
}
