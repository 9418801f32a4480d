//! Whole syncs against a loopback server playing GOV.UK: KCSIE 2024 then 2025 (the real PDFs), a page edited in
//! place, failures that keep what is stored and indexed, and a re-run that changes nothing.

mod support;

use std::path::Path;
use std::time::Duration;

use pinpoint_index::Index;
use pinpoint_model::PassageId;
use pinpoint_sync::{
    sync, Endpoints, HttpOptions, IndexOutcome, Mode, SourceOutcome, SyncConfig, SyncReport,
};
use support::{
    answer_json, mtimes, publication_json, FixtureServer, Reply, DISMISSAL_BODY as BODY_V1,
    DISMISSAL_SOURCE,
};

const KCSIE_API: &str =
    "/api/content/government/publications/keeping-children-safe-in-education--2";
const DISMISSAL_API: &str = "/api/content/dismissal";

/// KCSIE as a sources list names it, fetched as the PDF attachment of its publication page.
const KCSIE_SOURCE: &str = r#"
[[document]]
id = "kcsie"
title = "Keeping children safe in education"
kind = "statutory-guidance"
publisher = "Department for Education"
api = "https://www.gov.uk/api/content/government/publications/keeping-children-safe-in-education--2"
attachment = "Keeping children safe in education"

[[document.edition]]
id = "2024-09-02"
cite_as = "Keeping children safe in education 2024"
title = "Keeping children safe in education 2024: statutory guidance for schools and colleges"
url = "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2"
file = "kcsie-2024.pdf"
format = "pdf"
"#;

struct World {
    server: FixtureServer,
    dir: tempfile::TempDir,
    config: SyncConfig,
}

fn raw(file: &str) -> Vec<u8> {
    std::fs::read(
        support::shared(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/raw")
            .join(file),
    )
    .unwrap()
}

fn world() -> World {
    let server = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        [KCSIE_SOURCE, DISMISSAL_SOURCE].concat(),
    )
    .unwrap();
    let base = server.base();
    let config = SyncConfig {
        sources: dir.path().join("sources.toml"),
        store: dir.path().join("store"),
        index: dir.path().join("index"),
        mode: Mode::Http { seed: None },
        endpoints: Endpoints {
            govuk: base.clone(),
            assets: base.clone(),
            legislation: base,
        },
        http: HttpOptions {
            min_interval: Duration::ZERO,
            retries: 2,
            backoff: Duration::from_millis(10),
            idle_timeout: Duration::from_secs(2),
            ..HttpOptions::default()
        },
        workers: 2,
    };
    World {
        server,
        dir,
        config,
    }
}

const BODY_V2: &str = "<h2 id=\"writing\">Getting your dismissal in writing</h2><p>You have the right to ask for a written statement from your employer giving the reasons why you have been dismissed, within 14 days of asking.</p>";
const UPDATED: &str = "2020-04-07T16:41:07.000+01:00";

fn serve_kcsie(w: &World, updated: &str, media: &str, file: &str, etag: &str) {
    let asset = format!("https://assets.publishing.service.gov.uk/media/{media}/{file}");
    w.server.route(
        KCSIE_API,
        vec![Reply::ok(
            publication_json(
                "/government/publications/keeping-children-safe-in-education--2",
                updated,
                &asset,
                file,
            ),
            "application/json; charset=utf-8",
        )
        .with_etag(etag)],
    );
    let pdf = if file.contains("2024") {
        raw("kcsie-2024.pdf")
    } else {
        raw("kcsie-2025-july-for-information.pdf")
    };
    w.server.route(
        &format!("/media/{media}/{file}"),
        vec![Reply::ok(pdf, "application/pdf").with_etag(&format!("\"{media}\""))],
    );
}

fn serve_dismissal(w: &World, body: &str, etag: &str) {
    w.server.route(
        DISMISSAL_API,
        vec![
            Reply::ok(answer_json("/dismissal", UPDATED, body), "application/json").with_etag(etag),
        ],
    );
}

/// GOV.UK as it was in September 2024: KCSIE 2024 and the guide as first published.
fn serve_2024(w: &World) {
    serve_kcsie(
        w,
        "2024-09-02T09:00:00.000+01:00",
        "aaa",
        "Keeping_children_safe_in_education_2024.pdf",
        "\"p1\"",
    );
    serve_dismissal(w, BODY_V1, "\"d1\"");
}

fn run(w: &World) -> SyncReport {
    sync(&w.config, &|_| {}).unwrap()
}

fn outcome(r: &SyncReport, doc: &str) -> (Option<String>, SourceOutcome) {
    let s = r
        .sources
        .iter()
        .find(|s| s.doc.as_str() == doc)
        .unwrap_or_else(|| panic!("no report for {doc}: {:?}", r.sources));
    (s.edition.map(|e| e.to_string()), s.outcome.clone())
}

