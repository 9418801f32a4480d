//! Pinpoint's query understanding and ranking: turns an advisor's question into a [`pinpoint_index::QueryPlan`],
//! runs it, and ranks, de-duplicates, highlights and judges the results. Speaks to the index only through its
//! tantivy-free API.
//!
//! Ranking is BM25 over text, headings and titles ([`RankingOptions::boosts`]), times a small authority prior by
//! [`DocKind`] (so legislation edges out a local procedure only when they answer about equally well), searching
//! only the current edition of each document unless asked otherwise ([`EditionScope`]).

#![deny(missing_docs)]

mod definition;
mod named;
mod query;
mod sentences;
mod thesaurus;
mod timing;

use pinpoint_index::{FieldBoosts, Filter, Index, ScoredPassage};
use pinpoint_model::{Citation, Date, DocId, DocKind, Edition, EditionId, Passage, PassageId};
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub use query::{
    Analysis, QueryAnalyzer, QueryError, EXPANSION_WEIGHT, LABEL_WEIGHT, MAX_QUERY_CHARS,
    MAX_QUERY_WORDS, PAIR_SLOP, PAIR_WEIGHT, QUOTED_WEIGHT, TERM_WEIGHT,
};
pub use sentences::sentences;
pub use thesaurus::{Expansion, Thesaurus, ThesaurusError};

/// Unknown words of one question that respelling tries at most: each costs a few hundred dictionary lookups, and
/// a question of many unknown words is not a question with typos.
const MAX_RESPELLINGS: usize = 4;

/// Candidates fetched beyond the limit when the limit exceeds [`RankingOptions::candidates`]: room for the copies of
/// a passage in other editions that collapse into one hit.
pub const CANDIDATE_MARGIN: usize = 20;

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The question cannot be searched.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] pinpoint_index::Error),
}

/// Which editions of each document to search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum EditionScope {
    /// The edition of each document in force today (a document whose only editions are not yet in force is
    /// searched in its earliest, rather than vanishing).
    #[default]
    Current,
    /// Every edition; an older edition's passage ranks below the current one's and identical text is shown once.
    All,
    /// For each document, the edition in force on this date (latest `in_force_from` on or before it); documents
    /// with no edition in force then are left out, and [`Answer::not_in_force`] names them.
    AsOf(Date),
    /// Exactly these editions.
    Only(Vec<(DocId, EditionId)>),
}

/// Which passages a search may return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// Only these documents (`None`: all).
    pub docs: Option<Vec<DocId>>,
    /// Only these kinds (`None`: all).
    pub kinds: Option<Vec<DocKind>>,
    /// Which editions.
    pub editions: EditionScope,
}

/// Per-search options.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    /// At most this many hits.
    pub limit: usize,
    /// What may be returned.
    pub filter: SearchFilter,
    /// Below this coverage of the question by the best hit, the answer is flagged `no_answer`. Defaults to
    /// [`SearchOptions::DEFAULT_MIN_COVERAGE`].
    pub min_coverage: f32,
    /// Above this share of the question (IDF-weighted, like coverage) in words no passage uses, and for
    /// which the thesaurus knows no word a passage uses, the answer is flagged `no_answer`: the question is mostly
    /// about things the documents never mention. Defaults to [`SearchOptions::DEFAULT_MAX_UNHEARD_SHARE`]; 1
    /// turns the rule off.
    pub max_unheard_share: f32,
}

impl SearchOptions {
    /// The share (IDF-weighted) of the question's distinct content words that the best hit must contain
    /// (in its text, headings or title, or through a thesaurus alternative) for the answer to count as one.
    /// Rare words weigh more, so a hit matching only "school" of "school uniform sourdough" does not count.
    ///
    /// Calibrated on 78 answerable questions (the dev set and `bench/questions/extra.jsonl`): the lowest coverage
    /// of an answerable question's best hit was 0.24, a long lay question full of the asker's own words, so the
    /// threshold sits well below it (refusing an answerable question is the worse mistake). Unanswerable questions
    /// about neighbouring topics scored 0.36 to 0.71, so coverage cannot catch them; off-topic questions are caught
    /// by [`SearchOptions::max_unheard_share`] instead.
    pub const DEFAULT_MIN_COVERAGE: f32 = 0.15;
    /// See [`SearchOptions::max_unheard_share`]. Measured on 78 answerable questions (the dev set and
    /// `bench/questions/extra.jsonl`) and 12 off-topic ones (`bench/questions/offtopic.jsonl`): answerable
    /// questions reached 0.38 (a long lay question with a few words of its own, "chucking it down"), off-topic
    /// ones ranged from 0.30 to 0.89, ten of twelve at 0.47 or more. Misspelt words are respelled before this
    /// is measured, so a typo does not count as a word the documents never use.
    pub const DEFAULT_MAX_UNHEARD_SHARE: f32 = 0.45;
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            filter: SearchFilter::default(),
            min_coverage: Self::DEFAULT_MIN_COVERAGE,
            max_unheard_share: Self::DEFAULT_MAX_UNHEARD_SHARE,
        }
    }
}

