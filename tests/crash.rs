//! Crash safety of ingest: `kill -9` at several points of a real-corpus ingest, and a disk that fills up during
//! one. Afterwards the previous snapshot must still be `CURRENT`, open and answer; nothing half-built may be
//! visible; and the next ingest must succeed by itself and clear what the dead one left behind.
//!
//! The full disk is a real one where the test may mount a small tmpfs (root on Linux); elsewhere the ingest runs
//! under a file-size limit (RLIMIT_FSIZE with SIGXFSZ ignored), so its writes fail with EFBIG instead of ENOSPC:
//! the same failure from the program's side, a write that cannot complete.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{on_real_corpus, pinpoint, raw, real_sources};

fn run(index: &Path, args: &[&str]) -> Output {
    on_real_corpus(index, args).output().expect("runs pinpoint")
}

fn ingest(index: &Path) -> Output {
    let out = run(index, &["ingest"]);
    assert!(
        out.status.success(),
        "ingest failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn current(index: &Path) -> String {
    std::fs::read_to_string(index.join("CURRENT"))
        .expect("CURRENT")
        .trim()
        .to_owned()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn building(index: &Path) -> Vec<String> {
    entries(&index.join("snapshots"))
        .into_iter()
        .filter(|n| n.starts_with(".building-"))
        .collect()
}

/// The index answers a question the real corpus answers, with a hit from KCSIE.
fn assert_serves(index: &Path, when: &str) {
    assert_answers(
        index,
        &real_sources(),
        "what is transferable risk?",
        "kcsie",
        when,
    );
}

/// `question` gets at least one hit, one of them from `doc`.
fn assert_answers(index: &Path, sources: &Path, question: &str, doc: &str, when: &str) {
    let out = pinpoint(index, &raw(), sources, &["search", "--json", question])
        .output()
        .expect("runs pinpoint");
    assert!(
        out.status.success(),
        "{when}: search failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("JSON answer");
    let hits = answer["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "{when}: no hits");
    assert!(
        hits.iter().any(|h| h["doc_id"] == doc),
        "{when}: {doc} no longer answers: {answer}"
    );
}

/// Waits until `ready` says so (polling), then kills the child with SIGKILL. Returns whether the kill stopped it,
/// false if it had finished first.
fn kill_when(child: &mut Child, ready: impl Fn() -> bool, limit: Duration) -> bool {
    let t = Instant::now();
    while !ready() && t.elapsed() < limit {
        if child.try_wait().expect("try_wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    // `Child::kill` sends SIGKILL on Unix: no destructor, no cleanup, as in a power cut of the process. The child
    // may still finish between the last poll and the signal; its exit status says which happened.
    let _ = child.kill();
    let status = child.wait().expect("wait");
    !status.success()
}

/// Kills a running ingest at some point; true if it was still running then.
type KillPoint<'a> = Box<dyn Fn(&mut Child) -> bool + 'a>;

#[test]
fn ingest_killed_at_any_point_leaves_the_previous_index_serving_and_the_next_run_recovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    ingest(&index);
    // The runs killed below find this index live and reuse what it holds, as a second run does: time that one.
    let t = Instant::now();
    ingest(&index);
    let full = t.elapsed();
    let good = current(&index);
    assert_serves(&index, "before");

    let snapshots = index.join("snapshots");
    // Points to kill at: as soon as it starts; once the first document has been parsed; once the new snapshot's
    // tantivy files are being written; and late, at nine tenths of a full ingest.
    let started = || !building(&index).is_empty();
    let tantivy_writing = || {
        building(&index).iter().any(|b| {
            entries(&snapshots.join(b).join("tantivy"))
                .iter()
                .any(|f| f.ends_with(".idx") || f.ends_with(".store") || f.ends_with(".pos"))
        })
    };
    let points: [(&str, KillPoint); 4] = [
        (
            "at start",
            Box::new(|c: &mut Child| kill_when(c, started, full * 2)),
        ),
        (
            "after the first document",
            Box::new(|c: &mut Child| {
                // Parsing runs on every core; a third of the way through is well inside it.
                let at = Instant::now() + full / 3;
                kill_when(c, || Instant::now() >= at, full * 2)
            }),
        ),
        (
            "while tantivy writes",
            Box::new(|c: &mut Child| kill_when(c, tantivy_writing, full * 2)),
        ),
        (
            "at nine tenths",
            Box::new(|c: &mut Child| {
                let at = Instant::now() + full.mul_f64(0.9);
                kill_when(c, || Instant::now() >= at, full * 2)
            }),
        ),
    ];
    let mut killed_running = 0;
    for (when, kill) in points {
        let mut child = on_real_corpus(&index, &["ingest"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ingest");
        if kill(&mut child) {
            killed_running += 1;
            assert_eq!(
                current(&index),
                good,
                "{when}: CURRENT moved though ingest never finished"
            );
        } else {
            // It finished before the kill: then the new snapshot must be complete.
            assert!(!current(&index).starts_with('.'), "{when}");
        }
        let live = current(&index);
        assert!(
            !live.starts_with(".building") && snapshots.join(&live).join("meta.json").is_file(),
            "{when}: CURRENT names {live:?}"
        );
        assert_serves(&index, when);
    }
    assert!(
        killed_running >= 3,
        "only {killed_running} of 4 kills hit a running ingest: the kill points are too late"
    );

    let out = ingest(&index);
    assert!(
        building(&index).is_empty(),
        "the next ingest left {:?} (stdout {})",
        building(&index),
        String::from_utf8_lossy(&out.stdout)
    );
    assert_ne!(
        current(&index),
        good,
        "the next ingest made a new snapshot live"
    );
    assert_serves(&index, "after recovery");
    // Only the live snapshot and the one before it are kept.
    let named: Vec<String> = entries(&snapshots)
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(named.len() <= 2, "{named:?}");
}

/// A small tmpfs mounted for the test and unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, bytes: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn free_bytes(path: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .expect("df");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df figure")
}

/// The real source list cut down to its GOV.UK Content API documents (27 of the 43 editions, the quickest to
/// parse), written to `dir`.
fn json_sources(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(real_sources()).expect("sources.toml");
    let mut list: toml::Table = toml::from_str(&text).expect("valid TOML");
    let docs = list
        .get_mut("document")
        .and_then(|d| d.as_array_mut())
        .expect("[[document]]");
    docs.retain(|d| {
        d.get("edition")
            .and_then(|e| e.as_array())
            .is_some_and(|eds| {
                eds.iter()
                    .all(|e| e.get("format").and_then(|f| f.as_str()) == Some("govuk-json"))
            })
    });
    assert!(docs.len() >= 20, "{} GOV.UK documents", docs.len());
    let path = dir.join("sources.toml");
    std::fs::write(&path, toml::to_string(&list).expect("TOML")).expect("write sources");
    path
}

#[test]
fn a_full_disk_fails_the_ingest_cleanly_and_the_previous_index_serves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sources = json_sources(dir.path());
    let mirror = raw();
    let ingest_subset = |index: &Path| -> Output {
        pinpoint(index, &mirror, &sources, &["ingest"])
            .output()
            .expect("runs pinpoint")
    };
    let serves = |index: &Path, when: &str| {
        assert_answers(
            index,
            &sources,
            "written reasons for dismissal",
            "govuk-dismissal",
            when,
        )
    };
    let mount = dir.path().join("disk");
    let tmpfs = Tmpfs::mount(&mount, 16 << 20);
    let index = if tmpfs.is_some() {
        mount.join("index")
    } else {
        dir.path().join("index")
    };
    let first = ingest_subset(&index);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let good = current(&index);
    serves(&index, "before");

    let failed = if tmpfs.is_some() {
        // Fill the disk, leaving 64 kB: the next snapshot (about a megabyte) cannot be written.
        let free = free_bytes(&mount);
        let filler = mount.join("filler");
        std::fs::write(&filler, vec![0u8; free.saturating_sub(64 << 10) as usize]).expect("fill");
        eprintln!("full disk: tmpfs with {} bytes free", free_bytes(&mount));
        let out = ingest_subset(&index);
        std::fs::remove_file(&filler).expect("remove filler");
        out
    } else {
        // No mount allowed: the same failure as a write error, through a file-size limit.
        eprintln!("full disk: RLIMIT_FSIZE of 64 kB (could not mount a tmpfs)");
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("trap '' XFSZ; exec prlimit --fsize=65536 -- \"$@\"")
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_pinpoint"))
            .arg("--index")
            .arg(&index)
            .arg("--mirror")
            .arg(&mirror)
            .arg("--sources")
            .arg(&sources)
            .arg("ingest")
            .env("CI", "1");
        c.output().expect("runs pinpoint")
    };
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(
        failed.status.code(),
        Some(2),
        "a failed write is a fatal error, exit 2: {stderr}"
    );
    let lower = stderr.to_lowercase();
    assert!(
        lower.contains("no space") || lower.contains("too large") || lower.contains("quota"),
        "the error says why: {stderr}"
    );
    assert_eq!(current(&index), good, "CURRENT unchanged");
    assert!(
        building(&index).is_empty(),
        "the failed build was removed: {:?}",
        building(&index)
    );
    serves(&index, "after the full disk");

    // Space again: the next ingest succeeds by itself.
    let again = ingest_subset(&index);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_ne!(current(&index), good);
    assert!(building(&index).is_empty());
    serves(&index, "after recovery");
    drop(tmpfs);
}
