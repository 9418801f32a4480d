//! `/check`: does a citation an advisor saved still stand? A GET form (document, edition, paragraph, quote, and a
//! saved content hash if they have one), answered on the same page: stands (and where it is now), changed (with
//! the word diff), removed, or not found in the edition cited (and where the quote is instead). Works without
//! JavaScript. The check is `catalog::CitationChecker`, the same as `POST /api/citations/check`.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use pinpoint_diff::{CitationCheck, CitationError, CitationStatus, Finding, NotFound, Outcome};
use pinpoint_model::Passage;
use pinpoint_wire::WireCitationInput;

use crate::catalog::{CitationChecker, LookupError};

use super::changes::word_diff;
use super::editions::Editions;
use super::layout::{error_summary, page, problem, respond, summary_row, FieldError, Section};
use super::text::{label_words, page_words, thousands};
use super::{blocking_failed, passage_href};
use crate::AppState;

/// Longest value accepted in any field, in characters (a quote is a sentence or two, not a chapter). A longer one
/// is a field error; nothing is checked.
const MAX_FIELD: usize = 2_000;

/// The form as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CheckForm {
    pub document: String,
    pub edition: String,
    pub paragraph: String,
    pub quote: String,
    pub content_hash: String,
    /// Whether anything was sent (otherwise the page just shows the form).
    pub submitted: bool,
}

impl CheckForm {
    pub(crate) fn parse(raw: Option<&str>) -> (CheckForm, Vec<FieldError>) {
        let mut f = CheckForm::default();
        let mut errors = Vec::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let slot = match k.as_ref() {
                "document" => &mut f.document,
                "edition" => &mut f.edition,
                "paragraph" => &mut f.paragraph,
                "quote" => &mut f.quote,
                "content_hash" => &mut f.content_hash,
                _ => continue,
            };
            f.submitted = true;
            // Kept whole, so that a value over the limit is reported (and shown back to be shortened), never
            // cut short and checked as something the advisor did not write.
            *slot = v.trim().to_owned();
        }
        if !f.submitted {
            return (f, errors);
        }
        let too_long = |id: &'static str, what: &str, value: &str| {
            let chars = value.chars().count();
            (chars > MAX_FIELD).then(|| {
                field(
                    id,
                    format!(
                        "{what} must be {} characters or fewer; it is {}",
                        thousands(MAX_FIELD as u64),
                        thousands(chars as u64)
                    ),
                )
            })
        };
        if let Some(e) = too_long("document", "The document", &f.document) {
            errors.push(e);
        } else if f.document.is_empty() {
            errors.push(field("document", "Choose the document cited"));
        }
        if let Some(e) = too_long("edition", "The edition", &f.edition) {
            errors.push(e);
        } else if f.edition.is_empty() {
            errors.push(field(
                "edition",
                "Enter the edition cited, as a year or date (for example 2024 or 2024-09-02)",
            ));
        }
        if let Some(e) = too_long("paragraph", "The paragraph or section", &f.paragraph) {
            errors.push(e);
        } else if f.paragraph.is_empty() && f.quote.is_empty() && f.content_hash.is_empty() {
            errors.push(field(
                "paragraph",
                "Enter the paragraph or section cited, or the words quoted",
            ));
        }
        errors.extend(too_long("quote", "The quote", &f.quote));
        errors.extend(too_long(
            "content_hash",
            "The content hash",
            &f.content_hash,
        ));
        (f, errors)
    }

    fn input(&self) -> WireCitationInput {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        WireCitationInput {
            document: self.document.clone(),
            edition: some(&self.edition),
            paragraph: some(&self.paragraph),
            quote: some(&self.quote),
            content_hash: some(&self.content_hash),
        }
    }
}

