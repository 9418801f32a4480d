use pinpoint_index::SnapshotBuilder;
use pinpoint_model::fixtures::{edition, locator, provision};
use pinpoint_model::{Label, Position, ProvisionKind};

use super::*;

fn passage(e: &Edition, label: Label, heading: &str, text: &str) -> Passage {
    let loc = locator(Position::Anchor(None), label, &[heading]);
    Passage::new(e, loc, text.to_owned())
}

fn para(e: &Edition, n: &str, text: &str) -> Passage {
    passage(e, Label::Paragraph(n.into()), "Managing allegations", text)
}

struct Fixture {
    _dir: tempfile::TempDir,
    searcher: Searcher,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let old = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let new = edition("kcsie", "2025-09-01", DocKind::StatutoryGuidance);
    let act = edition("children-act-2004", "2004-11-15", DocKind::Legislation);
    let local = edition("local-proc", "2023-01-01", DocKind::LocalProcedure);
    let shared =
        "Staff should discuss matters outside the workplace which may have implications for the \
                  safeguarding of children.";
    let mut b = SnapshotBuilder::create(dir.path()).unwrap();
    b.add_edition(
        &old,
        &[
            para(&old, "347", shared),
            para(
                &old,
                "380",
                "Disqualification by association applies to staff in schools. It is old law.",
            ),
        ],
    )
    .unwrap();
    b.add_edition(
        &new,
        &[
            para(&new, "347", shared),
            para(
                &new,
                "380",
                "Disqualification by association no longer applies to staff in schools. This changed in 2018.",
            ),
            para(
                &new,
                "361",
                "The weather was fine. Where appropriate, an assessment of transferable risk to children with whom \
                 the person works should be undertaken. Lunch is at noon.",
            ),
            para(
                &new,
                "20",
                "Staff should report to the designated safeguarding lead. A lead designated for safeguarding is \
                 named in policy and the safeguarding of children is everyone's job.",
            ),
            para(
                &new,
                "21",
                "Safeguarding is led by governors, and each designated person has a lead role in some schools.",
            ),
        ],
    )
    .unwrap();
    b.add_edition(
        &act,
        &[
            passage(
                &act,
                provision(ProvisionKind::Section, "16E(1)"),
                "Local safeguarding arrangements",
                "The safeguarding partners for a local authority area must make arrangements for working together.",
            ),
            passage(
                &act,
                provision(ProvisionKind::Section, "11(2)"),
                "Arrangements to safeguard",
                "Each person must make arrangements for ensuring that their functions are discharged.",
            ),
        ],
    )
    .unwrap();
    b.add_edition(
        &local,
        &[para(
            &local,
            "1",
            "Refer allegations about staff to the local authority designated officer.",
        )],
    )
    .unwrap();
    b.commit().unwrap();
    let searcher = Searcher::new(Index::open(dir.path()).unwrap(), RankingOptions::default());
    Fixture {
        _dir: dir,
        searcher,
    }
}

fn ids(a: &Answer) -> Vec<&str> {
    a.hits.iter().map(|h| h.passage.id.as_str()).collect()
}

#[test]
fn stop_words_do_not_match_passages() {
    let f = fixture();
    // Every passage contains "the" or "is"; only the content word decides.
    let a = f
        .searcher
        .search("what is the transferable thing?", &SearchOptions::default())
        .unwrap();
    assert_eq!(ids(&a), vec!["kcsie/2025-09-01/para-361"]);
}

