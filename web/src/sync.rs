//! Syncs run by the server: `POST /api/admin/sync` and the `--sync-every` schedule start one in the background,
//! `GET /api/admin/sync` reports it.
//!
//! The server does not know how to sync: the binary hands it a [`SyncJob`] (in [`crate::Settings::sync`]) that
//! runs `pinpoint_sync::sync` with the server's configuration, as [`crate::Settings::reopen`] hands it the index
//! opener. So this crate still never parses a source file or writes the index itself, and does not depend on the
//! fetcher, the parsers or the ingest pipeline.
//!
//! One sync at a time (a second start is refused while one runs). The job runs on a blocking thread; searches keep
//! their own slots and the current snapshot meanwhile. When the job has built a new snapshot, it is swapped in
//! (as `POST /api/admin/reload` does) *before* the run is reported `succeeded`, so a client that sees `succeeded`
//! is searching the new snapshot. A failed or panicking job leaves the previous snapshot serving.

use std::sync::{Arc, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pinpoint_wire::{
    WireSync, WireSyncIndex, WireSyncOutcome, WireSyncSource, WireSyncState, WireSyncStatus,
    WireSyncTrigger,
};

use crate::state::BoxError;
use crate::AppState;

/// Runs one sync to the end (blocking): reports each source's outcome through its argument as the source is done,
/// and returns what became of the index. An `Err` is a sync that could not run or failed as a whole (store
/// locked by another sync, unreadable source list, re-indexing failed).
pub type SyncJob =
    Arc<dyn Fn(&(dyn Fn(WireSyncSource) + Sync)) -> Result<WireSyncIndex, BoxError> + Send + Sync>;

/// The server's syncs: the running one or the last one. Lives in [`AppState`].
#[derive(Debug, Default)]
pub(crate) struct SyncBoard {
    /// Runs started since the server did (numbers the ids).
    started: u64,
    current: Option<Run>,
}

#[derive(Debug)]
struct Run {
    wire: WireSync,
    clock: Instant,
}

impl Run {
    /// The wire form with `seconds` brought up to date while running.
    fn report(&self) -> WireSync {
        let mut w = self.wire.clone();
        if w.state == WireSyncState::Running {
            w.seconds = round_ms(self.clock.elapsed());
        }
        w
    }
}

/// Why a sync was not started.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncStartError {
    /// The server was started without a way to sync.
    #[error("this server cannot sync (no sync configured)")]
    NotConfigured,
    /// One is running; here it is.
    #[error("sync {} is still running", .0.id)]
    Running(Box<WireSync>),
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn round_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

impl AppState {
    fn board(&self) -> MutexGuard<'_, SyncBoard> {
        // A panic while holding the lock cannot leave the board half-written in a way that matters: every update
        // is a single assignment or push.
        match self.sync_board().lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Starts a sync in the background with [`crate::Settings::sync`], unless one is running. Returns the run as
    /// it starts (state `running`). Must be called within the server's tokio runtime.
    pub fn start_sync(&self, trigger: WireSyncTrigger) -> Result<WireSync, SyncStartError> {
        let job = self
            .settings()
            .sync
            .clone()
            .ok_or(SyncStartError::NotConfigured)?;
        let wire = {
            let mut board = self.board();
            if let Some(run) = board
                .current
                .as_ref()
                .filter(|r| r.wire.state == WireSyncState::Running)
            {
                return Err(SyncStartError::Running(Box::new(run.report())));
            }
            board.started += 1;
            let started_at = now_secs();
            let wire = WireSync {
                id: format!("{started_at}-{}", board.started),
                state: WireSyncState::Running,
                trigger,
                started_at,
                finished_at: None,
                seconds: 0.0,
                snapshot_before: self.searcher().index().info().name.clone(),
                snapshot_after: None,
                sources: Vec::new(),
                failed_sources: 0,
                index: None,
                error: None,
            };
            board.current = Some(Run {
                wire: wire.clone(),
                clock: Instant::now(),
            });
            wire
        };
        tracing::info!(sync = %wire.id, ?trigger, "sync started");
        let state = self.clone();
        let id = wire.id.clone();
        tokio::spawn(async move { state.run_sync(id, job).await });
        Ok(wire)
    }

    async fn run_sync(self, id: String, job: SyncJob) {
        let reporter = self.clone();
        let run_id = id.clone();
        let ran = tokio::task::spawn_blocking(move || {
            let progress = move |source: WireSyncSource| reporter.record_source(&run_id, source);
            job(&progress)
        })
        .await;
        let outcome = match ran {
            Ok(Ok(index)) => Ok(index),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => {
                Err("the sync failed inside the server (it panicked or was cancelled)".into())
            }
        };
        // Serve the new snapshot before saying the sync succeeded.
        let outcome = match outcome {
            Ok(index) if index.rebuilt => match self.reload().await {
                Ok(_) => Ok(index),
                Err(e) => Err(format!(
                    "synced, but the new snapshot could not be served ({e}); the previous one still is"
                )),
            },
            other => other,
        };
        self.metrics().record_sync(outcome.is_ok());
        let snapshot = self.searcher().index().info().name.clone();
        let mut board = self.board();
        let Some(run) = board.current.as_mut().filter(|r| r.wire.id == id) else {
            return;
        };
        let w = &mut run.wire;
        w.finished_at = Some(now_secs());
        w.seconds = round_ms(run.clock.elapsed());
        w.snapshot_after = Some(snapshot);
        match outcome {
            Ok(index) => {
                tracing::info!(sync = %id, rebuilt = index.rebuilt, failed_sources = w.failed_sources,
                    seconds = w.seconds, "sync finished");
                w.state = WireSyncState::Succeeded;
                w.index = Some(index);
            }
            Err(error) => {
                tracing::error!(sync = %id, %error, "sync failed; the previous snapshot keeps serving");
                w.state = WireSyncState::Failed;
                w.error = Some(error);
            }
        }
    }

    fn record_source(&self, id: &str, source: WireSyncSource) {
        if source.outcome == WireSyncOutcome::Failed {
            tracing::warn!(sync = %id, doc = %source.doc_id, from = %source.from,
                reason = source.reason.as_deref().unwrap_or(""), "sync: source failed");
        }
        let mut board = self.board();
        if let Some(run) = board.current.as_mut().filter(|r| r.wire.id == id) {
            if source.outcome == WireSyncOutcome::Failed {
                run.wire.failed_sources += 1;
            }
            run.wire.sources.push(source);
        }
    }

    /// The running sync, or else the last one, and the schedule.
    pub fn sync_status(&self) -> WireSyncStatus {
        WireSyncStatus {
            sync: self.board().current.as_ref().map(Run::report),
            every_seconds: self
                .settings()
                .sync
                .as_ref()
                .and(self.settings().sync_every)
                .map(|d| d.as_secs()),
        }
    }
}

/// Starts a sync every `every` (the first one `every` after start-up), skipping a turn while one is still running.
pub(crate) async fn schedule(state: AppState, every: Duration) {
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match state.start_sync(WireSyncTrigger::Schedule) {
            Ok(_) => {}
            Err(SyncStartError::Running(run)) => {
                tracing::info!(running = %run.id, "scheduled sync skipped: one is still running")
            }
            Err(SyncStartError::NotConfigured) => return,
        }
    }
}

