//! Pinpoint's HTTP face: the JSON API under `/api`, the advisors' server-rendered UI under `/`, and operations
//! (`/healthz`, `/metrics`). It reads an index someone else built; it never parses a source file.
//!
//! [`router`] is the whole service as an axum `Router` (for tests and embedding); [`serve`] runs it on a listener
//! with graceful shutdown and a watcher that swaps in a new index snapshot when the index's `CURRENT` pointer
//! changes; [`serve_blocking`] does that on a runtime of its own, for the `pinpoint serve` command.

mod api;
pub mod catalog;
mod ops;
mod server;
mod state;
mod sync;
#[cfg(test)]
mod testutil;
mod ui;

pub use api::{api_routes, AdminAuth, ApiError, OPENAPI_JSON, RETRY_AFTER_SECS};
pub use ops::{RequestId, SearchRecord, CONTENT_SECURITY_POLICY, DRAIN_TIMEOUT};
pub use server::{serve, serve_blocking, shutdown_signal};
pub use state::{AppState, BlockingError, BoxError, Overloaded, ReloadError, Reopen, Settings};
pub use sync::{parse_every, SyncJob, SyncStartError};

use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Every route of the service with its middleware, ready to be served.
///
/// Outermost first: security headers (on every response, errors included) → access log and metrics (inside
/// routing, so they see the route template) → panics become JSON 500 → bare error responses become JSON → URI
/// length (414) and request deadline → body size limit (413). Unknown routes get a JSON 404 under `/api`, the UI's
/// HTML 404 page elsewhere.
pub fn router(state: AppState) -> Router {
    let settings = state.settings().clone();
    let [h1, h2, h3, h4, h5] = ops::security_headers();
    let middleware = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(h1.0, h1.1))
        .layer(SetResponseHeaderLayer::overriding(h2.0, h2.1))
        .layer(SetResponseHeaderLayer::overriding(h3.0, h3.1))
        .layer(SetResponseHeaderLayer::overriding(h4.0, h4.1))
        .layer(SetResponseHeaderLayer::overriding(h5.0, h5.1))
        .layer(from_fn_with_state(state.clone(), ops::observe))
        .layer(CatchPanicLayer::custom(ops::panic_response))
        .layer(from_fn(ops::json_errors))
        .layer(from_fn_with_state(state.clone(), ops::limits))
        .layer(RequestBodyLimitLayer::new(settings.body_limit));
    Router::new()
        .merge(api::routes())
        .merge(ops::routes())
        .merge(ui::routes())
        .fallback(not_found)
        .layer(middleware)
        .with_state(state)
}

/// Unknown routes: JSON under `/api`, the UI's HTML 404 page elsewhere (a person who mistypes a page address in a
/// browser should not be shown JSON).
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        ApiError::not_found("no such route (the API is under /api; see /api/openapi.json)")
            .into_response()
    } else {
        ui::not_found_page()
    }
}
