//! Exports of a comparison of several articles, on a hand-built set of three: the
//! HTML matrix (one row per claim, filled cells, ⚠ on conflicts, exclusives, escaped
//! text) and the CSV (one row per claim, one column per article).

use parallax_core::multi::{join, MultiComparison};
use parallax_core::report::FactSpan;
use parallax_core::segment::document_from_sentences;
use parallax_core::{Comparison, Conflict, ConflictKind, Match, MatchKind, Summary};
use parallax_export::{export_multi, ExportFormat, ExportOptions};

fn matched(a: usize, b: usize, conflicts: Vec<Conflict>) -> Match {
    Match {
        a: vec![a],
        b: vec![b],
        score: 0.9,
        kind: MatchKind::Paraphrase,
        conflicts,
        diff: Vec::new(),
    }
}

fn pair(matches: Vec<Match>) -> Comparison {
    Comparison {
        documents: Vec::new(),
        matches,
        near_misses: Vec::new(),
        summary: Summary {
            a_shared: 0.0,
            b_shared: 0.0,
            verbatim: 0,
            edited: 0,
            paraphrase: 0,
            partial: 0,
            boilerplate: 0,
            conflicts: 0,
            shared_names: Vec::new(),
        },
        semantic: true,
        warnings: Vec::new(),
    }
}

/// A: two statements; B and C repeat the first, B with another count; C adds one
/// with markup in it.
fn three() -> MultiComparison {
    let doc = |name: &str, s: &[&str]| {
        let owned: Vec<String> = s.iter().map(|x| x.to_string()).collect();
        document_from_sentences(name, &owned)
    };
    let docs = vec![
        doc("a.txt", &["Fourteen people were hurt.", "The mayor spoke."]),
        doc("b.txt", &["Seventeen people were hurt."]),
        doc(
            "c.txt",
            &["Fourteen were hurt.", "<script>alert(1)</script> & more."],
        ),
    ];
    let span = |text: &str| FactSpan {
        sentence: 0,
        start: 0,
        end: text.chars().count(),
        text: text.into(),
    };
    let conflict = Conflict {
        kind: ConflictKind::Number,
        a: span("Fourteen"),
        b: span("Seventeen"),
    };
    join(
        docs,
        &[
            pair(vec![matched(0, 0, vec![conflict])]),
            pair(vec![matched(0, 0, Vec::new())]),
            pair(Vec::new()),
        ],
    )
}

fn opts() -> ExportOptions {
    ExportOptions {
        compared_on: "2026-12-02".into(),
        ..ExportOptions::default()
    }
}

#[test]
fn the_html_matrix_has_a_row_per_claim_with_cells_conflicts_and_exclusives() {
    let m = three();
    let page = String::from_utf8(export_multi(&m, ExportFormat::Html, &opts()).unwrap()).unwrap();
    assert!(page.contains("<h1>Comparison of 3 articles</h1>"));
    assert_eq!(page.matches("<tr class=\"claim\">").count(), m.claims.len());
    // The shared claim: A and B conflict (⚠), C carries it (●); A's second statement
    // and C's second are exclusives (one filled cell each).
    assert_eq!(page.matches("<td class=\"cell on\"").count(), 3 + 1 + 1);
    assert_eq!(page.matches(">⚠</td>").count(), 2);
    assert!(page.contains("number: A1 &quot;Fourteen&quot; vs B1 &quot;Seventeen&quot;"));
    assert!(page.contains("<h3>Only in C: c.txt</h3><ul><li><small>C2</small>"));
    assert!(!page.contains("<script>"), "article text is escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more."));
}

#[test]
fn the_csv_has_one_row_per_claim_and_one_column_per_article() {
    let m = three();
    let bytes = export_multi(&m, ExportFormat::Csv, &opts()).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "claim",
            "articles",
            "representative",
            "conflicts",
            "A: a.txt",
            "B: b.txt",
            "C: c.txt"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), m.claims.len());
    assert_eq!(&rows[0][1], "3");
    assert_eq!(&rows[0][3], "number: A1 \"Fourteen\" vs B1 \"Seventeen\"");
    assert_eq!(&rows[0][5], "B1: Seventeen people were hurt.");
    let exclusive_of_c = rows.iter().find(|r| r[6].starts_with("C2: ")).unwrap();
    assert_eq!(
        (&exclusive_of_c[1], &exclusive_of_c[4], &exclusive_of_c[5]),
        ("1", "", "")
    );
}

/// `pdftotext -raw` of a PDF, with white space removed so the layout's line breaks do
/// not matter.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("parallax-export-multi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("matrix.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, ./x setup)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn the_pdf_matrix_shows_the_articles_claims_conflicts_and_exclusives() {
    let m = three();
    let pdf = export_multi(&m, ExportFormat::Pdf, &opts()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Comparisonof3articles"), "{text}");
    assert!(text.contains("3claims,1carriedbyseveralarticles"), "{text}");
    // The shared claim with its conflict line, and C's exclusive with its label; the
    // markup in C's text is shown as text.
    assert!(
        text.contains("number:A1\"Fourteen\"vsB1\"Seventeen\""),
        "{text}"
    );
    assert!(text.contains("OnlyinC:c.txt"), "{text}");
    assert!(text.contains("C2<script>alert(1)</script>&more."), "{text}");
    // A's second statement is A's exclusive; B has none.
    assert!(text.contains("A2Themayorspoke."), "{text}");
    assert!(
        text.contains("OnlyinB:b.txtNone:everystatementiscarriedbyanotherarticle."),
        "{text}"
    );
}