/// Ranking settings fixed for a [`Searcher`].
#[derive(Debug, Clone, PartialEq)]
pub struct RankingOptions {
    /// Field boosts for BM25.
    pub boosts: FieldBoosts,
    /// Multiplier on the score of passages of an older edition under [`EditionScope::All`], so that the current
    /// edition's version of a changed passage ranks above the old one.
    pub older_edition_factor: f32,
    /// Candidates re-ranked, whatever the limit: the first of the BM25 order (and up to half as many more from a
    /// document the question names). Re-ranking can lift a passage from deep in the BM25 order, so a pool that
    /// grew with the limit would let `limit=50` reorder the first ten hits `limit=10` shows. A limit beyond the
    /// pool gets the rest of the BM25 order after the re-ranked hits, so no limit (no page) reorders another's.
    pub candidates: usize,
    /// Exponent of the re-ranking coverage factor: a candidate's BM25 score is multiplied by
    /// `coverage ^ coverage_exponent`, where coverage is the IDF-weighted share of the question's content words the
    /// passage holds (in its text or headings, or through a thesaurus alternative). BM25 alone lets one rare word
    /// repeated outscore a passage that holds most of a long lay question; 0 disables.
    pub coverage_exponent: f32,
    /// Credit (0 to 1) a content word gets in the re-ranking coverage when only a thesaurus alternative is present.
    pub expansion_credit: f32,
    /// Credit a content word gets when found only in the document title.
    pub title_credit: f32,
    /// Passages shorter than this many words are scaled down by `(words / min_words) ^ short_exponent`: a bare
    /// heading ("Children Act 2004 Section 16E") names the topic but does not answer.
    pub min_words: usize,
    /// See `min_words`.
    pub short_exponent: f32,
    /// Multiplier for passages of a document the question names ("… of the Children Act 2004", "KCSIE …").
    pub named_doc_factor: f32,
    /// Multiplier for a passage whose label the question names ("regulation 32") in a document it names; a
    /// named label in an unnamed document (every SI has a regulation 32) gets the square root of this.
    pub named_label_factor: f32,
    /// Multiplier for a passage with a sentence that defines the term a definition question asks about, or says
    /// what the holder a role question asks about is for.
    pub definition_factor: f32,
    /// Multiplier for a passage that states a time ("within one working day", "every two years", "immediately")
    /// when the question asks for one ("how quickly", "how often", "timescale").
    pub time_factor: f32,
}

impl Default for RankingOptions {
    fn default() -> Self {
        RankingOptions {
            boosts: FieldBoosts::default(),
            older_edition_factor: 0.9,
            candidates: 100,
            coverage_exponent: 2.0,
            expansion_credit: 0.7,
            title_credit: 0.5,
            min_words: 12,
            short_exponent: 1.0,
            named_doc_factor: 1.5,
            named_label_factor: 4.0,
            definition_factor: 1.6,
            time_factor: 1.6,
        }
    }
}

/// The authority prior: a small multiplier by document kind. A tie-break, not a wall: a local procedure that
/// answers clearly better still ranks first.
pub fn authority_prior(kind: DocKind) -> f32 {
    match kind {
        DocKind::Legislation => 1.06,
        DocKind::StatutoryGuidance => 1.05,
        DocKind::Guidance => 1.02,
        DocKind::GovukGuide => 1.0,
        DocKind::LocalProcedure => 0.98,
    }
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The question as asked.
    pub query: String,
    /// True when nothing in the index seems to answer: no hits, the best hit covers too little of the question
    /// (see [`SearchOptions::min_coverage`]), the question is mostly words no passage uses (see
    /// [`SearchOptions::max_unheard_share`]), or it quotes a phrase no hit holds word for word. The hits are still
    /// returned, for the curious.
    pub no_answer: bool,
    /// The best hit's coverage of the question's content words (0 to 1), for calibration.
    pub coverage: f32,
    /// Under [`EditionScope::AsOf`], the documents left out because no edition held was in force on that date,
    /// each as its earliest edition held (a revised Act held as in force from 2025, asked about 2024): not
    /// searched, and said so, rather than silently missing or answered from a later text.
    pub not_in_force: Vec<Edition>,
    /// Words of the question the documents never use that were searched under a near spelling they do use
    /// instead ("safegaurding" → "safeguarding"), so the asker can see what was searched.
    pub corrections: Vec<Correction>,
    /// Hits, best first.
    pub hits: Vec<Hit>,
}

/// A word respelled in the question: as typed, as searched, and its analysed token.
struct Respelt {
    typed: String,
    word: String,
    token: String,
}

/// A word of the question searched under another spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The word as the question wrote it.
    pub typed: String,
    /// The word searched for instead.
    pub searched: String,
}

