//! Unit tests on PDFs built here with lopdf, each isolating one feature of text assembly or one hostile shape.

use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream};
use pinpoint_pdf::{extract, Error, Limits};

/// A document under construction: pages share one Helvetica font /F1 unless they bring their own resources.
struct Builder {
    doc: lopdf::Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
    font: ObjectId,
}

impl Builder {
    fn new() -> Self {
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
            font,
        }
    }

    fn fonts(&self) -> Dictionary {
        dictionary! { "F1" => self.font }
    }

    fn page_with(&mut self, content: &[u8], resources: Dictionary, extra: Dictionary) -> ObjectId {
        let content_id = self
            .doc
            .add_object(Stream::new(dictionary! {}, content.to_vec()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content_id,
            "Resources" => resources,
        };
        page.extend(&extra);
        let id = self.doc.add_object(page);
        self.kids.push(id.into());
        id
    }

    fn page(&mut self, content: &[u8]) -> ObjectId {
        let res = dictionary! { "Font" => self.fonts() };
        self.page_with(content, res, dictionary! {})
    }

    fn finish_with(mut self, catalog_extra: Dictionary) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => self.kids.clone(), "Count" => count },
            ),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => self.pages_id };
        catalog.extend(&catalog_extra);
        let catalog_id = self.doc.add_object(catalog);
        self.doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("save");
        out
    }

    fn finish(self) -> Vec<u8> {
        self.finish_with(dictionary! {})
    }
}

fn text_of(bytes: &[u8]) -> String {
    let doc = extract(bytes, &Limits::default()).expect("extract");
    doc.pages.iter().map(|p| p.text()).collect()
}

fn one_page(content: &str) -> String {
    let mut b = Builder::new();
    b.page(content.as_bytes());
    text_of(&b.finish())
}

#[test]
fn tj_kerning_and_word_gaps() {
    // Small kerning stays inside the word; -300 (0.3 em) is a word break, with no space glyph in sight.
    let t = one_page("BT /F1 12 Tf 72 700 Td [(Sc) 20 (hool) -30 (s) -300 (W) 80 (orld)] TJ ET");
    assert_eq!(t.trim(), "Schools World");
}

#[test]
fn text_too_small_to_read_is_not_extracted() {
    // KCSIE 2024 p. 14: Word's 1 pt bookmark residue "9F" between a word and its 8 pt footnote marker.
    let t = one_page(
        "BT /F1 12 Tf 72 700 Td (harassment) Tj ET BT /F1 1 Tf 135 700 Td (9F) Tj ET \
         BT /F1 8 Tf 136 700 Td (10) Tj ET",
    );
    assert!(!t.contains("9F"), "{t}");
    assert!(t.contains("harassment"), "{t}");
    assert!(t.contains("10"), "{t}");
}

#[test]
fn digits_drawn_separately_stay_one_number() {
    // "202" then "5" placed exactly where the advance ends: no "202 5".
    let t =
        one_page("BT /F1 12 Tf 72 700 Td (202) Tj ET BT /F1 12 Tf 72 700 Td 20.016 0 Td (5) Tj ET");
    assert_eq!(t.trim(), "2025");
}

#[test]
fn explicit_spaces_and_no_double_spaces() {
    let t = one_page("BT /F1 12 Tf 72 700 Td (a  b) Tj [( ) -400 (c)] TJ ET");
    assert_eq!(t.trim(), "a b c");
}

#[test]
fn text_state_operators_move_lines() {
    // TL and T*, ' and " each start a new line; Tc/Tw/Tz and Ts do not break the words.
    let t = one_page(
        "BT /F1 10 Tf 14 TL 72 700 Td 0.5 Tc (spaced) Tj 0 Tc T* 2 Tw (next line) Tj (third) ' 1 0 (fourth) \" \
         90 Tz T* (squeezed) Tj ET",
    );
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(
        lines,
        ["spaced", "next line", "third", "fourth", "squeezed"]
    );
}

#[test]
fn lines_are_ordered_top_to_bottom_whatever_the_drawing_order() {
    let t = one_page("BT /F1 12 Tf 72 100 Td (bottom) Tj ET BT /F1 12 Tf 72 700 Td (top) Tj ET");
    assert_eq!(t, "top\nbottom\n");
}

