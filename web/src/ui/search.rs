//! `/` and `/search`: one search box, filters, the hits with their answers highlighted and their citations, the
//! honest "no answer" page, and pages of more results.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use pinpoint_model::{Date, DocId, DocKind};
use pinpoint_search::{
    Answer, EditionScope, Hit, QueryError, SearchError, SearchFilter, SearchOptions, Searcher,
    MAX_QUERY_CHARS, MAX_QUERY_WORDS,
};

use super::cite::cite_block;
use super::editions::{self, Editions, Standing};
use super::layout::{error_summary, page, problem, respond, FieldError, Section};
use super::text::{count, highlighted, kind_name, official_link, pinpoint_words, thousands};
use super::{blocking_failed, passage_href};
use crate::AppState;

/// Hits per page.
pub(crate) const PAGE_SIZE: usize = 10;
/// The last page offered: past 100 hits the ranking has long stopped meaning anything.
pub(crate) const MAX_PAGE: usize = 10;

/// Which editions the advisor asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum EditionChoice {
    /// The edition of each document in force today.
    #[default]
    Current,
    /// Every edition.
    All,
    /// The editions in force on a day (only by address: `edition=2024-10-01`).
    AsOf(Date),
}

impl EditionChoice {
    fn scope(self) -> EditionScope {
        match self {
            EditionChoice::Current => EditionScope::Current,
            EditionChoice::All => EditionScope::All,
            EditionChoice::AsOf(d) => EditionScope::AsOf(d),
        }
    }
}

/// The search page's query string, parsed. Repeated keys (`kind=a&kind=b`) are how a GET form sends checkboxes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    pub docs: Vec<DocId>,
    pub kinds: Vec<DocKind>,
    pub edition: EditionChoice,
    pub page: usize,
}

impl SearchParams {
    /// Parses a raw query string; anything unusable is reported, never a panic or a silent change of meaning.
    pub(crate) fn parse(raw: Option<&str>) -> (SearchParams, Vec<FieldError>) {
        let mut p = SearchParams {
            page: 1,
            ..SearchParams::default()
        };
        let mut errors = Vec::new();
        // A date typed in the form's "in force on" box wins over the editions list, whichever comes first.
        let mut as_of: Option<Date> = None;
        for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let value = value.trim();
            match key.as_ref() {
                // Control characters (a pasted NUL, a form feed) are not part of any question.
                "q" => {
                    let cleaned: String = value
                        .chars()
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .collect();
                    p.q = Some(cleaned.trim().to_owned());
                }
                "doc" if value.is_empty() => {}
                "doc" => match DocId::new(value) {
                    Ok(d) if !p.docs.contains(&d) => p.docs.push(d),
                    Ok(_) => {}
                    Err(_) => errors.push(FieldError {
                        field: "doc",
                        message: "Choose a document from the list".into(),
                    }),
                },
                "kind" => {
                    for v in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                        match DocKind::parse(v) {
                            Some(k) if !p.kinds.contains(&k) => p.kinds.push(k),
                            Some(_) => {}
                            None => errors.push(FieldError {
                                field: "kind",
                                message: "Choose kinds of document from the list".into(),
                            }),
                        }
                    }
                }
                "edition" => {
                    p.edition = match value {
                        "" | "current" => EditionChoice::Current,
                        "all" => EditionChoice::All,
                        d => match d.parse::<Date>() {
                            Ok(d) => EditionChoice::AsOf(d),
                            Err(_) => {
                                errors.push(FieldError {
                                    field: "edition",
                                    message: "Choose the edition in force, all editions, or a date such as \
                                              2025-08-15"
                                        .into(),
                                });
                                EditionChoice::Current
                            }
                        },
                    }
                }
                // The API's name for the same choice, and the form's date box; empty means not given.
                "as_of" if value.is_empty() => {}
                "as_of" => match value.parse::<Date>() {
                    Ok(d) => as_of = Some(d),
                    Err(_) => errors.push(FieldError {
                        field: "as_of",
                        message: "Enter the date as day, month and year, for example 2025-08-15"
                            .into(),
                    }),
                },
                "page" => match value.parse::<usize>() {
                    Ok(n) if (1..=MAX_PAGE).contains(&n) => p.page = n,
                    _ => errors.push(FieldError {
                        field: "q",
                        message: format!("There are at most {MAX_PAGE} pages of results"),
                    }),
                },
                // Unknown keys (tracking tags, old links) are ignored, as any web page does.
                _ => {}
            }
        }
        if let Some(d) = as_of {
            p.edition = EditionChoice::AsOf(d);
        }
        (p, errors)
    }

    /// This search's address on another page of results.
    pub(crate) fn href(&self, page: usize) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", self.q.as_deref().unwrap_or(""));
        for k in &self.kinds {
            s.append_pair("kind", k.as_str());
        }
        for d in &self.docs {
            s.append_pair("doc", d.as_str());
        }
        match self.edition {
            EditionChoice::Current => {}
            EditionChoice::All => {
                s.append_pair("edition", "all");
            }
            EditionChoice::AsOf(d) => {
                s.append_pair("as_of", &d.to_string());
            }
        }
        if page > 1 {
            s.append_pair("page", &page.to_string());
        }
        format!("/search?{}", s.finish())
    }

    fn filtered(&self) -> bool {
        !self.docs.is_empty() || !self.kinds.is_empty() || self.edition != EditionChoice::Current
    }
}

