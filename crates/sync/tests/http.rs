//! The fetcher against a real loopback server: conditional requests, retries, timeouts, truncation, content
//! checks, size cap, rate limit.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use pinpoint_sync::{Expect, FetchError, Fetched, Fetcher, HttpOptions, Store, Validators};
use support::{FixtureServer, Reply};

fn options() -> HttpOptions {
    HttpOptions {
        min_interval: Duration::ZERO,
        retries: 2,
        backoff: Duration::from_millis(10),
        connect_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_millis(400),
        total_timeout: Duration::from_secs(5),
        ..HttpOptions::default()
    }
}

fn objects(store: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(store.join("objects")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            out.push(f.unwrap().path());
        }
    }
    out
}

fn setup() -> (FixtureServer, tempfile::TempDir, Store, Fetcher) {
    let server = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let fetcher = Fetcher::new(options()).unwrap();
    (server, dir, store, fetcher)
}

/// GETs `path` from `server` with no validators, expecting a PDF.
fn get_pdf(
    f: &mut Fetcher,
    store: &Store,
    server: &FixtureServer,
    path: &str,
) -> Result<Fetched, FetchError> {
    f.get(
        store,
        &format!("{}{path}", server.base()),
        None,
        Expect::Pdf,
    )
}

const PDF: &[u8] = b"%PDF-1.4\n% a tiny stand-in\n%%EOF\n";

#[test]
fn stores_then_answers_304_to_a_conditional_request() {
    let (server, _dir, store, mut f) = setup();
    server.route(
        "/doc.pdf",
        vec![Reply::ok(PDF.to_vec(), "application/pdf").with_etag("\"v1\"")],
    );
    let url = format!("{}/doc.pdf", server.base());
    let first = f.get(&store, &url, None, Expect::Pdf).unwrap();
    assert_eq!(first.status, 200);
    let (sha, size) = first.body.clone().unwrap();
    assert_eq!(size, PDF.len() as u64);
    assert_eq!(std::fs::read(store.object_path(&sha)).unwrap(), PDF);
    assert_eq!(sha, pinpoint_sources::sha256_bytes(PDF));

    let v = Validators {
        etag: first.etag.clone(),
        last_modified: None,
        sha256: sha,
    };
    let second = f.get(&store, &url, Some(&v), Expect::Pdf).unwrap();
    assert_eq!(second.status, 304);
    assert_eq!(second.body, None);
    let seen = server.seen_at("/doc.pdf");
    assert_eq!(seen[1].if_none_match.as_deref(), Some("\"v1\""));
    assert!(
        seen[0]
            .user_agent
            .as_deref()
            .unwrap()
            .starts_with("Pinpoint/0.1 (+"),
        "{seen:?}"
    );
}

#[test]
fn a_404_is_reported_and_not_retried() {
    let (server, dir, store, mut f) = setup();
    let err = get_pdf(&mut f, &store, &server, "/missing.pdf").unwrap_err();
    assert_eq!(err.status, Some(404));
    assert!(err.reason.contains("404"), "{}", err.reason);
    assert_eq!(err.attempts, 1);
    assert_eq!(
        server.seen_at("/missing.pdf").len(),
        1,
        "4xx is not retried"
    );
    assert!(objects(&dir.path().join("store")).is_empty());
}

#[test]
fn a_500_then_success_is_retried() {
    let (server, _dir, store, mut f) = setup();
    server.route(
        "/flaky.pdf",
        vec![
            Reply::Status(500),
            Reply::Status(503),
            Reply::ok(PDF.to_vec(), "application/pdf"),
        ],
    );
    let got = get_pdf(&mut f, &store, &server, "/flaky.pdf").unwrap();
    assert_eq!(got.status, 200);
    assert_eq!(got.attempts, 3);
    assert_eq!(server.seen_at("/flaky.pdf").len(), 3);
}

#[test]
fn a_server_that_keeps_failing_gives_up_after_the_retries() {
    let (server, _dir, store, mut f) = setup();
    server.route("/down.pdf", vec![Reply::Status(502)]);
    let err = get_pdf(&mut f, &store, &server, "/down.pdf").unwrap_err();
    assert_eq!(err.attempts, 3);
    assert!(
        err.reason.contains("502") && err.reason.contains("3 attempts"),
        "{}",
        err.reason
    );
}

