//! Parallax's comparison engine.
//!
//! One pipeline, one module per stage:
//!
//! 1. [`ingest`]: bytes of a .txt, .md, .html, .pdf or .docx file → blocks of clean text;
//! 2. [`segment`]: blocks → sentences with spans, site chrome marked ([`boilerplate`]);
//! 3. [`represent`]: sentences → embeddings ([`embed`], kept on disk by [`cache`]),
//!    stems and facts;
//! 4. [`align`]: pair scores → matches, and near misses;
//! 5. [`diff`]: word-level differences inside each match, and the match's kind;
//! 6. [`conflict`]: facts a match's two sides state with different values;
//! 7. [`report`]: the [`Comparison`] and its [`Summary`].
//!
//! [`compare`] runs stages 3 to 7 for two segmented documents; [`load_path`],
//! [`load_bytes`] and [`load_text`] run stages 1 and 2.
//!
//! Every output type derives serde; [`Document`] is the contract the CLI, the app and
//! the exporters share.

pub mod align;
pub mod boilerplate;
pub mod cache;
pub mod compare;
pub mod conflict;
pub mod diff;
pub mod document;
pub mod embed;
pub mod error;
pub mod ingest;
pub mod multi;
pub mod report;
pub mod represent;
pub mod segment;

use std::path::Path;

pub use compare::{Engine, Stage};
pub use document::{Block, BlockKind, Document, Format, Sentence};
pub use error::{Error, ErrorKind, Result};
pub use report::{
    sentence_label, sentence_labels, Comparison, Conflict, ConflictKind, DiffOp, DiffSpan, Match,
    MatchKind, NearMiss, Summary,
};

/// Ingests and segments a file from disk.
pub fn load_path(path: &Path) -> Result<Document> {
    let (format, raw) = ingest::read_path(path)?;
    segment::build_document(&path.display().to_string(), format, raw)
}

/// Ingests and segments an in-memory file; `name` gives the extension hint and labels errors.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Document> {
    let (format, raw) = ingest::read_bytes(name, bytes)?;
    segment::build_document(name, format, raw)
}

/// Ingests pasted text (plain, Markdown or HTML, recognised from the content).
pub fn load_text(label: &str, text: &str) -> Result<Document> {
    let (format, raw) = ingest::read_text(text, None).map_err(|kind| Error::new(label, kind))?;
    segment::build_document(label, format, raw)
}