/// One passage that answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The passage.
    pub passage: Passage,
    /// Its edition.
    pub edition: Edition,
    /// The ranking score (BM25 × priors); comparable only within one answer.
    pub score: f32,
    /// Byte ranges into `passage.text` of the one or two sentences that best answer (with the best item of a list
    /// whose lead-in is one of them), in text order.
    pub highlights: Vec<Range<usize>>,
    /// How to cite it.
    pub citation: Citation,
    /// The same text in other editions of the document (shown once, under the most recent edition).
    pub also_in: Vec<AlsoIn>,
}

/// A copy of a hit's text in another edition: "also in Keeping children safe in education 2024, para 363".
#[derive(Debug, Clone, PartialEq)]
pub struct AlsoIn {
    /// The copy.
    pub id: PassageId,
    /// How to cite it, in its edition (its number may differ: text is matched, not labels).
    pub citation: Citation,
}

impl AlsoIn {
    fn of(p: &ScoredPassage) -> AlsoIn {
        AlsoIn {
            id: p.passage.id.clone(),
            citation: Citation::new(&p.edition, &p.passage.locator),
        }
    }
}

/// Answers questions from an [`Index`]. `Send + Sync`: share one between threads.
#[derive(Debug)]
pub struct Searcher {
    index: Index,
    options: RankingOptions,
    analyzer: QueryAnalyzer,
    names: named::DocNames,
}

impl Searcher {
    /// A searcher over `index`, without a thesaurus.
    pub fn new(index: Index, options: RankingOptions) -> Searcher {
        Searcher {
            names: named::DocNames::new(&index.editions()),
            index,
            options,
            analyzer: QueryAnalyzer::new(),
        }
    }

    /// Adds thesaurus expansions to every query.
    pub fn with_thesaurus(mut self, thesaurus: Thesaurus) -> Searcher {
        self.analyzer = QueryAnalyzer::with_thesaurus(thesaurus);
        self
    }