#[test]
fn exact_phrase_ranks_first() {
    let f = fixture();
    let a = f
        .searcher
        .search("designated safeguarding lead", &SearchOptions::default())
        .unwrap();
    assert_eq!(ids(&a)[0], "kcsie/2025-09-01/para-20");
    let a = f
        .searcher
        .search(
            "\"lead role\" designated safeguarding",
            &SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(ids(&a)[0], "kcsie/2025-09-01/para-21");
}

#[test]
fn label_reference_finds_the_section() {
    let f = fixture();
    let a = f
        .searcher
        .search("what does section 16E say", &SearchOptions::default())
        .unwrap();
    assert_eq!(ids(&a)[0], "children-act-2004/2004-11-15/s-16E-1");
    assert!(!a.no_answer);
    assert_eq!(
        a.hits[0].citation.as_str(),
        "children-act-2004 2004, s. 16E(1)"
    );
}

#[test]
fn current_edition_wins_and_identical_text_is_collapsed() {
    let f = fixture();
    let a = f
        .searcher
        .search(
            "disqualification by association schools",
            &SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(ids(&a)[0], "kcsie/2025-09-01/para-380");
    assert!(!ids(&a).iter().any(|id| id.starts_with("kcsie/2024")));

    let all = SearchOptions {
        filter: SearchFilter {
            editions: EditionScope::All,
            ..SearchFilter::default()
        },
        ..SearchOptions::default()
    };
    let a = f
        .searcher
        .search("disqualification by association schools", &all)
        .unwrap();
    assert_eq!(
        ids(&a)[..2],
        ["kcsie/2025-09-01/para-380", "kcsie/2024-09-02/para-380"]
    );

    let a = f
        .searcher
        .search("discuss matters outside the workplace", &all)
        .unwrap();
    assert_eq!(ids(&a)[0], "kcsie/2025-09-01/para-347");
    let also: Vec<(&str, &str)> = a.hits[0]
        .also_in
        .iter()
        .map(|x| (x.id.as_str(), x.citation.as_str()))
        .collect();
    assert_eq!(
        also,
        [("kcsie/2024-09-02/para-347", "kcsie 2024, para 347")]
    );
    assert!(!ids(&a).contains(&"kcsie/2024-09-02/para-347"));

    let then = SearchOptions {
        filter: SearchFilter {
            editions: EditionScope::AsOf("2025-01-01".parse().unwrap()),
            ..SearchFilter::default()
        },
        ..SearchOptions::default()
    };
    let a = f
        .searcher
        .search("disqualification by association", &then)
        .unwrap();
    assert_eq!(ids(&a), vec!["kcsie/2024-09-02/para-380"]);
}

#[test]
fn highlights_cover_the_answering_sentence() {
    let f = fixture();
    let a = f
        .searcher
        .search("assessment of transferable risk", &SearchOptions::default())
        .unwrap();
    let hit = &a.hits[0];
    assert_eq!(hit.highlights.len(), 1);
    assert!(
        hit.passage.text[hit.highlights[0].clone()].starts_with("Where appropriate, an assessment")
    );
    assert!(hit.passage.text[hit.highlights[0].clone()].ends_with("undertaken."));
}

fn idf_of(words: &[(&str, f32)]) -> FxHashMap<String, f32> {
    words.iter().map(|(w, f)| ((*w).to_owned(), *f)).collect()
}

fn marked(text: &str, idf: &FxHashMap<String, f32>) -> Vec<String> {
    highlights(text, idf, &|_| false)
        .into_iter()
        .map(|r| text[r].to_owned())
        .collect()
}

#[test]
fn a_highlighted_lead_in_brings_its_best_list_item() {
    let text = "Where a settlement agreement is used, schools should not let it prevent the employer from: \
                • fulfilling their legal duty to refer cases to the DBS • providing a reference to potential \
                employers when requested. Other text follows.";
    let idf = idf_of(&[
        ("settlement", 5.0),
        ("agreement", 3.0),
        ("duti", 2.0),
        ("employ", 1.0),
    ]);
    // "employ" (the stem of "employer" and "employers") is in the lead-in and the second item; "duti" (the stem of
    // "duty") in the first, and weighs more.
    assert_eq!(
        marked(text, &idf),
        vec![
            "Where a settlement agreement is used, schools should not let it prevent the employer from:",
            "fulfilling their legal duty to refer cases to the DBS",
        ]
    );
    // A lead-in whose items share nothing with the question is marked alone.
    let idf = idf_of(&[("settlement", 5.0)]);
    assert_eq!(marked(text, &idf).len(), 1);
    // A sentence ending in a colon with no list after it brings nothing.
    let text = "The rule is this: staff must report. Staff refer concerns.";
    let idf = idf_of(&[("rule", 5.0), ("refer", 1.0)]);
    assert_eq!(
        marked(text, &idf),
        vec!["The rule is this: staff must report."]
    );
}

#[test]
fn the_sentence_shaped_like_the_answer_is_marked() {
    let text = "You have the right to ask for a written statement of the reasons for your dismissal. \
                Your employer must supply the statement within 14 days of you asking for it. \
                You can also ask your employer for your dismissal reasons in writing if you are an employee.";
    let idf = idf_of(&[
        ("written", 3.0),
        ("reason", 2.0),
        ("dismiss", 2.0),
        ("statement", 2.0),
    ]);
    // By question words alone the first and last sentences win; the time the question asks for is in the second.
    assert!(!marked(text, &idf).iter().any(|s| s.contains("14 days")));
    let shaped: Vec<String> = highlights(text, &idf, &timing::states_time)
        .into_iter()
        .map(|r| text[r].to_owned())
        .collect();
    assert_eq!(
        shaped,
        vec![
            "You have the right to ask for a written statement of the reasons for your dismissal.",
            "Your employer must supply the statement within 14 days of you asking for it."
        ]
    );
}

#[test]
fn words_naming_a_document_weigh_less_unless_asked_about() {
    let term = |w: &str| pinpoint_index::Clause::Term {
        word: w.to_owned(),
        weight: 1.0,
    };
    let mut plan = pinpoint_index::QueryPlan {
        clauses: vec![term("kcsie"), term("upskirting"), term("eyfs")],
        boosts: RankingOptions::default().boosts,
    };
    let naming = vec!["kcsie".to_owned(), "eyfs".to_owned()];
    weigh_down_naming(&mut plan, &naming, &["eyfs".to_owned()]);
    let weights: Vec<f32> = plan
        .clauses
        .iter()
        .map(|c| match c {
            pinpoint_index::Clause::Term { weight, .. } => *weight,
            _ => f32::NAN,
        })
        .collect();
    assert!(weights[0] < 0.5, "{weights:?}");
    assert_eq!(
        weights[1..],
        [1.0, 1.0],
        "the topic and the asked-about name keep their weight"
    );
}

#[test]
fn empty_and_too_long_questions_are_refused() {
    let f = fixture();
    assert!(matches!(
        f.searcher.search(" ", &SearchOptions::default()),
        Err(SearchError::Query(QueryError::Empty))
    ));
    let long = "safeguarding ".repeat(100);
    assert!(matches!(
        f.searcher.search(&long, &SearchOptions::default()),
        Err(SearchError::Query(QueryError::TooLong { .. }))
    ));
    // A worried message of a paragraph or two is a question, not a pasted document: 150 short words.
    let message =
        "my wife is a teacher and I am so worried she will be in trouble at work. ".repeat(9);
    assert!(message.split_whitespace().count() > 140 && message.chars().count() <= MAX_QUERY_CHARS);
    assert!(f
        .searcher
        .search(&message, &SearchOptions::default())
        .is_ok());
    let too_many_words = "a ".repeat(MAX_QUERY_WORDS + 1);
    assert!(matches!(
        f.searcher
            .search(&too_many_words, &SearchOptions::default()),
        Err(SearchError::Query(QueryError::TooLong { .. }))
    ));
}

#[test]
fn unrelated_question_has_no_answer() {
    let f = fixture();
    let a = f
        .searcher
        .search("best recipe for chocolate cake", &SearchOptions::default())
        .unwrap();
    assert!(a.no_answer);
    let a = f
        .searcher
        .search(
            "chocolate cake for staff in schools",
            &SearchOptions::default(),
        )
        .unwrap();
    assert!(a.no_answer, "coverage {}", a.coverage);
    let a = f
        .searcher
        .search("transferable risk assessment", &SearchOptions::default())
        .unwrap();
    assert!(!a.no_answer);
}

#[test]
fn authority_breaks_near_ties_and_filters_apply() {
    let f = fixture();
    let only_local = SearchOptions {
        filter: SearchFilter {
            kinds: Some(vec![DocKind::LocalProcedure]),
            ..SearchFilter::default()
        },
        ..SearchOptions::default()
    };
    let a = f.searcher.search("allegations staff", &only_local).unwrap();
    assert!(a
        .hits
        .iter()
        .all(|h| h.edition.kind == DocKind::LocalProcedure));
    assert!(authority_prior(DocKind::Legislation) > authority_prior(DocKind::LocalProcedure));
    assert!(
        authority_prior(DocKind::Legislation) < 1.1,
        "a tie-break, not a wall"
    );
}

#[test]
fn thesaurus_expansion_finds_the_alternative() {
    let f = fixture();
    let t = Thesaurus::from_toml(
        "[[entry]]\nterms = [\"lado\", \"local authority designated officer\"]",
    )
    .unwrap();
    let s = f.searcher.with_thesaurus(t);
    // This tiny index does not know "call" either; only the coverage rule is under test here.
    let coverage_only = SearchOptions {
        max_unheard_share: 1.0,
        ..SearchOptions::default()
    };
    let a = s.search("should I call the LADO", &coverage_only).unwrap();
    assert_eq!(ids(&a)[0], "local-proc/2023-01-01/para-1");
    assert!(!a.no_answer, "coverage via the alternative: {}", a.coverage);
}

#[test]
fn a_question_mostly_in_words_no_passage_uses_has_no_answer() {
    let f = fixture();
    // Coverage off, so only the unheard-words rule can refuse.
    let unheard_only = SearchOptions {
        min_coverage: 0.0,
        ..SearchOptions::default()
    };
    let a = f
        .searcher
        .search("feeding a sourdough starter before school", &unheard_only)
        .unwrap();
    assert!(a.no_answer);
    let a = f
        .searcher
        .search("disqualification of staff in schools", &unheard_only)
        .unwrap();
    assert!(!a.no_answer);
}

#[test]
fn searcher_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Searcher>();
}

#[test]
fn a_misspelt_word_is_searched_as_the_documents_spell_it() {
    let f = fixture();
    let a = f
        .searcher
        .search("safegaurding arrangements", &SearchOptions::default())
        .unwrap();
    assert_eq!(
        a.corrections,
        vec![Correction {
            typed: "safegaurding".into(),
            searched: "safeguarding".into(),
        }]
    );
    assert!(!a.no_answer, "coverage {}", a.coverage);
    assert_eq!(ids(&a)[0], "children-act-2004/2004-11-15/s-16E-1");
    // Words the documents use are not respelled, nor are words with no near spelling in them.
    for q in ["safeguarding arrangements", "chocolate cake"] {
        let a = f.searcher.search(q, &SearchOptions::default()).unwrap();
        assert!(a.corrections.is_empty(), "{q}: {:?}", a.corrections);
    }
}

#[test]
fn a_respelling_that_would_pass_the_length_limit_is_not_made() {
    // "safeguardng" → "safeguarding" adds a letter; at the limit, the question is searched as asked, not refused.
    let f = fixture();
    let start = "safeguardng arrangements ";
    let q = format!(
        "{start}{}",
        "-".repeat(MAX_QUERY_CHARS - start.chars().count())
    );
    assert_eq!(q.chars().count(), MAX_QUERY_CHARS);
    let a = f.searcher.search(&q, &SearchOptions::default()).unwrap();
    assert!(a.corrections.is_empty(), "{:?}", a.corrections);
    let short = f
        .searcher
        .search("safeguardng arrangements", &SearchOptions::default())
        .unwrap();
    assert_eq!(
        short.corrections.len(),
        1,
        "the same word is respelled in a short question"
    );
}

#[test]
fn a_short_name_with_two_letters_swapped_is_respelled_to_the_name() {
    let Fixture { _dir, searcher } = fixture();
    let thesaurus = Thesaurus::from_toml(
        "[[entry]]\nterms = [\"lado\", \"local authority designated officer\"]\n",
    )
    .unwrap();
    let searcher = searcher.with_thesaurus(thesaurus);
    let a = searcher
        .search("who is the LDAO", &SearchOptions::default())
        .unwrap();
    assert_eq!(
        a.corrections,
        vec![Correction {
            typed: "LDAO".into(),
            searched: "LADO".into(),
        }]
    );
    assert_eq!(ids(&a)[0], "local-proc/2023-01-01/para-1");
    // Short words that are no known name stay as typed ("dalo" is no swap of a name).
    for q in ["who is the dalo", "the cat sat"] {
        let a = searcher.search(q, &SearchOptions::default()).unwrap();
        assert!(a.corrections.is_empty(), "{q}: {:?}", a.corrections);
    }
}

#[test]
fn a_time_question_prefers_the_passage_that_states_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2025-09-01", DocKind::StatutoryGuidance);
    let mut b = SnapshotBuilder::create(dir.path()).unwrap();
    b.add_edition(
        &e,
        &[
            para(
                &e,
                "1",
                "Allegations should be referred to the LADO. The LADO advises on allegations referred by the \
                 case manager, and allegations referred to the LADO are recorded.",
            ),
            para(
                &e,
                "2",
                "Allegations should be referred to the LADO within one working day.",
            ),
        ],
    )
    .unwrap();
    b.commit().unwrap();
    let searcher = |time_factor| {
        Searcher::new(
            Index::open(dir.path()).unwrap(),
            RankingOptions {
                time_factor,
                ..RankingOptions::default()
            },
        )
    };
    let q = "how quickly should allegations be referred to the LADO?";
    let without = searcher(1.0).search(q, &SearchOptions::default()).unwrap();
    assert_eq!(
        ids(&without)[0],
        "kcsie/2025-09-01/para-1",
        "the test needs BM25 to prefer para 1"
    );
    let with = searcher(RankingOptions::default().time_factor)
        .search(q, &SearchOptions::default())
        .unwrap();
    assert_eq!(ids(&with)[0], "kcsie/2025-09-01/para-2");
    // Not a time question: no bonus.
    let other = searcher(RankingOptions::default().time_factor)
        .search(
            "should allegations be referred to the LADO?",
            &SearchOptions::default(),
        )
        .unwrap();
    assert_eq!(ids(&other)[0], "kcsie/2025-09-01/para-1");
}

