//! Understanding a question: which words matter, which phrases and labels it names, and the plan to search them.

use pinpoint_index::{Clause, FieldBoosts, LabelKind, LabelRef, QueryPlan};
use pinpoint_model::ProvisionKind;

use crate::thesaurus::{Expansion, Thesaurus};

/// The longest question accepted, in characters: longer input is a pasted document, not a question.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most words accepted in a question: room for a worried message of a paragraph or two (1,000 characters of
/// plain prose is about 180 words), which people write to a helpline; the character limit is the one that binds.
pub const MAX_QUERY_WORDS: usize = 200;

/// Weight of each content word the user wrote.
pub const TERM_WEIGHT: f32 = 1.0;
/// Weight of two adjacent content words found near each other (proximity boost).
pub const PAIR_WEIGHT: f32 = 0.5;
/// Slop of adjacent-pair phrases: room for a dropped stop word or two ("allegations *against* staff").
pub const PAIR_SLOP: u32 = 2;
/// Weight of a phrase the user put in quotes: they mean those words, in that order.
pub const QUOTED_WEIGHT: f32 = 2.0;
/// Score added to a passage whose label is the one the question names ("section 16E").
pub const LABEL_WEIGHT: f32 = 8.0;
/// Weight of thesaurus alternatives: below the user's own words, which are the stronger evidence.
pub const EXPANSION_WEIGHT: f32 = 0.4;

/// Why a question cannot be searched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// No words at all.
    #[error("empty question: type some words to search for")]
    Empty,
    /// Over [`MAX_QUERY_CHARS`] characters or [`MAX_QUERY_WORDS`] words.
    #[error(
        "question too long ({chars} characters, {words} words): ask in at most {MAX_QUERY_CHARS} characters and \
         {MAX_QUERY_WORDS} words"
    )]
    TooLong {
        /// Characters in the question.
        chars: usize,
        /// Words in the question.
        words: usize,
    },
}

/// English stop words and the filler of spoken questions ("can my employer actually…"): they say how a question is
/// asked, not what it is about, and match nearly every passage.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "d",
    "ll",
    "m",
    "re",
    "ve",
    "don",
    "can",
    "will",
    "shall",
    "may",
    "might",
    "must",
    "also",
    "yes",
    "actually",
    "really",
    "true",
    "know",
    "tell",
    "please",
    "thanks",
    "thank",
    "anyone",
    "someone",
    "something",
    "anything",
    "want",
    "wondering",
    "question",
    "hi",
    "hello",
    "get",
    "got",
    "say",
    "says",
    "said",
    "like",
    "go",
    "going",
    "let",
    "lot",
    "still",
    "even",
    "ok",
    "okay",
    "im",
    "ive",
    "dont",
    "cant",
    "isnt",
    "doesnt",
    "wont",
    "didnt",
    "whether",
    "see",
    "theyll",
    "theyve",
    "theyre",
    "theyd",
    "youre",
    "youve",
    "youll",
    "shes",
    "hes",
    "id",
    "itll",
    "weve",
    "wed",
    "well",
    "now",
    "ever",
    "thought",
    "think",
    "thing",
    "things",
    "kind",
    "sort",
    "mean",
    "means",
    "happen",
    "happens",
    "allowed",
    "able",
    "hasnt",
    "havent",
    "hadnt",
    "wasnt",
    "werent",
    "arent",
    "couldnt",
    "wouldnt",
    "shouldnt",
    "mustnt",
    "aint",
    "youd",
    "whats",
    "thats",
    "theres",
    "heres",
    "wheres",
    "whos",
    // Text-speak for the words above, as people type on a phone: unknown to the documents, they would otherwise
    // count as words no passage uses and make a question look off-topic.
    "wat",
    "wot",
    "wht",
    "u",
    "ur",
    "r",
    "cud",
    "wud",
    "shud",
    "cos",
    "coz",
    "cuz",
    "pls",
    "plz",
];

/// Words by which askers describe their own situation — who they are to whom — rather than what they ask about:
/// "my husband", "my sister", "our dad". The documents speak of staff, people and households, so these words are
/// rare in them, and BM25 would give a rare word the most weight; they are searched at this fraction of a topic
/// word's weight and count as much less in coverage. (The thesaurus still maps them to the documents' terms,
/// e.g. husband → partner, at expansion weight.)
const CONTEXT_WEIGHT: f32 = 0.35;

