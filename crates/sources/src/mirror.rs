//! The mirror: the directory holding the listed files (for the default corpus, `shared/corpus/raw/`).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Source;

/// A directory holding the source files, by the names `sources.toml` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    dir: PathBuf,
}

/// An edition whose file is present in the mirror.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<'a> {
    /// The listed edition.
    pub source: &'a Source,
    /// Where its file is.
    pub path: PathBuf,
}

/// Why an edition's file could not be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MissingFile {
    /// The list names no file for this edition: it is published (at `url`) but not mirrored. Expected, not a fault:
    /// ingest reports it and carries on.
    #[error("{entry}: not in the mirror (no file listed; published at {url})")]
    NotMirrored {
        /// The entry, e.g. `document "childcare-act-2006" edition "2006-07-11"`.
        entry: String,
        /// The official address.
        url: String,
    },
    /// The list names a file but it is not in the mirror: the mirror is incomplete or the name is wrong.
    #[error("{entry}: listed file {} is missing from the mirror", path.display())]
    NotFound {
        /// The entry.
        entry: String,
        /// Where the file was looked for.
        path: PathBuf,
    },
}

impl MissingFile {
    /// Whether this is the expected case of an edition listed without a file (as opposed to a missing file).
    pub fn is_not_mirrored(&self) -> bool {
        matches!(self, MissingFile::NotMirrored { .. })
    }
}

/// The outcome of a successful checksum check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checksum {
    /// The file's SHA-256 is the one listed.
    Matches,
    /// The list records no SHA-256 for this edition; here is the file's, to record.
    Unrecorded {
        /// The file's SHA-256, lowercase hex.
        actual: String,
    },
}

/// Why a checksum check failed.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The file's content is not the listed one: it changed (a new edition?) or was replaced.
    #[error(
        "{entry}: {} has SHA-256 {actual}, but sources.toml lists {expected}: the file has changed \
         (if it is a new edition, list it as one; if it is a corrected copy, update sha256)",
        path.display()
    )]
    Mismatch {
        /// The entry.
        entry: String,
        /// The file.
        path: PathBuf,
        /// The listed SHA-256.
        expected: String,
        /// The file's SHA-256.
        actual: String,
    },
    /// The file could not be read.
    #[error("{entry}: cannot read {}: {source}", path.display())]
    Io {
        /// The entry.
        entry: String,
        /// The file.
        path: PathBuf,
        /// The IO error.
        #[source]
        source: io::Error,
    },
}

impl Mirror {
    /// The mirror in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Mirror {
        Mirror { dir: dir.into() }
    }

    /// The mirror's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Finds an edition's file: [`MissingFile::NotMirrored`] when the list names none, [`MissingFile::NotFound`]
    /// when it names one that is not there (or is not a regular file).
    pub fn locate<'a>(&self, source: &'a Source) -> Result<Located<'a>, MissingFile> {
        let Some(file) = &source.file else {
            return Err(MissingFile::NotMirrored {
                entry: source.entry(),
                url: source.edition.url.clone(),
            });
        };
        let path = self.dir.join(file);
        if path.is_file() {
            Ok(Located { source, path })
        } else {
            Err(MissingFile::NotFound {
                entry: source.entry(),
                path,
            })
        }
    }
}

impl Located<'_> {
    /// Hashes the file and compares it with the listed SHA-256.
    pub fn verify_sha256(&self) -> Result<Checksum, VerifyError> {
        let actual = sha256_file(&self.path).map_err(|source| VerifyError::Io {
            entry: self.source.entry(),
            path: self.path.clone(),
            source,
        })?;
        match &self.source.sha256 {
            None => Ok(Checksum::Unrecorded { actual }),
            Some(expected) if expected.eq_ignore_ascii_case(&actual) => Ok(Checksum::Matches),
            Some(expected) => Err(VerifyError::Mismatch {
                entry: self.source.entry(),
                path: self.path.clone(),
                expected: expected.clone(),
                actual,
            }),
        }
    }
}

/// The SHA-256 of a file as lowercase hex, read in chunks (files may be large).
pub fn sha256_file(path: impl AsRef<Path>) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(hex(&hasher.finalize()))
}

/// The SHA-256 of bytes in memory as lowercase hex.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for b in digest {
        write!(hex, "{b:02x}").expect("writing to a String cannot fail");
    }
    hex
}
