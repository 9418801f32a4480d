//! What the unit tests share: two small KCSIE editions (2024 paras 362–365, 2025 paras 359–363: one paragraph
//! reworded, three renumbered, one added) and a served index of them; and two editions dated in one year, for
//! edition names that fit both.

use pinpoint_index::{Index, SnapshotBuilder};
use pinpoint_model::{fixtures, Edition, Label, Passage};
use pinpoint_search::Searcher;

use crate::{AppState, Settings};

pub(crate) const RISK: &str =
    "Where a person poses a risk to children through someone else, this is known as transferable risk.";

/// KCSIE edition `id`, in force from `in_force`.
pub(crate) fn edition(id: &str, in_force: &str) -> Edition {
    Edition {
        in_force_from: fixtures::date(in_force),
        ..fixtures::kcsie(id)
    }
}

fn para(e: &Edition, n: &str, page: u32, text: &str) -> Passage {
    let locator = fixtures::locator(
        fixtures::page(page),
        Label::Paragraph(n.into()),
        &["Part four"],
    );
    Passage::new(e, locator, text.into())
}

/// KCSIE edition `id` (in force from its date), cited by its short name as pages show it.
pub(crate) fn short_kcsie(id: &str) -> Edition {
    Edition {
        title: "Keeping children safe in education".into(),
        cite_as: format!("KCSIE {}", &id[..4]),
        url: "https://www.gov.uk/kcsie.pdf".into(),
        ..fixtures::kcsie(id)
    }
}

/// KCSIE 2024 and 2025, in miniature.
pub(crate) fn kcsie_sides() -> (Edition, Vec<Passage>, Edition, Vec<Passage>) {
    let (a, b) = (
        edition("2024-09-02", "2024-09-02"),
        edition("2025-07-07", "2025-09-01"),
    );
    let records = "Schools should keep written records of every concern, the discussion and the action taken.";
    let review = "Governing bodies should review the child protection policy every year and publish it online.";
    let old = vec![
        para(
            &a,
            "362",
            93,
            "Staff should tell the headteacher about any concern at once.",
        ),
        para(&a, "363", 93, RISK),
        para(&a, "364", 93, records),
        para(&a, "365", 94, review),
    ];
    let new = vec![
        para(&b, "359", 94, "Staff must tell the headteacher about any concern at once."),
        para(&b, "360", 94, RISK),
        para(&b, "361", 94, records),
        para(&b, "362", 95, review),
        para(
            &b,
            "363",
            95,
            "Colleges should name a designated safeguarding lead for online safety in their policy.",
        ),
    ];
    (a, old, b, new)
}

/// Two KCSIE editions dated in the same year (2024-01-01 and 2024-09-02), so that `2024` names both.
pub(crate) fn kcsie_twice_in_2024() -> Vec<(Edition, Vec<Passage>)> {
    ["2024-01-01", "2024-09-02"]
        .into_iter()
        .map(|id| {
            let e = edition(id, id);
            let passages = vec![para(&e, "363", 93, RISK)];
            (e, passages)
        })
        .collect()
}

/// A state serving both editions from an index in `dir`.
pub(crate) fn state(dir: &std::path::Path, settings: Settings) -> AppState {
    let (a, old, b, new) = kcsie_sides();
    state_of(dir, &[(a, old), (b, new)], settings)
}

/// A state serving `editions`, each with its passages, from an index in `dir`.
pub(crate) fn state_of(
    dir: &std::path::Path,
    editions: &[(Edition, Vec<Passage>)],
    settings: Settings,
) -> AppState {
    let mut builder = SnapshotBuilder::create(dir).unwrap();
    for (e, passages) in editions {
        builder.add_edition(e, passages).unwrap();
    }
    builder.commit().unwrap();
    let searcher = Searcher::new(Index::open(dir).unwrap(), Default::default());
    AppState::with_settings(searcher, settings)
}

/// A rendered page's status and HTML.
pub(crate) async fn body(r: axum::response::Response) -> (axum::http::StatusCode, String) {
    let status = r.status();
    let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// `GET path` through the whole router: the status and the HTML.
pub(crate) async fn get(app: &axum::Router, path: &str) -> (axum::http::StatusCode, String) {
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .body(axum::body::Body::empty())
        .unwrap();
    body(app.clone().oneshot(request).await.unwrap()).await
}
