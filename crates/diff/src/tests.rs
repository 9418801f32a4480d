//! Alignment and citation checks on editions the tests build.

use pinpoint_model::fixtures::{kcsie, locator, page, provision};
use pinpoint_model::{Edition, Label, Passage};

use crate::*;

/// The two editions the tests diff: KCSIE 2024 (old) and 2025 (new).
fn editions() -> (Edition, Edition) {
    (kcsie("2024-09-02"), kcsie("2025-07-07"))
}

/// A passage under "Part one", on a page that depends on its text (so that pages differ, as they do).
fn passage(e: &Edition, label: Label, text: &str) -> Passage {
    let on = 1 + text.len() as u32 % 50;
    Passage::new(e, locator(page(on), label, &["Part one"]), text.to_owned())
}

/// Paragraphs 1, 2, 3, … of `e` holding `text(seed)` for each of `seeds` in turn.
fn numbered(e: &Edition, seeds: &[u64]) -> Vec<Passage> {
    seeds
        .iter()
        .enumerate()
        .map(|(k, &seed)| passage(e, para(k + 1), &text(seed)))
        .collect()
}

/// One side of a diff or citation check.
fn side<'a>(edition: &'a Edition, passages: &'a [Passage]) -> EditionText<'a> {
    EditionText { edition, passages }
}

fn para(n: usize) -> Label {
    Label::Paragraph(n.to_string())
}

/// A deterministic 30-word "paragraph" about topic `seed`: different seeds share almost no word pairs.
fn text(seed: u64) -> String {
    const WORDS: &[&str] = &[
        "child",
        "school",
        "staff",
        "safeguarding",
        "lead",
        "designated",
        "governing",
        "body",
        "must",
        "should",
        "ensure",
        "policy",
        "allegation",
        "referral",
        "local",
        "authority",
        "police",
        "college",
        "pupil",
        "parent",
        "carer",
        "record",
        "concern",
        "harm",
        "risk",
        "abuse",
        "neglect",
        "training",
        "induction",
        "supply",
        "teacher",
        "volunteer",
        "contractor",
        "online",
        "filtering",
        "monitoring",
        "attendance",
        "exclusion",
        "health",
        "education",
        "plan",
        "meeting",
        "information",
        "sharing",
        "consent",
        "data",
        "protection",
        "inspection",
        "framework",
        "partner",
        "agency",
        "duty",
        "statutory",
        "guidance",
        "annex",
        "section",
        "part",
        "review",
        "case",
        "practice",
    ];
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut out = Vec::new();
    for _ in 0..30 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.push(WORDS[(state >> 33) as usize % WORDS.len()]);
    }
    format!("{}.", out.join(" "))
}

fn diff(old: &[Passage], new: &[Passage]) -> EditionDiff {
    let (a, b) = editions();
    diff_editions(side(&a, old), side(&b, new))
}

/// `(kind, old label, new label)` of every change, for compact assertions.
fn shape(d: &EditionDiff) -> Vec<(ChangeKind, Option<String>, Option<String>)> {
    let key = |p: Option<&Passage>| p.map(|p| p.locator.label.key());
    d.changes
        .iter()
        .map(|c| (c.kind(), key(c.olds().first()), key(c.news().first())))
        .collect()
}

fn k(
    kind: ChangeKind,
    old: Option<&str>,
    new: Option<&str>,
) -> (ChangeKind, Option<String>, Option<String>) {
    (kind, old.map(str::to_owned), new.map(str::to_owned))
}

#[test]
fn random_texts_are_dissimilar() {
    // The generator is what the other tests rely on: distinct seeds must not pair.
    let o = kcsie("2024-09-02");
    let ps: Vec<Passage> = (0..40)
        .map(|i| passage(&o, para(i), &text(i as u64)))
        .collect();
    let n = kcsie("2025-07-07");
    let qs: Vec<Passage> = (100..140)
        .map(|i| passage(&n, para(i), &text(i as u64)))
        .collect();
    let d = diff(&ps, &qs);
    let c = d.counts();
    assert_eq!((c.added, c.removed, c.changed), (40, 40, 0), "{c:?}");
}

