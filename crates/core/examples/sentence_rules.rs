//! Scores the sentence splitter on a rule set kept outside the repository: a JSON file
//! holding a list of `[text, [sentence, ...]]` cases (docs/ingest.md says where the
//! English "Golden Rules" set comes from). Prints each failing case and the score.
//!
//! `cargo run -p parallax_core --example sentence_rules -- CASES.json`

use parallax_core::segment::split_sentences;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sentence_rules CASES.json");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let cases: Vec<(String, Vec<String>)> = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{path}: not a list of [text, [sentences]] cases: {e}");
        std::process::exit(2);
    });
    let mut passed = 0;
    for (i, (input, expected)) in cases.iter().enumerate() {
        let got: Vec<&str> = split_sentences(input).into_iter().map(|(_, s)| s).collect();
        if got == *expected {
            passed += 1;
        } else {
            println!(
                "case {}: {input}\n  expected {expected:?}\n  got      {got:?}",
                i + 1
            );
        }
    }
    println!("passed {passed}/{}", cases.len());
}
