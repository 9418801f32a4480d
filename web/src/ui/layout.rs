//! The page shell every page shares (skip link, service navigation, breadcrumbs, main, footer) and the error
//! pages, in GOV.UK Design System markup. No inline script or style anywhere: the CSP forbids them.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::assets;

/// Which item of the service navigation a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Search,
    Documents,
    Check,
    Other,
}

/// One breadcrumb; the last has no link when it is the page itself.
pub(crate) struct Crumb {
    pub text: String,
    pub href: Option<String>,
}

impl Crumb {
    pub(crate) fn link(text: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            text: text.into(),
            href: Some(href.into()),
        }
    }

    pub(crate) fn text(text: impl Into<String>) -> Crumb {
        Crumb {
            text: text.into(),
            href: None,
        }
    }
}

/// A whole page. `title` is the page's own title; the service name is appended, as GOV.UK pages do.
pub(crate) fn page(title: &str, section: Section, crumbs: &[Crumb], main: Markup) -> Markup {
    let nav_item = |this: Section, href: &str, label: &str| {
        let active = this == section;
        let class = if active {
            "govuk-service-navigation__item govuk-service-navigation__item--active"
        } else {
            "govuk-service-navigation__item"
        };
        html! {
            li class=(class) {
                a class="govuk-service-navigation__link" href=(href) aria-current=[active.then_some("page")] {
                    @if active { strong class="govuk-service-navigation__active-fallback" { (label) } }
                    @else { (label) }
                }
            }
        }
    };
    html! {
        (DOCTYPE)
        html lang="en-GB" class="govuk-template" {
            head {
                meta charset="utf-8";
                title { (title) " – Pinpoint" }
                meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                meta name="theme-color" content="#0b0c0c";
                meta name="description" content="Find the exact passage of UK safeguarding guidance and law that answers a question, with its citation.";
                link rel="icon" type="image/svg+xml" href=(assets::url(&assets::FAVICON));
                link rel="stylesheet" href=(assets::url(&assets::CSS));
                script src=(assets::url(&assets::JS)) defer {}
            }
            body class="govuk-template__body" {
                a href="#main-content" class="govuk-skip-link" { "Skip to main content" }
                header class="govuk-service-navigation" {
                    div class="govuk-width-container" {
                        div class="govuk-service-navigation__container" {
                            span class="govuk-service-navigation__service-name" {
                                a href="/" class="govuk-service-navigation__link" { "Pinpoint" }
                            }
                            nav aria-label="Menu" class="govuk-service-navigation__wrapper" {
                                ul class="govuk-service-navigation__list" id="navigation" {
                                    (nav_item(Section::Search, "/", "Search"))
                                    (nav_item(Section::Documents, "/documents", "Documents"))
                                    (nav_item(Section::Check, "/check", "Check a citation"))
                                }
                            }
                        }
                    }
                }
                div class="govuk-width-container" {
                    @if !crumbs.is_empty() {
                        nav class="govuk-breadcrumbs" aria-label="Breadcrumb" {
                            ol class="govuk-breadcrumbs__list" {
                                @for c in crumbs {
                                    li class="govuk-breadcrumbs__list-item" {
                                        @match &c.href {
                                            Some(href) => a class="govuk-breadcrumbs__link" href=(href) { (c.text) },
                                            None => (c.text),
                                        }
                                    }
                                }
                            }
                        }
                    }
                    main class="govuk-main-wrapper" id="main-content" tabindex="-1" {
                        (main)
                    }
                }
                footer class="govuk-footer" {
                    div class="govuk-width-container" {
                        div class="govuk-footer__meta" {
                            div class="govuk-footer__meta-item govuk-footer__meta-item--grow" {
                                h2 class="govuk-visually-hidden" { "About Pinpoint" }
                                p class="app-footer-text" {
                                    "Pinpoint quotes official guidance and legislation. It is not legal advice: "
                                    "check the passage in the official source before relying on it."
                                }
                                ul class="govuk-footer__inline-list" {
                                    li class="govuk-footer__inline-list-item" {
                                        a class="govuk-footer__link" href="/documents" { "Documents searched" }
                                    }
                                    li class="govuk-footer__inline-list-item" {
                                        a class="govuk-footer__link" href="/api/openapi.json" { "API" }
                                    }
                                    li class="govuk-footer__inline-list-item" {
                                        a class="govuk-footer__link" href=(assets::url(&assets::GOVUK_LICENSE)) {
                                            "GOV.UK Frontend licence"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A value a page could not use, with the id of the element to fix (the error summary links to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The GOV.UK error summary, the first thing in `main` on a page with errors (nothing when there are none): each
/// message links to its field. `tabindex="-1"` lets `pinpoint.js` move focus to it when the page loads, as GOV.UK
/// Frontend's script would; without JavaScript it is still the first thing read, and `role="alert"` announces it.
pub(crate) fn error_summary(errors: &[FieldError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1" {
                div role="alert" {
                    h2 class="govuk-error-summary__title" { "There is a problem" }
                    div class="govuk-error-summary__body" {
                        ul class="govuk-list govuk-error-summary__list" {
                            @for e in errors {
                                li { a href=(format!("#{}", e.field)) { (e.message) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One row of a GOV.UK summary list (`dl class="govuk-summary-list"`): a key and its value.
pub(crate) fn summary_row(key: &str, value: Markup) -> Markup {
    html! {
        div class="govuk-summary-list__row" {
            dt class="govuk-summary-list__key" { (key) }
            dd class="govuk-summary-list__value" { (value) }
        }
    }
}

/// A page that only tells the reader something (an error): `title` as its heading, then `body`.
fn message_page(status: StatusCode, title: &str, body: Markup) -> Response {
    respond(
        status,
        page(
            title,
            Section::Other,
            &[],
            html! {
                div class="govuk-grid-row" {
                    div class="govuk-grid-column-two-thirds" {
                        h1 class="govuk-heading-l" { (title) }
                        (body)
                    }
                }
            },
        ),
    )
}

/// The 414 page: the address is longer than `limit` characters.
pub(crate) fn too_long(limit: usize) -> Response {
    message_page(
        StatusCode::URI_TOO_LONG,
        "This address is too long",
        html! {
            p class="govuk-body" {
                "Pinpoint accepts addresses of up to " (super::text::thousands(limit as u64))
                " characters. If it holds a question, ask it in fewer words: questions can be up to "
                (super::text::thousands(pinpoint_search::MAX_QUERY_CHARS as u64)) " characters."
            }
            p class="govuk-body" { a class="govuk-link" href="/" { "Start a new search" } }
        },
    )
}

/// A rendered page with a status.
pub(crate) fn respond(status: StatusCode, page: Markup) -> Response {
    (status, Html(page.into_string())).into_response()
}

/// The 404 page, for unknown addresses and unknown ids alike.
pub(crate) fn not_found() -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        html! {
            p class="govuk-body" { "If you typed the web address, check it is correct." }
            p class="govuk-body" { "If you pasted the web address, check you copied the entire address." }
            p class="govuk-body" {
                "A passage link from an older ingest may name a passage that no longer exists. "
                a class="govuk-link" href="/" { "Search for it" } " or "
                a class="govuk-link" href="/documents" { "browse the documents" } "."
            }
        },
    )
}

/// The page for a failure inside the server (500) or for being too busy (503).
pub(crate) fn problem(status: StatusCode) -> Response {
    let busy = status == StatusCode::SERVICE_UNAVAILABLE;
    let mut response = message_page(
        status,
        "Sorry, there is a problem with the service",
        html! {
            @if busy {
                p class="govuk-body" { "The service is busy. Try again in a moment." }
            } @else {
                p class="govuk-body" { "Try again later." }
            }
        },
    );
    if busy {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("1"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_is_accessible_and_script_free() {
        let html = page(
            "Results <for> x",
            Section::Documents,
            &[Crumb::link("Home", "/"), Crumb::text("Here")],
            html! { h1 { "Hi" } },
        )
        .into_string();
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en-GB\""));
        assert!(html.contains("<title>Results &lt;for&gt; x – Pinpoint</title>"));
        let skip = html.find("govuk-skip-link").unwrap();
        assert!(
            skip < html.find("<header").unwrap(),
            "the skip link comes first"
        );
        assert!(html.contains("id=\"main-content\""));
        assert!(html.contains("href=\"/documents\" aria-current=\"page\""));
        assert!(html.contains("<nav class=\"govuk-breadcrumbs\" aria-label=\"Breadcrumb\">"));
        assert!(!html.contains("style="));
        // The only script is the external, deferred one.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("<script src=\"/assets/pinpoint.js?v="));
    }

    #[test]
    fn the_error_summary_can_take_focus_and_is_the_only_govuk_module() {
        assert_eq!(error_summary(&[]).into_string(), "");
        let html = error_summary(&[FieldError {
            field: "q",
            message: "Enter a question".into(),
        }])
        .into_string();
        assert!(
            html.starts_with("<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\" tabindex=\"-1\"><div role=\"alert\">"),
            "{html}"
        );
        assert!(
            html.contains("<li><a href=\"#q\">Enter a question</a></li>"),
            "{html}"
        );
        // pinpoint.js is what reads it; GOV.UK Frontend's script is not shipped, so no other data-module may appear.
        let js = std::str::from_utf8(super::assets::JS.bytes).unwrap();
        assert!(
            js.contains("document.querySelector('[data-module=\"govuk-error-summary\"]')")
                && js.contains("summary.focus()"),
            "pinpoint.js focuses the error summary"
        );
        for file in [
            include_str!("search.rs"),
            include_str!("check.rs"),
            include_str!("changes.rs"),
            include_str!("cite.rs"),
            include_str!("documents.rs"),
            include_str!("passage.rs"),
        ] {
            let modules: Vec<&str> = file
                .match_indices("data-module=\"")
                .map(|(i, _)| file[i..].split('"').nth(1).unwrap_or_default())
                .collect();
            assert!(
                modules.iter().all(|m| *m == "govuk-error-summary"),
                "{modules:?}"
            );
        }
    }
}
