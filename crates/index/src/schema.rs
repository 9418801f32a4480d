//! The tantivy schema, the analyzer and the label keys. Private: nothing here leaks out of the crate.

use pinpoint_model::Label;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer,
};

use crate::records::provision_kind_name;
use crate::tokenizer::WordTokenizer;
use crate::LabelRef;

/// The name the analyzer is registered under in every snapshot.
pub(crate) const ANALYZER: &str = "pinpoint_en";

/// Separator of heading titles in the indexed heading field, as printed by `HeadingPath`'s `Display`.
pub(crate) const HEADING_SEPARATOR: &str = " › ";

/// The English analyzer used for text, headings and titles, and for the user's words.
///
/// Words split on anything not alphanumeric (and on footnote superscripts, see [`WordTokenizer`]), so `child’s`
/// and `child's` tokenise alike (`child`, `s`)
/// whatever apostrophe the PDF used; ASCII folding makes `naïve`/`naive` and `café`/`cafe` meet.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// [`analyzer`] without its last step, stemming: [`crate::analyze`] stems each distinct word once per thread
/// through [`stemmer`] and remembers it, which is what makes re-analysing candidate passages cheap.
pub(crate) fn unstemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The stemming step of [`analyzer`], for one word at a time.
pub(crate) fn stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub doc: Field,
    pub edition: Field,
    /// `doc/edition`, one term per edition, for edition filters and neighbour lookups.
    pub edition_key: Field,
    pub kind: Field,
    pub title: Field,
    pub cite_as: Field,
    pub heading: Field,
    pub text: Field,
    /// Label keys (`section:16e(1)`, `section:16e`, `paragraph:363`), several per passage, see [`label_keys`].
    pub label: Field,
    /// The locator as JSON (position, label, heading), the lossless source for round trips.
    pub locator: Field,
    pub url: Field,
    pub source: Field,
    pub ordinal: Field,
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let english = |stored: bool| {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            opts.set_stored()
        } else {
            opts
        }
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        doc: b.add_text_field("doc", STRING | STORED),
        edition: b.add_text_field("edition", STRING | STORED),
        edition_key: b.add_text_field("edition_key", STRING),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", english(true)),
        cite_as: b.add_text_field("cite_as", STORED),
        heading: b.add_text_field("heading", english(true)),
        text: b.add_text_field("text", english(true)),
        label: b.add_text_field("label", STRING | STORED),
        locator: b.add_text_field("locator", STORED),
        url: b.add_text_field("url", STORED),
        source: b.add_text_field("source", STORED),
        ordinal: b.add_u64_field("ordinal", INDEXED | FAST | STORED),
    };
    (b.build(), fields)
}

pub(crate) fn fields_of(schema: &Schema) -> crate::Result<Fields> {
    let f = |name: &str| {
        schema
            .get_field(name)
            .map_err(|_| crate::error::corrupt(format!("index schema has no field {name:?}")))
    };
    Ok(Fields {
        id: f("id")?,
        doc: f("doc")?,
        edition: f("edition")?,
        edition_key: f("edition_key")?,
        kind: f("kind")?,
        title: f("title")?,
        cite_as: f("cite_as")?,
        heading: f("heading")?,
        text: f("text")?,
        label: f("label")?,
        locator: f("locator")?,
        url: f("url")?,
        source: f("source")?,
        ordinal: f("ordinal")?,
    })
}

pub(crate) fn edition_key(doc: &str, edition: &str) -> String {
    format!("{doc}/{edition}")
}

fn normalise_number(n: &str) -> String {
    n.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The keys a passage's label is indexed under: the full number and each enclosing provision, so that a question
/// about "section 16E" finds `s. 16E(1)` and `s. 16E(2)(a)` alike.
pub(crate) fn label_keys(label: &Label) -> Vec<String> {
    match label {
        Label::Paragraph(n) => vec![format!("paragraph:{}", normalise_number(n))],
        Label::Footnote(n) => vec![format!("footnote:{}", normalise_number(n))],
        Label::Unnumbered(_) => Vec::new(),
        Label::Provision { kind, number } => {
            let kind = provision_kind_name(*kind);
            let mut n = normalise_number(number);
            let mut keys = vec![format!("{kind}:{n}")];
            // Strip trailing `(x)` groups one at a time: 16e(1)(a) → 16e(1) → 16e.
            while n.ends_with(')') {
                match n.rfind('(') {
                    Some(i) if i > 0 => {
                        n.truncate(i);
                        keys.push(format!("{kind}:{n}"));
                    }
                    _ => break,
                }
            }
            // The leading number alone: a schedule's `2para3` is also under `2`.
            let head: String = n
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let head = if kind == "schedule" {
                head.chars().take_while(|c| c.is_ascii_digit()).collect()
            } else {
                head
            };
            if !head.is_empty() && head != n {
                keys.push(format!("{kind}:{head}"));
            }
            keys.dedup();
            keys
        }
    }
}

/// The key a label reference from a question is looked up under: one of [`label_keys`]' forms.
pub(crate) fn label_ref_key(r: &LabelRef) -> String {
    format!("{}:{}", r.kind.name(), normalise_number(&r.number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::ProvisionKind;

    #[test]
    fn provision_keys_cover_enclosing_provisions() {
        let l = Label::Provision {
            kind: ProvisionKind::Section,
            number: "16E(1)(a)".into(),
        };
        assert_eq!(
            label_keys(&l),
            vec!["section:16e(1)(a)", "section:16e(1)", "section:16e"]
        );
        let s = Label::Provision {
            kind: ProvisionKind::Schedule,
            number: "2 para 3".into(),
        };
        assert_eq!(label_keys(&s), vec!["schedule:2para3", "schedule:2"]);
        assert_eq!(
            label_keys(&Label::Paragraph("3.22".into())),
            vec!["paragraph:3.22"]
        );
    }
}
