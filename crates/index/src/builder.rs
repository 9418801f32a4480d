//! Building a snapshot and switching `CURRENT` to it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use pinpoint_model::{DocId, Edition, EditionId, Passage};
use tantivy::{IndexWriter, TantivyDocument};

use crate::error::{corrupt, IoContext, Result};
use crate::records::{EditionRecord, LocatorRecord, MetaRecord, FORMAT};
use crate::schema::{self, Fields};
use crate::{Error, Index, SnapshotInfo};

pub(crate) const SNAPSHOTS: &str = "snapshots";
pub(crate) const CURRENT: &str = "CURRENT";
pub(crate) const META: &str = "meta.json";
/// The tantivy index lives in its own subdirectory: tantivy keeps a `meta.json` of its own.
pub(crate) const TANTIVY_DIR: &str = "tantivy";
const BUILDING_PREFIX: &str = ".building-";

/// Memory for the tantivy writer. One thread: the machine is shared, and ingest is dominated by parsing anyway.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

static BUILD_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Builds a new snapshot of the index beside the live one, then makes it live in one atomic step.
///
/// The snapshot is written into `root/snapshots/.building-<unique>`, which readers never look at. Dropping the
/// builder without [`commit`](SnapshotBuilder::commit)ting deletes that directory and leaves the live snapshot
/// untouched. One builder per root at a time is assumed (ingest is a single command); a builder's leftovers from a
/// crashed process are deleted when the next builder is created.
pub struct SnapshotBuilder {
    root: PathBuf,
    dir: PathBuf,
    writer: Option<IndexWriter<TantivyDocument>>,
    fields: Fields,
    editions: Vec<EditionRecord>,
    seen: HashSet<(DocId, EditionId)>,
    passages: u64,
    finished: bool,
    producer: Option<String>,
}

