//! `GET /api/search`: the answer to a question, in the JSON of `pinpoint search --json`.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pinpoint_model::{DocId, DocKind};
use pinpoint_search::{SearchError, SearchFilter, SearchOptions, MAX_QUERY_CHARS};
use pinpoint_wire::WireAnswer;

use super::params::{truncate, Params};
use super::ApiError;
use crate::catalog::EditionSpec;
use crate::ops::SearchRecord;
use crate::AppState;

const PARAMS: &[&str] = &["q", "limit", "offset", "doc", "kind", "edition", "as_of"];
/// Most hits per page.
pub(crate) const MAX_LIMIT: usize = 50;
/// Deepest page start: ranking beyond a few hundred candidates is noise, and deep pages cost a search each.
pub(crate) const MAX_OFFSET: usize = 450;

pub(super) async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref(), PARAMS);
    let question = params
        .as_ref()
        .ok()
        .and_then(|p| p.one("q").ok().flatten())
        .map(str::to_owned);
    let result = match params {
        Ok(p) => answer(&state, &p).await,
        Err(e) => Err(e),
    };
    let hits = result.as_ref().ok().map(|a| a.hits.len());
    let mut response = match result {
        Ok(a) => Json(a).into_response(),
        Err(e) => e.into_response(),
    };
    if let Some(query) = question {
        // For the access log (which hashes it unless told otherwise), never for the client.
        response
            .extensions_mut()
            .insert(SearchRecord { query, hits });
    }
    response
}

async fn answer(state: &AppState, p: &Params) -> Result<WireAnswer, ApiError> {
    let question = p
        .one("q")?
        .ok_or_else(|| ApiError::bad_parameter("q is required: the question to search for"))?
        .to_owned();
    check_question(&question)?;
    let limit = p.number("limit", 10, 1, MAX_LIMIT)?;
    let offset = p.number("offset", 0, 0, MAX_OFFSET)?;
    let docs = p
        .list("doc")
        .into_iter()
        .map(|d| {
            DocId::new(d).map_err(|_| {
                ApiError::bad_parameter(format!(
                    "doc {:?} is not a document id (see /api/documents)",
                    truncate(d, 40)
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let kinds = p
        .list("kind")
        .into_iter()
        .map(|k| {
            DocKind::parse(k).ok_or_else(|| {
                ApiError::bad_parameter(format!(
                    "kind {:?} is not one of: {}",
                    truncate(k, 40),
                    DocKind::ALL.map(DocKind::as_str).join(", ")
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let spec = EditionSpec::from_params(p.one("edition")?, p.one("as_of")?)
        .map_err(|e| ApiError::bad_parameter(e.to_string()))?;

    state
        .run_blocking(move |searcher| {
            let index = searcher.index();
            let known = index.editions();
            if let Some(d) = docs
                .iter()
                .find(|d| !known.iter().any(|s| s.edition.doc == **d))
            {
                return Err(ApiError::bad_parameter(format!(
                    "doc {d} is not in the index (see /api/documents)"
                )));
            }
            let docs = (!docs.is_empty()).then_some(docs);
            let editions = spec
                .scope(index, docs.as_deref())
                .map_err(|e| ApiError::bad_parameter(e.to_string()))?;
            let options = SearchOptions {
                limit: offset + limit,
                filter: SearchFilter {
                    docs,
                    kinds: (!kinds.is_empty()).then_some(kinds),
                    editions,
                },
                ..Default::default()
            };
            match searcher.search(&question, &options) {
                Ok(answer) => Ok(crate::catalog::wire_answer(&question, &answer, offset)),
                Err(SearchError::Query(e)) => Err(ApiError::bad_parameter(format!("q: {e}"))),
                Err(SearchError::Index(e)) => Err(ApiError::internal(format!("search: {e}"))),
            }
        })
        .await?
}

/// Refuses what no person types: an empty question, control characters, or more than the search accepts (checked
/// here too so that a huge question costs no search slot).
fn check_question(q: &str) -> Result<(), ApiError> {
    if q.trim().is_empty() {
        return Err(ApiError::bad_parameter(
            "q is empty: type some words to search for",
        ));
    }
    if q.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(ApiError::bad_parameter(
            "q contains control characters; send the question as plain text",
        ));
    }
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::bad_parameter(format!(
            "q is {chars} characters long; ask in at most {MAX_QUERY_CHARS}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_questions_are_refused_with_reasons() {
        assert!(check_question("what is transferable risk?").is_ok());
        assert!(check_question("line one\nline two").is_ok());
        let empty = check_question("   ").unwrap_err();
        assert_eq!(empty.status().as_u16(), 400);
        assert!(check_question("nul\u{0}byte").is_err());
        assert!(check_question("escape\u{1b}[31m").is_err());
        assert!(check_question(&"a".repeat(10_000)).is_err());
    }
}