/// Reads a duration as people write one: a whole number with a unit, `90s`, `30m`, `6h`, `1d`, or several
/// (`1h30m`). At least a minute: a schedule is for keeping up with publishers, not for polling them.
pub fn parse_every(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "{text:?} is not a duration like 30m, 6h, 1d or 1h30m (s, m, h, d; at least 1 minute)"
        )
    };
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(bad)?;
        number.clear();
        any = true;
    }
    if !any || !number.is_empty() || total < 60 {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(parse_every("6h"), Ok(Duration::from_secs(6 * 3600)));
        assert_eq!(parse_every("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_every(" 1d "), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_every("90s"), Ok(Duration::from_secs(90)));
        for bad in [
            "",
            "6",
            "h",
            "30s",
            "5 m",
            "1w",
            "-1h",
            "99999999999999999999d",
        ] {
            assert!(parse_every(bad).is_err(), "{bad}");
        }
    }

    fn job(
        f: impl Fn(&(dyn Fn(WireSyncSource) + Sync)) -> Result<WireSyncIndex, BoxError>
            + Send
            + Sync
            + 'static,
    ) -> SyncJob {
        Arc::new(f)
    }

    fn source(doc: &str, outcome: WireSyncOutcome) -> WireSyncSource {
        WireSyncSource {
            doc_id: doc.into(),
            edition: None,
            from: format!("mirror:{doc}.pdf"),
            sha256: None,
            outcome,
            reason: (outcome == WireSyncOutcome::Failed).then(|| "404".into()),
        }
    }

    async fn finished(state: &AppState) -> WireSync {
        for _ in 0..500 {
            let s = state.sync_status().sync.unwrap();
            if s.state != WireSyncState::Running {
                return s;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("sync did not finish");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_sync_at_a_time_with_progress_then_the_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = std::sync::Mutex::new(wait);
        let settings = crate::Settings {
            sync: Some(job(move |progress| {
                progress(source("kcsie", WireSyncOutcome::NewEdition));
                progress(source("gone", WireSyncOutcome::Failed));
                wait.lock().unwrap().recv().map_err(|e| e.to_string())?;
                Ok(WireSyncIndex::up_to_date())
            })),
            sync_every: Some(Duration::from_secs(3600)),
            ..crate::Settings::default()
        };
        let state = crate::testutil::state(dir.path(), settings);
        assert_eq!(state.sync_status().sync, None);
        let run = state.start_sync(WireSyncTrigger::Api).unwrap();
        assert_eq!(run.state, WireSyncState::Running);
        assert!(!run.snapshot_before.is_empty());
        match state.start_sync(WireSyncTrigger::Schedule) {
            Err(SyncStartError::Running(r)) => assert_eq!(r.id, run.id),
            other => panic!("{other:?}"),
        }
        // Progress is visible while it runs.
        for _ in 0..500 {
            if state.sync_status().sync.unwrap().sources.len() == 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let status = state.sync_status();
        assert_eq!(status.every_seconds, Some(3600));
        let running = status.sync.unwrap();
        assert_eq!(running.state, WireSyncState::Running);
        assert_eq!(running.failed_sources, 1);
        assert_eq!(running.sources[0].outcome, WireSyncOutcome::NewEdition);
        release.send(()).unwrap();
        let done = finished(&state).await;
        assert_eq!(done.state, WireSyncState::Succeeded);
        assert_eq!(done.index, Some(WireSyncIndex::up_to_date()));
        assert_eq!(
            done.snapshot_after.as_deref(),
            Some(run.snapshot_before.as_str())
        );
        assert!(done.finished_at.is_some() && done.error.is_none());
        // Finished: another may start, with a new id.
        drop(release);
        let again = state.start_sync(WireSyncTrigger::Api).unwrap();
        assert_ne!(again.id, run.id);
        let failed = finished(&state).await;
        assert_eq!(
            failed.state,
            WireSyncState::Failed,
            "the job's channel is closed now"
        );
        assert!(failed.error.is_some());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_or_panicking_job_is_reported_and_nothing_is_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let settings = crate::Settings {
            sync: Some(job(|_| {
                Err("another sync is running on the store at data/store".into())
            })),
            ..crate::Settings::default()
        };
        let state = crate::testutil::state(dir.path(), settings);
        let before = state.searcher().index().info().name.clone();
        state.start_sync(WireSyncTrigger::Api).unwrap();
        let done = finished(&state).await;
        assert_eq!(done.state, WireSyncState::Failed);
        assert!(done.error.unwrap().contains("another sync is running"));
        assert_eq!(state.searcher().index().info().name, before);

        let dir = tempfile::tempdir().unwrap();
        let settings = crate::Settings {
            sync: Some(job(|_| panic!("parser exploded"))),
            ..crate::Settings::default()
        };
        let state = crate::testutil::state(dir.path(), settings);
        state.start_sync(WireSyncTrigger::Api).unwrap();
        let done = finished(&state).await;
        assert_eq!(done.state, WireSyncState::Failed);
        assert!(done.error.unwrap().contains("panicked"));

        let dir = tempfile::tempdir().unwrap();
        let state = crate::testutil::state(dir.path(), crate::Settings::default());
        assert_eq!(
            state.start_sync(WireSyncTrigger::Api),
            Err(SyncStartError::NotConfigured)
        );
        assert_eq!(state.sync_status().every_seconds, None);
    }
}
