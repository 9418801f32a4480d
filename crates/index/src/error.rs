use std::path::PathBuf;

/// Why building or reading the index failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A filesystem operation failed; `path` says on what.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// tantivy refused an operation.
    #[error("index engine: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// There is no live snapshot under `root` (nothing was ever ingested, or `CURRENT` is missing).
    #[error("no index at {root}: nothing has been ingested yet")]
    NoIndex {
        /// The index root that was opened.
        root: PathBuf,
    },
    /// The live snapshot was written by a version of Pinpoint with another stored format: rebuild it from the
    /// sources (`pinpoint ingest`); nothing in it is lost, since every snapshot is derived from the sources.
    #[error("snapshot {snapshot:?} has stored format {found}, this build reads format {expected}: re-run ingest")]
    OldFormat {
        /// The snapshot's name.
        snapshot: String,
        /// The format it was written in.
        found: u32,
        /// The format this build reads and writes.
        expected: u32,
    },
    /// The index exists but does not hold what this version writes.
    #[error("corrupt index: {reason}")]
    Corrupt {
        /// What was wrong.
        reason: String,
    },
    /// The same edition was added twice to one snapshot.
    #[error("edition {doc}/{edition} added twice to the same snapshot")]
    DuplicateEdition {
        /// The document.
        doc: String,
        /// The edition.
        edition: String,
    },
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) trait IoContext<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T> {
        self.map_err(|source| Error::Io {
            path: path.into(),
            source,
        })
    }
}

pub(crate) fn corrupt(reason: impl Into<String>) -> Error {
    Error::Corrupt {
        reason: reason.into(),
    }
}
