//! Documents a question names: "section 16E of the Children Act 2004", "KCSIE definition of …", "Children's
//! Homes Regulations 2015 regulation 32". A question that names a document wants that document; one that also
//! names a paragraph or provision wants exactly that one.
//!
//! Names come from the index's own editions (title and citation title), never from a hand list, so a document
//! added to the corpus is nameable at once.

use std::collections::{HashMap, HashSet};

use pinpoint_index::EditionStats;
use pinpoint_model::DocId;

/// Words that never identify a document on their own.
const FILLER: &[&str] = &[
    "a", "an", "and", "the", "of", "to", "in", "for", "on", "by", "with", "your", "our", "s",
];

/// How one document can be named.
#[derive(Debug, Clone, Default)]
struct Names {
    /// Its titles as word sequences without years and filler; one must appear, in order and unbroken, among the
    /// question's words (also without filler): "the Children Act" names it, "children … act" far apart does not.
    word_seqs: Vec<Vec<String>>,
    /// Years its titles carry; when the question gives a year, it must be one of these.
    years: HashSet<String>,
}

/// The documents of an index and how a question can name them.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocNames {
    names: HashMap<DocId, Names>,
    /// Initials of the first three to six words of a title, with and without small words ("kcsie", "eyfs") →
    /// documents.
    acronyms: HashMap<String, Vec<DocId>>,
}

fn words(text: &str) -> Vec<String> {
    // Parenthesised parts ("(England)") are usually dropped when people name a document.
    let mut plain = String::with_capacity(text.len());
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words that carry a name: no years, no filler.
fn significant(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !is_year(w) && !FILLER.contains(&w.as_str()))
        .cloned()
        .collect()
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.chars().all(|c| c.is_ascii_digit())
}

impl DocNames {
    pub(crate) fn new(editions: &[EditionStats]) -> DocNames {
        let mut out = DocNames::default();
        for s in editions {
            let e = &s.edition;
            let names = out.names.entry(e.doc.clone()).or_default();
            for title in [&e.cite_as, &e.title] {
                // A subtitle after a colon is description, not name.
                let name = title.split(':').next().unwrap_or(title);
                let ws = words(name);
                names
                    .years
                    .extend(ws.iter().filter(|w| is_year(w)).cloned());
                let seq = significant(&ws);
                if seq.len() >= 2 && !names.word_seqs.contains(&seq) {
                    names.word_seqs.push(seq);
                }
                // With and without the small words: "KCSIE" keeps the "in", "EYFS" has none.
                let all: Vec<&String> = ws.iter().filter(|w| !is_year(w)).collect();
                let sig: Vec<&String> = all
                    .iter()
                    .copied()
                    .filter(|w| !FILLER.contains(&w.as_str()))
                    .collect();
                for seq in [all, sig] {
                    let initials: String = seq
                        .iter()
                        .filter_map(|w| w.chars().next())
                        .filter(|c| c.is_alphabetic())
                        .collect();
                    for n in 3..=initials.chars().count().min(6) {
                        let acronym: String = initials.chars().take(n).collect();
                        let docs = out.acronyms.entry(acronym).or_default();
                        if !docs.contains(&e.doc) {
                            docs.push(e.doc.clone());
                        }
                    }
                }
            }
        }
        out
    }

    /// The words of `question` that name a document: a title's words where the title appears, in order, or an
    /// acronym (lowercase).
    pub(crate) fn naming_words(&self, question: &str) -> Vec<String> {
        let seq = significant(&words(question));
        let mut out: Vec<String> = Vec::new();
        for names in self.names.values() {
            for name in &names.word_seqs {
                if seq.windows(name.len()).any(|w| w == name.as_slice()) {
                    out.extend(name.iter().cloned());
                }
            }
        }
        for raw in question.split(|c: char| !c.is_alphanumeric()) {
            let w = raw.to_lowercase();
            if (w.chars().count() >= 4 || raw.chars().all(char::is_uppercase))
                && self.acronyms.contains_key(&w)
            {
                out.push(w);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The documents `question` names, in no particular order.
    pub(crate) fn named_in(&self, question: &str) -> Vec<DocId> {
        // "children's" → "children", "s": the possessive does not change which document is meant.
        let ws = words(question);
        let seq = significant(&ws);
        let years: Vec<&str> = ws
            .iter()
            .map(String::as_str)
            .filter(|w| is_year(w))
            .collect();
        let mut out: Vec<DocId> = Vec::new();
        for (doc, names) in &self.names {
            let year_ok = years.is_empty()
                || names.years.is_empty()
                || years.iter().any(|y| names.years.contains(*y));
            let named = year_ok
                && names
                    .word_seqs
                    .iter()
                    .any(|name| seq.windows(name.len()).any(|w| w == name.as_slice()));
            if named {
                out.push(doc.clone());
            }
        }
        // A three-letter acronym counts only in capitals ("IRO"), so "saw" or "act" never names a document.
        for raw in question.split(|c: char| !c.is_alphanumeric()) {
            let w = raw.to_lowercase();
            if w.chars().count() < 4 && !raw.chars().all(|c| c.is_uppercase()) {
                continue;
            }
            if let Some(docs) = self.acronyms.get(&w) {
                for d in docs {
                    if !out.contains(d) {
                        out.push(d.clone());
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::{DocKind, Edition};

    fn stats(doc: &str, cite_as: &str, title: &str) -> EditionStats {
        EditionStats {
            edition: Edition {
                title: title.into(),
                cite_as: cite_as.into(),
                ..pinpoint_model::fixtures::edition(doc, "2024-01-01", DocKind::Legislation)
            },
            passages: 1,
        }
    }

    fn names() -> DocNames {
        DocNames::new(&[
            stats(
                "children-act-2004",
                "Children Act 2004",
                "Children Act 2004",
            ),
            stats(
                "children-act-1989",
                "Children Act 1989",
                "Children Act 1989",
            ),
            stats(
                "chr",
                "Children's Homes (England) Regulations 2015",
                "The Children's Homes (England) Regulations 2015",
            ),
            stats(
                "kcsie",
                "Keeping children safe in education 2025",
                "Keeping children safe in education 2025: statutory guidance for schools",
            ),
        ])
    }

    fn named(q: &str) -> Vec<String> {
        let mut v: Vec<String> = names().named_in(q).iter().map(|d| d.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_year_picks_the_act() {
        assert_eq!(
            named("section 16E of the Children Act 2004"),
            ["children-act-2004"]
        );
        assert_eq!(
            named("what does the children act say"),
            ["children-act-1989", "children-act-2004"]
        );
        assert!(named("must a school act when children are at risk").is_empty());
    }

    #[test]
    fn parenthesised_words_and_possessives_are_optional() {
        assert_eq!(
            named("Children's Homes Regulations 2015 regulation 32"),
            ["chr"]
        );
    }

    #[test]
    fn the_words_that_name_a_document() {
        let names = names();
        assert_eq!(
            names.naming_words("KCSIE definition of upskirting"),
            ["kcsie"]
        );
        assert_eq!(
            names.naming_words("section 11 of the Children Act 2004"),
            ["act", "children"]
        );
        assert!(names
            .naming_words("must a school act when children are at risk")
            .is_empty());
        assert!(names.naming_words("what is upskirting").is_empty());
    }

    #[test]
    fn acronyms_of_the_title() {
        assert_eq!(named("KCSIE definition of a low-level concern"), ["kcsie"]);
        assert!(named("what is a low-level concern").is_empty());
        assert_eq!(named("Is the CHR clear?"), ["chr"]);
        assert!(named("the chr is").is_empty());
    }
}
