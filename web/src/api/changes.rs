//! `GET /api/documents/{id}/diff` (what changed between two editions) and `POST /api/citations/check` (does a
//! saved citation still stand in the edition in force?). Both read whole editions through the catalog, on a
//! blocking thread with a search slot, as `pinpoint diff` and `pinpoint check-citations` do.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use pinpoint_wire::{WireCitationCheck, WireCitationInput, WireDiff};
use serde_json::Value;

use super::params::{truncate, Params};
use super::ApiError;
use crate::catalog::{self, CitationChecker, LookupError};
use crate::AppState;

/// Most citations in one request: checking is cheap once the editions are read, but a list is for a saved file's
/// worth, not a whole case-management system.
pub(crate) const MAX_CITATIONS: usize = 200;

/// The status a failed lookup answers with: 404 for a name that matches nothing, 500 for the index failing, 400
/// for the rest (an ambiguous edition prefix).
fn lookup_error(e: LookupError) -> ApiError {
    if e.is_internal() {
        ApiError::internal(e)
    } else if e.is_not_found() {
        ApiError::not_found(e.to_string())
    } else {
        ApiError::bad_parameter(e.to_string())
    }
}

/// `GET /api/documents/{id}/diff?from=&to=[&all=true]`.
pub(super) async fn diff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<WireDiff>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["from", "to", "all"])?;
    let from = p.one("from")?.map(str::to_owned);
    let to = p.one("to")?.map(str::to_owned);
    let all = match p.one("all")?.map(str::trim) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(ApiError::bad_parameter(format!(
                "all must be true or false, not {:?}",
                truncate(other, 20)
            )))
        }
    };
    for (name, value) in [("from", &from), ("to", &to)] {
        if value
            .as_deref()
            .is_some_and(|v| v.len() > 40 || v.chars().any(char::is_control))
        {
            return Err(ApiError::bad_parameter(format!(
                "{name} must name an edition by its date or a prefix of it (2024, 2025-07-07)"
            )));
        }
    }
    let diff = state
        .run_blocking(move |s| catalog::diff(s.index(), &id, from.as_deref(), to.as_deref()))
        .await?
        .map_err(lookup_error)?;
    Ok(Json(WireDiff::new(&diff, all)))
}

/// `POST /api/citations/check` with one citation object or an array of them; always answers with an array, one
/// check per citation, in order (a citation that cannot be checked gets `status: error` and the reason, so one
/// typo does not hide the other answers).
pub(super) async fn check(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Json<Vec<WireCitationCheck>>, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    let inputs = read_citations(&body)?;
    let checks = state
        .run_blocking(move |s| CitationChecker::new(s.index()).check_all(&inputs))
        .await?;
    Ok(Json(checks))
}

const SHAPE: &str = "send a JSON citation {\"document\", \"edition\", \"paragraph\", \"quote\", \"content_hash\"} or an array of them";

