//! Errors and the work limits that bound parsing of untrusted input.

/// Why a file could not be turned into a [`Document`](crate::Document).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not JSON (or not UTF-8 JSON, or nested deeper than serde_json's recursion limit of 128).
    #[error("not valid JSON: {reason}")]
    Json {
        /// What serde_json said.
        reason: String,
    },
    /// The bytes are not well-formed XML, carry a DTD (refused: entity expansion is an attack surface and
    /// legislation.gov.uk never sends one), or are not CLML.
    #[error("not valid CLML XML: {reason}")]
    Xml {
        /// What roxmltree said, or which element was expected.
        reason: String,
    },
    /// JSON that is neither a GOV.UK Content API item nor a corpus export.
    #[error("not a GOV.UK content item: {reason}")]
    NotGovuk {
        /// What was missing or unexpected.
        reason: String,
    },
    /// A field this shape requires is absent or has the wrong type.
    #[error("missing or malformed field `{field}`")]
    MissingField {
        /// The JSON path of the field, e.g. `details.parts[2].body`.
        field: String,
    },
    /// The content item has been removed from GOV.UK (`schema_name: gone`).
    #[error("the GOV.UK page is gone{}", alternative.as_deref().map(|a| format!(" (see {a})")).unwrap_or_default())]
    Gone {
        /// `details.alternative_path`, when the publisher gave one.
        alternative: Option<String>,
    },
    /// The content item is a redirect (`schema_name: redirect`): fetch `to` instead.
    #[error("the GOV.UK page redirects to {to}")]
    Redirect {
        /// Destination of the exact-match redirect for the item's own path (else the first one listed).
        to: String,
    },
    /// The input is larger than [`Limits::max_bytes`].
    #[error("input is larger than the {limit}-byte limit")]
    TooLarge {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// Elements are nested deeper than [`Limits::max_depth`].
    #[error("markup is nested deeper than {limit} levels")]
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// The page or file parsed but holds no body text at all (e.g. a saved page with no main content).
    #[error("no body text found")]
    NoText,
}

/// Bounds on the work done for one input, so a hostile or broken file costs a bounded amount of time and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes. Default 32 MiB (the Housing Act 2004 CLML, among the largest Acts, is
    /// 3.5 MB).
    pub max_bytes: usize,
    /// Deepest element nesting accepted. Default 512; real GOV.UK pages nest about 30 deep, CLML about 25.
    ///
    /// For HTML this is checked *before* html5ever runs, by a cheap scan of the tags, because html5ever's tree
    /// builder is quadratic in nesting depth (a 100,000-deep `<div>` nest takes ~40 s to build) even though it
    /// never overflows the stack.
    pub max_depth: usize,
    /// Most XML nodes roxmltree may build. Default 4,000,000 (the Housing Act has about 100,000).
    pub max_xml_nodes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 512,
            max_xml_nodes: 4_000_000,
        }
    }
}

impl Limits {
    pub(crate) fn check_size(&self, len: usize) -> Result<(), Error> {
        if len > self.max_bytes {
            Err(Error::TooLarge {
                limit: self.max_bytes,
            })
        } else {
            Ok(())
        }
    }
}
