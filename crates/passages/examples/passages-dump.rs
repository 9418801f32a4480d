//! Prints the passages cut from one PDF: `cargo run -p pinpoint-passages --example passages-dump -- FILE [guidance|act|si]`.

use pinpoint_model::{DocKind, Edition, Position, ProvisionKind};
use pinpoint_passages::{from_pdf, Layout};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: dump FILE [guidance|act|si]");
        std::process::exit(2);
    };
    let layout = match args.next().as_deref() {
        Some("act") => Layout::Legislation(ProvisionKind::Section),
        Some("si") => Layout::Legislation(ProvisionKind::Regulation),
        _ => Layout::Guidance,
    };
    let pdf = match pinpoint_pdf::extract_file(file.as_ref(), &Default::default()) {
        Ok(pdf) => pdf,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        }
    };
    let edition = Edition {
        doc: "doc".parse().expect("valid id"),
        id: "2000-01-01".parse().expect("valid date"),
        in_force_from: "2000-01-01".parse().expect("valid date"),
        title: file.clone(),
        cite_as: file.clone(),
        publisher: String::new(),
        kind: DocKind::Guidance,
        url: String::new(),
        source: file.clone(),
        note: None,
    };
    let built = from_pdf(&edition, &pdf, layout);
    for p in &built.passages {
        let pages = match &p.locator.position {
            Position::Pages(s) => {
                format!("p{}-{} [{}]", s.start(), s.end(), s.label().unwrap_or("-"))
            }
            Position::Anchor(a) => format!("#{}", a.as_deref().unwrap_or("")),
        };
        println!(
            "== {} {} | {} | {}",
            p.locator.label.key(),
            pages,
            p.locator.heading,
            p.text.split_whitespace().count()
        );
        println!("{}", p.text);
    }
    for w in &built.warnings {
        eprintln!("warning: {w}");
    }
}
