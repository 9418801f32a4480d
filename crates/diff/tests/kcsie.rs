//! KCSIE 2024 → 2025 from the real corpus (`../shared/corpus/raw`, beside the repository), cut into passages the
//! way ingest cuts them.

use std::path::PathBuf;
use std::sync::OnceLock;

use pinpoint_diff::*;
use pinpoint_model::{fixtures, Edition, Label, Passage, Position};

fn corpus(file: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/raw"
    ))
    .join(file)
}

struct Kcsie {
    old: Edition,
    old_passages: Vec<Passage>,
    new: Edition,
    new_passages: Vec<Passage>,
}

impl Kcsie {
    fn old_text(&self) -> EditionText<'_> {
        EditionText {
            edition: &self.old,
            passages: &self.old_passages,
        }
    }

    fn new_text(&self) -> EditionText<'_> {
        EditionText {
            edition: &self.new,
            passages: &self.new_passages,
        }
    }
}

fn cut(e: &Edition) -> Vec<Passage> {
    let pdf =
        pinpoint_pdf::extract_file(&corpus(&e.source), &Default::default()).expect("extracts");
    pinpoint_passages::from_pdf(e, &pdf, pinpoint_passages::Layout::Guidance).passages
}

fn kcsie() -> &'static Kcsie {
    static K: OnceLock<Kcsie> = OnceLock::new();
    K.get_or_init(|| {
        let old = fixtures::kcsie("2024-09-02");
        // Published in July 2025 "for information", in force from September.
        let new = Edition {
            in_force_from: fixtures::date("2025-09-01"),
            source: "kcsie-2025-july-for-information.pdf".into(),
            ..fixtures::kcsie("2025-07-07")
        };
        Kcsie {
            old_passages: cut(&old),
            new_passages: cut(&new),
            old,
            new,
        }
    })
}

fn diff() -> &'static EditionDiff {
    static D: OnceLock<EditionDiff> = OnceLock::new();
    D.get_or_init(|| {
        let k = kcsie();
        diff_editions(k.old_text(), k.new_text())
    })
}

fn para(n: u32) -> Label {
    Label::Paragraph(n.to_string())
}

fn page_label(p: &Passage) -> Option<&str> {
    match &p.locator.position {
        Position::Pages(span) => span.label(),
        Position::Anchor(_) => None,
    }
}

/// A change that altered text (not unchanged, renumbered or moved as is).
fn alters(c: &Change) -> bool {
    matches!(
        c.kind(),
        ChangeKind::Changed
            | ChangeKind::Merged
            | ChangeKind::Split
            | ChangeKind::Added
            | ChangeKind::Removed
    ) || c.words().is_some()
}

#[test]
fn kcsie_2024_para_363_is_2025_para_360_renumbered_unchanged() {
    let d = diff();
    let id = pinpoint_model::PassageId::from_stored("kcsie/2024-09-02/para-363".into());
    let Some(Change::Renumbered(pair)) = d.fate_of(&id) else {
        panic!("para 363: {:?}", d.fate_of(&id).map(Change::kind));
    };
    assert_eq!(pair.new.locator.label, para(360));
    assert_eq!(pair.new.id.as_str(), "kcsie/2025-07-07/para-360");
    assert!(pair.old.text.contains("transferable risk"));
    assert_eq!(pair.old.content_hash(), pair.new.content_hash());
    println!("counts: {:?}", d.counts());
}

/// KCSIE 2025's own list of what changed: "Annex F: Table of changes from KCSIE September 2024 version" (2025
/// PDF, printed pages 184–186), paragraph numbers as the annex gives them (2025 numbering). Every item must show
/// up as a change of text at that paragraph.
const ANNEX_F_PARAGRAPHS: &[(u32, &str)] = &[
    (135, "updated to clarify misinformation, disinformation and conspiracy theories are safeguarding harms"),
    (142, "link added to the plan technology for your school service"),
    (143, "link added to DfE guidance on the use of generative AI in education"),
    (144, "wording amended in the cybersecurity standards for schools and colleges advice"),
    (169, "information added that clarifies and reflects existing AP Guidance"),
    (170, "information added that clarifies and reflects existing AP Guidance"),
    (177, "updated to clarify 'working together to safeguard attendance' is now statutory guidance"),
    (199, "role of the virtual head extended to children in kinship care"),
    (205, "removal of 'spectrum' and 'disorder' to align with SEND code of practice"),
    (260, "reference to TRA's Employer Access Service removed and replaced with new link to GOV.UK page"),
    (266, "references to TRA's Employer Access Service removed and replaced with new link to GOV.UK page"),
    (319, "reference to Employer Secure Access removed and replaced with link to GOV.UK for S128 checks"),
    (331, "information added that clarifies and reflects existing AP Guidance"),
    (422, "amended to correct the title of the Information Commissioner's employment practice guidance"),
    (545, "link added to the Lucy Faithfull Foundation's 'Shore Space'"),
];

