//! Operations: the access log (request id, route, status, latency, hits; the question only as a salted hash unless
//! `log_queries`), `/healthz`, `/metrics`, security headers, request limits, and JSON for every error.

pub(crate) mod metrics;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use pinpoint_wire::WireHealth;
use sha2::{Digest, Sha256};

use crate::api::ApiError;
use crate::AppState;
use metrics::IndexGauges;

/// Put into a response's extensions by a handler that answered a question, for the access log: the hit count, and
/// the question (logged as a salted hash, or in full only with [`crate::Settings::log_queries`]). Never sent.
#[derive(Debug, Clone)]
pub struct SearchRecord {
    /// The question as asked.
    pub query: String,
    /// Hits returned; `None` if the search failed.
    pub hits: Option<usize>,
}

/// The request id of the request being handled (from a sane `X-Request-Id` header, or made up), in the request's
/// extensions for handlers that want to log it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The Content-Security-Policy of every response: nothing inline, nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

async fn healthz(State(state): State<AppState>) -> Json<WireHealth> {
    let searcher = state.searcher();
    let index = searcher.index();
    let info = index.info();
    let (documents, editions) = counts(index);
    Json(WireHealth {
        status: "ok".into(),
        snapshot: info.name.clone(),
        snapshot_created: info.created,
        index_age_seconds: age(info.created),
        documents,
        editions,
        passages: info.passages,
    })
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let searcher = state.searcher();
    let index = searcher.index();
    let info = index.info();
    let (documents, editions) = counts(index);
    let text = state.metrics().render(&IndexGauges {
        snapshot: &info.name,
        documents,
        editions,
        passages: info.passages,
        age_seconds: age(info.created),
        in_flight: state.in_flight(),
        max_concurrency: state.settings().max_concurrency,
    });
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
}

fn counts(index: &pinpoint_index::Index) -> (u64, u64) {
    let editions = &index.info().editions;
    let mut docs: Vec<&str> = editions.iter().map(|e| e.edition.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    (docs.len() as u64, editions.len() as u64)
}

fn age(created: u64) -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .saturating_sub(created)
}

/// The access log and metrics. Runs inside routing, so the route is the matched template (`/api/passages/{*id}`),
/// never the raw path; requests no route matched are `unmatched`.
pub(crate) async fn observe(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().clone();
    let id = request_id(req.headers().get(&X_REQUEST_ID));
    req.extensions_mut().insert(RequestId(id.clone()));

    let mut response = next.run(req).await;

    let latency = started.elapsed();
    let status = response.status();
    state.metrics().record(&route, &method, status, latency);
    let latency_ms = (latency.as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let status = status.as_u16();
    match response.extensions_mut().remove::<SearchRecord>() {
        Some(s) => {
            let query_hash = query_hash(state.query_salt(), &s.query);
            // Absent from the log line when the search failed.
            let hits = s.hits.map(|h| h as u64);
            if state.settings().log_queries {
                tracing::info!(target: "pinpoint::access", request_id = %id, %method, %route, status, latency_ms,
                    hits, %query_hash, query = %s.query, "request");
            } else {
                tracing::info!(target: "pinpoint::access", request_id = %id, %method, %route, status, latency_ms,
                    hits, %query_hash, "request");
            }
        }
        None => {
            tracing::info!(target: "pinpoint::access", request_id = %id, %method, %route, status, latency_ms, "request")
        }
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(X_REQUEST_ID.clone(), v);
    }
    response
}

/// The client's request id if it is short and plain, else a new one (`<process start, hex>-<counter>`).
fn request_id(given: Option<&HeaderValue>) -> String {
    if let Some(s) = given.and_then(|v| v.to_str().ok()) {
        if !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        {
            return s.to_owned();
        }
    }
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    });
    format!("{start:x}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// First 12 hex digits of SHA-256(salt ‖ question): enough to see one question repeated, not to read it back.
pub(crate) fn query_hash(salt: &[u8; 16], query: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(query.as_bytes());
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// URI length (414) and the whole-request deadline (503 `timeout`).
pub(crate) async fn limits(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let settings = state.settings();
    let length = req
        .uri()
        .path_and_query()
        .map_or(req.uri().path().len(), |pq| pq.as_str().len());
    // The API answers in JSON; the pages a browser asks for answer as pages.
    let api = req.uri().path().starts_with("/api");
    if length > settings.uri_limit {
        return if api {
            ApiError::uri_too_long(length, settings.uri_limit).into_response()
        } else {
            crate::ui::too_long_page(settings.uri_limit)
        };
    }
    match tokio::time::timeout(settings.request_timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) if api => ApiError::timeout().into_response(),
        Err(_) => crate::ui::timed_out_page(),
    }
}

/// Turns the bare error responses axum and tower produce (405 with an empty body, 413 from the body limit, plain
/// text extractor rejections) into the JSON error shape, keeping their status and headers. HTML (the UI's own
/// error pages) and JSON pass through.
pub(crate) async fn json_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 2048)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let error = match status {
        StatusCode::NOT_FOUND => {
            ApiError::not_found("no such route (the API is under /api; see /api/openapi.json)")
        }
        // axum adds the `Allow` header after this layer, so it is not quoted here; the client gets it anyway.
        StatusCode::METHOD_NOT_ALLOWED => ApiError::method_not_allowed(
            "method not allowed on this route; the Allow header lists the ones it accepts",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::other(status, "payload_too_large", "request body too large")
        }
        StatusCode::BAD_REQUEST => ApiError::bad_request(if text.is_empty() {
            "bad request".into()
        } else {
            text
        }),
        s if s.is_server_error() => ApiError::internal(format!("{s}: {text}")),
        s => ApiError::other(
            s,
            "error",
            if text.is_empty() { s.to_string() } else { text },
        ),
    };
    let fresh = error.into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in fresh.headers() {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, fresh.into_body())
}

/// What a panic in a handler becomes: a JSON 500 (the panic message goes to the log, not to the client).
pub(crate) fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    ApiError::internal(format!("handler panicked: {detail}")).into_response()
}

/// Headers every response carries, whoever made it.
pub(crate) fn security_headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

/// How long a graceful shutdown waits for requests in flight before giving up on them.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_hash_is_short_salted_and_stable() {
        let salt = [7u8; 16];
        let a = query_hash(&salt, "my partner was convicted");
        assert_eq!(a.len(), 12);
        assert_eq!(a, query_hash(&salt, "my partner was convicted"));
        assert_ne!(a, query_hash(&[8u8; 16], "my partner was convicted"));
        assert_ne!(a, query_hash(&salt, "my partner was cautioned"));
    }

    #[tokio::test]
    async fn a_panic_becomes_a_json_500_without_its_message() {
        let response = panic_response(Box::new("secret detail"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], "internal");
        assert!(!v["error"]["message"].as_str().unwrap().contains("secret"));
    }

    #[test]
    fn request_ids_are_kept_only_when_plain() {
        let ok = HeaderValue::from_static("abc-123");
        assert_eq!(request_id(Some(&ok)), "abc-123");
        let bad = HeaderValue::from_static("a b");
        assert_ne!(request_id(Some(&bad)), "a b");
        assert_ne!(request_id(None), request_id(None));
    }
}
