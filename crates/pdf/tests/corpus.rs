//! Integration tests on the real corpus and on the hostile fixtures, which live in the shared folder beside the
//! repository (`../../../shared` from this crate; CI checks a copy out there too).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pinpoint_pdf::{extract, extract_file, Document, Error, Limits};

fn shared(rel: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")).join(rel)
}

fn kcsie() -> &'static Document {
    static DOC: std::sync::OnceLock<Document> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        extract_file(&shared("corpus/raw/kcsie-2024.pdf"), &Limits::default())
            .expect("KCSIE 2024 extracts")
    })
}

#[test]
fn kcsie_2024_page_93() {
    let doc = kcsie();
    assert_eq!(doc.pages.len(), 185);
    let page = &doc.pages[92];
    assert_eq!(page.number, 93);
    let text = page.text();
    assert!(
        text.lines()
            .any(|l| l.starts_with("363. The last bullet point above")),
        "{text}"
    );
    assert!(
        text.contains("this is known as transferable risk."),
        "{text}"
    );
    assert!(
        text.contains("A \u{201c}case manager\u{201d} will lead any investigation."),
        "{text}"
    );
    // Lines top to bottom, y measured from the top.
    assert!(page.lines.windows(2).all(|w| w[0].y <= w[1].y));
    assert!((page.width - 595.32).abs() < 0.01 && (page.height - 841.92).abs() < 0.01);
}

#[test]
fn kcsie_2024_has_none_of_the_classic_extraction_failures() {
    let doc = kcsie();
    let all: String = doc.pages.iter().map(|p| p.text()).collect();
    for bad in [
        "certi cate",
        "school s ",
        "202 5",
        "col ege",
        "of icer",
        "\u{fb01}",
        "\u{fffd}",
        "  ",
    ] {
        assert!(!all.contains(bad), "found {bad:?}");
    }
    assert!(all.contains("certificate"));
    assert!(all.contains("2024"));
    // Bold headings are recognised.
    assert!(doc.pages[92]
        .lines
        .iter()
        .any(|l| l.bold() && l.text() == "The initial response to an allegation"));
    assert_eq!(
        doc.metadata.title.as_deref(),
        Some("Keeping children safe in education 2024")
    );
    assert!(doc
        .metadata
        .created
        .as_deref()
        .is_some_and(|d| d.starts_with("D:2024")));
    assert!(!doc.outline.is_empty());
    // Word's "Structure Bookmarks" outline: a page-less root over thousands of entries that all resolve.
    assert_eq!(doc.outline[0].title, "Structure Bookmarks");
    assert!(doc
        .outline
        .iter()
        .skip(1)
        .all(|o| o.page.is_some_and(|p| (1..=185).contains(&p))));
    assert!(doc.outline.iter().any(|o| o
        .title
        .starts_with("Part one: Safeguarding information for all staff")));
}

#[test]
fn legislation_page_labels() {
    let doc = extract_file(
        &shared("corpus/raw/uksi-2015-541-childrens-homes-england-regulations-2015.pdf"),
        &Limits::default(),
    )
    .expect("extracts");
    assert_eq!(doc.pages[0].label.as_deref(), Some("1"));
    assert_eq!(doc.pages[19].label.as_deref(), Some("20"));
}

/// Runs `f` on a thread and fails the test if it takes longer than `secs` (a hang must not hang CI).
fn bounded<T: Send + 'static>(
    secs: u64,
    what: String,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(_) => panic!("{what}: did not finish within {secs} s"),
    }
}

fn hostile(name: &str) -> Result<Document, Error> {
    let bytes = std::fs::read(shared("fixtures/hostile-pdfs").join(name)).expect("fixture");
    bounded(20, name.to_string(), move || {
        extract(&bytes, &Limits::default())
    })
}

fn hostile_text(name: &str) -> String {
    match hostile(name) {
        Ok(doc) => doc.pages.iter().map(|p| p.text()).collect(),
        Err(e) => panic!("{name}: {e}"),
    }
}

