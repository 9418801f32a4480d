//! The real files in the shared corpus and fixtures (`../shared` beside the repository).

use pinpoint_html::*;

const RAW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/raw/");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/");

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn number(b: &Block) -> Option<&str> {
    match &b.kind {
        BlockKind::Provision { number, .. } => Some(number),
        _ => None,
    }
}

#[test]
fn every_corpus_json_export_parses() {
    let mut seen = 0;
    for entry in std::fs::read_dir(RAW).expect("corpus dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        if !(name.starts_with("govuk-") && name.ends_with(".json")) {
            continue;
        }
        let doc = parse_govuk_json(&read(path.to_str().expect("utf-8 path")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!doc.blocks.is_empty(), "{name}");
        assert!(
            doc.metadata.title.is_some()
                && doc.metadata.url.is_some()
                && doc.metadata.updated.is_some(),
            "{name}"
        );
        seen += 1;
    }
    assert!(seen >= 25, "only {seen} exports");
}

#[test]
fn dismissal_guide_headings_and_lists() {
    let doc =
        parse_govuk_json(&read(&format!("{RAW}govuk-dismissal-your-rights.json"))).expect("parses");
    assert_eq!(
        doc.metadata.url.as_deref(),
        Some("https://www.gov.uk/dismissal")
    );
    let b = doc
        .blocks
        .iter()
        .find(|b| b.text.contains("within 14 days of you asking"))
        .expect("known sentence");
    assert_eq!(b.heading, vec!["Getting your dismissal in writing"]);
    // The export runs the guide's parts together: its headings are linked on the printable guide, which has them all.
    assert_eq!(
        b.anchor.as_deref(),
        Some("/print#getting-your-dismissal-in-writing")
    );
    let list = doc
        .blocks
        .iter()
        .find(|b| {
            b.text
                .starts_with("If you’re dismissed, your employer must show")
        })
        .expect("lead-in");
    assert!(
        list.text
            .contains(": • a valid reason that they can justify • acted reasonably"),
        "{}",
        list.text
    );
}

#[test]
fn sccif_page_is_main_content_only() {
    let doc = parse_govuk_page(&read(&format!(
        "{RAW}ofsted-sccif-childrens-homes-govuk.html"
    )))
    .expect("parses");
    assert_eq!(
        doc.metadata.title.as_deref(),
        Some("Social care common inspection framework (SCCIF): children’s homes")
    );
    assert!(doc
        .metadata
        .url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://www.gov.uk/government/publications/")));
    assert_eq!(
        doc.metadata.updated.as_deref(),
        Some("2025-04-04T09:30:07+01:00")
    );
    assert!(doc.blocks.len() > 400, "{}", doc.blocks.len());
    for b in &doc.blocks {
        let t = b.text.to_lowercase();
        for chrome in [
            "cookies",
            "crown copyright",
            "is this page useful",
            "back to top",
            "open government licence",
        ] {
            assert!(!t.contains(chrome), "chrome {chrome:?} in {:?}", b.text);
        }
        assert!(b.heading.first().map(String::as_str) != Some("Contents"));
    }
    let first = &doc.blocks[0];
    assert_eq!(first.heading, vec!["Introduction"]);
    assert!(first.text.starts_with("The social care common inspection framework (SCCIF) applies to inspections of: • children’s homes"));
    assert!(doc.blocks.iter().any(|b| b
        .text
        .starts_with("Steps: Step 1; Description: The provider should raise")));
    assert!(
        doc.blocks.iter().any(|b| b.heading.len() == 3),
        "h4 headings nest under h3 under h2"
    );
}

#[test]
fn content_api_fixtures_parse_or_give_the_expected_error() {
    let dir = format!("{FIXTURES}govuk-content-api/");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        let result = parse_govuk_json(&read(path.to_str().expect("utf-8 path")));
        seen += 1;
        match name.as_str() {
            "gone__gone.json" => assert_eq!(result, Err(Error::Gone { alternative: None })),
            "redirect__redirect.json" => assert_eq!(
                result,
                Err(Error::Redirect {
                    to: "https://www.gov.uk/maritime-safety-weather-and-navigation/register-406-mhz-beacons?query=answer#fragment"
                        .into()
                })
            ),
            "guide__no-part-guide.json" => {
                let doc = result.expect(&name);
                assert!(doc.blocks.is_empty() && !doc.warnings.is_empty());
            }
            _ => {
                let doc = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!doc.blocks.is_empty(), "{name} has no blocks");
                assert!(doc.metadata.url.as_deref().is_some_and(|u| u.starts_with("https://www.gov.uk/")), "{name}");
                assert!(doc.metadata.updated.is_some(), "{name}");
            }
        }
    }
    assert_eq!(seen, 20);
}

