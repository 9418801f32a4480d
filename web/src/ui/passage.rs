//! `/passages/{*id}`: one passage with the passages around it, its heading path as breadcrumbs, its citation and
//! copy buttons, and where its edition stands.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use pinpoint_index::StoredPassage;
use pinpoint_model::PassageId;

use super::cite::cite_block;
use super::documents::{document_href, heading_anchor};
use super::editions::{self, Editions};
use super::layout::{not_found, page, problem, respond, summary_row, Crumb, Section};
use super::text::{date, kind_name, label_words, official_link, page_words};
use super::{blocking_failed, passage_href};
use crate::AppState;

/// Passages shown before and after the one asked for.
const CONTEXT: u64 = 2;
/// Longer ids are not ids.
const MAX_ID_LEN: usize = 256;

/// A passage and its neighbours, in document order.
pub(crate) struct PassageView {
    pub before: Vec<StoredPassage>,
    pub centre: StoredPassage,
    pub after: Vec<StoredPassage>,
    pub editions: Editions,
}

/// `GET /passages/{*id}`.
pub(crate) async fn handler(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if id.len() > MAX_ID_LEN {
        return not_found();
    }
    let id = PassageId::from_stored(id);
    let result = state
        .run_blocking(
            move |searcher| -> Result<Option<PassageView>, pinpoint_index::Error> {
                let index = searcher.index();
                let mut around = index.neighbours(&id, CONTEXT, CONTEXT)?;
                let Some(at) = around.iter().position(|p| p.passage.id == id) else {
                    return Ok(None);
                };
                let after = around.split_off(at + 1);
                let Some(centre) = around.pop() else {
                    return Ok(None);
                };
                Ok(Some(PassageView {
                    before: around,
                    centre,
                    after,
                    editions: Editions::of(index),
                }))
            },
        )
        .await;
    match result {
        Ok(Ok(Some(view))) => render(&view),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "passage page failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Err(e) => blocking_failed(e),
    }
}

/// The name of a passage for headings and links: `paragraph 363`, else its innermost heading.
fn passage_name(p: &StoredPassage) -> String {
    label_words(&p.passage.locator.label)
        .or_else(|| p.passage.locator.heading.last().map(|h| format!("‘{h}’")))
        .unwrap_or_else(|| format!("passage {}", p.ordinal + 1))
}

pub(crate) fn render(view: &PassageView) -> Response {
    let c = &view.centre;
    let e = &c.edition;
    let loc = &c.passage.locator;
    let doc_href = document_href(&e.doc, Some(e.id));
    let mut crumbs = vec![
        Crumb::link("Search", "/"),
        Crumb::link("Documents", "/documents"),
        Crumb::link(e.cite_as.clone(), doc_href.clone()),
    ];
    let headings = loc.heading.as_slice();
    for i in 0..headings.len() {
        crumbs.push(Crumb::link(
            headings[i].clone(),
            format!("{doc_href}#{}", heading_anchor(&headings[..=i])),
        ));
    }
    let name = passage_name(c);
    let standing = view.editions.standing(e);
    let current = view.editions.current(&e.doc);
    let context = |p: &StoredPassage| {
        html! {
            div class="app-context" {
                a class="govuk-link app-context__label" href=(passage_href(&p.passage.id)) {
                    (capitalised(&passage_name(p)))
                }
                (p.passage.text)
            }
        }
    };
    let main = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                span class="govuk-caption-l" { (e.title) }
                h1 class="govuk-heading-l" { (e.cite_as) ", " (name) }
                p class="govuk-body" { (editions::tag(standing)) }
                @if let Some(w) = editions::warning(&view.editions, e) { (w) }
                @for p in &view.before { (context(p)) }
                p class="app-passage-text app-passage-text--focus" id="passage" { (c.passage.text) }
                @for p in &view.after { (context(p)) }
                h2 class="govuk-heading-m" { "Cite this passage" }
                (cite_block("passage", None, &c.passage.text, e, loc))
            }
            div class="govuk-grid-column-one-third" {
                h2 class="govuk-heading-m" { "Where it is" }
                (where_it_is(view))
                @if let Some(cur) = current {
                    p class="govuk-body" {
                        a class="govuk-link" href=(document_href(&cur.edition.doc, None)) {
                            @if cur.edition.id == e.id { "Contents of this edition" } @else { "The current edition of this document" }
                        }
                    }
                }
            }
        }
    };
    let title = format!("{}, {name}", e.cite_as);
    respond(StatusCode::OK, page(&title, Section::Other, &crumbs, main))
}