#[test]
fn every_hostile_fixture_extracts_or_fails_cleanly_in_bounded_time() {
    let dir = shared("fixtures/hostile-pdfs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("hostile fixtures directory")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 40,
        "expected the fixture set, found {}",
        names.len()
    );
    for name in names {
        let t = Instant::now();
        // Any Ok or Err is acceptable here; a panic or a hang fails the test.
        let _ = hostile(&name);
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{name} took {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn hostile_fixtures_recover_text_where_it_is_recoverable() {
    for (name, want) in [
        ("qpdf__bad2-no-startxref.pdf", "Potato"),
        ("qpdf__bad17-dictionary-errors.pdf", "Potato"),
        ("qpdf__bad22-no-stream-length.pdf", "Potato"),
        ("qpdf__bad24-wrong-length-expected-endstream.pdf", "Potato"),
        ("qpdf__bad-xref-entry.pdf", "Potato"),
        ("qpdf__pages-loop-kids-self.pdf", "Potato"),
        ("qpdf__append-xref-loop.pdf", "Potato 2"),
        ("qpdf__issue-149-xref-prev-loop.pdf", "bar"),
        ("qpdf__issue-106-zlib-data-error.pdf", "Potato"),
        ("qpdf__damaged-stream-lzw.pdf", "Potato"),
        ("qpdf__object-streams-xref-stream.pdf", "Potato 29"),
        ("qpdf__enc-rc4-128-R3-no-userpw.pdf", "Potato 0"),
        ("qpdf__enc-aes-128-V4-no-userpw.pdf", "Potato 2"),
        ("qpdf__inherited-rotate.pdf", "Potato"),
        ("qpdf__outlines-with-loop.pdf", "Salad 0"),
        ("qpdf__nested-form-xobjects.pdf", "Page\nFX1\nFX2"),
        ("derived__parent-loop.pdf", "Potato"),
        ("pdfjs__xref_command_missing.pdf", "Reduced test-case"),
        ("pdfjs__helloworld-bad-length.pdf", "Hello, world!"),
        (
            "pdfjs__Pages-tree-refs-kids-cycle.pdf",
            "Testcase: \u{2019}Pages loop\u{2019}",
        ),
        ("pdfjs__copy_paste_ligatures.pdf", "abcdeffffiflffiffl"),
        (
            "pdfminer__issue-1113-evil-xobjects-cycle.pdf",
            "Hello world",
        ),
        (
            "pdfminer__zen_of_python_corrupted-flate.pdf",
            "Beautiful is better than ugly.",
        ),
        (
            "plumber__nics-rotated-90-table.pdf",
            "NICS Firearm Background Checks",
        ),
        (
            "plumber__federal-register-p2-three-column.pdf",
            "Federal Register / Vol. 85, No. 152",
        ),
    ] {
        let text = hostile_text(name);
        assert!(
            text.contains(want),
            "{name}: {want:?} not in {:?}",
            &text[..text.len().min(400)]
        );
    }
}

#[test]
fn hostile_fixtures_that_must_fail_do_so_cleanly() {
    assert_eq!(
        hostile("qpdf__bad1-not-a-pdf.pdf").unwrap_err(),
        Error::NotPdf
    );
    assert_eq!(
        hostile("qpdf__enc-rc4-40-R2-userpw-view.pdf").unwrap_err(),
        Error::Encrypted
    );
    assert_eq!(
        hostile("qpdf__enc-aes-256-R6-userpw-view.pdf").unwrap_err(),
        Error::Encrypted
    );
    assert!(matches!(
        hostile("derived__truncated-scotus-transcript.pdf"),
        Err(Error::Corrupt { .. })
    ));
    assert!(matches!(
        hostile("qpdf__issue-146-deeply-nested-array.pdf"),
        Err(Error::Corrupt { .. })
    ));
    assert!(matches!(
        hostile("qpdf__empty-zero-pages.pdf"),
        Err(Error::NoTextLayer)
    ));
}

#[test]
fn three_column_federal_register_reads_column_by_column() {
    let text = hostile_text("plumber__federal-register-p2-three-column.pdf");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Federal Register / Vol. 85"));
    assert_eq!(lines[1], "Hatta International Airport in Jakarta,");
    assert_eq!(lines[2], "Indonesia, resulting in 189 fatalities.");
}

#[test]
fn table_with_a_label_column_reads_row_by_row() {
    // KCSIE 2025's table of changes (p. 185): a narrow "Page N" column beside the changes. Each label must come
    // right before the row it labels, not all labels first and then all the text.
    let bytes = std::fs::read(shared("corpus/raw/kcsie-2025-july-for-information.pdf")).unwrap();
    let page = pinpoint_pdf::extract_page(&bytes, 185, &Limits::default()).unwrap();
    let text = page.text();
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on the page:\n{text}"))
    };
    assert_eq!(at("Page 47") + 1, at("Para 169"), "{text}");
    assert_eq!(at("Page 74") + 1, at("Para 260"), "{text}");
    assert_eq!(at("Page 140") + 1, at("Para 545"), "{text}");
    assert!(at("Para 144") < at("Page 47"), "{text}");
}
