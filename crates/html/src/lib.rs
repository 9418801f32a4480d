//! Parses GOV.UK HTML/JSON and legislation.gov.uk CLML XML into heading-tagged blocks. Knows nothing of passages,
//! tantivy or HTTP.

mod types;

pub use types::*;