    /// The index searched.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Answers `question`.
    pub fn search(&self, question: &str, options: &SearchOptions) -> Result<Answer, SearchError> {
        let asked = question;
        let as_asked = self.analyzer.analyze(question)?;
        let (respelled_question, respelled) = self.respell(question, &as_asked);
        // Everything after this reads the question as the asker meant it, so a misspelt word still forms phrases,
        // names documents and meets the thesaurus. (Should a longer spelling push the question past the length
        // limit, the question is searched as asked.)
        let (question, mut analysis, respelled) = match respelled_question
            .as_deref()
            .map(|q| (q, self.analyzer.analyze(q)))
        {
            Some((q, Ok(a))) => (q, a, respelled),
            _ => (question, as_asked, Vec::new()),
        };
        // The term a definition question asks about is searched as a phrase, as if the asker had quoted it.
        let term = definition::defined_term(question);
        if let Some(t) = term.as_ref().filter(|t| t.len() >= 2) {
            if !analysis.quoted.contains(t) {
                analysis.quoted.push(t.clone());
            }
        }
        let role_holder = definition::role_holder(question);
        // Derivations the stemmer keeps apart ("discipline" / "disciplinary") are searched as alternatives.
        for t in analysis.content_tokens() {
            if query::context_weight(&t) < 1.0 {
                continue;
            }
            for r in self.index.related_terms(&t, 3) {
                if !analysis.expansions.iter().any(|e| e.tokens == [r.clone()]) {
                    analysis.expansions.push(Expansion {
                        words: vec![r.clone()],
                        tokens: vec![r],
                        replaces: vec![t.clone()],
                    });
                }
            }
        }
        let mut plan = self.analyzer.plan(&analysis, self.options.boosts);
        // The words that name a document ("KCSIE", "Children Act 2004") already select and favour it (`named`
        // below); at full weight they would also favour what other documents print about it (tables of changes,
        // cross-references, footnotes). They weigh as the asker's situation does, unless they are what is asked
        // about ("what is the EYFS?"), and count in full for coverage and "no answer".
        let asked_about: Vec<String> = term
            .iter()
            .chain(role_holder.iter())
            .flatten()
            .cloned()
            .collect();
        weigh_down_naming(&mut plan, &self.names.naming_words(question), &asked_about);
        // A role question ("main job of an IRO") is answered in whatever word the document uses for a role.
        if role_holder.is_some() {
            for w in definition::ROLE_WORDS {
                plan.clauses.push(pinpoint_index::Clause::Term {
                    word: (*w).to_owned(),
                    weight: EXPANSION_WEIGHT,
                });
            }
        }
        let current = self.current_editions();
        let filter = Filter {
            docs: options.filter.docs.clone(),
            kinds: options.filter.kinds.clone(),
            editions: self.edition_filter(&options.filter.editions),
        };
        let fetch = options
            .limit
            .saturating_add(CANDIDATE_MARGIN)
            .max(self.options.candidates);
        let mut candidates = if options.limit == 0 {
            Vec::new()
        } else {
            self.index.search(&plan, &filter, fetch)?
        };
        // Only the first `candidates` of the BM25 order are re-ranked; a deeper fetch (a large limit, a deep page)
        // follows them in BM25 order, so that no limit reorders the hits a smaller one shows.
        let pool = self.options.candidates;
        let mut beyond = candidates.split_off(pool.min(candidates.len()));
        // A document the question names is searched on its own too, so its passages are candidates even when
        // other documents use the question's words more.
        let named: Vec<DocId> = self
            .names
            .named_in(question)
            .into_iter()
            .filter(|d| filter.docs.as_ref().is_none_or(|docs| docs.contains(d)))
            .collect();
        if !named.is_empty() && options.limit > 0 {
            let only_named = Filter {
                docs: Some(named.clone()),
                ..filter.clone()
            };
            let seen: HashSet<PassageId> =
                candidates.iter().map(|c| c.passage.id.clone()).collect();
            let extra = self.index.search(&plan, &only_named, pool / 2)?;
            candidates.extend(extra.into_iter().filter(|c| !seen.contains(&c.passage.id)));
            let reranked: HashSet<&PassageId> = candidates.iter().map(|c| &c.passage.id).collect();
            beyond.retain(|c| !reranked.contains(&c.passage.id));
        }

        let tokens = analysis.content_tokens();
        self.rerank(&analysis, &tokens, &mut candidates);
        self.boost_asked_for(
            &analysis,
            term.as_deref(),
            role_holder.as_deref(),
            timing::asks_for_time(question),
            &named,
            &mut candidates,
        );
        let reranked = candidates.len();
        candidates.append(&mut beyond);
        let mut ranked = self.rank(candidates, reranked, &current);
        ranked.truncate(options.limit);

        let mut highlight_tokens = tokens.clone();
        for t in analysis
            .quoted
            .iter()
            .flatten()
            .chain(analysis.expansions.iter().flat_map(|e| &e.words))
        {
            for tok in pinpoint_index::analyze(t) {
                if !highlight_tokens.contains(&tok.text) {
                    highlight_tokens.push(tok.text);
                }
            }
        }
        let idf: FxHashMap<String, f32> = highlight_tokens
            .iter()
            .map(|t| (t.clone(), self.index.idf(t)))
            .collect();

        let coverage = match ranked.first() {
            None => 0.0,
            Some((best, _)) => coverage(&analysis, &tokens, |t| self.word_weight(t), best),
        };
        let unheard = self.unheard_share(&tokens, &analysis);
        // The sentence shaped like the answer (a stated time for a time question, the definition for a definition
        // question) is the one to mark, as it was the passage to rank.
        let asks_time = timing::asks_for_time(question);
        let answer_shaped = |sentence: &str| {
            (asks_time && timing::states_time(sentence))
                || term
                    .as_deref()
                    .is_some_and(|t| definition::defines(sentence, t))
                || role_holder
                    .as_deref()
                    .is_some_and(|h| definition::describes_role(sentence, h))
        };
        let hits: Vec<Hit> = ranked
            .into_iter()
            .map(|(s, also_in)| Hit {
                // A passage that holds no answer-shaped sentence is not read sentence by sentence for one.
                highlights: if answer_shaped(&s.passage.text) {
                    highlights(&s.passage.text, &idf, &answer_shaped)
                } else {
                    highlights(&s.passage.text, &idf, &|_| false)
                },
                citation: Citation::new(&s.edition, &s.passage.locator),
                passage: s.passage,
                edition: s.edition,
                score: s.score,
                also_in,
            })
            .collect();
        // A correction is shown as the best hits spell it, which is a real word ("searched for 'employee'"), not
        // the variant that found its stem; failing that, as the variant.
        let corrections = respelled
            .into_iter()
            .map(|r| {
                let written = |h: &Hit| {
                    let mut found = false;
                    pinpoint_index::for_each_token(&h.passage.text, |_, start, end| {
                        found |= h.passage.text[start..end].eq_ignore_ascii_case(&r.word);
                    });
                    found
                };
                let acronym = r.word.chars().all(|c| !c.is_lowercase());
                let searched = if acronym || hits.iter().any(written) {
                    r.word
                } else {
                    hits.iter()
                        .find_map(|h| spelling_of(&h.passage.text, &r.token))
                        .unwrap_or(r.word)
                };
                Correction {
                    typed: r.typed,
                    searched,
                }
            })
            .collect();
        Ok(Answer {
            query: asked.to_owned(),
            corrections,
            no_answer: hits.is_empty()
                || coverage < options.min_coverage
                || unheard > options.max_unheard_share
                || quote_unmatched(&analysis, &tokens, &hits),
            coverage,
            hits,
            not_in_force: match &options.filter.editions {
                EditionScope::AsOf(date) => not_in_force_on(&self.index.editions(), *date),
                _ => Vec::new(),
            },
        })
    }

    /// How much a content token of the question counts in coverage and its kin: its IDF (rare words say more
    /// about what is asked), less for words of the asker's situation ([`query::context_weight`]).
    fn word_weight(&self, t: &str) -> f32 {
        self.index.idf(t).max(0.01) * query::context_weight(t)
    }

