//! The JSON contract shared by `pinpoint search --json` and the HTTP API: the domain types in `pinpoint-model` stay
//! free of serde and are converted here, so what search and the API send changes only when this crate does.
//!
//! ```json
//! {"query": "…", "no_answer": false, "hits": [{"id": "kcsie/2024-09-02/para-363", "source": "kcsie-2024.pdf",
//!   "doc_id": "kcsie", "edition": "2024-09-02", "title": "…", "kind": "statutory-guidance",
//!   "url": "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2",
//!   "locator": {"page": 93, "page_end": 93, "page_label": "93", "paragraph": "363",
//!   "section": null, "footnote": null, "anchor": null, "heading": ["Part four", "…"]},
//!   "citation": "Keeping children safe in education 2024, para 363, p. 93", "text": "…", "score": 12.5,
//!   "highlights": [[0, 120]], "also_in": [], "content_hash": "sha256:…"}]}
//! ```

mod api;
mod diff;

pub use api::{
    WireDocument, WireDocumentDetail, WireDocuments, WireEdition, WireError, WireErrorDetail,
    WireHealth, WireOutlineNode, WirePassage, WirePassageContext, WireReload, WireSync,
    WireSyncIndex, WireSyncOutcome, WireSyncSource, WireSyncState, WireSyncStatus, WireSyncTrigger,
};
pub use diff::{
    WireChange, WireChangeKind, WireCitationCheck, WireCitationInput, WireCitationStatus, WireDiff,
    WireDiffCounts, WireEditionRef, WireFinding, WireNotFound, WirePassageRef, WireRun, WireRunOp,
};

use pinpoint_model::{Citation, Edition, Label, Locator, Passage, Position};
use serde::{Deserialize, Serialize};

/// Where a passage stands, flattened for JSON: every field is present, `null` where it does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireLocator {
    /// First physical page (1-based), PDFs only.
    pub page: Option<u32>,
    /// Last physical page, PDFs only.
    pub page_end: Option<u32>,
    /// The page number printed on the first page, where it prints one.
    pub page_label: Option<String>,
    /// Paragraph number of guidance (`363`, `3.22`).
    pub paragraph: Option<String>,
    /// Provision of legislation as cited (`s. 16E(1)`, `reg. 32(3)`).
    pub section: Option<String>,
    /// Footnote number.
    pub footnote: Option<String>,
    /// The web page's anchor, web pages only.
    pub anchor: Option<String>,
    /// Heading path, outermost first.
    pub heading: Vec<String>,
}

impl From<&Locator> for WireLocator {
    fn from(locator: &Locator) -> WireLocator {
        let (page, page_end, page_label, anchor) = match &locator.position {
            Position::Pages(span) => (
                Some(span.start()),
                Some(span.end()),
                span.label().map(str::to_owned),
                None,
            ),
            Position::Anchor(anchor) => (None, None, None, anchor.clone()),
        };
        let (paragraph, section, footnote) = match &locator.label {
            Label::Paragraph(n) => (Some(n.clone()), None, None),
            Label::Provision { .. } => (None, locator.label.cited(), None),
            Label::Footnote(n) => (None, None, Some(n.clone())),
            Label::Unnumbered(_) => (None, None, None),
        };
        WireLocator {
            page,
            page_end,
            page_label,
            paragraph,
            section,
            footnote,
            anchor,
            heading: locator.heading.as_slice().to_vec(),
        }
    }
}

/// One passage returned for a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireHit {
    /// Stable passage id.
    pub id: String,
    /// The file it was read from, as named in the corpus manifest.
    pub source: String,
    /// Document id.
    pub doc_id: String,
    /// Edition id (its date).
    pub edition: String,
    /// The edition's title.
    pub title: String,
    /// Document kind (`statutory-guidance`, …).
    pub kind: String,
    /// Deep link to the passage at its official address.
    pub url: String,
    /// Where it stands.
    pub locator: WireLocator,
    /// The citation an advisor pastes.
    pub citation: String,
    /// The passage text.
    pub text: String,
    /// Relevance score (higher is better; comparable within one answer only).
    pub score: f32,
    /// Byte ranges into `text` of the sentences that best answer the question.
    pub highlights: Vec<[usize; 2]>,
    /// Ids of the same passage in other editions, folded into this hit.
    pub also_in: Vec<String>,
    /// `sha256:` + 64 hex digits of the passage's normalised text (`pinpoint_model::ContentHash`): saved with a
    /// citation, it lets `POST /api/citations/check` tell later whether the text cited is still the text in force.
    /// Absent in JSON written before it existed, hence the default when reading.
    #[serde(default)]
    pub content_hash: String,
}