const CONTEXT_WORDS: &[&str] = &[
    "husband",
    "wife",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancee",
    "spouse",
    "sister",
    "brother",
    "son",
    "daughter",
    "dad",
    "mum",
    "mom",
    "mother",
    "father",
    "friend",
    "friends",
    "neighbour",
    "neighbor",
    "aunt",
    "uncle",
    "cousin",
    "grandson",
    "granddaughter",
    "stepson",
    "stepdaughter",
    "sibling",
];

/// The weight factor of a content word (lowercased, unstemmed or stemmed): [`CONTEXT_WEIGHT`] for a word of the
/// asker's situation, 1 otherwise.
pub fn context_weight(word: &str) -> f32 {
    static STEMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        CONTEXT_WORDS
            .iter()
            .flat_map(|w| pinpoint_index::analyze(w))
            .map(|t| t.text)
            .collect()
    });
    if CONTEXT_WORDS.contains(&word) || stems.iter().any(|s| s == word) {
        CONTEXT_WEIGHT
    } else {
        1.0
    }
}

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// What a question asks for, before it becomes a [`QueryPlan`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Content words, lowercased, in order, without duplicates.
    pub words: Vec<String>,
    /// Adjacent content-word pairs (proximity clauses).
    pub pairs: Vec<[String; 2]>,
    /// Phrases the user quoted, word by word.
    pub quoted: Vec<Vec<String>>,
    /// Paragraphs and provisions the question names.
    pub labels: Vec<LabelRef>,
    /// Thesaurus alternatives.
    pub expansions: Vec<Expansion>,
    /// The words that name labels (`section`, `16e`): not evidence of topic, so left out of coverage.
    pub label_words: Vec<String>,
}

impl Analysis {
    /// The analysed (stemmed) tokens of the content words: what coverage and highlighting look for.
    pub fn content_tokens(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in self.words.iter().filter(|w| !self.label_words.contains(w)) {
            for t in pinpoint_index::analyze(w) {
                if !out.contains(&t.text) {
                    out.push(t.text);
                }
            }
        }
        out
    }
}

/// Turns questions into [`Analysis`] and [`QueryPlan`]. Expansions come from a pluggable [`Thesaurus`].
#[derive(Debug, Clone, Default)]
pub struct QueryAnalyzer {
    thesaurus: Thesaurus,
}

impl QueryAnalyzer {
    /// An analyzer with no thesaurus.
    pub fn new() -> QueryAnalyzer {
        QueryAnalyzer::default()
    }

    /// An analyzer that expands with `thesaurus`.
    pub fn with_thesaurus(thesaurus: Thesaurus) -> QueryAnalyzer {
        QueryAnalyzer { thesaurus }
    }

    /// Analyses a question, refusing empty and over-long ones.
    pub fn analyze(&self, question: &str) -> Result<Analysis, QueryError> {
        let chars = question.chars().count();
        let text = normalise(question);
        let all_words = words(&text);
        if chars > MAX_QUERY_CHARS || all_words.len() > MAX_QUERY_WORDS {
            return Err(QueryError::TooLong {
                chars,
                words: all_words.len(),
            });
        }
        if all_words.is_empty() {
            return Err(QueryError::Empty);
        }

        let mut a = Analysis::default();
        let (labels, label_words) = labels(&text);
        a.labels = labels;
        a.label_words = label_words;
        a.quoted = quoted(&text)
            .into_iter()
            .map(|q| words(&q))
            .filter(|w| !w.is_empty())
            .collect();

        let content: Vec<String> = all_words
            .iter()
            .filter(|w| !is_stop_word(w))
            .cloned()
            .collect();
        // A question of stop words only ("what is it?") still searches its words rather than nothing.
        let content = if content.is_empty() && a.labels.is_empty() {
            all_words.clone()
        } else {
            content
        };
        for pair in content.windows(2) {
            let p = [pair[0].clone(), pair[1].clone()];
            if p[0] != p[1] && !a.pairs.contains(&p) {
                a.pairs.push(p);
            }
        }
        for w in content {
            if !a.words.contains(&w) {
                a.words.push(w);
            }
        }
        let tokens: Vec<String> = pinpoint_index::analyze(&text)
            .into_iter()
            .map(|t| t.text)
            .collect();
        a.expansions = self.thesaurus.expand(&tokens);
        Ok(a)
    }

