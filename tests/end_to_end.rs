//! End to end: the built `pinpoint` binary on the real corpus (`../shared/corpus`, beside the repository) and on
//! mirrors these tests assemble from it, with broken files mixed in.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;
use support::{binary, on_real_corpus, pinpoint, run, shared};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Ingests the whole real corpus once per test binary run into a shared temporary index.
fn real_index() -> &'static Path {
    use std::sync::OnceLock;
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let out = run(on_real_corpus(dir.path(), &["ingest"]));
            assert!(
                out.status.success(),
                "ingest failed: {}\n{}",
                stdout(&out),
                String::from_utf8_lossy(&out.stderr)
            );
            dir
        })
        .path()
}

fn search_json(query: &str) -> Value {
    search_json_with(query, &[])
}

fn search_json_with(query: &str, flags: &[&str]) -> Value {
    let mut args = vec!["search", "--json"];
    args.extend_from_slice(flags);
    args.push(query);
    let out = run(on_real_corpus(real_index(), &args));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON answer")
}

#[test]
fn ingest_takes_in_every_mirrored_document() {
    let _ = real_index();
    let out = run(on_real_corpus(real_index(), &["ingest"]));
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("43 editions ingested"), "{text}");
    assert!(text.contains("0 rejected"), "{text}");
}

#[test]
fn search_answers_with_the_json_contract() {
    let answer = search_json("assessment of transferable risk");
    assert_eq!(answer["query"], "assessment of transferable risk");
    let hit = &answer["hits"][0];
    for field in [
        "id", "source", "doc_id", "edition", "title", "url", "locator", "citation", "text", "score",
    ] {
        assert!(!hit[field].is_null(), "hit lacks {field}: {hit}");
    }
    assert_eq!(
        hit["source"], "kcsie-2025-july-for-information.pdf",
        "current edition first: {hit}"
    );
    assert!(hit["text"].as_str().unwrap().contains("transferable risk"));
    let loc = &hit["locator"];
    assert!(
        loc["page"].as_u64().unwrap() >= 90 && loc["paragraph"].is_string(),
        "{loc}"
    );
    assert!(hit["citation"]
        .as_str()
        .unwrap()
        .starts_with("Keeping children safe in education 2025, para "));
    // The corpus gives GOV.UK's publication page, not the PDF, as KCSIE's address: a `#page=` fragment there would
    // open the top of an HTML page, so the link is the page itself (`pinpoint_model::Locator::deep_link`).
    assert_eq!(
        hit["url"],
        "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2",
        "{hit}"
    );
}

#[test]
fn editions_in_force_on_a_date() {
    // KCSIE 2025 was published on 7 July 2025 but is in force only from 1 September 2025: in August the 2024
    // edition still applies. Today (and from September 2025) the 2025 edition does.
    let edition_of_first = |flags: &[&str]| {
        let a = search_json_with("this is known as transferable risk", flags);
        a["hits"][0]["edition"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        edition_of_first(&["--as-of", "2025-08-15", "--doc", "kcsie"]),
        "2024-09-02"
    );
    assert_eq!(
        edition_of_first(&["--as-of", "2025-09-01", "--doc", "kcsie"]),
        "2025-07-07"
    );
    assert_eq!(edition_of_first(&["--doc", "kcsie"]), "2025-07-07");
    assert_eq!(
        edition_of_first(&["--edition", "2024", "--doc", "kcsie"]),
        "2024-09-02"
    );
    // Before the first edition in the index was in force, KCSIE is not searched at all.
    let before = search_json_with(
        "transferable risk",
        &["--as-of", "2020-01-01", "--doc", "kcsie"],
    );
    assert_eq!(before["hits"].as_array().map(Vec::len), Some(0), "{before}");
    // A malformed date is a usage error, not an empty answer.
    let out = run(on_real_corpus(
        real_index(),
        &["search", "--as-of", "1 Sept", "x"],
    ));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
}

#[test]
fn legislation_is_cited_by_section() {
    let answer = search_json("section 16E safeguarding partners");
    let sections: Vec<&str> = answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["locator"]["section"].as_str())
        .collect();
    assert!(
        sections.iter().any(|s| s.starts_with("s. 16E")),
        "{sections:?}"
    );
}

