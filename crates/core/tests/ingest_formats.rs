//! Every supported format of the same fixture article reads to the same sentences, and
//! bad input gets a clear error instead of a panic.

use std::path::PathBuf;

use parallax_core::{load_bytes, load_path, ErrorKind, Format};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ingest")
        .join(name)
}

/// The sentences that are not chrome, with white space normalised.
fn content(name: &str) -> Vec<String> {
    let doc = load_path(&fixture(name)).unwrap_or_else(|e| panic!("{e}"));
    doc.content_sentences()
        .map(|s| s.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

const KEY_SENTENCES: &[&str] = &[
    "More than 600 people were queuing outside the Elm St. entrance when the doors opened at 9.30 a.m., some of them since dawn.",
    "Head librarian Dr. Agnès Moreau said the new lobby, with its information desk by the door, would help first-time visitors find their way around all three floors.",
    "Opening hours have been extended until 8 p.m. on weekdays, and the full timetable is on the library’s website.",
    "Mayor Lionel Ashdown, who cut the ribbon, called the library “the living room of our town”.",
];

/// The fixture article in each supported format.
const FORMATS: [&str; 5] = [
    "library.txt",
    "library.md",
    "library.html",
    "library.pdf",
    "library.docx",
];

#[test]
fn every_format_yields_the_same_key_sentences() {
    let encodings = ["library-cp1252.txt", "library-utf16.txt"];
    for name in FORMATS.iter().chain(&encodings) {
        let sentences = content(name);
        for key in KEY_SENTENCES {
            let key = key.replace(
                "8 p.m.",
                if name.ends_with(".html") {
                    "8\u{a0}p.m."
                } else {
                    "8 p.m."
                },
            );
            let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                sentences.contains(&key),
                "{name}: missing {key:?} in {sentences:#?}"
            );
        }
    }
}

#[test]
fn formats_are_detected_from_content() {
    let expect = [
        ("library.md", Format::Markdown),
        ("library.html", Format::Html),
        ("library.pdf", Format::Pdf),
        ("library.docx", Format::Docx),
        ("library.txt", Format::Text),
    ];
    for (name, format) in expect {
        assert_eq!(load_path(&fixture(name)).unwrap().format, format, "{name}");
        // A wrong extension does not fool detection of binary containers and HTML.
        if matches!(format, Format::Pdf | Format::Docx | Format::Html) {
            let bytes = std::fs::read(fixture(name)).unwrap();
            assert_eq!(
                load_bytes("renamed.txt", &bytes).unwrap().format,
                format,
                "{name}"
            );
        }
    }
}

#[test]
fn titles_are_found() {
    for name in FORMATS {
        let doc = load_path(&fixture(name)).unwrap();
        assert_eq!(
            doc.title.as_deref(),
            Some("Millbrook library reopens after two-year renovation"),
            "{name}"
        );
    }
}

fn error_of(name: &str, bytes: &[u8]) -> parallax_core::Error {
    load_bytes(name, bytes).expect_err("bad input must be refused")
}

#[test]
fn empty_and_binary_input_are_refused_with_the_file_name() {
    let e = error_of("empty.txt", b"");
    assert!(matches!(e.kind, ErrorKind::Empty));
    assert_eq!(e.to_string(), "empty.txt: the file is empty");
    let junk: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let e = error_of("junk.bin", &junk);
    assert!(
        matches!(e.kind, ErrorKind::Binary | ErrorKind::Unsupported(_)),
        "{e}"
    );
}

#[test]
fn truncated_pdf_and_corrupted_docx_are_refused() {
    let pdf = std::fs::read(fixture("library.pdf")).unwrap();
    let e = error_of("cut.pdf", &pdf[..pdf.len() / 2]);
    assert!(matches!(e.kind, ErrorKind::Pdf(_)), "{e}");
    let docx = std::fs::read(fixture("library.docx")).unwrap();
    let mut broken = docx.clone();
    let middle = broken.len() / 2;
    broken[middle..].iter_mut().for_each(|b| *b = 0x5A);
    let e = error_of("broken.docx", &broken);
    assert!(matches!(e.kind, ErrorKind::Docx(_)), "{e}");
}

#[test]
fn zip_bomb_is_refused_by_the_size_limit() {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..80 {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let bytes = out.into_inner();
    assert!(bytes.len() < 1 << 20, "the bomb is small on disk");
    let e = error_of("bomb.docx", &bytes);
    assert!(e.to_string().contains("zip bomb"), "{e}");
}

#[test]
fn a_huge_text_file_is_refused_quickly_with_bounded_memory() {
    let dir = std::env::temp_dir().join(format!("parallax-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.txt");
    let line = "The council met again today and discussed the budget for the coming year.\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len());
    std::fs::write(&path, &text).unwrap();
    let e = load_path(&path).expect_err("50 MB of text is over the limit");
    assert!(matches!(e.kind, ErrorKind::TooLarge { .. }), "{e}");
    assert!(e.to_string().starts_with(&path.display().to_string()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_path_names_the_file() {
    let e = load_path(std::path::Path::new("/nonexistent/parallax/a.txt")).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("/nonexistent/parallax/a.txt: cannot read the file"),
        "{e}"
    );
}
