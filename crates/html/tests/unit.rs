//! Small hand-built inputs: structure, chrome removal and hostile input.

use pinpoint_html::*;

#[test]
fn list_joins_its_lead_in_and_headings_nest_with_anchors() {
    let html = r#"<h2 id="pay">Pay</h2><p>You must get:</p><ul><li>holiday pay</li><li><p>sick pay</p></li></ul>
        <h3 id="rates">Rates</h3><p>Rates&nbsp;change<br>yearly.</p><h2>Other</h2><p>End &amp; more.</p>"#;
    let blocks = parse_html_fragment(html);
    assert_eq!(blocks.len(), 3, "{blocks:#?}");
    assert_eq!(blocks[0].text, "You must get: • holiday pay • sick pay");
    assert_eq!(blocks[0].heading, vec!["Pay"]);
    assert_eq!(blocks[0].anchor.as_deref(), Some("pay"));
    assert_eq!(blocks[1].heading, vec!["Pay", "Rates"]);
    assert_eq!(blocks[1].anchor.as_deref(), Some("rates"));
    assert_eq!(blocks[1].text, "Rates change yearly.");
    assert_eq!(blocks[2].heading, vec!["Other"]);
    assert_eq!(blocks[2].anchor, None);
    assert_eq!(blocks[2].text, "End & more.");
}

#[test]
fn ordered_list_without_lead_in_keeps_numbers() {
    let blocks = parse_html_fragment(
        "<h2>A</h2><ol start=\"3\"><li>three</li><li>four<ul><li>sub</li></ul></li></ol>",
    );
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].text, "3. three 4. four ◦ sub");
}

#[test]
fn numbered_paragraphs_are_recognised() {
    let blocks = parse_html_fragment(
        "<p>12. Staff must be trained.</p><p>3.22 The home must</p><p>1.5 million homes</p>",
    );
    assert_eq!(blocks[0].kind, BlockKind::NumberedParagraph("12".into()));
    assert_eq!(blocks[0].text, "Staff must be trained.");
    assert_eq!(blocks[1].kind, BlockKind::NumberedParagraph("3.22".into()));
    assert_eq!(blocks[1].text, "The home must");
    assert_eq!(blocks[2].kind, BlockKind::Text);
}

#[test]
fn tables_give_one_block_per_row_labelled_by_header() {
    let html = "<table><thead><tr><th>Age</th><th>Rate</th></tr></thead><tbody><tr><td>21</td><td>£11</td></tr>\
                <tr><td>18</td><td>£8</td></tr></tbody></table>";
    let texts: Vec<String> = parse_html_fragment(html)
        .into_iter()
        .map(|b| b.text)
        .collect();
    assert_eq!(texts, vec!["Age: 21; Rate: £11", "Age: 18; Rate: £8"]);
}

#[test]
fn scripts_nav_callouts_and_hidden_text() {
    let html = r#"<script>var x = "cookies";</script><style>p{}</style><nav>Menu</nav>
        <div class="call-to-action"><p>Call 0300 123</p></div><p><span class="govuk-visually-hidden">Warning</span>Do this</p>
        <svg><text>svg</text></svg>"#;
    let texts: Vec<String> = parse_html_fragment(html)
        .into_iter()
        .map(|b| b.text)
        .collect();
    assert_eq!(texts, vec!["Call 0300 123", "Do this"]);
}

