//! Pinpoint's HTTP face: the JSON API under `/api`, the advisors' server-rendered UI under `/`, and operations
//! (`/healthz`, `/metrics`). It reads an index someone else built; it never parses a source file.

mod api;
mod state;
mod ui;

pub use state::AppState;

use axum::Router;

/// Every route of the service, ready to be served.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(ui::routes())
        .with_state(state)
}
