use std::fs;

use pinpoint_model::fixtures::{edition, locator, pages, provision};
use pinpoint_model::{DocKind, Edition, Label, Passage, PassageId, Position, ProvisionKind};

use super::*;

/// Every position and label variant, to check exact round trips.
fn sample(e: &Edition) -> Vec<Passage> {
    vec![
        Passage::new(
            e,
            locator(
                pages(93, 93, Some("93")),
                Label::Paragraph("363".into()),
                &["Part four", "Allegations"],
            ),
            "Allegations against staff must be referred to the designated officer.".into(),
        ),
        Passage::new(
            e,
            locator(
                pages(10, 12, None),
                provision(ProvisionKind::Section, "16E(1)"),
                &["Part 2"],
            ),
            "A local authority must make arrangements for safeguarding partners.".into(),
        ),
        Passage::new(
            e,
            locator(
                Position::Anchor(Some("notice".into())),
                provision(ProvisionKind::Schedule, "2 para 3"),
                &[],
            ),
            "Online safety includes filtering and monitoring systems.".into(),
        ),
        Passage::new(
            e,
            locator(
                Position::Anchor(None),
                Label::Footnote("128".into()),
                &["Notes"],
            ),
            "See the children’s social care guidance.".into(),
        ),
        Passage::new(
            e,
            locator(pages(4, 4, Some("iv")), Label::Unnumbered(1), &["Summary"]),
            "Regulation applies to registered early years providers.".into(),
        ),
        Passage::new(
            e,
            locator(
                pages(5, 5, None),
                provision(ProvisionKind::Regulation, "32"),
                &[],
            ),
            "Disqualification by association no longer applies in schools.".into(),
        ),
        Passage::new(
            e,
            locator(
                pages(6, 6, None),
                provision(ProvisionKind::Article, "5"),
                &[],
            ),
            "Article text about rights.".into(),
        ),
    ]
}

fn term(word: &str) -> Clause {
    Clause::Term {
        word: word.into(),
        weight: 1.0,
    }
}

fn plan(clauses: Vec<Clause>) -> QueryPlan {
    QueryPlan {
        clauses,
        boosts: FieldBoosts::default(),
    }
}

fn build(root: &std::path::Path, eds: &[(Edition, Vec<Passage>)]) -> SnapshotInfo {
    let mut b = SnapshotBuilder::create(root).unwrap();
    for (e, ps) in eds {
        b.add_edition(e, ps).unwrap();
    }
    b.commit().unwrap()
}

#[test]
fn missing_index_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Index::open(dir.path()),
        Err(Error::NoIndex { .. })
    ));
}

#[test]
fn builds_searches_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    // Every field of the edition comes back, its note included.
    let e = Edition {
        note: Some("The July 'for information' version.".into()),
        ..edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance)
    };
    let ps = sample(&e);
    let info = build(dir.path(), &[(e.clone(), ps.clone())]);
    assert_eq!(info.passages, ps.len() as u64);
    assert_eq!(
        fs::read_to_string(dir.path().join("CURRENT"))
            .unwrap()
            .trim(),
        info.name
    );

    let index = Index::open(dir.path()).unwrap();
    assert_eq!(
        index.editions(),
        vec![EditionStats {
            edition: e.clone(),
            passages: ps.len() as u64
        }]
    );
    // Stemming: "allegation" meets "Allegations"; "referring" meets "referred".
    let hits = index
        .search(
            &plan(vec![term("allegation"), term("referring")]),
            &Filter::default(),
            10,
        )
        .unwrap();
    assert_eq!(hits[0].passage, ps[0]);
    assert_eq!(hits[0].edition, e);
    assert!(hits[0].score > 0.0);
    // Curly apostrophes tokenise like straight ones.
    let hits = index
        .search(&plan(vec![term("children's")]), &Filter::default(), 10)
        .unwrap();
    assert_eq!(hits[0].passage.id, ps[3].id);
    drop(index);

    let again = Index::open(dir.path()).unwrap();
    assert_eq!(again.info().name, info.name);
    assert_eq!(again.info().passages, ps.len() as u64);
}

#[test]
fn every_locator_and_id_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let ps = sample(&e);
    build(dir.path(), &[(e.clone(), ps.clone())]);
    let index = Index::open(dir.path()).unwrap();
    for (i, p) in ps.iter().enumerate() {
        let stored = index.passage(&p.id).unwrap().expect("stored");
        assert_eq!(stored.passage, *p);
        assert_eq!(stored.edition, e);
        assert_eq!(stored.ordinal, i as u64);
    }
    assert!(index
        .passage(&PassageId::from_stored("kcsie/2024-09-02/para-999".into()))
        .unwrap()
        .is_none());
    let all: Vec<Passage> = index
        .passages_of(&e.doc, e.id)
        .unwrap()
        .into_iter()
        .map(|s| s.passage)
        .collect();
    assert_eq!(all, ps);
}