#[test]
fn deletion_renumbers_the_rest() {
    let (o, n) = editions();
    let old = numbered(&o, &[1, 2, 3, 4, 5]);
    let new = numbered(&n, &[1, 3, 4, 5]);
    let d = diff(&old, &new);
    use ChangeKind::*;
    assert_eq!(
        shape(&d),
        vec![
            k(Unchanged, Some("para-1"), Some("para-1")),
            k(Removed, Some("para-2"), None),
            k(Renumbered, Some("para-3"), Some("para-2")),
            k(Renumbered, Some("para-4"), Some("para-3")),
            k(Renumbered, Some("para-5"), Some("para-4")),
        ]
    );
}

#[test]
fn edited_paragraph_is_changed_with_word_diff() {
    let (o, n) = editions();
    let before = "Schools should appoint a designated safeguarding lead who has the status and authority to carry out the duties of the post.";
    let after = "Schools and colleges must appoint a designated safeguarding lead who has the status and authority to carry out the duties of the post.";
    let old = vec![
        passage(&o, para(1), &text(1)),
        passage(&o, para(2), before),
        passage(&o, para(3), &text(3)),
    ];
    let new = vec![
        passage(&n, para(1), &text(1)),
        passage(&n, para(2), after),
        passage(&n, para(3), &text(3)),
    ];
    let d = diff(&old, &new);
    let changed: Vec<&Change> = d.edits().collect();
    assert_eq!(changed.len(), 1);
    let Change::Changed { pair, words } = changed[0] else {
        panic!("expected changed, got {:?}", changed[0].kind());
    };
    assert!(!pair.relabelled());
    assert!(pair.similarity >= 0.4 && pair.similarity < 1.0);
    assert_eq!(
        words.inline(),
        "Schools [-should-] {+and colleges must+} appoint a designated safeguarding lead who has the status and \
         authority to carry out the duties of the post."
    );
}

#[test]
fn split_paragraph_is_one_change_into_both_halves() {
    let (o, n) = editions();
    let (first, second) = (text(50), text(51));
    let whole = format!("{first} {second}");
    let old = vec![
        passage(&o, para(1), &text(1)),
        passage(&o, para(2), &whole),
        passage(&o, para(3), &text(3)),
    ];
    let new = vec![
        passage(&n, para(1), &text(1)),
        passage(&n, para(2), &first),
        passage(&n, para(3), &second),
        passage(&n, para(4), &text(3)),
    ];
    let d = diff(&old, &new);
    use ChangeKind::*;
    assert_eq!(
        d.changes.iter().map(Change::kind).collect::<Vec<_>>(),
        vec![Unchanged, Split, Renumbered]
    );
    let Change::Split {
        old: o2,
        new: parts,
        words,
        similarity,
    } = &d.changes[1]
    else {
        panic!()
    };
    assert_eq!(o2.locator.label, para(2));
    assert_eq!(
        parts
            .iter()
            .map(|p| p.locator.label.clone())
            .collect::<Vec<_>>(),
        vec![para(2), para(3)]
    );
    // The halves read together are the old text word for word.
    assert!(words.is_unchanged(), "{}", words.inline());
    assert!(*similarity > 0.95);
    // A citation to the old paragraph follows it to the half that holds the quote.
    let quote: String = second.split(' ').take(6).collect::<Vec<_>>().join(" ");
    let check = check_against(
        &SavedCitation::new(Some("2"), Some(&quote), None).unwrap(),
        &old,
        &d,
    );
    let Outcome::Found(f) = &check.outcome else {
        panic!("{:?}", check.outcome)
    };
    assert_eq!(
        f[0].current().map(|p| p.locator.label.clone()),
        Some(para(3))
    );
}

#[test]
fn split_with_an_edit_still_splits() {
    let (o, n) = editions();
    let (first, second) = (text(52), text(53));
    let old = vec![passage(&o, para(1), &format!("{first} {second}"))];
    let new = vec![
        passage(&n, para(1), &first.replace('.', " and more.")),
        passage(&n, para(2), &second),
    ];
    let d = diff(&old, &new);
    assert_eq!(d.counts().split, 1, "{:?}", shape(&d));
    assert!(!d.changes[0].words().unwrap().is_unchanged());
}

