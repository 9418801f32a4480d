//! What every request handler shares: the current searcher (swappable), the service's settings, the search limiter
//! and the metrics.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use pinpoint_search::Searcher;
use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};

use crate::ops::metrics::Metrics;
use crate::sync::{SyncBoard, SyncJob};

/// Error type of a [`Reopen`] function: whatever the binary's opener fails with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Opens the index at its current snapshot, as the binary does at start-up (with its thesaurus). Called on reload;
/// it blocks (it reads the disk), so the server calls it on a blocking thread.
pub type Reopen = Arc<dyn Fn() -> Result<Searcher, BoxError> + Send + Sync>;

/// How the service behaves under load and who may administer it. [`Settings::default`] suits a small machine.
#[derive(Clone)]
pub struct Settings {
    /// Most index-reading requests (searches, outlines, passages) running at once; more wait in a queue.
    pub max_concurrency: usize,
    /// How long a request may wait for a free slot before it is refused with 503 and `Retry-After`. Short: an
    /// advisor on a call is better served by "try again" than by a spinner.
    pub queue_wait: Duration,
    /// Whole-request deadline; beyond it the client gets 503 (the blocking search finishes and is discarded).
    pub request_timeout: Duration,
    /// Largest request body accepted (413 beyond): room for a batch of saved citations to
    /// `POST /api/citations/check`, and a stop to floods.
    pub body_limit: usize,
    /// Longest request target (path and query) accepted (414 beyond). Above the search's own question limit, so
    /// that an over-long question gets a 400 that says why.
    pub uri_limit: usize,
    /// Log the question text itself, not only its hash. Off by default: callers' questions carry personal details.
    pub log_queries: bool,
    /// Bearer token of the `/api/admin/*` endpoints; `None` disables them (404).
    pub admin_token: Option<String>,
    /// The index directory, whose `CURRENT` pointer is watched; `None` disables watching.
    pub index_root: Option<PathBuf>,
    /// How often `CURRENT` is checked for a new snapshot.
    pub watch_interval: Duration,
    /// How to re-open the index; `None` disables reloading (the admin endpoint then answers 503).
    pub reopen: Option<Reopen>,
    /// How to run a sync (`POST /api/admin/sync`, the schedule); `None` disables syncing (503).
    pub sync: Option<SyncJob>,
    /// Start a sync this often (the first one this long after start-up); `None`: only on request.
    pub sync_every: Option<Duration>,
}

impl Settings {
    /// Default concurrency: searches are CPU-bound, so about two per core keeps every core busy while one request
    /// waits on the disk, without letting a flood thrash the machine.
    pub fn default_max_concurrency() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_concurrency: Settings::default_max_concurrency(),
            queue_wait: Duration::from_millis(1000),
            request_timeout: Duration::from_secs(10),
            body_limit: 16 * 1024,
            uri_limit: 16 * 1024,
            log_queries: false,
            admin_token: None,
            index_root: None,
            watch_interval: Duration::from_secs(2),
            reopen: None,
            sync: None,
            sync_every: None,
        }
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("Settings")
            .field("max_concurrency", &self.max_concurrency)
            .field("queue_wait", &self.queue_wait)
            .field("request_timeout", &self.request_timeout)
            .field("body_limit", &self.body_limit)
            .field("uri_limit", &self.uri_limit)
            .field("log_queries", &self.log_queries)
            .field("admin_token", &self.admin_token.as_ref().map(|_| "<set>"))
            .field("index_root", &self.index_root)
            .field("watch_interval", &self.watch_interval)
            .field("reopen", &self.reopen.is_some())
            .field("sync", &self.sync.is_some())
            .field("sync_every", &self.sync_every)
            .finish()
    }
}

/// Shared, cheaply cloned state. The searcher sits behind a lock only so that a new index snapshot can replace it
/// atomically; a request takes an `Arc` to the current searcher and keeps it for its whole life, so a swap never
/// fails a request in flight.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    searcher: RwLock<Arc<Searcher>>,
    settings: Settings,
    limiter: Arc<Semaphore>,
    metrics: Metrics,
    /// One reload at a time (the admin endpoint and the watcher may both try).
    reloading: Mutex<()>,
    /// The running or last sync (a std mutex: the sync's blocking thread reports into it).
    syncs: std::sync::Mutex<SyncBoard>,
    /// Salt of the query hashes in the logs, fresh per process: short questions cannot be looked up in a table of
    /// precomputed hashes, yet repeats of one question can still be told apart within a run.
    query_salt: [u8; 16],
}

/// The search slots are all taken and none came free within [`Settings::queue_wait`].
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("too many searches at once; try again in a moment")]
pub struct Overloaded;

