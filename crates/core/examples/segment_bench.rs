//! Segmentation and boilerplate marking at scale: builds documents of 1,000,000 short
//! sentences (one block of them, and 10,000 blocks of 100) and times
//! [`segment::build_document`] on each, then reads 64 MiB-limit-sized plain text through
//! [`parallax_core::load_bytes`]. Prints the machine's parallelism and each time; the
//! work is single-threaded, so the figures grow linearly with the input when the
//! stages are linear.
//!
//! `cargo run -p parallax_core --example segment_bench`

use std::time::Instant;

use parallax_core::ingest::{RawBlock, RawDocument};
use parallax_core::segment;
use parallax_core::{BlockKind, Format};

const SENTENCES: usize = 1_000_000;

/// Short sentences of a few shapes: plain, with a title, with a number and a time.
fn sentence(k: usize) -> String {
    match k % 4 {
        0 => format!("He left at {}.", k % 12 + 1),
        1 => "Mr. Tan stayed.".to_string(),
        2 => format!("Rain fell on day {}.", k % 30 + 1),
        _ => "Was it late?".to_string(),
    }
}

fn time_document(label: &str, blocks: Vec<RawBlock>) {
    let chars: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
    let raw = RawDocument {
        blocks,
        ..RawDocument::default()
    };
    let start = Instant::now();
    let doc = segment::build_document(label, Format::Text, raw).expect("text segments");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label}: {} sentences from {chars} chars in {secs:.2} s ({:.0} sentences/s)",
        doc.sentences.len(),
        doc.sentences.len() as f64 / secs
    );
}

fn main() {
    println!(
        "available_parallelism={}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let sentences: Vec<String> = (0..SENTENCES).map(sentence).collect();

    let one_block = RawBlock::new(BlockKind::Paragraph, sentences.join(" "));
    time_document("one block", vec![one_block]);

    let blocks = sentences
        .chunks(100)
        .map(|c| RawBlock::new(BlockKind::Paragraph, c.join(" ")))
        .collect();
    time_document("10,000 blocks", blocks);

    // The largest plain text the readers accept, through the whole reading path.
    let limit = parallax_core::ingest::MAX_TEXT_CHARS;
    let mut text = String::with_capacity(limit);
    let mut k = 0;
    while text.len() + 40 < limit {
        text.push_str(&sentence(k));
        text.push(if k % 50 == 49 { '\n' } else { ' ' });
        if k % 500 == 499 {
            text.push('\n');
        }
        k += 1;
    }
    let start = Instant::now();
    let doc = parallax_core::load_bytes("limit.txt", text.as_bytes()).expect("text reads");
    println!(
        "load_bytes of {} MB plain text: {} sentences in {:.2} s",
        text.len() / 1_000_000,
        doc.sentences.len(),
        start.elapsed().as_secs_f64()
    );
}