#[test]
fn merged_paragraphs_are_one_change() {
    let (o, n) = editions();
    let (first, second, third) = (text(60), text(61), text(62));
    let old = vec![
        passage(&o, para(1), &text(1)),
        passage(&o, para(2), &first),
        passage(&o, para(3), &second),
        passage(&o, para(4), &third),
        passage(&o, para(5), &text(5)),
    ];
    // Three paragraphs become one, with a sentence added at its end (as KCSIE 2024 paras 143-146 became 2025
    // para 143).
    let new = vec![
        passage(&n, para(1), &text(1)),
        passage(
            &n,
            para(2),
            &format!("{first} {second} {third} A link has been added."),
        ),
        passage(&n, para(3), &text(5)),
    ];
    let d = diff(&old, &new);
    use ChangeKind::*;
    assert_eq!(
        d.changes.iter().map(Change::kind).collect::<Vec<_>>(),
        vec![Unchanged, Merged, Renumbered],
        "{:?}",
        shape(&d)
    );
    let Change::Merged {
        old: parts, words, ..
    } = &d.changes[1]
    else {
        panic!()
    };
    assert_eq!(parts.len(), 3);
    assert!(
        words.inline().ends_with("{+A link has been added.+}"),
        "{}",
        words.inline()
    );
    // Each merged paragraph's fate is the merge: a citation to old para 4 is changed, not removed.
    assert_eq!(d.fate_of(&old[3].id).map(Change::kind), Some(Merged));
    let check = check_against(
        &SavedCitation::new(Some("4"), None, None).unwrap(),
        &old,
        &d,
    );
    assert_eq!(check.status(), CitationStatus::Changed);
}

#[test]
fn unrelated_neighbours_are_not_merged() {
    let (o, n) = editions();
    // Para 2 gains a sentence; para 3 is deleted. Para 3 is no part of new para 2.
    let old = vec![
        passage(&o, para(1), &text(1)),
        passage(&o, para(2), &text(2)),
        passage(&o, para(3), &text(3)),
        passage(&o, para(4), &text(4)),
    ];
    let new = vec![
        passage(&n, para(1), &text(1)),
        passage(&n, para(2), &format!("{} Something new.", text(2))),
        passage(&n, para(3), &text(4)),
    ];
    let d = diff(&old, &new);
    let c = d.counts();
    assert_eq!(
        (c.changed, c.removed, c.merged, c.renumbered),
        (1, 1, 0, 1),
        "{:?}",
        shape(&d)
    );
}

#[test]
fn reordered_paragraph_is_moved_not_removed_and_added() {
    let (o, n) = editions();
    let old = numbered(&o, &[1, 2, 3, 4, 5, 6]);
    // Paragraph 5 moves up to second place.
    let new = numbered(&n, &[1, 5, 2, 3, 4, 6]);
    let d = diff(&old, &new);
    use ChangeKind::*;
    assert_eq!(
        shape(&d),
        vec![
            k(Unchanged, Some("para-1"), Some("para-1")),
            k(Moved, Some("para-5"), Some("para-2")),
            k(Renumbered, Some("para-2"), Some("para-3")),
            k(Renumbered, Some("para-3"), Some("para-4")),
            k(Renumbered, Some("para-4"), Some("para-5")),
            k(Unchanged, Some("para-6"), Some("para-6")),
        ]
    );
    assert!(d.changes[1].words().is_none(), "moved text is identical");
}

#[test]
fn duplicate_short_paragraphs_pair_in_order() {
    let (o, n) = editions();
    let see = "See Annex B for more information.";
    let un = |e: &Edition, i: u32, t: &str| passage(e, Label::Unnumbered(i), t);
    let old = vec![
        passage(&o, para(1), &text(1)),
        un(&o, 1, see),
        passage(&o, para(2), &text(2)),
        un(&o, 2, see),
        passage(&o, para(3), &text(3)),
        un(&o, 3, see),
    ];
    // The middle copy goes; the other two stay where they were.
    let new = vec![
        passage(&n, para(1), &text(1)),
        un(&n, 1, see),
        passage(&n, para(2), &text(2)),
        passage(&n, para(3), &text(3)),
        un(&n, 2, see),
    ];
    let d = diff(&old, &new);
    use ChangeKind::*;
    assert_eq!(
        shape(&d),
        vec![
            k(Unchanged, Some("para-1"), Some("para-1")),
            k(Unchanged, Some("p1"), Some("p1")),
            k(Unchanged, Some("para-2"), Some("para-2")),
            k(Removed, Some("p2"), None),
            k(Unchanged, Some("para-3"), Some("para-3")),
            // An unnumbered passage's ordinal is not a printed label: p3 → p2 is not a renumbering.
            k(Unchanged, Some("p3"), Some("p2")),
        ]
    );
}

