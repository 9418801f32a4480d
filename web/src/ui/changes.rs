//! `/documents/{id}/changes?from=&to=`: "What changed in this edition", paragraph by paragraph. Counts first, then
//! each kind of change with links to the passages on both sides: renumbered runs collapsed (`paras 148–156 →
//! 145–153`), changed paragraphs with their word diff, moved, merged and split, added and removed. The diff is
//! `catalog::diff`, the same as `GET /api/documents/{id}/diff` and `pinpoint diff`.
//!
//! An edition name in `from` or `to` that names no edition, or several, gets the document's page of editions with
//! the reason in the error summary (`documents::render_edition_error`: 404 unknown, 400 ambiguous).
//!
//! Word diffs are marked up as `<del>` and `<ins>`, each starting with visually hidden "removed:" / "added:" text:
//! screen readers do not announce the elements themselves, and colour alone must not carry the meaning.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use pinpoint_diff::{Change, ChangeKind, EditionDiff, RunOp, WordDiff};
use pinpoint_model::{DocId, Edition, EditionId, Passage};

use crate::catalog::{self, LookupError, Renumbered};

use super::documents::{
    document_href, render_edition_error, EditionErrorView, EditionPage, EditionProblem,
};
use super::editions::Editions;
use super::layout::{not_found, page, problem, respond, summary_row, Crumb, Section};
use super::text::{date, label_words, thousands};
use super::{blocking_failed, passage_href};
use crate::AppState;

/// The address of the page comparing `from` (default: the edition before `to`) with `to` (default: the one in
/// force).
pub(crate) fn changes_href(doc: &DocId, from: Option<EditionId>, to: Option<EditionId>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(f) = from {
        q.append_pair("from", &f.to_string());
    }
    if let Some(t) = to {
        q.append_pair("to", &t.to_string());
    }
    let q = q.finish();
    if q.is_empty() {
        format!("/documents/{doc}/changes")
    } else {
        format!("/documents/{doc}/changes?{q}")
    }
}

/// What the page shows: the diff, and every edition of the document for the "compare" form.
pub(crate) struct ChangesView {
    pub diff: EditionDiff,
    pub editions: Vec<Edition>,
}

/// What `GET /documents/{id}/changes` answers for a document that exists.
enum ChangesPage {
    /// The two editions compared.
    Shown(Box<ChangesView>),
    /// `from` or `to` names no edition, or several.
    BadEdition(EditionErrorView),
}

