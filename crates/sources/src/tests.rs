use super::*;

const ONE: &str = r#"
[[document]]
id = "kcsie"
title = "Keeping children safe in education"
kind = "statutory-guidance"
publisher = "Department for Education"

[[document.edition]]
id = "2025-07-07"
in_force_from = "2025-09-01"
cite_as = "Keeping children safe in education 2025"
url = "https://www.gov.uk/kcsie"
file = "kcsie-2025.pdf"
format = "pdf"
sha256 = "299624ff1227f5c488cfd1b63066b03d40053af6f592bdd8ada92e0587292548"

[[document.edition]]
id = "2024-09-02"
in_force_from = "2024-09-02"
cite_as = "Keeping children safe in education 2024"
title = "Keeping children safe in education 2024: statutory guidance"
url = "https://www.gov.uk/kcsie"
file = "kcsie-2024.pdf"
format = "pdf"

[[document]]
id = "childcare-act-2006"
title = "Childcare Act 2006"
kind = "legislation"
publisher = "legislation.gov.uk"

[[document.edition]]
id = "2006-07-11"
cite_as = "Childcare Act 2006"
url = "https://www.legislation.gov.uk/ukpga/2006/21"
format = "clml"
"#;

fn problems(toml: &str) -> Vec<Problem> {
    match SourceList::parse(toml) {
        Err(Error::Invalid { problems, .. }) => problems,
        other => panic!("expected validation problems, got {other:?}"),
    }
}

#[test]
fn parses_entries_into_editions() {
    let list = SourceList::parse(ONE).unwrap();
    let kcsie = list.document(&"kcsie".parse().unwrap()).unwrap();
    let ids: Vec<String> = kcsie
        .editions
        .iter()
        .map(|s| s.edition.id.to_string())
        .collect();
    assert_eq!(
        ids,
        ["2024-09-02", "2025-07-07"],
        "editions are ordered by date, whatever the file order"
    );
    let e24 = &kcsie.editions[0];
    assert_eq!(
        e24.edition.title,
        "Keeping children safe in education 2024: statutory guidance"
    );
    assert_eq!(e24.edition.publisher, "Department for Education");
    assert_eq!(e24.edition.kind, DocKind::StatutoryGuidance);
    assert_eq!(e24.edition.source, "kcsie-2024.pdf");
    assert_eq!(e24.sha256, None);
    let e25 = kcsie.latest();
    assert_eq!(
        e25.edition.title, "Keeping children safe in education",
        "title defaults to the document's"
    );
    assert_eq!(e25.edition.in_force_from, "2025-09-01".parse().unwrap());
    let act = list
        .get(
            &"childcare-act-2006".parse().unwrap(),
            "2006-07-11".parse().unwrap(),
        )
        .unwrap();
    assert_eq!((act.format, act.file.as_deref()), (Format::Clml, None));
    assert_eq!(
        act.edition.source,
        "https://www.legislation.gov.uk/ukpga/2006/21"
    );
    assert_eq!(list.sources().count(), 3);
    assert_eq!(
        list.by_file("kcsie-2025.pdf").unwrap().edition.cite_as,
        "Keeping children safe in education 2025"
    );
}

#[test]
fn duplicate_document_id_names_both_lines() {
    let dup = format!("{ONE}\n[[document]]\nid = \"kcsie\"\ntitle = \"x\"\nkind = \"guidance\"\npublisher = \"y\"\n[[document.edition]]\nid = \"2020-01-01\"\ncite_as = \"x\"\nurl = \"https://x.gov.uk\"\nformat = \"pdf\"\n");
    let ps = problems(&dup);
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert_eq!(ps[0].kind, ProblemKind::DuplicateDocument { first_line: 3 });
    assert_eq!(ps[0].entry, "document \"kcsie\"");
    let msg = SourceList::parse(&dup).unwrap_err().to_string();
    assert!(
        msg.contains("document \"kcsie\": duplicate document id (first listed on line 3)"),
        "{msg}"
    );
}

#[test]
fn duplicate_edition_is_refused() {
    let dup = ONE
        .replace("id = \"2025-07-07\"", "id = \"2024-09-02\"")
        .replace("in_force_from = \"2025-09-01\"\n", "");
    let ps = problems(&dup);
    assert!(
        ps.iter().any(
            |p| p.kind == ProblemKind::DuplicateEdition { first_line: 9 }
                && p.entry == "document \"kcsie\" edition \"2024-09-02\""
                && p.line == Some(17)
        ),
        "{ps:?}"
    );
}

