//! Debugging aid: `cargo run --release -p pinpoint-search --example explain -- INDEX THESAURUS "question" [PASSAGE_ID…]`
//! prints how the question is analysed, its query plan, the BM25 order before re-ranking, and where the given
//! passages stand in it.

use pinpoint_index::{FieldBoosts, Filter};
use pinpoint_search::{QueryAnalyzer, Thesaurus};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, index, thesaurus, question, ids @ ..] = args.as_slice() else {
        return Err("usage: explain INDEX THESAURUS QUESTION [PASSAGE_ID…]".into());
    };
    let index = pinpoint_index::Index::open(index)?;
    let analyzer = QueryAnalyzer::with_thesaurus(Thesaurus::load(thesaurus)?);
    let a = analyzer.analyze(question)?;
    println!("words: {:?}", a.words);
    for t in a.content_tokens() {
        println!(
            "  token {t:<16} idf {:.2}  related {:?}",
            index.idf(&t),
            index.related_terms(&t, 3)
        );
    }
    for e in &a.expansions {
        println!("  expansion {:?} replaces {:?}", e.words, e.replaces);
    }
    let plan = analyzer.plan(&a, FieldBoosts::default());
    let hits = index.search(&plan, &Filter::default(), 1000)?;
    if ids.iter().any(|i| i == "--all") {
        for (i, h) in hits.iter().enumerate() {
            let line = serde_json::json!({"rank": i + 1, "id": h.passage.id.to_string(), "text": h.passage.text});
            println!("{line}");
        }
        return Ok(());
    }
    for (i, h) in hits.iter().enumerate() {
        if i < 10 || ids.iter().any(|id| h.passage.id.to_string() == *id) {
            println!("{:4} {:7.3} {}", i + 1, h.score, h.passage.id);
        }
    }
    Ok(())
}