#[test]
fn no_limit_reorders_the_hits_a_smaller_limit_shows() {
    // Thirty short passages that repeat two of the question's words (high BM25, low coverage) and one long passage
    // that holds all of them once (low BM25, full coverage): re-ranking lifts the long one from deep in the BM25
    // order, beyond the smallest fetch (limit + CANDIDATE_MARGIN).
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2025-09-01", DocKind::StatutoryGuidance);
    let words = ["transferable", "risk", "assessment", "staff", "partner"];
    let mut passages: Vec<Passage> = (0..30)
        .map(|i| {
            let (a, b) = (words[i % 5], words[(i + 1 + i / 5) % 5]);
            let text = format!("{a} {a} {a} {b} {b} {b}.");
            para(&e, &(i + 1).to_string(), &text)
        })
        .collect();
    let filler = "the school keeps a record of what was decided and why ".repeat(12);
    passages.push(para(
        &e,
        "99",
        &format!("{filler} A transferable risk assessment of staff and a partner. {filler}"),
    ));
    let mut b = SnapshotBuilder::create(dir.path()).unwrap();
    b.add_edition(&e, &passages).unwrap();
    b.commit().unwrap();
    let searcher = Searcher::new(
        Index::open(dir.path()).unwrap(),
        RankingOptions {
            candidates: 4,
            ..RankingOptions::default()
        },
    );
    let q = "transferable risk assessment of staff and partner";
    let search = |limit| {
        searcher
            .search(
                q,
                &SearchOptions {
                    limit,
                    ..SearchOptions::default()
                },
            )
            .unwrap()
    };
    let all = search(31);
    assert_eq!(all.hits.len(), 31);
    for limit in 1..31 {
        let some = search(limit);
        assert_eq!(ids(&some), ids(&all)[..limit], "limit {limit}");
    }
}