    /// The query plan for an analysis.
    pub fn plan(&self, a: &Analysis, boosts: FieldBoosts) -> QueryPlan {
        let mut clauses = Vec::new();
        for w in &a.words {
            clauses.push(Clause::Term {
                word: w.clone(),
                weight: TERM_WEIGHT * context_weight(w),
            });
        }
        for [x, y] in &a.pairs {
            clauses.push(Clause::Phrase {
                words: vec![x.clone(), y.clone()],
                slop: PAIR_SLOP,
                weight: PAIR_WEIGHT,
            });
        }
        for q in &a.quoted {
            clauses.push(match q.as_slice() {
                [one] => Clause::Term {
                    word: one.clone(),
                    weight: QUOTED_WEIGHT,
                },
                _ => Clause::Phrase {
                    words: q.clone(),
                    slop: 0,
                    weight: QUOTED_WEIGHT,
                },
            });
        }
        for l in &a.labels {
            clauses.push(Clause::Label {
                label: l.clone(),
                weight: LABEL_WEIGHT,
            });
        }
        for e in &a.expansions {
            clauses.push(match e.words.as_slice() {
                [one] => Clause::Term {
                    word: one.clone(),
                    weight: EXPANSION_WEIGHT,
                },
                _ => Clause::Phrase {
                    words: e.words.clone(),
                    slop: 1,
                    weight: EXPANSION_WEIGHT,
                },
            });
        }
        QueryPlan { clauses, boosts }
    }
}

