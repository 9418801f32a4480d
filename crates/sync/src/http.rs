//! Polite HTTP: an identifying User-Agent, a per-host rate limit, conditional requests, retries with exponential
//! backoff on 5xx/429/timeouts/broken connections (never on other 4xx), connect/idle/total timeouts, a size cap,
//! content-type and content checks, and truncation detection. Bodies stream straight into the store's temporary
//! area and become objects only when complete and checked.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use reqwest::header::{self, HeaderMap};
use reqwest::StatusCode;

use crate::state::Validators;
use crate::store::{ObjectWriter, Store};
use crate::Error;

/// How polite and how patient to be.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Sent with every request; names the software and a contact.
    pub user_agent: String,
    /// Least time between two requests to the same host.
    pub min_interval: Duration,
    /// Retries after the first attempt, on 5xx, 429, timeouts and broken connections.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Longest wait for the answer's headers or for the next piece of its body.
    pub idle_timeout: Duration,
    /// Longest time for a whole request, body included (checked as the body arrives).
    pub total_timeout: Duration,
    /// Largest body accepted; a larger one is abandoned as soon as it is known to be larger.
    pub max_bytes: u64,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            user_agent: user_agent(None),
            min_interval: Duration::from_secs(1),
            retries: 3,
            backoff: Duration::from_secs(2),
            connect_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(300),
            max_bytes: 100 << 20,
        }
    }
}

/// `Pinpoint/0.1 (+contact)`: the software, its version and whom to contact about its requests.
pub fn user_agent(contact: Option<&str>) -> String {
    format!(
        "Pinpoint/{}.{} (+{})",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        contact.unwrap_or("no contact configured")
    )
}

/// What a fetched body must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A GOV.UK Content API item.
    Json,
    /// A legislation.gov.uk data file.
    Xml,
    /// A PDF.
    Pdf,
}

impl Expect {
    fn name(self) -> &'static str {
        match self {
            Expect::Json => "JSON",
            Expect::Xml => "XML",
            Expect::Pdf => "a PDF",
        }
    }

    fn accept(self) -> &'static str {
        match self {
            Expect::Json => "application/json",
            Expect::Xml => "application/xml, text/xml;q=0.9",
            Expect::Pdf => "application/pdf",
        }
    }

    /// Whether the declared type is acceptable. A generic binary type is let through for PDFs (some servers send
    /// `application/octet-stream`); the bytes are checked afterwards in every case.
    fn type_ok(self, content_type: Option<&str>) -> bool {
        let Some(ct) = content_type else { return true };
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match self {
            Expect::Json => mime == "application/json" || mime.ends_with("+json"),
            Expect::Xml => {
                mime == "application/xml" || mime == "text/xml" || mime.ends_with("+xml")
            }
            Expect::Pdf => {
                mime == "application/pdf"
                    || mime == "application/octet-stream"
                    || mime == "binary/octet-stream"
            }
        }
    }

    /// Whether the first bytes look like this kind of file.
    fn sniff(self, head: &[u8]) -> bool {
        match self {
            Expect::Pdf => head.windows(5).any(|w| w == b"%PDF-"),
            Expect::Json | Expect::Xml => {
                let first = head
                    .strip_prefix(b"\xEF\xBB\xBF")
                    .unwrap_or(head)
                    .iter()
                    .find(|b| !b.is_ascii_whitespace());
                first == Some(if self == Expect::Json { &b'{' } else { &b'<' })
            }
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// 200 or 304.
    pub status: u16,
    /// Attempts made.
    pub attempts: u32,
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// The stored body's SHA-256 and size; `None` for 304 Not Modified.
    pub body: Option<(String, u64)>,
}

/// A failed fetch: why, with the last status seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// What went wrong, for people.
    pub reason: String,
    /// The last HTTP status, if an answer came.
    pub status: Option<u16>,
    /// Attempts made.
    pub attempts: u32,
}

/// Sends the requests of one sync.
pub struct Fetcher {
    client: Client,
    options: HttpOptions,
    last_request: HashMap<String, Instant>,
}

/// One attempt's failure, and whether trying again could help.
struct AttemptError {
    reason: String,
    status: Option<u16>,
    retry: bool,
    retry_after: Option<Duration>,
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn describe(e: &reqwest::Error) -> String {
    let mut s = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

impl Fetcher {
    /// A fetcher with these options.
    pub fn new(options: HttpOptions) -> Result<Fetcher, Error> {
        let client = Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .timeout(options.idle_timeout)
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| Error::Http(describe(&e)))?;
        Ok(Fetcher {
            client,
            options,
            last_request: HashMap::new(),
        })
    }

    /// Waits until this host may be asked again.
    fn pace(&mut self, url: &str) {
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| {
                u.host_str()
                    .map(|h| format!("{h}:{}", u.port_or_known_default().unwrap_or(0)))
            })
            .unwrap_or_default();
        if let Some(last) = self.last_request.get(&host) {
            let since = last.elapsed();
            if since < self.options.min_interval {
                std::thread::sleep(self.options.min_interval - since);
            }
        }
        self.last_request.insert(host, Instant::now());
    }