#[test]
fn a_quoted_phrase_no_passage_holds_has_no_answer() {
    let f = fixture();
    let ask = |q: &str| f.searcher.search(q, &SearchOptions::default()).unwrap();
    // Both words are in the index, but never together: the hits are near the phrase, not it.
    let apart = ask("\"lunch transferable\"");
    assert!(!apart.hits.is_empty());
    assert!(apart.no_answer);
    // The phrase as the documents have it.
    assert!(!ask("what is \"transferable risk\"").no_answer);
    // Quotes inside a longer question report what the asker was told; they do not demand the words.
    assert!(!ask("they said it was \"lunch transferable\" risk of children").no_answer);
}

#[test]
fn text_speak_is_not_taken_for_words_no_passage_uses() {
    let f = fixture();
    let ask = |q: &str| f.searcher.search(q, &SearchOptions::default()).unwrap();
    // "wat", "r", "u" are unknown to the documents: counted as content, they made the question look off-topic.
    let a = ask("wat is transferable risk");
    assert!(!a.no_answer);
    assert_eq!(ids(&a)[0], "kcsie/2025-09-01/para-361");
    assert!(!ask("r u told about transferable risk").no_answer);
}

#[test]
fn documents_with_no_edition_in_force_on_the_date_are_named() {
    let f = fixture();
    let as_of = |date: &str| SearchOptions {
        filter: SearchFilter {
            editions: EditionScope::AsOf(date.parse().unwrap()),
            ..SearchFilter::default()
        },
        ..SearchOptions::default()
    };
    let a = f
        .searcher
        .search("safeguarding arrangements", &as_of("2023-06-01"))
        .unwrap();
    // KCSIE's earliest edition held came into force in 2024: not searched, and named.
    let left_out: Vec<String> = a.not_in_force.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(left_out, ["2024-09-02"]);
    assert!(a.hits.iter().all(|h| h.edition.doc.as_str() != "kcsie"));
    // On a date when every document has an edition in force, nothing is left out; nor outside `AsOf`.
    assert!(f
        .searcher
        .search("safeguarding arrangements", &as_of("2025-10-01"))
        .unwrap()
        .not_in_force
        .is_empty());
    assert!(f
        .searcher
        .search("safeguarding arrangements", &SearchOptions::default())
        .unwrap()
        .not_in_force
        .is_empty());
}
