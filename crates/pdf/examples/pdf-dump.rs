//! Prints the extracted text of a PDF: `cargo run -p pinpoint-pdf --example pdf-dump -- FILE [PAGE]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dump FILE [PAGE]");
        std::process::exit(2);
    };
    let page: Option<u32> = args.get(2).and_then(|p| p.parse().ok());
    let t = std::time::Instant::now();
    match pinpoint_pdf::extract_file(std::path::Path::new(path), &pinpoint_pdf::Limits::default()) {
        Ok(doc) => {
            for p in &doc.pages {
                if page.is_none_or(|n| n == p.number) {
                    println!("=== page {} label {:?}", p.number, p.label);
                    print!("{}", p.text());
                }
            }
            if std::env::var_os("OUTLINE").is_some() {
                for o in &doc.outline {
                    println!(
                        "{}{} -> {:?}",
                        "  ".repeat(o.depth as usize),
                        o.title,
                        o.page
                    );
                }
            }
            for w in doc.warnings.iter().take(20) {
                eprintln!("warning: {:?} {}", w.page, w.message);
            }
            eprintln!(
                "{} pages, {} outline entries, {:?}, {:?}",
                doc.pages.len(),
                doc.outline.len(),
                doc.metadata,
                t.elapsed()
            );
        }
        Err(e) => {
            eprintln!("error: {e} ({:?})", t.elapsed());
            std::process::exit(1);
        }
    }
}