#[test]
fn neighbours_follow_document_order() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let ps = sample(&e);
    build(dir.path(), &[(e, ps.clone())]);
    let index = Index::open(dir.path()).unwrap();
    let n: Vec<_> = index
        .neighbours(&ps[2].id, 1, 2)
        .unwrap()
        .into_iter()
        .map(|s| s.passage.id)
        .collect();
    assert_eq!(
        n,
        vec![
            ps[1].id.clone(),
            ps[2].id.clone(),
            ps[3].id.clone(),
            ps[4].id.clone()
        ]
    );
    let first: Vec<_> = index
        .neighbours(&ps[0].id, 3, 0)
        .unwrap()
        .into_iter()
        .map(|s| s.passage.id)
        .collect();
    assert_eq!(first, vec![ps[0].id.clone()]);
}

#[test]
fn phrases_labels_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let old = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let new = edition("kcsie", "2025-09-01", DocKind::StatutoryGuidance);
    let local = edition("local-proc", "2023-01-01", DocKind::LocalProcedure);
    build(
        dir.path(),
        &[
            (old.clone(), sample(&old)),
            (new.clone(), sample(&new)),
            (local.clone(), sample(&local)),
        ],
    );
    let index = Index::open(dir.path()).unwrap();

    let phrase = Clause::Phrase {
        words: vec!["filtering".into(), "monitoring".into()],
        slop: 1,
        weight: 1.0,
    };
    let hits = index
        .search(&plan(vec![phrase]), &Filter::default(), 10)
        .unwrap();
    assert_eq!(hits.len(), 3);
    let exact = Clause::Phrase {
        words: vec!["filtering".into(), "monitoring".into()],
        slop: 0,
        weight: 1.0,
    };
    assert!(index
        .search(&plan(vec![exact]), &Filter::default(), 10)
        .unwrap()
        .is_empty());

    let label = |kind, number: &str| Clause::Label {
        label: LabelRef {
            kind,
            number: number.into(),
        },
        weight: 5.0,
    };
    let only_new = Filter {
        editions: Some(vec![(new.doc.clone(), new.id)]),
        ..Filter::default()
    };
    let hits = index.search(
        &plan(vec![label(
            LabelKind::Provision(ProvisionKind::Section),
            "16e",
        )]),
        &only_new,
        10,
    );
    let hits = hits.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].passage.id.as_str(), "kcsie/2025-09-01/s-16E-1");
    assert_eq!(hits[0].score, 5.0);
    let para = index
        .search(
            &plan(vec![label(LabelKind::Paragraph, "363")]),
            &only_new,
            10,
        )
        .unwrap();
    assert_eq!(para[0].passage.id.as_str(), "kcsie/2025-09-01/para-363");
    let sched = index.search(
        &plan(vec![label(
            LabelKind::Provision(ProvisionKind::Schedule),
            "2",
        )]),
        &only_new,
        10,
    );
    assert_eq!(sched.unwrap().len(), 1);

    let kinds = Filter {
        kinds: Some(vec![DocKind::LocalProcedure]),
        ..Filter::default()
    };
    let hits = index
        .search(&plan(vec![term("safety")]), &kinds, 10)
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].edition.doc, local.doc);
    let docs = Filter {
        docs: Some(vec![old.doc.clone()]),
        ..Filter::default()
    };
    assert_eq!(
        index
            .search(&plan(vec![term("safety")]), &docs, 10)
            .unwrap()
            .len(),
        2
    );
    let nothing = Filter {
        docs: Some(vec![]),
        ..Filter::default()
    };
    assert!(index
        .search(&plan(vec![term("safety")]), &nothing, 10)
        .unwrap()
        .is_empty());
    // Stop-word-only or empty plans match nothing rather than everything.
    assert!(index
        .search(&plan(vec![]), &Filter::default(), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn dropped_builder_leaves_current_on_old_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let first = build(dir.path(), &[(e.clone(), sample(&e))]);
    {
        let mut b = SnapshotBuilder::create(dir.path()).unwrap();
        let e2 = edition("other", "2025-01-01", DocKind::Guidance);
        b.add_edition(&e2, &sample(&e2)).unwrap();
        // dropped without commit
    }
    let index = Index::open(dir.path()).unwrap();
    assert_eq!(index.info().name, first.name);
    assert_eq!(index.editions().len(), 1);
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("snapshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn crash_leftovers_are_cleaned_and_old_snapshots_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let first = build(dir.path(), &[(e.clone(), sample(&e))]);
    let crashed = dir.path().join("snapshots/.building-x");
    fs::create_dir_all(crashed.join("sub")).unwrap();
    fs::write(crashed.join("sub/file"), b"half").unwrap();

    let second = build(dir.path(), &[(e.clone(), sample(&e))]);
    assert!(!crashed.exists());
    let third = build(dir.path(), &[(e.clone(), sample(&e))]);
    let mut names: Vec<_> = fs::read_dir(dir.path().join("snapshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec![second.name.clone(), third.name.clone()]);
    assert!(!names.contains(&first.name));
    assert_eq!(Index::open(dir.path()).unwrap().info().name, third.name);
}

#[test]
fn duplicate_editions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let mut b = SnapshotBuilder::create(dir.path()).unwrap();
    b.add_edition(&e, &sample(&e)).unwrap();
    assert!(matches!(
        b.add_edition(&e, &[]),
        Err(Error::DuplicateEdition { .. })
    ));
}

#[test]
fn carries_unchanged_editions_over() {
    let dir = tempfile::tempdir().unwrap();
    let a = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let b = edition("wt", "2023-12-15", DocKind::StatutoryGuidance);
    build(
        dir.path(),
        &[(a.clone(), sample(&a)), (b.clone(), sample(&b))],
    );

    let live = Index::open(dir.path()).unwrap();
    let mut builder = SnapshotBuilder::create(dir.path()).unwrap();
    let copied = builder.copy_edition(&live, &a, Some("ab12")).unwrap();
    assert_eq!(copied, sample(&a).len());
    let changed = &sample(&b)[..2];
    builder.add_edition(&b, changed).unwrap();
    builder.commit().unwrap();

    let index = Index::open(dir.path()).unwrap();
    let a_passages: Vec<_> = index
        .passages_of(&a.doc, a.id)
        .unwrap()
        .into_iter()
        .map(|s| s.passage)
        .collect();
    assert_eq!(a_passages, sample(&a));
    assert_eq!(index.passages_of(&b.doc, b.id).unwrap().len(), 2);
    // The copy records the file hash it was given, and the changed edition none.
    let hashes = index.source_sha256s().unwrap();
    assert_eq!(
        hashes.get(&(a.doc.clone(), a.id)).map(String::as_str),
        Some("ab12")
    );
    assert_eq!(hashes.get(&(b.doc.clone(), b.id)), None);
}

#[test]
fn index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Index>();
}

#[test]
fn analyze_stems_and_keeps_offsets() {
    let toks = analyze("Allegations’ referred");
    assert_eq!(toks[0].text, "alleg");
    assert_eq!(
        &"Allegations’ referred"[toks[0].start..toks[0].end],
        "Allegations"
    );
    assert_eq!(toks.last().unwrap().text, "refer");
}

#[test]
fn cached_stemming_agrees_with_the_index_analyzer() {
    let text = "Schools should consider alternatives to suspension – temporarily redeploying the member of staff, \
        or providing an assistant; the children’s views, naïve café CAFÉS harm¹²⁸ and 16E(1)(a) included. \
        Antidisestablishmentarianismsupercalifragilisticexpialidocious is longer than forty letters.";
    let mut full = crate::schema::analyzer();
    let mut stream = full.token_stream(text);
    let mut expected = Vec::new();
    while stream.advance() {
        let t = stream.token();
        expected.push((t.text.clone(), t.offset_from, t.offset_to));
    }
    let got: Vec<(String, usize, usize)> = crate::analyze(text)
        .into_iter()
        .map(|t| (t.text, t.start, t.end))
        .collect();
    for (e, g) in expected.iter().zip(&got) {
        assert_eq!(e, g);
    }
    assert_eq!(expected.len(), got.len());
}

#[test]
fn a_snapshot_in_another_stored_format_is_reported_as_old() {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("kcsie", "2024-09-02", DocKind::StatutoryGuidance);
    let info = build(dir.path(), &[(e.clone(), sample(&e))]);
    // Rewrite the snapshot's meta as an older Pinpoint would have written it.
    let meta_path = dir
        .path()
        .join("snapshots")
        .join(&info.name)
        .join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&fs::read(&meta_path).unwrap()).unwrap();
    meta["format"] = serde_json::json!(1);
    fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    match Index::open(dir.path()) {
        Err(Error::OldFormat {
            found: 1, expected, ..
        }) => assert!(expected > 1),
        other => panic!("expected OldFormat, got {other:?}"),
    }
}

/// An index of one guidance edition whose numbered paragraphs are `texts`.
fn index_of(texts: &[&str]) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let e = edition("guide", "2024-01-01", DocKind::Guidance);
    let passages: Vec<Passage> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let label = Label::Paragraph((i + 1).to_string());
            Passage::new(&e, locator(pages(1, 1, None), label, &[]), (*t).into())
        })
        .collect();
    build(dir.path(), &[(e, passages)]);
    let index = Index::open(dir.path()).unwrap();
    (dir, index)
}

