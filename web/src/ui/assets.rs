//! The static files under `/assets/`, embedded into the binary so the server needs nothing beside it.
//!
//! Each page links an asset with `?v=` and a hash of its bytes (computed at compile time), so the files can be
//! cached for a year: a changed file gets a new address.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// One embedded file.
pub(crate) struct Asset {
    /// Its name under `/assets/`.
    pub name: &'static str,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: &'static [u8],
    /// FNV-1a of the bytes, for cache-busting addresses.
    pub hash: u64,
}

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

macro_rules! asset {
    ($name:literal, $type:literal) => {{
        const BYTES: &[u8] = include_bytes!(concat!("../../assets/", $name));
        Asset {
            name: $name,
            content_type: $type,
            bytes: BYTES,
            hash: fnv1a(BYTES),
        }
    }};
}

/// GOV.UK Frontend's styles (compiled with a system font stack) and Pinpoint's own.
pub(crate) const CSS: Asset = asset!("pinpoint.css", "text/css; charset=utf-8");
/// The copy buttons, and focus on the error summary when a page has one.
pub(crate) const JS: Asset = asset!("pinpoint.js", "text/javascript; charset=utf-8");
/// The tab icon.
pub(crate) const FAVICON: Asset = asset!("favicon.svg", "image/svg+xml");
/// GOV.UK Frontend's licence, served so the notice travels with the CSS.
pub(crate) const GOVUK_LICENSE: Asset = asset!("govuk/LICENSE", "text/plain; charset=utf-8");

const ALL: [&Asset; 4] = [&CSS, &JS, &FAVICON, &GOVUK_LICENSE];

/// The address to link: `/assets/NAME?v=HASH`.
pub(crate) fn url(asset: &Asset) -> String {
    format!("/assets/{}?v={:016x}", asset.name, asset.hash)
}

/// `GET /assets/{*path}`.
pub(crate) async fn serve(Path(path): Path<String>) -> Response {
    match ALL.iter().find(|a| a.name == path) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.bytes,
        )
            .into_response(),
        None => super::not_found_page(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_differ_by_content_and_urls_carry_them() {
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
        assert_eq!(
            url(&CSS),
            format!("/assets/pinpoint.css?v={:016x}", CSS.hash)
        );
    }

    #[test]
    fn css_uses_no_web_font() {
        let css = std::str::from_utf8(CSS.bytes).unwrap();
        assert!(!css.contains("@font-face"), "no font may be downloaded");
        assert!(
            !css.contains("GDS Transport"),
            "GOV.UK's typeface is for GOV.UK only"
        );
        assert!(
            css.contains(".govuk-button"),
            "GOV.UK Frontend is compiled in"
        );
    }
}