fn where_it_is(view: &PassageView) -> Markup {
    let c = &view.centre;
    let e = &c.edition;
    let loc = &c.passage.locator;
    html! {
        dl class="govuk-summary-list app-summary-list--stacked" {
            (summary_row("Document", html! { (e.title) }))
            (summary_row("Kind", html! { (kind_name(e.kind)) }))
            (summary_row("Publisher", html! { (e.publisher) }))
            (summary_row("Edition", html! { (date(e.id.date())) }))
            (summary_row("In force from", html! { (date(e.in_force_from)) }))
            // What the copy quoted is (a "for information" version, a browser print) matters to whoever cites it.
            @if let Some(note) = &e.note { (summary_row("Source notes", html! { (note) })) }
            @if let Some(l) = label_words(&loc.label) { (summary_row("Number", html! { (capitalised(&l)) })) }
            @if let Some(p) = page_words(loc) { (summary_row("Page", html! { (capitalised(&p)) })) }
            (summary_row("Official source", html! {
                (official_link(loc, &e.url, None))
            }))
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_index::EditionStats;
    use pinpoint_model::{Edition, HeadingPath, Label, Locator, PageSpan, Passage, Position};

    use crate::testutil::short_kcsie as edition;

    fn stored(e: &Edition, n: u32, text: &str) -> StoredPassage {
        let locator = Locator {
            position: Position::Pages(PageSpan::new(n, n, Some(n.to_string())).unwrap()),
            label: Label::Paragraph(n.to_string()),
            heading: HeadingPath::new(vec!["Part four".into(), "Transferable risk".into()]),
        };
        StoredPassage {
            passage: Passage::new(e, locator, text.into()),
            edition: e.clone(),
            ordinal: u64::from(n),
        }
    }

    #[tokio::test]
    async fn shows_context_breadcrumbs_citation_and_standing() {
        let old = edition("2024-09-02");
        let new = edition("2025-09-01");
        let view = PassageView {
            before: vec![stored(&old, 362, "Before <it>.")],
            centre: stored(&old, 363, "This is known as transferable risk."),
            after: vec![stored(&old, 364, "After.")],
            editions: Editions::on(
                vec![
                    EditionStats {
                        edition: old.clone(),
                        passages: 3,
                    },
                    EditionStats {
                        edition: new.clone(),
                        passages: 3,
                    },
                ],
                "2025-10-01".parse().unwrap(),
            ),
        };
        let r = render(&view);
        assert_eq!(r.status(), StatusCode::OK);
        let html = String::from_utf8(
            axum::body::to_bytes(r.into_body(), usize::MAX)
                .await
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        assert!(html.contains("<title>KCSIE 2024, paragraph 363 – Pinpoint</title>"));
        assert!(html.contains("govuk-breadcrumbs__link\" href=\"/documents/kcsie?edition=2024-09-02#h-part-four\">Part four"), "{html}");
        assert!(html.contains("#h-part-four--transferable-risk\">Transferable risk"));
        assert!(html.contains("Before &lt;it&gt;."));
        assert!(html.contains("href=\"/passages/kcsie/2024-09-02/para-364\""));
        assert!(html.contains("Older edition"));
        assert!(html.contains("/documents/kcsie?edition=2025-09-01"));
        assert!(html.contains("KCSIE 2024, <abbr title=\"paragraph\">para</abbr> 363, <abbr title=\"page\">p.</abbr> 363"));
        assert!(html.contains("href=\"https://www.gov.uk/kcsie.pdf#page=363\""));
        assert!(html.contains("Copy quote with citation"));
        assert!(
            html.contains(">Open the official document at page 363</a>"),
            "{html}"
        );
    }

    /// The view of a one-passage edition `e`, its passage on physical page 94.
    fn alone_on_page_94(e: &Edition) -> PassageView {
        PassageView {
            before: vec![],
            centre: stored(e, 94, "Text."),
            after: vec![],
            editions: Editions::on(
                vec![EditionStats {
                    edition: e.clone(),
                    passages: 1,
                }],
                "2025-10-01".parse().unwrap(),
            ),
        }
    }

    #[test]
    fn a_publication_page_link_does_not_promise_the_page() {
        let landing =
            "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2";
        let e = Edition {
            url: landing.into(),
            ..edition("2024-09-02")
        };
        let html = where_it_is(&alone_on_page_94(&e)).into_string();
        assert!(!html.contains("Source notes"), "{html}");
        assert!(
            html.contains(&format!(
                "<a class=\"govuk-link\" href=\"{landing}\">Open the official publication page</a> \
                 – the passage is on page 94 of the PDF"
            )),
            "{html}"
        );
        assert!(
            !html.contains("#page=") && !html.contains("at page"),
            "{html}"
        );
    }

    #[test]
    fn the_edition_note_is_shown_beside_the_passage() {
        let e = Edition {
            note: Some("The July 'for information' version.".into()),
            ..edition("2025-07-07")
        };
        let html = where_it_is(&alone_on_page_94(&e)).into_string();
        assert!(
            html.contains("Source notes</dt><dd class=\"govuk-summary-list__value\">The July &#39;for information&#39; version.</dd>")
                || html.contains("Source notes</dt><dd class=\"govuk-summary-list__value\">The July 'for information' version.</dd>"),
            "{html}"
        );
    }
}
