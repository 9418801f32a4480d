//! Passages cut from the real corpus (`../shared/corpus/raw`, beside the repository).

use std::path::PathBuf;

use pinpoint_model::{fixtures, DocKind, Edition, Label, Passage, Position, ProvisionKind};
use pinpoint_passages::{from_pdf, Layout};

fn corpus(file: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/raw"
    ))
    .join(file)
}

fn cut(file: &str, doc: &str, kind: DocKind, layout: Layout) -> Vec<Passage> {
    let pdf = pinpoint_pdf::extract_file(&corpus(file), &Default::default()).expect("extracts");
    let edition = Edition {
        source: file.into(),
        ..fixtures::edition(doc, "2024-09-02", kind)
    };
    from_pdf(&edition, &pdf, layout).passages
}

fn pages(p: &Passage) -> (u32, u32, Option<String>) {
    match &p.locator.position {
        Position::Pages(s) => (s.start(), s.end(), s.label().map(str::to_owned)),
        Position::Anchor(_) => panic!("a PDF passage has pages"),
    }
}

fn numbered(passages: &[Passage]) -> Vec<u32> {
    passages
        .iter()
        .filter_map(|p| match &p.locator.label {
            Label::Paragraph(n) => n.parse().ok(),
            _ => None,
        })
        .collect()
}

/// Every numbered paragraph from 1 to the last is exactly one passage, in order.
fn assert_contiguous(file: &str, numbers: &[u32]) {
    let last = *numbers.iter().max().expect("numbered paragraphs");
    let expected: Vec<u32> = (1..=last).collect();
    if numbers != expected {
        let missing: Vec<u32> = expected
            .iter()
            .copied()
            .filter(|n| !numbers.contains(n))
            .collect();
        panic!(
            "{file}: paragraphs not 1..={last} exactly once; missing {missing:?}, got {} labels",
            numbers.len()
        );
    }
}

#[test]
fn kcsie_2024_every_paragraph_once() {
    let passages = cut(
        "kcsie-2024.pdf",
        "kcsie",
        DocKind::StatutoryGuidance,
        Layout::Guidance,
    );
    let numbers = numbered(&passages);
    assert_contiguous("kcsie-2024.pdf", &numbers);
    assert!(numbers.len() > 500, "{} paragraphs", numbers.len());
}

#[test]
fn kcsie_2025_every_paragraph_once() {
    let passages = cut(
        "kcsie-2025-july-for-information.pdf",
        "kcsie",
        DocKind::StatutoryGuidance,
        Layout::Guidance,
    );
    assert_contiguous("kcsie-2025-july-for-information.pdf", &numbered(&passages));
}

#[test]
fn kcsie_2024_para_362_spans_pages_92_93() {
    let passages = cut(
        "kcsie-2024.pdf",
        "kcsie",
        DocKind::StatutoryGuidance,
        Layout::Guidance,
    );
    let find = |n: &str| {
        passages
            .iter()
            .find(|p| p.locator.label == Label::Paragraph(n.into()))
            .unwrap()
    };
    let p362 = find("362");
    assert_eq!(pages(p362), (92, 93, Some("92".into())));
    assert!(
        !p362.text.contains("harm test is explained"),
        "footnote 128 leaked into para 362"
    );
    assert!(p362.text.contains("suitable to work with children"));
    // The reference to footnote 128 stays where it is printed, as a superscript against its word.
    assert!(p362.text.contains("¹²⁸"), "{}", p362.text);
    assert!(!p362.text.contains("128"), "{}", p362.text);
    let p363 = find("363");
    assert_eq!(pages(p363), (93, 93, Some("93".into())));
    assert!(p363.text.contains("this is known as transferable risk"));
    let heading = p363.locator.heading.to_string();
    assert!(
        heading.contains("Part four") && heading.contains("Section one"),
        "{heading}"
    );
    let note = passages
        .iter()
        .find(|p| p.locator.label == Label::Footnote("128".into()))
        .expect("footnote 128");
    assert!(note.text.contains("harm test"));
    assert_eq!(pages(note).0, 92);
}

