//! Hostile input through Pinpoint's real entry points: the `pinpoint ingest` binary on a mirror of hostile files
//! beside real documents, and the library parsers on files generated here (a decompression bomb, an endless content
//! stream, 10,000 pages, invalid UTF-8, deep nesting, billion laughs, a 50 MB JSON body).
//!
//! Each case must finish in bounded time (generous bounds: this is a safety net, not a benchmark) and, where a
//! separate process makes it measurable, bounded memory; recover the text where the file allows, and fail with a
//! clear error where it does not. `crates/pdf/tests/corpus.rs` checks each fixture of `../shared/fixtures/hostile-pdfs`
//! against the extractor alone; here the same files go through the whole ingest, together, with good documents that
//! must still go in.
//!
//! Generated files are built in memory by the small writers below (no binaries are committed).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

/// Runs `f` on a thread of its own; fails the test if it takes longer than `secs` (a hang must not hang CI).
fn bounded<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let t = Instant::now();
    std::thread::Builder::new()
        .name(what.to_owned())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("spawn");
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: did not finish within {secs} s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{what}: panicked after {:?}", t.elapsed())
        }
    }
}

// ------------------------------------------------------------------------------------------------------------------
// Writers for generated files
// ------------------------------------------------------------------------------------------------------------------

/// A zlib stream that inflates to `total` bytes repeating `pattern` (1 to 4 bytes), about 1,000 times smaller than
/// what it inflates to: one fixed-Huffman DEFLATE block of back-references of 258 bytes at distance
/// `pattern.len()`, 13 bits each. Written by hand so that a 2 GB bomb costs milliseconds to make.
fn zlib_repeat(pattern: &[u8], total: u64) -> Vec<u8> {
    assert!((1..=4).contains(&pattern.len()) && total >= pattern.len() as u64);
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        /// `len` bits of `value`, least significant first (DEFLATE's order for everything but Huffman codes).
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code: most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let rev = code.reverse_bits() >> (32 - len);
            self.put(u64::from(rev), len);
        }
        fn literal(&mut self, b: u8) {
            if b < 144 {
                self.code(0x30 + u32::from(b), 8);
            } else {
                self.code(0x190 + u32::from(b - 144), 9);
            }
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = fixed Huffman
    for &b in pattern {
        bits.literal(b);
    }
    let l = pattern.len() as u64;
    let mut written = l;
    while total - written >= 258 {
        bits.code(0xC5, 8); // length symbol 285: 258 bytes, no extra bits
        bits.code(l as u32 - 1, 5); // distance code d-1 for d in 1..=4, no extra bits
        written += 258;
    }
    while written < total {
        bits.literal(pattern[(written % l) as usize]);
        written += 1;
    }
    bits.code(0, 7); // end of block
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    let mut out = bits.out;
    out.extend(adler32_repeat(pattern, total).to_be_bytes());
    out
}

/// Adler-32 of `total` bytes repeating `pattern`, computed in closed form.
fn adler32_repeat(pattern: &[u8], total: u64) -> u32 {
    const M: u128 = 65521;
    let (n, l) = (u128::from(total), pattern.len() as u128);
    let (mut a, mut b) = (1u128, n % M);
    for (k, &x) in pattern.iter().enumerate() {
        let k = k as u128;
        if k >= n {
            break;
        }
        let count = (n - k).div_ceil(l);
        // Byte j adds x to the running sum A_i for every i ≥ j: (n − j) times in B.
        let weight = count * (n - k) - l * count * (count - 1) / 2;
        a = (a + u128::from(x) * count) % M;
        b = (b + u128::from(x) * (weight % M)) % M;
    }
    ((b << 16) | a) as u32
}

/// A PDF assembled from raw objects with a correct cross-reference table.
struct Pdf {
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    fn new() -> Pdf {
        Pdf {
            objects: Vec::new(),
        }
    }

    /// Adds an object; returns its number.
    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    /// Reserves a number for an object written later with [`Pdf::set`].
    fn reserve(&mut self) -> usize {
        self.add(Vec::new())
    }

    fn set(&mut self, n: usize, body: impl Into<Vec<u8>>) {
        self.objects[n - 1] = body.into();
    }

    fn stream(&mut self, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    /// A document of pages with the given content streams (already encoded: `(dict, data)`), Helvetica as /F1,
    /// and `info` as its information dictionary if given.
    fn document(pages: &[(&str, Vec<u8>)], info: Option<&[u8]>) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let font = pdf.add(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        );
        let tree = pdf.reserve();
        let mut kids = String::new();
        for (dict, data) in pages {
            let content = pdf.stream(dict, data);
            let page = pdf.add(format!(
                "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R \
                 /Resources << /Font << /F1 {font} 0 R >> >> >>"
            ));
            kids.push_str(&format!("{page} 0 R "));
        }
        pdf.set(
            tree,
            format!("<< /Type /Pages /Kids [{kids}] /Count {} >>", pages.len()),
        );
        let root = pdf.add(format!("<< /Type /Catalog /Pages {tree} 0 R >>"));
        let info = info.map(|i| pdf.add(i));
        pdf.finish(root, info)
    }

