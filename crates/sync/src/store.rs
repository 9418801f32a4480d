//! The content-addressed store: raw files by SHA-256, one state file per document, an append-only fetch log.
//!
//! ```text
//! store/
//!   LOCK                  held (OS file lock) while a sync runs; released by the OS if the process dies
//!   objects/ab/cdef…      raw bytes, named by their SHA-256; written to tmp/, fsynced, renamed; never modified
//!   tmp/                  downloads in progress; emptied when a sync starts
//!   docs/<doc-id>.json    per document: editions and their revisions, HTTP validators; replaced atomically
//!   fetches.jsonl         one JSON line per request or mirror read, appended (a torn last line is skipped)
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::state::{DocState, FetchRecord};
use crate::Error;

/// The store, locked for the lifetime of this value.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    _lock: File,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// An object being written: bytes go to a temporary file and are hashed on the way.
pub(crate) struct ObjectWriter {
    tmp: PathBuf,
    file: File,
    hasher: Sha256,
    size: u64,
}

impl ObjectWriter {
    pub(crate) fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        self.file.write_all(bytes)
    }

    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// The first bytes written, for content sniffing (re-read from the temporary file).
    pub(crate) fn head(&self, n: usize) -> io::Result<Vec<u8>> {
        let mut buf = Vec::with_capacity(n);
        File::open(&self.tmp)?
            .take(n as u64)
            .read_to_end(&mut buf)?;
        Ok(buf)
    }

    /// Abandons the object: the temporary file is deleted.
    pub(crate) fn discard(self) {
        let _ = fs::remove_file(&self.tmp);
    }
}

impl Store {
    /// Opens (creating if needed) the store at `root` and takes its lock; [`Error::Busy`] if another sync holds
    /// it. Leftover temporary files of a sync that died are deleted.
    pub fn open(root: impl AsRef<Path>) -> Result<Store, Error> {
        let root = root.as_ref().to_path_buf();
        for dir in ["objects", "tmp", "docs"] {
            let d = root.join(dir);
            fs::create_dir_all(&d).map_err(|e| Error::store(&d, e))?;
        }
        let lock_path = root.join("LOCK");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::store(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(Error::Busy { store: root }),
            Err(fs::TryLockError::Error(e)) => return Err(Error::store(&lock_path, e)),
        }
        let tmp = root.join("tmp");
        for entry in fs::read_dir(&tmp).map_err(|e| Error::store(&tmp, e))? {
            let path = entry.map_err(|e| Error::store(&tmp, e))?.path();
            let _ = fs::remove_file(&path);
        }
        Ok(Store { root, _lock: lock })
    }

    /// The store's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the object with this SHA-256 lives (whether or not it exists).
    pub fn object_path(&self, sha256: &str) -> PathBuf {
        let (dir, rest) = sha256.split_at(2.min(sha256.len()));
        self.root.join("objects").join(dir).join(rest)
    }

    /// Whether the object is stored.
    pub fn has_object(&self, sha256: &str) -> bool {
        self.object_path(sha256).is_file()
    }

    pub(crate) fn begin_object(&self) -> Result<ObjectWriter, Error> {
        let tmp = self.root.join("tmp").join(format!(
            "{}-{}",
            std::process::id(),
            TMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::create(&tmp).map_err(|e| Error::store(&tmp, e))?;
        Ok(ObjectWriter {
            tmp,
            file,
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// Makes the object visible under its SHA-256 (fsync, rename, fsync the directory) and returns the hash. An
    /// object already stored is left as it is (same name, same bytes) and the temporary copy is deleted.
    pub(crate) fn commit_object(&self, w: ObjectWriter) -> Result<String, Error> {
        let sha = hex(&w.hasher.clone().finalize());
        w.file.sync_all().map_err(|e| Error::store(&w.tmp, e))?;
        let path = self.object_path(&sha);
        if path.is_file() {
            let _ = fs::remove_file(&w.tmp);
            return Ok(sha);
        }
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&dir).map_err(|e| Error::store(&dir, e))?;
        fs::rename(&w.tmp, &path).map_err(|e| Error::store(&path, e))?;
        sync_dir(&dir).map_err(|e| Error::store(&dir, e))?;
        Ok(sha)
    }

    /// Copies a file into the store (a mirror read), hashing it on the way.
    pub(crate) fn put_file(&self, path: &Path) -> Result<(String, u64), Error> {
        let mut w = self.begin_object()?;
        let mut f = File::open(path).map_err(|e| Error::store(path, e))?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    w.discard();
                    return Err(Error::store(path, e));
                }
            };
            if let Err(e) = w.write(&buf[..n]) {
                let tmp = w.tmp.clone();
                w.discard();
                return Err(Error::store(&tmp, e));
            }
        }
        let size = w.size();
        Ok((self.commit_object(w)?, size))
    }

    fn doc_path(&self, doc: &str) -> PathBuf {
        self.root.join("docs").join(format!("{doc}.json"))
    }

    /// The document's state, or a fresh one if it was never synced.
    pub fn doc_state(&self, doc: &str) -> Result<DocState, Error> {
        let path = self.doc_path(doc);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
                path,
                reason: e.to_string(),
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(DocState::new(doc)),
            Err(e) => Err(Error::store(&path, e)),
        }
    }

    /// Writes the document's state atomically, only if it differs from what is stored (so a sync that changed
    /// nothing leaves every file's modification time alone). Returns whether it wrote.
    pub fn save_doc_state(&self, state: &DocState) -> Result<bool, Error> {
        let path = self.doc_path(&state.doc);
        let json = serde_json::to_vec_pretty(state).map_err(|e| Error::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if fs::read(&path).ok().as_deref() == Some(json.as_slice()) {
            return Ok(false);
        }
        write_atomically(&path, &json).map_err(|e| Error::store(&path, e))?;
        Ok(true)
    }

    /// Appends one record to `fetches.jsonl` (and fsyncs it).
    pub fn log_fetch(&self, record: &FetchRecord) -> Result<(), Error> {
        let path = self.root.join("fetches.jsonl");
        let mut line = serde_json::to_vec(record).map_err(|e| Error::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        line.push(b'\n');
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)
            .map_err(|e| Error::store(&path, e))?;
        // A sync killed mid-line leaves a torn last line: start on a fresh one so only that line is lost.
        let len = f.metadata().map_err(|e| Error::store(&path, e))?.len();
        if len > 0 && !ends_with_newline(&path, len) {
            line.insert(0, b'\n');
        }
        f.write_all(&line).map_err(|e| Error::store(&path, e))?;
        f.sync_data().map_err(|e| Error::store(&path, e))
    }
}

fn ends_with_newline(path: &Path, len: u64) -> bool {
    use std::io::{Seek, SeekFrom};
    let Ok(mut f) = File::open(path) else {
        return true;
    };
    let mut last = [0u8; 1];
    f.seek(SeekFrom::Start(len - 1)).is_ok() && f.read_exact(&mut last).is_ok() && last[0] == b'\n'
}

/// Writes `bytes` to `path` so that a reader (or a crash) sees the old file or the new one, whole.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    sync_dir(dir)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

pub(crate) fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}
