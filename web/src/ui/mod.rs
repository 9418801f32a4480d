//! The advisors' web UI: server-rendered HTML in the GOV.UK Design System's look, working without JavaScript.

use axum::Router;

use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
