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
    /// The file's content is not the listed one: it changed (a new edition?) or was replaced. Either way it is not
    /// the listed edition, and must not be cited as it.
    #[error(
        "{entry}: {} has SHA-256 {actual}, but sources.toml lists {expected}: the file has changed, so it is not \
         the listed edition (list it as a new edition, or correct sources.toml if it is a corrected copy)",
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
        self.source.check_sha256(&self.path, &actual)
    }
}

impl Source {
    /// Compares `actual`, the SHA-256 (hex) of this edition's file as read from `path`, with the listed one: the
    /// check of [`Located::verify_sha256`] for a caller that has read the bytes already (ingest hashes the very
    /// bytes it parses, so what is checked is what is indexed). Never [`VerifyError::Io`].
    pub fn check_sha256(&self, path: &Path, actual: &str) -> Result<Checksum, VerifyError> {
        match &self.sha256 {
            None => Ok(Checksum::Unrecorded {
                actual: actual.to_owned(),
            }),
            Some(expected) if expected.eq_ignore_ascii_case(actual) => Ok(Checksum::Matches),
            Some(expected) => Err(VerifyError::Mismatch {
                entry: self.entry(),
                path: path.to_path_buf(),
                expected: expected.clone(),
                actual: actual.to_owned(),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{sha256_bytes, Checksum, VerifyError};
    use crate::SourceList;

    const LISTED: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn list(sha256: Option<&str>) -> SourceList {
        let sha = sha256
            .map(|s| format!("sha256 = \"{s}\"\n"))
            .unwrap_or_default();
        SourceList::parse(&format!(
            "[[document]]\nid = \"guide\"\ntitle = \"Guide\"\nkind = \"govuk-guide\"\npublisher = \"GOV.UK\"\n\n\
             [[document.edition]]\nid = \"2024-01-01\"\ncite_as = \"Guide\"\nurl = \"https://www.gov.uk/guide\"\n\
             file = \"guide.json\"\nformat = \"govuk-json\"\n{sha}"
        ))
        .unwrap()
    }

    #[test]
    fn check_sha256_compares_bytes_already_read_with_the_listed_hash() {
        let path = Path::new("mirror/guide.json");
        let listed = list(Some(LISTED));
        let source = listed.sources().next().unwrap();
        assert_eq!(sha256_bytes(b"abc"), LISTED);
        assert_eq!(
            source.check_sha256(path, &LISTED.to_uppercase()).unwrap(),
            Checksum::Matches
        );
        let other = sha256_bytes(b"abd");
        let err = source.check_sha256(path, &other).unwrap_err();
        let msg = err.to_string();
        let VerifyError::Mismatch {
            expected, actual, ..
        } = err
        else {
            panic!("{msg}");
        };
        assert_eq!(
            (expected.as_str(), actual.as_str()),
            (LISTED, other.as_str())
        );
        assert!(
            msg.contains("not the listed edition") && msg.contains("list it as a new edition"),
            "{msg}"
        );

        let unlisted = list(None);
        let source = unlisted.sources().next().unwrap();
        assert_eq!(
            source.check_sha256(path, &other).unwrap(),
            Checksum::Unrecorded { actual: other }
        );
    }
}