#[test]
fn spacing_alone_is_no_change() {
    // KCSIE 2024 para 335 ends "from harm.118", 2025 para 332 "from harm. 118": the PDFs place the footnote
    // marker differently, the wording is the same.
    let (o, n) = editions();
    let old = vec![passage(&o, para(335), "to protect children from harm.118")];
    let new = vec![passage(&n, para(332), "to protect children from harm. 118")];
    let d = diff(&old, &new);
    assert_eq!(
        d.changes.iter().map(Change::kind).collect::<Vec<_>>(),
        vec![ChangeKind::Renumbered]
    );
    // A real one-word change is still a change.
    let new = vec![passage(&n, para(332), "to protect children from harm.119")];
    assert_eq!(diff(&old, &new).counts().changed, 1);
}

#[test]
fn similar_short_paragraph_far_away_does_not_pair() {
    let (o, n) = editions();
    let old = vec![
        passage(&o, para(1), &text(1)),
        passage(&o, para(2), "Further information is available."),
        passage(&o, para(3), &text(3)),
        passage(&o, para(4), &text(4)),
    ];
    let new = vec![
        passage(&n, para(1), &text(1)),
        passage(&n, para(2), &text(3)),
        passage(&n, para(3), &text(4)),
        passage(&n, para(4), "Further information is available online."),
    ];
    let d = diff(&old, &new);
    let c = d.counts();
    assert_eq!(
        (c.moved, c.removed, c.added, c.renumbered),
        (0, 1, 1, 2),
        "{:?}",
        shape(&d)
    );
}

#[test]
fn empty_sides() {
    let n = kcsie("2025-07-07");
    let new = numbered(&n, &[1, 2, 3]);
    assert_eq!(diff(&[], &new).counts().added, 3);
    assert_eq!(diff(&new, &[]).counts().removed, 3);
    assert!(diff(&[], &[]).changes.is_empty());
}

#[test]
fn every_passage_appears_exactly_once() {
    let (o, n) = editions();
    // A scrambled mixture: deletions, insertions, edits, duplicates, a move.
    let old = numbered(&o, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3]);
    let new = numbered(&n, &[1, 9, 2, 30, 4, 5, 6, 31, 8, 10, 3, 3]);
    let d = diff(&old, &new);
    let mut olds: Vec<String> = d
        .changes
        .iter()
        .flat_map(|c| c.olds())
        .map(|p| p.id.to_string())
        .collect();
    let mut news: Vec<String> = d
        .changes
        .iter()
        .flat_map(|c| c.news())
        .map(|p| p.id.to_string())
        .collect();
    olds.sort();
    news.sort();
    let mut want_old: Vec<String> = old.iter().map(|p| p.id.to_string()).collect();
    let mut want_new: Vec<String> = new.iter().map(|p| p.id.to_string()).collect();
    want_old.sort();
    want_new.sort();
    assert_eq!(olds, want_old);
    assert_eq!(news, want_new);
    // New-edition passages come out in document order.
    let order: Vec<&str> = d
        .changes
        .iter()
        .flat_map(|c| c.news())
        .map(|p| p.id.as_str())
        .collect();
    let expected: Vec<&str> = new.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(order, expected);
    // Text 9 jumped ahead of 2..8; of the old copies of text 3 (paras 3 and 11), para 11 keeps its place and
    // para 3, whose place is gone, becomes the new second copy at the end.
    assert_eq!(d.counts().moved, 2, "{:?}", shape(&d));
    assert_eq!(
        d.fate_of(&old[2].id).map(|c| c.kind()),
        Some(ChangeKind::Moved)
    );
}

// ---- citations ----

fn kcsie_pair() -> (Edition, Vec<Passage>, Edition, Vec<Passage>) {
    let (o, n) = editions();
    let risk = "Where a staff member's relationship with a person poses a risk, this is known as transferable risk.";
    let old = vec![
        passage(&o, para(1), &text(1)),
        passage(&o, para(2), &text(2)),
        passage(&o, para(3), "Staff should read Part one of this guidance."),
        passage(&o, para(4), risk),
        passage(&o, para(5), &text(5)),
    ];
    let new = vec![
        passage(&n, para(1), &text(1)),
        passage(&n, para(2), "Staff must read Part one of this guidance."),
        passage(&n, para(3), risk),
        passage(&n, para(4), &format!("{} transferable risk.", text(77))),
    ];
    (o, old, n, new)
}