#[test]
fn superscript_footnote_marker_stays_on_its_line() {
    let mut b = Builder::new();
    b.page(b"BT /F1 12 Tf 72 700 Td (violence) Tj ET BT /F1 7 Tf 116.05 704 Td (9) Tj ET BT /F1 12 Tf 72 686 Td (next) Tj ET");
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    let page = &doc.pages[0];
    assert_eq!(page.lines.len(), 2);
    assert_eq!(page.lines[0].text(), "violence9");
    // Baseline of the line is the body text's, measured from the top.
    assert!((page.lines[0].y - 92.0).abs() < 0.01, "{}", page.lines[0].y);
    assert_eq!(page.lines[1].text(), "next");
}

#[test]
fn cm_and_form_xobject_with_matrix_and_own_resources() {
    let mut b = Builder::new();
    let form = b.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 500.into(), 500.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()],
            "Resources" => dictionary! { "Font" => dictionary! { "FX" => b.font } },
        },
        b"BT /FX 12 Tf 72 700 Td (inside form) Tj ET".to_vec(),
    ));
    let res = dictionary! { "Font" => b.fonts(), "XObject" => dictionary! { "X1" => form } };
    b.page_with(
        b"q 1 0 0 1 0 50 cm BT /F1 12 Tf 72 700 Td (page) Tj ET Q /X1 Do",
        res,
        dictionary! {},
    );
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    let page = &doc.pages[0];
    assert_eq!(page.text(), "page\ninside form\n");
    assert!((page.lines[0].y - 42.0).abs() < 0.01);
    assert!((page.lines[1].y - 192.0).abs() < 0.01);
}

#[test]
fn self_referencing_form_xobject_terminates() {
    let mut b = Builder::new();
    let form_id = b.doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => b.font }, "XObject" => dictionary! { "Me" => form_id } },
        },
        b"BT /F1 12 Tf 72 600 Td (loop) Tj ET /Me Do".to_vec(),
    );
    b.doc.objects.insert(form_id, Object::Stream(form));
    let res = dictionary! { "Font" => b.fonts(), "XObject" => dictionary! { "Me" => form_id } };
    b.page_with(b"/Me Do", res, dictionary! {});
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    assert_eq!(doc.pages[0].text(), "loop\n");
    assert!(
        doc.warnings.iter().any(|w| w.message.contains("cycle")),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn to_unicode_cmap_on_identity_h_font_with_ligature() {
    let mut b = Builder::new();
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        3 beginbfchar <0003> <0020> <0010> <FB01> <0011> <2019> endbfchar\n\
        1 beginbfrange <0020> <0039> <0061> endbfrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let to_unicode = b.doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
    let descendant = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Calibri-Bold",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 500,
        "W" => vec![3.into(), vec![250.into()].into(), 16.into(), 16.into(), 550.into()],
    });
    let font = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Calibri-Bold", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
    });
    let res = dictionary! { "Font" => dictionary! { "C0" => font } };
    // "the first’s" : t=0x33 h=0x27 e=0x24, space 0003, fi ligature 0010, r=0x31 s=0x32 t=0x33, ’ 0011, s.
    b.page_with(
        b"BT /C0 11 Tf 72 700 Td <003300270024000300100031003200330011 0032> Tj ET",
        res,
        dictionary! {},
    );
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    let line = &doc.pages[0].lines[0];
    assert_eq!(line.text(), "the first\u{2019}s");
    assert!(line.spans[0].bold);
    assert_eq!(line.spans[0].font_size, 11.0);
}

#[test]
fn differences_encoding_with_fi_ligature_and_curly_quotes() {
    let mut b = Builder::new();
    let font = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Italic",
        "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![1.into(), "fi".into(), "quoteright".into(), "uni2014".into(), "bullet".into(), "g77".into()] },
        "FirstChar" => 0, "Widths" => vec![Object::Integer(500); 256],
    });
    let res = dictionary! { "Font" => dictionary! { "T" => font } };
    b.page_with(b"BT /T 12 Tf 72 700 Td (\\001rst\\002s \\003 \\004 certi\\001cate \\223quoted\\224\\005) Tj ET", res, dictionary! {});
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    let line = &doc.pages[0].lines[0];
    assert_eq!(
        line.text(),
        "first\u{2019}s \u{2014} \u{2022} certificate \u{201c}quoted\u{201d}"
    );
    assert!(line.spans[0].italic);
    assert!(
        doc.warnings.is_empty()
            || doc
                .warnings
                .iter()
                .all(|w| !w.message.contains("no Unicode"))
    );
}

