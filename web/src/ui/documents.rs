//! `/documents` (the corpus: kinds, editions, dates, passage counts) and `/documents/{id}` (one document's
//! metadata, editions and outline).
//!
//! An edition named in the address that names no edition of the document, or several, gets a page for the
//! document saying so in the error summary and listing its editions ([`render_edition_error`]; 404 for an unknown
//! name, 400 for an ambiguous one), here and on the "what changed" page. An unknown document is the plain 404.

use std::collections::HashSet;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use pinpoint_diff::EditionNameError;
use pinpoint_model::{DocId, EditionId};

use crate::catalog::{self, CatalogError, DocumentEntry, Outline, OutlineNode};

use super::editions::{self, Editions};
use super::layout::{
    error_summary, not_found, page, problem, respond, summary_row, Crumb, FieldError, Section,
};
use super::text::{count, date, kind_name, thousands};
use super::{blocking_failed, passage_href};
use crate::AppState;

/// A document's page, at one edition (`None`: the current one).
pub(crate) fn document_href(doc: &DocId, edition: Option<EditionId>) -> String {
    match edition {
        Some(e) => format!("/documents/{doc}?edition={e}"),
        None => format!("/documents/{doc}"),
    }
}

/// The outline anchor of a heading path: `h-part-four--transferable-risk`. The passage page's breadcrumbs link to
/// it, so both sides derive it from the path alone.
pub(crate) fn heading_anchor(path: &[String]) -> String {
    let mut out = String::from("h");
    for (i, h) in path.iter().enumerate() {
        out.push_str(if i == 0 { "-" } else { "--" });
        let mut words = h
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .peekable();
        while let Some(w) = words.next() {
            out.extend(w.chars().flat_map(char::to_lowercase));
            if words.peek().is_some() {
                out.push('-');
            }
        }
    }
    out
}

/// `GET /documents`.
pub(crate) async fn list(State(state): State<AppState>) -> Response {
    match state
        .run_blocking(|searcher| {
            let index = searcher.index();
            (catalog::documents(index), Editions::of(index))
        })
        .await
    {
        Ok((docs, editions)) => render_list(&docs, &editions),
        Err(e) => blocking_failed(e),
    }
}

