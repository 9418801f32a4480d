//! Definition and role questions: "what is a low-level concern?", "KCSIE definition of transferable risk", "what does
//! 'regulated activity' mean?". The passage that answers one defines the term ("A low-level concern is any
//! concern …", "'regulated activity' means …"); BM25 alone cannot tell that passage from the many that merely use
//! the term, so a defining sentence earns a bonus.

use crate::sentences::sentences;

/// Verbs that make a sentence starting with the term a definition of it.
const DEFINING: &[&str] = &[
    "is",
    "are",
    "means",
    "mean",
    "refers",
    "refer",
    "describes",
    "includes",
    "include",
    "covers",
];

/// Lowercase words, split at anything but letters and digits ("low-level" → "low", "level").
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The term a definition question asks about, as lowercase words; `None` when the question is not one.
pub(crate) fn defined_term(question: &str) -> Option<Vec<String>> {
    let ws = words(question);
    let find = |pattern: &[&str]| {
        ws.windows(pattern.len())
            .position(|w| w.iter().zip(pattern).all(|(a, b)| a == b))
            .map(|i| i + pattern.len())
    };
    let (start, end) = if let Some(i) = find(&["definition", "of"])
        .or_else(|| find(&["meaning", "of"]))
        .or_else(|| find(&["define"]))
    {
        (i, ws.len())
    } else if let Some(i) = find(&["what", "is"])
        .or_else(|| find(&["what", "are"]))
        .or_else(|| find(&["who", "is"]))
        .or_else(|| find(&["who", "are"]))
        .or_else(|| find(&["what", "counts", "as"]))
    {
        (i, ws.len())
    } else if let Some(i) = find(&["what", "does"]) {
        // "what does X mean"
        let end = ws.iter().rposition(|w| w == "mean")?;
        (i, end)
    } else {
        return None;
    };
    let mut term: Vec<String> = ws.get(start..end)?.to_vec();
    // Articles and counts are not part of the term: "the three safeguarding partners".
    while term.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "a" | "an"
                | "the"
                | "this"
                | "that"
                | "these"
                | "two"
                | "three"
                | "four"
                | "five"
                | "main"
        ) || w.chars().all(|c| c.is_ascii_digit())
    }) {
        term.remove(0);
    }
    // Lay filler at the end: "what is this childcare disqualification thing?"
    while term
        .last()
        .is_some_and(|w| matches!(w.as_str(), "thing" | "things" | "stuff" | "all" | "about"))
    {
        term.pop();
    }
    // Trailing context ("… in KCSIE", "… under the act") is not part of the term.
    if let Some(cut) = term
        .iter()
        .position(|w| matches!(w.as_str(), "in" | "under" | "for" | "according" | "by"))
    {
        term.truncate(cut);
    }
    (1..=5).contains(&term.len()).then_some(term)
}

/// Words that name what someone is for.
pub(crate) const ROLE_WORDS: &[&str] = &[
    "role",
    "roles",
    "job",
    "task",
    "tasks",
    "duty",
    "duties",
    "responsibility",
    "responsibilities",
    "purpose",
    "function",
];

/// The holder a role question asks about ("what is the main job of an IRO", "what does the LADO do"), as
/// lowercase words; `None` when the question is not one.
pub(crate) fn role_holder(question: &str) -> Option<Vec<String>> {
    let ws = words(question);
    let start = ws
        .windows(2)
        .position(|w| ROLE_WORDS.contains(&w[0].as_str()) && w[1] == "of")
        .map(|i| i + 2)
        .or_else(|| {
            let i = ws
                .windows(2)
                .position(|w| w[0] == "what" && w[1] == "does")?;
            ws.last().is_some_and(|w| w == "do").then_some(i + 2)
        })?;
    let mut holder: Vec<String> = ws[start..].to_vec();
    if holder.last().is_some_and(|w| w == "do") {
        holder.pop();
    }
    while holder
        .first()
        .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the"))
    {
        holder.remove(0);
    }
    if let Some(cut) = holder
        .iter()
        .position(|w| matches!(w.as_str(), "in" | "under" | "for" | "when" | "if" | "with"))
    {
        holder.truncate(cut);
    }
    (1..=6).contains(&holder.len()).then_some(holder)
}

/// True when a sentence of `text` says what the holder is for: a role word, "of", an optional article, then one of
/// the holder's words ("The primary task of the IRO is …"), or the holder's last word followed by "is responsible
/// for" / "are responsible for".
pub(crate) fn describes_role(text: &str, holder: &[String]) -> bool {
    let ws = words(text);
    let in_holder = |w: &String| holder.contains(w);
    ws.windows(4).any(|w| {
        ROLE_WORDS.contains(&w[0].as_str())
            && w[1] == "of"
            && (in_holder(&w[2])
                || (matches!(w[2].as_str(), "a" | "an" | "the") && in_holder(&w[3])))
    }) || ws.windows(4).any(|w| {
        in_holder(&w[0])
            && matches!(w[1].as_str(), "is" | "are")
            && w[2] == "responsible"
            && w[3] == "for"
    })
}

