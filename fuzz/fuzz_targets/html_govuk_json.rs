//! GOV.UK Content API JSON (and the corpus's export shape) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Small budgets: a fuzz input is a few kilobytes, and hitting the depth limit is part of what is tested.
    let limits = pinpoint_html::Limits {
        max_bytes: 1 << 20,
        max_depth: 64,
        max_xml_nodes: 100_000,
    };
    let _ = pinpoint_html::parse_govuk_json_with(data, &limits);
});