/// What the page shows below the form.
pub(crate) enum Outcome {
    /// No question yet.
    Start,
    /// The question or a filter needs fixing.
    Invalid(Vec<FieldError>),
    /// The hits of this page, and whether there are more.
    Answered { answer: Answer, more: bool },
}

/// Everything the page needs, computed on a blocking thread.
pub(crate) struct SearchView {
    pub params: SearchParams,
    pub editions: Editions,
    pub outcome: Outcome,
}

/// `GET /` and `GET /search`.
pub(crate) async fn handler(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let (params, errors) = SearchParams::parse(raw.as_deref());
    match state
        .run_blocking(move |searcher| compute(searcher, params, errors))
        .await
    {
        Ok(Ok(view)) => render(&view),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "search page failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Err(e) => blocking_failed(e),
    }
}

/// Runs the search the parameters ask for.
pub(crate) fn compute(
    searcher: &Searcher,
    params: SearchParams,
    errors: Vec<FieldError>,
) -> Result<SearchView, pinpoint_index::Error> {
    let editions = Editions::of(searcher.index());
    let outcome = match &params.q {
        _ if !errors.is_empty() => Outcome::Invalid(errors),
        None => Outcome::Start,
        Some(q) => {
            let wanted = params.page * PAGE_SIZE;
            let options = SearchOptions {
                limit: wanted + 1,
                filter: SearchFilter {
                    docs: (!params.docs.is_empty()).then(|| params.docs.clone()),
                    kinds: (!params.kinds.is_empty()).then(|| params.kinds.clone()),
                    editions: params.edition.scope(),
                },
                ..SearchOptions::default()
            };
            match searcher.search(q, &options) {
                Ok(mut answer) => {
                    let more = answer.hits.len() > wanted;
                    answer.hits.truncate(wanted);
                    answer.hits.drain(..((params.page - 1) * PAGE_SIZE).min(answer.hits.len()));
                    Outcome::Answered { answer, more }
                }
                Err(SearchError::Query(QueryError::Empty)) => Outcome::Invalid(vec![FieldError {
                    field: "q",
                    message: "Enter a question".into(),
                }]),
                Err(SearchError::Query(QueryError::TooLong { .. })) => Outcome::Invalid(vec![FieldError {
                    field: "q",
                    message: format!(
                        "Question must be {} characters or fewer and at most {MAX_QUERY_WORDS} words",
                        thousands(MAX_QUERY_CHARS as u64)
                    ),
                }]),
                Err(SearchError::Index(e)) => return Err(e),
            }
        }
    };
    Ok(SearchView {
        params,
        editions,
        outcome,
    })
}

