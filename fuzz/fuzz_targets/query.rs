//! The query parser on arbitrary text: analysis (labels, quotes, stop words, length limits) and the plan built
//! from it. Also the index's analyser, which both the plan and highlighting use.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pinpoint_search::QueryAnalyzer;

fuzz_target!(|question: &str| {
    let analyzer = QueryAnalyzer::new();
    if let Ok(analysis) = analyzer.analyze(question) {
        let plan = analyzer.plan(&analysis, pinpoint_index::FieldBoosts::default());
        assert!(!plan.clauses.is_empty() || analysis.words.is_empty());
        let _ = analysis.content_tokens();
    }
    for t in pinpoint_index::analyze(question) {
        // Highlighting slices the question and passages by these offsets.
        assert!(t.start <= t.end && t.end <= question.len());
        assert!(question.is_char_boundary(t.start) && question.is_char_boundary(t.end));
    }
});