#[test]
fn every_paragraph_annex_f_lists_is_changed() {
    let d = diff();
    let mut missing = Vec::new();
    for (n, what) in ANNEX_F_PARAGRAPHS {
        let found = d
            .changes
            .iter()
            .any(|c| alters(c) && c.news().iter().any(|p| p.locator.label == para(*n)));
        if !found {
            let fate = d
                .changes
                .iter()
                .find(|c| c.news().iter().any(|p| p.locator.label == para(*n)))
                .map(Change::kind);
            missing.push(format!("para {n} ({what}): {fate:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "Annex F items not in the diff: {missing:#?}"
    );
}

/// Annex F's notes "we expect to publish revised guidance … this summer" at para 128 (page 36) and para 204 (page
/// 56) are printed as separate, unnumbered notes next to those paragraphs: each is an added passage on that page.
#[test]
fn annex_f_notes_at_paras_128_and_204_are_added() {
    let d = diff();
    for (page, words) in [
        (
            "36",
            "revised guidance on Relationships, Sex, and Health Education",
        ),
        ("56", "revised guidance on gender questioning children"),
    ] {
        let added = d.changes.iter().any(|c| {
            c.kind() == ChangeKind::Added
                && c.news()
                    .iter()
                    .any(|p| page_label(p) == Some(page) && p.text.contains(words))
        });
        assert!(added, "no added note on p. {page} about {words:?}");
    }
    // The 2024 note it replaces ("This section remains under review, pending … gender questioning …") went.
    assert!(d.changes.iter().any(|c| c.kind() == ChangeKind::Removed
        && c.olds().iter().any(|p| p
            .text
            .contains("remains under review, pending the outcome of the gender questioning"))));
}

/// Annex F, "Annexes A, B, C, D and E": "Header removed" (Annex B, page 157), "Link added to the CSA Centre's
/// Resources for education settings" (page 163), "Link added to the Preventing Child Sexual Exploitation | The
/// Children's Society" (page 164).
#[test]
fn annex_f_annex_b_items_are_changed() {
    let d = diff();
    let on_page = |page: &str, heading: &str| -> Vec<&Change> {
        d.changes
            .iter()
            .filter(|c| alters(c))
            .filter(|c| {
                c.news().iter().any(|p| {
                    page_label(p) == Some(page) && p.locator.heading.last() == Some(heading)
                })
            })
            .collect()
    };
    let deleted = |c: &&Change| {
        c.words().is_some_and(|w| {
            w.runs()
                .iter()
                .any(|r| r.op == RunOp::Delete && r.text.starts_with("Note:"))
        })
    };
    assert!(
        on_page("157", "Preventing radicalisation")
            .iter()
            .any(deleted),
        "p. 157: header note not removed"
    );
    let inserted = |c: &&Change, words: &str| {
        c.words().is_some_and(|w| {
            w.runs()
                .iter()
                .any(|r| r.op == RunOp::Insert && r.text.contains(words))
        })
    };
    assert!(
        on_page("163", "Abuse").iter().any(|c| {
            c.news()[0]
                .text
                .contains("Centre of Expertise on Child Sexual Abuse")
                && inserted(c, "education")
        }),
        "p. 163: CSA Centre resources change missing"
    );
    assert!(
        on_page("164", "Child exploitation")
            .iter()
            .any(|c| inserted(c, "Preventing Child Sexual Exploitation")),
        "p. 164: Children's Society link missing"
    );
}

/// 2024 paras 143–146 (filtering and monitoring) are one paragraph, 143, in 2025: the four are one merge, and a
/// citation to 2024 para 145 is "changed", not "removed".
#[test]
fn kcsie_2024_paras_143_to_146_merge_into_2025_para_143() {
    let d = diff();
    let id = pinpoint_model::PassageId::from_stored("kcsie/2024-09-02/para-145".into());
    let Some(Change::Merged { old, new, .. }) = d.fate_of(&id) else {
        panic!("{:?}", d.fate_of(&id).map(Change::kind));
    };
    let labels: Vec<&Label> = old.iter().map(|p| &p.locator.label).collect();
    assert_eq!(labels, [&para(143), &para(144), &para(145), &para(146)]);
    assert_eq!(new.locator.label, para(143));
    let k = kcsie();
    let check = check_against(
        &SavedCitation::new(Some("145"), Some("South West Grid for Learning"), None).unwrap(),
        &k.old_passages,
        d,
    );
    assert_eq!(
        check.status(),
        CitationStatus::Changed,
        "{}",
        check.summary()
    );
    let Outcome::Found(f) = &check.outcome else {
        panic!()
    };
    assert!(
        matches!(
            f[0],
            Finding::Changed {
                quote_still_present: Some(true),
                ..
            }
        ),
        "{}",
        check.summary()
    );
}

#[test]
fn every_passage_of_both_editions_is_accounted_for_once() {
    let (d, k) = (diff(), kcsie());
    let mut olds: Vec<&str> = d
        .changes
        .iter()
        .flat_map(|c| c.olds())
        .map(|p| p.id.as_str())
        .collect();
    let mut news: Vec<&str> = d
        .changes
        .iter()
        .flat_map(|c| c.news())
        .map(|p| p.id.as_str())
        .collect();
    olds.sort_unstable();
    news.sort_unstable();
    let mut want_old: Vec<&str> = k.old_passages.iter().map(|p| p.id.as_str()).collect();
    let mut want_new: Vec<&str> = k.new_passages.iter().map(|p| p.id.as_str()).collect();
    want_old.sort_unstable();
    want_new.sort_unstable();
    assert_eq!(olds, want_old);
    assert_eq!(news, want_new);
}

fn check(label: Option<&str>, quote: Option<&str>) -> CitationCheck {
    let k = kcsie();
    check_citation(
        &SavedCitation::new(label, quote, None).unwrap(),
        k.old_text(),
        k.new_text(),
    )
}

#[test]
fn saved_citation_to_2024_para_363_moved_to_2025_para_360_unchanged() {
    let c = check(Some("363"), Some("this is known as transferable risk"));
    assert_eq!(c.status(), CitationStatus::Stands);
    let summary = c.summary();
    assert!(
        summary.contains("moved to 2025 para 360, text unchanged"),
        "{summary}"
    );
    assert!(
        summary.contains("Keeping children safe in education 2025, para 360, p. 94"),
        "{summary}"
    );
    // The quote alone finds the same passage.
    let q = check(None, Some("This is known as transferable risk."));
    assert_eq!(q.summary(), summary);
}

#[test]
fn made_up_quote_is_not_found() {
    let c = check(
        Some("363"),
        Some("staff must end every friendship with a convicted person"),
    );
    assert_eq!(c.status(), CitationStatus::NotFound);
    assert!(
        c.summary().contains(
            "para 363 of Keeping children safe in education 2024 does not contain the quote"
        ),
        "{}",
        c.summary()
    );
    let c = check(
        None,
        Some("staff must end every friendship with a convicted person"),
    );
    assert_eq!(c.outcome, Outcome::NotFound(NotFound::QuoteNotInEdition));
    let c = check(Some("para 2000"), None);
    assert!(matches!(
        c.outcome,
        Outcome::NotFound(NotFound::NoSuchLabel { .. })
    ));
}

#[test]
fn changed_paragraph_citation_shows_the_word_diff() {
    // Annex F: "Para 266 - references to TRA's Employer Access Service removed and replaced"; 2024 numbering 267.
    let c = check(Some("267"), Some("Employer Access service"));
    assert_eq!(c.status(), CitationStatus::Changed, "{}", c.summary());
    let Outcome::Found(f) = &c.outcome else {
        panic!()
    };
    let Finding::Changed {
        current,
        words,
        quote_still_present,
        ..
    } = &f[0]
    else {
        panic!()
    };
    assert_eq!(current.locator.label, para(266));
    assert_eq!(*quote_still_present, Some(false));
    assert!(
        words
            .inline()
            .contains("[-TRA’s Employer Access service-] {+DfE’s Check a teacher’s record+}"),
        "{}",
        words.inline()
    );
}

#[test]
fn a_quoted_sentence_moved_to_another_paragraph_is_found_there() {
    // 2024 para 172's first sentence opens the new 2025 para 169, while para 172 itself became 171 with other
    // words: the citation check said "the quoted words are gone" (second user audit).
    let c = check(
        Some("172"),
        Some("The cohort of pupils in Alternative Provision often have complex needs"),
    );
    let Outcome::Found(f) = &c.outcome else {
        panic!("{}", c.summary())
    };
    let Finding::Changed {
        quote_still_present,
        quote_now_in,
        ..
    } = &f[0]
    else {
        panic!("{}", c.summary())
    };
    assert_eq!(*quote_still_present, Some(false), "{}", c.summary());
    let at: Vec<&Label> = quote_now_in.iter().map(|p| &p.locator.label).collect();
    assert_eq!(at, [&para(169)], "{}", c.summary());
    assert!(
        c.summary()
            .contains("the quoted words are not there but in 2025 para 169"),
        "{}",
        c.summary()
    );
}
