//! Markdown: parsed with pulldown-cmark into headings, paragraphs, list items and quotes.
//! Links keep their text, emphasis markers and escapes disappear, inline HTML is dropped.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{normalize_space, RawBlock, RawDocument};
use crate::document::BlockKind;

pub fn read(text: &str) -> RawDocument {
    let mut reader = BlockCollector::default();
    let mut title: Option<(HeadingLevel, String)> = None;
    let mut heading_level = None;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                reader.begin(BlockKind::Heading);
                heading_level = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(level), Some(block)) = (heading_level.take(), reader.finish()) {
                    if title.as_ref().is_none_or(|(l, _)| level < *l) {
                        title = Some((level, block));
                    }
                }
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_) | Tag::TableRow | Tag::TableHead) => {
                reader.begin(reader.context_kind())
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::TableRow | TagEnd::TableHead,
            ) => {
                reader.finish();
            }
            Event::Start(Tag::BlockQuote(_)) => {
                reader.finish();
                reader.quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                reader.finish();
                reader.quote_depth -= 1;
            }
            Event::Start(Tag::Item) => {
                reader.item_depth += 1;
                reader.begin(BlockKind::ListItem);
            }
            Event::End(TagEnd::Item) => {
                reader.finish();
                reader.item_depth -= 1;
            }
            Event::Start(Tag::Link { .. }) => reader.link_depth += 1,
            Event::End(TagEnd::Link) => reader.link_depth -= 1,
            Event::End(TagEnd::TableCell) => reader.push(" "),
            Event::Text(t) | Event::Code(t) => reader.push(&t),
            Event::SoftBreak | Event::HardBreak => reader.push(" "),
            _ => {}
        }
    }
    reader.finish();
    RawDocument {
        title: title.map(|(_, t)| t),
        blocks: reader.blocks,
        ..Default::default()
    }
}

#[derive(Default)]
struct BlockCollector {
    blocks: Vec<RawBlock>,
    current: Option<RawBlock>,
    quote_depth: usize,
    item_depth: usize,
    link_depth: usize,
}

impl BlockCollector {
    fn context_kind(&self) -> BlockKind {
        if self.quote_depth > 0 {
            BlockKind::Quote
        } else if self.item_depth > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }

    fn begin(&mut self, kind: BlockKind) {
        // A paragraph inside a list item continues the item rather than starting anew.
        if let Some(current) = &self.current {
            if current.kind == BlockKind::ListItem
                && kind == BlockKind::ListItem
                && current.text.trim().is_empty()
            {
                return;
            }
        }
        self.finish();
        self.current = Some(RawBlock::new(kind, String::new()));
    }

    fn push(&mut self, text: &str) {
        let kind = self.context_kind();
        let block = self
            .current
            .get_or_insert_with(|| RawBlock::new(kind, String::new()));
        block.text.push_str(text);
        if self.link_depth > 0 {
            block.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
        }
    }

    /// Closes the current block; returns its text when it had any.
    fn finish(&mut self) -> Option<String> {
        let mut block = self.current.take()?;
        block.text = normalize_space(&block.text);
        if block.text.is_empty() {
            return None;
        }
        let text = block.text.clone();
        self.blocks.push(block);
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_structure_and_strips_markup() {
        let doc = read("# The *Big* Vote\n\nBy [Ana Ruiz](#)\n\nThe council **approved** the plan \\* twice.\n\n- first item\n- second item\n\n> A quoted line.\n");
        let got: Vec<(BlockKind, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (BlockKind::Heading, "The Big Vote"),
                (BlockKind::Paragraph, "By Ana Ruiz"),
                (
                    BlockKind::Paragraph,
                    "The council approved the plan * twice."
                ),
                (BlockKind::ListItem, "first item"),
                (BlockKind::ListItem, "second item"),
                (BlockKind::Quote, "A quoted line."),
            ]
        );
        assert_eq!(doc.title.as_deref(), Some("The Big Vote"));
        assert_eq!(doc.blocks[1].link_chars, "AnaRuiz".len());
    }
}
