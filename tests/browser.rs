//! The advisors' web UI in a real browser: Debian's headless `chromium`, driven through `chromedriver` (WebDriver)
//! with `fantoccini`, against `pinpoint serve` on loopback over an index of the real corpus (`../shared/corpus`)
//! built into a temporary directory.
//!
//! One journey, in order: keyboard only (Tab to the skip link, on to the search box, type, Enter) → the first hit
//! has its answer marked → open its passage page → "Copy citation" puts the citation on the clipboard → the
//! unknown-page 404 → the "what changed" page of KCSIE → error summaries focused on load (the check form, an
//! unknown edition of KCSIE) → axe-core (vendored in `tests/browser/`) on every main
//! page, at phone and desktop width, with
//! no serious or critical violation → screenshots of the search results, passage and documents pages at both
//! widths. Screenshots go to a temporary folder, checked for size; with `PINPOINT_UPDATE_SCREENSHOTS=1` they are
//! also written to `docs/screenshots/`.
//!
//! Chromium and chromedriver must be installed (`apt-get install chromium chromium-driver`, which `.ci/run` does):
//! without them this test fails, saying so, rather than skipping.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const QUESTION: &str = "what is transferable risk";
const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 1000);
const TAB: char = '\u{e004}';
const ENTER: char = '\u{e007}';
const CONTROL: char = '\u{e009}';

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The first of `names` found on `PATH` or as an absolute path.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        let direct = Path::new(name);
        if direct.is_absolute() {
            return direct.is_file().then(|| direct.to_path_buf());
        }
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Ingests the real corpus into `index` with the built binary, as a user would.
fn ingest(index: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
        .arg("--index")
        .arg(index)
        .arg("--mirror")
        .arg(root().join("../shared/corpus/raw"))
        .arg("--sources")
        .arg(root().join("corpus/sources.toml"))
        .arg("ingest")
        .env("CI", "1")
        .output()
        .expect("runs pinpoint ingest");
    assert!(
        out.status.success(),
        "ingest failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts `pinpoint serve` on a free loopback port and returns it with its base address, read from the line it
/// prints once it listens.
fn serve(index: &Path) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
        .arg("--index")
        .arg(index)
        .arg("--mirror")
        .arg(root().join("../shared/corpus/raw"))
        .arg("--sources")
        .arg(root().join("corpus/sources.toml"))
        .args(["serve", "--addr", "127.0.0.1:0", "--watch-secs", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs pinpoint serve");
    let stdout: ChildStdout = child.stdout.take().expect("piped stdout");
    let child = Killed(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref().map_while(Result::ok) {
            if let Some(addr) = line.split("serving on ").nth(1) {
                let _ = tx.send(addr.trim().to_owned());
                break;
            }
        }
        // Keep draining so the server never blocks on a full pipe.
        for _ in lines {}
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("pinpoint serve said where it listens within 60 s");
    (child, base)
}

/// Starts chromedriver on a free port and waits until it answers.
fn chromedriver() -> (Killed, String) {
    let driver = find_program(&["chromedriver", "/usr/lib/chromium/chromedriver"]).unwrap_or_else(|| {
        panic!(
            "chromedriver is not installed: the browser test needs Debian's `chromium` and `chromium-driver` \
             (apt-get install -y chromium chromium-driver; .ci/run installs them)"
        )
    });
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on {port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (Killed(child), url)
}

async fn browser(driver: &str, profile: &Path) -> Client {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]).unwrap_or_else(|| {
        panic!(
            "chromium is not installed: the browser test needs Debian's `chromium` and `chromium-driver` \
             (apt-get install -y chromium chromium-driver; .ci/run installs them)"
        )
    });
    let args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--hide-scrollbars".to_owned(),
        format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("a chromium session through chromedriver")
}

async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.expect("key press");
}

/// What `document.activeElement` is, as `tag#id.class`.
async fn focused(c: &Client) -> String {
    let v = c
        .execute(
            "const e = document.activeElement; return e.tagName.toLowerCase() + '#' + (e.id || '') + '.' + \
             (e.className || '');",
            vec![],
        )
        .await
        .expect("reads the focused element");
    v.as_str().unwrap_or_default().to_owned()
}

async fn wait_for_url(c: &Client, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = c.current_url().await.expect("current url");
        if url.as_str().contains(part) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the browser did not reach a URL containing {part:?} (at {url})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs axe-core on the current page and returns its serious and critical violations, described. Fails if axe did
/// not run or checked nothing, so a broken injection cannot pass as "no violations".
async fn axe_serious(c: &Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("injects axe-core");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document)
               .then(r => done({ passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id,
                     impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })) }))
               .catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await
        .expect("runs axe-core");
    assert!(
        result.get("error").is_none(),
        "axe-core failed: {}",
        result["error"]
    );
    let passes = result["passes"].as_u64().unwrap_or(0);
    assert!(
        passes >= 10,
        "axe-core checked too little ({passes} rules passed): {result}"
    );
    let violations = result["violations"]
        .as_array()
        .unwrap_or_else(|| panic!("axe-core returned no violation list: {result}"));
    for v in violations {
        eprintln!(
            "axe: {} ({}) {} at {}",
            v["id"], v["impact"], v["help"], v["nodes"]
        );
    }
    violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or("?").to_owned();
            format!(
                "{} [{}]: {} at {}",
                s("id"),
                s("impact"),
                s("help"),
                v["nodes"]
            )
        })
        .collect()
}