impl SnapshotBuilder {
    /// Starts an empty snapshot under `root` (created if missing), cleaning any half-built snapshot a crashed
    /// process left behind.
    pub fn create(root: impl AsRef<Path>) -> Result<SnapshotBuilder> {
        let root = root.as_ref().to_path_buf();
        let snapshots = root.join(SNAPSHOTS);
        fs::create_dir_all(&snapshots).at(&snapshots)?;
        clean_leftovers(&snapshots)?;

        let unique = format!(
            "{BUILDING_PREFIX}{}-{}-{}",
            std::process::id(),
            now().as_nanos(),
            BUILD_COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let dir = snapshots.join(unique);
        let tantivy_dir = dir.join(TANTIVY_DIR);
        fs::create_dir_all(&tantivy_dir).at(&tantivy_dir)?;

        let (schema, fields) = schema::build_schema();
        let index = tantivy::Index::create_in_dir(&tantivy_dir, schema)?;
        index
            .tokenizers()
            .register(schema::ANALYZER, schema::analyzer());
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        Ok(SnapshotBuilder {
            root,
            dir,
            writer: Some(writer),
            fields,
            editions: Vec::new(),
            seen: HashSet::new(),
            passages: 0,
            finished: false,
            producer: None,
        })
    }

    /// Adds one edition's passages, in document order: the order given becomes the passages' ordinals, which
    /// neighbours and outlines follow.
    pub fn add_edition(&mut self, edition: &Edition, passages: &[Passage]) -> Result<()> {
        if !self.seen.insert((edition.doc.clone(), edition.id)) {
            return Err(Error::DuplicateEdition {
                doc: edition.doc.to_string(),
                edition: edition.id.to_string(),
            });
        }
        let f = self.fields;
        let writer = self
            .writer
            .as_ref()
            .ok_or_else(|| corrupt("builder already finished"))?;
        let doc = edition.doc.as_str();
        let ed = edition.id.to_string();
        let key = schema::edition_key(doc, &ed);
        for (ordinal, p) in passages.iter().enumerate() {
            let mut d = TantivyDocument::new();
            d.add_text(f.id, p.id.as_str());
            d.add_text(f.doc, doc);
            d.add_text(f.edition, &ed);
            d.add_text(f.edition_key, &key);
            d.add_text(f.kind, edition.kind.as_str());
            d.add_text(f.title, &edition.title);
            d.add_text(f.cite_as, &edition.cite_as);
            d.add_text(
                f.heading,
                p.locator.heading.as_slice().join(schema::HEADING_SEPARATOR),
            );
            d.add_text(f.text, &p.text);
            for k in schema::label_keys(&p.locator.label) {
                d.add_text(f.label, k);
            }
            let locator = serde_json::to_string(&LocatorRecord::from_model(&p.locator))
                .map_err(|e| corrupt(format!("cannot serialise locator: {e}")))?;
            d.add_text(f.locator, locator);
            d.add_text(f.url, &edition.url);
            d.add_text(f.source, &edition.source);
            d.add_u64(f.ordinal, ordinal as u64);
            if let Err(e) = writer.add_document(d) {
                return Err(explain_write_failure(&self.dir, e));
            }
        }
        self.passages += passages.len() as u64;
        self.editions
            .push(EditionRecord::from_model(edition, passages.len() as u64));
        Ok(())
    }

    /// [`add_edition`](SnapshotBuilder::add_edition), recording the SHA-256 of the source file the passages were
    /// read from in the snapshot's meta, so a later sync can tell which editions' files changed
    /// ([`Index::source_sha256s`]) and re-index only those.
    pub fn add_edition_from_source(
        &mut self,
        edition: &Edition,
        passages: &[Passage],
        source_sha256: &str,
    ) -> Result<()> {
        self.add_edition(edition, passages)?;
        if let Some(record) = self.editions.last_mut() {
            record.source_sha256 = Some(source_sha256.to_owned());
        }
        Ok(())
    }

    /// Copies one edition of `index` (the live snapshot) into this one, passages and order unchanged: the way to
    /// re-index only what changed. `source_sha256` is recorded as the SHA-256 of the file the passages were read
    /// from, or nothing when `None`: the caller decides whether the copied passages still vouch for that file (they
    /// do not when other parsers made them). Returns how many passages were copied.
    pub fn copy_edition(
        &mut self,
        index: &Index,
        edition: &Edition,
        source_sha256: Option<&str>,
    ) -> Result<usize> {
        let passages: Vec<Passage> = index
            .passages_of(&edition.doc, edition.id)?
            .into_iter()
            .map(|s| s.passage)
            .collect();
        match source_sha256 {
            Some(sha) => self.add_edition_from_source(edition, &passages, sha)?,
            None => self.add_edition(edition, &passages)?,
        }
        Ok(passages.len())
    }

    /// Records what made the passages (e.g. the version of the parsers), opaque to the index: a caller that
    /// copies editions from the live snapshot instead of re-reading their files ([`Index::producer`]) can tell
    /// when the passages would now come out differently.
    pub fn set_producer(&mut self, producer: impl Into<String>) {
        self.producer = Some(producer.into());
    }

    /// Finishes the snapshot and makes it the live one.
    ///
    /// Invariant: a reader never sees a half-built index. The snapshot is complete and flushed (tantivy commit,
    /// `meta.json` fsynced) before it is renamed to its final name, and only then is `CURRENT` replaced, by
    /// writing a temporary file, fsyncing it, renaming it over `CURRENT` and fsyncing the directory. A reader
    /// opening the index therefore sees either the old snapshot or the new one, whole; a crash at any point leaves
    /// the old one live. Snapshots are never modified once named, so a reader that opened the old one keeps a
    /// consistent view; the previous snapshot is kept and older ones are deleted.
    pub fn commit(mut self) -> Result<SnapshotInfo> {
        let mut writer = self
            .writer
            .take()
            .ok_or_else(|| corrupt("builder already finished"))?;
        writer
            .commit()
            .map_err(|e| explain_write_failure(&self.dir, e))?;
        writer
            .wait_merging_threads()
            .map_err(|e| explain_write_failure(&self.dir, e))?;

        let created = now().as_secs();
        let meta = MetaRecord {
            format: FORMAT,
            created,
            passages: self.passages,
            editions: self.editions.clone(),
            producer: self.producer.clone(),
        };
        let json = serde_json::to_vec_pretty(&meta)
            .map_err(|e| corrupt(format!("cannot serialise meta: {e}")))?;
        write_synced(&self.dir.join(META), &json)?;
        sync_dir(&self.dir)?;

        let snapshots = self.root.join(SNAPSHOTS);
        let name = unique_snapshot_name(&snapshots);
        let final_dir = snapshots.join(&name);
        fs::rename(&self.dir, &final_dir).at(&final_dir)?;
        self.finished = true;
        sync_dir(&snapshots)?;

        let previous = read_current(&self.root)?;
        let current = self.root.join(CURRENT);
        let tmp = self
            .root
            .join(format!("{CURRENT}.tmp-{}", std::process::id()));
        write_synced(&tmp, format!("{name}\n").as_bytes())?;
        fs::rename(&tmp, &current).at(&current)?;
        sync_dir(&self.root)?;

        prune(&snapshots, &name, previous.as_deref());

        let editions = meta
            .editions
            .iter()
            .map(|r| {
                Ok(crate::EditionStats {
                    edition: r.to_model()?,
                    passages: r.passages,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SnapshotInfo {
            name,
            path: final_dir,
            created,
            passages: self.passages,
            editions,
        })
    }
}

impl Drop for SnapshotBuilder {
    fn drop(&mut self) {
        // The writer holds files open and runs merge threads: stop it before deleting its directory.
        drop(self.writer.take());
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Index {
    /// The SHA-256 of the source file each edition was read from, for the editions added with
    /// [`SnapshotBuilder::add_edition_from_source`] (others are absent). Read from the snapshot's `meta.json`.
    pub fn source_sha256s(&self) -> Result<HashMap<(DocId, EditionId), String>> {
        let path = self.info().path.join(META);
        let meta: MetaRecord = serde_json::from_slice(&fs::read(&path).at(&path)?)
            .map_err(|e| corrupt(format!("{}: {e}", path.display())))?;
        let mut out = HashMap::new();
        for r in meta.editions {
            if let Some(sha) = r.source_sha256.clone() {
                let e = r.to_model()?;
                out.insert((e.doc, e.id), sha);
            }
        }
        Ok(out)
    }
}

fn now() -> std::time::Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Snapshot names sort in creation order: `<unix millis, 15 digits>-<n>`.
fn unique_snapshot_name(snapshots: &Path) -> String {
    let millis = now().as_millis();
    (0u32..)
        .map(|n| format!("{millis:015}-{n}"))
        .find(|name| !snapshots.join(name).exists())
        .expect("some suffix is free")
}

/// Deletes `.building-*` directories that are not this process's (a builder of this process may be running).
fn clean_leftovers(snapshots: &Path) -> Result<()> {
    let ours = format!("{BUILDING_PREFIX}{}-", std::process::id());
    for entry in fs::read_dir(snapshots).at(snapshots)? {
        let entry = entry.at(snapshots)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(BUILDING_PREFIX) && !name.starts_with(&ours) {
            let path = entry.path();
            fs::remove_dir_all(&path).at(&path)?;
        }
    }
    Ok(())
}

/// Keeps the live snapshot and the one before it (so a reader that opened it just before the switch, or an
/// operator rolling back by hand, still has it); deletes the rest. Best effort: a failure only wastes space.
fn prune(snapshots: &Path, live: &str, previous: Option<&str>) {
    let Ok(entries) = fs::read_dir(snapshots) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == live || Some(name.as_str()) == previous {
            continue;
        }
        if entry.path().is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The name of the live snapshot, if any.
pub(crate) fn read_current(root: &Path) -> Result<Option<String>> {
    let path = root.join(CURRENT);
    match fs::read_to_string(&path) {
        Ok(s) => {
            let name = s.trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(corrupt(format!(
                    "{} names no snapshot: {s:?}",
                    path.display()
                )));
            }
            Ok(Some(name.to_owned()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Io { path, source: e }),
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = fs::File::create(path).at(path)?;
    f.write_all(bytes).at(path)?;
    f.sync_all().at(path)
}

fn sync_dir(dir: &Path) -> Result<()> {
    // Directories can be opened and fsynced on Unix; elsewhere renames are already durable or cannot be forced.
    #[cfg(unix)]
    fs::File::open(dir).and_then(|d| d.sync_all()).at(dir)?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// tantivy writes on its own threads, and when one dies on a full disk the error that reaches us is only "an index
/// writer was killed". A small probe write into the snapshot being built recovers the cause: a full disk is
/// reported as the I/O error it is, with the directory; anything else stays tantivy's error.
fn explain_write_failure(dir: &Path, error: tantivy::TantivyError) -> Error {
    let probe = dir.join(".space-probe");
    let written = fs::write(&probe, vec![0u8; 64 * 1024]);
    let _ = fs::remove_file(&probe);
    match written {
        Err(source) if source.kind() == std::io::ErrorKind::StorageFull => Error::Io {
            path: dir.to_path_buf(),
            source,
        },
        _ => Error::Tantivy(error),
    }
}
