//! Serde mirrors of the model types as stored in the index, so the model crate stays free of serde and the stored
//! format is defined (and versioned) here, in one place.

use pinpoint_model::{
    Date, DocId, DocKind, Edition, EditionId, HeadingPath, Label, Locator, PageSpan, Position,
    ProvisionKind,
};
use serde::{Deserialize, Serialize};

use crate::error::{corrupt, Result};

/// The stored form of a [`Locator`]: every variant of position and label, losslessly.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct LocatorRecord {
    position: PositionRecord,
    label: LabelRecord,
    heading: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum PositionRecord {
    Pages {
        start: u32,
        end: u32,
        label: Option<String>,
    },
    Anchor {
        anchor: Option<String>,
    },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum LabelRecord {
    Paragraph { number: String },
    Provision { kind: String, number: String },
    Footnote { number: String },
    Unnumbered { n: u32 },
}

pub(crate) fn provision_kind_name(kind: ProvisionKind) -> &'static str {
    match kind {
        ProvisionKind::Section => "section",
        ProvisionKind::Regulation => "regulation",
        ProvisionKind::Article => "article",
        ProvisionKind::Schedule => "schedule",
    }
}

fn provision_kind_parse(s: &str) -> Option<ProvisionKind> {
    Some(match s {
        "section" => ProvisionKind::Section,
        "regulation" => ProvisionKind::Regulation,
        "article" => ProvisionKind::Article,
        "schedule" => ProvisionKind::Schedule,
        _ => return None,
    })
}

impl LocatorRecord {
    pub(crate) fn from_model(loc: &Locator) -> LocatorRecord {
        let position = match &loc.position {
            Position::Pages(span) => PositionRecord::Pages {
                start: span.start(),
                end: span.end(),
                label: span.label().map(str::to_owned),
            },
            Position::Anchor(anchor) => PositionRecord::Anchor {
                anchor: anchor.clone(),
            },
        };
        let label = match &loc.label {
            Label::Paragraph(n) => LabelRecord::Paragraph { number: n.clone() },
            Label::Provision { kind, number } => LabelRecord::Provision {
                kind: provision_kind_name(*kind).to_owned(),
                number: number.clone(),
            },
            Label::Footnote(n) => LabelRecord::Footnote { number: n.clone() },
            Label::Unnumbered(n) => LabelRecord::Unnumbered { n: *n },
        };
        LocatorRecord {
            position,
            label,
            heading: loc.heading.as_slice().to_vec(),
        }
    }

    pub(crate) fn into_model(self) -> Result<Locator> {
        let position = match self.position {
            PositionRecord::Pages { start, end, label } => Position::Pages(
                PageSpan::new(start, end, label)
                    .map_err(|e| corrupt(format!("stored locator: {e}")))?,
            ),
            PositionRecord::Anchor { anchor } => Position::Anchor(anchor),
        };
        let label = match self.label {
            LabelRecord::Paragraph { number } => Label::Paragraph(number),
            LabelRecord::Provision { kind, number } => Label::Provision {
                kind: provision_kind_parse(&kind).ok_or_else(|| {
                    corrupt(format!("stored locator: unknown provision kind {kind:?}"))
                })?,
                number,
            },
            LabelRecord::Footnote { number } => Label::Footnote(number),
            LabelRecord::Unnumbered { n } => Label::Unnumbered(n),
        };
        Ok(Locator {
            position,
            label,
            heading: HeadingPath::new(self.heading),
        })
    }
}

/// The stored form of an [`Edition`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EditionRecord {
    pub doc: String,
    pub id: String,
    /// Absent in snapshots written before editions had it: the edition date then applies.
    #[serde(default)]
    pub in_force_from: Option<String>,
    pub title: String,
    pub cite_as: String,
    pub publisher: String,
    pub kind: String,
    pub url: String,
    pub source: String,
    /// Passages indexed for this edition.
    pub passages: u64,
    /// SHA-256 (lowercase hex) of the source file the passages were read from, when the caller gave it
    /// ([`crate::SnapshotBuilder::add_edition_from_source`]); sync compares it with the store to re-index only
    /// editions whose file changed. Absent in older snapshots and for editions added without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_sha256: Option<String>,
    /// The source list's note on this copy; absent in older snapshots and when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl EditionRecord {
    pub(crate) fn from_model(e: &Edition, passages: u64) -> EditionRecord {
        EditionRecord {
            doc: e.doc.to_string(),
            id: e.id.to_string(),
            in_force_from: Some(e.in_force_from.to_string()),
            title: e.title.clone(),
            cite_as: e.cite_as.clone(),
            publisher: e.publisher.clone(),
            kind: e.kind.as_str().to_owned(),
            url: e.url.clone(),
            source: e.source.clone(),
            passages,
            source_sha256: None,
            note: e.note.clone(),
        }
    }

    pub(crate) fn to_model(&self) -> Result<Edition> {
        let id = self
            .id
            .parse::<EditionId>()
            .map_err(|e| corrupt(e.to_string()))?;
        let in_force_from = match &self.in_force_from {
            Some(d) => d.parse::<Date>().map_err(|e| corrupt(e.to_string()))?,
            None => id.date(),
        };
        Ok(Edition {
            doc: DocId::new(&self.doc).map_err(|e| corrupt(e.to_string()))?,
            id,
            in_force_from,
            title: self.title.clone(),
            cite_as: self.cite_as.clone(),
            publisher: self.publisher.clone(),
            kind: DocKind::parse(&self.kind)
                .ok_or_else(|| corrupt(format!("unknown document kind {:?}", self.kind)))?,
            url: self.url.clone(),
            source: self.source.clone(),
            note: self.note.clone(),
        })
    }
}

/// `meta.json` of a snapshot.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct MetaRecord {
    /// Bumped when the schema or stored format changes; a reader refuses other versions.
    pub format: u32,
    /// Seconds since the Unix epoch when the snapshot was committed.
    pub created: u64,
    pub passages: u64,
    pub editions: Vec<EditionRecord>,
    /// What made the passages, as the builder's caller names it (`SnapshotBuilder::set_producer`); absent in
    /// snapshots written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
}

/// The stored-format version this build writes and reads.
/// 2: footnote superscripts split words (`WordTokenizer`); editions carry `in_force_from`.
pub(crate) const FORMAT: u32 = 2;