/// Width and height of a PNG, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(
        png.len() > 24 && png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG"
    );
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

async fn screenshot(c: &Client, dir: &Path, name: &str, width: u32) {
    let png = c.screenshot().await.expect("screenshot");
    let (w, h) = png_size(&png);
    assert_eq!(w, width, "{name}: the screenshot is as wide as the window");
    assert!(
        h > 400 && png.len() > 10_000,
        "{name}: a real page was drawn ({w}x{h}, {} bytes)",
        png.len()
    );
    std::fs::write(dir.join(format!("{name}.png")), &png).expect("writes the screenshot");
    if std::env::var_os("PINPOINT_UPDATE_SCREENSHOTS").is_some() {
        let docs = root().join("docs/screenshots");
        std::fs::create_dir_all(&docs).expect("docs/screenshots");
        std::fs::write(docs.join(format!("{name}.png")), &png).expect("writes docs/screenshots");
    }
}

async fn set_width(c: &Client, (w, h): (u32, u32)) {
    c.set_window_size(w, h).await.expect("resizes the window");
    let inner = c
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("reads the viewport width");
    assert_eq!(
        inner.as_u64(),
        Some(u64::from(w)),
        "the viewport is {w} px wide"
    );
}

/// Nothing on the page is wider than a phone's screen (no sideways scrolling).
async fn fits_phone(c: &Client, page: &str) {
    let width = c
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .expect("reads the page width");
    assert!(
        width.as_u64().unwrap_or(u64::MAX) <= u64::from(PHONE.0),
        "{page}: nothing is wider than a phone's screen ({width} px)"
    );
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .text()
        .await
        .expect("element text")
}

#[test]
fn advisor_journey_in_headless_chromium() {
    // Fail early and clearly when the browser is missing, before the slow ingest.
    let (_driver, driver_url) = chromedriver();
    let index = tempfile::tempdir().expect("tempdir");
    ingest(index.path());
    let (_server, base) = serve(index.path());
    let profile = tempfile::tempdir().expect("browser profile");
    let shots = tempfile::tempdir().expect("screenshot folder");
    let mut axe = String::new();
    std::fs::File::open(root().join("tests/browser/axe.min.js"))
        .and_then(|mut f| f.read_to_string(&mut axe))
        .expect("tests/browser/axe.min.js (vendored axe-core)");

    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let c = browser(&driver_url, profile.path()).await;
            // The journey runs as a task so that a failed assertion still closes the browser (no stray chromium).
            let shots = shots.path().to_path_buf();
            let outcome = tokio::spawn({
                let c = c.clone();
                async move { journey(&c, &base, &axe, &shots).await }
            })
            .await;
            let _ = c.close().await;
            if let Err(e) = outcome {
                match e.try_into_panic() {
                    Ok(panic) => std::panic::resume_unwind(panic),
                    Err(e) => panic!("the browser journey did not finish: {e}"),
                }
            }
        });
}