    /// GETs `url` into the store (conditionally, when `validators` are given), retrying what may be transient.
    pub fn get(
        &mut self,
        store: &Store,
        url: &str,
        validators: Option<&Validators>,
        expect: Expect,
    ) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.pace(url);
            match self.attempt(store, url, validators, expect) {
                Ok(mut f) => {
                    f.attempts = attempt;
                    return Ok(f);
                }
                Err(e) if e.retry && attempt <= self.options.retries => {
                    let backoff = self.options.backoff * 2u32.saturating_pow(attempt - 1);
                    let wait = e
                        .retry_after
                        .map_or(backoff, |ra| ra.min(Duration::from_secs(60)).max(backoff));
                    std::thread::sleep(wait);
                }
                Err(e) => {
                    let reason = if attempt > 1 {
                        format!("{} (after {attempt} attempts)", e.reason)
                    } else {
                        e.reason
                    };
                    return Err(FetchError {
                        reason,
                        status: e.status,
                        attempts: attempt,
                    });
                }
            }
        }
    }

    fn attempt(
        &self,
        store: &Store,
        url: &str,
        validators: Option<&Validators>,
        expect: Expect,
    ) -> Result<Fetched, AttemptError> {
        let started = Instant::now();
        let mut req = self.client.get(url).header(header::ACCEPT, expect.accept());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let fail = |reason: String, status: Option<u16>, retry: bool| AttemptError {
            reason,
            status,
            retry,
            retry_after: None,
        };
        let resp = req.send().map_err(|e| fail(describe(&e), None, true))?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let etag = header_str(&headers, header::ETAG);
        let last_modified = header_str(&headers, header::LAST_MODIFIED);
        let content_type = header_str(&headers, header::CONTENT_TYPE);
        let code = Some(status.as_u16());
        if status == StatusCode::NOT_MODIFIED {
            if validators.is_none() {
                return Err(fail(
                    "answered 304 Not Modified to an unconditional request".into(),
                    code,
                    false,
                ));
            }
            return Ok(Fetched {
                status: 304,
                attempts: 0,
                etag,
                last_modified,
                content_type,
                body: None,
            });
        }
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            let retry_after = header_str(&headers, header::RETRY_AFTER)
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(AttemptError {
                reason: format!("HTTP {status}"),
                status: code,
                retry: true,
                retry_after,
            });
        }
        if !status.is_success() {
            let reason = match status {
                StatusCode::NOT_FOUND => format!("HTTP {status}: the address no longer exists"),
                StatusCode::GONE => format!("HTTP {status}: the page was removed"),
                _ => format!("HTTP {status}"),
            };
            return Err(fail(reason, code, false));
        }
        if !expect.type_ok(content_type.as_deref()) {
            return Err(fail(
                format!(
                    "answered {}, expected {}: not stored",
                    content_type.as_deref().unwrap_or("?"),
                    expect.name()
                ),
                code,
                false,
            ));
        }
        let declared = resp.content_length();
        if let Some(len) = declared {
            if len > self.options.max_bytes {
                return Err(fail(
                    format!(
                        "body of {len} bytes is over the limit of {} bytes",
                        self.options.max_bytes
                    ),
                    code,
                    false,
                ));
            }
        }
        let mut w = store
            .begin_object()
            .map_err(|e| fail(e.to_string(), code, false))?;
        if let Err(e) = self.read_body(resp, &mut w, started, declared) {
            w.discard();
            return Err(AttemptError { status: code, ..e });
        }
        let head = w
            .head(1024)
            .map_err(|e| fail(format!("store: {e}"), code, false));
        match head {
            Ok(head) if expect.sniff(&head) => {}
            Ok(_) => {
                w.discard();
                return Err(fail(
                    format!(
                        "the body is not {} (declared {}): not stored",
                        expect.name(),
                        content_type.as_deref().unwrap_or("no type")
                    ),
                    code,
                    false,
                ));
            }
            Err(e) => {
                w.discard();
                return Err(e);
            }
        }
        let size = w.size();
        let sha = store
            .commit_object(w)
            .map_err(|e| fail(e.to_string(), code, false))?;
        Ok(Fetched {
            status: status.as_u16(),
            attempts: 0,
            etag,
            last_modified,
            content_type,
            body: Some((sha, size)),
        })
    }

    fn read_body(
        &self,
        mut resp: Response,
        w: &mut ObjectWriter,
        started: Instant,
        declared: Option<u64>,
    ) -> Result<(), AttemptError> {
        let fail = |reason: String, retry: bool| AttemptError {
            reason,
            status: None,
            retry,
            retry_after: None,
        };
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            if started.elapsed() > self.options.total_timeout {
                return Err(fail(
                    format!(
                        "timed out: no complete answer within {:?} ({} bytes received)",
                        self.options.total_timeout,
                        w.size()
                    ),
                    true,
                ));
            }
            let n = match resp.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let got = w.size();
                    let reason = match declared {
                        Some(len) => format!(
                            "truncated: the connection broke after {got} of {len} bytes ({e})"
                        ),
                        None => format!("the connection broke after {got} bytes ({e})"),
                    };
                    return Err(fail(reason, true));
                }
            };
            if w.size() + n as u64 > self.options.max_bytes {
                return Err(fail(
                    format!(
                        "body is over the limit of {} bytes: abandoned",
                        self.options.max_bytes
                    ),
                    false,
                ));
            }
            w.write(&buf[..n])
                .map_err(|e| fail(format!("store: {e}"), false))?;
        }
        if let Some(len) = declared {
            if w.size() != len {
                return Err(fail(
                    format!("truncated: {} of {len} bytes received", w.size()),
                    true,
                ));
            }
        }
        Ok(())
    }
}