#[test]
fn children_act_2004_section_16e_subsections() {
    let passages = cut(
        "ukpga-2004-31-children-act-2004.pdf",
        "children-act-2004",
        DocKind::Legislation,
        Layout::Legislation(ProvisionKind::Section),
    );
    let s16e1 = passages
        .iter()
        .find(|p| p.locator.label.cited().as_deref() == Some("s. 16E(1)"))
        .expect("s. 16E(1)");
    assert!(
        s16e1.text.to_lowercase().contains("safeguarding partners"),
        "{}",
        s16e1.text
    );
    assert!(!passages
        .iter()
        .any(|p| p.text.contains("Changes to legislation:")));
}

#[test]
fn childrens_homes_regulations_reg_32() {
    let passages = cut(
        "uksi-2015-541-childrens-homes-england-regulations-2015.pdf",
        "childrens-homes-regulations-2015",
        DocKind::Legislation,
        Layout::Legislation(ProvisionKind::Regulation),
    );
    let labels: Vec<String> = passages
        .iter()
        .filter_map(|p| p.locator.label.cited())
        .collect();
    for want in ["reg. 32(1)", "reg. 32(3)", "reg. 25(1)"] {
        assert!(
            labels.iter().any(|l| l == want),
            "{want} missing; labels: {:?}",
            &labels[..labels.len().min(80)]
        );
    }
}

#[test]
fn childrens_homes_regulations_explanatory_note_is_not_part_of_the_last_provision() {
    // The note after the last provision summarises every regulation ("Regulation 16 requires…"); glued onto the
    // last one, it made that provision the best match for almost any question about children's homes.
    let passages = cut(
        "uksi-2015-541-childrens-homes-england-regulations-2015.pdf",
        "childrens-homes-regulations-2015",
        DocKind::Legislation,
        Layout::Legislation(ProvisionKind::Regulation),
    );
    let in_note = |p: &&Passage| {
        p.locator
            .heading
            .as_slice()
            .iter()
            .any(|h| h == "Explanatory note")
    };
    for p in passages.iter().filter(|p| !in_note(p)) {
        assert!(
            !p.text.contains("This note is not part of the Regulations"),
            "{:?} holds the explanatory note",
            p.locator.label
        );
    }
    let note: Vec<&Passage> = passages.iter().filter(in_note).collect();
    assert!(
        note.iter()
            .any(|p| p.text.contains("These Regulations revoke and replace")),
        "the note's text is its own passage"
    );
    assert!(note
        .iter()
        .all(|p| matches!(p.locator.label, Label::Unnumbered(_))));
    assert!(note.iter().all(|p| p.text.split_whitespace().count() < 400));
}

