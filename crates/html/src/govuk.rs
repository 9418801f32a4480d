//! GOV.UK JSON: Content API items (`https://www.gov.uk/api/content/<path>`) and Pinpoint's corpus exports.

use serde_json::{Map, Value};

use crate::html::fragment_blocks;
use crate::{Document, Error, Limits, Metadata};

const GOVUK: &str = "https://www.gov.uk";

fn absolute(path: &str) -> String {
    if path.starts_with('/') {
        format!("{GOVUK}{path}")
    } else {
        path.to_owned()
    }
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A body is an HTML string in content-store output, or (publishing-api input shape) a list of
/// `{content_type, content}` alternatives, of which the `text/html` one is taken.
fn body_html(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(alts) => alts
            .iter()
            .filter_map(Value::as_object)
            .find(|a| a.get("content_type").and_then(Value::as_str) == Some("text/html"))
            .and_then(|a| a.get("content"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

pub(crate) fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    limits.check_size(bytes.len())?;
    // serde_json refuses input nested deeper than 128 levels, and invalid UTF-8, with an error.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| Error::Json {
        reason: e.to_string(),
    })?;
    let Value::Object(obj) = value else {
        return Err(Error::NotGovuk {
            reason: "top level is not a JSON object".into(),
        });
    };
    if obj.contains_key("base_path")
        && (obj.contains_key("schema_name") || obj.contains_key("document_type"))
    {
        content_item(&obj, limits)
    } else if obj.contains_key("body")
        && (obj.contains_key("source_url") || obj.contains_key("title"))
    {
        corpus_export(&obj, limits)
    } else {
        Err(Error::NotGovuk {
            reason: "neither a Content API item (base_path, schema_name) nor a corpus export (body, source_url)".into(),
        })
    }
}

/// Pinpoint's corpus export: `{title, description, body, source_url, last_updated, schema_name}`.
fn corpus_export(obj: &Map<String, Value>, limits: &Limits) -> Result<Document, Error> {
    let body = obj
        .get("body")
        .and_then(body_html)
        .ok_or_else(|| Error::MissingField {
            field: "body".into(),
        })?;
    let metadata = Metadata {
        title: str_field(obj, "title").map(str::to_owned),
        url: str_field(obj, "source_url").map(absolute),
        updated: str_field(obj, "last_updated").map(str::to_owned),
    };
    // An exported guide runs all its parts into one body, and its part titles carry no slug: which part (own page,
    // `base/slug`) a heading is on is lost, so `base#id` would open the first part without the heading. The guide's
    // printable version (`base/print`) holds every part on one page with the headings' ids.
    let anchor_base = (str_field(obj, "schema_name") == Some("guide")).then(|| "/print".to_owned());
    let (blocks, warnings) = fragment_blocks(&body, Vec::new(), anchor_base, limits)?;
    Ok(Document {
        metadata,
        blocks,
        warnings,
    })
}

/// A content-store item.
fn content_item(obj: &Map<String, Value>, limits: &Limits) -> Result<Document, Error> {
    let schema = str_field(obj, "schema_name")
        .or_else(|| str_field(obj, "document_type"))
        .unwrap_or("");
    let base_path = str_field(obj, "base_path").ok_or_else(|| Error::MissingField {
        field: "base_path".into(),
    })?;
    let empty = Map::new();
    let details = obj
        .get("details")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    match schema {
        "gone" | "vanish" => {
            return Err(Error::Gone {
                alternative: str_field(details, "alternative_path").map(absolute),
            });
        }
        "redirect" => {
            let redirects = obj
                .get("redirects")
                .and_then(Value::as_array)
                .ok_or_else(|| Error::MissingField {
                    field: "redirects".into(),
                })?;
            let dest = |r: &Value| {
                r.get("destination")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let exact = redirects
                .iter()
                .find(|r| r.get("path").and_then(Value::as_str) == Some(base_path))
                .and_then(dest);
            let to = exact
                .or_else(|| redirects.iter().find_map(dest))
                .ok_or_else(|| Error::MissingField {
                    field: "redirects[].destination".into(),
                })?;
            return Err(Error::Redirect { to: absolute(&to) });
        }
        _ => {}
    }

    let metadata = Metadata {
        title: str_field(obj, "title").map(str::to_owned),
        url: Some(absolute(base_path)),
        updated: str_field(obj, "public_updated_at")
            .or_else(|| str_field(obj, "updated_at"))
            .map(str::to_owned),
    };
    let mut blocks = Vec::new();
    let mut warnings = Vec::new();
    if let Some(notice) = obj.get("withdrawn_notice").and_then(Value::as_object) {
        if let Some(expl) = notice.get("explanation").and_then(Value::as_str) {
            let text = crate::parse_html_fragment(expl)
                .into_iter()
                .map(|b| b.text)
                .collect::<Vec<_>>()
                .join(" ");
            warnings.push(format!("withdrawn: {text}"));
        }
    }

    if let Some(parts) = details.get("parts").and_then(Value::as_array) {
        // A guide: each part is its own page at base_path/slug, so its title is the top heading and its blocks'
        // anchors are "/slug" or "/slug#heading-id" (see `pinpoint_model::Locator::deep_link`).
        if parts.is_empty() {
            warnings.push("guide has no parts: no text".into());
        }
        for (i, part) in parts.iter().enumerate() {
            let Some(part) = part.as_object() else {
                return Err(Error::MissingField {
                    field: format!("details.parts[{i}]"),
                });
            };
            let Some(body) = part.get("body").and_then(body_html) else {
                warnings.push(format!("details.parts[{i}] has no body"));
                continue;
            };
            let title = str_field(part, "title").map(str::to_owned);
            let slug = str_field(part, "slug").map(|s| format!("/{s}"));
            let (b, w) = fragment_blocks(&body, title.into_iter().collect(), slug, limits)?;
            blocks.extend(b);
            warnings.extend(w);
        }
    } else if let Some(body) = details.get("body").and_then(body_html) {
        let (b, w) = fragment_blocks(&body, Vec::new(), None, limits)?;
        blocks = b;
        warnings.extend(w);
    } else {
        // Publications whose content is only attachments (PDFs) have no body. That is not an error: the
        // document exists and its metadata is good; the caller fetches the attachments separately.
        warnings.push(format!(
            "{schema} item has no details.body: no text (content may be in attachments)"
        ));
    }
    if blocks.is_empty() && !warnings.iter().any(|w| w.contains("no text")) {
        warnings.push("body has no text".into());
    }
    Ok(Document {
        metadata,
        blocks,
        warnings,
    })
}
