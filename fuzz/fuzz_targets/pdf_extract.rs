//! The PDF extractor on arbitrary bytes, with small budgets so that one input costs milliseconds: any panic, hang
//! or runaway allocation is a bug (the extractor promises an `Ok` or a clean `Err` for every input).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinpoint_pdf::{extract, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_pages: 50,
        max_stream_bytes: 1 << 20,
        max_operators_per_page: 50_000,
        max_glyphs_per_page: 20_000,
        max_form_depth: 8,
        max_outline_entries: 200,
    };
    let _ = extract(data, &limits);
});