/// `GET /documents/{id}/changes?from=&to=`.
pub(crate) async fn handler(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (mut from, mut to) = (None, None);
    for (k, v) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "from" => from = Some(v.into_owned()),
            "to" => to = Some(v.into_owned()),
            _ => {}
        }
    }
    let result = state
        .run_blocking(move |searcher| -> Result<ChangesPage, LookupError> {
            let index = searcher.index();
            let diff = match catalog::diff(index, &id, from.as_deref(), to.as_deref()) {
                Ok(diff) => diff,
                Err(LookupError::Edition { doc, error, .. }) => {
                    let entry = catalog::document(index, &doc)
                        .ok_or_else(|| LookupError::NoDocument(doc.to_string()))?;
                    return Ok(ChangesPage::BadEdition(EditionErrorView {
                        editions: Editions::of(index),
                        entry,
                        problem: EditionProblem::of_name(&error),
                        on: EditionPage::Changes,
                    }));
                }
                Err(e) => return Err(e),
            };
            let mut editions: Vec<Edition> = index
                .editions()
                .into_iter()
                .map(|s| s.edition)
                .filter(|e| e.doc == diff.new.doc)
                .collect();
            editions.sort_by_key(|e| std::cmp::Reverse(e.id));
            Ok(ChangesPage::Shown(Box::new(ChangesView { diff, editions })))
        })
        .await;
    match result {
        Ok(Ok(ChangesPage::Shown(view))) => render(&view),
        Ok(Ok(ChangesPage::BadEdition(view))) => render_edition_error(&view),
        // An unknown document, or no edition before the one compared: a page that does not exist.
        Ok(Err(e)) if e.is_internal() => {
            tracing::error!(error = %e, "changes page failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Ok(Err(_)) => not_found(),
        Err(e) => blocking_failed(e),
    }
}

/// A passage's name on this page: `paragraph 363`, else `‘its heading’`.
fn name(p: &Passage) -> String {
    label_words(&p.locator.label)
        .or_else(|| {
            p.locator
                .heading
                .last()
                .map(|h| format!("text under ‘{h}’"))
        })
        .unwrap_or_else(|| "unnumbered text".into())
}

fn link(p: &Passage) -> Markup {
    html! { a class="govuk-link" href=(passage_href(&p.id)) { (name(p)) } }
}

/// Several passages' links joined: `paragraph 143, paragraph 144 and paragraph 145`.
fn links(ps: &[Passage]) -> Markup {
    html! {
        @for (i, p) in ps.iter().enumerate() {
            @if i > 0 { @if i + 1 == ps.len() { " and " } @else { ", " } }
            (link(p))
        }
    }
}

/// "became", said to screen readers; an arrow shown to everyone else.
fn became() -> Markup {
    html! {
        span aria-hidden="true" { " → " }
        span class="govuk-visually-hidden" { " became " }
    }
}

/// A word diff: kept words as they are, removed ones in `<del>`, added ones in `<ins>`, each announced.
pub(crate) fn word_diff(words: &WordDiff) -> Markup {
    html! {
        p class="app-diff" {
            @for (i, run) in words.runs().iter().enumerate() {
                @if i > 0 { " " }
                @match run.op {
                    RunOp::Equal => (run.text),
                    RunOp::Delete => del { span class="govuk-visually-hidden" { "removed: " } (run.text) },
                    RunOp::Insert => ins { span class="govuk-visually-hidden" { "added: " } (run.text) },
                }
            }
        }
    }
}

/// A run of renumbered paragraphs: `paras 148–156 → 145–153`, each end linked.
fn renumbered_item(r: &Renumbered<'_>) -> Markup {
    let number = |p: &Passage| match &p.locator.label {
        pinpoint_model::Label::Paragraph(n) => n.clone(),
        _ => name(p),
    };
    html! {
        li {
            @match r {
                Renumbered::Run { first, len: 1, .. } => {
                    abbr title="paragraph" { "para" } " "
                    a class="govuk-link" href=(passage_href(&first.old.id)) { (number(&first.old)) }
                    (became())
                    a class="govuk-link" href=(passage_href(&first.new.id)) { (number(&first.new)) }
                }
                Renumbered::Run { first, last, len } => {
                    abbr title="paragraphs" { "paras" } " "
                    a class="govuk-link" href=(passage_href(&first.old.id)) { (number(&first.old)) }
                    "–"
                    a class="govuk-link" href=(passage_href(&last.old.id)) { (number(&last.old)) }
                    (became())
                    a class="govuk-link" href=(passage_href(&first.new.id)) { (number(&first.new)) }
                    "–"
                    a class="govuk-link" href=(passage_href(&last.new.id)) { (number(&last.new)) }
                    span class="app-change__note" { " (" (len) " paragraphs)" }
                }
                Renumbered::Other(pair) => { (link(&pair.old)) (became()) (link(&pair.new)) }
            }
        }
    }
}

/// One change of the other kinds: who became whom, and the text or the word diff.
fn change_item(change: &Change) -> Markup {
    let (olds, news) = (change.olds(), change.news());
    let relabelled = change.pair().is_none_or(|p| p.relabelled());
    html! {
        li class="app-change" {
            h3 class="govuk-heading-s app-change__title" {
                @match (olds, news) {
                    ([], news) => (links(news)),
                    (olds, []) => (links(olds)),
                    (olds, news) if relabelled => { (links(olds)) (became()) (links(news)) },
                    (_, news) => (links(news)),
                }
            }
            @match change {
                Change::Added(p) | Change::Removed(p) => p class="app-passage-text" { (p.text) },
                Change::Moved { words: None, .. } => p class="govuk-body" { "Text unchanged." },
                _ => @if let Some(words) = change.words() { (word_diff(words)) },
            }
        }
    }
}

const SECTIONS: [(ChangeKind, &str, &str); 6] = [
    (ChangeKind::Changed, "changed", "Changed"),
    (ChangeKind::Moved, "moved", "Moved"),
    (ChangeKind::Merged, "merged", "Merged"),
    (ChangeKind::Split, "split", "Split"),
    (ChangeKind::Added, "added", "Added"),
    (ChangeKind::Removed, "removed", "Removed"),
];

pub(crate) fn render(view: &ChangesView) -> Response {
    let diff = &view.diff;
    let (old, new) = (&diff.old, &diff.new);
    let c = diff.counts();
    let renumbered = catalog::renumbered(diff);
    let count_of = |kind: ChangeKind| match kind {
        ChangeKind::Unchanged => c.unchanged,
        ChangeKind::Renumbered => c.renumbered,
        ChangeKind::Moved => c.moved,
        ChangeKind::Changed => c.changed,
        ChangeKind::Merged => c.merged,
        ChangeKind::Split => c.split,
        ChangeKind::Added => c.added,
        ChangeKind::Removed => c.removed,
    };
    let count_row = |label: &str, n: usize, anchor: Option<&str>| {
        summary_row(
            label,
            html! {
                @match anchor.filter(|_| n > 0) {
                    Some(a) => a class="govuk-link" href=(format!("#{a}")) { (thousands(n as u64)) },
                    None => (thousands(n as u64)),
                }
            },
        )
    };
    let select = |id: &str, label: &str, chosen: EditionId| {
        html! {
            div class="govuk-form-group app-compare__field" {
                label class="govuk-label" for=(id) { (label) }
                select class="govuk-select" id=(id) name=(id) {
                    @for e in &view.editions {
                        option value=(e.id.to_string()) selected[e.id == chosen] { (e.cite_as) " (" (e.id.to_string()) ")" }
                    }
                }
            }
        }
    };
    let main = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                span class="govuk-caption-l" { (new.title) }
                h1 class="govuk-heading-l" { "What changed in " (new.cite_as) }
                p class="govuk-body" {
                    "Compared with " a class="govuk-link" href=(document_href(&old.doc, Some(old.id))) { (old.cite_as) }
                    " (" (date(old.id.date())) "). "
                    (new.cite_as) " is dated " (date(new.id.date())) " and in force from " (date(new.in_force_from)) "."
                }
                p class="govuk-body" {
                    "Paragraphs are matched by their text, not their numbers, so a paragraph that only moved up or down "
                    "the numbering is listed as renumbered, not as removed and added."
                }
            }
        }
        @if view.editions.len() > 2 {
            form class="app-compare" action=(format!("/documents/{}/changes", new.doc)) method="get" {
                (select("from", "Compare", old.id))
                (select("to", "with", new.id))
                button type="submit" class="govuk-button govuk-button--secondary" { "Compare" }
            }
        }
        h2 class="govuk-heading-m" { "Summary" }
        dl class="govuk-summary-list app-change-counts" {
            (count_row("Changed", c.changed, Some("changed")))
            (count_row("Renumbered, text unchanged", c.renumbered, Some("renumbered")))
            (count_row("Moved", c.moved, Some("moved")))
            (count_row("Merged", c.merged, Some("merged")))
            (count_row("Split", c.split, Some("split")))
            (count_row("Added", c.added, Some("added")))
            (count_row("Removed", c.removed, Some("removed")))
            (count_row("Unchanged", c.unchanged, None))
        }
        @if c.renumbered > 0 {
            h2 class="govuk-heading-m" id="renumbered" { "Renumbered, text unchanged (" (thousands(c.renumbered as u64)) ")" }
            ul class="govuk-list app-renumbered" {
                @for r in &renumbered { (renumbered_item(r)) }
            }
        }
        @for (kind, anchor, title) in SECTIONS {
            @let n = count_of(kind);
            @if n > 0 {
                h2 class="govuk-heading-m" id=(anchor) { (title) " (" (thousands(n as u64)) ")" }
                ol class="app-changes" {
                    @for ch in diff.changes.iter().filter(|ch| ch.kind() == kind) { (change_item(ch)) }
                }
            }
        }
        @if c.changed + c.renumbered + c.moved + c.merged + c.split + c.added + c.removed == 0 {
            p class="govuk-body" { "Nothing changed: every paragraph has the same number and text." }
        }
    };
    respond(
        StatusCode::OK,
        page(
            &format!("What changed in {}", new.cite_as),
            Section::Documents,
            &[
                Crumb::link("Search", "/"),
                Crumb::link("Documents", "/documents"),
                Crumb::link(new.cite_as.clone(), document_href(&new.doc, Some(new.id))),
                Crumb::text("What changed"),
            ],
            main,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_diff::{diff_editions, EditionText};

    use crate::testutil::body;

    #[tokio::test]
    async fn page_counts_collapses_runs_and_marks_word_changes_accessibly() {
        let (a, old, b, new) = crate::testutil::kcsie_sides();
        let diff = diff_editions(
            EditionText {
                edition: &a,
                passages: &old,
            },
            EditionText {
                edition: &b,
                passages: &new,
            },
        );
        let (status, html) = body(render(&ChangesView {
            diff,
            editions: vec![b.clone(), a.clone()],
        }))
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(
            "<title>What changed in Keeping children safe in education 2025 – Pinpoint</title>"
        ));
        // Paras 364–366 moved up by three together: one run, each end linked.
        assert!(html.contains("<abbr title=\"paragraphs\">paras</abbr> <a class=\"govuk-link\" href=\"/passages/kcsie/2024-09-02/para-363\">363</a>–<a class=\"govuk-link\" href=\"/passages/kcsie/2024-09-02/para-365\">365</a>"), "{html}");
        assert!(html.contains("href=\"/passages/kcsie/2025-07-07/para-362\">362</a> (3 paragraphs)") || html.contains("href=\"/passages/kcsie/2025-07-07/para-362\">362</a><span class=\"app-change__note\"> (3 paragraphs)"), "{html}");
        assert!(html.contains("<del><span class=\"govuk-visually-hidden\">removed: </span>should</del> <ins><span class=\"govuk-visually-hidden\">added: </span>must</ins>"), "{html}");
        assert!(html.contains("id=\"changed\">Changed (1)"));
        assert!(html.contains("id=\"added\">Added (1)"));
        assert!(html.contains("href=\"#renumbered\">3</a>"), "{html}");
        assert!(!html.contains("id=\"removed\""));
        // Two editions only: no compare form.
        assert!(!html.contains("app-compare\""));
    }

    #[test]
    fn addresses_carry_only_what_is_chosen() {
        let doc: DocId = "kcsie".parse().unwrap();
        assert_eq!(changes_href(&doc, None, None), "/documents/kcsie/changes");
        assert_eq!(
            changes_href(
                &doc,
                Some("2024-09-02".parse().unwrap()),
                Some("2025-07-07".parse().unwrap())
            ),
            "/documents/kcsie/changes?from=2024-09-02&to=2025-07-07"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unknown_or_ambiguous_edition_says_why_and_lists_the_editions() {
        use crate::testutil::{get, kcsie_twice_in_2024, state, state_of};
        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(state(dir.path(), crate::Settings::default()));
        let (status, html) = get(&app, "/documents/kcsie/changes?from=1999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            html.contains(
                "<title>Error: What changed in Keeping children safe in education – Pinpoint</title>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<a href=\"#editions\">No edition of Keeping children safe in education is called 1999</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("href=\"/documents/kcsie?edition=2024-09-02\""),
            "{html}"
        );
        // What changed in each edition that has one before it.
        assert!(
            html.contains("href=\"/documents/kcsie/changes?to=2025-07-07\""),
            "{html}"
        );
        assert!(
            !html.contains("href=\"/documents/kcsie/changes?to=2024-09-02\""),
            "{html}"
        );
        // No edition before the oldest, and no such document: the plain 404.
        for path in [
            "/documents/kcsie/changes?to=2024",
            "/documents/nope/changes",
        ] {
            let (status, html) = get(&app, path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(!html.contains("govuk-error-summary"), "{path}: {html}");
        }

        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(state_of(
            dir.path(),
            &kcsie_twice_in_2024(),
            crate::Settings::default(),
        ));
        let (status, html) = get(&app, "/documents/kcsie/changes?from=2024&to=2024-09-02").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            html.contains(
                "<a href=\"#editions\">2024 names two editions: 2024-01-01 and 2024-09-02</a>"
            ),
            "{html}"
        );
        let (status, _) = get(&app, "/documents/kcsie/changes?from=2024-01&to=2024-09").await;
        assert_eq!(status, StatusCode::OK);
    }
}