/// Why [`AppState::run_blocking`] produced no result.
#[derive(Debug, thiserror::Error)]
pub enum BlockingError {
    /// No free slot (answer 503 with `Retry-After`).
    #[error(transparent)]
    Overloaded(#[from] Overloaded),
    /// The work panicked or was cancelled (answer 500).
    #[error("the request failed inside the server")]
    Failed,
}

impl AppState {
    /// State serving `searcher` with default [`Settings`] (no admin token, no reloading, no watching).
    pub fn new(searcher: Searcher) -> AppState {
        AppState::with_settings(searcher, Settings::default())
    }

    /// State serving `searcher` with `settings`.
    pub fn with_settings(searcher: Searcher, settings: Settings) -> AppState {
        let limiter = Arc::new(Semaphore::new(settings.max_concurrency.max(1)));
        AppState {
            inner: Arc::new(Inner {
                searcher: RwLock::new(Arc::new(searcher)),
                limiter,
                metrics: Metrics::default(),
                reloading: Mutex::new(()),
                syncs: std::sync::Mutex::new(SyncBoard::default()),
                query_salt: fresh_salt(),
                settings,
            }),
        }
    }

    /// The searcher to use for this request.
    pub fn searcher(&self) -> Arc<Searcher> {
        // A poisoned lock still holds a valid `Arc`: a panic elsewhere cannot leave it half-written.
        match self.inner.searcher.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Makes `searcher` the one every later request uses; requests in flight finish on the old one.
    pub fn replace_searcher(&self, searcher: Searcher) {
        let new = Arc::new(searcher);
        match self.inner.searcher.write() {
            Ok(mut guard) => *guard = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
    }

    /// The service's settings.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub(crate) fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    pub(crate) fn sync_board(&self) -> &std::sync::Mutex<SyncBoard> {
        &self.inner.syncs
    }

    pub(crate) fn query_salt(&self) -> &[u8; 16] {
        &self.inner.query_salt
    }

    /// Index-reading requests running now.
    pub fn in_flight(&self) -> usize {
        self.inner.settings.max_concurrency.max(1) - self.inner.limiter.available_permits()
    }

    /// Waits (at most [`Settings::queue_wait`]) for a search slot.
    pub async fn acquire_slot(&self) -> Result<OwnedSemaphorePermit, Overloaded> {
        let sem = Arc::clone(&self.inner.limiter);
        if let Ok(permit) = Arc::clone(&sem).try_acquire_owned() {
            return Ok(permit);
        }
        match tokio::time::timeout(self.inner.settings.queue_wait, sem.acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                self.inner.metrics.record_rejected();
                Err(Overloaded)
            }
        }
    }

    /// Runs index-reading work `f` on a blocking thread, holding a search slot, with the current searcher. Use it
    /// for anything that reads the index (search, outline, passages): it is CPU-bound and must not stall the async
    /// runtime, and the slot bounds how many run at once. The UI's handlers should use it too.
    pub async fn run_blocking<T, F>(&self, f: F) -> Result<T, BlockingError>
    where
        F: FnOnce(&Searcher) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.acquire_slot().await?;
        let searcher = self.searcher();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&searcher)
        })
        .await
        .map_err(|_| BlockingError::Failed)
    }

    /// Re-opens the index at its current snapshot (with [`Settings::reopen`]) and swaps it in. One reload runs at a
    /// time. Returns the snapshot names before and after.
    pub async fn reload(&self) -> Result<(String, String), ReloadError> {
        let reopen = self
            .inner
            .settings
            .reopen
            .clone()
            .ok_or(ReloadError::NotConfigured)?;
        let _one_at_a_time = self.inner.reloading.lock().await;
        let previous = self.searcher().index().info().name.clone();
        let opened = tokio::task::spawn_blocking(move || reopen()).await;
        let searcher = match opened {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => {
                self.inner.metrics.record_reload(false);
                return Err(ReloadError::Open(e.to_string()));
            }
            Err(_) => {
                self.inner.metrics.record_reload(false);
                return Err(ReloadError::Open("the index opener panicked".into()));
            }
        };
        let now = searcher.index().info().name.clone();
        self.replace_searcher(searcher);
        self.inner.metrics.record_reload(true);
        Ok((previous, now))
    }
}

/// Why a reload failed; the old snapshot keeps serving.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The service was started without a way to re-open the index.
    #[error("this server cannot reload its index (no index opener configured)")]
    NotConfigured,
    /// Opening the new snapshot failed.
    #[error("could not open the index: {0}")]
    Open(String),
}

/// Sixteen bytes that differ between runs, without a random-number crate: the standard library seeds each
/// `RandomState` from the operating system's randomness.
fn fresh_salt() -> [u8; 16] {
    use std::hash::{BuildHasher, Hasher};
    let mut out = [0u8; 16];
    for chunk in out.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    out
}
