//! What sync needs from a GOV.UK Content API item (`https://www.gov.uk/api/content/<path>`): its kind (content,
//! gone, redirect), its date, its PDF attachments and its change history. The text itself is ingest's business
//! (`pinpoint-html`); this reads only metadata.

use pinpoint_model::Date;
use serde_json::{Map, Value};

use crate::dates::uk_date_of_timestamp;
use pinpoint_sources::GOVUK_ORIGIN;

/// A Content API item, as far as sync is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A page with content: a body, a guide's parts, or a publication's attachments.
    Content(Content),
    /// The page was removed (`schema_name: gone` or `vanish`).
    Gone {
        /// Where GOV.UK says to look instead, if anywhere.
        alternative: Option<String>,
    },
    /// The page moved (`schema_name: redirect`): the absolute destination of its own path.
    Redirect {
        /// The destination.
        to: String,
    },
}

/// A content item's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// `base_path`.
    pub base_path: String,
    /// `title`.
    pub title: Option<String>,
    /// `schema_name`.
    pub schema: String,
    /// The UK date of `public_updated_at`: the date GOV.UK shows as "Updated". It does not move for minor edits.
    pub updated: Option<Date>,
    /// PDF and other file attachments, from `details.attachments` or (older items) the HTML of
    /// `details.documents`.
    pub attachments: Vec<Attachment>,
    /// `details.change_history`, newest first as GOV.UK lists it.
    pub changes: Vec<Change>,
    /// Whether the item has body text (`details.body` or guide parts).
    pub has_body: bool,
    /// Whether it carries a `withdrawn_notice` with an explanation.
    pub withdrawn: bool,
}

/// One attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its title.
    pub title: Option<String>,
    /// Its file name (from `filename`, else the URL's last segment).
    pub filename: String,
    /// Its absolute address.
    pub url: String,
    /// The declared content type, if any.
    pub content_type: Option<String>,
}

impl Attachment {
    /// Whether it is a PDF by declared type or by name.
    pub fn is_pdf(&self) -> bool {
        self.content_type.as_deref() == Some("application/pdf")
            || self.filename.to_ascii_lowercase().ends_with(".pdf")
    }
}

/// One entry of the change history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The UK date of `public_timestamp`.
    pub date: Option<Date>,
    /// The note.
    pub note: String,
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn absolute(path: &str) -> String {
    if path.starts_with('/') {
        format!("{GOVUK_ORIGIN}{path}")
    } else {
        path.to_owned()
    }
}

