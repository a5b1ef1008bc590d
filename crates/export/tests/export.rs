//! End-to-end tests of the exports: the sample articles compared by the engine, and
//! hand-built comparisons (a large synthetic one, hostile text, other scripts),
//! checked with poppler's `pdfinfo`, `pdftotext`, `pdffonts` and `pdftoppm`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use parallax_core::{Comparison, Document, Engine, Match, MatchKind, NearMiss, Summary};
use parallax_export::{export, palette, ExportFormat, ExportOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn opts() -> ExportOptions {
    ExportOptions {
        include_boilerplate: false,
        full_texts: false,
        compared_on: "2026-11-23".into(),
    }
}

/// The bundled sample articles compared by the engine, as `parallax compare` does.
fn samples() -> &'static Comparison {
    static COMPARISON: OnceLock<Comparison> = OnceLock::new();
    COMPARISON.get_or_init(|| {
        let load = |name: &str| {
            parallax_core::load_path(&root().join("assets/samples").join(name)).unwrap()
        };
        Engine::new(None)
            .compare(
                load("harbor-bridge-courier.md"),
                load("harbor-bridge-gazette.txt"),
                &AtomicBool::new(false),
                &mut |_, _, _| {},
            )
            .unwrap()
    })
}

/// A comparison built by hand: `pairs` of (A sentence, B sentence) matched in order,
/// then `only_a` and `only_b` unmatched sentences.
fn handmade(pairs: &[(String, String)], only_a: &[String], only_b: &[String]) -> Comparison {
    let doc = |label: &str, texts: &mut dyn Iterator<Item = &String>| -> Document {
        let paragraphs: Vec<&str> = texts.map(String::as_str).collect();
        let doc = parallax_core::load_text(label, &paragraphs.join("\n\n")).unwrap();
        assert_eq!(doc.sentences.len(), paragraphs.len(), "one sentence each");
        doc
    };
    let a = doc(
        "a.txt",
        &mut pairs.iter().map(|(a, _)| a).chain(only_a.iter()),
    );
    let b = doc(
        "b.txt",
        &mut pairs.iter().map(|(_, b)| b).chain(only_b.iter()),
    );
    let matches: Vec<Match> = pairs
        .iter()
        .enumerate()
        .map(|(i, (ta, tb))| Match {
            a: vec![i],
            b: vec![i],
            score: 0.9,
            kind: MatchKind::Edited,
            conflicts: vec![],
            diff: parallax_core::diff::word_diff(ta, tb),
        })
        .collect();
    let share = |n: usize| pairs.len() as f32 / n as f32;
    Comparison {
        summary: Summary {
            a_shared: share(a.sentences.len()),
            b_shared: share(b.sentences.len()),
            verbatim: 0,
            edited: matches.len(),
            paraphrase: 0,
            partial: 0,
            boilerplate: 0,
            conflicts: 0,
            shared_names: vec![],
        },
        documents: vec![a, b],
        matches,
        near_misses: vec![],
        semantic: false,
        warnings: vec![],
    }
}

fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-export-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `program ARGS FILE TAIL` and returns its standard output.
fn run_with(program: &str, args: &[&str], file: &Path, tail: &[&str]) -> Vec<u8> {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .args(tail)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (poppler-utils, ./x setup): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn run(program: &str, args: &[&str], file: &Path) -> Vec<u8> {
    run_with(program, args, file, &[])
}

fn pages(pdf: &Path) -> usize {
    let info = String::from_utf8(run("pdfinfo", &[], pdf)).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo prints Pages")
        .trim()
        .parse()
        .unwrap()
}

/// Text with every white-space character removed, so that line breaks the layout
/// chose do not matter.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_text(pdf: &Path) -> String {
    // -raw keeps the content stream's order: each table cell's lines in sequence.
    squeeze(&String::from_utf8(run_with("pdftotext", &["-raw"], pdf, &["-"])).unwrap())
}

