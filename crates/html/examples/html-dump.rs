//! Prints the blocks of a file: `cargo run -p pinpoint-html --example html-dump -- FILE [MAX]`. The parser is chosen
//! by extension (.json, .html, .xml).

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump FILE [MAX]");
        std::process::exit(2);
    };
    let max: usize = args
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(usize::MAX);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let t = std::time::Instant::now();
    let doc = if path.ends_with(".json") {
        pinpoint_html::parse_govuk_json(&bytes)
    } else if path.ends_with(".xml") {
        pinpoint_html::parse_clml(&bytes)
    } else {
        pinpoint_html::parse_govuk_page(&bytes)
    };
    let elapsed = t.elapsed();
    match doc {
        Err(e) => println!("{path}: error: {e}"),
        Ok(doc) => {
            println!(
                "{path}: {} blocks in {elapsed:?}; {:?}",
                doc.blocks.len(),
                doc.metadata
            );
            for w in &doc.warnings {
                println!("  warning: {w}");
            }
            for b in doc.blocks.iter().take(max) {
                println!(
                    "[{}] <{}> {:?}: {}",
                    b.heading.join(" › "),
                    b.anchor.as_deref().unwrap_or("-"),
                    b.kind,
                    b.text
                );
            }
        }
    }
}
