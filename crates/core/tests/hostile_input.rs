//! Hostile input: paths that are not files, pathological nesting and repetition. Each
//! case ends with a result or a one-line error naming the file; the results are
//! checked, not the time taken (speed is measured by `examples/segment_bench.rs`).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use parallax_core::{load_bytes, load_path, ErrorKind};

/// A fresh temporary folder for one test.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-hostile-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `load_path` on another thread: a path that blocks would hang the test run, so the
/// test fails after a minute instead (the refusal itself takes microseconds).
fn load_path_or_hang(path: &Path) -> parallax_core::Result<parallax_core::Document> {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(load_path(&owned));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{} blocked the reader", path.display()))
}

fn assert_refused_as_not_a_file(path: &Path, what: &str) {
    let e = load_path_or_hang(path).expect_err("not a regular file");
    assert!(matches!(e.kind, ErrorKind::NotAFile(_)), "{e}");
    let message = e.to_string();
    assert!(
        message.starts_with(&format!("{}: not a regular file", path.display())),
        "{message}"
    );
    assert!(message.contains(what), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("article.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    assert_refused_as_not_a_file(&fifo, "named pipe");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_is_refused() {
    assert_refused_as_not_a_file(Path::new("/dev/zero"), "device");
}

#[test]
fn a_folder_is_refused() {
    let dir = temp_dir("folder");
    let inner = dir.join("story.html");
    std::fs::create_dir(&inner).unwrap();
    assert_refused_as_not_a_file(&inner, "folder");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_naming_the_file() {
    let dir = temp_dir("loop");
    let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let e = load_path_or_hang(&a).expect_err("a loop has no file");
    assert!(matches!(e.kind, ErrorKind::Io(_)), "{e}");
    assert!(e.to_string().starts_with(&a.display().to_string()), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_hundred_thousand_nested_divs_read_to_their_text() {
    let depth = 100_000;
    let mut html = String::from("<html><body><p>The ferry left the harbour at dawn.</p>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str("The deepest sentence sits here.");
    html.push_str(&"</div>".repeat(depth));
    html.push_str("<p>The crew came back at noon.</p></body></html>");
    let doc = load_bytes("deep.html", html.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
    for wanted in [
        "The ferry left the harbour at dawn.",
        "The deepest sentence sits here.",
        "The crew came back at noon.",
    ] {
        assert!(texts.contains(&wanted), "missing {wanted:?} in {texts:?}");
    }
}

#[test]
fn unclosed_formatting_tags_by_the_hundred_thousand_read_to_their_text() {
    let html = format!(
        "<html><body><p>{}The bold claim was made twice.</p></body></html>",
        "<b><i>".repeat(50_000)
    );
    let doc = load_bytes("bold.html", html.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        doc.sentences
            .iter()
            .any(|s| s.text == "The bold claim was made twice."),
        "{:?}",
        doc.sentences
    );
}

#[test]
fn a_sentence_repeated_three_hundred_thousand_times_is_read_whole() {
    let n = 300_000;
    let text = "He left. ".repeat(n);
    let doc = load_bytes("left.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.sentences.len(), n);
    assert!(doc.sentences.iter().all(|s| s.text == "He left."));
    let last = doc.sentences.last().unwrap();
    assert_eq!((last.start, last.end), (9 * (n - 1), 9 * (n - 1) + 8));
}

#[test]
fn a_hundred_thousand_short_lines_are_as_many_sentences() {
    let n = 100_000;
    let text: String = (0..n).map(|k| format!("Line {k} ends here.\n\n")).collect();
    let doc = load_bytes("lines.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.sentences.len(), n);
    assert_eq!(doc.blocks.len(), n);
    assert_eq!(
        doc.sentences[n - 1].text,
        format!("Line {} ends here.", n - 1)
    );
}

#[test]
fn a_comparison_with_too_many_sentence_pairs_is_refused_naming_the_longer_file() {
    let long = load_bytes("left.txt", "He left. ".repeat(300_000).as_bytes()).unwrap();
    let text: String = (0..200).map(|k| format!("Boat {k} came back. ")).collect();
    let short = load_bytes("boats.txt", text.as_bytes()).unwrap();
    let engine = parallax_core::Engine::lexical("test".into());
    let e = engine
        .compare(
            short,
            long,
            &std::sync::atomic::AtomicBool::new(false),
            &mut |_, _, _| {},
        )
        .expect_err("60 million pairs are over the limit");
    assert!(matches!(e.kind, ErrorKind::TooManyPairs { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "left.txt: too many sentences to compare (200 × 300000 sentence pairs; the limit is 40000000 pairs)"
    );
}