    fn finish(&self, root: usize, info: Option<usize>) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::with_capacity(self.objects.len());
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", self.objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        let info = info.map(|i| format!(" /Info {i} 0 R")).unwrap_or_default();
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root {root} 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n",
                self.objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

/// A content stream that writes `text` at the top of the page.
fn text_content(text: &str) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").into_bytes()
}

/// Page 1: a FlateDecode content stream that inflates to 2 GiB of spaces; page 2: "Survivor page".
fn decompression_bomb() -> Vec<u8> {
    Pdf::document(
        &[
            ("/Filter /FlateDecode", zlib_repeat(b" ", 2 << 30)),
            ("", text_content("Survivor page")),
        ],
        None,
    )
}

/// Page 1 writes "Before the flood", then `pairs` `q Q` operator pairs (4 bytes each, inflated from about 1/160
/// of that); page 2 is plain. 10 million pairs (40 MB) are under the stream budget and over the operator budget;
/// 50 million (200 MB) are over the stream budget.
fn flood_content(pairs: u64) -> Vec<u8> {
    let mut stream = text_content("Before the flood");
    stream.push(b' ');
    let flood = zlib_repeat(b"q Q\n", pairs * 4);
    Pdf::document(
        &[
            (
                "/Filter /FlateDecode",
                concat_zlib(&stream, &flood, pairs * 4),
            ),
            ("", text_content("After the flood")),
        ],
        None,
    )
}

/// One zlib stream inflating to `head` followed by what `flood` (a [`zlib_repeat`] stream of `flood_len` bytes)
/// inflates to: `head` goes in a stored, non-final DEFLATE block (byte-aligned, so `flood`'s blocks can follow it
/// as they are), and the checksum is combined.
fn concat_zlib(head: &[u8], flood: &[u8], flood_len: u64) -> Vec<u8> {
    // Stored block header: BFINAL=0, BTYPE=00 in the low bits of one byte, then LEN and NLEN.
    let mut out = vec![0x78, 0x01, 0x00];
    let len = u16::try_from(head.len()).expect("head under 64 kB");
    out.extend(len.to_le_bytes());
    out.extend((!len).to_le_bytes());
    out.extend(head);
    out.extend(&flood[2..flood.len() - 4]);
    let flood_adler = u32::from_be_bytes(flood[flood.len() - 4..].try_into().expect("4 bytes"));
    out.extend(adler32_combine(adler32(head), flood_adler, flood_len).to_be_bytes());
    out
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// zlib's adler32_combine: the checksum of A followed by B from those of A and B and B's length.
fn adler32_combine(a1: u32, a2: u32, len2: u64) -> u32 {
    const M: u64 = 65521;
    let rem = len2 % M;
    let (s1a, s2a) = (u64::from(a1 & 0xffff), u64::from(a1 >> 16));
    let (s1b, s2b) = (u64::from(a2 & 0xffff), u64::from(a2 >> 16));
    let sum1 = (s1a + s1b + M - 1) % M;
    let sum2 = (rem * s1a % M + s2a + s2b + M - rem) % M;
    ((sum2 << 16) | sum1) as u32
}

/// `pages` pages, each with a numbered paragraph of its own in mid-page (a line alone at the top or foot of every
/// page would be taken for a running header).
fn many_pages(pages: usize) -> Vec<u8> {
    let contents: Vec<(&str, Vec<u8>)> = (1..=pages)
        .map(|n| {
            let content = format!(
                "BT /F1 11 Tf 72 500 Td ({n}. The duty in paragraph {n} applies to every setting named in \
                 schedule {}.) Tj 0 -14 Td (Advisors should read it with the guidance on allegations.) Tj ET",
                n % 7 + 1
            );
            ("", content.into_bytes())
        })
        .collect();
    Pdf::document(&contents, None)
}

/// Text strings that are not UTF-8 (nor valid UTF-16): raw high bytes in a Tj, a UTF-16 BOM followed by a lone
/// surrogate and an odd byte in the title, and invalid UTF-8 in the author.
fn invalid_text_strings() -> Vec<u8> {
    let mut content =
        b"BT /F1 12 Tf 72 720 Td (Valid words then \xff\xfe\xc3\x41 bytes) Tj ET".to_vec();
    content.extend(b" BT /F1 12 Tf 72 700 Td <FEFFD800DC> Tj ET");
    Pdf::document(
        &[("", content)],
        Some(b"<< /Title <FEFFD800004100> /Author (\xc3\x41\xa0\xa1 bad) /Producer <FFFE> >>"),
    )
}

/// A page whose resources hold a dictionary nested 100,000 deep and an array nested 100,000 deep, beside text.
fn deeply_nested_objects() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    let mut deep_dict = b"<< /A ".repeat(100_000);
    deep_dict.extend(b"1 ");
    deep_dict.extend(b">> ".repeat(100_000));
    let dict = pdf.add(deep_dict);
    let mut deep_array = b"[".repeat(100_000);
    deep_array.extend(b"]".repeat(100_000));
    let array = pdf.add(deep_array);
    let tree = pdf.reserve();
    let content = pdf.stream("", &text_content("Nested but readable"));
    let page = pdf.add(format!(
        "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R \
         /Resources << /Font << /F1 {font} 0 R >> /Deep {dict} 0 R /Deeper {array} 0 R >> >>"
    ));
    pdf.set(
        tree,
        format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"),
    );
    let root = pdf.add(format!(
        "<< /Type /Catalog /Pages {tree} 0 R /Deep {dict} 0 R >>"
    ));
    pdf.finish(root, None)
}

