//! `pinpoint diff` and `pinpoint check-citations` through the built binary, on an index of the real KCSIE 2024
//! and 2025 PDFs (`../shared/corpus/raw`, beside the repository).

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use serde_json::Value;

/// The two KCSIE editions as `corpus/sources.toml` lists them, alone, so the index builds in seconds.
const SOURCES: &str = r#"
[[document]]
id = "kcsie"
title = "Keeping children safe in education"
kind = "statutory-guidance"
publisher = "Department for Education"

[[document.edition]]
id = "2024-09-02"
in_force_from = "2024-09-02"
cite_as = "Keeping children safe in education 2024"
url = "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2"
file = "kcsie-2024.pdf"
format = "pdf"

[[document.edition]]
id = "2025-07-07"
in_force_from = "2025-09-01"
cite_as = "Keeping children safe in education 2025"
url = "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2"
file = "kcsie-2025-july-for-information.pdf"
format = "pdf"
"#;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }
    fn sources(&self) -> PathBuf {
        self.dir.path().join("sources.toml")
    }
    fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).unwrap();
        p
    }
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        support::write_sources(f.dir.path(), SOURCES);
        let out = run(&f, &["ingest"]);
        assert!(out.status.success(), "ingest: {}", text(&out.stderr));
        f
    })
}

fn run(f: &Fixture, args: &[&str]) -> Output {
    support::run(support::pinpoint(
        &f.index(),
        &support::raw(),
        &f.sources(),
        args,
    ))
}