#[test]
fn two_columns_become_separate_spans_not_merged_words() {
    let mut b = Builder::new();
    b.page(
        b"BT /F1 10 Tf 72 700 Td (Left one) Tj 0 -12 Td (Left two) Tj ET \
          BT /F1 10 Tf 320 700 Td (Right one) Tj 0 -12 Td (Right two) Tj ET",
    );
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    let lines = &doc.pages[0].lines;
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].spans.len(), 2);
    assert_eq!(lines[0].spans[0].text.trim_end(), "Left one");
    assert_eq!(lines[0].spans[1].text, "Right one");
    assert!(lines[0].spans[1].x0 > 300.0);
}

#[test]
fn overprinted_fake_bold_is_not_doubled() {
    let t =
        one_page("BT /F1 12 Tf 72 700 Td (Warning) Tj ET BT /F1 12 Tf 72.3 700 Td (Warning) Tj ET");
    assert_eq!(t.trim(), "Warning");
}

#[test]
fn rotated_page_still_reads() {
    let mut b = Builder::new();
    let res = dictionary! { "Font" => b.fonts() };
    b.page_with(
        b"BT /F1 12 Tf 72 700 Td (Rotated page) Tj ET",
        res,
        dictionary! { "Rotate" => 90 },
    );
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    assert_eq!(doc.pages[0].text(), "Rotated page\n");
    assert_eq!((doc.pages[0].width, doc.pages[0].height), (792.0, 612.0));
}

#[test]
fn page_labels_and_outline_with_a_loop() {
    let mut b = Builder::new();
    let p: Vec<ObjectId> = (0..4)
        .map(|i| b.page(format!("BT /F1 12 Tf 72 700 Td (page {i}) Tj ET").as_bytes()))
        .collect();
    let outlines_id = b.doc.new_object_id();
    let a = b.doc.new_object_id();
    let c = b.doc.new_object_id();
    b.doc.objects.insert(
        a,
        Object::Dictionary(dictionary! { "Title" => Object::string_literal("Intro"), "Parent" => outlines_id, "Next" => c,
            "First" => c, "Dest" => vec![p[0].into(), "Fit".into()] }),
    );
    // c's Next points back at a: a loop.
    b.doc.objects.insert(
        c,
        Object::Dictionary(dictionary! { "Title" => Object::string_literal("Part 1"), "Parent" => outlines_id, "Next" => a,
            "A" => dictionary! { "S" => "GoTo", "D" => vec![p[2].into(), "XYZ".into()] } }),
    );
    b.doc.objects.insert(
        outlines_id,
        Object::Dictionary(dictionary! { "Type" => "Outlines", "First" => a, "Last" => c }),
    );
    let labels = dictionary! { "Nums" => vec![
        0.into(), dictionary! { "S" => "r" }.into(),
        2.into(), dictionary! { "S" => "D", "St" => 5, "P" => Object::string_literal("A-") }.into(),
    ] };
    let bytes = b.finish_with(dictionary! { "PageLabels" => labels, "Outlines" => outlines_id });
    let doc = extract(&bytes, &Limits::default()).unwrap();
    let labels: Vec<_> = doc
        .pages
        .iter()
        .map(|p| p.label.clone().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["i", "ii", "A-5", "A-6"]);
    let titles: Vec<_> = doc
        .outline
        .iter()
        .map(|o| (o.title.as_str(), o.depth, o.page))
        .collect();
    assert_eq!(titles, [("Intro", 0, Some(1)), ("Part 1", 1, Some(3))]);
}

#[test]
fn operator_budget_stops_an_endless_page() {
    let mut content = b"BT /F1 12 Tf 72 700 Td (start) Tj ET ".to_vec();
    content.extend(b"q Q ".repeat(200_000));
    content.extend(b"BT /F1 12 Tf 72 600 Td (never) Tj ET");
    let mut b = Builder::new();
    b.page(&content);
    let limits = Limits {
        max_operators_per_page: 10_000,
        ..Limits::default()
    };
    let doc = extract(&b.finish(), &limits).unwrap();
    assert_eq!(doc.pages[0].text(), "start\n");
    assert!(doc.warnings.iter().any(|w| w.message.contains("operators")));
}

#[test]
fn huge_content_stream_is_skipped_not_read() {
    let mut b = Builder::new();
    b.page(b"BT /F1 12 Tf 72 700 Td (small page) Tj ET");
    let mut big = b"BT /F1 12 Tf 72 700 Td (big page) Tj ET ".to_vec();
    big.extend(vec![b' '; 200_000]);
    b.page(&big);
    let limits = Limits {
        max_stream_bytes: 100_000,
        ..Limits::default()
    };
    let doc = extract(&b.finish(), &limits).unwrap();
    assert_eq!(doc.pages[0].text(), "small page\n");
    assert!(doc.pages[1].lines.is_empty());
    assert!(doc.warnings.iter().any(|w| w.page == Some(2)));
}

