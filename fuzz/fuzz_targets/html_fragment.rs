//! The HTML walker shared by the GOV.UK parsers, on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let limits = pinpoint_html::Limits {
        max_bytes: 1 << 20,
        max_depth: 64,
        max_xml_nodes: 100_000,
    };
    let _ = pinpoint_html::parse_html_fragment_with(html, &limits);
    let _ = pinpoint_html::parse_html_fragment(html);
});
