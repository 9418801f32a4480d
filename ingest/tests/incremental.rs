//! `ingest_changed`: unchanged editions are copied from the live snapshot, changed ones parsed, missing ones kept.

use pinpoint_index::Index;
use pinpoint_ingest::{ingest, ingest_changed, plan, DocOutcome, Input};
use pinpoint_sources::{Mirror, MissingFile, SourceList};

mod common;
use common::{as_if_made_by_older_parsers, inputs, outcome};

fn setup() -> (tempfile::TempDir, SourceList, Mirror) {
    let (dir, mirror) = common::mirror();
    (dir, common::list(None), mirror)
}

#[test]
fn full_ingest_records_each_editions_source_hash() {
    let (dir, list, mirror) = setup();
    let index = dir.path().join("index");
    ingest(&list, &mirror, &index, 2, &|_| {}).unwrap();
    let hashes = Index::open(&index).unwrap().source_sha256s().unwrap();
    assert_eq!(hashes.len(), 2);
    for input in inputs(&list, &mirror) {
        let e = &input.source.edition;
        assert_eq!(hashes.get(&(e.doc.clone(), e.id)), input.sha256.as_ref());
    }
}

#[test]
fn only_the_changed_edition_is_parsed() {
    let (dir, list, mirror) = setup();
    let index = dir.path().join("index");
    ingest(&list, &mirror, &index, 2, &|_| {}).unwrap();

    let same = inputs(&list, &mirror);
    assert!(plan(&same, &index).is_noop());
    let again = ingest_changed(&same, &index, 2, &|_| {}).unwrap();
    assert_eq!(outcome(&again, "dismissal"), DocOutcome::Unchanged);
    assert_eq!(outcome(&again, "notice"), DocOutcome::Unchanged);

    // The guide is edited in place.
    let path = mirror.dir().join("dismissal.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Dismissal is when", "Dismissal (edited) is when"),
    )
    .unwrap();
    let changed = inputs(&list, &mirror);
    let p = plan(&changed, &index);
    assert_eq!(p.parse.len(), 1);
    assert_eq!(p.parse[0].0.as_str(), "dismissal");
    assert_eq!(p.reuse.len(), 1);
    let summary = ingest_changed(&changed, &index, 2, &|_| {}).unwrap();
    assert_eq!(outcome(&summary, "dismissal"), DocOutcome::Ingested);
    assert_eq!(outcome(&summary, "notice"), DocOutcome::Unchanged);
    let live = Index::open(&index).unwrap();
    let passages = live
        .passages_of(&"dismissal".parse().unwrap(), "2020-04-07".parse().unwrap())
        .unwrap();
    assert!(passages.iter().any(|p| p.passage.text.contains("(edited)")));
    let notice = live
        .passages_of(&"notice".parse().unwrap(), "2015-11-16".parse().unwrap())
        .unwrap();
    assert!(!notice.is_empty(), "the copied edition keeps its passages");
    assert!(plan(&changed, &index).is_noop());
}

#[test]
fn a_snapshot_made_by_other_parsers_is_re_read_whole() {
    let (dir, list, mirror) = setup();
    let index = dir.path().join("index");
    ingest(&list, &mirror, &index, 2, &|_| {}).unwrap();
    let live = Index::open(&index).unwrap();
    assert_eq!(live.producer(), Some(pinpoint_ingest::PARSERS));

    // As if an older build, whose parsers read the same files differently, had written the live snapshot.
    drop(live);
    as_if_made_by_older_parsers(&index);

    let same = inputs(&list, &mirror);
    let p = plan(&same, &index);
    assert!(p.reuse.is_empty(), "{p:?}");
    assert_eq!(p.parse.len(), 2);
    let summary = ingest_changed(&same, &index, 2, &|_| {}).unwrap();
    assert_eq!(outcome(&summary, "dismissal"), DocOutcome::Ingested);
    assert_eq!(outcome(&summary, "notice"), DocOutcome::Ingested);
    // Now made by these parsers, the next run has nothing to do.
    assert_eq!(
        Index::open(&index).unwrap().producer(),
        Some(pinpoint_ingest::PARSERS)
    );
    assert!(plan(&same, &index).is_noop());
}

#[test]
fn passages_kept_from_other_parsers_are_re_read_when_their_file_returns() {
    let (dir, list, mirror) = setup();
    let index = dir.path().join("index");
    ingest(&list, &mirror, &index, 2, &|_| {}).unwrap();
    as_if_made_by_older_parsers(&index);

    // The old parsers' passages of "dismissal" are kept while its file is missing…
    let mut ins = inputs(&list, &mirror);
    ins[0].file = Err(MissingFile::NotFound {
        entry: ins[0].source.entry(),
        path: "gone.json".into(),
    });
    ins[0].sha256 = None;
    let summary = ingest_changed(&ins, &index, 2, &|_| {}).unwrap();
    assert!(matches!(
        outcome(&summary, "dismissal"),
        DocOutcome::Failed {
            kept_previous: true,
            ..
        }
    ));
    // …but when the same bytes come back they are parsed, not taken as these parsers' work.
    let back = inputs(&list, &mirror);
    let p = plan(&back, &index);
    assert_eq!(p.parse.len(), 1, "{p:?}");
    assert_eq!(p.parse[0].0.as_str(), "dismissal");
    let summary = ingest_changed(&back, &index, 2, &|_| {}).unwrap();
    assert_eq!(outcome(&summary, "dismissal"), DocOutcome::Ingested);
    assert!(plan(&back, &index).is_noop());
}

#[test]
fn a_missing_file_keeps_the_previous_passages_and_a_dropped_edition_goes() {
    let (dir, list, mirror) = setup();
    let index = dir.path().join("index");
    ingest(&list, &mirror, &index, 2, &|_| {}).unwrap();
    let mut ins = inputs(&list, &mirror);
    ins[0].file = Err(MissingFile::NotFound {
        entry: ins[0].source.entry(),
        path: "gone.json".into(),
    });
    ins[0].sha256 = None;
    let p = plan(&ins, &index);
    assert_eq!(p.carry.len(), 1);
    assert!(p.is_noop());
    let summary = ingest_changed(&ins, &index, 2, &|_| {}).unwrap();
    assert!(matches!(
        outcome(&summary, "dismissal"),
        DocOutcome::Failed {
            kept_previous: true,
            ..
        }
    ));
    let live = Index::open(&index).unwrap();
    assert!(!live
        .passages_of(&"dismissal".parse().unwrap(), "2020-04-07".parse().unwrap())
        .unwrap()
        .is_empty());

    // An edition no longer among the inputs is dropped.
    let only_notice: Vec<Input> = inputs(&list, &mirror).into_iter().skip(1).collect();
    let p = plan(&only_notice, &index);
    assert_eq!(p.drop.len(), 1);
    assert!(!p.is_noop());
    ingest_changed(&only_notice, &index, 2, &|_| {}).unwrap();
    assert_eq!(Index::open(&index).unwrap().editions().len(), 1);
}
