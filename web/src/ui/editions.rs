//! Which edition of each document is in force, and how the pages say so.

use std::collections::HashMap;

use maud::{html, Markup};
use pinpoint_index::{EditionStats, Index};
use pinpoint_model::{Date, DocId, Edition, EditionId};

use super::text::date;

/// An edition's standing today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// The edition in force (or, for a document none of whose editions is in force yet, its earliest).
    Current,
    /// Replaced by a later edition now in force.
    Superseded,
    /// Published, but its in-force date is still to come.
    NotYetInForce,
}

/// The current edition of every document, as of one day.
pub(crate) struct Editions {
    all: Vec<EditionStats>,
    current: HashMap<DocId, EditionId>,
    today: Date,
}

impl Editions {
    /// Reads the index's editions as of today.
    pub(crate) fn of(index: &Index) -> Editions {
        Editions::on(index.editions(), pinpoint_search::today())
    }

    /// The editions as of `today` (tests pin the day).
    pub(crate) fn on(all: Vec<EditionStats>, today: Date) -> Editions {
        let current = pinpoint_search::in_force_on(&all, today, true);
        Editions {
            all,
            current,
            today,
        }
    }

    /// Every edition, in index order (documents in the source list's order).
    pub(crate) fn all(&self) -> &[EditionStats] {
        &self.all
    }

    /// The edition of `doc` in force today.
    pub(crate) fn current(&self, doc: &DocId) -> Option<&EditionStats> {
        let id = self.current.get(doc)?;
        self.all
            .iter()
            .find(|s| s.edition.doc == *doc && s.edition.id == *id)
    }

    /// `edition`'s standing today.
    pub(crate) fn standing(&self, edition: &Edition) -> Standing {
        if self.current.get(&edition.doc) == Some(&edition.id) {
            Standing::Current
        } else if edition.in_force_from > self.today {
            Standing::NotYetInForce
        } else {
            Standing::Superseded
        }
    }

    /// Each document once, with its current edition, in index order.
    pub(crate) fn documents(&self) -> Vec<&EditionStats> {
        let mut seen = Vec::<&DocId>::new();
        let mut out = Vec::new();
        for s in &self.all {
            if !seen.contains(&&s.edition.doc) {
                seen.push(&s.edition.doc);
                if let Some(c) = self.current(&s.edition.doc) {
                    out.push(c);
                }
            }
        }
        out
    }
}

/// The tag for an edition's standing (GOV.UK tag colours: green for current, grey for old, blue for upcoming).
pub(crate) fn tag(standing: Standing) -> Markup {
    match standing {
        Standing::Current => {
            html! { strong class="govuk-tag govuk-tag--green" { "Current edition" } }
        }
        Standing::Superseded => {
            html! { strong class="govuk-tag govuk-tag--grey" { "Older edition" } }
        }
        Standing::NotYetInForce => {
            html! { strong class="govuk-tag govuk-tag--blue" { "Not yet in force" } }
        }
    }
}

/// The warning shown on a passage from an edition that is not the one in force, naming the one that is.
pub(crate) fn warning(editions: &Editions, edition: &Edition) -> Option<Markup> {
    let standing = editions.standing(edition);
    if standing == Standing::Current {
        return None;
    }
    let current = editions.current(&edition.doc);
    Some(html! {
        div class="govuk-inset-text" {
            @match standing {
                Standing::NotYetInForce => {
                    "This is from the edition of " (date(edition.id.date())) ", which comes into force on "
                    (date(edition.in_force_from)) ". "
                }
                _ => { "This is from an older edition (" (date(edition.id.date())) "). It may have changed since. " }
            }
            @if let Some(c) = current {
                "The edition in force is "
                a class="govuk-link" href=(format!("/documents/{}?edition={}", c.edition.doc, c.edition.id)) {
                    (c.edition.cite_as) " (" (date(c.edition.id.date())) ")"
                }
                ". "
                @if standing == Standing::Superseded {
                    a class="govuk-link" href=(super::changes::changes_href(&edition.doc, Some(edition.id), Some(c.edition.id))) {
                        "See what changed since this edition"
                    }
                    "."
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinpoint_model::DocKind;

    pub(crate) fn stats(doc: &str, id: &str, in_force: &str) -> EditionStats {
        EditionStats {
            edition: Edition {
                doc: doc.parse().unwrap(),
                id: id.parse().unwrap(),
                in_force_from: in_force.parse().unwrap(),
                title: format!("{doc} {id}"),
                cite_as: format!("{doc} {}", &id[..4]),
                publisher: "DfE".into(),
                kind: DocKind::StatutoryGuidance,
                url: "https://www.gov.uk/x".into(),
                source: "x.pdf".into(),
                note: None,
            },
            passages: 10,
        }
    }

    #[test]
    fn standing_follows_in_force_dates() {
        let e = Editions::on(
            vec![
                stats("kcsie", "2024-09-02", "2024-09-02"),
                stats("kcsie", "2025-07-07", "2025-09-01"),
            ],
            "2025-08-01".parse().unwrap(),
        );
        let old = &e.all()[0].edition;
        let new = &e.all()[1].edition;
        assert_eq!(e.standing(old), Standing::Current);
        assert_eq!(e.standing(new), Standing::NotYetInForce);
        let later = Editions::on(e.all().to_vec(), "2025-09-01".parse().unwrap());
        assert_eq!(later.standing(old), Standing::Superseded);
        assert_eq!(later.standing(new), Standing::Current);
        let w = warning(&later, old).unwrap().into_string();
        assert!(w.contains("older edition"), "{w}");
        assert!(w.contains("/documents/kcsie?edition=2025-07-07"), "{w}");
        assert!(
            w.contains("href=\"/documents/kcsie/changes?from=2024-09-02&amp;to=2025-07-07\">See what changed since this edition</a>"),
            "{w}"
        );
        assert!(warning(&later, new).is_none());
        assert_eq!(later.documents().len(), 1);
    }
}