#[test]
fn broken_markup_is_recovered() {
    let blocks =
        parse_html_fragment("<h2 id=a>Head</h2><p>one <b>bold<p>two</div></span><ul><li>x<li>y");
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["one bold", "two • x • y"], "{blocks:#?}");
    assert!(blocks.iter().all(|b| b.heading == vec!["Head"]));
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let html = "<div>".repeat(100_000) + "text";
    let t = std::time::Instant::now();
    assert_eq!(
        parse_html_fragment_with(&html, &Limits::default()),
        Err(Error::TooDeep { limit: 512 })
    );
    assert!(parse_html_fragment(&html).is_empty());
    let page = format!("<html><body><main>{html}</main></body></html>");
    assert!(matches!(
        parse_govuk_page(page.as_bytes()),
        Err(Error::TooDeep { .. })
    ));
    assert!(t.elapsed().as_secs() < 5);
    // Deep but within the limit: parsed, no stack overflow.
    let ok = "<div>".repeat(400) + "<p>deep</p>";
    assert_eq!(parse_html_fragment(&ok)[0].text, "deep");
    // Thousands of unclosed <p>/<li> are not "deep".
    let many = "<ul>".to_owned() + &"<li>x".repeat(5000) + "</ul>" + &"<p>y".repeat(5000);
    assert_eq!(parse_html_fragment(&many).len(), 5001);
}

#[test]
fn size_limit() {
    let limits = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        parse_html_fragment_with("<p>hello world</p>", &limits),
        Err(Error::TooLarge { limit: 10 })
    );
    assert_eq!(
        parse_clml_with(b"<Legislation>......</Legislation>", &limits),
        Err(Error::TooLarge { limit: 10 })
    );
    assert!(matches!(
        parse_govuk_json_with(b"{\"body\": \"<p>long</p>\"}", &limits),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn page_keeps_main_content_only() {
    let page = r#"<!DOCTYPE html><html><head><title>X - GOV.UK</title>
        <link rel="canonical" href="https://www.gov.uk/x">
        <meta name="govuk:public-updated-at" content="2025-01-02T00:00:00+00:00"></head>
        <body><div class="govuk-cookie-banner"><p>We use cookies</p></div><header class="govuk-header"><p>GOV.UK</p></header>
        <main id="content"><h1>The title</h1><nav class="gem-c-contents-list"><ol><li>Intro</li></ol></nav>
        <div class="govspeak"><h2 id="intro">Intro</h2><p>Body text.</p></div>
        <div class="gem-c-feedback"><p>Is this page useful?</p></div></main>
        <footer class="govuk-footer"><p>Crown copyright</p></footer></body></html>"#;
    let doc = parse_govuk_page(page.as_bytes()).expect("parses");
    assert_eq!(doc.metadata.title.as_deref(), Some("The title"));
    assert_eq!(doc.metadata.url.as_deref(), Some("https://www.gov.uk/x"));
    assert_eq!(
        doc.metadata.updated.as_deref(),
        Some("2025-01-02T00:00:00+00:00")
    );
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(doc.blocks[0].text, "Body text.");
    assert_eq!(doc.blocks[0].anchor.as_deref(), Some("intro"));

    // Without govspeak, main is walked with the chrome filtered out.
    let bare = page.replace("class=\"govspeak\"", "");
    let doc = parse_govuk_page(bare.as_bytes()).expect("parses");
    let all: String = doc
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        all.contains("Body text.")
            && !all.contains("cookies")
            && !all.contains("useful")
            && !all.contains("Crown")
    );

    assert_eq!(
        parse_govuk_page(b"<html><body><main></main></body></html>"),
        Err(Error::NoText)
    );
}

#[test]
fn invalid_utf8_page_is_decoded_lossily_with_a_warning() {
    let doc = parse_govuk_page(b"<main><p>caf\xff ok</p></main>").expect("parses");
    assert_eq!(doc.blocks[0].text, "caf\u{fffd} ok");
    assert!(doc.warnings.iter().any(|w| w.contains("UTF-8")));
    assert!(matches!(
        parse_clml(b"<Legislation>\xff</Legislation>"),
        Err(Error::Xml { .. })
    ));
    assert!(matches!(
        parse_govuk_json(b"{\"body\": \"\xff\"}"),
        Err(Error::Json { .. })
    ));
}

#[test]
fn json_shapes_and_errors() {
    let export = br#"{"title":"T","body":"<h2 id=\"a\">A</h2><p>x</p>","source_url":"https://www.gov.uk/t","last_updated":"2020-01-01"}"#;
    let doc = parse_govuk_json(export).expect("export");
    assert_eq!(doc.metadata.url.as_deref(), Some("https://www.gov.uk/t"));
    assert_eq!(doc.blocks[0].anchor.as_deref(), Some("a"));
    // An exported guide's parts are run together, so its headings are linked on its printable version.
    let guide_export = br#"{"title":"G","schema_name":"guide","body":"<h2>Overview</h2><p>x</p><h2>Pay</h2><h2 id=\"rates\">Rates</h2><p>y</p>","source_url":"https://www.gov.uk/g"}"#;
    let doc = parse_govuk_json(guide_export).expect("guide export");
    let anchors: Vec<Option<&str>> = doc.blocks.iter().map(|b| b.anchor.as_deref()).collect();
    assert_eq!(anchors, vec![Some("/print"), Some("/print#rates")]);

    let guide = br#"{"base_path":"/g","schema_name":"guide","title":"G","public_updated_at":"2014-12-02T10:28:58.000+00:00",
        "details":{"parts":[{"title":"Overview","slug":"overview","body":"<p>first</p>"},
                            {"title":"Pay","slug":"pay","body":"<h2 id=\"rates\">Rates</h2><p>second</p>"}]}}"#;
    let doc = parse_govuk_json(guide).expect("guide");
    assert_eq!(doc.blocks[0].heading, vec!["Overview"]);
    // Each part is its own page: its anchors are paths under the guide's address.
    assert_eq!(doc.blocks[0].anchor.as_deref(), Some("/overview"));
    assert_eq!(doc.blocks[1].heading, vec!["Pay", "Rates"]);
    assert_eq!(doc.blocks[1].anchor.as_deref(), Some("/pay#rates"));
    assert_eq!(doc.metadata.url.as_deref(), Some("https://www.gov.uk/g"));

    let no_body = br#"{"base_path":"/p","schema_name":"publication","details":{}}"#;
    let doc = parse_govuk_json(no_body).expect("no body is ok");
    assert!(doc.blocks.is_empty() && !doc.warnings.is_empty());

    assert!(matches!(
        parse_govuk_json(b"not json"),
        Err(Error::Json { .. })
    ));
    assert!(matches!(
        parse_govuk_json(b"[1]"),
        Err(Error::NotGovuk { .. })
    ));
    assert!(matches!(
        parse_govuk_json(b"{\"a\":1}"),
        Err(Error::NotGovuk { .. })
    ));
    let deep = "[".repeat(100_000);
    assert!(matches!(
        parse_govuk_json(deep.as_bytes()),
        Err(Error::Json { .. })
    ));
}