/// Stemmed tokens, so that "partners" in a question meets "partner" in a definition.
fn stems(words: &[String]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| pinpoint_index::analyze(w))
        .map(|t| t.text)
        .collect()
}

/// True when `text` defines `term`: a sentence opens (after an article) with the term followed by a defining verb,
/// as in "A low-level concern is any concern …"; or, as legislation defines, the term in quotation marks is
/// followed within a few words by "means" or "includes" ("“safeguarding partner”, in relation to …, means").
pub(crate) fn defines(text: &str, term: &[String]) -> bool {
    let term = stems(term);
    if term.is_empty() || !holds_all(text, &term) {
        return false;
    }
    let opens_with_term = sentences(text).into_iter().any(|r| {
        let ws = stems(&words(&text[r]));
        let skip = usize::from(
            ws.first()
                .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the")),
        );
        let rest = &ws[skip.min(ws.len())..];
        rest.len() > term.len()
            && rest[..term.len()] == *term
            && DEFINING.contains(&rest[term.len()].as_str())
    });
    if opens_with_term || quoted_definition(text, &term) || glossary_entry(text, &term) {
        return true;
    }
    // The two ways that read the whole text's words read them once.
    let ws = stems(&words(text));
    names_term(&ws, &term) || relative_definition(&ws, &term)
}

/// "upskirting, which typically involves taking a picture under a person's clothing …" (KCSIE para 33): the term
/// followed by "which", perhaps an adverb of frequency, and a verb that defines ("involves", "means"; not "is" or
/// "are": "low-level concerns which are shared …" defines nothing). A footnote marker may stand between.
/// `ws`: the text's stemmed words.
fn relative_definition(ws: &[String], term: &[String]) -> bool {
    const ADVERBS: &[&str] = &[
        "typic", "usual", "general", "often", "normal", "broad", "also",
    ];
    static VERBS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let verbs = VERBS.get_or_init(|| {
        ["involves", "involve", "means", "refers", "describes"]
            .iter()
            .flat_map(|w| pinpoint_index::analyze(w))
            .map(|t| t.text)
            .collect()
    });
    (0..ws.len().saturating_sub(term.len())).any(|i| {
        if ws[i..i + term.len()] != *term {
            return false;
        }
        let mut at = i + term.len();
        while ws
            .get(at)
            .is_some_and(|w| !w.chars().any(char::is_alphabetic))
        {
            at += 1;
        }
        if ws.get(at).is_none_or(|w| w != "which") {
            return false;
        }
        at += 1;
        if ws.get(at).is_some_and(|w| ADVERBS.contains(&w.as_str())) {
            at += 1;
        }
        ws.get(at).is_some_and(|w| verbs.contains(w))
    })
}

/// True when every token of `term` is among the words of `text`. Each way of defining a term below quotes the
/// whole term, so a passage without one of its words defines nothing; this one allocation-free pass spares most
/// candidates the sentence-by-sentence checks (the same tokens: [`stems`] of [`words`] analyses word by word
/// what [`pinpoint_index::for_each_token`] analyses in one go).
fn holds_all(text: &str, term: &[String]) -> bool {
    let mut found = vec![false; term.len()];
    pinpoint_index::for_each_token(text, |stem, _, _| {
        for (f, t) in found.iter_mut().zip(term) {
            *f |= t == stem;
        }
    });
    found.iter().all(|f| *f)
}

/// "Unsubstantiated: there is insufficient evidence … the allegation": a sentence or list item that opens with the
/// term, or its first words, and a colon or dash, as guidance lays out glossaries and lists of outcomes. When only
/// the first words open it ("unsubstantiated" of "unsubstantiated allegation"), the rest must be in the sentence.
fn glossary_entry(text: &str, term: &[String]) -> bool {
    sentences(text).into_iter().any(|r| {
        let s = &text[r];
        let Some(colon) = s.find([':', '–', '—']) else {
            return false;
        };
        // Counted before anything is stemmed: most colons come after far more words than a term has.
        let opening = words(&s[..colon]);
        if opening.is_empty() || opening.len() > term.len() {
            return false;
        }
        let opening = stems(&opening);
        let rest = stems(&words(&s[colon..]));
        !opening.is_empty()
            && opening.len() <= term.len()
            && term.starts_with(&opening)
            && term[opening.len()..].iter().all(|t| rest.contains(t))
    })
}

/// "… this is known as transferable risk", "… referred to as a low-level concern": the term named at the end of
/// the sentence that describes it (KCSIE 2024 para 363).
/// `ws`: the text's stemmed words.
fn names_term(ws: &[String], term: &[String]) -> bool {
    ws.windows(2).enumerate().any(|(i, w)| {
        let introduces = matches!(
            (w[0].as_str(), w[1].as_str()),
            ("known", "as") | ("refer", "to") | ("call", _)
        );
        if !introduces {
            return false;
        }
        let mut at = i + 2;
        // "referred to as", "known as a"
        if ws.get(at).is_some_and(|x| x == "as") {
            at += 1;
        }
        if ws
            .get(at)
            .is_some_and(|x| matches!(x.as_str(), "a" | "an" | "the"))
        {
            at += 1;
        }
        ws.get(at..at + term.len()) == Some(term)
    })
}

