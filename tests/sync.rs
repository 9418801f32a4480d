//! `pinpoint sync` through the built binary: an offline sync of the real corpus that a re-run leaves untouched,
//! and a sync killed (SIGKILL) halfway through a download that leaves the previous index serving and the store
//! consistent, after which the next sync completes.

mod support;
// The loopback server that plays GOV.UK, shared with the sync crate's own tests.
#[path = "../crates/sync/tests/support/mod.rs"]
mod server;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use server::{answer_json, mtimes, FixtureServer, Reply, DISMISSAL_BODY as V1, DISMISSAL_SOURCE};
use support::both;

fn pinpoint(args: &[&str]) -> Command {
    let mut cmd = support::binary();
    cmd.args(args);
    cmd
}

fn run(args: &[&str]) -> Output {
    support::run(pinpoint(args))
}

/// Every object in the store is complete: its name is the SHA-256 of its bytes.
fn assert_objects_whole(store: &Path) {
    for (path, _) in mtimes(&store.join("objects")) {
        let name = format!(
            "{}{}",
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy(),
            path.file_name().unwrap().to_string_lossy()
        );
        assert_eq!(
            pinpoint_sources::sha256_file(&path).unwrap(),
            name,
            "{}",
            path.display()
        );
    }
}

fn first_hit_text(index: &Path, sources: &Path, query: &str) -> String {
    let out = run(&[
        "--index",
        index.to_str().unwrap(),
        "--sources",
        sources.to_str().unwrap(),
        "search",
        "--json",
        query,
    ]);
    assert!(out.status.success(), "{}", both(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["hits"][0]["text"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn offline_sync_of_the_real_corpus_then_a_rerun_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let store = dir.path().join("store");
    let mirror = support::raw();
    let sources = support::real_sources();
    let args = [
        "--index",
        index.to_str().unwrap(),
        "--mirror",
        mirror.to_str().unwrap(),
        "--sources",
        sources.to_str().unwrap(),
        "sync",
        "--offline",
        "--store",
        store.to_str().unwrap(),
    ];
    let first = run(&args);
    let text = both(&first);
    assert!(first.status.success(), "{text}");
    assert!(text.contains("43 sources, 0 failed"), "{text}");
    assert!(text.contains("re-indexed: 43 editions parsed"), "{text}");
    assert!(
        first_hit_text(&index, &sources, "what is transferable risk").contains("transferable risk")
    );
    assert_objects_whole(&store);

    let before_index = mtimes(&index);
    let before_objects = mtimes(&store.join("objects"));
    let before_docs = mtimes(&store.join("docs"));
    let second = run(&args);
    let text = both(&second);
    assert!(second.status.success(), "{text}");
    assert!(text.contains("index up to date"), "{text}");
    assert_eq!(text.matches("unchanged ").count(), 43, "{text}");
    assert_eq!(
        mtimes(&index),
        before_index,
        "CURRENT and the snapshot are untouched"
    );
    assert_eq!(mtimes(&store.join("objects")), before_objects);
    assert_eq!(mtimes(&store.join("docs")), before_docs);
}

const V2: &str = "<h2 id=\"writing\">Getting your dismissal in writing</h2><p>You have the right to ask for a written statement from your employer giving the reasons why you have been dismissed, and it must arrive within 14 days.</p>";

#[test]
fn a_sync_killed_halfway_leaves_the_previous_index_serving_and_the_next_completes() {
    let server = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let sources = support::write_sources(dir.path(), DISMISSAL_SOURCE);
    let index = dir.path().join("index");
    let store = dir.path().join("store");
    let base = server.base();
    let args = [
        "--index",
        index.to_str().unwrap(),
        "--sources",
        sources.to_str().unwrap(),
        "sync",
        "--no-seed",
        "--store",
        store.to_str().unwrap(),
        "--govuk-base",
        &base,
        "--assets-base",
        &base,
        "--legislation-base",
        &base,
        "--rate-limit",
        "0",
        "--backoff",
        "0.01",
    ];
    let api = "/api/content/dismissal";
    let updated = "2020-04-07T16:41:07.000+01:00";
    server.route(
        api,
        vec![Reply::ok(
            answer_json("/dismissal", updated, V1),
            "application/json",
        )],
    );
    let first = run(&args);
    assert!(first.status.success(), "{}", both(&first));
    assert!(both(&first).contains("stored "), "{}", both(&first));
    let current = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    let query = "written statement reasons dismissed";
    assert!(!first_hit_text(&index, &sources, query).contains("14 days"));

    // The edited page starts to arrive, then stalls; the sync is killed in the middle of the body.
    let v2 = answer_json("/dismissal", updated, V2);
    server.route(
        api,
        vec![Reply::Stall {
            sent: v2.len() / 2,
            body: v2.clone().into(),
            content_type: "application/json".into(),
        }],
    );
    server.clear_seen();
    let mut child = pinpoint(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while server.seen_at(api).is_empty() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the sync never asked for the page"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the sync should be stuck in the stalled body"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    assert_eq!(
        std::fs::read_to_string(index.join("CURRENT")).unwrap(),
        current
    );
    let text = first_hit_text(&index, &sources, query);
    assert!(
        text.contains("written statement") && !text.contains("14 days"),
        "{text}"
    );
    assert_objects_whole(&store);
    assert_eq!(
        mtimes(&store.join("objects")).len(),
        1,
        "the partial body is not an object"
    );

    // The page answers whole again: the next sync recovers by itself and brings the revision in.
    server.route(api, vec![Reply::ok(v2, "application/json")]);
    let next = run(&args);
    let out = both(&next);
    assert!(next.status.success(), "{out}");
    assert!(out.contains("revision "), "{out}");
    assert_ne!(
        std::fs::read_to_string(index.join("CURRENT")).unwrap(),
        current
    );
    assert!(first_hit_text(&index, &sources, query).contains("14 days"));
    assert_eq!(
        std::fs::read_dir(store.join("tmp")).unwrap().count(),
        0,
        "leftovers cleaned"
    );
    assert_objects_whole(&store);
}