#[test]
fn batch_mode_answers_each_line_in_order() {
    let mut child = binary()
        .arg("--index")
        .arg(real_index())
        .args(["search", "--json", "--limit", "3", "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    let questions = [
        "what is a LADO",
        "",
        "suspension of staff",
        &"word ".repeat(400),
    ];
    {
        let mut stdin = child.stdin.take().unwrap();
        for q in questions {
            writeln!(stdin, "{q}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["query"], "what is a LADO");
    assert!(!lines[0]["hits"].as_array().unwrap().is_empty());
    // An empty or absurd question gets an error object in its place, not a crash, and a non-zero exit.
    assert!(lines[1]["error"].is_string(), "{}", lines[1]);
    assert!(lines[3]["error"].is_string(), "{}", lines[3]);
    assert_eq!(lines[2]["query"], "suspension of staff");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn schedule_paragraphs_of_a_statutory_instrument_are_cited_as_such() {
    let answer = search_json(
        "What does Schedule 2 to the Children's Homes Regulations 2015 require about employment history",
    );
    let top = &answer["hits"][0];
    assert_eq!(
        top["citation"], "Children's Homes (England) Regulations 2015, Sch. 2 para 6, p. 41",
        "{top}"
    );
    assert!(top["text"]
        .as_str()
        .unwrap()
        .starts_with("A full employment history"));
    // The schedule's heading and title are not run into the last paragraph of the schedule before it.
    assert!(!top["text"].as_str().unwrap().contains("SCHEDULE"), "{top}");

    // An Act's schedule, including a paragraph inserted after an annotation (which used to be dropped).
    let answer =
        search_json("can the Secretary of State appoint an interim Children's Commissioner");
    let top = &answer["hits"][0];
    assert_eq!(
        top["citation"], "Children Act 2004, Sch. 1 para 3A(1), p. 77",
        "{top}"
    );
    assert_eq!(
        top["locator"]["heading"],
        serde_json::json!([
            "Schedule 1: CHILDREN’S COMMISSIONER",
            "Interim appointments"
        ])
    );
}

#[test]
fn off_topic_questions_have_no_answer_and_long_lay_ones_are_not_refused() {
    for q in [
        "how do I change a car tyre",
        "what is the capital of france",
        "who won the world cup in 2018",
    ] {
        let answer = search_json(q);
        assert_eq!(answer["no_answer"], true, "{q}: {answer}");
        // The nearest passages are still shown.
        assert!(!answer["hits"].as_array().unwrap().is_empty(), "{q}");
    }
    // Long, in the asker's own words ("chucking it down", "own up"), and answered by KCSIE's self-referral
    // paragraph: refusing it would be the worse mistake.
    let answer = search_json(
        "I'm a teaching assistant and last week I gave a year 10 girl a lift home because it was chucking it \
         down and her mum couldn't come. Nothing happened at all but now I'm panicking about how it looks. \
         Should I own up to someone or will I just be getting myself in trouble?",
    );
    assert_eq!(answer["no_answer"], false, "{answer}");
}

#[test]
fn a_misspelt_word_is_searched_as_the_documents_spell_it() {
    let answer = search_json("what does the designated safegaurding lead do");
    assert_eq!(
        answer["corrections"],
        serde_json::json!([{"typed": "safegaurding", "searched": "safeguarding"}]),
        "{answer}"
    );
    assert_eq!(answer["no_answer"], false);
    let top = answer["hits"][0]["text"].as_str().unwrap().to_lowercase();
    assert!(top.contains("designated safeguarding lead"), "{top}");
    // The text form says so too.
    let out = run(on_real_corpus(
        real_index(),
        &["search", "what does the designated safegaurding lead do"],
    ));
    assert!(
        stdout(&out).contains(
            "The documents do not use ‘safegaurding’; searched for ‘safeguarding’ instead."
        ),
        "{}",
        stdout(&out)
    );
    // Spelt right, nothing is reported.
    let answer = search_json("what does the designated safeguarding lead do");
    assert!(answer.get("corrections").is_none(), "{answer}");
    // An acronym with two letters swapped still names its document, and finds what the right spelling finds.
    let typo = search_json("what does KSCIE say about allegations against staff");
    let right = search_json("what does KCSIE say about allegations against staff");
    assert_eq!(
        typo["corrections"],
        serde_json::json!([{"typed": "KSCIE", "searched": "KCSIE"}])
    );
    assert_eq!(typo["hits"], right["hits"]);
}

/// The ids of the hits for each question, asked in one batch with `--limit limit`.
fn batch_hit_ids(questions: &[String], limit: usize) -> Vec<Vec<String>> {
    let mut child = binary()
        .arg("--index")
        .arg(real_index())
        .args([
            "search",
            "--json",
            "--limit",
            &limit.to_string(),
            "--batch",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    {
        let mut stdin = child.stdin.take().unwrap();
        for q in questions {
            writeln!(stdin, "{q}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    stdout(&out)
        .lines()
        .map(|l| {
            let answer: Value = serde_json::from_str(l).unwrap();
            answer["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_first_hits_do_not_depend_on_the_limit() {
    // Re-ranking lifts passages from deep in the BM25 order; when the candidate pool grew with the limit, asking
    // for 50 hits reordered the first 10 (the dev set's lay questions showed it). The pool is now fixed.
    let questions: Vec<String> = std::fs::read_to_string(shared().join("eval/dev.jsonl"))
        .expect("dev set")
        .lines()
        .map(|l| {
            let item: Value = serde_json::from_str(l).unwrap();
            item["question"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(questions.len() >= 20);
    let ten = batch_hit_ids(&questions, 10);
    let fifty = batch_hit_ids(&questions, 50);
    for ((q, a), b) in questions.iter().zip(&ten).zip(&fifty) {
        assert!(b.len() >= a.len(), "{q}");
        assert_eq!(a[..], b[..a.len()], "{q}");
    }
}

#[test]
fn search_without_an_index_says_to_ingest_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(on_real_corpus(&dir.path().join("none"), &["search", "x"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pinpoint ingest"));
}

/// A mirror with two good documents and five bad ones, listed in a sources file of its own.
fn hostile_mirror(dir: &Path) -> PathBuf {
    let mirror = dir.join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    let raw = support::raw();
    std::fs::copy(
        raw.join("govuk-dismissal-your-rights.json"),
        mirror.join("dismissal.json"),
    )
    .unwrap();
    std::fs::copy(
        raw.join("ofsted-publication-of-outcome-summaries-govuk-print.pdf"),
        mirror.join("outcomes.pdf"),
    )
    .unwrap();
    let hostile = shared().join("fixtures/hostile-pdfs");
    std::fs::copy(
        hostile.join("qpdf__bad1-not-a-pdf.pdf"),
        mirror.join("not-a-pdf.pdf"),
    )
    .unwrap();
    std::fs::copy(
        hostile.join("qpdf__enc-aes-256-R6-userpw-view.pdf"),
        mirror.join("encrypted.pdf"),
    )
    .unwrap();
    std::fs::write(
        mirror.join("truncated.json"),
        b"{\"title\": \"Broken\", \"body\": \"<p>cut off",
    )
    .unwrap();
    std::fs::write(mirror.join("garbage.xml"), b"<Legislation><unclosed>").unwrap();
    let mut toml = String::new();
    for (id, file, format, kind) in [
        ("dismissal", "dismissal.json", "govuk-json", "govuk-guide"),
        ("outcomes", "outcomes.pdf", "pdf", "guidance"),
        ("not-a-pdf", "not-a-pdf.pdf", "pdf", "guidance"),
        ("encrypted", "encrypted.pdf", "pdf", "guidance"),
        ("truncated", "truncated.json", "govuk-json", "govuk-guide"),
        ("garbage", "garbage.xml", "clml", "legislation"),
        ("absent", "absent.pdf", "pdf", "guidance"),
    ] {
        toml.push_str(&format!(
            "[[document]]\nid = \"{id}\"\ntitle = \"{id}\"\nkind = \"{kind}\"\npublisher = \"Test\"\n\n\
             [[document.edition]]\nid = \"2024-01-01\"\ncite_as = \"{id}\"\nurl = \"https://www.gov.uk/{id}\"\n\
             file = \"{file}\"\nformat = \"{format}\"\n\n"
        ));
    }
    support::write_sources(dir, &toml);
    mirror
}

#[test]
fn bad_files_are_reported_and_the_rest_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = hostile_mirror(dir.path());
    let sources = dir.path().join("sources.toml");
    let index = dir.path().join("index");
    let out = run(pinpoint(&index, &mirror, &sources, &["ingest"]));
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "some documents were rejected: {text}"
    );
    assert!(text.contains("2 editions ingested"), "{text}");
    assert!(text.contains("5 rejected"), "{text}");
    for (doc, reason) in [
        ("not-a-pdf", "not a PDF"),
        ("encrypted", "encrypted"),
        ("truncated", "JSON"),
        ("absent", "missing"),
    ] {
        let line = text
            .lines()
            .skip_while(|l| !l.contains(doc))
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            line.to_lowercase().contains(&reason.to_lowercase()),
            "{doc}: no clear reason in {line:?}"
        );
    }
    let found = run(pinpoint(
        &index,
        &mirror,
        &sources,
        &["search", "--json", "dismissal written reasons"],
    ));
    let answer: Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(answer["hits"][0]["doc_id"], "dismissal");
}

#[test]
fn a_document_broken_on_reingest_keeps_its_previous_passages() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = hostile_mirror(dir.path());
    let sources = dir.path().join("sources.toml");
    let index = dir.path().join("index");
    run(pinpoint(&index, &mirror, &sources, &["ingest"]));
    // The guide is replaced by a truncated download.
    std::fs::write(mirror.join("dismissal.json"), b"{\"title\": \"Dismissal").unwrap();
    let out = run(pinpoint(&index, &mirror, &sources, &["ingest"]));
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("previous copy kept"), "{text}");
    let found = run(pinpoint(
        &index,
        &mirror,
        &sources,
        &["search", "--json", "dismissal written reasons"],
    ));
    let answer: Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(
        answer["hits"][0]["doc_id"], "dismissal",
        "the previous passages still answer"
    );
}

#[test]
fn extract_prints_one_page() {
    let pdf = support::raw().join("kcsie-2024.pdf");
    let out = binary()
        .arg("extract")
        .arg(&pdf)
        .args(["--page", "93"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("363.") && text.contains("transferable risk"),
        "{text}"
    );
    let bad = binary()
        .arg("extract")
        .arg(&pdf)
        .args(["--page", "999"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("185 pages"));
}