fn field(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// The field a failed check is the fault of, with a message for the error summary; `None` for the server's own
/// failures.
fn field_error(e: &LookupError) -> Option<FieldError> {
    Some(match e {
        LookupError::NoDocument(_) => field("document", "Choose a document from the list"),
        LookupError::Edition { .. } | LookupError::NoEditionGiven => {
            field("edition", capitalised(&e.to_string()))
        }
        LookupError::Citation(CitationError::BadHash(_)) => field(
            "content_hash",
            "Enter the content hash as saved, starting sha256:",
        ),
        LookupError::Citation(c) => field("paragraph", capitalised(&c.to_string())),
        LookupError::NoEarlier { .. } | LookupError::NotInForce(_) | LookupError::Index { .. } => {
            return None
        }
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What the page shows below the form.
pub(crate) enum CheckOutcome {
    /// Nothing asked yet.
    Start,
    /// A field needs fixing.
    Invalid(Vec<FieldError>),
    /// The answer.
    Checked(Box<CitationCheck>),
}

/// Everything the page needs.
pub(crate) struct CheckView {
    pub form: CheckForm,
    pub editions: Editions,
    pub outcome: CheckOutcome,
}

/// `GET /check`.
pub(crate) async fn handler(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let (form, errors) = CheckForm::parse(raw.as_deref());
    let result = state
        .run_blocking(move |searcher| -> Result<CheckView, LookupError> {
            let index = searcher.index();
            let editions = Editions::of(index);
            let outcome = if !errors.is_empty() {
                CheckOutcome::Invalid(errors)
            } else if !form.submitted {
                CheckOutcome::Start
            } else {
                match CitationChecker::new(index).check(&form.input()) {
                    Ok(check) => CheckOutcome::Checked(Box::new(check)),
                    Err(e) => match field_error(&e) {
                        Some(fe) => CheckOutcome::Invalid(vec![fe]),
                        None => return Err(e),
                    },
                }
            };
            Ok(CheckView {
                form,
                editions,
                outcome,
            })
        })
        .await;
    match result {
        Ok(Ok(view)) => render(&view),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "citation check page failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR)
        }
        Err(e) => blocking_failed(e),
    }
}

fn group(error: bool) -> &'static str {
    if error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

fn error_message(e: Option<&FieldError>, id: &str) -> Markup {
    html! {
        @if let Some(e) = e {
            p class="govuk-error-message" id=(format!("{id}-error")) {
                span class="govuk-visually-hidden" { "Error:" } " " (e.message)
            }
        }
    }
}

fn described(hint: Option<&str>, error: bool, id: &str) -> Option<String> {
    let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn form(view: &CheckView, errors: &[FieldError]) -> Markup {
    let f = &view.form;
    let err = |id: &str| errors.iter().find(|e| e.field == id);
    let input_class = |id: &str, extra: &str| {
        let base = if err(id).is_some() {
            "govuk-input govuk-input--error"
        } else {
            "govuk-input"
        };
        format!("{base} {extra}").trim().to_owned()
    };
    html! {
        form action="/check" method="get" novalidate {
            div class=(group(err("document").is_some())) {
                label class="govuk-label govuk-label--s" for="document" { "Document" }
                (error_message(err("document"), "document"))
                select class=(if err("document").is_some() { "govuk-select govuk-select--error" } else { "govuk-select" })
                    id="document" name="document" aria-describedby=[described(None, err("document").is_some(), "document")] {
                    option value="" selected[f.document.is_empty()] { "Choose a document" }
                    @for s in view.editions.documents() {
                        option value=(s.edition.doc.as_str()) selected[f.document == s.edition.doc.as_str()] {
                            (s.edition.cite_as)
                        }
                    }
                }
            }
            div class=(group(err("edition").is_some())) {
                label class="govuk-label govuk-label--s" for="edition" { "Edition cited" }
                div class="govuk-hint" id="edition-hint" { "The year or date of the edition, for example 2024 or 2024-09-02" }
                (error_message(err("edition"), "edition"))
                input class=(input_class("edition", "govuk-input--width-10")) id="edition" name="edition" type="text"
                    value=(f.edition) spellcheck="false" autocomplete="off"
                    aria-describedby=[described(Some("edition-hint"), err("edition").is_some(), "edition")];
            }
            div class=(group(err("paragraph").is_some())) {
                label class="govuk-label govuk-label--s" for="paragraph" { "Paragraph or section" }
                div class="govuk-hint" id="paragraph-hint" { "For example 363, para 3.22, s. 16E(1) or reg 32" }
                (error_message(err("paragraph"), "paragraph"))
                input class=(input_class("paragraph", "govuk-input--width-10")) id="paragraph" name="paragraph" type="text"
                    value=(f.paragraph) spellcheck="false" autocomplete="off"
                    aria-describedby=[described(Some("paragraph-hint"), err("paragraph").is_some(), "paragraph")];
            }
            div class=(group(err("quote").is_some())) {
                label class="govuk-label govuk-label--s" for="quote" { "Words quoted (optional)" }
                div class="govuk-hint" id="quote-hint" { "Paste the words you quoted from the passage" }
                (error_message(err("quote"), "quote"))
                textarea class=(if err("quote").is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" })
                    id="quote" name="quote" rows="3"
                    aria-describedby=[described(Some("quote-hint"), err("quote").is_some(), "quote")] { (f.quote) }
            }
            details class="govuk-details" open[!f.content_hash.is_empty() || err("content_hash").is_some()] {
                summary class="govuk-details__summary" {
                    span class="govuk-details__summary-text" { "I saved a content hash" }
                }
                div class="govuk-details__text" {
                    div class=(group(err("content_hash").is_some())) {
                        label class="govuk-label govuk-label--s" for="content_hash" { "Content hash" }
                        div class="govuk-hint" id="content_hash-hint" { "As the API gave it, starting sha256:" }
                        (error_message(err("content_hash"), "content_hash"))
                        input class=(input_class("content_hash", "")) id="content_hash" name="content_hash" type="text"
                            value=(f.content_hash) spellcheck="false" autocomplete="off"
                            aria-describedby=[described(Some("content_hash-hint"), err("content_hash").is_some(), "content_hash")];
                    }
                }
            }
            button type="submit" class="govuk-button" { "Check citation" }
        }
    }
}

fn passage_link(p: &Passage, cite_as: &str) -> Markup {
    let name = label_words(&p.locator.label)
        .or_else(|| {
            p.locator
                .heading
                .last()
                .map(|h| format!("text under ‘{h}’"))
        })
        .unwrap_or_else(|| "passage".into());
    html! {
        a class="govuk-link" href=(passage_href(&p.id)) { (cite_as) ", " (name) }
        @if let Some(page) = page_words(&p.locator) { " (" (page) ")" }
    }
}

/// The verdict at the head of a result. Text that stands under a new number is not "still stands": whoever
/// re-cites the old number cites the wrong paragraph, so the tag says so first.
fn status_tag(check: &CitationCheck) -> Markup {
    let renumbered = match &check.outcome {
        Outcome::Found(findings) => findings.iter().any(|f| {
            matches!(f, Finding::Stands { cited, current } if cited.locator.label != current.locator.label)
        }),
        _ => false,
    };
    let (class, text) = match check.status() {
        CitationStatus::Stands if renumbered => {
            ("govuk-tag govuk-tag--blue", "Same text, new number")
        }
        CitationStatus::Stands => ("govuk-tag govuk-tag--green", "Still stands"),
        CitationStatus::Changed => ("govuk-tag govuk-tag--yellow", "Changed"),
        CitationStatus::Removed => ("govuk-tag govuk-tag--red", "Removed"),
        CitationStatus::NotFound => ("govuk-tag govuk-tag--grey", "Not found"),
    };
    html! { strong class=(class) { (text) } }
}

fn result(check: &CitationCheck) -> Markup {
    let (old, new) = (&check.cited_edition, &check.current_edition);
    html! {
        h2 class="govuk-heading-m" id="result" { "Result" }
        p class="govuk-body app-check-status" { (status_tag(check)) }
        p class="govuk-body" { (capitalised(&check.summary())) }
        @match &check.outcome {
            Outcome::Found(findings) => {
                @for f in findings {
                    dl class="govuk-summary-list app-check-finding" {
                        (summary_row("Cited", passage_link(f.cited(), &old.cite_as)))
                        (summary_row("In the edition in force", html! {
                            @match f {
                                Finding::Stands { current, .. } => { (passage_link(current, &new.cite_as)) ", text unchanged" }
                                Finding::Changed { current, .. } => { (passage_link(current, &new.cite_as)) ", text changed" }
                                Finding::Removed { .. } => { "Removed from " (new.cite_as) }
                            }
                        }))
                        @if let Finding::Changed { words, quote_still_present, .. } = f {
                            (summary_row("What changed", html! {
                                (word_diff(words))
                                @match quote_still_present {
                                    Some(true) => p class="govuk-body-s" { "The words you quoted are still there." },
                                    Some(false) => p class="govuk-body-s" { "The words you quoted are no longer in this paragraph." },
                                    None => {}
                                }
                            }))
                        }
                        @if let Finding::Removed { quote_now_in, .. } | Finding::Changed { quote_now_in, .. } = f {
                            @if !quote_now_in.is_empty() {
                                (summary_row("The words quoted are now in", html! {
                                    ul class="govuk-list" { @for p in quote_now_in { li { (passage_link(p, &new.cite_as)) } } }
                                }))
                            }
                        }
                    }
                }
            }
            Outcome::NotFound(nf) => {
                @let (elsewhere, intro) = match nf {
                    NotFound::QuoteNotInLabel { found_elsewhere, .. } => (found_elsewhere.as_slice(), "The words quoted are in"),
                    NotFound::HashMismatch { candidates } => (candidates.as_slice(), "The passages this led to, whose text differs from what was saved"),
                    _ => (&[][..], ""),
                };
                @if !elsewhere.is_empty() {
                    p class="govuk-body" { (intro) ":" }
                    ul class="govuk-list govuk-list--bullet" { @for p in elsewhere { li { (passage_link(p, &old.cite_as)) } } }
                }
                p class="govuk-body" {
                    "Check the edition and paragraph against the document: "
                    a class="govuk-link" href=(format!("/documents/{}?edition={}", old.doc, old.id)) { (old.cite_as) }
                    "."
                }
            }
        }
        @if old.id != new.id {
            p class="govuk-body" {
                a class="govuk-link" href=(super::changes::changes_href(&old.doc, Some(old.id), Some(new.id))) {
                    "See everything that changed from " (old.cite_as) " to " (new.cite_as)
                }
            }
        }
    }
}

pub(crate) fn render(view: &CheckView) -> Response {
    let errors: &[FieldError] = match &view.outcome {
        CheckOutcome::Invalid(e) => e,
        _ => &[],
    };
    let (title, status) = match &view.outcome {
        CheckOutcome::Invalid(_) => ("Error: Check a citation", StatusCode::BAD_REQUEST),
        _ => ("Check a citation", StatusCode::OK),
    };
    let main = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                (error_summary(errors))
                h1 class="govuk-heading-l" { "Check a citation" }
                p class="govuk-body" {
                    "Find out whether a passage you cited still says the same in the edition in force today: "
                    "where it is now, what changed, or whether it was removed."
                }
                (form(view, errors))
                @if let CheckOutcome::Checked(check) = &view.outcome { (result(check)) }
            }
        }
    };
    respond(status, page(title, Section::Check, &[], main))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_diff::{check_citation, EditionText, SavedCitation};
    use pinpoint_index::EditionStats;

    use crate::testutil::body;

    fn editions() -> Editions {
        let (a, _, b, _) = crate::testutil::kcsie_sides();
        Editions::on(
            vec![
                EditionStats {
                    edition: a,
                    passages: 4,
                },
                EditionStats {
                    edition: b,
                    passages: 5,
                },
            ],
            "2026-01-01".parse().unwrap(),
        )
    }

    #[test]
    fn form_needs_a_document_an_edition_and_something_to_look_for() {
        let (f, errors) = CheckForm::parse(None);
        assert!(!f.submitted && errors.is_empty());
        let (f, errors) = CheckForm::parse(Some(
            "document=kcsie&edition=2024&paragraph=363&quote=known+as+x&utm=1",
        ));
        assert!(f.submitted && errors.is_empty(), "{errors:?}");
        assert_eq!(f.input().quote.as_deref(), Some("known as x"));
        assert_eq!(f.input().content_hash, None);
        let (_, errors) = CheckForm::parse(Some("document=&edition=&paragraph=&quote="));
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["document", "edition", "paragraph"]);
    }

    #[tokio::test]
    async fn a_moved_citation_stands_and_says_where_it_is_now() {
        let (a, old, b, new) = crate::testutil::kcsie_sides();
        let check = |label: &str, quote: &str| {
            check_citation(
                &SavedCitation::new(Some(label), Some(quote), None).unwrap(),
                EditionText {
                    edition: &a,
                    passages: &old,
                },
                EditionText {
                    edition: &b,
                    passages: &new,
                },
            )
        };
        let (form, _) = CheckForm::parse(Some("document=kcsie&edition=2024&paragraph=363"));
        let view = CheckView {
            form,
            editions: editions(),
            outcome: CheckOutcome::Checked(Box::new(check(
                "363",
                "this is known as transferable risk",
            ))),
        };
        let (status, html) = body(render(&view)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Same text, new number"), "{html}");
        assert!(!html.contains("Still stands"), "{html}");
        assert!(
            html.contains("moved to 2025 para 360, text unchanged"),
            "{html}"
        );
        assert!(html.contains("href=\"/passages/kcsie/2025-07-07/para-360\">Keeping children safe in education 2025, paragraph 360</a> (page 94)"), "{html}");
        assert!(
            html.contains("href=\"/documents/kcsie/changes?from=2024-09-02&amp;to=2025-07-07\""),
            "{html}"
        );
        assert!(html.contains("<option value=\"kcsie\" selected>"), "{html}");

        let changed = CheckView {
            form: CheckForm::default(),
            editions: editions(),
            outcome: CheckOutcome::Checked(Box::new(check("362", "should tell the headteacher"))),
        };
        let (_, html) = body(render(&changed)).await;
        assert!(html.contains("govuk-tag--yellow\">Changed"), "{html}");
        assert!(html
            .contains("<del><span class=\"govuk-visually-hidden\">removed: </span>should</del>"));
        assert!(
            html.contains("The words you quoted are no longer in this paragraph."),
            "{html}"
        );

        let invalid = CheckView {
            form: CheckForm::default(),
            editions: editions(),
            outcome: CheckOutcome::Invalid(vec![field("edition", "Enter the edition")]),
        };
        let (status, html) = body(render(&invalid)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains("<title>Error: Check a citation – Pinpoint</title>"));
        assert!(html.contains("href=\"#edition\""));
        assert!(
            html.contains("aria-describedby=\"edition-hint edition-error\""),
            "{html}"
        );
    }

    #[test]
    fn a_field_over_the_limit_is_an_error_not_cut_short() {
        let quote = "x".repeat(2_345);
        let (f, errors) = CheckForm::parse(Some(&format!(
            "document=kcsie&edition=2024&paragraph=363&quote={quote}"
        )));
        assert_eq!(f.quote, quote, "kept whole, to be shown back");
        assert_eq!(
            errors,
            [field(
                "quote",
                "The quote must be 2,000 characters or fewer; it is 2,345"
            )]
        );
        let (_, errors) = CheckForm::parse(Some(&format!(
            "document=kcsie&edition=2024&paragraph={}",
            "1".repeat(2_001)
        )));
        assert_eq!(
            errors,
            [field(
                "paragraph",
                "The paragraph or section must be 2,000 characters or fewer; it is 2,001"
            )]
        );
        // Characters, not bytes: 2,000 é (4,000 bytes) are within the limit.
        let (f, errors) = CheckForm::parse(Some(&format!(
            "document=kcsie&edition=2024&quote={}",
            "%C3%A9".repeat(2_000)
        )));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(f.quote.chars().count(), 2_000);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_quote_over_the_limit_is_reported_on_its_field_and_not_checked() {
        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(crate::testutil::state(
            dir.path(),
            crate::Settings::default(),
        ));
        let quote = "known as transferable risk ".repeat(100);
        let path = format!(
            "/check?document=kcsie&edition=2024&paragraph=363&quote={}",
            quote.replace(' ', "+")
        );
        let (status, html) = crate::testutil::get(&app, &path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            html.contains(
                "<a href=\"#quote\">The quote must be 2,000 characters or fewer; it is 2,699</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"govuk-form-group govuk-form-group--error\"><label class=\"govuk-label govuk-label--s\" for=\"quote\">"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"govuk-error-message\" id=\"quote-error\">"),
            "{html}"
        );
        assert!(
            html.contains("class=\"govuk-textarea govuk-textarea--error\" id=\"quote\" name=\"quote\" rows=\"3\" aria-describedby=\"quote-hint quote-error\">"),
            "{html}"
        );
        assert!(
            !html.contains("id=\"result\""),
            "nothing is checked: {html}"
        );
    }
}
