//! Saved web pages (tests/fixtures/web, written by make_web_fixtures.py): six invented
//! articles in German, Spanish, French, English, Italian and Dutch inside their sites'
//! chrome, with tables, figures, a list, a pull quote, breadcrumbs, share rows, tags and
//! teasers. The text
//! Parallax keeps unmarked is scored against the article's own text with word 4-gram
//! shingles, the measure of the public web-extraction benchmarks.

use std::collections::HashMap;
use std::path::PathBuf;

use parallax_core::load_path;

const PAGES: [&str; 6] = [
    "de-faehre",
    "es-elecciones",
    "fr-tempete",
    "en-standings",
    "it-ponte",
    "nl-fietsbrug",
];

fn web(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/web")
        .join(name)
}

/// Word 4-grams of a text, counted: words are runs of letters and digits, lower-cased.
fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = HashMap::new();
    for gram in words.windows(4) {
        *out.entry(gram.to_vec()).or_insert(0) += 1;
    }
    out
}

/// (shared, kept, gold) shingle counts of one page.
fn overlap(name: &str) -> (usize, usize, usize) {
    let doc = load_path(&web(&format!("{name}.html"))).unwrap_or_else(|e| panic!("{e}"));
    let kept: Vec<&str> = doc.content_sentences().map(|s| s.text.as_str()).collect();
    let gold = std::fs::read_to_string(web(&format!("{name}.gold.txt"))).unwrap();
    let (got, want) = (shingles(&kept.join(" ")), shingles(&gold));
    let shared = got
        .iter()
        .map(|(g, n)| want.get(g).map_or(0, |m| (*n).min(*m)))
        .sum();
    (shared, got.values().sum(), want.values().sum())
}

fn f1(shared: usize, kept: usize, gold: usize) -> (f64, f64, f64) {
    let p = shared as f64 / kept.max(1) as f64;
    let r = shared as f64 / gold.max(1) as f64;
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

#[test]
fn article_text_is_kept_and_site_chrome_is_marked_in_every_language() {
    let mut total = (0, 0, 0);
    let mut report = String::new();
    let mut worst: f64 = 1.0;
    for name in PAGES {
        let (shared, kept, gold) = overlap(name);
        let (p, r, f) = f1(shared, kept, gold);
        report.push_str(&format!("{name}: P {p:.3} R {r:.3} F1 {f:.3}\n"));
        worst = worst.min(f);
        total = (total.0 + shared, total.1 + kept, total.2 + gold);
    }
    let (p, r, f) = f1(total.0, total.1, total.2);
    report.push_str(&format!("all: P {p:.3} R {r:.3} F1 {f:.3}\n"));
    println!("{report}");
    assert!(f >= 0.97 && worst >= 0.93, "{report}");
}
