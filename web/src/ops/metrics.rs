//! Counters for `/metrics`, written in the Prometheus text exposition format by hand (a few counters and one
//! histogram do not need a metrics framework).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use axum::http::{Method, StatusCode};

/// Upper bounds (seconds) of the latency histogram's buckets: from a cached page to a search queued behind others.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    /// Count per bucket (not cumulative; summed when written).
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct ByRoute {
    requests: BTreeMap<(String, &'static str, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

/// Request counters by route template (never the raw path, which would make a label per passage), method and
/// status; a latency histogram by route; rejections and reloads.
#[derive(Default)]
pub(crate) struct Metrics {
    by_route: Mutex<ByRoute>,
    rejected: AtomicU64,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
    syncs_ok: AtomicU64,
    syncs_failed: AtomicU64,
}

/// What the index looks like at scrape time.
pub(crate) struct IndexGauges<'a> {
    pub snapshot: &'a str,
    pub documents: u64,
    pub editions: u64,
    pub passages: u64,
    pub age_seconds: u64,
    pub in_flight: usize,
    pub max_concurrency: usize,
}

impl Metrics {
    pub(crate) fn record(
        &self,
        route: &str,
        method: &Method,
        status: StatusCode,
        latency: Duration,
    ) {
        let method = match *method {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::DELETE => "DELETE",
            Method::OPTIONS => "OPTIONS",
            Method::PATCH => "PATCH",
            _ => "other",
        };
        let secs = latency.as_secs_f64();
        let mut m = match self.by_route.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        *m.requests
            .entry((route.to_owned(), method, status.as_u16()))
            .or_default() += 1;
        let h = m.latency.entry(route.to_owned()).or_default();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            h.buckets[i] += 1;
        }
        h.sum += secs;
        h.count += 1;
    }

    pub(crate) fn record_rejected(&self) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn record_reload(&self, ok: bool) {
        let c = if ok {
            &self.reloads_ok
        } else {
            &self.reloads_failed
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn record_sync(&self, ok: bool) {
        let c = if ok {
            &self.syncs_ok
        } else {
            &self.syncs_failed
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text.
    pub(crate) fn render(&self, g: &IndexGauges<'_>) -> String {
        let mut out = String::with_capacity(4096);
        let m = match self.by_route.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        header(
            &mut out,
            "pinpoint_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status.",
        );
        for ((route, method, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "pinpoint_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        header(
            &mut out,
            "pinpoint_http_request_duration_seconds",
            "histogram",
            "Time from request to response, by route template.",
        );
        for (route, h) in &m.latency {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "pinpoint_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "pinpoint_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 pinpoint_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 pinpoint_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        drop(m);
        let gauges: [(&str, &str, &str, u64); 6] = [
            (
                "pinpoint_index_documents",
                "gauge",
                "Documents in the index being served.",
                g.documents,
            ),
            (
                "pinpoint_index_editions",
                "gauge",
                "Editions in the index being served.",
                g.editions,
            ),
            (
                "pinpoint_index_passages",
                "gauge",
                "Passages in the index being served.",
                g.passages,
            ),
            (
                "pinpoint_index_age_seconds",
                "gauge",
                "Seconds since the served snapshot was built.",
                g.age_seconds,
            ),
            (
                "pinpoint_searches_in_flight",
                "gauge",
                "Index-reading requests running now.",
                g.in_flight as u64,
            ),
            (
                "pinpoint_searches_max_concurrency",
                "gauge",
                "Most index-reading requests allowed at once.",
                g.max_concurrency as u64,
            ),
        ];
        for (name, kind, help, v) in gauges {
            header(&mut out, name, kind, help);
            let _ = writeln!(out, "{name} {v}");
        }
        header(
            &mut out,
            "pinpoint_index_info",
            "gauge",
            "The snapshot being served (always 1).",
        );
        let _ = writeln!(
            out,
            "pinpoint_index_info{{snapshot=\"{}\"}} 1",
            escape(g.snapshot)
        );
        header(
            &mut out,
            "pinpoint_overload_rejections_total",
            "counter",
            "Requests refused with 503 because every search slot was busy.",
        );
        let _ = writeln!(
            out,
            "pinpoint_overload_rejections_total {}",
            self.rejected.load(Ordering::Relaxed)
        );
        header(
            &mut out,
            "pinpoint_index_reloads_total",
            "counter",
            "Index reloads, by result.",
        );
        let _ = writeln!(
            out,
            "pinpoint_index_reloads_total{{result=\"ok\"}} {}\npinpoint_index_reloads_total{{result=\"error\"}} {}",
            self.reloads_ok.load(Ordering::Relaxed),
            self.reloads_failed.load(Ordering::Relaxed)
        );
        header(
            &mut out,
            "pinpoint_syncs_total",
            "counter",
            "Syncs run by the server (POST /api/admin/sync or the schedule), by result.",
        );
        let _ = writeln!(
            out,
            "pinpoint_syncs_total{{result=\"ok\"}} {}\npinpoint_syncs_total{{result=\"error\"}} {}",
            self.syncs_ok.load(Ordering::Relaxed),
            self.syncs_failed.load(Ordering::Relaxed)
        );
        out
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value as the exposition format wants it: backslash, quote and newline escaped.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_counts_and_buckets() {
        let m = Metrics::default();
        let ms = Duration::from_millis;
        m.record("/api/search", &Method::GET, StatusCode::OK, ms(3));
        m.record("/api/search", &Method::GET, StatusCode::OK, ms(30));
        m.record("/api/search", &Method::GET, StatusCode::BAD_REQUEST, ms(1));
        m.record_rejected();
        m.record_sync(true);
        let text = m.render(&IndexGauges {
            snapshot: "s\"1",
            documents: 2,
            editions: 3,
            passages: 10,
            age_seconds: 5,
            in_flight: 0,
            max_concurrency: 4,
        });
        assert!(text.contains(
            "pinpoint_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"} 2\n"
        ));
        assert!(text.contains("status=\"400\"} 1\n"));
        assert!(text.contains(
            "pinpoint_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.005\"} 2\n"
        ));
        assert!(text.contains(
            "pinpoint_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 3\n"
        ));
        assert!(text
            .contains("pinpoint_http_request_duration_seconds_count{route=\"/api/search\"} 3\n"));
        assert!(text.contains("pinpoint_index_passages 10\n"));
        assert!(text.contains("pinpoint_index_info{snapshot=\"s\\\"1\"} 1\n"));
        assert!(text.contains("pinpoint_overload_rejections_total 1\n"));
        assert!(text.contains("pinpoint_syncs_total{result=\"ok\"} 1\n"));
        assert!(text.contains("pinpoint_syncs_total{result=\"error\"} 0\n"));
        // Every sample line is `name{labels} value` or `name value`.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let value = line.rsplit(' ').next().unwrap();
            assert!(value.parse::<f64>().is_ok(), "{line}");
        }
    }
}