    /// The share of the question's content tokens, by [`Searcher::word_weight`], that no passage uses (see
    /// [`SearchOptions::max_unheard_share`]).
    fn unheard_share(&self, tokens: &[String], analysis: &Analysis) -> f32 {
        weighted_share(
            tokens,
            |t| self.word_weight(t),
            |t| self.unheard_of(t, analysis),
        )
        .unwrap_or(0.0)
    }

    /// Whether no passage holds the content token `t`, nor all of any alternative the analysis offers for it: a
    /// word the corpus never uses (respelled if it looks like a typo; a sign of no answer if it stays unknown).
    fn unheard_of(&self, t: &str, analysis: &Analysis) -> bool {
        !self.index.holds(t)
            && !analysis.expansions.iter().any(|e| {
                e.replaces.iter().any(|r| r == t) && e.tokens.iter().all(|x| self.index.holds(x))
            })
    }

    /// The question (whose analysis is `analysis`) with each word the documents never use (and no thesaurus
    /// alternative they do use) replaced by its likeliest intended spelling ([`Index::respell`]), and what was
    /// replaced; `None` when nothing was.
    fn respell(&self, question: &str, analysis: &Analysis) -> (Option<String>, Vec<Respelt>) {
        let mut replacements: Vec<(String, pinpoint_index::Respelling)> = Vec::new();
        let mut attempts = 0;
        for w in &analysis.words {
            let tokens = pinpoint_index::analyze(w);
            let [token] = tokens.as_slice() else {
                continue;
            };
            if !self.unheard_of(&token.text, analysis) {
                continue;
            }
            if attempts == MAX_RESPELLINGS {
                break;
            }
            attempts += 1;
            if let Some(r) = self.index.respell(w).or_else(|| self.respell_short(w)) {
                replacements.push((token.text.clone(), r));
            }
        }
        if replacements.is_empty() {
            return (None, Vec::new());
        }
        let mut out = String::with_capacity(question.len() + 8);
        let mut respelt: Vec<Respelt> = Vec::new();
        let mut last = 0;
        pinpoint_index::for_each_token(question, |stem, start, end| {
            if let Some((_, r)) = replacements.iter().find(|(t, _)| t == stem) {
                let typed = &question[start..end];
                out.push_str(&question[last..start]);
                // "KSCIE" becomes "KCSIE": an acronym is recognised by its capitals.
                let word = if typed.chars().all(|c| !c.is_lowercase()) {
                    r.word.to_uppercase()
                } else {
                    r.word.clone()
                };
                out.push_str(&word);
                last = end;
                if !respelt.iter().any(|x| x.typed == typed) {
                    respelt.push(Respelt {
                        typed: typed.to_owned(),
                        word,
                        token: r.token.clone(),
                    });
                }
            }
        });
        out.push_str(&question[last..]);
        (Some(out), respelt)
    }

    /// A short word (three to five letters) with two neighbouring letters swapped into a term the thesaurus or a
    /// document title knows: "KSCIE" → "KCSIE", "LDAO" → "LADO". Too short for [`Index::respell`], which would
    /// turn real words into others; the names of bodies, roles and documents are what short typos hit.
    fn respell_short(&self, word: &str) -> Option<pinpoint_index::Respelling> {
        let chars: Vec<char> = word.chars().collect();
        if !(3..=5).contains(&chars.len()) || !chars.iter().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        (0..chars.len() - 1)
            .filter(|&i| chars[i] != chars[i + 1])
            .map(|i| {
                let mut v = chars.clone();
                v.swap(i, i + 1);
                v.into_iter().collect::<String>()
            })
            .find(|v| {
                let named = !self.names.named_in(&v.to_uppercase()).is_empty();
                let listed = self
                    .analyzer
                    .analyze(v)
                    .is_ok_and(|a| !a.expansions.is_empty());
                named || listed
            })
            .and_then(|v| {
                let token = pinpoint_index::analyze(&v).pop()?.text;
                Some(pinpoint_index::Respelling { word: v, token })
            })
    }

    /// For each document, the edition in force today.
    fn current_editions(&self) -> HashMap<DocId, EditionId> {
        in_force_on(&self.index.editions(), today(), true)
    }

    fn edition_filter(&self, scope: &EditionScope) -> Option<Vec<(DocId, EditionId)>> {
        match scope {
            EditionScope::All => None,
            EditionScope::Only(list) => Some(list.clone()),
            EditionScope::Current => Some(self.current_editions().into_iter().collect()),
            EditionScope::AsOf(date) => Some(
                in_force_on(&self.index.editions(), *date, false)
                    .into_iter()
                    .collect(),
            ),
        }
    }