/// CLML with the classic billion-laughs entity bomb in its DTD.
fn billion_laughs() -> Vec<u8> {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Legislation [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/legislation\"><Primary><Body><P1group><Title>&lol9;</Title></P1group></Body></Primary></Legislation>\n");
    xml.into_bytes()
}

/// A saved GOV.UK page whose main content nests `depth` `<div>`s around a paragraph.
fn deep_html(depth: usize) -> String {
    format!(
        "<html><head><title>Deep</title></head><body><main id=\"content\"><h1>Deep page</h1>{}<p>Lost in the middle.</p>{}</main></body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

/// A corpus-export JSON document whose body is `bytes` of paragraphs.
fn big_json(bytes: usize) -> Vec<u8> {
    let para = "<p>Safeguarding leads should record every concern about a child, however small it seems.</p>";
    let body = para.repeat(bytes / para.len() + 1);
    serde_json::to_vec(&serde_json::json!({
        "title": "A very long guide",
        "source_url": "https://www.gov.uk/guidance/long",
        "last_updated": "2024-01-01",
        "body": body,
    }))
    .expect("json")
}

// ------------------------------------------------------------------------------------------------------------------
// The writers themselves
// ------------------------------------------------------------------------------------------------------------------

#[test]
fn adler32_in_closed_form_agrees_with_the_definition() {
    for (pattern, n) in [
        (&b" "[..], 1u64),
        (b"q Q\n", 4),
        (b"ab", 1001),
        (b"xyz", 70_000),
        (b"\xff", 100_000),
    ] {
        let data: Vec<u8> = pattern.iter().copied().cycle().take(n as usize).collect();
        assert_eq!(
            adler32_repeat(pattern, n),
            adler32(&data),
            "{pattern:?} × {n}"
        );
    }
    let (x, y) = (b"hello ".as_slice(), b"world".as_slice());
    let whole = [x, y].concat();
    assert_eq!(
        adler32_combine(adler32(x), adler32(y), y.len() as u64),
        adler32(&whole)
    );
}

#[test]
fn generated_zlib_streams_inflate_to_what_they_claim() {
    // The extractor inflates content streams: a small page drawn through our own zlib writer must read back.
    let head = text_content("Inflated fine");
    let flood = zlib_repeat(b"q Q\n", 200_000_000);
    let small_flood = zlib_repeat(b" ", 10_000);
    let pdf = Pdf::document(
        &[(
            "/Filter /FlateDecode",
            concat_zlib(&head, &small_flood, 10_000),
        )],
        None,
    );
    let doc = pinpoint_pdf::extract(&pdf, &pinpoint_pdf::Limits::default()).expect("extracts");
    assert_eq!(doc.pages[0].text().trim(), "Inflated fine");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    // 200 MB from 1.3 MB: 13 bits per 258 bytes, the best a fixed-Huffman block does.
    assert!(flood.len() < 1_300_000, "{} bytes", flood.len());
}

// ------------------------------------------------------------------------------------------------------------------
// Generated hostile files through the library parsers
// ------------------------------------------------------------------------------------------------------------------

fn extract(what: &str, bytes: Vec<u8>) -> Result<pinpoint_pdf::Document, pinpoint_pdf::Error> {
    bounded(30, what, move || {
        pinpoint_pdf::extract(&bytes, &pinpoint_pdf::Limits::default())
    })
}

fn page_texts(doc: &pinpoint_pdf::Document) -> Vec<String> {
    doc.pages.iter().map(|p| p.text()).collect()
}

#[test]
fn decompression_bomb_is_cut_off_and_the_next_page_still_reads() {
    let bomb = decompression_bomb();
    assert!(bomb.len() < 14 << 20, "{} bytes", bomb.len());
    let doc = extract("2 GiB bomb", bomb).expect("the document still extracts");
    let texts = page_texts(&doc);
    assert_eq!(texts.len(), 2);
    assert!(texts[0].trim().is_empty(), "{:?}", texts[0]);
    assert_eq!(texts[1].trim(), "Survivor page");
    assert!(
        doc.warnings.iter().any(|w| w.page == Some(1)),
        "the bomb page is reported: {:?}",
        doc.warnings
    );
}

#[test]
fn endless_content_stream_stops_at_the_operator_budget() {
    // 20 million operators, 40 MB inflated: the page keeps what it drew before the budget ran out.
    let doc = extract("endless content", flood_content(10_000_000)).expect("extracts");
    let texts = page_texts(&doc);
    assert_eq!(texts[0].trim(), "Before the flood");
    assert_eq!(texts[1].trim(), "After the flood");
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.page == Some(1) && w.message.contains("operators")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn huge_content_stream_is_skipped_and_the_next_page_reads() {
    // 200 MB inflated, over the 64 MB stream budget: the page is left empty, with a warning, rather than read.
    let doc = extract("huge content", flood_content(50_000_000)).expect("extracts");
    let texts = page_texts(&doc);
    assert!(texts[0].trim().is_empty(), "{texts:?}");
    assert_eq!(texts[1].trim(), "After the flood");
    assert!(
        doc.warnings.iter().any(|w| w.page == Some(1)),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn ten_thousand_pages_all_read_and_a_lower_budget_refuses_them() {
    let pdf = many_pages(10_000);
    let copy = pdf.clone();
    let doc = extract("10,000 pages", pdf).expect("extracts");
    assert_eq!(doc.pages.len(), 10_000);
    for (i, text) in page_texts(&doc).iter().enumerate() {
        let n = i + 1;
        assert!(
            text.starts_with(&format!("{n}. The duty in paragraph {n} applies")),
            "{text:?}"
        );
    }
    let limits = pinpoint_pdf::Limits {
        max_pages: 5_000,
        ..Default::default()
    };
    let refused = bounded(30, "10,000 pages over budget", move || {
        pinpoint_pdf::extract(&copy, &limits)
    });
    let err = refused.expect_err("over the page budget");
    assert!(matches!(err, pinpoint_pdf::Error::TooLarge { .. }), "{err}");
    assert!(
        err.to_string().contains("5000") || err.to_string().contains("5,000"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_and_utf16_in_text_strings_read_what_is_valid() {
    let doc = extract("invalid text strings", invalid_text_strings()).expect("extracts");
    let text = page_texts(&doc).concat();
    assert!(text.contains("Valid words then"), "{text:?}");
    assert!(text.contains("bytes"), "{text:?}");
    // Whatever the title became, it is a valid Rust string (the type guarantees UTF-8) with no NULs.
    if let Some(title) = &doc.metadata.title {
        assert!(!title.contains('\0'), "{title:?}");
    }
}

#[test]
fn deeply_nested_dictionaries_and_arrays_do_not_overflow_the_stack() {
    let result = extract("100,000-deep objects", deeply_nested_objects());
    match result {
        Ok(doc) => assert!(page_texts(&doc).concat().contains("Nested but readable")),
        Err(e) => assert!(matches!(e, pinpoint_pdf::Error::Corrupt { .. }), "{e}"),
    }
}

#[test]
fn billion_laughs_clml_is_refused_at_once() {
    let t = Instant::now();
    let err = bounded(30, "billion laughs", || {
        pinpoint_html::parse_clml(&billion_laughs())
    })
    .expect_err("a DTD is refused");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert!(
        err.to_string().to_lowercase().contains("dtd")
            || err.to_string().to_lowercase().contains("xml"),
        "{err}"
    );
}

#[test]
fn hundred_thousand_deep_html_is_refused_before_it_is_built() {
    let html = deep_html(100_000);
    let page = html.clone();
    let t = Instant::now();
    let err = bounded(30, "deep page", move || {
        pinpoint_html::parse_govuk_page(page.as_bytes())
    })
    .expect_err("too deep");
    assert!(matches!(err, pinpoint_html::Error::TooDeep { .. }), "{err}");
    // In a GOV.UK JSON body too, and the fragment walker on its own.
    let json =
        serde_json::to_vec(&serde_json::json!({"title": "Deep", "body": html})).expect("json");
    let err = bounded(30, "deep JSON body", move || {
        pinpoint_html::parse_govuk_json(&json)
    })
    .expect_err("too deep");
    assert!(matches!(err, pinpoint_html::Error::TooDeep { .. }), "{err}");
    let fragment = deep_html(100_000);
    let err = bounded(30, "deep fragment", move || {
        pinpoint_html::parse_html_fragment_with(&fragment, &pinpoint_html::Limits::default())
    })
    .expect_err("too deep");
    assert!(matches!(err, pinpoint_html::Error::TooDeep { .. }), "{err}");
    // Refused by a scan, not after html5ever's quadratic tree building (about 40 s at this depth).
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    // 400 deep is within the limit and is read.
    let ok = bounded(30, "400 deep", || {
        pinpoint_html::parse_govuk_page(deep_html(400).as_bytes())
    })
    .expect("within limits");
    assert!(ok
        .blocks
        .iter()
        .any(|b| b.text.contains("Lost in the middle.")));
}

#[test]
fn fifty_megabyte_json_body_is_refused_and_ten_megabytes_is_read() {
    let big = big_json(50 << 20);
    let err = bounded(30, "50 MB JSON", move || {
        pinpoint_html::parse_govuk_json(&big)
    })
    .expect_err("over the size budget");
    assert!(
        matches!(err, pinpoint_html::Error::TooLarge { .. }),
        "{err}"
    );
    let ten = big_json(10 << 20);
    let doc = bounded(60, "10 MB JSON", move || {
        pinpoint_html::parse_govuk_json(&ten)
    })
    .expect("read");
    let text: usize = doc.blocks.iter().map(|b| b.text.len()).sum();
    assert!(text > 9 << 20, "{text} bytes of text");
}

#[test]
fn invalid_utf8_in_web_formats_is_replaced_or_refused_clearly() {
    // A saved page: replaced with U+FFFD, with a warning.
    let mut page = deep_html(2).into_bytes();
    let at = page
        .windows(4)
        .position(|w| w == b"Lost")
        .expect("paragraph");
    page.splice(at..at, b"\xff\xfe\xc3\x28 ".iter().copied());
    let doc = pinpoint_html::parse_govuk_page(&page).expect("a page with bad bytes is still read");
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.text.contains("Lost in the middle.")));
    assert!(!doc.warnings.is_empty(), "the replacement is reported");
    // CLML: legislation.gov.uk serves UTF-8 only, so bad bytes are an XML error.
    let clml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Legislation><Primary><Body><P1group><Title>Bad \xff\xfe</Title></P1group></Body></Primary></Legislation>";
    let err = pinpoint_html::parse_clml(clml).expect_err("not UTF-8");
    assert!(!err.to_string().is_empty());
    // JSON: not JSON at all.
    let err =
        pinpoint_html::parse_govuk_json(b"{\"title\": \"Bad \xff\xfe\", \"body\": \"<p>x</p>\"}")
            .expect_err("not UTF-8");
    assert!(err.to_string().to_lowercase().contains("json"), "{err}");
}

// ------------------------------------------------------------------------------------------------------------------
// Everything at once through `pinpoint ingest`
// ------------------------------------------------------------------------------------------------------------------

/// A document id from a file name: lowercase letters and digits, single hyphens.
fn slug(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Runs `pinpoint` with stdout to a file, polling the child's peak RSS (VmHWM) until it exits or `limit` passes.
/// Returns exit code, stdout, stderr, elapsed time and the peak RSS seen, in bytes.
fn run_measured(
    args: &[&std::ffi::OsStr],
    limit: Duration,
) -> (Option<i32>, String, String, Duration, u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
        .args(args)
        .env("CI", "1")
        .stdout(std::fs::File::create(&out_path).expect("out"))
        .stderr(std::fs::File::create(&err_path).expect("err"))
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn pinpoint");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak = peak.max(kb * 1024);
            }
        }
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if t.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pinpoint {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| {
        let mut s = String::new();
        std::fs::File::open(p)
            .and_then(|mut f| f.read_to_string(&mut s))
            .expect("read output");
        s
    };
    (
        status.code(),
        read(&out_path),
        read(&err_path),
        t.elapsed(),
        peak,
    )
}

#[test]
fn ingest_of_a_hostile_mirror_is_bounded_and_the_good_documents_still_go_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror = dir.path().join("mirror");
    std::fs::create_dir_all(&mirror).expect("mirror");

    // Real documents that must go in whatever else is in the mirror.
    let raw = shared().join("corpus/raw");
    let good = [
        "govuk-dismissal-your-rights.json",
        "ofsted-publication-of-outcome-summaries-govuk-print.pdf",
        "eur-2016-2243.xml",
    ];
    for name in good {
        std::fs::copy(raw.join(name), mirror.join(name)).expect("copy real document");
    }
    // Every hostile fixture.
    let fixtures = shared().join("fixtures/hostile-pdfs");
    let index_tsv = std::fs::read_to_string(fixtures.join("INDEX.tsv")).expect("INDEX.tsv");
    let listed: Vec<&str> = index_tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(listed.len(), 48, "INDEX.tsv lists the 48 fixtures");
    for name in &listed {
        std::fs::copy(fixtures.join(name), mirror.join(name)).expect("copy fixture");
    }
    // Generated ones.
    let generated: Vec<(&str, Vec<u8>)> = vec![
        ("gen-bomb.pdf", decompression_bomb()),
        ("gen-endless.pdf", flood_content(10_000_000)),
        ("gen-10000-pages.pdf", many_pages(10_000)),
        ("gen-invalid-text.pdf", invalid_text_strings()),
        ("gen-nested.pdf", deeply_nested_objects()),
        ("gen-laughs.xml", billion_laughs()),
        ("gen-deep.html", deep_html(100_000).into_bytes()),
        ("gen-50mb.json", big_json(50 << 20)),
    ];
    for (name, bytes) in &generated {
        std::fs::write(mirror.join(name), bytes).expect("write generated file");
    }

    let mut names: Vec<String> = good.iter().map(|s| s.to_string()).collect();
    names.extend(listed.iter().map(|s| s.to_string()));
    names.extend(generated.iter().map(|(n, _)| n.to_string()));
    let mut toml = String::new();
    for name in &names {
        let (format, kind) = match name.rsplit_once('.').map(|(_, e)| e) {
            Some("pdf") => ("pdf", "guidance"),
            Some("json") => ("govuk-json", "govuk-guide"),
            Some("html") => ("govuk-page", "govuk-guide"),
            _ => ("clml", "legislation"),
        };
        let id = slug(name);
        toml.push_str(&format!(
            "[[document]]\nid = \"{id}\"\ntitle = \"{id}\"\nkind = \"{kind}\"\npublisher = \"Test\"\n\n\
             [[document.edition]]\nid = \"2024-01-01\"\ncite_as = \"{id}\"\nurl = \"https://www.gov.uk/{id}\"\n\
             file = \"{name}\"\nformat = \"{format}\"\n\n"
        ));
    }
    let sources = dir.path().join("sources.toml");
    std::fs::write(&sources, toml).expect("sources");
    let index = dir.path().join("index");
    let common = |extra: &[&str]| -> Vec<std::ffi::OsString> {
        let mut v: Vec<std::ffi::OsString> = vec![
            "--index".into(),
            index.clone().into(),
            "--mirror".into(),
            mirror.clone().into(),
            "--sources".into(),
            sources.clone().into(),
        ];
        v.extend(extra.iter().map(Into::into));
        v
    };

    let args = common(&["ingest", "--json"]);
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let (code, stdout, stderr, elapsed, peak) = run_measured(&refs, Duration::from_secs(180));
    eprintln!(
        "hostile ingest: {} documents in {elapsed:.1?}, peak RSS {} MB",
        names.len(),
        peak >> 20
    );
    assert_eq!(
        code,
        Some(1),
        "some documents are rejected, none is fatal: {stderr}"
    );
    // Memory: the 2 GiB bomb, the 200 MB of operators and the 50 MB body must not be held whole. The real corpus
    // ingests in about 160 MB.
    assert!(peak < 1 << 30, "peak RSS {} MB", peak >> 20);

    let reports: std::collections::HashMap<String, Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| Some((v["doc_id"].as_str()?.to_owned(), v)))
        .collect();
    assert_eq!(
        reports.len(),
        names.len(),
        "one report per document:\n{stdout}"
    );
    let outcome = |name: &str| -> (&str, u64, String) {
        let r = &reports[&slug(name)];
        let kind = r["outcome"].as_str().unwrap_or_default();
        (kind, r["passages"].as_u64().unwrap_or(0), r.to_string())
    };

    let must_ingest = [
        // the real documents
        "govuk-dismissal-your-rights.json",
        "ofsted-publication-of-outcome-summaries-govuk-print.pdf",
        "eur-2016-2243.xml",
        // fixtures whose text a good reader recovers (INDEX.tsv), as the extractor alone does (corpus.rs)
        "qpdf__bad2-no-startxref.pdf",
        "qpdf__bad17-dictionary-errors.pdf",
        "qpdf__bad22-no-stream-length.pdf",
        "qpdf__bad24-wrong-length-expected-endstream.pdf",
        "qpdf__bad-xref-entry.pdf",
        "qpdf__pages-loop-kids-self.pdf",
        "qpdf__append-xref-loop.pdf",
        "qpdf__issue-149-xref-prev-loop.pdf",
        "qpdf__issue-106-zlib-data-error.pdf",
        "qpdf__damaged-stream-lzw.pdf",
        "qpdf__inherited-rotate.pdf",
        "qpdf__nested-form-xobjects.pdf",
        "derived__parent-loop.pdf",
        "pdfjs__xref_command_missing.pdf",
        "pdfjs__helloworld-bad-length.pdf",
        "pdfjs__Pages-tree-refs-kids-cycle.pdf",
        "pdfjs__copy_paste_ligatures.pdf",
        "pdfminer__issue-1113-evil-xobjects-cycle.pdf",
        "pdfminer__zen_of_python_corrupted-flate.pdf",
        "plumber__federal-register-p2-three-column.pdf",
        // generated files with recoverable text
        "gen-bomb.pdf",
        "gen-endless.pdf",
        "gen-10000-pages.pdf",
        "gen-invalid-text.pdf",
    ];
    let wrong: Vec<String> = must_ingest
        .iter()
        .filter_map(|name| {
            let (kind, passages, raw) = outcome(name);
            (kind != "ingested" || passages == 0)
                .then(|| format!("{name}: {raw}, {passages} passages"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "not ingested with text:\n{}",
        wrong.join("\n")
    );
    // Read, but cut into no passages: 30-page files whose only text is one "Potato N" line a page (which reads as
    // a running header), and a one-page statistics table (no sentences). Extracted correctly (crates/pdf/tests/
    // corpus.rs checks the text); what passages to make of them is the passage cutter's call.
    for name in [
        "qpdf__object-streams-xref-stream.pdf",
        "qpdf__enc-rc4-128-R3-no-userpw.pdf",
        "qpdf__enc-aes-128-V4-no-userpw.pdf",
        "qpdf__outlines-with-loop.pdf",
        "plumber__nics-rotated-90-table.pdf",
    ] {
        let (kind, _, raw) = outcome(name);
        assert_eq!(kind, "ingested", "{name}: {raw}");
    }
    let pages = reports[&slug("gen-10000-pages.pdf")]["pages"].as_u64();
    assert_eq!(pages, Some(10_000));

    // Files no reader can use: rejected, each with a reason a person can act on.
    for (name, reason) in [
        ("qpdf__bad1-not-a-pdf.pdf", "not a pdf"),
        ("qpdf__enc-rc4-40-R2-userpw-view.pdf", "password"),
        ("qpdf__enc-aes-256-R6-userpw-view.pdf", "password"),
        ("derived__truncated-scotus-transcript.pdf", "corrupt"),
        ("qpdf__issue-146-deeply-nested-array.pdf", "corrupt"),
        ("qpdf__empty-zero-pages.pdf", "no text"),
        ("gen-laughs.xml", "dtd"),
        ("gen-deep.html", "deep"),
        ("gen-50mb.json", "large"),
    ] {
        let (kind, _, raw) = outcome(name);
        assert_eq!(kind, "failed", "{name}: {raw}");
        assert!(
            raw.to_lowercase().contains(reason),
            "{name}: no {reason:?} in {raw}"
        );
    }
    // Everything else: a clean outcome either way (no panic turned into an "internal error").
    for name in &names {
        let (kind, _, raw) = outcome(name);
        assert!(kind == "ingested" || kind == "failed", "{name}: {raw}");
        assert!(!raw.contains("internal error"), "{name} panicked: {raw}");
    }

    // The index answers from what went in, including a hostile file's surviving page.
    for (question, doc) in [
        (
            "written reasons for dismissal",
            slug("govuk-dismissal-your-rights.json"),
        ),
        ("survivor page", slug("gen-bomb.pdf")),
        ("duty in paragraph 9999", slug("gen-10000-pages.pdf")),
    ] {
        let args = common(&["search", "--json", "--all-editions", question]);
        let out = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
            .args(&args)
            .output()
            .expect("search");
        let answer: Value = serde_json::from_slice(&out.stdout).expect("JSON answer");
        let hits = answer["hits"].as_array().expect("hits");
        assert!(
            hits.iter().take(3).any(|h| h["doc_id"] == doc.as_str()),
            "{question:?}: {doc} not in the top 3: {answer}"
        );
    }
}

// ------------------------------------------------------------------------------------------------------------------
// A 50 MB request body against `pinpoint serve`
// ------------------------------------------------------------------------------------------------------------------

/// Sends `head` and then up to `body_len` bytes of JSON-ish body on a raw connection (in HTTP chunks of 64 kB when
/// `chunked`), stopping when the server answers or closes; returns the status line and the body bytes sent.
fn send_big_body(addr: &str, head: &str, body_len: usize, chunked: bool) -> (String, usize) {
    use std::io::Write;
    use std::net::TcpStream;
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_millis(10)))
        .expect("timeout");
    stream.write_all(head.as_bytes()).expect("headers");
    let chunk: Vec<u8> = if chunked {
        let mut c = format!("{:x}\r\n", 64 << 10).into_bytes();
        c.extend(vec![b'['; 64 << 10]);
        c.extend(b"\r\n");
        c
    } else {
        vec![b'['; 64 << 10]
    };
    let mut sent = 0;
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    while sent < body_len {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                response.extend_from_slice(&buf[..n]);
                break;
            }
            Err(_) => {}
        }
        match stream.write(&chunk[..chunk.len().min(body_len - sent)]) {
            Ok(n) => sent += n,
            Err(_) => break, // the server closed the connection: it refused the rest
        }
    }
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    while !response.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&response);
    (text.lines().next().unwrap_or_default().to_owned(), sent)
}

#[test]
fn serve_refuses_a_fifty_megabyte_body_without_reading_it_and_keeps_serving() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror = dir.path().join("mirror");
    std::fs::create_dir_all(&mirror).expect("mirror");
    std::fs::copy(
        shared().join("corpus/raw/govuk-dismissal-your-rights.json"),
        mirror.join("dismissal.json"),
    )
    .expect("copy");
    let sources = dir.path().join("sources.toml");
    std::fs::write(
        &sources,
        "[[document]]\nid = \"dismissal\"\ntitle = \"Dismissal\"\nkind = \"govuk-guide\"\npublisher = \"GDS\"\n\n\
         [[document.edition]]\nid = \"2020-04-07\"\ncite_as = \"Dismissal\"\nurl = \"https://www.gov.uk/dismissal\"\n\
         file = \"dismissal.json\"\nformat = \"govuk-json\"\n",
    )
    .expect("sources");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pinpoint"))
        .arg("--index")
        .arg(dir.path().join("index"))
        .arg("--mirror")
        .arg(&mirror)
        .arg("--sources")
        .arg(&sources)
        .args(["serve", "--addr", "127.0.0.1:0", "--watch-secs", "0"])
        .env("CI", "1")
        .env("PINPOINT_ADMIN_TOKEN", "secret")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().expect("stdout");
    let pid = child.id();
    let _guard = Kill(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("pinpoint: serving on ") {
                let _ = tx.send(
                    url.trim()
                        .trim_start_matches("http://")
                        .trim_end_matches('/')
                        .to_owned(),
                );
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("server starts");
    let rss = |key: &str| -> u64 {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
            })
            .unwrap_or(0)
            * 1024
    };
    let before = rss("VmHWM:");

    let total = 50 << 20;
    for (path, chunked) in [
        ("/api/admin/reload", false),
        ("/api/admin/reload", true),
        ("/api/search?q=dismissal", false),
        ("/api/search?q=dismissal", true),
    ] {
        let length = if chunked {
            "Transfer-Encoding: chunked".to_owned()
        } else {
            format!("Content-Length: {total}")
        };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer secret\r\n\
             Content-Type: application/json\r\n{length}\r\n\r\n"
        );
        let t = Instant::now();
        let (status, sent) = bounded(30, "50 MB body", {
            let addr = addr.clone();
            move || send_big_body(&addr, &head, total, chunked)
        });
        if chunked {
            // No length up front: the server either refuses once the body passes its limit, or answers without
            // reading a body it has no use for. Either way it answers, and (below) does not buffer the body.
            assert!(
                status.starts_with("HTTP/1.1 "),
                "{path} chunked: {status:?} after {sent} bytes"
            );
            assert!(
                sent < total,
                "{path} chunked: the server read all {sent} bytes"
            );
        } else {
            assert!(
                status.contains(" 413 "),
                "{path}: refused by its Content-Length, got {status:?} after {sent} bytes"
            );
        }
        assert!(t.elapsed() < Duration::from_secs(30));
        eprintln!(
            "{path} ({length}): {status} after {sent} of {total} body bytes, {:?}",
            t.elapsed()
        );
    }
    let after = rss("VmHWM:");
    assert!(
        after < before + (20 << 20),
        "the body was not buffered: peak RSS {} MB → {} MB",
        before >> 20,
        after >> 20
    );
    // Still serving.
    let (status, _) = send_big_body(
        &addr,
        &format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
        0,
        false,
    );
    assert!(status.contains(" 200 "), "{status}");
}