#[test]
fn eyfs_sectioned_numbering_after_plain_introduction() {
    // EYFS 2025 (group and school-based) numbers its introduction 1–5, then every section 1.1, 1.2, …, 3.22, ….
    let passages = cut(
        "eyfs-statutory-framework-group-school-based-providers.pdf",
        "eyfs-group",
        DocKind::StatutoryGuidance,
        Layout::Guidance,
    );
    let labelled: Vec<String> = passages
        .iter()
        .filter_map(|p| match &p.locator.label {
            Label::Paragraph(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    for n in ["5", "1.1", "2.1", "3.1", "3.22", "3.102"] {
        assert!(
            labelled.iter().any(|l| l == n),
            "para {n} missing: {labelled:?}"
        );
    }
    let p = passages
        .iter()
        .find(|p| p.locator.label == Label::Paragraph("3.22".into()))
        .unwrap();
    assert!(
        p.text
            .starts_with("A provider or a practitioner may be disqualified"),
        "{}",
        p.text
    );
    assert_eq!(pages(p).0, 27);
}

#[test]
fn eyfs_footnotes_that_run_over_a_page_break_stay_footnotes() {
    // Footnote 23 (p. 26) ends at the foot of p. 27 and footnote 42 (p. 33) at the foot of p. 34, in small type
    // with no number of their own: they are the footnotes' text, not the end of paras 3.26 and 3.55.
    let passages = cut(
        "eyfs-statutory-framework-group-school-based-providers.pdf",
        "eyfs-group",
        DocKind::StatutoryGuidance,
        Layout::Guidance,
    );
    let find = |label: Label| {
        passages
            .iter()
            .find(|p| p.locator.label == label)
            .unwrap_or_else(|| panic!("{label:?} missing"))
    };
    let p326 = find(Label::Paragraph("3.26".into()));
    assert!(
        p326.text.ends_with(
            "the provider must take appropriate action to ensure the safety of children."
        ),
        "{}",
        p326.text
    );
    let p355 = find(Label::Paragraph("3.55".into()));
    assert!(
        p355.text
            .ends_with("must meet the relevant ratio requirements for their provision."),
        "{}",
        p355.text
    );
    let fn23 = find(Label::Footnote("23".into()));
    assert!(
        fn23.text
            .ends_with("(a) harm a child or vulnerable adult, (b) cause a child or vulnerable adult to be harmed, (c) put a child or vulnerable adult at risk of harm, (d) attempt to harm a child or vulnerable adult, or (e) incite another to harm a child or vulnerable adult."),
        "{}",
        fn23.text
    );
    assert_eq!(pages(fn23), (26, 27, Some("26".into())));
    let fn42 = find(Label::Footnote("42".into()));
    assert!(
        fn42.text
            .contains("a 1:13 ratio where a person with a suitable level 6 qualification"),
        "{}",
        fn42.text
    );
    assert_eq!(pages(fn42).0, 33);
    for p in &passages {
        if !matches!(p.locator.label, Label::Footnote(_)) {
            assert!(
                !p.text.contains("vulnerable adult, (b) cause a child"),
                "{:?}",
                p.locator.label
            );
        }
    }
}

/// KCSIE's Annex A numbers its own paragraphs from 1 (indented, after the main text's 560-odd), and Annex B
/// opens on a page that lists its contents below its introduction.
fn assert_kcsie_annexes(file: &str, annex_a_para_4_page: u32) {
    let passages = cut(file, "kcsie", DocKind::StatutoryGuidance, Layout::Guidance);
    let find = |n: &str| {
        passages
            .iter()
            .find(|p| p.locator.label == Label::Paragraph(n.into()))
            .unwrap_or_else(|| panic!("{file}: para {n} missing"))
    };
    for n in 1..=23 {
        let p = find(&format!("{n}~2"));
        assert_eq!(
            p.locator.restarted_in().as_deref(),
            Some("Annex A"),
            "{file}: para {n}~2"
        );
    }
    let p4 = find("4~2");
    assert!(
        p4.text.starts_with("Knowing what to look for is vital")
            && !p4.text.contains("If staff are unsure"),
        "{file}: {}",
        p4.text
    );
    assert_eq!(pages(p4).0, annex_a_para_4_page);
    assert!(find("5~2").text.starts_with("If staff are unsure"));
    let top = |p: &Passage| {
        p.locator
            .heading
            .as_slice()
            .first()
            .cloned()
            .unwrap_or_default()
    };
    let intro = passages
        .iter()
        .find(|p| {
            p.text
                .starts_with("Annex B contains important additional information about specific forms of abuse and")
        })
        .unwrap_or_else(|| panic!("{file}: Annex B's introduction missing"));
    assert_eq!(top(intro), "Annex B: Further information");
    let abduction = passages
        .iter()
        .find(|p| {
            p.text
                .starts_with("Child abduction is the unauthorised removal")
        })
        .unwrap();
    assert_eq!(
        abduction.locator.heading.as_slice(),
        [
            "Annex B: Further information",
            "Child abduction and community safety incidents"
        ],
        "{file}"
    );
    let in_annex_b = passages
        .iter()
        .filter(|p| top(p) == "Annex B: Further information")
        .count();
    assert!(in_annex_b >= 50, "{file}: {in_annex_b} passages in Annex B");
    // Nothing after Annex B's first page is under Annex A.
    let annex_b_page = pages(intro).0;
    assert!(
        !passages
            .iter()
            .any(|p| top(p).starts_with("Annex A") && pages(p).0 >= annex_b_page),
        "{file}: Annex B's text under Annex A"
    );
}

#[test]
fn kcsie_2025_annex_a_paragraphs_and_annex_b_heading() {
    assert_kcsie_annexes("kcsie-2025-july-for-information.pdf", 145);
}

#[test]
fn kcsie_2024_annex_a_paragraphs_and_annex_b_heading() {
    assert_kcsie_annexes("kcsie-2024.pdf", 144);
}