    /// Multiplies each candidate's BM25 score by its coverage of the question and a short-passage penalty.
    fn rerank(&self, a: &Analysis, tokens: &[String], candidates: &mut [ScoredPassage]) {
        let o = &self.options;
        if tokens.is_empty() {
            return;
        }
        let idf: Vec<f32> = tokens.iter().map(|t| self.word_weight(t)).collect();
        let total: f32 = idf.iter().sum();
        // Every word whose presence matters (the question's and its alternatives'), numbered, so that a candidate
        // is read once into a table of which are present, with no per-word allocation.
        // Looked up for every word of every candidate: FxHash (see `pinpoint_index`'s stem cache).
        let mut wanted: FxHashMap<&str, usize> = FxHashMap::default();
        for t in tokens
            .iter()
            .chain(a.expansions.iter().flat_map(|e| &e.tokens))
        {
            let next = wanted.len();
            wanted.entry(t.as_str()).or_insert(next);
        }
        let slot = |t: &str| wanted.get(t).copied();
        let presence = |texts: &mut dyn Iterator<Item = &str>, words: &mut usize| {
            let mut present = vec![false; wanted.len()];
            for text in texts {
                pinpoint_index::for_each_token(text, |stem, _, _| {
                    *words += 1;
                    if let Some(i) = slot(stem) {
                        present[i] = true;
                    }
                });
            }
            present
        };
        // Titles repeat across candidates: each is read once.
        let mut titles: HashMap<String, Vec<bool>> = HashMap::new();
        for c in candidates.iter_mut() {
            let mut words = 0usize;
            let in_text = presence(&mut std::iter::once(c.passage.text.as_str()), &mut words);
            let mut heading_words = 0usize;
            let in_headings = presence(
                &mut c
                    .passage
                    .locator
                    .heading
                    .as_slice()
                    .iter()
                    .map(String::as_str),
                &mut heading_words,
            );
            let body = |t: &str| slot(t).is_some_and(|i| in_text[i] || in_headings[i]);
            let title = titles.entry(c.edition.title.clone()).or_insert_with(|| {
                presence(&mut std::iter::once(c.edition.title.as_str()), &mut 0)
            });
            let mut found = 0.0;
            for (t, w) in tokens.iter().zip(&idf) {
                let credit = if body(t) {
                    1.0
                } else if a
                    .expansions
                    .iter()
                    .any(|e| e.replaces.contains(t) && e.tokens.iter().all(|x| body(x)))
                {
                    o.expansion_credit
                } else if slot(t).is_some_and(|i| title[i]) {
                    o.title_credit
                } else {
                    0.0
                };
                found += credit * w;
            }
            let cov = (found / total).max(0.02);
            c.score *= cov.powf(o.coverage_exponent);
            if words < o.min_words {
                c.score *= (words.max(1) as f32 / o.min_words as f32).powf(o.short_exponent);
            }
        }
    }

    /// Multiplies the scores of what the question asks for by name: a named document, a named paragraph or
    /// provision (most of all in a named document), a passage defining the term a definition question asks about.
    fn boost_asked_for(
        &self,
        a: &Analysis,
        term: Option<&[String]>,
        role_holder: Option<&[String]>,
        asks_time: bool,
        named: &[DocId],
        candidates: &mut [ScoredPassage],
    ) {
        let o = &self.options;
        for c in candidates.iter_mut() {
            let doc_named = named.contains(&c.edition.doc);
            if doc_named {
                c.score *= o.named_doc_factor;
            }
            if a.labels.iter().any(|l| l.matches(&c.passage.locator.label)) {
                c.score *= if doc_named {
                    o.named_label_factor
                } else {
                    o.named_label_factor.sqrt()
                };
            }
            if asks_time && timing::states_time(&c.passage.text) {
                c.score *= o.time_factor;
            }
            let defines = term.is_some_and(|t| definition::defines(&c.passage.text, t));
            let describes =
                role_holder.is_some_and(|h| definition::describes_role(&c.passage.text, h));
            if defines || describes {
                c.score *= o.definition_factor;
            }
        }
    }

    /// Applies priors, collapses identical text across editions of a document, and sorts: the first `reranked`
    /// candidates (scored by re-ranking) before the rest (plain BM25, which re-ranked scores cannot be compared
    /// with).
    fn rank(
        &self,
        candidates: Vec<ScoredPassage>,
        reranked: usize,
        current: &HashMap<DocId, EditionId>,
    ) -> Vec<(ScoredPassage, Vec<AlsoIn>)> {
        // Group by (document, normalised text); keep the most recent edition's passage with the group's best score.
        // The tier (0: re-ranked, 1: beyond) sorts first; a group's tier is its first member's.
        let mut groups: Vec<(ScoredPassage, Vec<AlsoIn>, bool)> = Vec::new();
        let mut by_key: HashMap<(DocId, String), usize> = HashMap::new();
        for (i, mut c) in candidates.into_iter().enumerate() {
            let beyond = i >= reranked;
            let is_current = current.get(&c.edition.doc) == Some(&c.edition.id);
            c.score *= authority_prior(c.edition.kind);
            if !is_current {
                c.score *= self.options.older_edition_factor;
            }
            let key = (c.edition.doc.clone(), normalise_text(&c.passage.text));
            match by_key.get(&key) {
                Some(&g) if groups[g].0.edition.id != c.edition.id => {
                    let (kept, also, kept_beyond) = &mut groups[g];
                    // A copy from beyond the re-ranked pool joins its group without lifting its score.
                    let best = if beyond == *kept_beyond {
                        kept.score.max(c.score)
                    } else {
                        kept.score
                    };
                    if c.edition.id > kept.edition.id {
                        also.push(AlsoIn::of(kept));
                        *kept = c;
                    } else {
                        also.push(AlsoIn::of(&c));
                    }
                    kept.score = best;
                }
                _ => {
                    by_key.entry(key).or_insert(groups.len());
                    groups.push((c, Vec::new(), beyond));
                }
            }
        }
        groups.sort_by(|a, b| a.2.cmp(&b.2).then(b.0.score.total_cmp(&a.0.score)));
        groups.into_iter().map(|(c, also, _)| (c, also)).collect()
    }
}