/// The page for a computed search.
pub(crate) fn render(view: &SearchView) -> Response {
    let p = &view.params;
    let errors: &[FieldError] = match &view.outcome {
        Outcome::Invalid(e) => e,
        _ => &[],
    };
    let (title, status) = match (&view.outcome, &p.q) {
        (Outcome::Invalid(_), _) => ("Error: Search".to_owned(), StatusCode::BAD_REQUEST),
        (Outcome::Answered { .. }, Some(q)) => {
            (format!("Search results for ‘{q}’"), StatusCode::OK)
        }
        _ => ("Search".to_owned(), StatusCode::OK),
    };
    let main = html! {
        (error_summary(errors))
        (form(view, errors))
        @if let Outcome::Answered { answer, more } = &view.outcome {
            (results(view, answer, *more))
        }
        @if let Outcome::Start = &view.outcome {
            (start(view))
        }
    };
    respond(status, page(&title, Section::Search, &[], main))
}

fn form(view: &SearchView, errors: &[FieldError]) -> Markup {
    let p = &view.params;
    let q_error = errors.iter().find(|e| e.field == "q");
    let group = group_class(q_error.is_some());
    let input_class = if q_error.is_some() {
        "govuk-input govuk-input--error"
    } else {
        "govuk-input"
    };
    let described = if q_error.is_some() {
        "q-hint q-error"
    } else {
        "q-hint"
    };
    html! {
        form class="app-search" action="/search" method="get" role="search" aria-label="Guidance and law" {
            div class=(group) {
                h1 class="govuk-label-wrapper" {
                    label class="govuk-label govuk-label--l" for="q" { "Search safeguarding guidance and law" }
                }
                div class="govuk-hint" id="q-hint" {
                    "Ask in your own words, for example ‘what is transferable risk’ or ‘section 16E’."
                }
                @if let Some(e) = q_error {
                    p class="govuk-error-message" id="q-error" {
                        span class="govuk-visually-hidden" { "Error:" } " " (e.message)
                    }
                }
                div class="app-search__row" {
                    input class=(input_class) id="q" name="q" type="search" value=[p.q.as_deref()]
                        aria-describedby=(described) autocomplete="off" spellcheck="true";
                    button type="submit" class="govuk-button" { "Search" }
                }
            }
            (filters(view, errors))
        }
    }
}

fn filters(view: &SearchView, errors: &[FieldError]) -> Markup {
    let p = &view.params;
    let open = p.filtered() || errors.iter().any(|e| e.field != "q");
    let error_for = |field: &str| errors.iter().find(|e| e.field == field);
    html! {
        details class="govuk-details" open[open] {
            summary class="govuk-details__summary" {
                span class="govuk-details__summary-text" { "Filter by kind, document or edition" }
            }
            div class="govuk-details__text" {
                div class=(group_class(error_for("kind").is_some())) {
                    fieldset class="govuk-fieldset" id="kind" {
                        legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { "Kind of document" }
                        @if let Some(e) = error_for("kind") {
                            p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error:" } " " (e.message) }
                        }
                        div class="govuk-checkboxes govuk-checkboxes--small" {
                            @for kind in DocKind::ALL {
                                @let id = format!("kind-{}", kind.as_str());
                                div class="govuk-checkboxes__item" {
                                    input class="govuk-checkboxes__input" id=(id) name="kind" type="checkbox"
                                        value=(kind.as_str()) checked[p.kinds.contains(&kind)];
                                    label class="govuk-label govuk-checkboxes__label" for=(id) { (kind_name(kind)) }
                                }
                            }
                        }
                    }
                }
                div class=(group_class(error_for("doc").is_some())) {
                    label class="govuk-label govuk-label--s" for="doc" { "Document" }
                    @if let Some(e) = error_for("doc") {
                        p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error:" } " " (e.message) }
                    }
                    select class="govuk-select" id="doc" name="doc" {
                        option value="" selected[p.docs.is_empty()] { "All documents" }
                        @for s in view.editions.documents() {
                            option value=(s.edition.doc.as_str()) selected[p.docs.first() == Some(&s.edition.doc)] {
                                (s.edition.cite_as)
                            }
                        }
                    }
                }
                div class=(group_class(error_for("edition").is_some())) {
                    label class="govuk-label govuk-label--s" for="edition" { "Editions" }
                    @if let Some(e) = error_for("edition") {
                        p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error:" } " " (e.message) }
                    }
                    select class="govuk-select" id="edition" name="edition" {
                        option value="current" selected[p.edition == EditionChoice::Current] { "Editions in force today" }
                        option value="all" selected[p.edition == EditionChoice::All] { "All editions, including older ones" }
                    }
                }
                div class=(group_class(error_for("as_of").is_some())) {
                    label class="govuk-label govuk-label--s" for="as_of" { "Or the editions in force on a date" }
                    div class="govuk-hint" id="as_of-hint" {
                        "For example, the day something happened. A date here is searched whatever is chosen above."
                    }
                    @if let Some(e) = error_for("as_of") {
                        p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error:" } " " (e.message) }
                    }
                    @let value = match p.edition { EditionChoice::AsOf(d) => d.to_string(), _ => String::new() };
                    input class="govuk-input govuk-input--width-10" id="as_of" name="as_of" type="date"
                        aria-describedby="as_of-hint" value=(value);
                }
                button type="submit" class="govuk-button govuk-button--secondary" {
                    "Apply filters"
                }
            }
        }
    }
}