/// The citations of a request body: one object or an array of objects.
pub(crate) fn read_citations(body: &[u8]) -> Result<Vec<WireCitationInput>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(format!("empty body: {SHAPE}")));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not JSON ({e}): {SHAPE}")))?;
    let one = |i: Option<usize>, v: Value| {
        serde_json::from_value::<WireCitationInput>(v).map_err(|e| {
            let at = i.map_or_else(String::new, |i| format!("citation {i}: "));
            ApiError::bad_request(format!("{at}{e}: {SHAPE}"))
        })
    };
    let inputs = match value {
        Value::Array(items) => {
            if items.is_empty() {
                return Err(ApiError::bad_request(format!("empty array: {SHAPE}")));
            }
            if items.len() > MAX_CITATIONS {
                return Err(ApiError::bad_request(format!(
                    "{} citations in one request; send at most {MAX_CITATIONS}",
                    items.len()
                )));
            }
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| one(Some(i), v))
                .collect::<Result<Vec<_>, _>>()?
        }
        v @ Value::Object(_) => vec![one(None, v)?],
        _ => return Err(ApiError::bad_request(SHAPE)),
    };
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_one_citation_or_an_array() {
        let one =
            read_citations(br#"{"document": "kcsie", "edition": "2024", "paragraph": "363"}"#)
                .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].paragraph.as_deref(), Some("363"));
        let two =
            read_citations(br#"[{"document": "kcsie"}, {"document": "x", "quote": "q"}]"#).unwrap();
        assert_eq!(two[1].quote.as_deref(), Some("q"));
        for bad in [
            &b""[..],
            b"  ",
            b"{",
            b"[]",
            b"42",
            b"\"kcsie\"",
            br#"{"edition": "2024"}"#,
            br#"[{"document": "kcsie"}, 7]"#,
        ] {
            let e = read_citations(bad).unwrap_err();
            assert_eq!(e.status().as_u16(), 400, "{}", String::from_utf8_lossy(bad));
            assert_eq!(e.code(), "bad_request");
        }
        let many = format!(
            "[{}]",
            vec![r#"{"document":"k"}"#; MAX_CITATIONS + 1].join(",")
        );
        assert!(read_citations(many.as_bytes()).is_err());
    }

    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, Value) {
        let r = app.clone().oneshot(req).await.unwrap();
        let status = r.status();
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    fn get(path: &str) -> Request<Body> {
        Request::get(path).body(Body::empty()).unwrap()
    }

    fn post(path: &str, body: &str) -> Request<Body> {
        Request::post(path)
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn diff_and_citation_checks_over_a_small_index() {
        let dir = tempfile::tempdir().unwrap();
        let app = crate::router(crate::testutil::state(
            dir.path(),
            crate::Settings::default(),
        ));

        // Defaults: from the edition before the one in force to the one in force.
        let (status, v) = call(&app, get("/api/documents/kcsie/diff")).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["from"]["id"], "2024-09-02");
        assert_eq!(v["to"]["id"], "2025-07-07");
        assert_eq!(v["counts"]["renumbered"], 3);
        assert_eq!(v["counts"]["changed"], 1);
        assert_eq!(v["counts"]["added"], 1);
        let c363 = v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["old"][0]["label"] == "para 363")
            .unwrap();
        assert_eq!(c363["kind"], "renumbered");
        assert_eq!(c363["new"][0]["id"], "kcsie/2025-07-07/para-360");
        let (_, all) = call(
            &app,
            get("/api/documents/kcsie/diff?from=2024&to=2025-07&all=true"),
        )
        .await;
        assert_eq!(all["all"], true);
        assert_eq!(all["changes"].as_array().unwrap().len(), 5);

        for (path, status, code) in [
            ("/api/documents/nope/diff", 404, "not_found"),
            ("/api/documents/kcsie/diff?from=1999", 404, "not_found"),
            ("/api/documents/kcsie/diff?to=2024", 404, "not_found"),
            ("/api/documents/kcsie/diff?from=20", 400, "bad_parameter"),
            ("/api/documents/kcsie/diff?all=yes", 400, "bad_parameter"),
            ("/api/documents/kcsie/diff?frm=2024", 400, "bad_parameter"),
        ] {
            let (s, v) = call(&app, get(path)).await;
            assert_eq!(
                (s.as_u16(), v["error"]["code"].as_str().unwrap()),
                (status, code),
                "{path}: {v}"
            );
        }

        let (status, v) = call(
            &app,
            post(
                "/api/citations/check",
                r#"{"document": "kcsie", "edition": "2024", "paragraph": "363", "quote": "this is known as transferable risk"}"#,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v[0]["status"], "stands", "{v}");
        assert_eq!(
            v[0]["findings"][0]["current"]["id"],
            "kcsie/2025-07-07/para-360"
        );
        let (_, v) = call(
            &app,
            post(
                "/api/citations/check",
                r#"[{"document": "kcsie", "edition": "2024", "quote": "children may be left alone"},
                    {"document": "kcsie", "edition": "2024", "paragraph": "362"},
                    {"document": "kcsie", "edition": "20", "paragraph": "362"},
                    {"document": "nope", "edition": "2024", "paragraph": "1"}]"#,
            ),
        )
        .await;
        let statuses: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["not_found", "changed", "error", "error"], "{v}");
        assert!(
            v[2]["message"].as_str().unwrap().contains("ambiguous"),
            "{v}"
        );
        let (status, v) = call(&app, post("/api/citations/check", "{not json")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(v["error"]["code"], "bad_request");

        // Passages carry their content hash, which a check accepts.
        let (_, p) = call(
            &app,
            get("/api/passages/kcsie/2024-09-02/para-363?before=1&after=1"),
        )
        .await;
        let hash = p["passage"]["content_hash"].as_str().unwrap().to_owned();
        assert!(hash.starts_with("sha256:") && hash.len() == 71, "{hash}");
        assert!(p["before"][0]["content_hash"]
            .as_str()
            .unwrap()
            .starts_with("sha256:"));
        let body =
            format!(r#"{{"document": "kcsie", "edition": "2024", "content_hash": "{hash}"}}"#);
        let (_, v) = call(&app, post("/api/citations/check", &body)).await;
        assert_eq!(v[0]["status"], "stands", "{v}");
    }
}
