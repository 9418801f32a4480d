//! The advisors' web UI: server-rendered HTML in the GOV.UK Design System's look, working fully without JavaScript
//! (`/assets/pinpoint.js` only adds copy buttons and moves focus to an error summary). Pages:
//!
//! - `/`, `/search?q=&kind=&doc=&edition=&page=`: search, hits with the answer marked, citations ([`search`]);
//! - `/passages/{*id}`: one passage in context ([`passage`]);
//! - `/documents`, `/documents/{id}?edition=`: the corpus and one document's outline ([`documents`]);
//! - `/documents/{id}/changes?from=&to=`: what changed between two editions ([`changes`]);
//! - `/check?document=&edition=&paragraph=&quote=`: does a saved citation still stand ([`check`]);
//! - `/assets/{*path}`: the embedded CSS, JS and icon ([`assets`]);
//! - unknown pages: [`not_found_page`], the 404 page in the same look, for the router's fallback to answer with
//!   outside `/api/` (the fallback itself belongs to `lib.rs`, which keeps JSON 404s for the API).
//!
//! Every index read runs through [`AppState::run_blocking`], like the API's, so UI and API share one concurrency
//! limit.

mod assets;
mod changes;
mod check;
mod cite;
mod documents;
mod editions;
mod layout;
mod passage;
mod search;
mod text;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use pinpoint_model::PassageId;

use crate::state::BlockingError;
use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::handler))
        .route("/search", get(search::handler))
        .route("/passages/{*id}", get(passage::handler))
        .route("/documents", get(documents::list))
        .route("/documents/{id}", get(documents::document))
        .route("/documents/{id}/changes", get(changes::handler))
        .route("/check", get(check::handler))
        .route("/assets/{*path}", get(assets::serve))
}

/// The HTML 404 page (status 404), for unknown pages outside the API.
pub(crate) fn not_found_page() -> Response {
    layout::not_found()
}

/// The HTML page for an address longer than the server accepts (414): a question pasted into the address bar,
/// most likely.
pub(crate) fn too_long_page(limit: usize) -> Response {
    layout::too_long(limit)
}

/// The HTML page for a request that ran out of time (503, with `Retry-After`).
pub(crate) fn timed_out_page() -> Response {
    layout::problem(StatusCode::SERVICE_UNAVAILABLE)
}

/// The address of a passage's page. Ids are `doc/edition/key` of URL-safe characters; anything else is
/// percent-encoded so an odd stored id still round-trips.
pub(crate) fn passage_href(id: &PassageId) -> String {
    let mut out = String::from("/passages/");
    for b in id.as_str().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The page for work that could not run: too busy (503) or failed inside (500).
pub(crate) fn blocking_failed(e: BlockingError) -> Response {
    match e {
        BlockingError::Overloaded(_) => layout::problem(StatusCode::SERVICE_UNAVAILABLE),
        BlockingError::Failed => layout::problem(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_addresses_keep_slashes_and_encode_the_rest() {
        assert_eq!(
            passage_href(&PassageId::from_stored(
                "kcsie/2024-09-02/para-363~2".into()
            )),
            "/passages/kcsie/2024-09-02/para-363~2"
        );
        assert_eq!(
            passage_href(&PassageId::from_stored("a b/ü\"".into())),
            "/passages/a%20b/%C3%BC%22"
        );
    }
}
