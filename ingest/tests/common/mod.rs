//! Scaffolding shared by the ingest tests: two real GOV.UK guides from the corpus in a scratch mirror, listed as
//! `sources.toml` would list them.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pinpoint_index::Index;
use pinpoint_ingest::{DocOutcome, Input, Summary};
use pinpoint_sources::{sha256_file, Mirror, SourceList};

/// A file of the shared corpus.
pub fn raw(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/raw")
        .join(name)
}

/// Two GOV.UK guides: "dismissal" (listed with `sha256` when given) and "notice" (listed without one).
pub fn list(dismissal_sha256: Option<&str>) -> SourceList {
    let sha = dismissal_sha256
        .map(|s| format!("sha256 = \"{s}\"\n"))
        .unwrap_or_default();
    SourceList::parse(&format!(
        r#"
[[document]]
id = "dismissal"
title = "Dismissal: your rights"
kind = "govuk-guide"
publisher = "GOV.UK"

[[document.edition]]
id = "2020-04-07"
cite_as = "Dismissal: your rights"
url = "https://www.gov.uk/dismissal"
file = "dismissal.json"
format = "govuk-json"
{sha}
[[document]]
id = "notice"
title = "Handing in your notice"
kind = "govuk-guide"
publisher = "GOV.UK"

[[document.edition]]
id = "2015-11-16"
cite_as = "Handing in your notice"
url = "https://www.gov.uk/handing-in-your-notice"
file = "notice.json"
format = "govuk-json"
"#
    ))
    .unwrap()
}

/// A scratch folder holding `mirror/` with the two guides' files.
pub fn mirror() -> (tempfile::TempDir, Mirror) {
    let dir = tempfile::tempdir().unwrap();
    let mirror = dir.path().join("mirror");
    std::fs::create_dir(&mirror).unwrap();
    std::fs::copy(
        raw("govuk-dismissal-your-rights.json"),
        mirror.join("dismissal.json"),
    )
    .unwrap();
    std::fs::copy(
        raw("govuk-handing-in-your-notice.json"),
        mirror.join("notice.json"),
    )
    .unwrap();
    (dir, Mirror::new(mirror))
}

/// Every listed edition with its file's real SHA-256, as sync hands them to `ingest_changed`.
pub fn inputs(list: &SourceList, mirror: &Mirror) -> Vec<Input> {
    list.sources()
        .map(|s| {
            let mut i = Input::from_mirror(s, mirror);
            i.sha256 = i.file.as_ref().ok().map(|p| sha256_file(p).unwrap());
            i
        })
        .collect()
}

/// What became of `doc`.
pub fn outcome(summary: &Summary, doc: &str) -> DocOutcome {
    summary
        .reports
        .iter()
        .find(|r| r.doc.as_str() == doc)
        .unwrap()
        .outcome
        .clone()
}

/// Rewrites the live snapshot's record of its parsers, as if an older build had written it.
pub fn as_if_made_by_older_parsers(index: &Path) {
    let meta = Index::open(index).unwrap().info().path.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        text.replace(pinpoint_ingest::PARSERS, "pinpoint-parsers 1"),
    )
    .unwrap();
}