fn missing_statements(c: &Comparison, text: &str) -> Vec<String> {
    c.documents
        .iter()
        .flat_map(|d| d.content_sentences())
        .filter(|s| !text.contains(&squeeze(&s.text)))
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn pdf_of_the_samples_opens_and_holds_every_statement() {
    let c = samples();
    let pdf = export(c, ExportFormat::Pdf, &opts()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let file = write_temp("samples.pdf", &pdf);
    assert!(pages(&file) >= 2, "page 1, then the table");
    let text = pdf_text(&file);
    let missing = missing_statements(c, &text);
    assert!(missing.is_empty(), "not in the PDF: {missing:#?}");
    for expected in [
        "harbor-bridge-courier.md",
        "harbor-bridge-gazette.txt",
        "2026-11-23",
        "OnlyinA",
        "OnlyinB",
    ] {
        assert!(text.contains(expected), "PDF lacks {expected}");
    }
}

/// Decodes the binary PPM (P6) that `pdftoppm` writes: width, height, RGB bytes.
fn decode_ppm(ppm: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while ppm[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !ppm[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(std::str::from_utf8(&ppm[start..pos]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P6");
    assert_eq!(fields[3], "255");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &ppm[pos + 1..];
    assert_eq!(pixels.len(), w * h * 3);
    (w, h, pixels)
}

fn tint_rgb(index: usize) -> [u8; 3] {
    // The documented tint: 28% of the match colour over white.
    let hex = &palette()[index];
    let channel = |i: usize| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap();
    [0, 1, 2].map(|i| (f32::from(channel(i)) * 0.28 + 255.0 * 0.72).round() as u8)
}

fn count_near(pixels: &[u8], rgb: [u8; 3]) -> usize {
    pixels
        .chunks_exact(3)
        .filter(|p| (0..3).all(|i| p[i].abs_diff(rgb[i]) <= 3))
        .count()
}

#[test]
fn pages_show_the_match_tints() {
    assert_eq!(palette().len(), 7, "assets/palette.json: Okabe–Ito");
    let pdf = export(samples(), ExportFormat::Pdf, &opts()).unwrap();
    let file = write_temp("tints.pdf", &pdf);
    let render = |page: &str| run("pdftoppm", &["-r", "50", "-f", page, "-l", page], &file);
    let page1 = render("1");
    let (w, h, pixels) = decode_ppm(&page1);
    assert!(w > 300 && h > 400, "an A4 page at 50 dpi: {w}x{h}");
    for i in 0..palette().len() {
        let n = count_near(pixels, tint_rgb(i));
        assert!(n >= 20, "page 1 legend: tint {i} covers {n} pixels");
    }
    // Page 2 starts the table: its rows carry the first matches' tints.
    let page2 = render("2");
    let (_, _, pixels) = decode_ppm(&page2);
    let tinted = (0..3).filter(|&i| count_near(pixels, tint_rgb(i)) >= 200);
    assert_eq!(tinted.count(), 3, "rows of matches 1 to 3 are tinted");
}

#[test]
fn a_5000_sentence_comparison_exports_to_many_pages() {
    let sentence = |side: &str, i: usize| {
        format!(
            "Statement {i} of article {side} says that the harbour council met for the {i}th time and approved budget line {}.",
            i * 7 % 1000
        )
    };
    let pairs: Vec<(String, String)> = (0..2000)
        .map(|i| {
            (
                sentence("A", i),
                sentence("B", i).replace("approved", "rejected"),
            )
        })
        .collect();
    let only_a: Vec<String> = (2000..2500).map(|i| sentence("A", i)).collect();
    let only_b: Vec<String> = (2000..2500).map(|i| sentence("B", i)).collect();
    let c = handmade(&pairs, &only_a, &only_b);
    let total: usize = c.documents.iter().map(|d| d.sentences.len()).sum();
    assert_eq!(total, 5000);
    let pdf = export(&c, ExportFormat::Pdf, &opts()).unwrap();
    let file = write_temp("large.pdf", &pdf);
    let n = pages(&file);
    assert!(n > 10, "{n} pages");
    let text = pdf_text(&file);
    assert!(text.contains(&squeeze(&sentence("A", 1999))));
    assert!(text.contains(&squeeze(&sentence("B", 2499))));
}

#[test]
fn full_texts_are_appended_when_asked() {
    let c = samples();
    let short = export(c, ExportFormat::Pdf, &opts()).unwrap();
    let full_opts = ExportOptions {
        full_texts: true,
        ..opts()
    };
    let full = export(c, ExportFormat::Pdf, &full_opts).unwrap();
    let (short, full) = (
        write_temp("short.pdf", &short),
        write_temp("full.pdf", &full),
    );
    assert!(pages(&full) > pages(&short));
    assert!(pdf_text(&full).contains("Fulltexts"));
    assert!(!pdf_text(&short).contains("Fulltexts"));
}

/// Text that would run code, change the layout or open a link if read as markup.
const HOSTILE: &str = "He typed #panic(\"boom\") and *stars* and $x^2$ and ] and <script>alert(1)</script> into the form.";

#[test]
fn article_text_is_shown_as_text_never_as_markup() {
    let pairs = vec![(HOSTILE.to_string(), HOSTILE.replace("form", "box"))];
    let c = handmade(&pairs, &["A #set page(width: 1cm) note.".into()], &[]);
    let pdf = export(&c, ExportFormat::Pdf, &opts()).expect("no markup runs");
    let file = write_temp("hostile.pdf", &pdf);
    let text = pdf_text(&file);
    assert!(text.contains(&squeeze("#panic(\"boom\") and *stars* and $x^2$")));
    assert!(text.contains("#setpage(width:1cm)"));
    let html = parallax_export::html(&c, &opts()).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
}

#[test]
fn greek_cyrillic_and_cjk_use_the_embedded_fonts() {
    let pairs = vec![
        (
            "Ο δήμαρχος μίλησε στο λιμάνι.".to_string(),
            "Ο δήμαρχος μίλησε στην αποβάθρα.".to_string(),
        ),
        (
            "Мэр выступил в порту.".to_string(),
            "Мэр выступил на пристани.".to_string(),
        ),
        (
            "市长在港口发表了讲话。".to_string(),
            "市长在码头发表了讲话。".to_string(),
        ),
    ];
    let c = handmade(
        &pairs,
        &["港の橋が崩落した。".into()],
        &["항구 다리가 무너졌다.".into()],
    );
    let file = write_temp(
        "scripts.pdf",
        &export(&c, ExportFormat::Pdf, &opts()).unwrap(),
    );
    let text = pdf_text(&file);
    for word in ["δήμαρχος", "Мэр", "市长在港口", "港の橋", "항구"] {
        assert!(text.contains(word), "PDF text lacks {word}");
    }
    let fonts = String::from_utf8(run("pdffonts", &[], &file)).unwrap();
    assert!(fonts.contains("WenQuanYiMicroHei"), "{fonts}");
    assert!(fonts.contains("LibertinusSerif"), "{fonts}");
}

/// The HTML with its tags dropped and its entities decoded.
fn html_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn html_is_self_contained_and_holds_every_statement() {
    let c = samples();
    let html = String::from_utf8(export(c, ExportFormat::Html, &opts()).unwrap()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for resource in [
        "src=", "href=", "url(", "@import", "<link", "<script", "<img",
    ] {
        assert!(!html.contains(resource), "HTML loads something: {resource}");
    }
    let missing = missing_statements(c, &squeeze(&html_text(&html)));
    assert!(missing.is_empty(), "not in the HTML: {missing:#?}");
    // Every shown match has its tint.
    for (i, m) in c.matches.iter().enumerate() {
        if m.kind != MatchKind::Boilerplate {
            let [r, g, b] = tint_rgb(i % palette().len());
            assert!(html.contains(&format!("background:#{r:02X}{g:02X}{b:02X}")));
        }
    }
}

#[test]
fn boilerplate_is_left_out_unless_asked() {
    let c = samples();
    let chrome: Vec<&str> = c.documents[1]
        .sentences
        .iter()
        .filter(|s| s.boilerplate)
        .map(|s| s.text.as_str())
        .collect();
    assert!(!chrome.is_empty(), "the Gazette sample has site chrome");
    let plain = html_text(&parallax_export::html(c, &opts()).unwrap());
    let with = ExportOptions {
        include_boilerplate: true,
        ..opts()
    };
    let kept = html_text(&parallax_export::html(c, &with).unwrap());
    for s in chrome {
        assert!(!plain.contains(s), "left in: {s}");
        assert!(kept.contains(s), "not kept: {s}");
    }
}

#[test]
fn csv_parses_back_with_a_row_per_match_and_per_statement_only_one_side_makes() {
    let c = samples();
    let bytes = export(c, ExportFormat::Csv, &opts()).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "a_ids",
            "b_ids",
            "a_text",
            "b_text",
            "kind",
            "score",
            "conflicts",
            "near_miss",
            "near_miss_score"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (only, matches): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r[4].starts_with("only_"));
    let shown: Vec<&Match> = c
        .matches
        .iter()
        .filter(|m| m.kind != MatchKind::Boilerplate)
        .collect();
    assert!(!shown.is_empty());
    assert_eq!(matches.len(), shown.len());
    for row in &matches {
        let m = shown
            .iter()
            .find(|m| ids_of(&m.a, "A") == row[0])
            .expect("a row per match");
        let a_text: Vec<&str> =
            m.a.iter()
                .map(|&i| c.documents[0].sentences[i].text.as_str())
                .collect();
        assert_eq!(row[2], a_text.join(" "));
        assert_eq!(row[3].is_empty(), m.b.is_empty());
        assert_eq!(row[6].is_empty(), m.conflicts.is_empty());
        let score: f32 = row[5].parse().unwrap();
        assert!((score - m.score).abs() < 0.001);
        assert!(row[7].is_empty() && row[8].is_empty());
    }
    // Every statement (not chrome) of each side is in exactly one row: a match's or its
    // own, with its near miss when the comparison has one.
    for (side, (label, kind)) in [("A", "only_a"), ("B", "only_b")].into_iter().enumerate() {
        let (ids, text) = (side, side + 2);
        for s in c.documents[side]
            .sentences
            .iter()
            .filter(|s| !s.boilerplate)
        {
            let id = ids_of(&[s.id], label);
            let holding: Vec<_> = rows
                .iter()
                .filter(|r| r[ids].split(' ').any(|x| x == id))
                .collect();
            assert_eq!(holding.len(), 1, "{id} in {} rows", holding.len());
            let row = holding[0];
            if c.matched(side).contains(&s.id) {
                assert!(!row[4].starts_with("only_"), "{id}");
                continue;
            }
            assert_eq!(&row[4], kind);
            assert_eq!(row[text], s.text);
            assert!(row[1 - side].is_empty() && row[3 - side].is_empty() && row[5].is_empty());
            match c.closest(side, s.id) {
                Some((partner, score)) => {
                    assert_eq!(row[7], ids_of(&[partner], ["B", "A"][side]));
                    assert_eq!(row[8], format!("{score:.2}"));
                }
                None => assert!(row[7].is_empty() && row[8].is_empty()),
            }
        }
    }
    assert!(!only.is_empty());
    assert!(
        only.iter().any(|r| !r[7].is_empty()),
        "no near miss in the samples"
    );
}

/// The CSV's labels of sentence ids: numbered from 1, like the app's.
fn ids_of(ids: &[usize], label: &str) -> String {
    ids.iter()
        .map(|i| format!("{label}{}", i + 1))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn json_is_the_comparison_itself() {
    let c = samples();
    let bytes = export(c, ExportFormat::Json, &opts()).unwrap();
    let back: Comparison = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(&back, c);
}

#[test]
fn a_comparison_without_two_documents_is_refused() {
    let mut c = handmade(&[], &["One.".into()], &["Two.".into()]);
    c.documents.pop();
    for format in [ExportFormat::Pdf, ExportFormat::Html, ExportFormat::Csv] {
        let err = export(&c, format, &opts()).unwrap_err();
        assert!(err.to_string().contains("has 1"), "{err}");
    }
}

#[test]
fn near_misses_follow_the_statements_only_one_side_makes() {
    let mut c = handmade(
        &[],
        &["The ferry left the harbour at noon.".into()],
        &[
            "Gulls circled the quay.".into(),
            "A boat departed at midday.".into(),
        ],
    );
    c.near_misses = vec![NearMiss {
        a: 0,
        b: 1,
        score: 0.31,
    }];
    // Sentences are labelled from 1, like the app's: B id 1 is "B2".
    let expected = "closest in B2 (0.31, not a match): A boat departed at midday.";
    let html = String::from_utf8(export(&c, ExportFormat::Html, &opts()).unwrap()).unwrap();
    assert!(html_text(&html).contains(expected), "{html}");
    let pdf = write_temp("near.pdf", &export(&c, ExportFormat::Pdf, &opts()).unwrap());
    assert!(pdf_text(&pdf).contains(&squeeze(expected)));
    // Both unmatched statements of the pair lead to each other; the third has no lead.
    let back = "closest in A1 (0.31, not a match): The ferry left the harbour at noon.";
    assert!(html_text(&html).contains(back));
    assert_eq!(html.matches("closest in").count(), 2);
}