#[test]
fn a_slow_server_times_out_and_is_retried() {
    let (server, dir, store, mut f) = setup();
    server.route(
        "/slow.pdf",
        vec![Reply::Slow(
            Duration::from_secs(3),
            Box::new(Reply::ok(PDF.to_vec(), "application/pdf")),
        )],
    );
    let t0 = Instant::now();
    let err = get_pdf(&mut f, &store, &server, "/slow.pdf").unwrap_err();
    assert!(err.reason.contains("timed out"), "{}", err.reason);
    assert_eq!(err.attempts, 3);
    assert!(
        t0.elapsed() < Duration::from_secs(3),
        "each attempt gave up at the idle timeout"
    );
    assert!(objects(&dir.path().join("store")).is_empty());
}

#[test]
fn a_truncated_body_is_rejected_and_nothing_is_stored() {
    let (server, dir, store, mut f) = setup();
    let body = [PDF, &[b'x'; 5000]].concat();
    server.route(
        "/cut.pdf",
        vec![Reply::Truncated {
            body: body.into(),
            content_type: "application/pdf".into(),
            sent: 100,
        }],
    );
    let err = get_pdf(&mut f, &store, &server, "/cut.pdf").unwrap_err();
    assert!(err.reason.contains("truncated"), "{}", err.reason);
    assert!(objects(&dir.path().join("store")).is_empty());
    assert_eq!(
        std::fs::read_dir(dir.path().join("store/tmp"))
            .unwrap()
            .count(),
        0,
        "the partial download is deleted"
    );
}

#[test]
fn a_pdf_source_answering_html_is_an_error_not_content() {
    let (server, dir, store, mut f) = setup();
    server.route(
        "/page.pdf",
        vec![Reply::ok(
            b"<html>Sign in</html>".to_vec(),
            "text/html; charset=utf-8",
        )],
    );
    let err = get_pdf(&mut f, &store, &server, "/page.pdf").unwrap_err();
    assert!(
        err.reason.contains("text/html") && err.reason.contains("PDF"),
        "{}",
        err.reason
    );
    assert_eq!(err.attempts, 1);
    // Declared as a PDF but not one: refused by content.
    server.route(
        "/liar.pdf",
        vec![Reply::ok(
            b"<html>Sign in</html>".to_vec(),
            "application/pdf",
        )],
    );
    let err = get_pdf(&mut f, &store, &server, "/liar.pdf").unwrap_err();
    assert!(err.reason.contains("not a PDF"), "{}", err.reason);
    assert!(objects(&dir.path().join("store")).is_empty());
}

#[test]
fn bodies_over_the_size_cap_are_abandoned() {
    let server = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let mut f = Fetcher::new(HttpOptions {
        max_bytes: 1000,
        ..options()
    })
    .unwrap();
    server.route(
        "/big.pdf",
        vec![Reply::ok([PDF, &[0u8; 5000]].concat(), "application/pdf")],
    );
    let err = get_pdf(&mut f, &store, &server, "/big.pdf").unwrap_err();
    assert!(err.reason.contains("over the limit"), "{}", err.reason);
    assert!(objects(&dir.path().join("store")).is_empty());
}

#[test]
fn requests_to_one_host_are_spaced() {
    let server = FixtureServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    let mut f = Fetcher::new(HttpOptions {
        min_interval: Duration::from_millis(250),
        ..options()
    })
    .unwrap();
    server.route("/a.pdf", vec![Reply::ok(PDF.to_vec(), "application/pdf")]);
    let url = format!("{}/a.pdf", server.base());
    let t0 = Instant::now();
    for _ in 0..3 {
        f.get(&store, &url, None, Expect::Pdf).unwrap();
    }
    assert!(
        t0.elapsed() >= Duration::from_millis(500),
        "{:?}",
        t0.elapsed()
    );
}

#[test]
fn one_sync_at_a_time_per_store() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::open(dir.path()).unwrap();
    let second = Store::open(dir.path()).unwrap_err();
    assert!(second.to_string().contains("another sync"), "{second}");
    drop(first);
    Store::open(dir.path()).unwrap();
}