fn pinpoint(args: &[&str]) -> Output {
    run(fixture(), args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn diff_text_lists_renumbering_changes_and_counts() {
    let out = pinpoint(&["diff", "kcsie", "2024", "2025"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("Keeping children safe in education 2024 (2024-09-02) → Keeping children safe in education 2025 (2025-07-07, in force from 2025-09-01)"), "{s}");
    // 2024 para 363 is inside a collapsed run of renumbered paragraphs ending at or after it.
    let run_with_363 = s.lines().any(|l| {
        let Some(rest) = l.trim().strip_prefix("paras ") else {
            return l.trim() == "para 363 → para 360";
        };
        let nums: Vec<i64> = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .filter_map(|n| n.parse().ok())
            .collect();
        // paras A–B → C–D (N paragraphs): 363 in A..=B, shifted by the same amount as 360.
        matches!(nums.as_slice(), [a, b, c, _, _] if (*a..=*b).contains(&363) && c - a == -3)
    });
    assert!(
        run_with_363,
        "2024 para 363 → 2025 para 360 not listed:\n{s}"
    );
    assert!(s.contains("\nChanged ("), "{s}");
    assert!(
        s.contains("[-TRA’s Employer Access service-] {+DfE’s Check a teacher’s record+}"),
        "{s}"
    );
    assert!(s.contains("\nMerged ("), "{s}");
    assert!(s.contains("para 143 (p. 40) + para 144 (p. 40) + para 145 (p. 40) + para 146 (p. 40) → para 143 (pp. 40–41)"), "{s}");
    assert!(s.contains("\nAdded ("), "{s}");
    assert!(s.contains("\nRemoved ("), "{s}");
    assert!(
        !s.contains("\nUnchanged ("),
        "unchanged listed without --all"
    );
    let all = text(&pinpoint(&["diff", "kcsie", "2024", "2025", "--all"]).stdout);
    assert!(all.contains("\nUnchanged ("));
}

#[test]
fn diff_json_is_the_wire_contract() {
    let out = pinpoint(&["diff", "kcsie", "2024-09", "2025-07-07", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["from"]["id"], "2024-09-02");
    assert_eq!(v["to"]["in_force_from"], "2025-09-01");
    let changes = v["changes"].as_array().unwrap();
    let c363 = changes
        .iter()
        .find(|c| c["old"][0]["id"] == "kcsie/2024-09-02/para-363")
        .expect("para 363 listed");
    assert_eq!(c363["kind"], "renumbered");
    assert_eq!(c363["new"][0]["id"], "kcsie/2025-07-07/para-360");
    assert_eq!(c363["new"][0]["locator"]["paragraph"], "360");
    assert_eq!(
        c363["old"][0]["content_hash"],
        c363["new"][0]["content_hash"]
    );
    // Counts agree with the listed changes (unchanged ones are left out without --all).
    for kind in ["renumbered", "changed", "merged", "added", "removed"] {
        let listed = changes.iter().filter(|c| c["kind"] == kind).count();
        assert_eq!(v["counts"][kind], listed, "{kind}");
    }
    assert!(changes.iter().all(|c| c["kind"] != "unchanged"));
}

#[test]
fn diff_refuses_unknown_and_ambiguous_editions() {
    let usage_error = |args: &[&str]| {
        let out = pinpoint(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        text(&out.stderr)
    };
    let err = usage_error(&["diff", "kcsie", "2023", "2025"]);
    assert!(
        err.contains("no edition \"2023\"; the editions are 2024-09-02, 2025-07-07"),
        "{err}"
    );
    let err = usage_error(&["diff", "kcsie", "20", "2025"]);
    assert!(err.contains("ambiguous"), "{err}");
    usage_error(&["diff", "nope", "2024", "2025"]);
}

#[test]
fn saved_citation_to_2024_para_363_stands_moved_to_2025_para_360() {
    let f = fixture();
    let file = f.file(
        "one.json",
        r#"[{"document": "kcsie", "edition": "2024", "paragraph": "363", "quote": "this is known as transferable risk"}]"#,
    );
    let out = pinpoint(&["check-citations", arg(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("stands: 2024 para 363 moved to 2025 para 360, text unchanged (Keeping children safe in education 2025, para 360, p. 94)"), "{s}");

    let out = pinpoint(&["check-citations", "--json", arg(&file)]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "stands");
    assert_eq!(
        v[0]["findings"][0]["current"]["id"],
        "kcsie/2025-07-07/para-360"
    );
    assert_eq!(
        v[0]["findings"][0]["current"]["locator"]["page_label"],
        "94"
    );
    assert_eq!(v[0]["current_edition"]["id"], "2025-07-07");
}

#[test]
fn check_citations_reports_each_outcome_and_exits_1() {
    let f = fixture();
    let file = f.file(
        "mixed.csv",
        "document,edition,paragraph,quote\n\
         kcsie,2024,363,this is known as transferable risk\n\
         kcsie,2024,363,staff must end every friendship with a convicted person\n\
         kcsie,2024,267,Employer Access service\n\
         kcsie,2024,,this is known as transferable risk\n",
    );
    let out = pinpoint(&["check-citations", "--json", arg(&file)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["stands", "not_found", "changed", "stands"]);
    assert_eq!(v[1]["not_found"], "quote_not_in_label");
    assert!(v[1]["message"]
        .as_str()
        .unwrap()
        .contains("does not contain the quote"));
    assert_eq!(
        v[2]["findings"][0]["current"]["locator"]["paragraph"],
        "266"
    );
    assert_eq!(v[2]["findings"][0]["quote_still_present"], false);
    assert!(v[2]["findings"][0]["inline"]
        .as_str()
        .unwrap()
        .contains("{+DfE’s Check a teacher’s record+}"));
}

#[test]
fn check_citations_exits_2_on_what_it_cannot_check() {
    let f = fixture();
    let file = f.file(
        "bad.json",
        r#"[{"document": "kcsie", "edition": "2024", "paragraph": "363"},
            {"document": "no-such-doc", "edition": "2024", "paragraph": "1"}]"#,
    );
    let out = pinpoint(&["check-citations", "--json", arg(&file)]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "stands");
    assert_eq!(v[1]["status"], "error");
    assert!(v[1]["message"].as_str().unwrap().contains("no-such-doc"));

    let broken = f.file("broken.json", "{not json");
    let out = pinpoint(&["check-citations", arg(&broken)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("expected a JSON array"),
        "{}",
        text(&out.stderr)
    );
}