/// Lowercases and folds typographic quotes and apostrophes to ASCII, so `child’s` and `“lado”` read as typed.
fn normalise(q: &str) -> String {
    q.chars()
        .map(|c| match c {
            '‘' | '’' | '‛' | 'ʼ' | '′' | '`' => '\'',
            '“' | '”' | '„' | '″' => '"',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words as the index splits them: runs of letters and digits. Apostrophes inside words are dropped first, so
/// `don't` is one word (`dont`, a stop word) rather than `don` + `t`.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let inside = c == '\''
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() {
            cur.push(c);
        } else if inside
            && chars[i + 1] == 's'
            && chars.get(i + 2).is_none_or(|n| !n.is_alphanumeric())
        {
            // Possessive: "child's" is "child", as the index (which drops the lone "s") sees it.
            out.push(std::mem::take(&mut cur));
            i += 1;
        } else if inside {
            // Contraction: "don't" is "dont", a stop word, not "don" + "t".
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Phrases in double quotes, or in single quotes that open at a word start and close at a word end (so the
/// apostrophes of `don't` and `children's` are not quotes).
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let opens = match c {
            '"' => true,
            '\'' => {
                (i == 0 || !chars[i - 1].is_alphanumeric())
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            }
            _ => false,
        };
        if opens {
            let close = (i + 1..chars.len()).find(|&j| {
                chars[j] == c
                    && (c == '"'
                        || (chars[j - 1].is_alphanumeric()
                            && chars.get(j + 1).is_none_or(|n| !n.is_alphanumeric())))
            });
            if let Some(j) = close {
                out.push(chars[i + 1..j].iter().collect());
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn label_kind(word: &str) -> Option<LabelKind> {
    let w = word.trim_end_matches('.');
    Some(match w {
        "section" | "sections" | "s" | "ss" | "sec" => LabelKind::Provision(ProvisionKind::Section),
        "regulation" | "regulations" | "reg" | "regs" => {
            LabelKind::Provision(ProvisionKind::Regulation)
        }
        "article" | "articles" | "art" => LabelKind::Provision(ProvisionKind::Article),
        "schedule" | "sch" => LabelKind::Provision(ProvisionKind::Schedule),
        "paragraph" | "paragraphs" | "para" | "paras" => LabelKind::Paragraph,
        "footnote" | "fn" => LabelKind::Footnote,
        _ => return None,
    })
}

/// A label number: starts with a digit; digits, letters, dots and brackets (`16E`, `32(3)`, `3.22`).
fn label_number(token: &str) -> Option<String> {
    let t = token.trim_end_matches([',', ';', ':', '?', '!', '.', ')']);
    // Keep a closing bracket that closes one opened inside the number: 32(3).
    let t = if token[t.len()..].starts_with(')') && t.contains('(') {
        &token[..t.len() + 1]
    } else {
        t
    };
    let ok = t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '(' | ')'));
    ok.then(|| t.to_owned())
}

/// Label references ("section 16e", "s.16e", "reg 32(3)", "para 363") and the words that spell them.
fn labels(text: &str) -> (Vec<LabelRef>, Vec<String>) {
    let tokens: Vec<&str> = text
        .split_whitespace()
        .map(|t| t.trim_start_matches(['(', '"', '\'']))
        .collect();
    let mut refs = Vec::new();
    let mut spelled = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        // Joined forms: s.16e, reg.32
        if let Some((kind_word, num)) = tok
            .split_once('.')
            .filter(|(k, n)| !k.is_empty() && !n.is_empty())
        {
            if let (Some(kind), Some(number)) = (label_kind(kind_word), label_number(num)) {
                refs.push(LabelRef { kind, number });
                spelled.extend(words(tok));
                i += 1;
                continue;
            }
        }
        if let (Some(kind), Some(next)) = (label_kind(tok), tokens.get(i + 1)) {
            if let Some(number) = label_number(next) {
                let r = LabelRef { kind, number };
                if !refs.contains(&r) {
                    refs.push(r);
                }
                spelled.extend(words(tok));
                spelled.extend(words(next));
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    (refs, spelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(q: &str) -> Analysis {
        QueryAnalyzer::new().analyze(q).unwrap()
    }

    #[test]
    fn words_of_the_askers_situation_weigh_less() {
        assert_eq!(context_weight("husband"), CONTEXT_WEIGHT);
        assert_eq!(context_weight("friend"), CONTEXT_WEIGHT);
        assert_eq!(context_weight("disqualification"), 1.0);
        let plan =
            QueryAnalyzer::new().plan(&analyze("my husband was arrested"), FieldBoosts::default());
        let weight = |word: &str| {
            plan.clauses.iter().find_map(|c| match c {
                Clause::Term { word: w, weight } if w == word => Some(*weight),
                _ => None,
            })
        };
        assert!(weight("husband") < weight("arrested"), "{plan:?}");
    }

    #[test]
    fn drops_stop_and_filler_words_but_keeps_pairs() {
        let a = analyze("Can my employer actually sack me for what my husband did?");
        assert_eq!(a.words, vec!["employer", "sack", "husband"]);
        assert_eq!(
            a.pairs,
            vec![
                ["employer".to_string(), "sack".into()],
                ["sack".into(), "husband".into()]
            ]
        );
    }

    #[test]
    fn folds_apostrophes_and_quotes() {
        let a =
            analyze("What’s “disqualification by association” and the child’s 'lado'? don't know");
        assert_eq!(
            a.quoted,
            vec![vec!["disqualification", "by", "association"], vec!["lado"]]
        );
        assert!(a.words.contains(&"child".to_string()));
        assert!(!a.words.iter().any(|w| w == "s" || w == "t" || w == "don"));
    }

    #[test]
    fn finds_label_references() {
        let a = analyze("what does section 16E say, and reg. 32(3)? see para 363 and s.11");
        let got: Vec<(LabelKind, &str)> = a
            .labels
            .iter()
            .map(|l| (l.kind, l.number.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (LabelKind::Provision(ProvisionKind::Section), "16e"),
                (LabelKind::Provision(ProvisionKind::Regulation), "32(3)"),
                (LabelKind::Paragraph, "363"),
                (LabelKind::Provision(ProvisionKind::Section), "11"),
            ]
        );
        assert!(a.content_tokens().is_empty(), "{:?}", a.content_tokens());
    }

    #[test]
    fn refuses_empty_and_long_questions() {
        let q = QueryAnalyzer::new();
        assert_eq!(q.analyze("  ?! "), Err(QueryError::Empty));
        // Short words, so that the word limit binds before the character limit.
        let many = MAX_QUERY_WORDS + 1;
        assert!(matches!(
            q.analyze(&"a ".repeat(many)),
            Err(QueryError::TooLong { words, .. }) if words == many
        ));
        assert!(q.analyze(&"word ".repeat(150)).is_ok());
        assert!(matches!(
            q.analyze(&"x".repeat(1001)),
            Err(QueryError::TooLong { chars: 1001, .. })
        ));
        // Only stop words: searched as they are rather than refused.
        assert_eq!(analyze("what is it").words, vec!["what", "is", "it"]);
    }

    #[test]
    fn thesaurus_expansions_become_weaker_clauses() {
        let t = Thesaurus::from_toml(
            "[[entry]]\nterms = [\"lado\", \"local authority designated officer\"]",
        )
        .unwrap();
        let q = QueryAnalyzer::with_thesaurus(t);
        let a = q.analyze("when do I call the LADO").unwrap();
        let plan = q.plan(&a, FieldBoosts::default());
        assert!(plan.clauses.contains(&Clause::Phrase {
            words: vec![
                "local".into(),
                "authority".into(),
                "designated".into(),
                "officer".into()
            ],
            slop: 1,
            weight: EXPANSION_WEIGHT,
        }));
        assert!(plan.clauses.contains(&Clause::Term {
            word: "lado".into(),
            weight: TERM_WEIGHT
        }));
    }
}