fn check(citation: SavedCitation) -> CitationCheck {
    let (o, old, n, new) = kcsie_pair();
    check_citation(&citation, side(&o, &old), side(&n, &new))
}

#[test]
fn renumbered_citation_stands_and_says_where() {
    let c = check(
        SavedCitation::new(Some("4"), Some("this is known as transferable risk"), None).unwrap(),
    );
    assert_eq!(c.status(), CitationStatus::Stands);
    assert!(
        c.summary().contains("moved to 2025 para 3, text unchanged"),
        "{}",
        c.summary()
    );
    let Outcome::Found(f) = &c.outcome else {
        panic!()
    };
    assert_eq!(
        f[0].current().unwrap().id.as_str(),
        "kcsie/2025-07-07/para-3"
    );
}

#[test]
fn unmoved_citation_stands() {
    let c = check(SavedCitation::new(Some("para 1"), None, None).unwrap());
    assert_eq!(c.status(), CitationStatus::Stands);
    assert!(c.summary().contains("unchanged"), "{}", c.summary());
}

#[test]
fn changed_citation_gives_the_diff() {
    let c = check(SavedCitation::new(Some("3"), Some("read Part one"), None).unwrap());
    assert_eq!(c.status(), CitationStatus::Changed);
    let Outcome::Found(f) = &c.outcome else {
        panic!()
    };
    let Finding::Changed {
        words,
        quote_still_present,
        current,
        ..
    } = &f[0]
    else {
        panic!("{f:?}")
    };
    assert_eq!(
        words.inline(),
        "Staff [-should-] {+must+} read Part one of this guidance."
    );
    assert_eq!(*quote_still_present, Some(true));
    assert_eq!(current.locator.label, para(2));
}

#[test]
fn removed_citation() {
    let c = check(SavedCitation::new(Some("5"), None, None).unwrap());
    assert_eq!(c.status(), CitationStatus::Removed);
    assert!(
        c.summary()
            .starts_with("removed: 2024 para 5 has no counterpart in 2025"),
        "{}",
        c.summary()
    );
}

#[test]
fn made_up_quote_and_label_are_not_found() {
    let c = check(
        SavedCitation::new(Some("4"), Some("children may never be left alone"), None).unwrap(),
    );
    assert_eq!(c.status(), CitationStatus::NotFound);
    assert!(
        c.summary().contains("does not contain the quote"),
        "{}",
        c.summary()
    );

    let c =
        check(SavedCitation::new(None, Some("children may never be left alone"), None).unwrap());
    assert_eq!(c.outcome, Outcome::NotFound(NotFound::QuoteNotInEdition));

    let c = check(SavedCitation::new(Some("para 999"), None, None).unwrap());
    assert!(matches!(
        c.outcome,
        Outcome::NotFound(NotFound::NoSuchLabel { .. })
    ));
    assert_eq!(
        c.summary(),
        "not found: para 999 is not in Keeping children safe in education 2024"
    );
}

#[test]
fn wrong_label_points_to_where_the_quote_is() {
    let c = check(SavedCitation::new(Some("2"), Some("known as transferable risk"), None).unwrap());
    let Outcome::NotFound(NotFound::QuoteNotInLabel {
        found_elsewhere, ..
    }) = &c.outcome
    else {
        panic!("{:?}", c.outcome)
    };
    assert_eq!(found_elsewhere.len(), 1);
    assert!(c.summary().contains("(it is in para 4)"), "{}", c.summary());
}

#[test]
fn quote_alone_finds_the_passage() {
    let c =
        check(SavedCitation::new(None, Some("This is known as transferable risk."), None).unwrap());
    assert_eq!(c.status(), CitationStatus::Stands);
    let Outcome::Found(f) = &c.outcome else {
        panic!()
    };
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].cited().locator.label, para(4));
}