#[test]
fn deeply_nested_arrays_and_junk_in_content() {
    let mut content = b"BT /F1 12 Tf 72 700 Td ".to_vec();
    content.extend(b"[".repeat(100_000));
    content.extend(b"]".repeat(50_000));
    content.extend(b" TJ ) ] >> } \xff\xfe 1.2.3 -. (ok) Tj ET");
    let mut b = Builder::new();
    b.page(&content);
    let doc = extract(&b.finish(), &Limits::default()).unwrap();
    assert!(doc.pages[0].text().contains("ok"));
}

#[test]
fn missing_font_falls_back_with_a_warning() {
    let t = {
        let mut b = Builder::new();
        b.page_with(
            b"BT /Nope 12 Tf 72 700 Td (still here) Tj ET",
            dictionary! {},
            dictionary! {},
        );
        extract(&b.finish(), &Limits::default()).unwrap()
    };
    assert_eq!(t.pages[0].text(), "still here\n");
    assert!(t.warnings.iter().any(|w| w.message.contains("not found")));
}

#[test]
fn truncated_files_fail_cleanly_or_recover() {
    let mut b = Builder::new();
    b.page(b"BT /F1 12 Tf 72 700 Td (Potato) Tj ET");
    let bytes = b.finish();
    for cut in [10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
        match extract(&bytes[..cut], &Limits::default()) {
            Ok(doc) => assert!(doc.pages.iter().any(|p| p.text().contains("Potato"))),
            Err(e) => assert!(
                matches!(
                    e,
                    Error::Corrupt { .. } | Error::NoTextLayer | Error::NotPdf
                ),
                "{e:?}"
            ),
        }
    }
}

#[test]
fn not_a_pdf_and_too_large() {
    assert_eq!(
        extract(b"hello world", &Limits::default()).unwrap_err(),
        Error::NotPdf
    );
    assert_eq!(extract(b"", &Limits::default()).unwrap_err(), Error::NotPdf);
    let limits = Limits {
        max_file_bytes: 4,
        ..Limits::default()
    };
    assert!(matches!(
        extract(b"%PDF-1.4", &limits),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn encrypted_looking_file_is_encrypted_error() {
    let mut b = Builder::new();
    b.page(b"BT /F1 12 Tf 72 700 Td (secret) Tj ET");
    let enc = b.doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -4,
        "O" => Object::string_literal(vec![1u8; 32]), "U" => Object::string_literal(vec![2u8; 32]),
    });
    b.doc.trailer.set("Encrypt", enc);
    b.doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![3u8; 16]),
            Object::string_literal(vec![3u8; 16]),
        ],
    );
    let bytes = b.finish();
    assert!(matches!(
        extract(&bytes, &Limits::default()),
        Err(Error::Encrypted | Error::Corrupt { .. })
    ));
}

#[test]
fn image_only_page_is_no_text_layer() {
    let mut b = Builder::new();
    b.page(b"q 100 0 0 100 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q");
    assert_eq!(
        extract(&b.finish(), &Limits::default()).unwrap_err(),
        Error::NoTextLayer
    );
}

#[test]
fn two_column_page_reads_left_column_first() {
    let mut content = String::from(
        "BT /F1 10 Tf 72 740 Td (Heading across both columns of the page, set wide) Tj ET ",
    );
    for i in 0..8 {
        let y = 700 - i * 12;
        content.push_str(&format!(
            "BT /F1 10 Tf 72 {y} Td (left line {i} of text) Tj ET "
        ));
        content.push_str(&format!(
            "BT /F1 10 Tf 320 {y} Td (right line {i} of text) Tj ET "
        ));
    }
    content.push_str(
        "BT /F1 10 Tf 72 500 Td (Footer across both columns of the page, set wide too) Tj ET",
    );
    let text = one_page(&content);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 18, "{text}");
    assert!(lines[0].starts_with("Heading"));
    for i in 0..8 {
        assert_eq!(lines[1 + i], format!("left line {i} of text"));
        assert_eq!(lines[9 + i], format!("right line {i} of text"));
    }
    assert!(lines[17].starts_with("Footer"));
}
