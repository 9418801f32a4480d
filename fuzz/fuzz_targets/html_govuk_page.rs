//! A whole saved GOV.UK page on arbitrary bytes (invalid UTF-8 included: it is replaced, not refused).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = pinpoint_html::Limits {
        max_bytes: 1 << 20,
        max_depth: 64,
        max_xml_nodes: 100_000,
    };
    let _ = pinpoint_html::parse_govuk_page_with(data, &limits);
});
