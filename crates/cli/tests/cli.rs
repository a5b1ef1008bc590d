//! End-to-end tests of the `parallax` binary on the project's own sample articles.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parallax(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs")
}

const A: &str = "assets/samples/harbor-bridge-courier.md";
const B: &str = "assets/samples/harbor-bridge-gazette.txt";

#[test]
fn compare_json_has_the_contract_fields() {
    let out = parallax(&["compare", A, B, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for doc in v["documents"].as_array().unwrap() {
        assert!(doc["path"].is_string() && doc["title"].is_string());
        for s in doc["sentences"].as_array().unwrap() {
            for field in ["id", "text", "start", "end", "boilerplate"] {
                assert!(!s[field].is_null(), "sentence lacks {field}");
            }
        }
    }
    let matches = v["matches"].as_array().unwrap();
    assert!(!matches.is_empty());
    for m in matches {
        for field in ["a", "b", "score", "kind", "conflicts", "diff"] {
            assert!(!m[field].is_null(), "match lacks {field}");
        }
    }
}

#[test]
fn the_shared_word_for_word_quote_is_matched_as_edited() {
    let out = parallax(&["compare", A, B, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = |doc: usize, id: &serde_json::Value| {
        v["documents"][doc]["sentences"][id.as_u64().unwrap() as usize]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let found = v["matches"].as_array().unwrap().iter().any(|m| {
        let a: Vec<String> = m["a"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| text(0, i))
            .collect();
        let b: Vec<String> = m["b"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| text(1, i))
            .collect();
        a.iter().any(|t| t.contains("full and honest explanation"))
            && b.iter().any(|t| t.contains("full and honest explanation"))
    });
    assert!(
        found,
        "the mayor's quote, repeated with one word added, must be matched"
    );
}

#[test]
fn inspect_marks_the_gazette_chrome_as_boilerplate() {
    let out = parallax(&["inspect", B, "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sentences = v["sentences"].as_array().unwrap();
    let flagged = |needle: &str| {
        sentences
            .iter()
            .find(|s| s["text"].as_str().unwrap().contains(needle))
            .map(|s| s["boilerplate"].as_bool().unwrap())
    };
    for chrome in [
        "Share this article",
        "Read more:",
        "Sign up for our newsletter",
        "LEAVE A REPLY",
        "Please enter your comment",
        "All rights reserved",
    ] {
        assert_eq!(flagged(chrome), Some(true), "{chrome}");
    }
    assert_eq!(flagged("The bridge was built in 1998."), Some(false));
}

#[test]
fn bad_input_exits_2_with_a_one_line_message() {
    let out = parallax(&["inspect", "tests/fixtures/no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("parallax: tests/fixtures/no-such-file.txt: cannot read the file"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
    assert!(!stderr.contains("panicked"));
}

#[test]
fn compare_writes_the_pdf_html_and_csv_files_it_is_asked_for() {
    let dir = std::env::temp_dir().join(format!("parallax-cli-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let [pdf, html, csv] = ["c.pdf", "c.html", "c.csv"].map(|n| dir.join(n));
    let out = parallax(&[
        "compare",
        A,
        B,
        "--pdf",
        pdf.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !page.contains("Please enter your comment!"),
        "chrome left out"
    );
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .starts_with("a_ids,b_ids,a_text,b_text,kind,score,conflicts,near_miss,near_miss_score\n"));
    assert!(!page.contains("<h2>Full texts</h2>"));
    // --boilerplate keeps the site chrome; --full-texts appends both texts.
    let out = parallax(&[
        "compare",
        A,
        B,
        "--boilerplate",
        "--full-texts",
        "--html",
        html.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Please enter your comment!"));
    assert!(page.contains("<h2>Full texts</h2>"));
}

#[test]
fn an_export_that_cannot_be_written_names_the_file_and_exits_1() {
    let target = "tests/fixtures/no-such-dir/out.pdf";
    let out = parallax(&["compare", A, B, "--pdf", target]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().last().unwrap();
    assert!(
        line.starts_with(&format!("parallax: {target}: cannot write:")),
        "{stderr}"
    );
}

/// The last line of `parallax bench SUITE PATH` on a fixture, as key=value pairs.
fn bench(suite: &str, path: &str) -> std::collections::HashMap<String, String> {
    let out = parallax(&["bench", suite, path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap_or_default();
    let rest = last
        .strip_prefix(&format!("{suite}: "))
        .unwrap_or_else(|| panic!("last line {last:?} does not start with {suite:?}"));
    rest.split(' ')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn bench_runs_each_suite_on_a_small_file_of_its_format() {
    let sts = bench("sts", "tests/fixtures/bench/sts.tsv");
    assert!(sts.contains_key("spearman") && sts.contains_key("cosine_spearman"));
    let pairs = bench("pairs", "tests/fixtures/bench/pairs.tsv");
    for key in ["P", "R", "F1", "acc", "auc"] {
        assert!(pairs.contains_key(key), "pairs line lacks {key}");
    }
    // Two date lines that differ by a minute are site chrome the engine never matches,
    // so their match score is 0, below every real pair, however alike their words.
    assert_eq!(pairs["auc"], "1.000");
    // bridge_2's sentence indices jump from 2 to 10; the gold link to "10" is found.
    let news = bench("news-ecb", "tests/fixtures/bench/news-ecb");
    assert_eq!(news["R"], "100.0", "{news:?}");
}

#[test]
fn the_summary_numbers_sentences_from_one_like_the_app() {
    let json: serde_json::Value =
        serde_json::from_slice(&parallax(&["compare", A, B, "--json"]).stdout).unwrap();
    let m = &json["matches"][0];
    let label = |side: &str, ids: &serde_json::Value| {
        ids.as_array()
            .unwrap()
            .iter()
            .map(|id| format!("{side}{}", id.as_u64().unwrap() + 1))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let header = format!("{} ~ {}", label("A", &m["a"]), label("B", &m["b"]));
    let text = String::from_utf8(parallax(&["compare", A, B]).stdout).unwrap();
    assert!(text.contains(&header), "no {header:?} in\n{text}");
}

const C: &str = "assets/samples/harbor-bridge-wire.txt";

#[test]
fn compare_of_three_files_prints_claims_by_coverage_then_exclusives() {
    let out = parallax(&["compare", A, B, C]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // Claim headers read "[3/3: A B C]": their counts never rise down the list.
    let counts: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix('['))
        .filter_map(|l| l.split_once('/'))
        .map(|(count, _)| count.parse().unwrap())
        .collect();
    assert!(!counts.is_empty(), "no claims in\n{text}");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(counts[0], 3, "some claim is in all three samples");
    let claims = text.find("== Claims carried by several articles").unwrap();
    let only = ["== Only in A", "== Only in B", "== Only in C"].map(|h| text.find(h).unwrap());
    assert!(claims < only[0] && only[0] < only[1] && only[1] < only[2]);
    // The wire alone reports the wind; the three give three counts of the injured.
    let only_c = &text[only[2]..];
    assert!(only_c.contains("Wind gusts of up to 60 km/h"), "{only_c}");
    assert!(
        text.contains("\"Fifteen\""),
        "the wire's count conflicts:\n{text}"
    );
}

#[test]
fn compare_of_three_files_as_json_is_the_multi_comparison() {
    let out = parallax(&["compare", A, B, C, "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 3);
    assert_eq!(v["articles"].as_array().unwrap().len(), 3);
    let shared = v["shared"].as_array().unwrap();
    assert!(shared.iter().all(|row| row.as_array().unwrap().len() == 3));
    for claim in v["claims"].as_array().unwrap() {
        for field in ["members", "representative", "conflicts"] {
            assert!(!claim[field].is_null(), "claim lacks {field}");
        }
    }
    assert!(v.get("matches").is_none());
}

#[test]
fn compare_of_three_files_exports_html_and_csv_and_refuses_pdf() {
    let dir = std::env::temp_dir().join(format!("parallax-cli-multi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let [html, csv, pdf] = ["m.html", "m.csv", "m.pdf"].map(|n| dir.join(n));
    let out = parallax(&[
        "compare",
        A,
        B,
        C,
        "--html",
        html.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("<h1>Comparison of 3 articles</h1>"));
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.starts_with("claim,articles,representative,conflicts,A: "));
    let out = parallax(&["compare", A, B, C, "--pdf", pdf.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn compare_of_one_file_is_a_usage_error() {
    let out = parallax(&["compare", A]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bench_multi_reads_topics_and_scores_claims_beside_pairs() {
    let multi = bench("multi", "tests/fixtures/bench/news-ecb-multi");
    for key in ["P", "R", "F1", "pairwise_P", "pairwise_R", "pairwise_F1"] {
        assert!(multi.contains_key(key), "multi line lacks {key}: {multi:?}");
    }
    assert_eq!(multi["topics"], "1");
    assert_eq!(multi["pairs"], "3");
    // Every gold link restates one sentence nearly word for word: all are found, in
    // whichever order the gold names the pair's documents.
    assert_eq!(multi["R"], "100.0", "{multi:?}");
    assert_eq!(multi["pairwise_R"], "100.0", "{multi:?}");
}