#[test]
fn content_hash_confirms_or_refutes() {
    let (_, old, _, _) = kcsie_pair();
    let good = old[3].content_hash().to_string();
    let c = check(SavedCitation::new(Some("4"), None, Some(&good)).unwrap());
    assert_eq!(c.status(), CitationStatus::Stands);
    let c = check(SavedCitation::new(None, None, Some(&good)).unwrap());
    assert_eq!(c.status(), CitationStatus::Stands);
    let other = old[0].content_hash().to_string();
    let c = check(SavedCitation::new(Some("4"), None, Some(&other)).unwrap());
    assert!(
        matches!(c.outcome, Outcome::NotFound(NotFound::HashMismatch { ref candidates }) if candidates.len() == 1)
    );
}

#[test]
fn citations_must_name_something_readable() {
    assert_eq!(
        SavedCitation::new(None, Some("  "), None),
        Err(CitationError::Empty)
    );
    assert!(matches!(
        SavedCitation::new(Some("banana 3"), None, None),
        Err(CitationError::BadLabel(_))
    ));
    assert!(matches!(
        SavedCitation::new(Some("para"), None, None),
        Err(CitationError::BadLabel(_))
    ));
    assert!(matches!(
        SavedCitation::new(None, None, Some("sha256:abc")),
        Err(CitationError::BadHash(_))
    ));
}

#[test]
fn label_references_match_their_labels() {
    use pinpoint_model::ProvisionKind;
    let s = |n: &str| provision(ProvisionKind::Section, n);
    let reg = |n: &str| provision(ProvisionKind::Regulation, n);
    let r = |x: &str| LabelRef::parse(x).unwrap();
    assert!(r("s. 16E(1)").names(&s("16E(1)")));
    assert!(r("section 16e(1)").names(&s("16E(1)")));
    assert!(r("16E(1)").names(&s("16E(1)")));
    assert!(!r("reg 16E(1)").names(&s("16E(1)")));
    assert!(r("reg 32").contains(&reg("32(3)")));
    assert!(!r("reg 3").contains(&reg("32(3)")));
    assert!(r("363").names(&para(363)));
    assert!(r("para 363.").names(&para(363)));
    assert!(r("¶ 3.22").names(&Label::Paragraph("3.22".into())));
    assert!(!r("3").names(&Label::Paragraph("3.22".into())));
    assert!(r("fn 12").names(&Label::Footnote("12".into())));
    assert!(!r("12").names(&Label::Footnote("12".into())));
    assert!(r("Sch. 2 para 3").names(&provision(ProvisionKind::Schedule, "2 para 3")));
}

#[test]
fn whole_section_citation_covers_its_subsections() {
    use pinpoint_model::ProvisionKind;
    let (o, n) = editions();
    let reg =
        |e: &Edition, num: &str, t: &str| passage(e, provision(ProvisionKind::Regulation, num), t);
    let old = vec![
        reg(&o, "32(1)", &text(1)),
        reg(&o, "32(2)", &text(2)),
        reg(&o, "33", &text(3)),
    ];
    let new = vec![reg(&n, "32(1)", &text(1)), reg(&n, "33", &text(3))];
    let c = check_citation(
        &SavedCitation::new(Some("reg 32"), None, None).unwrap(),
        side(&o, &old),
        side(&n, &new),
    );
    let Outcome::Found(f) = &c.outcome else {
        panic!()
    };
    assert_eq!(f.len(), 2);
    // One subsection stands, one went: the citation as a whole has changed.
    assert_eq!(c.status(), CitationStatus::Changed);
}

#[test]
fn editions_resolve_by_unambiguous_prefix() {
    let ids: Vec<pinpoint_model::EditionId> = ["2024-09-02", "2025-07-07", "2025-09-01"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(
        resolve_edition("2024", ids.clone()).unwrap().to_string(),
        "2024-09-02"
    );
    assert_eq!(
        resolve_edition("2025-07", ids.clone()).unwrap().to_string(),
        "2025-07-07"
    );
    assert_eq!(
        resolve_edition("2025-09-01", ids.clone())
            .unwrap()
            .to_string(),
        "2025-09-01"
    );
    assert!(matches!(
        resolve_edition("2025", ids.clone()),
        Err(EditionNameError::Ambiguous { .. })
    ));
    let e = resolve_edition("2023", ids).unwrap_err();
    assert!(
        e.to_string().contains("2024-09-02, 2025-07-07, 2025-09-01"),
        "{e}"
    );
}