fn group_class(error: bool) -> &'static str {
    if error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

fn start(view: &SearchView) -> Markup {
    let docs = view.editions.documents();
    let passages: u64 = view.editions.all().iter().map(|s| s.passages).sum();
    html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                p class="govuk-body" {
                    "Pinpoint finds the passage of official guidance or legislation that answers your question, "
                    "and cites it to the paragraph or section and page of the edition in force."
                }
                p class="govuk-body" {
                    "It searches " (count(docs.len() as u64, "document", "documents")) " ("
                    (count(passages, "passage", "passages")) "). "
                    a class="govuk-link" href="/documents" { "See the documents searched" } "."
                }
            }
        }
    }
}

fn results(view: &SearchView, answer: &Answer, more: bool) -> Markup {
    let p = &view.params;
    let first = (p.page - 1) * PAGE_SIZE + 1;
    let last = first + answer.hits.len().saturating_sub(1);
    html! {
        @if answer.no_answer {
            div class="govuk-warning-text" {
                span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                div class="govuk-warning-text__text" {
                    span class="govuk-visually-hidden" { "Warning" }
                    h2 class="govuk-heading-m" id="no-answer" { "No passage in these documents answers your question" }
                }
            }
            @if answer.hits.is_empty() && !answer.not_in_force.is_empty() {
                p class="govuk-body" {
                    "Nothing was searched: none of the documents Pinpoint holds had an edition in force on that "
                    "date (listed below). Try a later date."
                }
            } @else {
                p class="govuk-body" {
                    "None of the passages Pinpoint holds covers enough of what you asked. That may mean the "
                    "documents do not deal with it, or that they use different words."
                }
            }
            p class="govuk-body" { "You could:" }
            ul class="govuk-list govuk-list--bullet" {
                li { "ask again using the words the guidance might use (for example ‘allegation’ rather than ‘accused’)" }
                li { "ask about one thing at a time" }
                @if p.filtered() { li { "remove the filters" } }
                li { a class="govuk-link" href="/documents" { "check which documents are searched" } }
            }
            @if !answer.hits.is_empty() {
                h2 class="govuk-heading-m" id="results-heading" { "Nearest passages, which may not answer your question" }
            }
        } @else {
            h2 class="govuk-heading-m" id="results-heading" {
                "Results for ‘" (answer.query) "’"
            }
        }
        @if !answer.corrections.is_empty() {
            p class="govuk-body" id="corrections" {
                "The documents do not use "
                @for (i, c) in answer.corrections.iter().enumerate() {
                    @if i > 0 { ", " }
                    "‘" (c.typed) "’"
                }
                ", so Pinpoint searched for "
                @for (i, c) in answer.corrections.iter().enumerate() {
                    @if i > 0 { ", " }
                    strong { "‘" (c.searched) "’" }
                }
                " instead."
            }
        }
        @if !answer.not_in_force.is_empty() {
            div class="govuk-inset-text" id="not-in-force" {
                p class="govuk-body" {
                    "Not searched, because no edition Pinpoint holds was in force on that date:"
                }
                ul class="govuk-list govuk-list--bullet" {
                    @for e in &answer.not_in_force {
                        li {
                            a class="govuk-link" href=(format!("/documents/{}?edition={}", e.doc, e.id)) { (e.cite_as) }
                            ", in force from " (e.in_force_from.long())
                        }
                    }
                }
            }
        }
        @if answer.hits.is_empty() {
            @if !answer.no_answer || p.page > 1 {
                p class="govuk-body" { "There are no more results." }
            }
        } @else {
            p class="govuk-body app-hit__meta" { "Showing " (first) " to " (last) }
            ol class="app-results" aria-labelledby="results-heading" start=(first) {
                @for (i, hit) in answer.hits.iter().enumerate() {
                    (hit_item(first + i, hit, &view.editions))
                }
            }
        }
        @if p.page > 1 || more {
            nav class="govuk-pagination govuk-pagination--block" aria-label="Results pages" {
                @if p.page > 1 {
                    div class="govuk-pagination__prev" {
                        a class="govuk-link govuk-pagination__link" href=(p.href(p.page - 1)) rel="prev" {
                            span class="govuk-pagination__link-title" { "Previous" span class="govuk-visually-hidden" { " page" } }
                        }
                    }
                }
                @if more && p.page < MAX_PAGE {
                    div class="govuk-pagination__next" {
                        a class="govuk-link govuk-pagination__link" href=(p.href(p.page + 1)) rel="next" {
                            span class="govuk-pagination__link-title" { "More results" }
                        }
                    }
                }
            }
        }
    }
}