/// `“term” … means` within a few words of the closing quotation mark.
fn quoted_definition(text: &str, term: &[String]) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find(['“', '"', '‘']) {
        let after_open = &rest[open + rest[open..].chars().next().map_or(1, char::len_utf8)..];
        let Some(close) = after_open.find(['”', '"', '’']) else {
            return false;
        };
        let inside = &after_open[..close];
        let after_close = &after_open[close..];
        if stems(&words(inside)) == term {
            let following = words(after_close);
            if following
                .iter()
                .take(12)
                .any(|w| matches!(w.as_str(), "means" | "includes"))
            {
                return true;
            }
        }
        let mark = after_close.chars().next().map_or(0, char::len_utf8);
        rest = &after_close[mark..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(q: &str) -> Option<String> {
        defined_term(q).map(|t| t.join(" "))
    }

    #[test]
    fn recognises_definition_questions() {
        assert_eq!(
            term("KCSIE definition of a low-level concern").as_deref(),
            Some("low level concern")
        );
        assert_eq!(
            term("what is transferable risk?").as_deref(),
            Some("transferable risk")
        );
        assert_eq!(
            term("What does 'regulated activity' mean?").as_deref(),
            Some("regulated activity")
        );
        assert_eq!(term("what is a LADO in KCSIE").as_deref(), Some("lado"));
        assert_eq!(term("can my wife keep her job?"), None);
        assert_eq!(
            term("she lives with dad. what is this childcare disqualification thing?").as_deref(),
            Some("childcare disqualification")
        );
        // Too long to be a term: a question, not a definition.
        assert_eq!(
            term("what is the school supposed to do when a parent is arrested for something"),
            None
        );
    }

    #[test]
    fn role_questions() {
        let h = role_holder("what is the main job of an independent reviewing officer (IRO) for a looked after child?");
        assert_eq!(
            h.as_deref().map(|h| h.join(" ")).as_deref(),
            Some("independent reviewing officer iro")
        );
        let h = h.unwrap();
        assert!(describes_role(
            "The primary task of the IRO is to ensure that the care plan …",
            &h
        ));
        assert!(!describes_role("The IRO must be told of any change.", &h));
        let lado = role_holder("what does the LADO do?").unwrap();
        assert_eq!(lado, ["lado"]);
        assert!(describes_role(
            "The LADO is responsible for managing allegations.",
            &lado
        ));
        assert_eq!(role_holder("can the school sack my wife?"), None);
    }

    #[test]
    fn finds_the_defining_sentence() {
        let t = defined_term("definition of a low-level concern").unwrap();
        assert!(defines(
            "Section two. A low-level concern is any concern, no matter how small. More text.",
            &t
        ));
        assert!(!defines(
            "Schools should record every low-level concern promptly.",
            &t
        ));
        let t = defined_term("what does regulated activity mean").unwrap();
        assert!(defines(
            "In this Act “regulated activity” means any activity.",
            &t
        ));
        assert!(!defines(
            "In this Act “regulated activity” appears often in this guidance.",
            &t
        ));
        let t = defined_term("KCSIE meaning of an 'unsubstantiated' allegation").unwrap();
        assert_eq!(t, ["unsubstantiated", "allegation"]);
        assert!(defines(
            "The following definitions should be used: • Substantiated: there is sufficient evidence. \
             • Unsubstantiated: there is insufficient evidence to either prove or disprove the allegation.",
            &t
        ));
        assert!(!defines(
            "The allegation was unsubstantiated: nobody saw it.",
            &t
        ));
        assert!(
            !defines("• Unsubstantiated: there is insufficient evidence.", &t),
            "no allegation"
        );
        let t = defined_term("KCSIE definition of upskirting").unwrap();
        assert!(defines(
            "Child-on-child abuse may include: • upskirting¹² which typically involves taking a picture under a \
             person’s clothing without their permission, and",
            &t
        ));
        assert!(defines("upskirting, which means taking a picture", &t));
        let concern = defined_term("KCSIE definition of a low-level concern").unwrap();
        assert!(!defines(
            "Low-level concerns which are shared about supply staff should be notified.",
            &concern
        ));
        assert!(
            !defines("Upskirting became an offence, which we welcome.", &t),
            "'which' must follow the term"
        );
        assert!(!defines("upskirting which happened on the bus", &t));
        let t = defined_term("who are the three safeguarding partners under section 16E").unwrap();
        assert!(defines(
            "(3) In this section— “relevant agency” means a person; “safeguarding partner”, in relation to a local authority area, means (a) …",
            &t
        ));
    }

    #[test]
    fn the_quick_check_reads_words_as_the_full_checks_do() {
        // Stemmed, footnote marker dropped: the tokens `stems(words(..))` gives.
        let term = stems(&words("child's partners harm"));
        assert!(holds_all("A partner's child: harm¹²⁸ was assessed.", &term));
        assert!(!holds_all("The partners were assessed.", &term));
        assert!(!holds_all("A partner's child was assessed.", &term));
    }
}
