//! `/api/admin/*`: operations on the running service, behind a bearer token: reload the index, start a sync and
//! see how it went.

use axum::extract::{FromRequestParts, RawQuery, State};
use axum::http::header::{AUTHORIZATION, LOCATION};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pinpoint_wire::{WireReload, WireSyncStatus, WireSyncTrigger};
use sha2::{Digest, Sha256};

use super::params::Params;
use super::ApiError;
use crate::state::ReloadError;
use crate::sync::SyncStartError;
use crate::AppState;

/// Proof that the request carries the admin bearer token ([`crate::Settings::admin_token`]). Take it as a handler
/// argument to guard an endpoint:
///
/// ```text
/// async fn sync(_: AdminAuth, State(state): State<AppState>) -> Result<Json<…>, ApiError> { … }
/// ```
///
/// Answers 404 when no token is configured (the admin surface does not exist), 401 with a `WWW-Authenticate`
/// challenge when the request has no bearer token, and 403 when it has the wrong one.
#[derive(Debug, Clone, Copy)]
pub struct AdminAuth(());

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<AdminAuth, ApiError> {
        let Some(expected) = state
            .settings()
            .admin_token
            .as_deref()
            .filter(|t| !t.is_empty())
        else {
            return Err(ApiError::not_found(
                "admin endpoints are disabled: the server has no admin token (PINPOINT_ADMIN_TOKEN)",
            ));
        };
        let given = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            });
        match given {
            None => Err(ApiError::unauthorized(
                "send the admin token as `Authorization: Bearer <token>`",
            )),
            Some(token) if same_secret(token, expected) => Ok(AdminAuth(())),
            Some(_) => Err(ApiError::forbidden("wrong admin token")),
        }
    }
}

/// Compares digests rather than the strings, so the time taken does not reveal how much of a guess was right.
fn same_secret(given: &str, expected: &str) -> bool {
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// `POST /api/admin/reload`: re-opens the index at its `CURRENT` snapshot and swaps it in.
pub(super) async fn reload(
    _: AdminAuth,
    State(state): State<AppState>,
) -> Result<Json<WireReload>, ApiError> {
    match state.reload().await {
        Ok((previous, snapshot)) => {
            tracing::info!(%previous, %snapshot, "index reloaded on request");
            Ok(Json(WireReload {
                changed: previous != snapshot,
                passages: state.searcher().index().info().passages,
                previous,
                snapshot,
            }))
        }
        Err(e @ ReloadError::NotConfigured) => Err(ApiError::unavailable(e.to_string())),
        Err(e @ ReloadError::Open(_)) => {
            // The caller is an authenticated operator: tell them why; the old snapshot keeps serving.
            tracing::error!(error = %e, "reload failed");
            Err(ApiError::other(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "reload_failed",
                e.to_string(),
            ))
        }
    }
}

/// `POST /api/admin/sync`: starts a sync in the background and answers 202 with the run (its `id`, state
/// `running`) and `Location: /api/admin/sync`; 409 while one is running.
pub(super) async fn sync_start(
    _: AdminAuth,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    match state.start_sync(WireSyncTrigger::Api) {
        Ok(run) => Ok((
            StatusCode::ACCEPTED,
            [(LOCATION, "/api/admin/sync")],
            Json(run),
        )
            .into_response()),
        Err(SyncStartError::Running(run)) => Err(ApiError::conflict(format!(
            "sync {} is still running (started {} s ago); see GET /api/admin/sync",
            run.id,
            run.seconds.round()
        ))),
        Err(e @ SyncStartError::NotConfigured) => Err(ApiError::unavailable(e.to_string())),
    }
}

/// `GET /api/admin/sync`: the running sync or the last one, with each source's outcome.
pub(super) async fn sync_status(
    _: AdminAuth,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<WireSyncStatus>, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    Ok(Json(state.sync_status()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("s3cret", "s3cret"));
        assert!(!same_secret("s3cre", "s3cret"));
        assert!(!same_secret("", "s3cret"));
    }
}
