//! The segmented document every later stage consumes: canonical text, blocks and sentences.
//!
//! Spans (`start`, `end`) are offsets in Unicode scalar values (Rust `char`s) into
//! [`Document::text`], end exclusive.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The format a document was read from, detected from its content first and its name second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Pdf,
    Docx,
}

/// The structural role of a block of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BlockKind {
    Heading,
    Paragraph,
    Quote,
    ListItem,
}

/// A paragraph-level unit of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Block {
    pub id: usize,
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
    /// Site chrome (share prompts, comment boxes, teasers, disclaimers, bylines).
    pub boilerplate: bool,
}

/// One sentence, the unit of comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Sentence {
    pub id: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The id of the block that holds this sentence.
    pub block: usize,
    pub boilerplate: bool,
}

/// A document after ingestion and segmentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Document {
    /// The path or label the document came from.
    pub path: String,
    pub format: Format,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    /// Canonical text: the blocks joined by blank lines.
    pub text: String,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// The sentences that are not site chrome.
    pub fn content_sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| !s.boilerplate)
    }

    /// Whether sentence `id` is a subheading ("What the inspection found"): it stands in
    /// a heading block after the first block that holds content (the headline's).
    pub fn is_subheading(&self, id: usize) -> bool {
        let block = self.sentences[id].block;
        self.blocks[block].kind == BlockKind::Heading
            && self
                .content_sentences()
                .next()
                .is_some_and(|first| first.block < block)
    }
}
