//! `GET /api/passages/{id}`: one passage with the passages around it. Ids contain slashes
//! (`kcsie/2024-09-02/para-363`), hence the wildcard route.

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use pinpoint_model::PassageId;
use pinpoint_wire::{WirePassage, WirePassageContext};

use super::documents::wire_edition;
use super::params::{truncate, Params};
use super::ApiError;
use crate::catalog;
use crate::AppState;

/// Most neighbours on each side.
const MAX_CONTEXT: usize = 20;
/// Longer than any id Pinpoint makes; a longer one is refused without touching the index.
const MAX_ID_LEN: usize = 300;

pub(super) async fn passage(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<WirePassageContext>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["before", "after"])?;
    let before = p.number("before", 2, 0, MAX_CONTEXT)? as u64;
    let after = p.number("after", 2, 0, MAX_CONTEXT)? as u64;
    let id = id.trim_start_matches('/').to_owned();
    let not_found = || ApiError::not_found(format!("no passage {:?}", truncate(&id, 80)));
    if id.is_empty() || id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(not_found());
    }
    let pid = PassageId::from_stored(id.clone());
    let found = state
        .run_blocking(move |s| {
            let index = s.index();
            let around = index.neighbours(&pid, before, after)?;
            let Some(at) = around.iter().position(|p| p.passage.id == pid) else {
                return Ok(None);
            };
            let edition = catalog::document(index, &around[at].edition.doc).and_then(|d| {
                d.editions
                    .into_iter()
                    .find(|e| e.edition.id == around[at].edition.id)
            });
            Ok::<_, pinpoint_index::Error>(edition.map(|e| (around, at, e)))
        })
        .await?
        .map_err(|e| ApiError::internal(format!("passage {id}: {e}")))?;
    let Some((around, at, edition)) = found else {
        return Err(not_found());
    };
    let wire = |i: usize| {
        let s = &around[i];
        WirePassage::new(&s.passage, &s.edition, s.ordinal)
    };
    Ok(Json(WirePassageContext {
        passage: wire(at),
        before: (0..at).map(wire).collect(),
        after: (at + 1..around.len()).map(wire).collect(),
        edition: wire_edition(&edition),
    }))
}