fn passage(index: &Path, id: &str) -> Option<String> {
    Index::open(index)
        .unwrap()
        .passage(&PassageId::from_stored(id.into()))
        .unwrap()
        .map(|p| p.passage.text)
}

fn store_objects(store: &Path) -> Vec<String> {
    mtimes(&store.join("objects"))
        .into_iter()
        .map(|(p, _)| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let dir = p
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            format!("{dir}{name}")
        })
        .collect()
}

#[test]
fn kcsie_2024_then_2025_becomes_a_new_edition_and_a_rerun_changes_nothing() {
    let w = world();
    serve_2024(&w);

    let first = run(&w);
    assert_eq!(
        outcome(&first, "kcsie"),
        (Some("2024-09-02".into()), SourceOutcome::Stored)
    );
    assert!(matches!(first.index, IndexOutcome::Rebuilt(_)));
    let para_363 = passage(&w.config.index, "kcsie/2024-09-02/para-363").unwrap();
    assert!(para_363.contains("transferable risk"), "{para_363}");

    // September: the publication page now serves the 2025 PDF, dated later.
    serve_kcsie(
        &w,
        "2025-07-07T10:00:00.000+01:00",
        "bbb",
        "Keeping_children_safe_in_education_2025.pdf",
        "\"p2\"",
    );
    let second = run(&w);
    assert_eq!(
        outcome(&second, "kcsie"),
        (Some("2025-07-07".into()), SourceOutcome::NewEdition)
    );
    assert_eq!(outcome(&second, "dismissal").1, SourceOutcome::NotModified);
    let IndexOutcome::Rebuilt(summary) = &second.index else {
        panic!("the new edition must be indexed")
    };
    let by_edition = |ed: &str| {
        summary
            .reports
            .iter()
            .find(|r| r.edition.to_string() == ed)
            .unwrap()
            .outcome
            .clone()
    };
    assert_eq!(
        by_edition("2025-07-07"),
        pinpoint_ingest::DocOutcome::Ingested
    );
    assert_eq!(
        by_edition("2024-09-02"),
        pinpoint_ingest::DocOutcome::Unchanged,
        "the old edition is copied, not re-parsed"
    );
    let para_360 = passage(&w.config.index, "kcsie/2025-07-07/para-360").unwrap();
    assert!(para_360.contains("transferable risk"), "{para_360}");
    assert_eq!(
        passage(&w.config.index, "kcsie/2024-09-02/para-363").unwrap(),
        para_363,
        "old editions are kept"
    );
    let index = Index::open(&w.config.index).unwrap();
    let new = index
        .edition(&"kcsie".parse().unwrap(), "2025-07-07".parse().unwrap())
        .unwrap();
    assert_eq!(new.cite_as, "Keeping children safe in education 2025");
    assert_eq!(new.source, "Keeping_children_safe_in_education_2025.pdf");

    // Nothing changed: every request is answered 304, nothing is rewritten, the snapshot is not rebuilt.
    let before_store = mtimes(&w.config.store.join("objects"));
    let before_docs = mtimes(&w.config.store.join("docs"));
    let before_index = mtimes(&w.config.index);
    w.server.clear_seen();
    let third = run(&w);
    assert!(
        matches!(third.index, IndexOutcome::UpToDate),
        "{:?}",
        third.index
    );
    for s in &third.sources {
        assert_eq!(s.outcome, SourceOutcome::NotModified, "{s:?}");
    }
    assert!(
        w.server.seen().iter().all(|s| s.status == 304),
        "{:?}",
        w.server.seen()
    );
    assert_eq!(mtimes(&w.config.store.join("objects")), before_store);
    assert_eq!(mtimes(&w.config.store.join("docs")), before_docs);
    assert_eq!(
        mtimes(&w.config.index),
        before_index,
        "CURRENT and snapshots untouched"
    );

    // The same PDF moved to a new address (and the item has a new ETag): fetched again, recognised by its hash,
    // still nothing rebuilt.
    serve_kcsie(
        &w,
        "2025-07-07T10:00:00.000+01:00",
        "bbb2",
        "Keeping_children_safe_in_education_2025.pdf",
        "\"p3\"",
    );
    let fourth = run(&w);
    assert_eq!(outcome(&fourth, "kcsie").1, SourceOutcome::Unchanged);
    assert!(matches!(fourth.index, IndexOutcome::UpToDate));
    assert_eq!(mtimes(&w.config.index), before_index);
}