/// One hit: title, standing, where it is, the text with its answer marked, links and the citation block.
fn hit_item(n: usize, hit: &Hit, editions: &Editions) -> Markup {
    let e = &hit.edition;
    let loc = &hit.passage.locator;
    let standing = editions.standing(e);
    let name = match super::text::label_words(&loc.label) {
        Some(l) => format!("{}, {l}", e.cite_as),
        None => match loc.heading.last() {
            Some(h) => format!("{}: {h}", e.cite_as),
            None => e.cite_as.clone(),
        },
    };
    html! {
        li class="app-hit" {
            h3 class="govuk-heading-s" {
                a class="govuk-link" href=(passage_href(&hit.passage.id)) { (name) }
            }
            p class="app-hit__meta" {
                (editions::tag(standing)) " " (kind_name(e.kind))
                @let words = pinpoint_words(loc);
                @if !words.is_empty() { " · " (words) }
            }
            @if standing != Standing::Current {
                @if let Some(w) = editions::warning(editions, e) { (w) }
            }
            @if !loc.heading.as_slice().is_empty() {
                p class="app-hit__meta" { (loc.heading.to_string()) }
            }
            p class="app-passage-text" { (highlighted(&hit.passage.text, &hit.highlights)) }
            p class="govuk-body-s" {
                (official_link(loc, &e.url, Some(&format!("for result {n}"))))
                " · "
                a class="govuk-link" href=(passage_href(&hit.passage.id)) {
                    "Passage in context" span class="govuk-visually-hidden" { " for result " (n) }
                }
                @if !hit.also_in.is_empty() {
                    " · The same text is in "
                    @for (i, also) in hit.also_in.iter().enumerate() {
                        @if i > 0 { ", " }
                        a class="govuk-link" href=(passage_href(&also.id)) { (also.citation) }
                    }
                }
            }
            (cite_block(&n.to_string(), Some(&format!("result {n}")), &hit.passage.text, e, loc))
        }
    }
}