impl WireHit {
    /// The wire form of a passage found in an edition.
    pub fn new(
        passage: &Passage,
        edition: &Edition,
        score: f32,
        highlights: &[std::ops::Range<usize>],
    ) -> WireHit {
        WireHit {
            id: passage.id.to_string(),
            source: edition.source.clone(),
            doc_id: edition.doc.to_string(),
            edition: edition.id.to_string(),
            title: edition.title.clone(),
            kind: edition.kind.to_string(),
            url: passage.locator.deep_link(&edition.url),
            locator: WireLocator::from(&passage.locator),
            citation: Citation::new(edition, &passage.locator).to_string(),
            text: passage.text.clone(),
            score,
            highlights: highlights.iter().map(|r| [r.start, r.end]).collect(),
            also_in: Vec::new(),
            content_hash: passage.content_hash().to_string(),
        }
    }
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireAnswer {
    /// The question as asked.
    pub query: String,
    /// True when nothing indexed answers it; `hits` then holds the nearest passages, not answers.
    pub no_answer: bool,
    /// Best first.
    pub hits: Vec<WireHit>,
    /// Words of the question the documents never use, searched under a near spelling they do use instead. Absent
    /// when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub corrections: Vec<WireCorrection>,
    /// Set when the question could not be searched at all (empty, too long); `hits` is then empty.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    /// With `as_of`, the documents not searched because no edition held was in force on that date, each as its
    /// earliest edition held. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub not_in_force: Vec<crate::WireEditionRef>,
}

/// A word of the question searched under another spelling: `{"typed": "safegaurding", "searched": "safeguarding"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireCorrection {
    /// As the question wrote it.
    pub typed: String,
    /// What was searched for instead, as the documents write it.
    pub searched: String,
}

impl WireCorrection {
    /// The correction of `typed` to `searched`.
    pub fn new(typed: &str, searched: &str) -> WireCorrection {
        WireCorrection {
            typed: typed.to_owned(),
            searched: searched.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::fixtures::{kcsie, locator, page, provision};
    use pinpoint_model::ProvisionKind;

    /// KCSIE 2024 at the address of its PDF, so that hits link to a page of it.
    fn edition() -> Edition {
        Edition {
            url: "https://assets.publishing.service.gov.uk/kcsie.pdf".into(),
            ..kcsie("2024-09-02")
        }
    }

    #[test]
    fn hit_serialises_to_the_contract() {
        let passage = Passage::new(
            &edition(),
            locator(page(93), Label::Paragraph("363".into()), &["Part four"]),
            "this is known as transferable risk.".into(),
        );
        let highlights = [std::ops::Range { start: 0, end: 10 }];
        let hit = WireHit::new(&passage, &edition(), 3.5, &highlights);
        let v = serde_json::to_value(&hit).unwrap();
        assert_eq!(v["id"], "kcsie/2024-09-02/para-363");
        assert_eq!(v["source"], "kcsie-2024.pdf");
        assert_eq!(
            v["url"],
            "https://assets.publishing.service.gov.uk/kcsie.pdf#page=93"
        );
        assert_eq!(v["locator"]["page"], 93);
        assert_eq!(v["locator"]["page_end"], 93);
        assert_eq!(v["locator"]["paragraph"], "363");
        assert!(v["locator"]["section"].is_null());
        assert_eq!(
            v["citation"],
            "Keeping children safe in education 2024, para 363, p. 93"
        );
        assert_eq!(v["highlights"], serde_json::json!([[0, 10]]));
        // `printf 'this is known as transferable risk.' | sha256sum` (the text is already normalised).
        assert_eq!(
            v["content_hash"],
            "sha256:672af17d1b621eb0655efae01b2072a7a2065da76d12a44f4a15dbfee2f6cff5"
        );
    }

    #[test]
    fn hit_urls_open_only_what_they_can() {
        let hit = |edition: &Edition, locator| {
            let passage = Passage::new(edition, locator, "text.".into());
            WireHit::new(&passage, edition, 1.0, &[]).url
        };
        // The corpus's KCSIE address is GOV.UK's publication page, not the PDF: `#page=93` would open its top.
        assert_eq!(
            hit(
                &kcsie("2024-09-02"),
                locator(page(93), Label::Paragraph("363".into()), &[])
            ),
            "https://www.gov.uk/government/publications/keeping-children-safe-in-education--2"
        );
        let act = Edition {
            url: "https://www.legislation.gov.uk/ukpga/2004/31".into(),
            ..kcsie("2024-09-02")
        };
        assert_eq!(
            hit(
                &act,
                locator(page(12), provision(ProvisionKind::Section, "11(2)"), &[])
            ),
            "https://www.legislation.gov.uk/ukpga/2004/31/section/11"
        );
        let guide = Edition {
            url: "https://www.gov.uk/dismissal".into(),
            ..kcsie("2024-09-02")
        };
        assert_eq!(
            hit(
                &guide,
                locator(
                    Position::Anchor(Some("/unfair-dismissal#reasons".into())),
                    Label::Unnumbered(1),
                    &[]
                )
            ),
            "https://www.gov.uk/dismissal/unfair-dismissal#reasons"
        );
    }

    #[test]
    fn provision_goes_to_section() {
        let locator = locator(
            Position::Anchor(Some("section-16E".into())),
            provision(ProvisionKind::Section, "16E(1)"),
            &[],
        );
        let w = WireLocator::from(&locator);
        assert_eq!(w.section.as_deref(), Some("s. 16E(1)"));
        assert_eq!((w.page, w.paragraph), (None, None));
        assert_eq!(w.anchor.as_deref(), Some("section-16E"));
    }
}