#[test]
fn bad_dates_are_named_with_entry_and_line() {
    let bad = ONE
        .replace("id = \"2024-09-02\"", "id = \"2024-02-30\"")
        .replace("\"2025-09-01\"", "\"1 Sept 2025\"");
    let err = SourceList::parse(&bad).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("line 10: document \"kcsie\" edition \"2025-07-07\": `in_force_from` = \"1 Sept 2025\" is not a date"), "{msg}");
    assert!(msg.contains("line 18: document \"kcsie\" edition \"2024-02-30\": `id` = \"2024-02-30\" is not a date"), "{msg}");
}

#[test]
fn unknown_kind_and_format_are_refused() {
    let bad = ONE
        .replace("kind = \"legislation\"", "kind = \"statute\"")
        .replace("format = \"clml\"", "format = \"xml\"");
    let ps = problems(&bad);
    let kinds: Vec<&ProblemKind> = ps.iter().map(|p| &p.kind).collect();
    assert_eq!(
        kinds,
        [
            &ProblemKind::UnknownKind("statute".into()),
            &ProblemKind::UnknownFormat("xml".into())
        ]
    );
    assert!(
        ps[0]
            .to_string()
            .contains("expected one of legislation, statutory-guidance"),
        "{}",
        ps[0]
    );
    assert_eq!(ps[0].entry, "document \"childcare-act-2006\"");
}

#[test]
fn bad_doc_id_is_refused() {
    let ps = problems(&ONE.replace("id = \"kcsie\"", "id = \"KCSIE 2024\""));
    assert!(matches!(ps[0].kind, ProblemKind::BadDocId(_)), "{ps:?}");
    assert_eq!(ps[0].entry, "document #1");
}

#[test]
fn in_force_dates_must_make_sense() {
    let early = ONE.replace(
        "in_force_from = \"2025-09-01\"",
        "in_force_from = \"2025-01-01\"",
    );
    let ps = problems(&early);
    assert!(
        ps.iter()
            .any(|p| matches!(p.kind, ProblemKind::InForceBeforeEdition { .. })),
        "{ps:?}"
    );
    let backwards = ONE
        .replace(
            "in_force_from = \"2025-09-01\"",
            "in_force_from = \"2025-07-07\"",
        )
        .replace(
            "in_force_from = \"2024-09-02\"",
            "in_force_from = \"2025-08-01\"",
        );
    let ps = problems(&backwards);
    assert!(
        ps.iter()
            .any(|p| matches!(p.kind, ProblemKind::InForceOutOfOrder { .. })
                && p.entry.ends_with("edition \"2025-07-07\"")),
        "{ps:?}"
    );
}

#[test]
fn file_url_and_checksum_are_checked() {
    let bad = ONE
        .replace("file = \"kcsie-2025.pdf\"", "file = \"../kcsie-2025.pdf\"")
        .replace("file = \"kcsie-2024.pdf\"", "file = \"kcsie-2024.json\"")
        .replace(
            "url = \"https://www.legislation.gov.uk/ukpga/2006/21\"",
            "url = \"https://x.gov.uk (as best can tell)\"",
        )
        .replace("sha256 = \"2996", "sha256 = \"XX96");
    let ps = problems(&bad);
    let names: Vec<&str> = ps
        .iter()
        .map(|p| match p.kind {
            ProblemKind::BadFile { .. } => "file",
            ProblemKind::BadSha256(_) => "sha",
            ProblemKind::BadUrl(_) => "url",
            _ => "other",
        })
        .collect();
    assert_eq!(names, ["file", "sha", "file", "url"], "{ps:?}");
}

#[test]
fn one_file_for_two_editions_is_refused() {
    let ps = problems(&ONE.replace("kcsie-2024.pdf", "kcsie-2025.pdf"));
    assert!(
        matches!(&ps[0].kind, ProblemKind::DuplicateFile { other, .. } if other.contains("2025-07-07")),
        "{ps:?}"
    );
}