#[test]
fn content_api_guide_parts() {
    let doc = parse_govuk_json(&read(&format!(
        "{FIXTURES}govuk-content-api/guide__guide.json"
    )))
    .expect("parses");
    assert_eq!(
        doc.metadata.url.as_deref(),
        Some("https://www.gov.uk/national-curriculum")
    );
    let tops: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| b.heading.first().map(String::as_str))
        .collect();
    assert!(tops.contains(&"Overview"));
    let b = doc
        .blocks
        .iter()
        .find(|b| b.heading.first().map(String::as_str) != Some("Overview"))
        .expect("2nd part");
    assert!(
        b.anchor.as_deref().is_some_and(|a| a.starts_with('/')),
        "{:?}",
        b.anchor
    );
}

#[test]
fn housing_act() {
    let t = std::time::Instant::now();
    let doc = parse_clml(&read(&format!("{RAW}ukpga-2004-34.xml"))).expect("parses");
    let elapsed = t.elapsed();
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
    assert_eq!(doc.metadata.title.as_deref(), Some("Housing Act 2004"));
    assert_eq!(
        doc.metadata.url.as_deref(),
        Some("http://www.legislation.gov.uk/ukpga/2004/34")
    );
    assert_eq!(doc.metadata.updated.as_deref(), Some("2022-04-28"));
    let b = doc
        .blocks
        .iter()
        .find(|b| number(b) == Some("1(1)"))
        .expect("section 1(1)");
    assert_eq!(b.heading[0], "Part 1 — Housing conditions");
    assert_eq!(
        b.heading[1],
        "Chapter 1 — Enforcement of housing standards: general"
    );
    assert_eq!(b.anchor.as_deref(), Some("section-1-1"));
    assert!(
        b.text
            .starts_with("This Part provides— (a) for a new system"),
        "{}",
        b.text
    );
    assert!(doc.blocks.iter().any(|b| number(b) == Some("1 para 1(1)")
        && b.kind
            == BlockKind::Provision {
                kind: ProvisionKind::Schedule,
                number: "1 para 1(1)".into()
            }));
    assert!(doc.blocks.len() > 2000);
    assert!(doc
        .blocks
        .iter()
        .all(|b| !b.text.is_empty() && b.text.chars().any(char::is_alphanumeric)));
}

#[test]
fn other_corpus_and_fixture_legislation() {
    let eu = parse_clml(&read(&format!("{RAW}eur-2016-2243.xml"))).expect("eu");
    assert_eq!(
        eu.blocks[0].kind,
        BlockKind::Provision {
            kind: ProvisionKind::Article,
            number: "1".into()
        }
    );
    assert_eq!(
        eu.blocks[0].heading,
        vec!["Amendment to Regulation (EC) No 341/2007"]
    );

    let repealed = parse_clml(&read(&format!("{RAW}ukpga-Geo3-49-126.xml"))).expect("geo3");
    assert!(
        repealed.blocks.is_empty(),
        "every section is repealed (dots only)"
    );
    assert!(repealed.warnings.iter().any(|w| w.contains("14 repealed")));

    let armour = parse_clml(&read(&format!("{RAW}aep-Edw2-7-0.xml"))).expect("aep");
    assert!(armour.blocks[0]
        .text
        .starts_with("The King to the Justices of his Bench"));

    let dir = format!("{FIXTURES}legislation-xml/");
    for entry in std::fs::read_dir(&dir).expect("dir") {
        let path = entry.expect("entry").path();
        let doc = parse_clml(&read(path.to_str().expect("path")))
            .unwrap_or_else(|e| panic!("{path:?}: {e}"));
        assert!(!doc.blocks.is_empty(), "{path:?}");
        assert!(doc.metadata.title.is_some(), "{path:?}");
    }
    let si = parse_clml(&read(&format!(
        "{dir}uksi-1998-1584-made__education-teachers-amendment-regulations-1998.xml"
    )))
    .expect("si");
    assert_eq!(
        si.blocks[0].kind,
        BlockKind::Provision {
            kind: ProvisionKind::Regulation,
            number: "1".into()
        }
    );
    // A regulation quoted inside a BlockAmendment stays inside the amending provision.
    assert!(si.blocks.iter().all(|b| number(b) != Some("10A")));
    assert!(si
        .blocks
        .iter()
        .any(|b| number(b) == Some("3(4)") && b.text.contains("10A The governing body")));

    let frag = parse_clml(&read(&format!(
        "{dir}ukpga-1995-50-section-1-revised-2009-10-01__disability-discrimination-act-1995-FRAGMENT.xml"
    )))
    .expect("fragment");
    assert_eq!(number(&frag.blocks[0]), Some("1(1)"));
}