const CLML_HEAD: &str = r#"<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation"
  xmlns:ukm="http://www.legislation.gov.uk/namespaces/metadata" xmlns:dc="http://purl.org/dc/elements/1.1/"
  DocumentURI="http://www.legislation.gov.uk/ukpga/2000/1">
  <ukm:Metadata><dc:title>Test Act 2000</dc:title><ukm:PrimaryMetadata><ukm:DocumentClassification>
  <ukm:DocumentMainType Value="UnitedKingdomPublicGeneralAct"/></ukm:DocumentClassification></ukm:PrimaryMetadata></ukm:Metadata>"#;

#[test]
fn clml_subsections_paragraphs_and_commentary() {
    let xml = format!(
        r#"{CLML_HEAD}<Primary><Body><Part id="part-1"><Number>PART 1</Number><Title>General</Title>
        <Pblock><Title>Duties</Title><P1group><Title>Duty to review</Title>
        <P1 id="section-16E"><Pnumber><CommentaryRef Ref="c1"/>16E</Pnumber><P1para>
          <P2 id="section-16E-1"><Pnumber>1</Pnumber><P2para><Text>An authority must<FootnoteRef Ref="f1"/>—</Text>
            <P3><Pnumber>a</Pnumber><P3para><Text>review, and</Text></P3para></P3>
            <P3><Pnumber>b</Pnumber><P3para><Text>report.</Text></P3para></P3></P2para></P2>
          <P2 id="section-16E-2"><Pnumber>2</Pnumber><P2para><Text>Amend as follows—</Text>
            <BlockAmendment><P2><Pnumber>3</Pnumber><P2para><Text>Quoted text.</Text></P2para></P2></BlockAmendment></P2para></P2>
        </P1para></P1></P1group>
        <P1group><Title>Repealed</Title><P1 id="section-17"><Pnumber>17</Pnumber><P1para><Text>. . . . .</Text></P1para></P1></P1group>
        <P1group><Title>Short</Title><P1 id="section-18"><Pnumber>18</Pnumber><P1para><Text>This Act is short.</Text></P1para></P1></P1group>
        </Pblock></Part></Body>
        <Schedules><Schedule id="schedule-2"><Number>SCHEDULE 2</Number><TitleBlock><Title>Extras</Title></TitleBlock>
        <ScheduleBody><P1 id="schedule-2-paragraph-3"><Pnumber>3</Pnumber><P1para><Text>Extra rule.</Text></P1para></P1></ScheduleBody></Schedule></Schedules>
        </Primary><Commentaries><Commentary id="c1"><Para><Text>F1 Words inserted</Text></Para></Commentary></Commentaries></Legislation>"#
    );
    let doc = parse_clml(xml.as_bytes()).expect("parses");
    assert_eq!(doc.metadata.title.as_deref(), Some("Test Act 2000"));
    assert_eq!(
        doc.metadata.url.as_deref(),
        Some("http://www.legislation.gov.uk/ukpga/2000/1")
    );
    let numbers: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Provision { number, .. } => number.clone(),
            k => format!("{k:?}"),
        })
        .collect();
    assert_eq!(numbers, vec!["16E(1)", "16E(2)", "18", "2 para 3"]);
    let b = &doc.blocks[0];
    assert_eq!(b.text, "An authority must— (a) review, and (b) report.");
    assert_eq!(
        b.heading,
        vec!["Part 1 — General", "Duties", "Duty to review"]
    );
    assert_eq!(b.anchor.as_deref(), Some("section-16E-1"));
    assert_eq!(
        b.kind,
        BlockKind::Provision {
            kind: ProvisionKind::Section,
            number: "16E(1)".into()
        }
    );
    assert_eq!(doc.blocks[1].text, "Amend as follows— (3) Quoted text.");
    assert_eq!(
        doc.blocks[3].kind,
        BlockKind::Provision {
            kind: ProvisionKind::Schedule,
            number: "2 para 3".into()
        }
    );
    assert_eq!(doc.blocks[3].heading, vec!["Schedule 2 — Extras"]);
    assert!(doc
        .blocks
        .iter()
        .all(|b| !b.text.contains("F1") && !b.text.contains("inserted")));
    assert!(doc.warnings.iter().any(|w| w.contains("1 repealed")));
}

#[test]
fn clml_refuses_billion_laughs_dtd_and_non_clml() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<Legislation><Primary><Body><P1><Pnumber>1</Pnumber><P1para><Text>&lol9;</Text></P1para></P1></Body></Primary></Legislation>"#;
    let t = std::time::Instant::now();
    assert!(matches!(
        parse_clml(bomb.as_bytes()),
        Err(Error::Xml { .. })
    ));
    assert!(t.elapsed().as_millis() < 500);
    assert!(matches!(parse_clml(b"<html/>"), Err(Error::Xml { .. })));
    assert!(matches!(
        parse_clml(b"<Legislation><Body>"),
        Err(Error::Xml { .. })
    ));
}

#[test]
fn clml_deep_nesting_is_an_error_not_a_crash() {
    let xml = "<Legislation><Primary><Body>".to_owned()
        + &"<Group>".repeat(100_000)
        + &"</Group>".repeat(100_000)
        + "</Body></Primary></Legislation>";
    assert!(matches!(
        parse_clml(xml.as_bytes()),
        Err(Error::TooDeep { .. }) | Err(Error::Xml { .. })
    ));
}
