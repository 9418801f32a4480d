//! `ingest` (the full rebuild from a mirror): the listed SHA-256 is checked, a missing listed file keeps its
//! edition, and a run that could read nothing, or would index nothing, commits nothing.

use std::path::{Path, PathBuf};

use pinpoint_index::Index;
use pinpoint_ingest::{ingest, ingest_changed, DocOutcome, Error, Input, Summary};
use pinpoint_sources::{sha256_file, Mirror, SourceList};

mod common;
use common::{as_if_made_by_older_parsers, list, outcome};

struct Fixture {
    dir: tempfile::TempDir,
    mirror: Mirror,
    /// The SHA-256 of the real dismissal guide, as `sources.toml` would list it.
    dismissal_sha: String,
}

impl Fixture {
    fn new() -> Fixture {
        let (dir, mirror) = common::mirror();
        let dismissal_sha = sha256_file(mirror.dir().join("dismissal.json")).unwrap();
        Fixture {
            dir,
            mirror,
            dismissal_sha,
        }
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn ingest(&self, list: &SourceList) -> Result<Summary, Error> {
        ingest(list, &self.mirror, &self.index(), 2, &|_| {})
    }

    /// Edits a file of the mirror in place.
    fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.mirror.dir().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }

    fn current(&self) -> String {
        std::fs::read_to_string(self.index().join("CURRENT")).unwrap()
    }

    fn building(&self) -> Vec<String> {
        std::fs::read_dir(self.index().join("snapshots"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".building"))
            .collect()
    }
}

fn dismissal_texts(index: &Path) -> Vec<String> {
    Index::open(index)
        .unwrap()
        .passages_of(&"dismissal".parse().unwrap(), "2020-04-07".parse().unwrap())
        .unwrap()
        .into_iter()
        .map(|p| p.passage.text)
        .collect()
}

fn live_dismissal_sha(index: &Path) -> Option<String> {
    Index::open(index)
        .unwrap()
        .source_sha256s()
        .unwrap()
        .get(&("dismissal".parse().unwrap(), "2020-04-07".parse().unwrap()))
        .cloned()
}

#[test]
fn a_file_whose_bytes_are_not_the_listed_sha256_is_not_indexed_as_that_edition() {
    let f = Fixture::new();
    let list = list(Some(&f.dismissal_sha));
    let first = f.ingest(&list).unwrap();
    assert_eq!(outcome(&first, "dismissal"), DocOutcome::Ingested);

    // The mirror's copy is replaced (a newer text under the old name), sources.toml unchanged.
    f.edit(
        "dismissal.json",
        "Dismissal is when",
        "Dismissal (replaced) is when",
    );
    let actual = sha256_file(f.mirror.dir().join("dismissal.json")).unwrap();
    let summary = f.ingest(&list).unwrap();
    let DocOutcome::Failed {
        reason,
        kept_previous,
    } = outcome(&summary, "dismissal")
    else {
        panic!("{:?}", outcome(&summary, "dismissal"));
    };
    assert!(kept_previous, "the listed edition's passages stay");
    for needle in [
        f.dismissal_sha.as_str(),
        actual.as_str(),
        "new edition",
        "sources.toml",
    ] {
        assert!(reason.contains(needle), "{needle:?} in {reason}");
    }
    assert_eq!(summary.rejected().count(), 1);
    // The file without a listed sha256 is not checked.
    assert_eq!(outcome(&summary, "notice"), DocOutcome::Ingested);

    let texts = dismissal_texts(&f.index());
    assert!(!texts.is_empty());
    assert!(
        texts.iter().all(|t| !t.contains("(replaced)")),
        "the replaced file was indexed as the listed edition"
    );
    assert_eq!(
        live_dismissal_sha(&f.index()).as_ref(),
        Some(&f.dismissal_sha),
        "the kept passages still vouch for the listed file"
    );

    // With no earlier copy, the edition is simply left out, and reported.
    let fresh = tempfile::tempdir().unwrap();
    let summary = ingest(&list, &f.mirror, fresh.path(), 2, &|_| {}).unwrap();
    assert!(matches!(
        outcome(&summary, "dismissal"),
        DocOutcome::Failed {
            kept_previous: false,
            ..
        }
    ));
    assert!(Index::open(fresh.path())
        .unwrap()
        .edition(&"dismissal".parse().unwrap(), "2020-04-07".parse().unwrap())
        .is_none());
}

#[test]
fn a_matching_file_goes_in_and_an_edition_without_a_listed_sha256_is_not_checked() {
    let f = Fixture::new();
    let summary = f.ingest(&list(Some(&f.dismissal_sha))).unwrap();
    assert_eq!(outcome(&summary, "dismissal"), DocOutcome::Ingested);
    f.edit(
        "dismissal.json",
        "Dismissal is when",
        "Dismissal (edited) is when",
    );
    let summary = f.ingest(&list(None)).unwrap();
    assert_eq!(outcome(&summary, "dismissal"), DocOutcome::Ingested);
    assert!(dismissal_texts(&f.index())
        .iter()
        .any(|t| t.contains("(edited)")));
}

