//! Equivalent terms and phrases (`lado` = `local authority designated officer`), loaded from TOML.

use serde::Deserialize;

/// Groups of mutually equivalent terms or phrases. A question containing one member of a group is also searched
/// for the other members, with a lower weight than the words the user actually wrote.
///
/// ```toml
/// [[entry]]
/// terms = ["lado", "local authority designated officer"]
/// ```
///
/// An entry may also list `broader = [...]` terms: added, one way, to a question that contains one of its `terms`
/// (a "teacher" question also searches "staff"), without a question about "staff" being expanded to "teacher".
#[derive(Debug, Clone, Default)]
pub struct Thesaurus {
    groups: Vec<Group>,
}

#[derive(Debug, Clone)]
struct Group {
    terms: Vec<Member>,
    broader: Vec<Member>,
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
    /// The file could not be read.
    #[error("thesaurus {path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
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
    #[serde(default)]
    broader: Vec<String>,
}

fn members(terms: &[String]) -> Vec<Member> {
    terms
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
        .collect()
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
            let terms = members(&entry.terms);
            let broader = members(&entry.broader);
            if terms.is_empty() || terms.len() + broader.len() < 2 {
                return Err(ThesaurusError::Degenerate {
                    index,
                    terms: entry.terms,
                });
            }
            groups.push(Group { terms, broader });
        }
        Ok(Thesaurus { groups })
    }

    /// Reads and parses a thesaurus file (the project's is `corpus/thesaurus.toml`).
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Thesaurus, ThesaurusError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ThesaurusError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Thesaurus::from_toml(&text)
    }

    /// Every term of every entry (not the `broader` ones), lowercased, with its entry's index: for checks.
    pub fn terms(&self) -> Vec<(usize, String, Vec<String>)> {
        let mut out = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            for m in &g.terms {
                out.push((i, m.text.clone(), m.tokens.clone()));
            }
        }
        out
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
            for found in group.terms.iter().filter(|m| contains(&m.tokens)) {
                for alt in group
                    .terms
                    .iter()
                    .chain(&group.broader)
                    .filter(|m| !contains(&m.tokens))
                {
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

    fn real() -> Thesaurus {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/thesaurus.toml");
        Thesaurus::load(path).expect("corpus/thesaurus.toml parses")
    }

    fn alternatives(t: &Thesaurus, q: &str) -> Vec<String> {
        t.expand(&toks(q))
            .into_iter()
            .map(|e| e.words.join(" "))
            .collect()
    }

    #[test]
    fn broader_terms_expand_one_way() {
        let t = Thesaurus::from_toml(
            "[[entry]]\nterms = [\"teacher\", \"teaching assistant\"]\nbroader = [\"staff\"]",
        )
        .unwrap();
        assert!(alternatives(&t, "my wife is a teacher").contains(&"staff".to_string()));
        assert!(alternatives(&t, "members of staff").is_empty());
    }

    /// Every entry of the real file parses and every member of every entry expands to all the others (and to
    /// its broader terms): each entry is tested by this loop.
    #[test]
    fn real_thesaurus_every_entry_expands_both_ways() {
        let t = real();
        assert!(t.len() >= 60, "{} entries", t.len());
        for g in &t.groups {
            for m in &g.terms {
                let got: Vec<Vec<String>> =
                    t.expand(&m.tokens).into_iter().map(|e| e.tokens).collect();
                for other in g.terms.iter().chain(&g.broader) {
                    let contained = m
                        .tokens
                        .windows(other.tokens.len())
                        .any(|w| w == other.tokens.as_slice());
                    assert!(
                        contained || got.contains(&other.tokens),
                        "{:?} should expand to {:?}",
                        m.text,
                        other.text
                    );
                }
            }
        }
    }

    #[test]
    fn real_thesaurus_sample_expansions() {
        let t = real();
        let cases: &[(&str, &str)] = &[
            ("what is a LADO?", "local authority designated officer"),
            ("when should the designated officer be told", "lado"),
            ("who is the DSL", "designated safeguarding lead"),
            ("does she need a DBS", "disclosure and barring service"),
            ("what does KCSIE say", "keeping children safe in education"),
            ("is he on the SCR", "single central record"),
            (
                "what is MAPPA?",
                "multi-agency public protection arrangements",
            ),
            ("will the TRA ban him", "teaching regulation agency"),
            ("EYFS rules", "early years foundation stage"),
            ("what does an IRO do", "independent reviewing officer"),
            (
                "will the NMC strike her off",
                "nursing and midwifery council",
            ),
            (
                "my husband is on the sex offenders register",
                "notification requirements",
            ),
            ("can I be sacked", "dismissed"),
            ("they fired her", "dismissed"),
            ("will she be suspended", "suspension"),
            ("staff pinned him down", "restraint"),
            ("can they restrain a child", "physical intervention"),
            ("my partner", "household"),
            ("she lives with her dad", "same household"),
            ("my wife is a teacher", "staff"),
            ("my friend is a nurse", "practitioner"),
            ("she works at a nursery", "early years"),
            ("she is a childminder", "domestic premises"),
            ("he was arrested last week", "police investigation"),
            ("he has a conviction", "offence"),
            ("he was convicted of indecent images", "child abuse images"),
            ("he was convicted of indecent images", "sexual images"),
            ("my friends will stop seeing me", "contact"),
            ("she is worried about sexting", "nudes"),
            ("should I tell HR", "human resources"),
            ("I was accused of hitting a child", "allegation"),
            ("the claims were made up", "malicious"),
            ("they want me to resign", "settlement agreement"),
            ("will it go in my references", "referee"),
            ("will they tell the school", "inform"),
            ("will social services be told", "children's social care"),
            ("can they share information", "information sharing"),
            ("can they discipline me", "disciplinary"),
            ("he is in prison", "custody"),
            ("when he gets let out", "release from custody"),
        ];
        for (q, want) in cases {
            let got = alternatives(&t, q);
            assert!(
                got.iter().any(|g| g == want),
                "{q:?}: expected {want:?} among {got:?}"
            );
        }
    }

    /// A term in two entries would silently merge them; each analysed term belongs to one entry.
    #[test]
    fn real_thesaurus_has_no_duplicate_terms_across_entries() {
        let t = real();
        let mut seen: std::collections::HashMap<Vec<String>, (usize, String)> = Default::default();
        let mut dups = Vec::new();
        for (i, text, tokens) in t.terms() {
            match seen.get(&tokens) {
                Some((j, other)) if *j != i => {
                    dups.push(format!("{text:?} (entry {i}) = {other:?} (entry {j})"))
                }
                _ => {
                    seen.insert(tokens, (i, text));
                }
            }
        }
        assert!(dups.is_empty(), "duplicate terms: {dups:#?}");
    }
}