/// True when the question is a quoted phrase (its content words are all quoted: `"sexual harm prevention order"`,
/// `what is "cut contact"`) that no hit holds word for word, in its text or headings. Such a question asks for those
/// words, and the quoted phrase is searched at a weight that puts any passage using it first, so when no hit has
/// it, no passage does. Quotes inside a longer question are the asker's report of what they were told ("offered a
/// job 'subject to DBS'"), not a demand for the words, so they do not count.
fn quote_unmatched(analysis: &Analysis, content: &[String], hits: &[Hit]) -> bool {
    let tokens = |text: &str| -> Vec<String> {
        pinpoint_index::analyze(text)
            .into_iter()
            .map(|t| t.text)
            .collect()
    };
    let quoted: Vec<Vec<String>> = analysis
        .quoted
        .iter()
        .map(|q| tokens(&q.join(" ")))
        .collect();
    let only_quotes = content.iter().all(|t| quoted.iter().any(|q| q.contains(t)));
    only_quotes
        && quoted.iter().any(|phrase| {
            !phrase.is_empty()
                && !hits.iter().any(|h| {
                    std::iter::once(h.passage.text.as_str())
                        .chain(
                            h.passage
                                .locator
                                .heading
                                .as_slice()
                                .iter()
                                .map(String::as_str),
                        )
                        .any(|t| tokens(t).windows(phrase.len()).any(|w| w == phrase))
                })
        })
}

/// Lowercase letters and digits, single-spaced: the same text in two editions despite re-flowed lines or quotes.
fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The first word of `text` that analyses to `token`, as `text` writes it, lowercased.
fn spelling_of(text: &str, token: &str) -> Option<String> {
    let mut found = None;
    pinpoint_index::for_each_token(text, |stem, start, end| {
        if found.is_none() && stem == token {
            found = Some(text[start..end].to_lowercase());
        }
    });
    found
}
/// IDF-weighted share of the question's content tokens found in the hit (text, headings, title), counting a token
/// as found when a thesaurus alternative for it is found whole.
fn coverage(
    a: &Analysis,
    tokens: &[String],
    weight: impl Fn(&str) -> f32,
    hit: &ScoredPassage,
) -> f32 {
    if tokens.is_empty() {
        // A pure label lookup ("section 16E") or stop words only: the hit is what was asked for.
        return 1.0;
    }
    let mut haystack = hit.passage.text.clone();
    for h in hit.passage.locator.heading.as_slice() {
        haystack.push(' ');
        haystack.push_str(h);
    }
    haystack.push(' ');
    haystack.push_str(&hit.edition.title);
    let present: HashSet<String> = pinpoint_index::analyze(&haystack)
        .into_iter()
        .map(|t| t.text)
        .collect();
    weighted_share(tokens, weight, |t| {
        present.contains(t)
            || a.expansions.iter().any(|e| {
                e.replaces.iter().any(|r| r == t) && e.tokens.iter().all(|x| present.contains(x))
            })
    })
    .unwrap_or(1.0)
}

/// The share of `tokens`, each counted by `weight`, for which `holds` is true; `None` when they weigh nothing.
fn weighted_share(
    tokens: &[String],
    weight: impl Fn(&str) -> f32,
    holds: impl Fn(&str) -> bool,
) -> Option<f32> {
    let (mut found, mut total) = (0.0, 0.0);
    for t in tokens {
        let w = weight(t);
        total += w;
        if holds(t) {
            found += w;
        }
    }
    (total > 0.0).then(|| found / total)
}

