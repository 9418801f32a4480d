//! `GET /api/documents` and `GET /api/documents/{id}`: the catalogue and one document's outline.

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use pinpoint_model::DocId;
use pinpoint_wire::{
    WireDocument, WireDocumentDetail, WireDocuments, WireEdition, WireOutlineNode,
};

use super::params::{truncate, Params};
use super::ApiError;
use crate::catalog::{self, CatalogError, DocumentEntry, EditionEntry, OutlineNode};
use crate::AppState;

pub(super) async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<WireDocuments>, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    // In memory (the snapshot's meta), so no search slot is needed.
    let searcher = state.searcher();
    let index = searcher.index();
    Ok(Json(WireDocuments {
        snapshot: index.info().name.clone(),
        documents: catalog::documents(index)
            .iter()
            .map(wire_document)
            .collect(),
    }))
}

pub(super) async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<WireDocumentDetail>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["edition"])?;
    let spec = p.one("edition")?.map(str::to_owned);
    let not_found = || {
        ApiError::not_found(format!(
            "no document {:?} (see /api/documents)",
            truncate(&id, 60)
        ))
    };
    let doc = DocId::new(&id).map_err(|_| not_found())?;
    let entry = catalog::document(state.searcher().index(), &doc).ok_or_else(not_found)?;
    let chosen = entry.choose(spec.as_deref()).map_err(|e| match e {
        CatalogError::NoSuchEdition { .. } => ApiError::not_found(e.to_string()),
        _ => ApiError::bad_parameter(format!("edition: {e}")),
    })?;
    let (doc, edition) = (chosen.edition.doc.clone(), chosen.edition.id);
    let outline = state
        .run_blocking(move |s| catalog::outline(s.index(), &doc, edition))
        .await?
        .map_err(|e| ApiError::internal(format!("outline of {id}: {e}")))?;
    Ok(Json(WireDocumentDetail {
        edition: wire_edition(chosen),
        document: wire_document(&entry),
        first_passage: outline.first_passage.map(|p| p.to_string()),
        outline: outline.headings.iter().map(wire_node).collect(),
    }))
}

pub(super) fn wire_edition(e: &EditionEntry) -> WireEdition {
    WireEdition::new(&e.edition, e.passages, e.current)
}

fn wire_document(d: &DocumentEntry) -> WireDocument {
    let current = d.current();
    WireDocument {
        id: d.doc.to_string(),
        title: current.edition.title.clone(),
        kind: current.edition.kind.to_string(),
        current_edition: current.edition.id.to_string(),
        editions: d.editions.iter().map(wire_edition).collect(),
    }
}

fn wire_node(n: &OutlineNode) -> WireOutlineNode {
    WireOutlineNode {
        heading: n.heading.clone(),
        first_passage: n.first_passage.to_string(),
        passages: n.passages,
        children: n.children.iter().map(wire_node).collect(),
    }
}
