//! Equivalent terms and phrases (`lado` = `local authority designated officer`), loaded from TOML.

use serde::Deserialize;

/// Groups of mutually equivalent terms or phrases. A question containing one member of a group is also searched
/// for the other members, with a lower weight than the words the user actually wrote.
///
/// ```toml
/// [[entry]]
/// terms = ["lado", "local authority designated officer"]
/// ```
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    groups: Vec<Vec<Member>>,
}

#[derive(Debug, Clone)]
struct Member {
    /// As written in the file, lowercased.
    text: String,
    /// Analysed tokens (stemmed), for matching against the question regardless of inflection.
    tokens: Vec<String>,
}

/// Why a thesaurus could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ThesaurusError {
    /// The TOML did not parse or does not have the expected shape.
    #[error("thesaurus: {0}")]
    Toml(#[from] toml::de::Error),
    /// An entry has fewer than two usable terms, so it expands nothing.
    #[error("thesaurus entry {index} needs at least two terms, found {terms:?}")]
    Degenerate {
        /// 0-based position of the entry.
        index: usize,
        /// Its terms.
        terms: Vec<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    terms: Vec<String>,
}

/// One alternative the thesaurus offers for something in the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The alternative's words, as written in the thesaurus.
    pub words: Vec<String>,
    /// The alternative's analysed tokens.
    pub tokens: Vec<String>,
    /// The analysed tokens of the question's words it stands for.
    pub replaces: Vec<String>,
}

impl Thesaurus {
    /// Parses `[[entry]] terms = [...]` groups.
    pub fn from_toml(s: &str) -> Result<Thesaurus, ThesaurusError> {
        let file: File = toml::from_str(s)?;
        let mut groups = Vec::new();
        for (index, entry) in file.entry.into_iter().enumerate() {
            let members: Vec<Member> = entry
                .terms
                .iter()
                .map(|t| {
                    let text = t.trim().to_lowercase();
                    let tokens = pinpoint_index::analyze(&text)
                        .into_iter()
                        .map(|t| t.text)
                        .collect();
                    Member { text, tokens }
                })
                .filter(|m: &Member| !m.tokens.is_empty())
                .collect();
            if members.len() < 2 {
                return Err(ThesaurusError::Degenerate {
                    index,
                    terms: entry.terms,
                });
            }
            groups.push(members);
        }
        Ok(Thesaurus { groups })
    }

    /// How many groups it holds.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether it holds no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The alternatives for a question whose analysed tokens are `question`: for each member found as a
    /// contiguous run of tokens, every other member of its group that the question does not already contain.
    pub fn expand(&self, question: &[String]) -> Vec<Expansion> {
        let contains = |needle: &[String]| question.windows(needle.len()).any(|w| w == needle);
        let mut out: Vec<Expansion> = Vec::new();
        for group in &self.groups {
            for found in group.iter().filter(|m| contains(&m.tokens)) {
                for alt in group.iter().filter(|m| !contains(&m.tokens)) {
                    if out.iter().any(|e| e.tokens == alt.tokens) {
                        continue;
                    }
                    out.push(Expansion {
                        words: alt.text.split_whitespace().map(str::to_owned).collect(),
                        tokens: alt.tokens.clone(),
                        replaces: found.tokens.clone(),
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        pinpoint_index::analyze(s)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn expands_both_ways_and_ignores_inflection() {
        let t = Thesaurus::from_toml(
            r#"
            [[entry]]
            terms = ["LADO", "local authority designated officer"]
            [[entry]]
            terms = ["DSL", "designated safeguarding lead", "safeguarding lead"]
            "#,
        )
        .unwrap();
        assert_eq!(t.len(), 2);
        let e = t.expand(&toks("should I call the lado?"));
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].words,
            vec!["local", "authority", "designated", "officer"]
        );
        assert_eq!(e[0].replaces, vec!["lado"]);
        let e = t.expand(&toks("local authority designated officers"));
        assert_eq!(e[0].words, vec!["lado"]);
        // Already present members are not added again.
        let e = t.expand(&toks("the designated safeguarding lead"));
        assert_eq!(
            e.iter().map(|e| e.words.join(" ")).collect::<Vec<_>>(),
            vec!["dsl"]
        );
        assert!(t.expand(&toks("nothing relevant")).is_empty());
    }

    #[test]
    fn refuses_bad_files() {
        assert!(Thesaurus::from_toml("[[entry]]\nterms = [\"only\"]").is_err());
        assert!(Thesaurus::from_toml("[[entry]]\nwords = [\"a\", \"b\"]").is_err());
        assert!(Thesaurus::from_toml("").unwrap().is_empty());
    }
}