#[test]
fn toml_shape_errors_give_a_line() {
    let err =
        SourceList::parse(&ONE.replace("cite_as = \"Childcare Act 2006\"", "cite_ass = \"x\""))
            .unwrap_err();
    match &err {
        Error::Syntax { line, message, .. } => {
            assert_eq!(*line, Some(34), "{err}");
            assert!(message.contains("cite_ass"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().starts_with("<string>:34: "), "{err}");
    let err = SourceList::parse("[[document]\n").unwrap_err();
    assert!(matches!(err, Error::Syntax { line: Some(1), .. }), "{err}");
}

#[test]
fn load_names_the_missing_file() {
    let err = SourceList::load("/nonexistent/sources.toml").unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/sources.toml"),
        "{err}"
    );
}

#[test]
fn mirror_locates_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kcsie-2024.pdf"), b"abc").unwrap();
    std::fs::write(dir.path().join("kcsie-2025.pdf"), b"changed").unwrap();
    let list = SourceList::parse(ONE).unwrap();
    let mirror = Mirror::new(dir.path());
    let kcsie = list.document(&"kcsie".parse().unwrap()).unwrap();

    // No sha256 recorded: the file's is reported so it can be recorded.
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    let located = mirror.locate(&kcsie.editions[0]).unwrap();
    assert_eq!(
        located.verify_sha256().unwrap(),
        Checksum::Unrecorded { actual: abc.into() }
    );
    assert_eq!(sha256_file(dir.path().join("kcsie-2024.pdf")).unwrap(), abc);

    // A changed file is a clear mismatch.
    let err = mirror
        .locate(&kcsie.editions[1])
        .unwrap()
        .verify_sha256()
        .unwrap_err();
    assert!(matches!(err, VerifyError::Mismatch { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("document \"kcsie\" edition \"2025-07-07\"") && msg.contains("has changed"),
        "{msg}"
    );

    // No file listed: "not in the mirror", distinguishable from a missing file.
    let act = list
        .document(&"childcare-act-2006".parse().unwrap())
        .unwrap();
    let missing = mirror.locate(act.latest()).unwrap_err();
    assert!(missing.is_not_mirrored());
    assert!(
        missing.to_string().contains("not in the mirror"),
        "{missing}"
    );
    let empty = Mirror::new(dir.path().join("nowhere"));
    let gone = empty.locate(&kcsie.editions[0]).unwrap_err();
    assert!(!gone.is_not_mirrored());
    assert!(
        gone.to_string().contains("missing from the mirror"),
        "{gone}"
    );
}

// ---- the real source list against the shared corpus -------------------------------------------------------------

const SOURCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/sources.toml");
/// The mirror's files kept for parser tests only: same format, never served.
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/fixtures.toml");
const MANIFEST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/manifest.tsv"
);
const RAW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/raw");

/// (file, sha256) for every row of the shared manifest.
fn manifest() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(MANIFEST).unwrap_or_else(|e| panic!("{MANIFEST}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("manifest header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (file, sha) = (col("file"), col("sha256"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells[file].to_owned(), cells[sha].to_owned())
        })
        .collect()
}

/// The served list and the fixture list, both loaded (and so validated).
fn both_lists() -> [SourceList; 2] {
    [SOURCES, FIXTURES].map(|path| SourceList::load(path).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn real_source_list_loads() {
    let list = SourceList::load(SOURCES).unwrap_or_else(|e| panic!("{e}"));
    assert!(list.documents().len() >= 45);
    let kcsie = list
        .document(&"kcsie".parse().unwrap())
        .expect("kcsie listed");
    let ids: Vec<String> = kcsie
        .editions
        .iter()
        .map(|s| s.edition.id.to_string())
        .collect();
    assert_eq!(ids, ["2024-09-02", "2025-07-07"]);
    assert!(kcsie.editions[0].edition.id < kcsie.editions[1].edition.id);
    assert_eq!(
        kcsie.editions[0].edition.cite_as,
        "Keeping children safe in education 2024"
    );
    assert_eq!(
        kcsie.editions[1].edition.cite_as,
        "Keeping children safe in education 2025"
    );
    assert_eq!(
        kcsie.editions[1].edition.in_force_from,
        "2025-09-01".parse().unwrap()
    );
    assert!(kcsie.editions[1]
        .edition
        .note
        .as_deref()
        .unwrap_or("")
        .contains("for information"));
    for id in [
        "disqualification-under-childcare-act-2006",
        "childcare-act-2006",
    ] {
        let doc = list
            .document(&id.parse().unwrap())
            .unwrap_or_else(|| panic!("{id} listed"));
        assert!(
            doc.editions.iter().all(|s| s.file.is_none()),
            "{id} has no local copy"
        );
    }
}

#[test]
fn parser_fixtures_are_listed_apart_and_not_served() {
    let [served, fixtures] = both_lists();
    let ids: Vec<&str> = fixtures.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "housing-act-2004",
            "sale-of-offices-act-1809",
            "statute-forbidding-bearing-of-armour-1313",
            "eur-2016-2243",
        ]
    );
    for doc in fixtures.documents() {
        assert!(
            served.document(&doc.id).is_none(),
            "{} is in both sources.toml and fixtures.toml",
            doc.id.as_str()
        );
        for s in &doc.editions {
            assert!(s.file.is_some(), "{}: a fixture names its file", s.entry());
        }
    }
    for doc in served.documents() {
        let notes = doc
            .editions
            .iter()
            .map(|s| &s.edition.note)
            .chain([&doc.note]);
        for note in notes.flatten() {
            assert!(
                !note.to_lowercase().contains("fixture"),
                "{}: a parser fixture in the served list (move it to fixtures.toml): {note}",
                doc.id.as_str()
            );
        }
    }
}

#[test]
fn the_fixture_list_refuses_unknown_fields_like_the_source_list() {
    let text = std::fs::read_to_string(FIXTURES).unwrap();
    let bad = text.replacen("format = \"clml\"", "format = \"clml\"\nserve = false", 1);
    let err = SourceList::parse(&bad).unwrap_err();
    assert!(
        matches!(&err, Error::Syntax { message, .. } if message.contains("serve")),
        "{err}"
    );
}

#[test]
fn every_manifest_file_is_listed_once_with_its_sha256() {
    let lists = both_lists();
    let manifest = manifest();
    assert_eq!(manifest.len(), 47, "the shared manifest lists 47 files");
    for (file, sha) in &manifest {
        let listed: Vec<&Source> = lists
            .iter()
            .flat_map(|l| l.sources())
            .filter(|s| s.file.as_deref() == Some(file))
            .collect();
        assert_eq!(
            listed.len(),
            1,
            "{file} should be listed exactly once, in sources.toml or (a parser fixture) fixtures.toml"
        );
        assert_eq!(
            listed[0].sha256.as_deref(),
            Some(sha.as_str()),
            "{file}: sha256 differs from the manifest"
        );
        assert_eq!(listed[0].edition.source, *file);
    }
    let listed_files = lists
        .iter()
        .flat_map(|l| l.sources())
        .filter(|s| s.file.is_some())
        .count();
    assert_eq!(
        listed_files,
        manifest.len(),
        "sources.toml and fixtures.toml list files the manifest does not"
    );
}

#[test]
fn every_listed_file_is_in_the_mirror_with_its_sha256() {
    let lists = both_lists();
    let mirror = Mirror::new(RAW);
    let mut checked = 0;
    for source in lists.iter().flat_map(|l| l.sources()) {
        match mirror.locate(source) {
            Ok(located) => {
                assert_eq!(
                    located.verify_sha256().unwrap_or_else(|e| panic!("{e}")),
                    Checksum::Matches
                );
                checked += 1;
            }
            Err(e) if e.is_not_mirrored() => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(checked, 47);
}

/// A one-edition document with extra document-level lines (fetch addresses) and the edition's format.
fn with_fetch(fetch: &str, format: &str, file: &str) -> String {
    format!(
        r#"
[[document]]
id = "doc"
title = "A document"
kind = "guidance"
publisher = "DfE"
{fetch}

[[document.edition]]
id = "2024-01-01"
cite_as = "A document"
url = "https://www.gov.uk/doc"
file = "{file}"
format = "{format}"
"#
    )
}

#[test]
fn fetch_addresses_are_typed() {
    let cases = [
        (
            r#"api = "https://www.gov.uk/api/content/dismissal""#,
            "govuk-json",
            "a.json",
            Fetch::GovukContent {
                api: "https://www.gov.uk/api/content/dismissal".into(),
            },
        ),
        (
            "api = \"https://www.gov.uk/api/content/government/publications/kcsie\"\nattachment = \"KCSIE\"",
            "pdf",
            "a.pdf",
            Fetch::GovukAttachment {
                api: "https://www.gov.uk/api/content/government/publications/kcsie".into(),
                attachment: "KCSIE".into(),
            },
        ),
        (
            r#"data = "https://www.legislation.gov.uk/ukpga/2006/21/data.xml""#,
            "clml",
            "a.xml",
            Fetch::LegislationData {
                data: "https://www.legislation.gov.uk/ukpga/2006/21/data.xml".into(),
            },
        ),
        (
            r#"pdf = "https://assets.publishing.service.gov.uk/media/x/a.pdf""#,
            "pdf",
            "a.pdf",
            Fetch::Pdf {
                url: "https://assets.publishing.service.gov.uk/media/x/a.pdf".into(),
            },
        ),
    ];
    for (fetch, format, file, want) in cases {
        let list = SourceList::parse(&with_fetch(fetch, format, file)).unwrap();
        let doc = &list.documents()[0];
        assert_eq!(doc.fetch.as_ref(), Some(&want), "{fetch}");
        assert_eq!(want.format().as_str(), format);
    }
    let plain = SourceList::parse(&with_fetch("", "pdf", "a.pdf")).unwrap();
    assert_eq!(plain.documents()[0].fetch, None);
}

#[test]
fn bad_fetch_addresses_are_refused_with_their_line() {
    let cases = [
        (
            r#"api = "https://example.org/api/content/x""#,
            "govuk-json",
            "a.json",
            "api",
        ),
        (
            r#"data = "https://www.legislation.gov.uk/ukpga/2006/21""#,
            "clml",
            "a.xml",
            "data",
        ),
        (
            r#"pdf = "http://insecure.example/a.pdf""#,
            "pdf",
            "a.pdf",
            "pdf",
        ),
        (r#"attachment = "KCSIE""#, "pdf", "a.pdf", "attachment"),
        (
            "api = \"https://www.gov.uk/api/content/x\"\npdf = \"https://www.gov.uk/a.pdf\"",
            "pdf",
            "a.pdf",
            "pdf",
        ),
        (
            r#"api = "https://www.gov.uk/api/content/dismissal""#,
            "pdf",
            "a.pdf",
            "format",
        ),
    ];
    for (fetch, format, file, field) in cases {
        let ps = problems(&with_fetch(fetch, format, file));
        assert_eq!(ps.len(), 1, "{fetch}: {ps:?}");
        match &ps[0].kind {
            ProblemKind::BadFetch { field: f, .. } => assert_eq!(*f, field, "{fetch}"),
            other => panic!("{fetch}: expected BadFetch, got {other:?}"),
        }
        assert!(ps[0].line.is_some());
    }
}

#[test]
fn sha256_of_bytes_matches_sha256_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, b"abc").unwrap();
    assert_eq!(
        sha256_bytes(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(sha256_file(&path).unwrap(), sha256_bytes(b"abc"));
}

#[test]
fn the_real_list_names_official_fetch_addresses() {
    let list = SourceList::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpus/sources.toml"
    ))
    .unwrap();
    let kcsie = list.document(&"kcsie".parse().unwrap()).unwrap();
    assert!(
        matches!(&kcsie.fetch, Some(Fetch::GovukAttachment { attachment, .. }) if attachment.contains("children safe"))
    );
    for doc in list.documents() {
        if doc.latest().format == Format::GovukJson {
            assert!(
                matches!(&doc.fetch, Some(Fetch::GovukContent { api }) if api.starts_with("https://www.gov.uk/api/content/")),
                "{}: every GOV.UK JSON document is fetched from the Content API",
                doc.id.as_str()
            );
        }
        if let Some(f) = &doc.fetch {
            assert_eq!(f.format(), doc.latest().format, "{}", doc.id.as_str());
        }
    }
    let childcare = list
        .document(&"childcare-act-2006".parse().unwrap())
        .unwrap();
    assert_eq!(
        childcare.fetch,
        Some(Fetch::LegislationData {
            data: "https://www.legislation.gov.uk/ukpga/2006/21/data.xml".into()
        })
    );
}