#[test]
fn a_page_edited_in_place_is_a_revision_and_the_old_file_is_kept() {
    let w = world();
    w.server.route(KCSIE_API, vec![Reply::Status(404)]);
    serve_dismissal(&w, BODY_V1, "\"d1\"");
    let first = run(&w);
    assert_eq!(
        outcome(&first, "dismissal"),
        (Some("2020-04-07".into()), SourceOutcome::Stored)
    );
    let objects_v1 = store_objects(&w.config.store);

    // Same public_updated_at, new body.
    serve_dismissal(&w, BODY_V2, "\"d2\"");
    let second = run(&w);
    assert_eq!(
        outcome(&second, "dismissal"),
        (Some("2020-04-07".into()), SourceOutcome::Revision)
    );
    let index = Index::open(&w.config.index).unwrap();
    let passages = index
        .passages_of(&"dismissal".parse().unwrap(), "2020-04-07".parse().unwrap())
        .unwrap();
    assert!(
        passages
            .iter()
            .any(|p| p.passage.text.contains("within 14 days")),
        "{passages:?}"
    );
    let objects_v2 = store_objects(&w.config.store);
    assert!(
        objects_v1.iter().all(|o| objects_v2.contains(o)),
        "the first revision's file stays"
    );
    assert_eq!(objects_v2.len(), objects_v1.len() + 1);
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.config.store.join("docs/dismissal.json")).unwrap())
            .unwrap();
    assert_eq!(
        state["editions"][0]["revisions"].as_array().unwrap().len(),
        2,
        "{state}"
    );
}

#[test]
fn failures_are_reported_per_source_and_lose_nothing() {
    let w = world();
    serve_2024(&w);
    run(&w);
    let current = std::fs::read_to_string(w.config.index.join("CURRENT")).unwrap();

    // The attachment now answers with an HTML error page; the guide is gone.
    w.server.route(
        KCSIE_API,
        vec![Reply::ok(
            publication_json(
                "/government/publications/keeping-children-safe-in-education--2",
                "2025-07-07T10:00:00Z",
                "https://assets.publishing.service.gov.uk/media/ccc/Keeping_children_safe_in_education_2025.pdf",
                "Keeping_children_safe_in_education_2025.pdf",
            ),
            "application/json",
        )],
    );
    w.server.route(
        "/media/ccc/Keeping_children_safe_in_education_2025.pdf",
        vec![Reply::ok(
            b"<html>Service unavailable</html>".to_vec(),
            "text/html",
        )],
    );
    w.server.route(DISMISSAL_API, vec![Reply::Status(404)]);
    let r = run(&w);
    let reasons: Vec<String> = r
        .failed()
        .map(|s| match &s.outcome {
            SourceOutcome::Failed { reason } => format!("{}: {reason}", s.doc),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("kcsie") && r.contains("text/html")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("dismissal") && r.contains("404")),
        "{reasons:?}"
    );
    assert!(
        matches!(r.index, IndexOutcome::UpToDate),
        "nothing to re-index: {:?}",
        r.index
    );
    assert_eq!(
        std::fs::read_to_string(w.config.index.join("CURRENT")).unwrap(),
        current
    );
    assert!(passage(&w.config.index, "kcsie/2024-09-02/para-363").is_some());

    // A gone page is reported as such, not stored.
    w.server.route(
        DISMISSAL_API,
        vec![Reply::ok(
            br#"{"base_path": "/dismissal", "schema_name": "gone", "document_type": "gone", "details": {"alternative_path": "/dismissal-rights"}}"#.to_vec(),
            "application/json",
        )],
    );
    let r = run(&w);
    let (_, gone) = outcome(&r, "dismissal");
    assert!(
        matches!(&gone, SourceOutcome::Failed { reason } if reason.contains("removed") && reason.contains("/dismissal-rights")),
        "{gone:?}"
    );
    assert!(matches!(r.index, IndexOutcome::UpToDate));
    let _ = w.dir.path();
}

#[test]
fn a_revision_that_cannot_be_parsed_keeps_the_previous_text_and_is_not_retried() {
    let w = world();
    w.server.route(KCSIE_API, vec![Reply::Status(404)]);
    serve_dismissal(&w, BODY_V1, "\"d1\"");
    run(&w);
    // Valid JSON, a Content API item, but its body is not text ingest can read (nesting beyond the limits).
    let deep = format!("{}x{}", "<div>".repeat(5000), "</div>".repeat(5000));
    serve_dismissal(&w, &deep, "\"d2\"");
    let r = run(&w);
    assert_eq!(outcome(&r, "dismissal").1, SourceOutcome::Revision);
    let IndexOutcome::Rebuilt(summary) = &r.index else {
        panic!("{:?}", r.index)
    };
    let rep = summary
        .reports
        .iter()
        .find(|x| x.doc.as_str() == "dismissal")
        .unwrap();
    assert!(
        matches!(
            &rep.outcome,
            pinpoint_ingest::DocOutcome::Failed {
                kept_previous: true,
                ..
            }
        ),
        "{:?}",
        rep.outcome
    );
    let index = Index::open(&w.config.index).unwrap();
    let passages = index
        .passages_of(&"dismissal".parse().unwrap(), "2020-04-07".parse().unwrap())
        .unwrap();
    assert!(passages
        .iter()
        .any(|p| p.passage.text.contains("written statement")));
    // Next run: same bad bytes (304), nothing rebuilt.
    let again = run(&w);
    assert!(
        matches!(again.index, IndexOutcome::UpToDate),
        "{:?}",
        again.index
    );
}