#[test]
fn related_terms_are_derivations_seen_in_several_passages() {
    let texts = [
        "A disciplinary procedure applies.",
        "The disciplinary panel meets.",
        "Staff may be suspended.",
        "Suspension is not automatic.",
        "Suspension is a neutral act.",
        "A disiplinary typo appears once.",
        "Information must be shared.",
        "Informal conversations happen.",
    ];
    let (_dir, index) = index_of(&texts);
    let stem = |w: &str| analyze(w)[0].text.clone();
    // "discipline" stems to "disciplin", "disciplinary" to "disciplinari": one family.
    assert_eq!(
        index.related_terms(&stem("discipline"), 3),
        vec![stem("disciplinary")]
    );
    // "suspended" → "suspend", "suspension" → "suspens": share all but one letter of the shorter.
    assert_eq!(
        index.related_terms(&stem("suspended"), 3),
        vec![stem("suspension")]
    );
    // Short tokens have no relatives; neither do words seen in one passage only.
    assert!(index.related_terms(&stem("act"), 3).is_empty());
    assert!(!index
        .related_terms(&stem("disciplinary"), 3)
        .contains(&"disiplinari".to_string()));
}

#[test]
fn respell_corrects_typos_to_words_several_passages_use() {
    let texts = [
        "Safeguarding is everyone's responsibility.",
        "The safeguarding lead decides.",
        "Safeguarding partners meet.",
        "Safety matters.",
        "Disqualification applies to childminders.",
        "Disqualification by association was removed.",
        "A waiver of disqualification.",
        "A rare safegaurding typo in one passage.",
        "An accusation was made.",
        "The accusation was false.",
        "An accusation of abuse.",
        "The groups met.",
        "Two groups.",
        "Small groups.",
        "A stable home.",
        "Stable placements.",
        "Stable care.",
        "Staff, staff and staff.",
        "Staff again.",
        "More staff.",
    ];
    let (_dir, index) = index_of(&texts);
    let stem = |w: &str| analyze(w)[0].text.clone();
    // A swap of neighbours is one edit; the typo itself is indexed once and is never the answer.
    let respelt = |w: &str| index.respell(w).map(|r| (r.word, r.token));
    assert_eq!(
        respelt("safegaurding"),
        Some(("safeguarding".into(), stem("safeguarding")))
    );
    // The typed word is edited, not its stem: "accsuation" stems to `accsuat`, far from `accus`.
    assert_eq!(
        respelt("accsuation"),
        Some(("accusation".into(), stem("accusation")))
    );
    assert_eq!(
        respelt("disqulification"),
        Some(("disqualification".into(), stem("disqualification")))
    );
    // Two edits are allowed between the stems of long words (the word is then given as its stem).
    assert_eq!(
        respelt("saefgaurding"),
        Some((stem("safeguarding"), stem("safeguarding")))
    );
    assert!(index.holds(&stem("safeguarding")) && index.holds(&stem("safegaurding")));
    assert!(!index.holds(&stem("xylophone")));
    // Short words are left alone: "stuff" is a word, not a typo of "staff".
    assert_eq!(index.respell("stuff"), None);
    // Real words the documents do not use stay as they are: a letter more or less only corrects to a long stem
    // ("groped" is not "grouped"), and a key is replaced only by its neighbour ("stabbed" is not "stabled").
    assert_eq!(index.respell("groped"), None);
    assert_eq!(index.respell("stabbed"), None);
    assert_eq!(index.respell("waiver"), None, "one passage only");
    assert_eq!(index.respell("xylophone"), None);
    // The first letter is kept: "rafeguarding" is not corrected.
    assert_eq!(index.respell("rafeguarding"), None);
}