#[test]
fn the_incremental_path_does_not_check_the_listed_sha256() {
    // Sync hands over an edition's newest revision, whose bytes legitimately differ from the listed sha256.
    let f = Fixture::new();
    let list = list(Some(&f.dismissal_sha));
    f.ingest(&list).unwrap();
    f.edit(
        "dismissal.json",
        "Dismissal is when",
        "Dismissal (revised) is when",
    );
    let inputs: Vec<Input> = list
        .sources()
        .map(|s| {
            let mut i = Input::from_mirror(s, &f.mirror);
            i.sha256 = i.file.as_ref().ok().map(|p| sha256_file(p).unwrap());
            i
        })
        .collect();
    let summary = ingest_changed(&inputs, &f.index(), 2, &|_| {}).unwrap();
    assert_eq!(outcome(&summary, "dismissal"), DocOutcome::Ingested);
    assert_eq!(outcome(&summary, "notice"), DocOutcome::Unchanged);
    assert!(dismissal_texts(&f.index())
        .iter()
        .any(|t| t.contains("(revised)")));
}

#[test]
fn a_listed_file_missing_from_the_mirror_keeps_its_edition() {
    let f = Fixture::new();
    let list = list(Some(&f.dismissal_sha));
    f.ingest(&list).unwrap();
    let before = dismissal_texts(&f.index());

    std::fs::remove_file(f.mirror.dir().join("dismissal.json")).unwrap();
    let summary = f.ingest(&list).unwrap();
    assert!(
        matches!(
            outcome(&summary, "dismissal"),
            DocOutcome::Missing {
                listed: true,
                kept_previous: true,
                ..
            }
        ),
        "{:?}",
        outcome(&summary, "dismissal")
    );
    assert_eq!(summary.rejected().count(), 1, "still reported as missing");
    let report = summary
        .reports
        .iter()
        .find(|r| r.doc.as_str() == "dismissal")
        .unwrap();
    assert_eq!(report.passages, before.len());
    assert_eq!(dismissal_texts(&f.index()), before);
    // Made by these parsers, the kept passages vouch for the file they were read from.
    assert_eq!(
        live_dismissal_sha(&f.index()).as_ref(),
        Some(&f.dismissal_sha)
    );
}

#[test]
fn passages_kept_for_a_missing_file_from_other_parsers_do_not_vouch_for_it() {
    let f = Fixture::new();
    let list = list(None);
    f.ingest(&list).unwrap();
    as_if_made_by_older_parsers(&f.index());
    std::fs::remove_file(f.mirror.dir().join("dismissal.json")).unwrap();
    let summary = f.ingest(&list).unwrap();
    assert!(matches!(
        outcome(&summary, "dismissal"),
        DocOutcome::Missing {
            kept_previous: true,
            ..
        }
    ));
    assert!(!dismissal_texts(&f.index()).is_empty());
    assert_eq!(live_dismissal_sha(&f.index()), None);
}

#[test]
fn a_wrong_mirror_folder_commits_nothing() {
    let f = Fixture::new();
    let list = list(Some(&f.dismissal_sha));
    f.ingest(&list).unwrap();
    let current = f.current();
    let passages = Index::open(f.index()).unwrap().info().passages;

    let wrong = f.dir.path().join("no-such-mirror");
    let err = ingest(&list, &Mirror::new(&wrong), &f.index(), 2, &|_| {}).unwrap_err();
    assert!(
        matches!(err, Error::NothingRead { listed: 2, .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&wrong.display().to_string()) && msg.contains("mirror"),
        "{msg}"
    );
    assert_eq!(f.current(), current, "CURRENT untouched");
    assert!(f.building().is_empty(), "{:?}", f.building());
    assert_eq!(Index::open(f.index()).unwrap().info().passages, passages);
}

#[test]
fn an_ingest_that_would_index_nothing_commits_nothing() {
    // A first ingest from an empty folder: no snapshot at all rather than an empty one.
    let f = Fixture::new();
    let empty = f.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let list = list(None);
    let err = ingest(&list, &Mirror::new(&empty), &f.index(), 2, &|_| {}).unwrap_err();
    assert!(matches!(err, Error::Empty { editions: 2, .. }), "{err:?}");
    assert!(!f.index().join("CURRENT").exists());
    assert!(f.building().is_empty());

    // Every file read but none usable.
    for name in ["dismissal.json", "notice.json"] {
        std::fs::write(f.mirror.dir().join(name), b"{\"title\": \"cut off").unwrap();
    }
    let err = f.ingest(&list).unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err:?}");
    assert!(!f.index().join("CURRENT").exists());
}

#[test]
fn every_input_gets_one_report_in_input_order() {
    // Guard for the former silent drops: each edition, whatever became of it, is reported exactly once.
    let f = Fixture::new();
    let list = list(Some(&f.dismissal_sha));
    f.ingest(&list).unwrap();
    std::fs::remove_file(f.mirror.dir().join("dismissal.json")).unwrap();
    let mut inputs: Vec<Input> = list
        .sources()
        .map(|s| {
            let mut i = Input::from_mirror(s, &f.mirror);
            i.sha256 = i.file.as_ref().ok().map(|p| sha256_file(p).unwrap());
            i
        })
        .collect();
    let summary = ingest_changed(&inputs, &f.index(), 3, &|_| {}).unwrap();
    let ids: Vec<&str> = summary.reports.iter().map(|r| r.doc.as_str()).collect();
    assert_eq!(ids, ["dismissal", "notice"]);
    assert!(matches!(
        outcome(&summary, "dismissal"),
        DocOutcome::Failed {
            kept_previous: true,
            ..
        }
    ));
    assert_eq!(outcome(&summary, "notice"), DocOutcome::Unchanged);
    inputs.reverse();
    let summary = ingest_changed(&inputs, &f.index(), 1, &|_| {}).unwrap();
    let ids: Vec<&str> = summary.reports.iter().map(|r| r.doc.as_str()).collect();
    assert_eq!(ids, ["notice", "dismissal"]);
}
