//! Extracts positioned text from PDFs with lopdf. Knows nothing of passages, tantivy or HTTP.

mod types;

pub use types::*;
