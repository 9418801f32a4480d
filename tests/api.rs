//! The HTTP API end to end: the built `pinpoint serve` on loopback over an index of the real corpus
//! (`../shared/corpus`), exercised with a real HTTP client. Each test starts its own server process (cheap once the
//! index exists) and stops it when done.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier, OnceLock};
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::Value;

const TOKEN: &str = "test-admin-token";

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

fn real_sources() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sources.toml"))
}

/// A `pinpoint serve` process, killed on drop if still running.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts `pinpoint serve` on a free loopback port over `index`, with `extra` flags, and waits until it listens.
    fn start(index: &Path, extra: &[&str]) -> Server {
        Server::start_with(index, &real_sources(), extra)
    }

    /// [`Server::start`] with another source list (which the server's syncs read).
    fn start_with(index: &Path, sources: &Path, extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("server.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
            .arg("--index")
            .arg(index)
            .arg("--mirror")
            .arg(shared().join("corpus/raw"))
            .arg("--sources")
            .arg(sources)
            .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
            .args(extra)
            .env("CI", "1")
            .env_remove("PINPOINT_ADMIN_TOKEN")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("starts pinpoint serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep reading to the end so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("pinpoint: serving on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(180)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "server did not start:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        Server {
            child,
            base,
            log,
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> Response {
        client().get(self.url(path)).send().expect("GET")
    }

    /// Sends SIGTERM and waits (at most `within`) for the process to exit.
    fn terminate(&mut self, within: Duration) -> ExitStatus {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < within,
                "server still running {within:?} after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// The index of the real corpus, built once per run by `pinpoint serve` itself: started over an empty directory,
/// it must ingest first, then serve; then it must stop cleanly on SIGTERM.
fn real_index() -> &'static Path {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = dir.path().join("index");
            let mut server = Server::start(&index, &[]);
            let health: Value = server.get("/healthz").json().unwrap();
            assert!(health["passages"].as_u64().unwrap() > 5_000, "{health}");
            assert!(index.join("CURRENT").exists());
            let status = server.terminate(Duration::from_secs(15));
            assert_eq!(status.code(), Some(0));
            (dir, index)
        })
        .1
}

fn server(extra: &[&str]) -> Server {
    Server::start(real_index(), extra)
}

fn json(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = r.text().unwrap();
    assert!(
        ct.starts_with("application/json"),
        "{status}: content-type {ct:?}, body {body:.200}"
    );
    (status, serde_json::from_str(&body).expect("JSON body"))
}

/// Asserts an error response: that status, JSON `{"error": {status, code, message}}`.
fn assert_error(r: Response, status: u16, code: &str) -> Value {
    let (s, v) = json(r);
    assert_eq!(s.as_u16(), status, "{v}");
    assert_eq!(v["error"]["status"], status, "{v}");
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    v
}

// ---------------------------------------------------------------------------------------------------------------
// A small JSON Schema check, enough for the OpenAPI document's schemas: $ref, oneOf, type (or list of types), enum,
// required, properties (and no undocumented ones), items.

fn validate(schema: &Value, value: &Value, doc: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        return validate(&doc["components"]["schemas"][name], value, doc, at);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = options
            .iter()
            .filter(|o| validate(o, value, doc, at).is_ok())
            .count();
        if fits != 1 {
            return Err(format!(
                "{at}: {value:.80} fits {fits} of the oneOf schemas, not one"
            ));
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = types.iter().any(|t| match *t {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            "null" => value.is_null(),
            _ => false,
        });
        if !fits {
            return Err(format!("{at}: {value:.80} is not {types:?}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            return Err(format!("{at}: {value} not in {options:?}"));
        }
    }
    if let (Some(obj), Some(props)) = (
        value.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for r in schema["required"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                return Err(format!("{at}: missing required {r}"));
            }
        }
        for (k, v) in obj {
            let Some(s) = props.get(k) else {
                return Err(format!("{at}: field {k} is not documented"));
            };
            validate(s, v, doc, &format!("{at}.{k}"))?;
        }
    }
    if let (Some(items), Some(schema)) = (value.as_array(), schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            validate(schema, v, doc, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn openapi(s: &Server) -> Value {
    let (status, doc) = json(s.get("/api/openapi.json"));
    assert_eq!(status, 200);
    doc
}

/// Checks `value` against the documented 200 response of `path` `method`.
fn assert_documented(doc: &Value, path: &str, method: &str, status: &str, value: &Value) {
    let schema =
        &doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{method} {path} {status} has no JSON schema"
    );
    if let Err(e) = validate(schema, value, doc, "$") {
        panic!("{method} {path} {status}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------------------------

#[test]
fn search_answers_with_the_kcsie_paragraph_on_transferable_risk() {
    let s = server(&[]);
    let doc = openapi(&s);
    let (status, answer) = json(s.get("/api/search?q=what+is+transferable+risk"));
    assert_eq!(status, 200);
    assert_documented(&doc, "/api/search", "get", "200", &answer);
    assert_eq!(answer["query"], "what is transferable risk");
    assert_eq!(answer["no_answer"], false);
    let top = &answer["hits"][0];
    assert_eq!(top["doc_id"], "kcsie", "{top}");
    assert!(top["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("transferable risk"));
    assert!(top["locator"]["paragraph"].is_string(), "{top}");
    assert!(top["citation"].as_str().unwrap().contains("para "), "{top}");
    let hl = &top["highlights"][0];
    assert!(hl[0].as_u64().unwrap() < hl[1].as_u64().unwrap());

    // Paging: offset 1 starts at the second hit.
    let (_, two) = json(s.get("/api/search?q=what+is+transferable+risk&limit=2"));
    let (_, next) = json(s.get("/api/search?q=what+is+transferable+risk&limit=1&offset=1"));
    assert_eq!(two["hits"].as_array().unwrap().len(), 2);
    assert_eq!(next["hits"].as_array().unwrap().len(), 1);
    assert_eq!(next["hits"][0]["id"], two["hits"][1]["id"]);

    // Filters.
    let (_, leg) =
        json(s.get("/api/search?q=disqualification+by+association&kind=legislation&limit=5"));
    assert!(!leg["hits"].as_array().unwrap().is_empty());
    assert!(leg["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "legislation"));
    let (_, only) = json(s.get("/api/search?q=allegations+against+staff&doc=kcsie&limit=5"));
    assert!(only["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["doc_id"] == "kcsie"));
    let (_, y2024) = json(s.get("/api/search?q=transferable+risk&doc=kcsie&edition=2024"));
    let hits = y2024["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["edition"].as_str().unwrap().starts_with("2024")),
        "{y2024}"
    );
    let (status, _) = json(s.get("/api/search?q=transferable+risk&edition=all&as_of="));
    assert_eq!(status, 400, "as_of given empty is not a date");
    let (status, asof) = json(s.get("/api/search?q=transferable+risk&doc=kcsie&as_of=2024-10-01"));
    assert_eq!(status, 200);
    assert!(
        asof["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["edition"].as_str().unwrap().starts_with("2024")),
        "{asof}"
    );
}

#[test]
fn bad_parameters_are_json_400s_that_say_why() {
    let s = server(&[]);
    let long = "a".repeat(10_000);
    for path in [
        "/api/search".to_owned(),
        "/api/search?q=".to_owned(),
        "/api/search?q=+++".to_owned(),
        format!("/api/search?q={long}"),
        "/api/search?q=nul%00byte".to_owned(),
        "/api/search?q=bell%07".to_owned(),
        "/api/search?q=risk&limit=0".to_owned(),
        "/api/search?q=risk&limit=51".to_owned(),
        "/api/search?q=risk&limit=ten".to_owned(),
        "/api/search?q=risk&offset=-1".to_owned(),
        "/api/search?q=risk&q=again".to_owned(),
        "/api/search?query=risk".to_owned(),
        "/api/search?q=risk&kind=blog".to_owned(),
        "/api/search?q=risk&doc=Not%20An%20Id".to_owned(),
        "/api/search?q=risk&doc=no-such-document".to_owned(),
        "/api/search?q=risk&edition=latest".to_owned(),
        "/api/search?q=risk&edition=1999".to_owned(),
        "/api/search?q=risk&as_of=2024-13-45".to_owned(),
        "/api/search?q=risk&edition=all&as_of=2024-01-01".to_owned(),
        "/api/documents?x=1".to_owned(),
        "/api/documents/kcsie?edition=20".to_owned(),
        "/api/passages/kcsie/2024-09-02/para-1?before=100".to_owned(),
    ] {
        let v = assert_error(s.get(&path), 400, "bad_parameter");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.len() < 400, "{path}: message too long: {message}");
    }
}

#[test]
fn unknown_things_and_oversize_requests_get_the_right_json_status() {
    let s = server(&[]);
    for path in [
        "/api/documents/no-such-doc",
        "/api/documents/NOT_A_SLUG",
        "/api/documents/kcsie?edition=1999",
        "/api/passages/kcsie/1999-01-01/para-1",
        "/api/passages/nonsense",
        "/api/nothing-here",
        "/api",
    ] {
        assert_error(s.get(path), 404, "not_found");
    }
    // Outside the API, a person gets the UI's HTML 404 page.
    let page = s.get("/no-such-page");
    assert_eq!(page.status(), 404);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let r = client().delete(s.url("/api/search?q=x")).send().unwrap();
    assert!(r.headers().get("allow").is_some());
    assert_error(r, 405, "method_not_allowed");
    assert_error(
        client().post(s.url("/api/documents")).send().unwrap(),
        405,
        "method_not_allowed",
    );

    let huge = format!("/api/search?q={}", "b".repeat(40_000));
    assert_error(s.get(&huge), 414, "uri_too_long");
    let body = vec![b'x'; 64 * 1024];
    let r = client()
        .post(s.url("/api/admin/reload"))
        .bearer_auth(TOKEN)
        .body(body)
        .send()
        .unwrap();
    assert_error(r, 413, "payload_too_large");
}

#[test]
fn documents_outline_and_passages_in_context() {
    let s = server(&[]);
    let doc = openapi(&s);
    let (status, list) = json(s.get("/api/documents"));
    assert_eq!(status, 200);
    assert_documented(&doc, "/api/documents", "get", "200", &list);
    let docs = list["documents"].as_array().unwrap();
    assert!(docs.len() >= 40, "{} documents", docs.len());
    let kcsie = docs
        .iter()
        .find(|d| d["id"] == "kcsie")
        .expect("kcsie listed");
    let editions = kcsie["editions"].as_array().unwrap();
    assert!(editions.len() >= 2);
    assert_eq!(editions.iter().filter(|e| e["current"] == true).count(), 1);
    let current = editions.iter().find(|e| e["current"] == true).unwrap();
    assert_eq!(current["id"], kcsie["current_edition"]);
    assert!(editions
        .iter()
        .all(|e| e["passages"].as_u64().unwrap() > 100));
    assert!(editions
        .iter()
        .all(|e| e["in_force_from"].as_str().unwrap().len() == 10));

    let (status, detail) = json(s.get("/api/documents/kcsie"));
    assert_eq!(status, 200);
    assert_documented(&doc, "/api/documents/{id}", "get", "200", &detail);
    assert_eq!(detail["edition"]["id"], kcsie["current_edition"]);
    let outline = detail["outline"].as_array().unwrap();
    assert!(outline.len() >= 3, "{outline:?}");
    let first = outline[0]["first_passage"].as_str().unwrap();
    let (status, ctx) = json(s.get(&format!("/api/passages/{first}")));
    assert_eq!(status, 200, "{ctx}");
    assert!(
        ctx["passage"]["locator"]["heading"][0] == outline[0]["heading"],
        "{ctx}"
    );

    let (_, older) = json(s.get("/api/documents/kcsie?edition=2024"));
    assert!(older["edition"]["id"].as_str().unwrap().starts_with("2024"));

    // The passage the search cites, with one neighbour each side.
    let (_, answer) = json(s.get("/api/search?q=what+is+transferable+risk&limit=1"));
    let id = answer["hits"][0]["id"].as_str().unwrap().to_owned();
    assert!(id.matches('/').count() >= 2, "{id}");
    let (status, ctx) = json(s.get(&format!("/api/passages/{id}?before=1&after=1")));
    assert_eq!(status, 200);
    assert_documented(&doc, "/api/passages/{id}", "get", "200", &ctx);
    assert_eq!(ctx["passage"]["id"], id.as_str());
    assert_eq!(ctx["passage"]["text"], answer["hits"][0]["text"]);
    assert_eq!(ctx["before"].as_array().unwrap().len(), 1);
    assert_eq!(ctx["after"].as_array().unwrap().len(), 1);
    let at = ctx["passage"]["ordinal"].as_u64().unwrap();
    assert_eq!(ctx["before"][0]["ordinal"].as_u64().unwrap() + 1, at);
    assert_eq!(ctx["after"][0]["ordinal"].as_u64().unwrap(), at + 1);
    assert_eq!(ctx["edition"]["doc_id"], "kcsie");
}

#[test]
fn every_response_carries_the_security_headers() {
    let s = server(&[]);
    let responses = [
        s.get("/api/search?q=risk"),
        s.get("/api/search?q="),
        s.get("/api/nothing"),
        s.get("/healthz"),
        s.get("/metrics"),
        s.get("/"),
        client().delete(s.url("/api/search")).send().unwrap(),
    ];
    for r in responses {
        let h = r.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert!(h.get("x-request-id").is_some());
    }
}

#[test]
fn health_and_metrics_report_the_index_and_count_requests() {
    let s = server(&[]);
    let doc = openapi(&s);
    let (status, health) = json(s.get("/healthz"));
    assert_eq!(status, 200);
    assert_documented(&doc, "/healthz", "get", "200", &health);
    assert_eq!(health["status"], "ok");
    assert!(health["documents"].as_u64().unwrap() >= 40);

    for _ in 0..3 {
        assert_eq!(s.get("/api/passages/kcsie/1999-01-01/para-9").status(), 404);
    }
    s.get("/api/search?q=transferable+risk");
    let r = s.get("/metrics");
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = r.text().unwrap();
    let sample = |prefix: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // Labelled by route template, never by the raw path.
    assert_eq!(
        sample("pinpoint_http_requests_total{route=\"/api/passages/{*id}\",method=\"GET\",status=\"404\"}"),
        3.0
    );
    assert!(!text.contains("1999-01-01"));
    assert_eq!(
        sample("pinpoint_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        sample("pinpoint_http_request_duration_seconds_count{route=\"/api/search\"}"),
        1.0
    );
    assert_eq!(
        sample("pinpoint_http_request_duration_seconds_bucket{route=\"/api/passages/{*id}\",le=\"+Inf\"}"),
        3.0
    );
    assert_eq!(
        sample("pinpoint_index_passages "),
        health["passages"].as_f64().unwrap()
    );
    assert_eq!(
        sample("pinpoint_index_documents "),
        health["documents"].as_f64().unwrap()
    );
    assert!(sample("pinpoint_index_age_seconds ") >= 0.0);
}

#[test]
fn openapi_document_matches_what_the_server_does() {
    // `POST /api/admin/sync` below really starts a sync: offline, into a temporary store, over a copy of the index
    // (it finds nothing to re-index, but must not touch the index the other tests share).
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    copy_dir(real_index(), &index);
    let store = dir.path().join("store");
    let s = Server::start(
        &index,
        &[
            "--admin-token",
            TOKEN,
            "--offline",
            "--store",
            store.to_str().unwrap(),
        ],
    );
    let doc = openapi(&s);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();

    // Every /api route the router has is documented, and nothing else under /api is.
    let mut served: Vec<(String, String)> = pinpoint_web::api_routes()
        .into_iter()
        .map(|(m, p)| (m.to_lowercase(), p.replace("{*", "{")))
        .collect();
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .filter(|(p, _)| p.starts_with("/api/"))
        .flat_map(|(p, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(|m| (m.clone(), p.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    served.sort();
    documented.sort();
    assert_eq!(served, documented);

    // Every documented path and method answers (not 404 or 405), with a documented status and, for JSON, body.
    let (_, answer) = json(s.get("/api/search?q=transferable+risk&limit=1"));
    let passage = answer["hits"][0]["id"].as_str().unwrap().to_owned();
    for (path, item) in paths {
        let real = path
            .replace("/api/documents/{id}", "/api/documents/kcsie")
            .replace("/api/passages/{id}", &format!("/api/passages/{passage}"));
        let real = if path == "/api/search" {
            format!("{real}?q=transferable+risk")
        } else {
            real
        };
        for (method, op) in item.as_object().unwrap() {
            let r = match method.as_str() {
                "get" => client().get(s.url(&real)).send().unwrap(),
                "post" => client()
                    .post(s.url(&real))
                    .bearer_auth(TOKEN)
                    .send()
                    .unwrap(),
                other => panic!("undocumented method {other}"),
            };
            let status = r.status();
            assert!(
                status != 404 && status != 405,
                "{method} {path} answered {status}"
            );
            let code = status.as_str().to_owned();
            assert!(
                op["responses"].get(&code).is_some(),
                "{method} {path}: status {code} is not documented"
            );
            let is_json = r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json");
            if is_json && path != "/api/openapi.json" {
                let value: Value = r.json().unwrap();
                assert_documented(&doc, path, method, &code, &value);
            }
        }
    }

    // A body the citation check reads, and the sync's status once it is done.
    let r = client()
        .post(s.url("/api/citations/check"))
        .body(r#"[{"document": "kcsie", "edition": "2024", "paragraph": "363"}, {"document": "nope"}]"#)
        .send()
        .unwrap();
    let (status, v) = json(r);
    assert_eq!(status, 200);
    assert_documented(&doc, "/api/citations/check", "post", "200", &v);
    let v = wait_for_sync(&s);
    assert_documented(&doc, "/api/admin/sync", "get", "200", &v);
    assert_eq!(v["sync"]["state"], "succeeded", "{v}");
    assert_eq!(v["sync"]["index"]["rebuilt"], false, "nothing changed: {v}");

    // Error bodies match the documented Error schema.
    let (_, e) = json(s.get("/api/search?q="));
    assert_documented(&doc, "/api/search", "get", "400", &e);
    let (_, e) = json(s.get("/api/passages/kcsie/1999-01-01/para-1"));
    assert_documented(&doc, "/api/passages/{id}", "get", "404", &e);
}

#[test]
fn admin_reload_needs_the_right_token() {
    let s = server(&["--admin-token", TOKEN]);
    let doc = openapi(&s);
    let reload = || client().post(s.url("/api/admin/reload"));
    let r = reload().send().unwrap();
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));
    assert_error(r, 401, "unauthorized");
    assert_error(
        reload().bearer_auth("wrong").send().unwrap(),
        403,
        "forbidden",
    );
    let (status, v) = json(reload().bearer_auth(TOKEN).send().unwrap());
    assert_eq!(status, 200, "{v}");
    assert_documented(&doc, "/api/admin/reload", "post", "200", &v);
    assert_eq!(v["snapshot"], v["previous"]);
    assert_eq!(v["changed"], false);
    assert!(v["passages"].as_u64().unwrap() > 5_000);
    // The search still works on the re-opened snapshot.
    assert_eq!(s.get("/api/search?q=transferable+risk").status(), 200);

    // No token configured: the admin surface does not exist.
    let plain = server(&[]);
    assert_error(
        client()
            .post(plain.url("/api/admin/reload"))
            .bearer_auth(TOKEN)
            .send()
            .unwrap(),
        404,
        "not_found",
    );
}

#[test]
fn overload_is_refused_with_503_and_retry_after_never_anything_else() {
    let s = server(&["--max-concurrency", "1", "--queue-wait-ms", "0"]);
    let threads = 24;
    let barrier = Arc::new(Barrier::new(threads));
    let base = s.base.clone();
    let results: Vec<(u16, Option<String>, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let barrier = Arc::clone(&barrier);
                let base = base.clone();
                scope.spawn(move || {
                    let c = client();
                    barrier.wait();
                    let r = c
                        .get(format!("{base}/api/search"))
                        .query(&[
                            ("q", format!("can someone living with a person convicted of an offence against children work in a school nursery or childminding setting {i}")),
                            ("limit", "50".into()),
                            ("edition", "all".into()),
                        ])
                        .send()
                        .expect("every request gets a response");
                    let status = r.status().as_u16();
                    let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
                    (status, retry, r.json::<Value>().expect("JSON body"))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = results.iter().filter(|r| r.0 == 200).count();
    let shed: Vec<_> = results.iter().filter(|r| r.0 == 503).collect();
    assert_eq!(ok + shed.len(), threads, "only 200 or 503: {results:?}");
    assert!(ok >= 1, "some searches are answered");
    assert!(
        !shed.is_empty(),
        "with one slot and no queue, some of {threads} concurrent searches are shed"
    );
    for (_, retry, body) in &shed {
        assert_eq!(retry.as_deref(), Some("1"));
        assert_eq!(body["error"]["code"], "overloaded");
    }
    let metrics = s.get("/metrics").text().unwrap();
    let line = metrics
        .lines()
        .find(|l| l.starts_with("pinpoint_overload_rejections_total "))
        .unwrap();
    assert_eq!(
        line,
        format!("pinpoint_overload_rejections_total {}", shed.len())
    );
}

#[test]
fn sigterm_stops_promptly_and_the_log_holds_no_question_text() {
    let canary = "zebra crossing canary question";
    let mut s = server(&[]);
    let r = client()
        .get(s.url("/api/search"))
        .query(&[("q", canary)])
        .header("x-request-id", "test-req-1")
        .send()
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "test-req-1");
    let status = s.terminate(Duration::from_secs(5));
    assert_eq!(status.code(), Some(0), "exit status after SIGTERM");

    let raw = std::fs::read_to_string(&s.log).unwrap();
    assert!(
        !raw.contains("zebra"),
        "question text leaked into the log:\n{raw}"
    );
    let lines = s.log_lines();
    let access = lines
        .iter()
        .find(|l| l["request_id"] == "test-req-1")
        .unwrap_or_else(|| panic!("no access line in\n{raw}"));
    assert_eq!(access["route"], "/api/search");
    assert_eq!(access["status"], 200);
    assert!(access["latency_ms"].as_f64().unwrap() >= 0.0);
    assert!(access["hits"].as_i64().unwrap() >= 0);
    assert_eq!(access["query_hash"].as_str().unwrap().len(), 12);
    assert!(lines.iter().any(|l| l["message"] == "stopped"), "{raw}");

    // With --log-queries the text is there.
    let mut verbose = server(&["--log-queries"]);
    verbose.get(&format!("/api/search?q={}", canary.replace(' ', "+")));
    assert_eq!(verbose.terminate(Duration::from_secs(5)).code(), Some(0));
    let access: Vec<Value> = verbose
        .log_lines()
        .into_iter()
        .filter(|l| l["route"] == "/api/search")
        .collect();
    assert_eq!(access[0]["query"], canary);
}

#[test]
fn a_new_snapshot_is_swapped_in_with_no_failed_request() {
    // A copy of the index, so the re-ingest below does not disturb the other tests' servers.
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    copy_dir(real_index(), &index);
    let s = Server::start(&index, &["--watch-secs", "1"]);
    let (_, before) = json(s.get("/healthz"));

    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let hammer = {
        let (stop, done, base) = (Arc::clone(&stop), Arc::clone(&done), s.base.clone());
        std::thread::spawn(move || {
            let c = client();
            let mut failures = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                match c
                    .get(format!("{base}/api/search?q=transferable+risk&limit=3"))
                    .send()
                {
                    Ok(r) if r.status() == 200 => {
                        let v: Value = r.json().unwrap();
                        if v["hits"].as_array().is_none_or(Vec::is_empty) {
                            failures.push("no hits".to_owned());
                        }
                    }
                    Ok(r) => failures.push(format!("status {}", r.status())),
                    Err(e) => failures.push(e.to_string()),
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            failures
        })
    };

    let out = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
        .arg("--index")
        .arg(&index)
        .arg("--mirror")
        .arg(shared().join("corpus/raw"))
        .arg("--sources")
        .arg(real_sources())
        .arg("ingest")
        .env("CI", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let started = Instant::now();
    let after = loop {
        let (_, h) = json(s.get("/healthz"));
        if h["snapshot"] != before["snapshot"] {
            break h;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "new snapshot not picked up"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let current = std::fs::read_to_string(index.join("CURRENT")).unwrap();
    assert_eq!(after["snapshot"], current.trim());
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    let failures = hammer.join().unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(done.load(Ordering::Relaxed) > 10);
    let metrics = s.get("/metrics").text().unwrap();
    assert!(
        metrics.contains("pinpoint_index_reloads_total{result=\"ok\"} 1\n"),
        "{metrics}"
    );
}

/// Polls `GET /api/admin/sync` until the sync is no longer running (at most 120 s); returns the status.
fn wait_for_sync(s: &Server) -> Value {
    let started = Instant::now();
    loop {
        let (status, v) = json(
            client()
                .get(s.url("/api/admin/sync"))
                .bearer_auth(TOKEN)
                .send()
                .unwrap(),
        );
        assert_eq!(status, 200, "{v}");
        if v["sync"]["state"] != "running" {
            return v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "sync still running: {v}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn diff_of_kcsie_2024_to_2025_lists_para_363_as_renumbered_to_360() {
    let s = server(&[]);
    let doc = openapi(&s);
    // The defaults: from the edition before the one in force, to the one in force.
    let (status, v) = json(s.get("/api/documents/kcsie/diff"));
    assert_eq!(status, 200, "{v}");
    assert_documented(&doc, "/api/documents/{id}/diff", "get", "200", &v);
    assert_eq!(v["from"]["id"], "2024-09-02");
    assert_eq!(v["to"]["id"], "2025-07-07");
    let changes = v["changes"].as_array().unwrap();
    let c363 = changes
        .iter()
        .find(|c| c["old"][0]["id"] == "kcsie/2024-09-02/para-363")
        .expect("para 363 is listed");
    assert_eq!(c363["kind"], "renumbered", "{c363}");
    assert_eq!(c363["new"][0]["id"], "kcsie/2025-07-07/para-360");
    assert_eq!(
        c363["old"][0]["content_hash"],
        c363["new"][0]["content_hash"]
    );
    assert!(changes.iter().all(|c| c["kind"] != "unchanged"));
    assert!(
        v["counts"]["changed"].as_u64().unwrap() > 10,
        "{}",
        v["counts"]
    );
    // Named by prefix, with the unchanged paragraphs too.
    let (_, all) = json(s.get("/api/documents/kcsie/diff?from=2024&to=2025-07&all=true"));
    let listed = all["changes"].as_array().unwrap().len() as u64;
    let counts = &all["counts"];
    assert!(listed > changes.len() as u64);
    assert_eq!(
        listed,
        [
            "unchanged",
            "renumbered",
            "moved",
            "changed",
            "merged",
            "split",
            "added",
            "removed"
        ]
        .iter()
        .map(|k| counts[k].as_u64().unwrap())
        .sum::<u64>()
    );
    assert_error(
        s.get("/api/documents/kcsie/diff?from=1999"),
        404,
        "not_found",
    );
    assert_error(s.get("/api/documents/no-such-doc/diff"), 404, "not_found");
    assert_error(
        s.get("/api/documents/kcsie/diff?from=20"),
        400,
        "bad_parameter",
    );
    assert_error(
        s.get("/api/documents/kcsie/diff?since=2024"),
        400,
        "bad_parameter",
    );

    // The UI's page of the same diff, linked from the document page.
    let page = s.get("/documents/kcsie/changes").text().unwrap();
    assert!(page.contains("What changed in Keeping children safe in education 2025"));
    // 363 → 360 is inside the run of paragraphs that moved up by three together, whose ends are linked.
    assert!(
        page.contains("href=\"/passages/kcsie/2024-09-02/para-353\">353</a>–<a class=\"govuk-link\" href=\"/passages/kcsie/2024-09-02/para-364\">364</a>"),
        "{page:.3000}"
    );
    assert!(page.contains("href=\"/passages/kcsie/2025-07-07/para-361\">361</a>"));
    assert!(s
        .get("/documents/kcsie")
        .text()
        .unwrap()
        .contains("href=\"/documents/kcsie/changes?to=2025-07-07\""));
    assert_eq!(s.get("/documents/kcsie/changes?from=1999").status(), 404);
}

#[test]
fn a_saved_citation_is_checked_against_the_edition_in_force() {
    let s = server(&[]);
    let doc = openapi(&s);
    let check = |body: &str| {
        json(
            client()
                .post(s.url("/api/citations/check"))
                .header("content-type", "application/json")
                .body(body.to_owned())
                .send()
                .unwrap(),
        )
    };
    let (status, v) = check(
        r#"{"document": "kcsie", "edition": "2024", "paragraph": "363", "quote": "this is known as transferable risk"}"#,
    );
    assert_eq!(status, 200, "{v}");
    assert_documented(&doc, "/api/citations/check", "post", "200", &v);
    let one = &v[0];
    assert_eq!(one["status"], "stands", "{one}");
    assert!(
        one["message"]
            .as_str()
            .unwrap()
            .contains("moved to 2025 para 360, text unchanged"),
        "{one}"
    );
    assert_eq!(
        one["findings"][0]["current"]["id"],
        "kcsie/2025-07-07/para-360"
    );
    assert_eq!(one["findings"][0]["quote_still_present"], true);

    // A made-up quote, and a list mixing it with a good citation and a typo'd document.
    let (status, v) = check(
        r#"[{"document": "kcsie", "edition": "2024", "paragraph": "363", "quote": "children may always be left alone with visitors"},
            {"document": "kcsie", "edition": "2024", "quote": "children may always be left alone with visitors"},
            {"document": "kcsei", "edition": "2024", "paragraph": "363"}]"#,
    );
    assert_eq!(status, 200);
    assert_documented(&doc, "/api/citations/check", "post", "200", &v);
    let statuses: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["not_found", "not_found", "error"], "{v}");
    assert_eq!(v[1]["not_found"], "quote_not_in_edition");

    // A passage's content hash, saved and checked later.
    let (_, ctx) = json(s.get("/api/passages/kcsie/2024-09-02/para-363?before=1&after=1"));
    assert_documented(&doc, "/api/passages/{id}", "get", "200", &ctx);
    let hash = ctx["passage"]["content_hash"].as_str().unwrap();
    assert!(ctx["before"][0]["content_hash"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    let (_, v) = check(&format!(
        r#"{{"document": "kcsie", "edition": "2024", "paragraph": "363", "content_hash": "{hash}"}}"#
    ));
    assert_eq!(v[0]["status"], "stands", "{v}");

    // Malformed bodies are JSON 400s; an oversized one a 413.
    for body in ["", "{", "[]", "\"kcsie\"", r#"{"edition": "2024"}"#] {
        let r = client()
            .post(s.url("/api/citations/check"))
            .body(body)
            .send()
            .unwrap();
        assert_error(r, 400, "bad_request");
    }
    let big = format!(
        r#"{{"document": "kcsie", "quote": "{}"}}"#,
        "a".repeat(64 * 1024)
    );
    let r = client()
        .post(s.url("/api/citations/check"))
        .body(big)
        .send()
        .unwrap();
    assert_error(r, 413, "payload_too_large");

    // The same check as a page, without JavaScript.
    let page = s
        .get("/check?document=kcsie&edition=2024&paragraph=363&quote=this+is+known+as+transferable+risk")
        .text()
        .unwrap();
    // 2024 para 363 is 2025 para 360: the same text under a new number, which the verdict says first.
    assert!(page.contains("Same text, new number"), "{page:.2000}");
    assert!(page.contains("href=\"/passages/kcsie/2025-07-07/para-360\""));
    assert_eq!(
        s.get("/check?document=kcsie&edition=&paragraph=363")
            .status(),
        400
    );
}

/// The entries for `ids` of `corpus/sources.toml` and `corpus/fixtures.toml` (the parser fixtures, which are not
/// served by default), KCSIE with or without its 2025 edition.
fn source_list(ids: &[&str], kcsie_2025: bool) -> String {
    let text = std::fs::read_to_string(real_sources()).unwrap()
        + &std::fs::read_to_string(real_sources().with_file_name("fixtures.toml")).unwrap();
    let mut out = String::new();
    for block in text.split("\n[[document]]\n").skip(1) {
        let id = block
            .lines()
            .find_map(|l| l.strip_prefix("id = \""))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap();
        if !ids.contains(&id) {
            continue;
        }
        out.push_str("\n[[document]]\n");
        if id == "kcsie" && !kcsie_2025 {
            let kept: Vec<&str> = block
                .split("[[document.edition]]")
                .filter(|e| !e.contains("id = \"2025-07-07\""))
                .collect();
            out.push_str(&kept.join("[[document.edition]]"));
        } else {
            out.push_str(block);
        }
    }
    assert_eq!(out.matches("[[document]]").count(), ids.len(), "{out}");
    out
}

#[test]
fn a_sync_brings_in_kcsie_2025_while_searches_keep_being_answered() {
    // An index of KCSIE 2024 and three small documents, built by an offline sync into a fresh store.
    let dir = tempfile::tempdir().unwrap();
    let (index, store, sources) = (
        dir.path().join("index"),
        dir.path().join("store"),
        dir.path().join("sources.toml"),
    );
    let docs = [
        "kcsie",
        "govuk-child-employment",
        "govuk-dismissal",
        "housing-act-2004",
    ];
    std::fs::write(&sources, source_list(&docs, false)).unwrap();
    std::fs::copy(
        real_sources().with_file_name("thesaurus.toml"),
        dir.path().join("thesaurus.toml"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
        .arg("--index")
        .arg(&index)
        .arg("--mirror")
        .arg(shared().join("corpus/raw"))
        .arg("--sources")
        .arg(&sources)
        .args(["sync", "--offline", "--store"])
        .arg(&store)
        .env("CI", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let mut s = Server::start_with(
        &index,
        &sources,
        &[
            "--admin-token",
            TOKEN,
            "--offline",
            "--store",
            store.to_str().unwrap(),
            // No watcher: the sync itself must swap the new snapshot in.
            "--watch-secs",
            "0",
        ],
    );
    let doc = openapi(&s);
    let (_, before) = json(s.get("/api/search?q=what+is+transferable+risk&limit=1"));
    assert_eq!(before["hits"][0]["edition"], "2024-09-02", "{before}");
    let (_, health) = json(s.get("/healthz"));

    // The guard.
    let sync = || client().post(s.url("/api/admin/sync"));
    assert_error(sync().send().unwrap(), 401, "unauthorized");
    assert_error(
        sync().bearer_auth("wrong").send().unwrap(),
        403,
        "forbidden",
    );
    assert_error(
        client().get(s.url("/api/admin/sync")).send().unwrap(),
        401,
        "unauthorized",
    );
    let (_, idle) = json(
        client()
            .get(s.url("/api/admin/sync"))
            .bearer_auth(TOKEN)
            .send()
            .unwrap(),
    );
    assert_eq!(idle["sync"], Value::Null, "{idle}");

    // A steady search load from three clients for the whole sync.
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let load: Vec<_> = (0..3)
        .map(|i| {
            let (stop, done, base) = (Arc::clone(&stop), Arc::clone(&done), s.base.clone());
            std::thread::spawn(move || {
                let questions = [
                    "what is transferable risk",
                    "can a child work part time",
                    "unfair dismissal",
                ];
                let c = client();
                let mut failures = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let q = questions[(done.load(Ordering::Relaxed) + i) % questions.len()];
                    match c
                        .get(format!("{base}/api/search"))
                        .query(&[("q", q)])
                        .send()
                    {
                        Ok(r) if r.status() == 200 => match r.json::<Value>() {
                            Ok(v) if v["hits"].as_array().is_some_and(|h| !h.is_empty()) => {}
                            Ok(v) => failures.push(format!("{q}: no hits: {v:.200}")),
                            Err(e) => failures.push(format!("{q}: {e}")),
                        },
                        Ok(r) => failures.push(format!("{q}: status {}", r.status())),
                        Err(e) => failures.push(format!("{q}: {e}")),
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
                failures
            })
        })
        .collect();

    // The source list now has KCSIE 2025 too; the sync starts, and a second one is refused while it runs.
    std::fs::write(&sources, source_list(&docs, true)).unwrap();
    let r = sync().bearer_auth(TOKEN).send().unwrap();
    assert_eq!(r.headers()["location"], "/api/admin/sync");
    let (status, started) = json(r);
    assert_eq!(status, 202, "{started}");
    assert_documented(&doc, "/api/admin/sync", "post", "202", &started);
    assert_eq!(started["state"], "running");
    assert_eq!(started["trigger"], "api");
    assert_eq!(started["snapshot_before"], health["snapshot"]);
    let busy = assert_error(sync().bearer_auth(TOKEN).send().unwrap(), 409, "conflict");
    assert!(
        busy["error"]["message"]
            .as_str()
            .unwrap()
            .contains(started["id"].as_str().unwrap()),
        "{busy}"
    );

    let status = wait_for_sync(&s);
    let requests_during_sync = done.load(Ordering::Relaxed);
    assert_documented(&doc, "/api/admin/sync", "get", "200", &status);
    let run = &status["sync"];
    assert_eq!(run["id"], started["id"]);
    assert_eq!(run["state"], "succeeded", "{run}");
    assert_eq!(run["failed_sources"], 0, "{run}");
    let k2025 = run["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["doc_id"] == "kcsie" && r["edition"] == "2025-07-07")
        .unwrap_or_else(|| panic!("KCSIE 2025 reported: {run}"));
    assert!(
        ["stored", "new_edition"].contains(&k2025["outcome"].as_str().unwrap()),
        "{k2025}"
    );
    assert_eq!(run["index"]["rebuilt"], true, "{run}");
    assert_eq!(
        run["index"]["parsed"], 1,
        "only KCSIE 2025 is parsed: {run}"
    );
    assert_ne!(run["snapshot_after"], run["snapshot_before"]);
    assert_eq!(run["snapshot_after"], run["index"]["snapshot"]);

    // Served at once (no watcher): searches now answer from 2025.
    let (_, health) = json(s.get("/healthz"));
    assert_eq!(health["snapshot"], run["snapshot_after"]);
    let (_, after) = json(s.get("/api/search?q=what+is+transferable+risk&limit=1"));
    let top = &after["hits"][0];
    assert_eq!(top["edition"], "2025-07-07", "{after}");
    assert_eq!(top["locator"]["paragraph"], "360", "{top}");

    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    let failures: Vec<String> = load.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert!(
        failures.is_empty(),
        "failed requests during the sync: {failures:?}"
    );
    assert!(
        requests_during_sync >= 10,
        "only {requests_during_sync} searches ran during the sync"
    );
    let metrics = s.get("/metrics").text().unwrap();
    assert!(
        metrics.contains("pinpoint_syncs_total{result=\"ok\"} 1\n"),
        "{metrics}"
    );
    assert_eq!(s.terminate(Duration::from_secs(15)).code(), Some(0));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
