//! A real HTTP server on loopback (axum on tokio) that plays the official sources from fixtures, and misbehaves on
//! demand: 304s, 404s, 500s, slow answers, truncated bodies, wrong content types, bodies that stall mid-way.
//!
//! Shared by the crate's tests and the binary's `tests/sync.rs` (included there by path).

#![allow(dead_code)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::stream::{self, StreamExt};

/// How the server answers one request to a path.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 200 with this body; 304 when the request's `If-None-Match` is this ETag.
    Ok {
        body: Arc<Vec<u8>>,
        content_type: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// A bare status (404, 500, …).
    Status(u16),
    /// Waits this long before answering as the inner reply does.
    Slow(Duration, Box<Reply>),
    /// Declares the whole length but sends only the first `sent` bytes, then breaks the connection.
    Truncated {
        body: Arc<Vec<u8>>,
        content_type: String,
        sent: usize,
    },
    /// Sends the first `sent` bytes, then nothing more, ever (until the client goes away).
    Stall {
        body: Arc<Vec<u8>>,
        content_type: String,
        sent: usize,
    },
}

impl Reply {
    pub fn ok(body: Vec<u8>, content_type: &str) -> Reply {
        Reply::Ok {
            body: Arc::new(body),
            content_type: content_type.into(),
            etag: None,
            last_modified: None,
        }
    }

    pub fn with_etag(self, etag: &str) -> Reply {
        match self {
            Reply::Ok {
                body,
                content_type,
                last_modified,
                ..
            } => Reply::Ok {
                body,
                content_type,
                etag: Some(etag.into()),
                last_modified,
            },
            other => other,
        }
    }

    pub fn with_last_modified(self, lm: &str) -> Reply {
        match self {
            Reply::Ok {
                body,
                content_type,
                etag,
                ..
            } => Reply::Ok {
                body,
                content_type,
                etag,
                last_modified: Some(lm.into()),
            },
            other => other,
        }
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub status: u16,
    pub user_agent: Option<String>,
    pub if_none_match: Option<String>,
}

#[derive(Default)]
struct Inner {
    /// Per path: replies to give in turn; the last one is repeated.
    routes: HashMap<String, Vec<Reply>>,
    seen: Vec<Seen>,
}

/// The server. Dropping it does not stop it (it lives on its own thread until the test process ends).
#[derive(Clone)]
pub struct FixtureServer {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
}

impl FixtureServer {
    pub fn start() -> FixtureServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let inner = Arc::new(Mutex::new(Inner::default()));
        let state = inner.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().fallback(handle).with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        FixtureServer { addr, inner }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers `path` with these replies in turn (the last repeats).
    pub fn route(&self, path: &str, replies: Vec<Reply>) {
        self.inner
            .lock()
            .unwrap()
            .routes
            .insert(path.into(), replies);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.inner.lock().unwrap().seen.clone()
    }

    pub fn seen_at(&self, path: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path == path).collect()
    }

    pub fn clear_seen(&self) {
        self.inner.lock().unwrap().seen.clear();
    }
}

fn status_of(reply: &Reply, if_none_match: Option<&str>) -> u16 {
    match reply {
        Reply::Ok { etag: Some(e), .. } if if_none_match == Some(e.as_str()) => 304,
        Reply::Ok { .. } | Reply::Truncated { .. } | Reply::Stall { .. } => 200,
        Reply::Status(s) => *s,
        Reply::Slow(_, inner) => status_of(inner, if_none_match),
    }
}