#[cfg(test)]
// Highlights are lists of byte ranges; a list of one range is the common case, not a mistaken `(a..b).collect()`.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use pinpoint_index::EditionStats;
    use pinpoint_model::{
        Citation, Edition, HeadingPath, Label, Locator, PageSpan, Passage, Position,
    };

    fn kcsie(id: &str) -> Edition {
        Edition {
            doc: "kcsie".parse().unwrap(),
            id: id.parse().unwrap(),
            in_force_from: id.parse().unwrap(),
            title: "Keeping children safe in education".into(),
            cite_as: format!("Keeping children safe in education {}", &id[..4]),
            publisher: "Department for Education".into(),
            kind: DocKind::StatutoryGuidance,
            url: "https://www.gov.uk/kcsie.pdf".into(),
            source: "kcsie.pdf".into(),
            note: None,
        }
    }

    fn hit(edition: &Edition, text: &str, highlights: Vec<std::ops::Range<usize>>) -> Hit {
        let locator = Locator {
            position: Position::Pages(PageSpan::new(93, 93, Some("93".into())).unwrap()),
            label: Label::Paragraph("363".into()),
            heading: HeadingPath::new(vec!["Part four".into(), "Transferable risk".into()]),
        };
        Hit {
            passage: Passage::new(edition, locator.clone(), text.into()),
            edition: edition.clone(),
            score: 1.0,
            highlights,
            citation: Citation::new(edition, &locator),
            also_in: vec![],
        }
    }

    fn view(q: &str, answer: Answer, today: &str) -> SearchView {
        let all = ["2024-09-02", "2025-09-01"]
            .iter()
            .map(|id| EditionStats {
                edition: kcsie(id),
                passages: 500,
            })
            .collect();
        let (params, errors) = SearchParams::parse(Some(&format!("q={q}")));
        assert!(errors.is_empty());
        SearchView {
            params,
            editions: Editions::on(all, today.parse().unwrap()),
            outcome: Outcome::Answered {
                answer,
                more: false,
            },
        }
    }

    use crate::testutil::body;

    #[test]
    fn parses_repeated_keys_and_reports_bad_values() {
        let (p, errors) = SearchParams::parse(Some(
            "q=what+is+transferable+risk&kind=legislation&kind=guidance,legislation&doc=kcsie&doc=&edition=all&page=2&utm=x",
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(p.q.as_deref(), Some("what is transferable risk"));
        assert_eq!(p.kinds, vec![DocKind::Legislation, DocKind::Guidance]);
        assert_eq!(p.docs, vec!["kcsie".parse::<DocId>().unwrap()]);
        assert_eq!(p.edition, EditionChoice::All);
        assert_eq!(p.page, 2);
        assert_eq!(
            p.href(3),
            "/search?q=what+is+transferable+risk&kind=legislation&kind=guidance&doc=kcsie&edition=all&page=3"
        );

        let (_, errors) =
            SearchParams::parse(Some("q=x&kind=novel&doc=Bad/Doc&edition=2024-13-01&page=0"));
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["kind", "doc", "edition", "q"]);

        let (p, errors) = SearchParams::parse(None);
        assert!(errors.is_empty());
        assert_eq!((p.q, p.page, p.edition), (None, 1, EditionChoice::Current));

        // A pasted NUL or form feed is not part of the question; an edition that is no date says what would be.
        let (p, errors) = SearchParams::parse(Some("q=what%00is%0Ca+LADO%00&edition=1999"));
        assert_eq!(p.q.as_deref(), Some("what is a LADO"));
        assert!(errors[0].message.contains("a date such as"), "{errors:?}");
    }

    #[test]
    fn a_date_in_the_form_searches_the_editions_in_force_that_day() {
        let day = "2025-08-15".parse::<Date>().unwrap();
        // The date box wins over the editions list, in either order; an empty box is no choice.
        for raw in [
            "q=x&edition=all&as_of=2025-08-15",
            "q=x&as_of=2025-08-15&edition=current",
            "q=x&edition=2025-08-15&as_of=",
        ] {
            let (p, errors) = SearchParams::parse(Some(raw));
            assert!(errors.is_empty(), "{raw}: {errors:?}");
            assert_eq!(p.edition, EditionChoice::AsOf(day), "{raw}");
            assert_eq!(p.href(1), "/search?q=x&as_of=2025-08-15");
        }
        let (_, errors) = SearchParams::parse(Some("q=x&as_of=15%2F08%2F2025"));
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["as_of"]);
    }

    #[tokio::test]
    async fn results_mark_the_answer_and_offer_citations() {
        let text = "Some context. This is known as transferable risk. More <text>.";
        let e = kcsie("2025-09-01");
        let answer = Answer {
            query: "transferable risk".into(),
            no_answer: false,
            coverage: 1.0,
            corrections: vec![],
            not_in_force: vec![],
            hits: vec![hit(&e, text, vec![14..49])],
        };
        let (status, html) = body(render(&view("transferable+risk", answer, "2025-10-01"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<title>Search results for ‘transferable risk’ – Pinpoint</title>"));
        assert!(
            html.contains("<mark>This is known as transferable risk.</mark> More &lt;text&gt;."),
            "{html}"
        );
        assert!(html.contains("Current edition"));
        assert!(html.contains("href=\"/passages/kcsie/2025-09-01/para-363\""));
        assert!(html.contains("href=\"https://www.gov.uk/kcsie.pdf#page=93\">Open the official document at page 93<span class=\"govuk-visually-hidden\"> for result 1</span></a>"), "{html}");
        assert!(html.contains("Department for Education, Keeping Children Safe in Education 2025 (1 September 2025) para 363"));
        assert!(html.contains("Copy citation"));
        assert!(html.contains("value=\"transferable risk\""));
        assert!(!html.contains("No passage in these documents"));
    }

    #[tokio::test]
    async fn a_respelled_word_is_shown() {
        let e = kcsie("2025-09-01");
        let answer = Answer {
            query: "safegaurding lead".into(),
            no_answer: false,
            coverage: 1.0,
            corrections: vec![pinpoint_search::Correction {
                typed: "safegaurding".into(),
                searched: "safeguarding".into(),
            }],
            hits: vec![hit(&e, "The safeguarding lead.", vec![0..22])],
            not_in_force: vec![],
        };
        let (_, html) = body(render(&view("safegaurding+lead", answer, "2025-10-01"))).await;
        assert!(
            html.contains("The documents do not use ‘safegaurding’, so Pinpoint searched for <strong>‘safeguarding’</strong> instead."),
            "{html}"
        );
    }

    #[tokio::test]
    async fn the_same_text_in_another_edition_is_cited_there() {
        let (old, new) = (kcsie("2024-09-02"), kcsie("2025-09-01"));
        let mut h = hit(&new, "This is known as transferable risk.", vec![]);
        let copy = hit(&old, "This is known as transferable risk.", vec![]);
        h.also_in = vec![pinpoint_search::AlsoIn {
            id: copy.passage.id.clone(),
            citation: copy.citation.clone(),
        }];
        let answer = Answer {
            query: "transferable risk".into(),
            no_answer: false,
            coverage: 1.0,
            corrections: vec![],
            hits: vec![h],
            not_in_force: vec![],
        };
        let (_, html) = body(render(&view("transferable+risk", answer, "2025-10-01"))).await;
        assert!(
            html.contains("The same text is in <a class=\"govuk-link\" href=\"/passages/kcsie/2024-09-02/para-363\">Keeping children safe in education 2024, para 363, p. 93</a>"),
            "{html}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_address_too_long_is_a_page_outside_the_api_and_json_inside() {
        use crate::testutil::{get, state};
        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(state(dir.path(), crate::Settings::default()));
        let long = "b".repeat(20_000);
        let (status, html) = get(&app, &format!("/search?q={long}")).await;
        assert_eq!(status, StatusCode::URI_TOO_LONG);
        assert!(html.contains("This address is too long"), "{html}");
        let (status, json) = get(&app, &format!("/api/search?q={long}")).await;
        assert_eq!(status, StatusCode::URI_TOO_LONG);
        assert!(json.contains("\"uri_too_long\""), "{json}");
    }

    #[tokio::test]
    async fn documents_with_no_edition_in_force_on_the_date_asked_are_named() {
        let e = kcsie("2024-09-02");
        let act = pinpoint_model::Edition {
            cite_as: "Children Act 2004".into(),
            ..pinpoint_model::fixtures::edition(
                "children-act-2004",
                "2025-04-11",
                pinpoint_model::DocKind::Legislation,
            )
        };
        let answer = Answer {
            query: "section 11".into(),
            no_answer: false,
            coverage: 1.0,
            corrections: vec![],
            hits: vec![hit(&e, "Section 11 duties.", vec![0..18])],
            not_in_force: vec![act],
        };
        let (_, html) = body(render(&view("section+11", answer, "2025-10-01"))).await;
        assert!(
            html.contains("id=\"as_of\" name=\"as_of\" type=\"date\""),
            "{html}"
        );
        assert!(
            html.contains(
                "Not searched, because no edition Pinpoint holds was in force on that date:"
            ),
            "{html}"
        );
        assert!(
            html.contains("<a class=\"govuk-link\" href=\"/documents/children-act-2004?edition=2025-04-11\">Children Act 2004</a>, in force from 11 April 2025"),
            "{html}"
        );
        // Nothing in force at all: nothing was searched, and the page does not blame the asker's words.
        let answer = Answer {
            query: "section 11".into(),
            no_answer: true,
            coverage: 0.0,
            corrections: vec![],
            hits: vec![],
            not_in_force: vec![e],
        };
        let (_, html) = body(render(&view("section+11", answer, "2025-10-01"))).await;
        assert!(html.contains("Nothing was searched"), "{html}");
        assert!(!html.contains("use different words"), "{html}");
    }

    #[tokio::test]
    async fn an_older_edition_is_flagged() {
        let e = kcsie("2024-09-02");
        let answer = Answer {
            query: "risk".into(),
            no_answer: false,
            coverage: 1.0,
            corrections: vec![],
            not_in_force: vec![],
            hits: vec![hit(&e, "Risk.", vec![0..5])],
        };
        let (_, html) = body(render(&view("risk", answer, "2025-10-01"))).await;
        assert!(html.contains("Older edition"));
        assert!(html.contains("This is from an older edition"), "{html}");
        assert!(html.contains("/documents/kcsie?edition=2025-09-01"));
    }

    #[tokio::test]
    async fn no_answer_says_so_and_shows_nearest_passages_as_such() {
        let e = kcsie("2025-09-01");
        let answer = Answer {
            query: "sourdough starter".into(),
            no_answer: true,
            coverage: 0.1,
            corrections: vec![],
            not_in_force: vec![],
            hits: vec![hit(&e, "Schools should have a starter pack.", vec![])],
        };
        let (status, html) = body(render(&view("sourdough+starter", answer, "2025-10-01"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("No passage in these documents answers your question"));
        assert!(html.contains("Nearest passages, which may not answer your question"));
        assert!(html.contains("ask again using the words"));
        assert!(!html.contains("<mark>"));
        assert!(!html.contains("Results for"));
    }

    #[tokio::test]
    async fn invalid_input_is_a_400_with_an_error_summary() {
        let all = vec![EditionStats {
            edition: kcsie("2025-09-01"),
            passages: 1,
        }];
        let v = SearchView {
            params: SearchParams::default(),
            editions: Editions::on(all, "2025-10-01".parse().unwrap()),
            outcome: Outcome::Invalid(vec![FieldError {
                field: "q",
                message: "Enter a question".into(),
            }]),
        };
        let (status, html) = body(render(&v)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains("<title>Error: Search – Pinpoint</title>"));
        assert!(html.contains("href=\"#q\""));
        assert!(html.contains("govuk-input--error"));
        assert!(html.contains("aria-describedby=\"q-hint q-error\""));
    }
}
