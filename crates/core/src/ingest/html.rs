//! HTML: the main article is found with dom_smoothie (a port of Mozilla's Readability);
//! its headings, paragraphs, list items and quotes become blocks. Navigation, sidebars
//! and footers that Readability leaves out are site chrome and are not kept.

use dom_query::NodeRef;
use dom_smoothie::Readability;

use super::{normalize_space, RawBlock, RawDocument};
use crate::document::BlockKind;

pub fn read(html: &str) -> RawDocument {
    let article = Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok());
    let Some(article) = article else {
        // Readability found no article: fall back to every block of the page body.
        return blocks_of(html, None, None, None);
    };
    let title = Some(normalize_space(&article.title)).filter(|t| !t.is_empty());
    let byline = article
        .byline
        .map(|b| normalize_space(&b))
        .filter(|b| !b.is_empty());
    let mut doc = blocks_of(&article.content, title, byline, article.published_time);
    if doc.blocks.is_empty() {
        doc = blocks_of(html, doc.title, doc.byline, doc.date);
    }
    // Readability keeps the headline out of the content; put it back as the first block.
    if let Some(title) = &doc.title {
        if doc.blocks.first().is_none_or(|b| &b.text != title) {
            doc.blocks
                .insert(0, RawBlock::new(BlockKind::Heading, title.clone()));
        }
    }
    doc
}

fn blocks_of(
    html: &str,
    title: Option<String>,
    byline: Option<String>,
    date: Option<String>,
) -> RawDocument {
    let dom = dom_query::Document::from(html);
    let mut walker = Walker::default();
    walker.walk(&dom.root());
    walker.flush();
    let title = title.or_else(|| {
        let t = normalize_space(&dom.select("title").text());
        (!t.is_empty()).then_some(t)
    });
    RawDocument {
        title,
        byline,
        date,
        blocks: walker.blocks,
    }
}

#[derive(Default)]
struct Walker {
    blocks: Vec<RawBlock>,
    text: String,
    link_chars: usize,
    kind_stack: Vec<BlockKind>,
    link_depth: usize,
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "button", "select", "textarea", "head",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "form",
    "body",
    "address",
    "hr",
];

impl Walker {
    fn walk(&mut self, node: &NodeRef) {
        if node.is_text() {
            let text = node.text();
            self.text.push_str(&text);
            if self.link_depth > 0 {
                self.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
            }
            return;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if SKIPPED.contains(&name.as_str()) {
            return;
        }
        if name == "br" {
            self.text.push(' ');
            return;
        }
        let is_block = BLOCKS.contains(&name.as_str());
        let kind = match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
            "blockquote" => Some(BlockKind::Quote),
            "li" | "dd" | "dt" => Some(BlockKind::ListItem),
            _ => None,
        };
        if is_block {
            self.flush();
        }
        if let Some(kind) = kind {
            self.kind_stack.push(kind);
        }
        let is_link = name == "a";
        self.link_depth += usize::from(is_link);
        for child in node.children() {
            self.walk(&child);
        }
        self.link_depth -= usize::from(is_link);
        if is_block {
            self.flush();
        }
        if kind.is_some() {
            self.kind_stack.pop();
        }
    }

    fn flush(&mut self) {
        let text = normalize_space(&self.text);
        if !text.is_empty() {
            let kind = self
                .kind_stack
                .last()
                .copied()
                .unwrap_or(BlockKind::Paragraph);
            self.blocks.push(RawBlock {
                kind,
                text,
                link_chars: self.link_chars,
            });
        }
        self.text.clear();
        self.link_chars = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_article_and_leaves_the_chrome() {
        let filler = "The tram line will run from the harbour to the university, and the council expects it to carry many thousands of riders each weekday once it opens. ";
        let html = format!(
            "<html><head><title>Tram vote | Daily</title></head><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav>\
             <article><h1>Council backs tram</h1><p>{filler}</p><p>{filler}</p><blockquote><p>We waited years.</p></blockquote>\
             <ul><li>Stop one</li><li>Stop two</li></ul></article>\
             <footer>Copyright 2026 Daily. All rights reserved.</footer></body></html>"
        );
        let doc = read(&html);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("The tram line will run")),
            "{texts:?}"
        );
        assert!(texts.contains(&"We waited years."), "{texts:?}");
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("Home") || t.contains("All rights")),
            "{texts:?}"
        );
        let quote = doc
            .blocks
            .iter()
            .find(|b| b.text == "We waited years.")
            .unwrap();
        assert_eq!(quote.kind, BlockKind::Quote);
    }
}
