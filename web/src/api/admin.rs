//! `/api/admin/*`: operations on the running service, behind a bearer token.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::Json;
use pinpoint_wire::WireReload;
use sha2::{Digest, Sha256};

use super::ApiError;
use crate::state::ReloadError;
use crate::AppState;

/// Proof that the request carries the admin bearer token ([`crate::Settings::admin_token`]). Take it as a handler
/// argument to guard an endpoint:
///
/// ```ignore
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
