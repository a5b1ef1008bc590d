//! Property harness for the readers, on stable Rust: arbitrary bytes into each format's
//! reader, mutated copies of the fixtures (bytes of every file, the XML inside the
//! DOCX), and generated markup and prose, through [`parallax_core::load_bytes`].
//!
//! Every input must end in a document or an error, never a panic; within
//! [`TIME_LIMIT`]; and within the limits: no more text than
//! [`ingest::MAX_TEXT_CHARS`], sentences that are exactly their spans of the text,
//! one-line errors that name the file, and (on Linux) a peak memory under 1 GiB.
//!
//! `cargo test` runs it for a few seconds with a fixed seed. `./x fuzz 10m` runs it for
//! ten minutes with a fresh seed: `PARALLAX_FUZZ_SECS` sets the time and
//! `PARALLAX_FUZZ_SEED` the seed. A failing input is written to
//! `target/fuzz-failures/` with its seed and case number, which replay it.

use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use parallax_core::{ingest, load_bytes, Document};

/// The longest any one input may take.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// How long `cargo test` runs the harness.
const SHORT_RUN: Duration = Duration::from_secs(3);
/// The seed of the short run, so that `cargo test` is repeatable.
const SHORT_SEED: u64 = 17;
/// The most memory the process may ever hold, in bytes.
const MEMORY_LIMIT: u64 = 1 << 30;

const EXTENSIONS: [&str; 6] = ["txt", "md", "html", "pdf", "docx", "bin"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The fixture files the mutations start from, with their names.
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in [
        "tests/fixtures/ingest",
        "tests/fixtures/compare",
        "tests/fixtures/web",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.ends_with("README.md"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read(&p).unwrap()));
        }
    }
    out
}

/// The XML parts of a DOCX, to mutate and pack again.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().to_string(), data)
        })
        .collect()
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Fragments that steer mutations and generated inputs toward the readers' edge cases.
const TOKENS: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<b>",
    "<a href='x'>",
    "</a>",
    "<table><tr><td>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<li>",
    "<br>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&nbsp;",
    "%PDF-1.4",
    "PK\u{3}\u{4}",
    "obj",
    "endobj",
    "stream",
    "endstream",
    "xref",
    "trailer",
    "<w:p>",
    "<w:t>",
    "</w:t>",
    "</w:p>",
    "<w:tab/>",
    "# ",
    "## ",
    "> ",
    "* ",
    "- ",
    "1. ",
    "[",
    "](",
    ")",
    "**",
    "`",
    "```",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    ". ",
    "! ",
    "? ",
    "...",
    ". . . ",
    "Mr. ",
    "U.S. ",
    "a.m. ",
    "p. 5",
    "N°. ",
    "“",
    "”",
    "\"",
    "(",
    "\u{feff}",
    "\u{0}",
    "\u{7}",
    "\u{fffd}",
    "\u{202e}",
    "é",
    "日本",
    "😀",
    "He left. ",
    "By Jo Smith\n",
];

fn token(rng: &mut fastrand::Rng) -> &'static str {
    TOKENS[rng.usize(..TOKENS.len())]
}

/// One to eight random edits of `bytes`.
fn mutate(rng: &mut fastrand::Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.usize(1..=8) {
        let len = bytes.len();
        match rng.u8(..7) {
            0 if len > 0 => {
                let i = rng.usize(..len);
                bytes[i] ^= 1 << rng.u8(..8);
            }
            1 if len > 0 => {
                let i = rng.usize(..len);
                bytes[i] = rng.u8(..);
            }
            2 if len > 0 => bytes.truncate(rng.usize(..len)),
            3 if len > 0 => {
                let (a, b) = (rng.usize(..len), rng.usize(..len));
                let (a, b) = (a.min(b), a.max(b));
                let chunk = bytes[a..b.min(a + 4096)].to_vec();
                let at = rng.usize(..=len);
                let times = rng.usize(1..=16);
                for _ in 0..times {
                    bytes.splice(at..at, chunk.iter().copied());
                }
            }
            4 if len > 0 => {
                let (a, b) = (rng.usize(..len), rng.usize(..len));
                bytes.drain(a.min(b)..a.max(b));
            }
            5 => {
                let at = rng.usize(..=len);
                let t = token(rng).as_bytes().repeat(rng.usize(1..=4));
                bytes.splice(at..at, t);
            }
            _ => {
                let at = rng.usize(..=len);
                let junk: Vec<u8> = (0..rng.usize(1..64)).map(|_| rng.u8(..)).collect();
                bytes.splice(at..at, junk);
            }
        }
    }
}

/// Markup and prose made of [`TOKENS`] and words, sometimes with one token repeated
/// thousands of times (deep nesting, long runs of one character).
fn generated(rng: &mut fastrand::Rng) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the", "ferry", "Harbour", "council", "said", "5", "3.5", "I",
    ];
    let mut out = String::new();
    for _ in 0..rng.usize(1..400) {
        if rng.u8(..3) == 0 {
            out.push_str(WORDS[rng.usize(..WORDS.len())]);
            out.push(' ');
        } else {
            out.push_str(token(rng));
        }
    }
    if rng.bool() {
        let at = (0..=out.len())
            .filter(|&i| out.is_char_boundary(i))
            .nth(rng.usize(..=out.chars().count()))
            .unwrap_or(out.len());
        out.insert_str(at, &token(rng).repeat(rng.usize(1_000..20_000)));
    }
    out.into_bytes()
}

