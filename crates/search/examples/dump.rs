//! Export every indexed passage, of every edition, as wire-format JSON lines:
//! `cargo run --release -p pinpoint-search --example dump -- data/index > passages.jsonl`.
//! Used by experiments that need the passages outside Pinpoint (`experiments/minilm-rerank`).

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args().nth(1).ok_or("usage: dump INDEX_DIR")?;
    let index = pinpoint_index::Index::open(&root)?;
    let mut out = std::io::stdout().lock();
    for stats in index.editions() {
        for stored in index.passages_of(&stats.edition.doc, stats.edition.id)? {
            let hit = pinpoint_wire::WireHit::new(&stored.passage, &stored.edition, 0.0, &[]);
            writeln!(out, "{}", serde_json::to_string(&hit)?)?;
        }
    }
    Ok(())
}