async fn journey(c: &Client, base: &str, axe: &str, shots: &Path) {
    set_width(c, DESKTOP).await;

    // 1. Keyboard only: the skip link is the first stop, then the search box; Enter submits.
    c.goto(&format!("{base}/"))
        .await
        .expect("opens the home page");
    assert_eq!(c.title().await.unwrap(), "Search – Pinpoint");
    press(c, TAB).await;
    let first = focused(c).await;
    assert!(
        first.contains("govuk-skip-link"),
        "Tab first reaches the skip link, not {first}"
    );
    press(c, ENTER).await;
    wait_for_url(c, "#main-content").await;
    press(c, TAB).await;
    assert!(
        focused(c).await.starts_with("input#q."),
        "after the skip link, Tab reaches the search box"
    );
    c.active_element()
        .await
        .unwrap()
        .send_keys(QUESTION)
        .await
        .expect("types the question");
    press(c, ENTER).await;
    wait_for_url(c, "/search?q=what+is+transferable+risk").await;

    // 2. The results: the first hit has its answer marked, a citation, a current-edition tag and the source link.
    let title = c.title().await.unwrap();
    assert_eq!(title, format!("Search results for ‘{QUESTION}’ – Pinpoint"));
    let first_hit = c
        .find(Locator::Css("ol.app-results > li"))
        .await
        .expect("at least one hit");
    let mark = first_hit
        .find(Locator::Css(".app-passage-text mark"))
        .await
        .expect("the first hit marks its answer")
        .text()
        .await
        .unwrap();
    assert!(
        mark.to_lowercase().contains("transferable risk"),
        "the marked answer is about transferable risk: {mark:?}"
    );
    let citation = first_hit
        .find(Locator::Css("[id^='cite-']"))
        .await
        .expect("a citation")
        .text()
        .await
        .unwrap();
    assert!(
        citation.contains("para"),
        "a pinpoint citation to a paragraph: {citation}"
    );
    let tag = first_hit
        .find(Locator::Css(".govuk-tag"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(tag.to_lowercase(), "current edition");
    let copy = first_hit
        .find(Locator::Css("button[data-copy^='cite-']"))
        .await
        .expect("a copy button");
    assert!(
        copy.is_displayed().await.unwrap(),
        "the script reveals the copy buttons"
    );
    screenshot(c, shots, "search-results-desktop", DESKTOP.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "search results, desktop: {serious:#?}");

    // 3. Open the passage page from the first hit.
    first_hit
        .find(Locator::Css("h3 a"))
        .await
        .expect("the hit links its passage")
        .click()
        .await
        .expect("opens the passage");
    wait_for_url(c, "/passages/").await;
    let h1 = text_of(c, "h1").await;
    assert!(
        h1.contains("paragraph"),
        "the passage page names its paragraph: {h1}"
    );
    let crumbs = c
        .find_all(Locator::Css(".govuk-breadcrumbs__list-item"))
        .await
        .unwrap();
    assert!(
        crumbs.len() >= 4,
        "breadcrumbs: search, documents, document, headings"
    );
    let context = c.find_all(Locator::Css(".app-context")).await.unwrap();
    assert!(!context.is_empty(), "the paragraphs around it are shown");
    let passage_citation = text_of(c, "#cite-passage").await;
    assert_eq!(
        passage_citation, citation,
        "the same citation as in the results"
    );

    // 4. Copy the citation: the status says so, and pasting gives the citation back.
    c.find(Locator::Css("button[data-copy='cite-passage']"))
        .await
        .unwrap()
        .click()
        .await
        .expect("clicks Copy citation");
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        let s = text_of(c, "#copy-status-passage").await;
        if !s.is_empty() || Instant::now() > deadline {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(status, "Copied citation to the clipboard");
    // Paste it where an advisor would type, with the keyboard: the search box of the home page.
    let passage_url = c.current_url().await.unwrap();
    c.goto(&format!("{base}/")).await.unwrap();
    c.find(Locator::Css("#q"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let paste = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: CONTROL })
        .then(KeyAction::Down { value: 'v' })
        .then(KeyAction::Up { value: 'v' })
        .then(KeyAction::Up { value: CONTROL });
    c.perform_actions(paste).await.expect("pastes");
    let pasted = c
        .find(Locator::Css("#q"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        pasted.as_deref(),
        Some(citation.as_str()),
        "the clipboard holds the citation"
    );
    c.goto(passage_url.as_str()).await.unwrap();
    screenshot(c, shots, "passage-desktop", DESKTOP.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "passage page, desktop: {serious:#?}");

    // 5. The documents list and one document's outline.
    c.goto(&format!("{base}/documents")).await.unwrap();
    assert_eq!(c.title().await.unwrap(), "Documents searched – Pinpoint");
    let rows = c.find_all(Locator::Css("tbody tr")).await.unwrap();
    assert!(
        rows.len() >= 40,
        "every document is listed ({} rows)",
        rows.len()
    );
    screenshot(c, shots, "documents-desktop", DESKTOP.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "documents page, desktop: {serious:#?}");
    c.goto(&format!("{base}/documents/kcsie")).await.unwrap();
    let outline = c.find_all(Locator::Css(".app-outline li")).await.unwrap();
    assert!(outline.len() > 10, "KCSIE's outline lists its headings");
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "document page: {serious:#?}");

    // 5b. What changed in the edition in force, reached from the document page's link.
    c.find(Locator::LinkText("What changed in this edition"))
        .await
        .expect("the document page links to what changed")
        .click()
        .await
        .unwrap();
    wait_for_url(c, "/documents/kcsie/changes").await;
    assert_eq!(
        c.title().await.unwrap(),
        "What changed in Keeping children safe in education 2025 – Pinpoint"
    );
    let renumbered = text_of(c, "#renumbered + ul").await;
    assert!(renumbered.contains("paras 148–156"), "{renumbered:.300}");
    // Word diffs: removed and added words are announced, not only coloured.
    let first = c
        .execute(
            "const d = document.querySelector('.app-diff del'); return d && d.textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        first.as_str().is_some_and(|t| t.starts_with("removed: ")),
        "changed paragraphs show their word diff, announced: {first}"
    );
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "changes page: {serious:#?}");

    // 5c. A misspelt question: searched as the documents spell it, and the page says so.
    c.goto(&format!(
        "{base}/search?q=who+is+the+designated+safegaurding+lead"
    ))
    .await
    .unwrap();
    let notice = text_of(c, "#corrections").await;
    assert_eq!(
        notice,
        "The documents do not use ‘safegaurding’, so Pinpoint searched for ‘safeguarding’ instead."
    );
    let top = text_of(c, ".app-results li").await.to_lowercase();
    assert!(top.contains("designated safeguarding lead"), "{top:.300}");
    screenshot(c, shots, "search-respelled-desktop", DESKTOP.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "respelled search: {serious:#?}");

    // 6. The no-answer page and the 404 page, in the same look.
    c.goto(&format!(
        "{base}/search?q=sourdough+starter+recipe+hydration"
    ))
    .await
    .unwrap();
    let h2 = text_of(c, "main h2").await;
    assert!(
        h2.contains("No passage in these documents answers your question"),
        "{h2}"
    );
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "no-answer page: {serious:#?}");
    c.goto(&format!("{base}/passages/kcsie/1999-01-01/para-1"))
        .await
        .unwrap();
    assert_eq!(c.title().await.unwrap(), "Page not found – Pinpoint");
    c.goto(&format!("{base}/no-such-page")).await.unwrap();
    assert_eq!(
        c.title().await.unwrap(),
        "Page not found – Pinpoint",
        "an unknown page gets the HTML 404 page"
    );

    // 6b. Errors in the GOV.UK pattern: the error summary takes focus when the page loads (pinpoint.js), and an
    // edition that does not exist says so and lists the editions there are.
    c.goto(&format!(
        "{base}/check?document=kcsie&edition=&paragraph=363"
    ))
    .await
    .unwrap();
    assert_eq!(
        c.title().await.unwrap(),
        "Error: Check a citation – Pinpoint"
    );
    let summary = focused(c).await;
    assert!(
        summary.starts_with("div#.govuk-error-summary"),
        "the error summary has focus, not {summary}"
    );
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "check page with an error: {serious:#?}");
    c.goto(&format!("{base}/documents/kcsie?edition=2019"))
        .await
        .unwrap();
    let summary = focused(c).await;
    assert!(
        summary.starts_with("div#.govuk-error-summary"),
        "the error summary has focus, not {summary}"
    );
    let message = text_of(c, ".govuk-error-summary__list").await;
    assert_eq!(
        message,
        "No edition of Keeping children safe in education is called 2019"
    );
    let editions = c
        .find_all(Locator::Css(
            ".app-editions a[href^='/documents/kcsie?edition=']",
        ))
        .await
        .unwrap();
    assert!(editions.len() >= 2, "the editions are linked");
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "unknown edition page: {serious:#?}");

    // 7. Phone width: the same pages, checked and photographed.
    set_width(c, PHONE).await;
    c.goto(&format!("{base}/search?q=what+is+transferable+risk"))
        .await
        .unwrap();
    fits_phone(c, "search results").await;
    screenshot(c, shots, "search-results-phone", PHONE.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "search results, phone: {serious:#?}");
    c.goto(&format!("{base}/passages/kcsie/2025-07-07/para-360"))
        .await
        .unwrap();
    fits_phone(c, "passage").await;
    screenshot(c, shots, "passage-phone", PHONE.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "passage page, phone: {serious:#?}");
    c.goto(&format!("{base}/documents")).await.unwrap();
    fits_phone(c, "documents").await;
    screenshot(c, shots, "documents-phone", PHONE.0).await;
    let serious = axe_serious(c, axe).await;
    assert!(serious.is_empty(), "documents page, phone: {serious:#?}");

    // 8. The check can fail: an unlabelled field added to the page is reported.
    c.execute(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=\"text\">');",
        vec![],
    )
    .await
    .unwrap();
    let serious = axe_serious(c, axe).await;
    assert!(
        serious.iter().any(|v| v.starts_with("label ")),
        "axe-core reports an unlabelled field: {serious:#?}"
    );
}