fn last_segment(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// Reads an item. The error says why the bytes are not a Content API item.
pub fn parse_item(bytes: &[u8]) -> Result<Item, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(obj) = value else {
        return Err("not a Content API item: top level is not an object".into());
    };
    let Some(base_path) = str_field(&obj, "base_path") else {
        return Err("not a Content API item: no base_path".into());
    };
    let schema = str_field(&obj, "schema_name")
        .or_else(|| str_field(&obj, "document_type"))
        .unwrap_or("")
        .to_owned();
    let empty = Map::new();
    let details = obj
        .get("details")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    match schema.as_str() {
        "gone" | "vanish" => {
            return Ok(Item::Gone {
                alternative: str_field(details, "alternative_path").map(absolute),
            })
        }
        "redirect" => {
            let redirects = obj.get("redirects").and_then(Value::as_array);
            let dest = |r: &Value| r.get("destination").and_then(Value::as_str).map(absolute);
            let to = redirects
                .and_then(|rs| {
                    rs.iter()
                        .find(|r| r.get("path").and_then(Value::as_str) == Some(base_path))
                        .and_then(dest)
                        .or_else(|| rs.iter().find_map(dest))
                })
                .ok_or("redirect item without a destination")?;
            return Ok(Item::Redirect { to });
        }
        _ => {}
    }

    let mut attachments = Vec::new();
    if let Some(list) = details.get("attachments").and_then(Value::as_array) {
        for a in list.iter().filter_map(Value::as_object) {
            let Some(url) = str_field(a, "url").map(absolute) else {
                continue;
            };
            attachments.push(Attachment {
                title: str_field(a, "title").map(str::to_owned),
                filename: str_field(a, "filename")
                    .map(str::to_owned)
                    .unwrap_or_else(|| last_segment(&url)),
                content_type: str_field(a, "content_type").map(str::to_owned),
                url,
            });
        }
    }
    if let Some(docs) = details.get("documents").and_then(Value::as_array) {
        for html in docs.iter().filter_map(Value::as_str) {
            attachments.extend(legacy_attachments(html));
        }
    }
    let changes = details
        .get("change_history")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .map(|c| Change {
                    date: str_field(c, "public_timestamp").and_then(uk_date_of_timestamp),
                    note: str_field(c, "note").unwrap_or("").to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let has_body = details.get("body").is_some_and(|b| !b.is_null())
        || details
            .get("parts")
            .and_then(Value::as_array)
            .is_some_and(|p| !p.is_empty());
    let withdrawn = obj
        .get("withdrawn_notice")
        .and_then(Value::as_object)
        .is_some_and(|n| n.contains_key("explanation"));
    Ok(Item::Content(Content {
        base_path: base_path.to_owned(),
        title: str_field(&obj, "title").map(str::to_owned),
        schema,
        updated: str_field(&obj, "public_updated_at")
            .or_else(|| str_field(&obj, "updated_at"))
            .and_then(uk_date_of_timestamp),
        attachments,
        changes,
        has_body,
        withdrawn,
    }))
}

/// Attachments of the older publication shape: `details.documents` is a list of rendered HTML sections, each with
/// links to the file (`<h2 class="title"><a href="/government/uploads/…/x.pdf">Title</a></h2>`).
fn legacy_attachments(html: &str) -> Vec<Attachment> {
    let mut out: Vec<Attachment> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        rest = &rest[at + 6..];
        let Some(end) = rest.find('"') else { break };
        let href = &rest[..end];
        rest = &rest[end..];
        let lower = href.to_ascii_lowercase();
        if lower.contains("/thumbnail_") || !lower.ends_with(".pdf") {
            continue;
        }
        let url = absolute(href);
        // The link text of the title link, if this is it.
        let title = rest
            .strip_prefix("\">")
            .and_then(|t| t.find("</a>").map(|e| t[..e].trim().to_owned()))
            .filter(|t| !t.is_empty() && !t.contains('<'));
        match out.iter_mut().find(|a| a.url == url) {
            Some(existing) => {
                if existing.title.is_none() {
                    existing.title = title;
                }
            }
            None => out.push(Attachment {
                title,
                filename: last_segment(&url),
                url,
                content_type: None,
            }),
        }
    }
    out
}

fn normalise(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Picks the PDF attachment `wanted` names: those whose file name (without `.pdf`) or title starts with it,
/// ignoring case and treating `_`, `-` and spaces alike; of several, the one with the shortest name, since
/// companions are the main file's name plus a suffix (`…_2025_part_one.pdf`). The error lists what there is.
pub fn select_attachment<'a>(
    attachments: &'a [Attachment],
    wanted: &str,
) -> Result<&'a Attachment, String> {
    let want = normalise(wanted);
    let stem = |a: &Attachment| {
        let f = a.filename.as_str();
        normalise(
            f.strip_suffix(".pdf")
                .or_else(|| f.strip_suffix(".PDF"))
                .unwrap_or(f),
        )
    };
    attachments
        .iter()
        .filter(|a| a.is_pdf())
        .filter(|a| {
            stem(a).starts_with(&want)
                || a.title
                    .as_deref()
                    .is_some_and(|t| normalise(t).starts_with(&want))
        })
        .min_by_key(|a| stem(a).len())
        .ok_or_else(|| {
            let names: Vec<&str> = attachments.iter().map(|a| a.filename.as_str()).collect();
            if names.is_empty() {
                format!("no attachment matches {wanted:?}: the item lists no attachments")
            } else {
                format!(
                    "no PDF attachment matches {wanted:?}; the item lists: {}",
                    names.join(", ")
                )
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../../shared/fixtures/govuk-content-api/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn content(name: &str) -> Content {
        match parse_item(&fixture(name)).unwrap() {
            Item::Content(c) => c,
            other => panic!("{name}: expected content, got {other:?}"),
        }
    }

    fn d(s: &str) -> Option<Date> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn every_fixture_is_read() {
        let dir = format!(
            "{}/../../../shared/fixtures/govuk-content-api",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        assert_eq!(names.len(), 20);
        for name in &names {
            match parse_item(&fixture(name)).unwrap() {
                Item::Gone { .. } => assert!(name.starts_with("gone__"), "{name}"),
                Item::Redirect { to } => {
                    assert!(name.starts_with("redirect__"), "{name}");
                    assert!(to.starts_with("https://www.gov.uk/"), "{to}");
                }
                Item::Content(c) => {
                    assert!(c.updated.is_some(), "{name}: no date");
                    assert!(c.base_path.starts_with('/'), "{name}");
                    let no_text = name.contains("no-part-guide");
                    assert_eq!(c.has_body, !no_text, "{name}");
                }
            }
        }
    }

    #[test]
    fn guides_and_html_publications() {
        let g = content("guide__guide.json");
        assert_eq!(g.schema, "guide");
        assert_eq!(g.updated, d("2014-12-02"));
        assert!(g.attachments.is_empty());
        let h = content("html_publication__published.json");
        assert_eq!(h.updated, d("2016-01-17"));
        assert!(h.has_body);
    }

    #[test]
    fn attachments_in_both_shapes() {
        let p = content("publication__publication-with-featured-attachments.json");
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].filename, "PUBLIC_1392629965.pdf");
        assert!(p.attachments[0]
            .url
            .starts_with("https://assets.publishing.service.gov.uk/"));
        assert!(p.attachments[0].is_pdf());

        let c = content("consultation__consultation_outcome_with_featured_attachments.json");
        assert_eq!(c.attachments.len(), 4);

        let s = content("specialist_document__cma-cases-with-change-history.json");
        assert_eq!(s.attachments.len(), 15);
        assert_eq!(s.attachments[0].filename, "Initial_enforcement_order_1.pdf");
        assert_eq!(s.changes.len(), 7);
        assert_eq!(s.updated, d("2025-02-07"));

        // The older shape: rendered HTML in details.documents, relative links, thumbnails skipped.
        let legacy = content("legacy2022__publication__best-practice-statutory-guidance.json");
        assert_eq!(legacy.attachments.len(), 1, "{:?}", legacy.attachments);
        let a = &legacy.attachments[0];
        assert_eq!(a.filename, "Scheme_for_Financing_Schools_Dec_2015.pdf");
        assert_eq!(a.title.as_deref(), Some("Schemes for financing schools"));
        assert!(a.url.starts_with("https://www.gov.uk/government/uploads/"));

        // The newer shape of the same example lists no attachments at all.
        let newer = content("publication__best-practice-statutory-guidance.json");
        assert!(newer.attachments.is_empty());
        assert_eq!(newer.changes.len(), 4);
    }

    #[test]
    fn change_history_and_withdrawal() {
        let t = content("publication__tagged_to_two_coronavirus_taxons.json");
        assert_eq!(t.changes.len(), 17);
        assert!(t
            .changes
            .iter()
            .all(|c| c.date.is_some() && !c.note.is_empty()));
        assert!(content("publication__withdrawn_publication.json").withdrawn);
        assert!(content("detailed_guide__withdrawn_detailed_guide.json").withdrawn);
        assert!(!content("detailed_guide__detailed_guide.json").withdrawn);
        // 23:00 UTC in May is the next day in the UK.
        assert_eq!(
            content("detailed_guide__translated_detailed_guide.json").updated,
            d("2013-05-23")
        );
    }

    #[test]
    fn gone_and_redirect() {
        assert_eq!(
            parse_item(&fixture("gone__gone.json")).unwrap(),
            Item::Gone { alternative: None }
        );
        assert_eq!(
            parse_item(&fixture("redirect__redirect.json")).unwrap(),
            Item::Redirect {
                to: "https://www.gov.uk/maritime-safety-weather-and-navigation/register-406-mhz-beacons?query=answer#fragment".into()
            }
        );
        assert!(parse_item(b"<html>").unwrap_err().contains("not JSON"));
        assert!(parse_item(b"{\"title\": \"x\"}")
            .unwrap_err()
            .contains("base_path"));
    }

    #[test]
    fn attachment_selection_prefers_the_main_file() {
        let a = |f: &str| Attachment {
            title: None,
            filename: f.into(),
            url: format!("https://assets.publishing.service.gov.uk/media/x/{f}"),
            content_type: Some("application/pdf".into()),
        };
        let list = [
            a("Keeping_children_safe_in_education_2025_part_one.pdf"),
            a("Keeping_children_safe_in_education_2025.pdf"),
            a("KCSIE_2025_what_has_changed.pdf"),
        ];
        let got = select_attachment(&list, "Keeping children safe in education").unwrap();
        assert_eq!(got.filename, "Keeping_children_safe_in_education_2025.pdf");
        let err = select_attachment(&list, "working together").unwrap_err();
        assert!(err.contains("KCSIE_2025_what_has_changed.pdf"), "{err}");
    }
}