/// The corpus table, documents in the catalogue's order (most authoritative kind first, then by title).
pub(crate) fn render_list(docs: &[DocumentEntry], editions: &Editions) -> Response {
    let edition_count: usize = docs.iter().map(|d| d.editions.len()).sum();
    let passages: u64 = docs
        .iter()
        .flat_map(|d| &d.editions)
        .map(|e| e.passages)
        .sum();
    let main = html! {
        h1 class="govuk-heading-l" { "Documents searched" }
        p class="govuk-body" {
            (count(docs.len() as u64, "document", "documents")) " in " (count(edition_count as u64, "edition", "editions")) ", "
            (count(passages, "passage", "passages")) ". "
            "Searches use the edition of each document in force today unless you choose otherwise."
        }
        table class="govuk-table app-documents" {
            caption class="govuk-table__caption govuk-visually-hidden" { "Documents, their kinds and editions" }
            thead class="govuk-table__head" {
                tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Document" }
                    th scope="col" class="govuk-table__header" { "Kind" }
                    th scope="col" class="govuk-table__header" { "Editions" }
                }
            }
            tbody class="govuk-table__body" {
                @for d in docs {
                    @let current = &d.current().edition;
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" {
                            a class="govuk-link" href=(document_href(&d.doc, None)) { (current.cite_as) }
                        }
                        td class="govuk-table__cell" { (kind_name(current.kind)) }
                        td class="govuk-table__cell" {
                            ul class="app-editions" {
                                @for s in &d.editions {
                                    li {
                                        a class="govuk-link" href=(document_href(&d.doc, Some(s.edition.id))) {
                                            (date(s.edition.id.date()))
                                        }
                                        " " (editions::tag(editions.standing(&s.edition)))
                                        br;
                                        "In force from " (date(s.edition.in_force_from)) ", "
                                        (count(s.passages, "passage", "passages"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    respond(
        StatusCode::OK,
        page(
            "Documents searched",
            Section::Documents,
            &[Crumb::link("Search", "/"), Crumb::text("Documents")],
            main,
        ),
    )
}

/// The outline as nested lists; each heading links to its first passage and carries the anchor the passage
/// page's breadcrumbs point at (made unique where a heading recurs).
fn outline_list(
    nodes: &[OutlineNode],
    path: &mut Vec<String>,
    used: &mut HashSet<String>,
    top: bool,
) -> Markup {
    html! {
        ul class=[top.then_some("app-outline")] {
            @for n in nodes {
                @let anchor = {
                    path.push(n.heading.clone());
                    let base = heading_anchor(path);
                    let mut anchor = base.clone();
                    let mut k = 1;
                    while !used.insert(anchor.clone()) {
                        k += 1;
                        anchor = format!("{base}-{k}");
                    }
                    anchor
                };
                li id=(anchor) {
                    a class="govuk-link" href=(passage_href(&n.first_passage)) { (n.heading) }
                    @if !n.children.is_empty() { (outline_list(&n.children, path, used, false)) }
                }
                @let _ = path.pop();
            }
        }
    }
}

/// What a document page shows.
pub(crate) struct DocumentView {
    pub editions: Editions,
    pub entry: DocumentEntry,
    pub edition: EditionId,
    pub outline: Outline,
}

/// `GET /documents/{id}?edition=` (`current`, or a date or date prefix naming one edition).
pub(crate) async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Ok(doc) = DocId::new(&id) else {
        return not_found();
    };
    let wanted = form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "edition")
        .map(|(_, v)| v.into_owned());
    let result = state
        .run_blocking(
            move |searcher| -> Result<Option<DocumentPage>, pinpoint_index::Error> {
                let index = searcher.index();
                let Some(entry) = catalog::document(index, &doc) else {
                    return Ok(None);
                };
                let edition = match entry.choose(wanted.as_deref()) {
                    Ok(chosen) => chosen.edition.id,
                    Err(e) => {
                        let spec = wanted.as_deref().unwrap_or_default();
                        return Ok(Some(DocumentPage::BadEdition(EditionErrorView {
                            editions: Editions::of(index),
                            problem: EditionProblem::of_choice(&e, spec),
                            entry,
                            on: EditionPage::Document,
                        })));
                    }
                };
                let outline = catalog::outline(index, &doc, edition)?;
                Ok(Some(DocumentPage::Shown(DocumentView {
                    editions: Editions::of(index),
                    entry,
                    edition,
                    outline,
                })))
            },
        )
        .await;
    match result {
        Ok(Ok(Some(DocumentPage::Shown(view)))) => render_document(&view),
        Ok(Ok(Some(DocumentPage::BadEdition(view)))) => render_edition_error(&view),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "document page failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Err(e) => blocking_failed(e),
    }
}

/// What `GET /documents/{id}` answers for a document that exists.
enum DocumentPage {
    /// The edition asked for.
    Shown(DocumentView),
    /// The edition named is unknown or ambiguous.
    BadEdition(EditionErrorView),
}

/// Why an edition named in a document's address names no one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EditionProblem {
    /// No edition is called this.
    Unknown(String),
    /// The name is the start of several editions' dates.
    Ambiguous { name: String, matches: Vec<String> },
}

impl EditionProblem {
    /// The problem `DocumentEntry::choose` found with `spec`.
    fn of_choice(e: &CatalogError, spec: &str) -> EditionProblem {
        match e {
            CatalogError::Ambiguous { spec, editions } => {
                // Oldest first, as `of_name` has them (dates sort as text).
                let mut matches = editions.clone();
                matches.sort();
                EditionProblem::Ambiguous {
                    name: spec.clone(),
                    matches,
                }
            }
            CatalogError::NoSuchEdition { spec, .. }
            | CatalogError::BadEdition(spec)
            | CatalogError::NotOneEdition(spec)
            | CatalogError::EditionAndAsOf(spec) => EditionProblem::Unknown(spec.clone()),
            CatalogError::BadDate(_) | CatalogError::NoMatchingEdition(_) => {
                EditionProblem::Unknown(spec.trim().to_owned())
            }
        }
    }

    /// The problem `catalog::resolve` found.
    pub(crate) fn of_name(e: &EditionNameError) -> EditionProblem {
        match e {
            EditionNameError::NoSuch { name, .. } => EditionProblem::Unknown(name.clone()),
            EditionNameError::Ambiguous { name, matches } => EditionProblem::Ambiguous {
                name: name.clone(),
                matches: matches.iter().map(ToString::to_string).collect(),
            },
        }
    }

    /// 404 for a name nothing has, 400 for one that needs narrowing.
    fn status(&self) -> StatusCode {
        match self {
            EditionProblem::Unknown(_) => StatusCode::NOT_FOUND,
            EditionProblem::Ambiguous { .. } => StatusCode::BAD_REQUEST,
        }
    }

    /// The error summary's message: `No edition of X is called 2019`, `2024 names two editions: 2024-01-01 and
    /// 2024-09-02`.
    fn message(&self, document: &str) -> String {
        // What the address said, within reason: it is shown back on the page.
        let shown = |name: &str| -> String {
            let mut chars = name.chars();
            let head: String = chars.by_ref().take(40).collect();
            if chars.next().is_some() {
                format!("{head}…")
            } else {
                head
            }
        };
        match self {
            EditionProblem::Unknown(name) if name.is_empty() => {
                format!("Name an edition of {document} by its date or year")
            }
            EditionProblem::Unknown(name) => {
                format!("No edition of {document} is called {}", shown(name))
            }
            EditionProblem::Ambiguous { name, matches } => {
                let n = match matches.len() {
                    2 => "two".to_owned(),
                    3 => "three".to_owned(),
                    4 => "four".to_owned(),
                    n => n.to_string(),
                };
                let list = match matches.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                    None => String::new(),
                };
                format!("{} names {n} editions: {list}", shown(name))
            }
        }
    }
}

/// Which page the edition was named on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EditionPage {
    /// `/documents/{id}?edition=`.
    Document,
    /// `/documents/{id}/changes?from=&to=`.
    Changes,
}

/// What the page for an unknown or ambiguous edition shows.
pub(crate) struct EditionErrorView {
    pub editions: Editions,
    pub entry: DocumentEntry,
    pub problem: EditionProblem,
    pub on: EditionPage,
}

/// The page for an edition name that names no edition of the document, or several: the error summary says which,
/// and the document's editions follow as links (on the "what changed" page, with what changed in each).
pub(crate) fn render_edition_error(view: &EditionErrorView) -> Response {
    let entry = &view.entry;
    let current = &entry.current().edition;
    let name = entry.name();
    let changes = view.on == EditionPage::Changes;
    let errors = [FieldError {
        field: "editions",
        message: view.problem.message(&name),
    }];
    let heading = if changes {
        format!("What changed in {name}")
    } else {
        name.clone()
    };
    let mut crumbs = vec![
        Crumb::link("Search", "/"),
        Crumb::link("Documents", "/documents"),
    ];
    if changes {
        crumbs.push(Crumb::link(
            current.cite_as.clone(),
            document_href(&entry.doc, None),
        ));
        crumbs.push(Crumb::text("What changed"));
    } else {
        crumbs.push(Crumb::text(current.cite_as.clone()));
    }
    let main = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(&errors))
                span class="govuk-caption-l" { (kind_name(current.kind)) }
                h1 class="govuk-heading-l" { (heading) }
                h2 class="govuk-heading-m" id="editions" { "Editions" }
                p class="govuk-body" {
                    "Name an edition by its date, or by a year or month only that edition's date starts with."
                }
                ul class="app-editions" {
                    @for s in &entry.editions {
                        @let e = &s.edition;
                        li {
                            a class="govuk-link" href=(document_href(&e.doc, Some(e.id))) {
                                (e.cite_as) " (" (e.id.to_string()) ")"
                            }
                            " " (editions::tag(view.editions.standing(e)))
                            br;
                            "Dated " (date(e.id.date())) ", in force from " (date(e.in_force_from))
                            @if changes && entry.editions.iter().any(|o| o.edition.id < e.id) {
                                br;
                                a class="govuk-link" href=(super::changes::changes_href(&e.doc, None, Some(e.id))) {
                                    "What changed"
                                    span class="govuk-visually-hidden" { " in " (e.cite_as) " (" (e.id.to_string()) ")" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    respond(
        view.problem.status(),
        page(
            &format!("Error: {heading}"),
            Section::Documents,
            &crumbs,
            main,
        ),
    )
}

pub(crate) fn render_document(view: &DocumentView) -> Response {
    let all = &view.entry.editions;
    let Some(stats) = all.iter().find(|s| s.edition.id == view.edition) else {
        return not_found();
    };
    let e = &stats.edition;
    let standing = view.editions.standing(e);
    let main = html! {
        span class="govuk-caption-l" { (kind_name(e.kind)) }
        h1 class="govuk-heading-l" { (e.title) }
        p class="govuk-body" { (editions::tag(standing)) }
        @if let Some(w) = editions::warning(&view.editions, e) { (w) }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                dl class="govuk-summary-list" {
                    (summary_row("Cited as", html! { (e.cite_as) }))
                    (summary_row("Publisher", html! { (e.publisher) }))
                    (summary_row("Edition", html! { (date(e.id.date())) }))
                    (summary_row("In force from", html! { (date(e.in_force_from)) }))
                    (summary_row("Passages", html! { (thousands(stats.passages)) }))
                    @if let Some(note) = &e.note {
                        (summary_row("Source notes", html! { (note) }))
                    }
                    (summary_row("Official source", html! { a class="govuk-link" href=(e.url) { (e.url) } }))
                }
                h2 class="govuk-heading-m" { "Contents" }
                @if view.outline.headings.is_empty() {
                    p class="govuk-body" { "This edition has no headings." }
                } @else {
                    (outline_list(&view.outline.headings, &mut Vec::new(), &mut HashSet::new(), true))
                }
                @if let Some(first) = &view.outline.first_passage {
                    p class="govuk-body" {
                        a class="govuk-link" href=(passage_href(first)) { "Read from the first passage" }
                    }
                }
            }
            div class="govuk-grid-column-one-third" {
                h2 class="govuk-heading-m" { "Editions" }
                ul class="app-editions" {
                    @for s in all {
                        li {
                            @if s.edition.id == e.id {
                                strong { (date(s.edition.id.date())) } span class="govuk-visually-hidden" { " (shown)" }
                            } @else {
                                a class="govuk-link" href=(document_href(&s.edition.doc, Some(s.edition.id))) {
                                    (date(s.edition.id.date()))
                                }
                            }
                            " " (editions::tag(view.editions.standing(&s.edition)))
                            br;
                            "In force from " (date(s.edition.in_force_from))
                        }
                    }
                }
                p class="govuk-body" {
                    a class="govuk-link" href=(format!("/search?doc={}", e.doc)) { "Search this document" }
                }
                @if all.iter().any(|s| s.edition.id < e.id) {
                    p class="govuk-body" {
                        a class="govuk-link" href=(super::changes::changes_href(&e.doc, None, Some(e.id))) {
                            "What changed in this edition"
                        }
                    }
                }
            }
        }
    };
    respond(
        StatusCode::OK,
        page(
            &e.cite_as,
            Section::Documents,
            &[
                Crumb::link("Search", "/"),
                Crumb::link("Documents", "/documents"),
                Crumb::text(e.cite_as.clone()),
            ],
            main,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_index::{EditionStats, StoredPassage};
    use pinpoint_model::{Edition, HeadingPath, Label, Locator, Passage, Position};

    use crate::testutil::short_kcsie as edition;

    fn p(e: &Edition, n: u32, heading: &[&str]) -> StoredPassage {
        let locator = Locator {
            position: Position::Anchor(None),
            label: Label::Paragraph(n.to_string()),
            heading: HeadingPath::new(heading.iter().map(|s| s.to_string()).collect()),
        };
        StoredPassage {
            passage: Passage::new(e, locator, "text".into()),
            edition: e.clone(),
            ordinal: u64::from(n),
        }
    }

    async fn text(r: Response) -> (StatusCode, String) {
        let status = r.status();
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    fn fixture() -> (Editions, DocumentEntry) {
        let (old, new) = (edition("2024-09-02"), edition("2025-09-01"));
        let editions = Editions::on(
            vec![
                EditionStats {
                    edition: old.clone(),
                    passages: 1200,
                },
                EditionStats {
                    edition: new.clone(),
                    passages: 1300,
                },
            ],
            "2025-10-01".parse().unwrap(),
        );
        let entry = DocumentEntry {
            doc: old.doc.clone(),
            editions: vec![
                catalog::EditionEntry {
                    edition: new,
                    passages: 1300,
                    current: true,
                },
                catalog::EditionEntry {
                    edition: old,
                    passages: 1200,
                    current: false,
                },
            ],
        };
        (editions, entry)
    }

    #[test]
    fn anchors_are_slugs_of_the_path() {
        let path = [
            "Part four: Allegations".to_owned(),
            "Section one – ‘harm’ & risk".to_owned(),
        ];
        assert_eq!(heading_anchor(&path[..1]), "h-part-four-allegations");
        assert_eq!(
            heading_anchor(&path),
            "h-part-four-allegations--section-one-harm-risk"
        );
    }

    #[test]
    fn outline_nests_links_first_passages_and_keeps_anchors_unique() {
        let e = edition("2025-09-01");
        let outline = catalog::outline_of(&[
            p(&e, 1, &[]),
            p(&e, 2, &["Part one"]),
            p(&e, 3, &["Part one", "A"]),
            p(&e, 4, &["Part one", "A"]),
            p(&e, 5, &["Part one", "B"]),
            p(&e, 6, &["Part two"]),
            p(&e, 7, &["Part one"]),
        ]);
        let html = outline_list(
            &outline.headings,
            &mut Vec::new(),
            &mut HashSet::new(),
            true,
        )
        .into_string();
        assert!(
            html.starts_with(
                "<ul class=\"app-outline\"><li id=\"h-part-one\"><a class=\"govuk-link\" \
             href=\"/passages/kcsie/2025-09-01/para-2\">Part one</a><ul><li id=\"h-part-one--a\">"
            ),
            "{html}"
        );
        assert!(html.contains("<li id=\"h-part-one--b\"><a class=\"govuk-link\" href=\"/passages/kcsie/2025-09-01/para-5\">B</a>"));
        assert!(html.contains("<li id=\"h-part-two\">"));
        assert!(html.contains("<li id=\"h-part-one-2\"><a class=\"govuk-link\" href=\"/passages/kcsie/2025-09-01/para-7\">"), "{html}");
    }

    #[tokio::test]
    async fn list_page_shows_kinds_editions_dates_and_counts() {
        let (editions, entry) = fixture();
        let (status, html) = text(render_list(&[entry], &editions)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("1 document in 2 editions, 2,500 passages"),
            "{html}"
        );
        assert!(html.contains("href=\"/documents/kcsie\">KCSIE 2025"));
        assert!(html.contains("href=\"/documents/kcsie?edition=2024-09-02\""));
        assert!(html.contains("1,300 passages"));
        assert!(html.contains("Statutory guidance"));
        assert!(html.contains("Older edition") && html.contains("Current edition"));
    }

    #[tokio::test]
    async fn document_page_shows_metadata_editions_and_outline() {
        let (editions, entry) = fixture();
        let old = entry.editions[1].edition.clone();
        let view = DocumentView {
            editions,
            entry,
            edition: old.id,
            outline: catalog::outline_of(&[
                p(&old, 1, &["Part one"]),
                p(&old, 2, &["Part one", "Sub"]),
            ]),
        };
        let (status, html) = text(render_document(&view)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<li id=\"h-part-one--sub\">"), "{html}");
        assert!(html.contains("This is from an older edition"));
        assert!(html.contains("href=\"/documents/kcsie?edition=2025-09-01\""));
        assert!(html.contains("1,200"));
        assert!(html.contains("Read from the first passage"));
        // The oldest edition has nothing before it to compare with.
        assert!(!html.contains("What changed in this edition"));
        assert!(!html.contains("Source notes"), "no note, no row");
        let (editions, mut entry) = fixture();
        let current = entry.editions[0].edition.id;
        entry.editions[0].edition.note = Some("The July 'for information' version.".into());
        let view = DocumentView {
            editions,
            entry,
            edition: current,
            outline: Outline::default(),
        };
        let (_, html) = text(render_document(&view)).await;
        assert!(
            html.contains("Source notes</dt><dd class=\"govuk-summary-list__value\">The July &#39;for information&#39; version.</dd>")
                || html.contains("Source notes</dt><dd class=\"govuk-summary-list__value\">The July 'for information' version.</dd>"),
            "{html}"
        );
        assert!(
            html.contains(
                "href=\"/documents/kcsie/changes?to=2025-09-01\">What changed in this edition</a>"
            ),
            "{html}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unknown_or_ambiguous_edition_says_why_and_lists_the_editions() {
        use crate::testutil::{get, kcsie_twice_in_2024, state, state_of};
        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(state(dir.path(), crate::Settings::default()));
        let (status, html) = get(&app, "/documents/kcsie?edition=2019").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            html.contains("<title>Error: Keeping children safe in education – Pinpoint</title>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\" tabindex=\"-1\">"),
            "{html}"
        );
        assert!(
            html.contains(
                "<a href=\"#editions\">No edition of Keeping children safe in education is called 2019</a>"
            ),
            "{html}"
        );
        assert!(html.contains("id=\"editions\">Editions</h2>"), "{html}");
        for id in ["2024-09-02", "2025-07-07"] {
            assert!(
                html.contains(&format!("href=\"/documents/kcsie?edition={id}\"")),
                "{html}"
            );
        }
        // Not a date at all: unknown too.
        let (status, html) = get(&app, "/documents/kcsie?edition=latest").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("is called latest</a>"), "{html}");
        // A document that does not exist is the plain 404.
        let (status, html) = get(&app, "/documents/nope?edition=2019").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            html.contains("<title>Page not found – Pinpoint</title>"),
            "{html}"
        );
        assert!(!html.contains("govuk-error-summary"), "{html}");

        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(state_of(
            dir.path(),
            &kcsie_twice_in_2024(),
            crate::Settings::default(),
        ));
        let (status, html) = get(&app, "/documents/kcsie?edition=2024").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            html.contains(
                "<a href=\"#editions\">2024 names two editions: 2024-01-01 and 2024-09-02</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("href=\"/documents/kcsie?edition=2024-01-01\""),
            "{html}"
        );
        // A prefix only one edition has still opens it.
        let (status, _) = get(&app, "/documents/kcsie?edition=2024-09").await;
        assert_eq!(status, StatusCode::OK);
    }

    #[test]
    fn a_document_is_named_without_its_edition_year() {
        let (_, entry) = fixture();
        assert_eq!(entry.name(), "KCSIE");
        let one = DocumentEntry {
            editions: entry.editions[..1].to_vec(),
            ..entry
        };
        assert_eq!(one.name(), "KCSIE 2025");
        let problem = EditionProblem::Ambiguous {
            name: "2024".into(),
            matches: vec![
                "2024-01-01".into(),
                "2024-03-01".into(),
                "2024-09-02".into(),
            ],
        };
        assert_eq!(
            problem.message("KCSIE"),
            "2024 names three editions: 2024-01-01, 2024-03-01 and 2024-09-02"
        );
        assert_eq!(problem.status(), StatusCode::BAD_REQUEST);
    }
}