/// The best one or two sentences: scored by the IDF of the distinct query tokens each contains; the second is
/// kept only if it scores at least half the best, and gives way to the best sentence `answer_shaped` accepts (that
/// holds a query token) when neither is one. A lead-in ending in a colon brings its best-scoring list item.
fn highlights(
    text: &str,
    idf: &FxHashMap<String, f32>,
    answer_shaped: &dyn Fn(&str) -> bool,
) -> Vec<Range<usize>> {
    let scored: Vec<(f32, Range<usize>)> = sentences(text)
        .into_iter()
        .map(|r| {
            // The distinct question words of the sentence, summed in word order so that the float sum (and so a
            // tie between two sentences) comes out the same on every run.
            let mut distinct: Vec<(&str, f32)> = Vec::new();
            pinpoint_index::for_each_token(&text[r.clone()], |stem, _, _| {
                if let Some((t, w)) = idf.get_key_value(stem) {
                    if !distinct.iter().any(|(d, _)| *d == t.as_str()) {
                        distinct.push((t.as_str(), *w));
                    }
                }
            });
            distinct.sort_by(|a, b| a.0.cmp(b.0));
            let score: f32 = distinct.iter().map(|(_, w)| w.max(0.01)).sum();
            (score, r)
        })
        .collect();
    let mut ranked: Vec<usize> = (0..scored.len()).filter(|&i| scored[i].0 > 0.0).collect();
    ranked.sort_by(|&a, &b| scored[b].0.total_cmp(&scored[a].0).then(a.cmp(&b)));
    let Some(best) = ranked.first().map(|&i| scored[i].0) else {
        return Vec::new();
    };
    let mut picked: Vec<usize> = ranked
        .iter()
        .copied()
        .take(2)
        .filter(|&i| scored[i].0 >= best * 0.5)
        .collect();
    let shaped = |i: &usize| answer_shaped(&text[scored[*i].1.clone()]);
    if !picked.iter().any(shaped) {
        if let Some(&s) = ranked.iter().find(|i| shaped(i)) {
            picked.truncate(1);
            picked.push(s);
        }
    }
    // A list's lead-in ("… should not prevent the employer from:") says what the answer is about but not what it
    // is: the list item that shares most with the question is marked with it.
    for lead in picked.clone() {
        if !text[scored[lead].1.clone()].ends_with(':') {
            continue;
        }
        let items: Vec<usize> = (lead + 1..scored.len())
            .take_while(|&j| sentences::is_list_item(text, &scored[j].1))
            .collect();
        if items.iter().any(|j| picked.contains(j)) {
            continue;
        }
        if let Some(&item) = items
            .iter()
            .filter(|&&j| scored[j].0 > 0.0)
            .max_by(|&&a, &&b| scored[a].0.total_cmp(&scored[b].0).then(b.cmp(&a)))
        {
            picked.push(item);
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| scored[i].1.clone()).collect()
}

#[cfg(test)]
mod tests;

/// The query weight of a word that names a document the question names (see `Searcher::search`): that of a word of
/// the asker's situation.
const NAMING_WEIGHT: f32 = 0.35;

/// Multiplies the weight of each term clause of `plan` whose word is in `naming` and not in `asked` by
/// [`NAMING_WEIGHT`].
fn weigh_down_naming(plan: &mut pinpoint_index::QueryPlan, naming: &[String], asked: &[String]) {
    for c in plan.clauses.iter_mut() {
        if let pinpoint_index::Clause::Term { word, weight } = c {
            if naming.contains(word) && !asked.contains(word) {
                *weight *= NAMING_WEIGHT;
            }
        }
    }
}

/// Today's date in the UK, where the documents are in force ([`Date::in_uk_at`]), from the system clock: an
/// edition in force from 1 September is current from midnight UK time, not from 1 a.m. during summer time.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Date::in_uk_at(secs).unwrap_or_else(|| Date::new(1970, 1, 1).expect("valid date"))
}

/// The documents none of whose editions is in force on `date` (all come into force later), each as its earliest
/// edition, in index order.
pub fn not_in_force_on(editions: &[pinpoint_index::EditionStats], date: Date) -> Vec<Edition> {
    let in_force = in_force_on(editions, date, false);
    let mut out: Vec<Edition> = Vec::new();
    for s in editions {
        let e = &s.edition;
        if in_force.contains_key(&e.doc) {
            continue;
        }
        match out.iter_mut().find(|o| o.doc == e.doc) {
            Some(o) if e.in_force_from < o.in_force_from => *o = e.clone(),
            Some(_) => {}
            None => out.push(e.clone()),
        }
    }
    out
}

/// For each document, the edition in force on `date`: the one with the latest `in_force_from` on or before it.
/// With `fallback_earliest`, a document with no edition in force yet maps to its earliest edition.
pub fn in_force_on(
    editions: &[pinpoint_index::EditionStats],
    date: Date,
    fallback_earliest: bool,
) -> HashMap<DocId, EditionId> {
    let mut best: HashMap<DocId, (Date, EditionId)> = HashMap::new();
    let mut earliest: HashMap<DocId, EditionId> = HashMap::new();
    for s in editions {
        let e = &s.edition;
        let first = earliest.entry(e.doc.clone()).or_insert(e.id);
        *first = (*first).min(e.id);
        if e.in_force_from <= date {
            let slot = best.entry(e.doc.clone()).or_insert((e.in_force_from, e.id));
            if (e.in_force_from, e.id) > *slot {
                *slot = (e.in_force_from, e.id);
            }
        }
    }
    let mut out: HashMap<DocId, EditionId> = best.into_iter().map(|(d, (_, id))| (d, id)).collect();
    if fallback_earliest {
        for (doc, id) in earliest {
            out.entry(doc).or_insert(id);
        }
    }
    out
}