async fn handle(State(state): State<Arc<Mutex<Inner>>>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let (if_none_match, user_agent) = {
        let header = |name: header::HeaderName| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        (header(header::IF_NONE_MATCH), header(header::USER_AGENT))
    };
    drop(req);
    let reply = {
        let mut inner = state.lock().unwrap();
        let reply = match inner.routes.get_mut(&path) {
            Some(list) if list.len() > 1 => Some(list.remove(0)),
            Some(list) => list.first().cloned(),
            None => None,
        };
        let status = reply
            .as_ref()
            .map_or(404, |r| status_of(r, if_none_match.as_deref()));
        inner.seen.push(Seen {
            path: path.clone(),
            status,
            user_agent,
            if_none_match: if_none_match.clone(),
        });
        reply
    };
    let Some(mut reply) = reply else {
        return status(404);
    };
    while let Reply::Slow(delay, inner) = reply {
        tokio::time::sleep(delay).await;
        reply = *inner;
    }
    match reply {
        Reply::Ok {
            body,
            content_type,
            etag,
            last_modified,
        } => {
            if etag.is_some() && if_none_match == etag {
                return status(304);
            }
            let mut resp = Response::new(Body::from(body.as_ref().clone()));
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type).unwrap(),
            );
            if let Some(e) = etag {
                h.insert(header::ETAG, HeaderValue::from_str(&e).unwrap());
            }
            if let Some(lm) = last_modified {
                h.insert(header::LAST_MODIFIED, HeaderValue::from_str(&lm).unwrap());
            }
            resp
        }
        Reply::Status(s) => status(s),
        Reply::Truncated {
            body,
            content_type,
            sent,
        } => {
            let chunk = Bytes::copy_from_slice(&body[..sent]);
            // The error comes a moment later, so the headers and the first bytes are on the wire first.
            let s = stream::iter(vec![Ok::<_, std::io::Error>(chunk)]).chain(stream::once(async {
                tokio::time::sleep(Duration::from_millis(100)).await;
                Err(std::io::Error::other(
                    "fixture: connection broken on purpose",
                ))
            }));
            streamed(Body::from_stream(s), &content_type, body.len())
        }
        Reply::Stall {
            body,
            content_type,
            sent,
        } => {
            let chunk = Bytes::copy_from_slice(&body[..sent]);
            let s = stream::iter(vec![Ok::<_, Infallible>(chunk)]).chain(stream::pending());
            streamed(Body::from_stream(s), &content_type, body.len())
        }
        Reply::Slow(..) => unreachable!("unwrapped above"),
    }
}

fn status(code: u16) -> Response {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::from_u16(code).unwrap();
    resp
}

fn streamed(body: Body, content_type: &str, declared: usize) -> Response {
    let mut resp = Response::new(body);
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).unwrap(),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(declared));
    resp
}

/// `../shared` from a crate's directory (`CARGO_MANIFEST_DIR`), whichever crate includes this.
pub fn shared(manifest_dir: &str) -> std::path::PathBuf {
    let mut dir = std::path::PathBuf::from(manifest_dir);
    loop {
        let candidate = dir.join("../shared");
        if candidate.join("corpus").is_dir() {
            return candidate;
        }
        if !dir.pop() {
            panic!("no ../shared above {manifest_dir}");
        }
    }
}

/// The GOV.UK guide "Dismissal: your rights" as a sources list names it, fetched from the Content API at
/// `/api/content/dismissal` (serve it [`answer_json`]).
pub const DISMISSAL_SOURCE: &str = r#"
[[document]]
id = "dismissal"
title = "Dismissal: your rights"
kind = "govuk-guide"
publisher = "GOV.UK"
api = "https://www.gov.uk/api/content/dismissal"

[[document.edition]]
id = "2020-04-07"
cite_as = "Dismissal: your rights"
url = "https://www.gov.uk/dismissal"
file = "govuk-dismissal-your-rights.json"
format = "govuk-json"
"#;

/// The guide's body as first published.
pub const DISMISSAL_BODY: &str = "<h2 id=\"writing\">Getting your dismissal in writing</h2><p>You have the right to ask for a written statement from your employer giving the reasons why you have been dismissed.</p>";

/// Every file under `root` with its modification time, in path order: equal lists mean nothing was rewritten.
pub fn mtimes(root: &std::path::Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p, e.metadata().unwrap().modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A Content API item for a publication with one PDF attachment.
pub fn publication_json(
    base_path: &str,
    updated: &str,
    attachment_url: &str,
    filename: &str,
) -> Vec<u8> {
    serde_json::to_vec_pretty(&serde_json::json!({
        "base_path": base_path,
        "title": "Keeping children safe in education",
        "schema_name": "publication",
        "document_type": "statutory_guidance",
        "public_updated_at": updated,
        "locale": "en",
        "details": {
            "body": "<p>Statutory guidance for schools and colleges.</p>",
            "attachments": [
                {"attachment_type": "file", "id": filename, "title": "Keeping children safe in education",
                 "url": attachment_url, "content_type": "application/pdf", "filename": filename}
            ],
            "change_history": [{"public_timestamp": updated, "note": "New edition"}]
        },
        "links": {}
    }))
    .unwrap()
}

/// A Content API answer item with this body HTML.
pub fn answer_json(base_path: &str, updated: &str, body: &str) -> Vec<u8> {
    serde_json::to_vec_pretty(&serde_json::json!({
        "base_path": base_path,
        "title": "Dismissal: your rights",
        "schema_name": "answer",
        "document_type": "answer",
        "public_updated_at": updated,
        "locale": "en",
        "details": {"body": body},
        "links": {}
    }))
    .unwrap()
}