/// The input of case `case` under `seed`: a name and its bytes.
fn input(seed: u64, case: u64, fixtures: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let mut rng = fastrand::Rng::with_seed(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let ext = EXTENSIONS[rng.usize(..EXTENSIONS.len())];
    match rng.u8(..4) {
        0 => {
            let bytes = (0..rng.usize(..4096)).map(|_| rng.u8(..)).collect();
            (format!("random-{case}.{ext}"), bytes)
        }
        1 => (format!("generated-{case}.{ext}"), generated(&mut rng)),
        _ => {
            let (name, original) = &fixtures[rng.usize(..fixtures.len())];
            if name.ends_with(".docx") && rng.bool() {
                let mut parts = unzip(original);
                let k = rng.usize(..parts.len());
                mutate(&mut rng, &mut parts[k].1);
                return (format!("mutated-{case}-{name}"), zip_parts(&parts));
            }
            let mut bytes = original.clone();
            mutate(&mut rng, &mut bytes);
            // Sometimes the extension lies about the content.
            let name = if rng.u8(..4) == 0 {
                format!("mutated-{case}-{name}.{ext}")
            } else {
                format!("mutated-{case}-{name}")
            };
            (name, bytes)
        }
    }
}

/// What is wrong with the reader's answer for `name`, if anything.
fn check(name: &str, result: &parallax_core::Result<Document>) -> Option<String> {
    match result {
        Err(e) => {
            let message = e.to_string();
            if !message.starts_with(&format!("{name}: ")) || message.contains('\n') {
                return Some(format!(
                    "error is not one line naming the file: {message:?}"
                ));
            }
            None
        }
        Ok(doc) => {
            let chars: Vec<char> = doc.text.chars().collect();
            if chars.len() > ingest::MAX_TEXT_CHARS + 2 * doc.blocks.len() {
                return Some(format!("{} chars of text", chars.len()));
            }
            if doc.sentences.is_empty() {
                return Some("a document without sentences".into());
            }
            for s in &doc.sentences {
                let Some(span) = chars.get(s.start..s.end) else {
                    return Some(format!("sentence {} lies outside the text", s.id));
                };
                let span: String = span.iter().collect();
                if span != s.text || s.text.trim() != s.text || s.text.is_empty() {
                    return Some(format!("sentence {} is not its span: {:?}", s.id, s.text));
                }
                if s.block >= doc.blocks.len() {
                    return Some(format!("sentence {} has no block", s.id));
                }
            }
            None
        }
    }
}

fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace()
        .nth(1)?
        .parse::<u64>()
        .ok()
        .map(|kb| kb * 1024)
}

/// Saves a failing input for replay and returns where.
fn save_failure(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = root().join("target/fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(Path::new(name).file_name().unwrap());
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn readers_never_panic_hang_or_overrun_their_limits() {
    let long = std::env::var("PARALLAX_FUZZ_SECS").ok();
    let budget = long
        .as_deref()
        .map(|s| {
            Duration::from_secs(
                s.parse()
                    .expect("PARALLAX_FUZZ_SECS is a number of seconds"),
            )
        })
        .unwrap_or(SHORT_RUN);
    let seed = match std::env::var("PARALLAX_FUZZ_SEED") {
        Ok(s) => s.parse().expect("PARALLAX_FUZZ_SEED is a number"),
        Err(_) if long.is_some() => fastrand::u64(..),
        Err(_) => SHORT_SEED,
    };
    let fixtures = fixtures();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut case = 0u64;
    let mut slowest = (Duration::ZERO, String::new());
    // One worker thread reads the inputs; the test waits for each answer at most
    // TIME_LIMIT, so a hang is reported instead of waited out.
    let (to_worker, inputs) = mpsc::channel::<(String, Vec<u8>)>();
    let (to_test, answers) = mpsc::channel();
    std::thread::spawn(move || {
        for (name, bytes) in inputs {
            let start = Instant::now();
            let result = panic::catch_unwind(AssertUnwindSafe(|| load_bytes(&name, &bytes)));
            let verdict = match result {
                Ok(result) => check(&name, &result),
                Err(_) => Some("panicked".to_string()),
            };
            if to_test.send((verdict, start.elapsed())).is_err() {
                return;
            }
        }
    });
    while started.elapsed() < budget {
        let (name, bytes) = input(seed, case, &fixtures);
        to_worker.send((name.clone(), bytes.clone())).unwrap();
        let (verdict, took) = match answers.recv_timeout(TIME_LIMIT) {
            Ok(answer) => answer,
            Err(_) => {
                let saved = save_failure(&name, &bytes);
                panic!(
                    "seed {seed} case {case}: {name} ran past {TIME_LIMIT:?} (saved as {})",
                    saved.display()
                );
            }
        };
        if took > slowest.0 {
            slowest = (took, name.clone());
        }
        if let Some(why) = verdict {
            let saved = save_failure(&name, &bytes);
            failures.push(format!(
                "seed {seed} case {case}: {name}: {why} (saved as {})",
                saved.display()
            ));
        }
        case += 1;
    }
    let memory = peak_memory();
    println!(
        "fuzz: seed {seed}, {case} inputs in {:.1} s, slowest {:.2} s ({}), peak memory {} MB",
        started.elapsed().as_secs_f64(),
        slowest.0.as_secs_f64(),
        slowest.1,
        memory.map_or("?".to_string(), |m| (m >> 20).to_string())
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    if let Some(m) = memory {
        assert!(m < MEMORY_LIMIT, "peak memory {} MB", m >> 20);
    }
}
