//! HTML: the main article is found with dom_smoothie (a port of Mozilla's Readability);
//! its headings, paragraphs, list items, quotes and table rows become blocks. Navigation,
//! sidebars and footers that Readability leaves out are site chrome and are not kept.
//! Inside the article, structure marks what is chrome in any language: elements whose
//! tag, ARIA role or class names navigation, sharing, breadcrumbs, tags, comments, a
//! photo's caption or credit and the like ([`names_chrome`]), blocks that are only a
//! `<time>`, and lists made mostly of links. The headline loses the site's name a page
//! title adds ("Tram vote | Daily Courier"), told by the page's `<h1>` or its declared
//! site name ([`PageFacts::headline`]).
//!
//! Nesting is capped at [`MAX_DEPTH`] elements before parsing: the HTML parser scans
//! the stack of open elements for each new one, and Readability and the block walker
//! recurse through the tree, so a page of 100,000 nested `<div>`s would take minutes
//! (or overflow the stack). Tags deeper than the cap are dropped and their text joins
//! the element at the cap; real pages nest a few dozen deep.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use dom_query::NodeRef;
use dom_smoothie::{Config, Readability};

use super::{normalize_space, RawBlock, RawDocument, CELL_SEPARATOR};
use crate::document::BlockKind;

/// The deepest element nesting kept (libxml2's HTML parser uses the same limit).
pub const MAX_DEPTH: usize = 256;

pub fn read(html: &str) -> RawDocument {
    let html = cap_nesting(html, MAX_DEPTH);
    let html = html.as_ref();
    // Classes are kept so that the block walker can read the elements' roles.
    let config = Config {
        keep_classes: true,
        ..Config::default()
    };
    let article = Readability::new(html, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let Some(article) = article else {
        // Readability found no article: fall back to every block of the page body.
        return blocks_of(html, None, None, None, &HashSet::new());
    };
    let page = PageFacts::of(html);
    let title = Some(page.headline(&normalize_space(&article.title))).filter(|t| !t.is_empty());
    let byline = article
        .byline
        .map(|b| normalize_space(&b))
        .filter(|b| !b.is_empty());
    let mut doc = blocks_of(
        &article.content,
        title,
        byline,
        article.published_time,
        &page.chrome,
    );
    if doc.blocks.is_empty() {
        doc = blocks_of(html, doc.title, doc.byline, doc.date, &page.chrome);
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

/// The most quotes [`mark_pull_quotes`] looks up, and the most words one may have.
const PULL_QUOTES_CHECKED: usize = 100;
const PULL_QUOTE_WORDS: usize = 40;

/// A quote whose words stand in the article's other text is a pull quote, a display
/// copy of a sentence the reader meets anyway: chrome, so the sentence counts once.
fn mark_pull_quotes(blocks: &mut [RawBlock]) {
    let fold = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let quotes: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            b.kind == BlockKind::Quote && b.text.split_whitespace().count() <= PULL_QUOTE_WORDS
        })
        .map(|(i, _)| i)
        .take(PULL_QUOTES_CHECKED)
        .collect();
    if quotes.is_empty() {
        return;
    }
    let rest: String = blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Quote)
        .map(|b| format!(" {} ", fold(&b.text)))
        .collect();
    for i in quotes {
        let quote = fold(&blocks[i].text);
        if quote.split(' ').count() >= 4 && rest.contains(&format!(" {quote} ")) {
            blocks[i].structural_chrome = true;
        }
    }
}

/// What the whole page says about itself, read once from its full DOM: Readability
/// rewrites elements (a `<div class="article-meta">` becomes a bare `<p>`), so a block
/// of its output is recognised by its text.
struct PageFacts {
    /// The texts of the elements that name themselves chrome ([`names_chrome`]) and of
    /// the `<time>` elements (a block that is nothing but a timestamp is the story's
    /// dateline furniture, "Updated 19 Nov 2026, 8:21"), white space normalised.
    chrome: HashSet<String>,
    /// The texts of the page's `<h1>` elements.
    top_headings: Vec<String>,
    /// The site's name as the page declares it (`og:site_name`).
    site_name: Option<String>,
}

/// What stands between a headline and the site's name in a page title: "Tram vote |
/// Daily", "Tram vote - Daily", "Tram vote — Daily".
const TITLE_SEPARATORS: [&str; 8] = [" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " / "];

impl PageFacts {
    fn of(html: &str) -> PageFacts {
        let dom = dom_query::Document::from(html);
        let page_words = dom.root().text().split_whitespace().count();
        let chrome = dom
            .select("body *")
            .nodes()
            .iter()
            .filter(|node| {
                let tag = node
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                tag == "time" || is_chrome_element(node, &tag, page_words)
            })
            .map(|node| normalize_space(&node.text()))
            .filter(|text| !text.is_empty())
            .collect();
        let top_headings = dom
            .select("h1")
            .nodes()
            .iter()
            .map(|node| normalize_space(&node.text()))
            .filter(|text| !text.is_empty())
            .collect();
        let site_name = dom
            .select(r#"meta[property="og:site_name"]"#)
            .nodes()
            .first()
            .and_then(|node| node.attr("content"))
            .map(|name| normalize_space(&name))
            .filter(|name| !name.is_empty());
        PageFacts {
            chrome,
            top_headings,
            site_name,
        }
    }

    /// `title` without the site's name a page title or its metadata often adds ("Tram
    /// vote | Daily Courier"): the part before a separator is the headline when the
    /// page's own `<h1>` says just that part and the rest is shorter, or when the rest
    /// is the name the page declares for its site. Any other title is kept whole.
    fn headline(&self, title: &str) -> String {
        let words = |text: &str| text.split_whitespace().count();
        for heading in &self.top_headings {
            let rest = title.strip_prefix(heading.as_str()).unwrap_or("");
            let site = TITLE_SEPARATORS
                .iter()
                .find_map(|sep| rest.strip_prefix(sep));
            // A site's name is shorter than its headlines; an `<h1>` that is the logo
            // ("Daily Courier | Tram vote") leaves the longer part after it.
            if site.is_some_and(|site| words(site) < words(heading)) {
                return heading.clone();
            }
        }
        if let Some(site) = &self.site_name {
            let without_site = title.strip_suffix(site.as_str()).unwrap_or("");
            for sep in TITLE_SEPARATORS {
                if let Some(head) = without_site.strip_suffix(sep) {
                    if !head.trim().is_empty() {
                        return head.to_string();
                    }
                }
            }
        }
        title.to_string()
    }
}

fn blocks_of(
    html: &str,
    title: Option<String>,
    byline: Option<String>,
    date: Option<String>,
    chrome: &HashSet<String>,
) -> RawDocument {
    let dom = dom_query::Document::from(html);
    let mut walker = Walker {
        page_words: dom.root().text().split_whitespace().count(),
        ..Walker::default()
    };
    walker.walk(&dom.root());
    walker.flush();
    walker.mark_link_lists();
    for block in &mut walker.blocks {
        block.structural_chrome |= chrome.contains(&block.text);
    }
    mark_pull_quotes(&mut walker.blocks);
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

/// `html` with every tag that would nest deeper than `max_depth` elements removed (with
/// its end tag); borrowed unchanged when no element is that deep. Tags are found by a
/// linear scan that knows comments, quoted attributes, raw-text elements and the
/// elements that never nest in themselves (void elements and those whose end tag the
/// parser implies), so a long page of paragraphs is not mistaken for a deep one.
fn cap_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for (_, tag) in TagScanner::new(html) {
        match tag {
            Tag::Open => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Tag::Close => depth = depth.saturating_sub(1),
            Tag::Other => {}
        }
    }
    if deepest <= max_depth {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let (mut depth, mut excess) = (0usize, 0usize);
    for (range, tag) in TagScanner::new(html) {
        let drop = match tag {
            Tag::Open if depth >= max_depth => {
                excess += 1;
                true
            }
            Tag::Open => {
                depth += 1;
                false
            }
            Tag::Close if excess > 0 => {
                excess -= 1;
                true
            }
            Tag::Close => {
                depth = depth.saturating_sub(1);
                false
            }
            Tag::Other => false,
        };
        if drop {
            out.push_str(&html[copied..range.start]);
            out.push(' ');
            copied = range.end;
        }
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Elements that never hold themselves nested: void elements, and those whose end tag
/// the parser implies when the next one starts (`<p>`, `<li>`, `<td>`...).
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "rt", "rp", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// What a tag does to the nesting depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// A start tag of an element that can nest.
    Open,
    /// The end tag of such an element.
    Close,
    /// Anything else: comments, doctypes, void and self-closing elements.
    Other,
}

/// The tags of an HTML text in order, with their byte ranges.
struct TagScanner<'a> {
    html: &'a str,
    pos: usize,
}

impl<'a> TagScanner<'a> {
    fn new(html: &'a str) -> Self {
        TagScanner { html, pos: 0 }
    }

    /// The byte index of `needle` (ASCII, lower case) at or after `from`, matched
    /// without regard to case; the text's end when it does not occur.
    fn find_ignoring_case(&self, from: usize, needle: &[u8]) -> usize {
        let bytes = self.html.as_bytes();
        let mut i = from;
        while let Some(k) = bytes[i..].iter().position(|&c| c == needle[0]) {
            let at = i + k;
            if bytes.len() - at >= needle.len()
                && bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
            {
                return at;
            }
            i = at + 1;
        }
        bytes.len()
    }
}

impl Iterator for TagScanner<'_> {
    type Item = (Range<usize>, Tag);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.html.as_bytes();
        loop {
            let lt = self.pos + bytes[self.pos..].iter().position(|&c| c == b'<')?;
            let rest = &bytes[lt + 1..];
            if rest.starts_with(b"!--") {
                let close = self.find_ignoring_case(lt + 4, b"-->");
                self.pos = (close + 3).min(bytes.len());
                return Some((lt..self.pos, Tag::Other));
            }
            if rest.first().is_some_and(|&c| c == b'!' || c == b'?') {
                let close = self.find_ignoring_case(lt + 1, b">");
                self.pos = (close + 1).min(bytes.len());
                return Some((lt..self.pos, Tag::Other));
            }
            let closing = rest.first() == Some(&b'/');
            let name_start = lt + 1 + usize::from(closing);
            if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                self.pos = lt + 1;
                continue;
            }
            let name_end = name_start
                + bytes[name_start..]
                    .iter()
                    .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
                    .unwrap_or(bytes.len() - name_start);
            // The tag ends at the first '>' outside a quoted attribute value; a quote
            // opens a value only right after '='.
            let (mut j, mut quote, mut after_equals) = (name_end, None, false);
            while j < bytes.len() {
                let c = bytes[j];
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == b'>' => break,
                    None if (c == b'"' || c == b'\'') && after_equals => quote = Some(c),
                    None if c == b'=' => after_equals = true,
                    None if c.is_ascii_whitespace() => {}
                    None => after_equals = false,
                }
                j += 1;
            }
            let end = (j + 1).min(bytes.len());
            self.pos = end;
            let name = self.html[name_start..name_end].to_ascii_lowercase();
            if !closing && RAW_TEXT.contains(&name.as_str()) {
                self.pos = self.find_ignoring_case(end, format!("</{name}").as_bytes());
            }
            let tag = if NOT_NESTING.contains(&name.as_str()) {
                Tag::Other
            } else if closing {
                Tag::Close
            } else {
                Tag::Open
            };
            return Some((lt..end, tag));
        }
    }
}

#[derive(Default)]
struct Walker {
    blocks: Vec<RawBlock>,
    text: String,
    link_chars: usize,
    kind_stack: Vec<BlockKind>,
    link_depth: usize,
    /// How many open elements name themselves chrome (see [`names_chrome`]).
    chrome_depth: usize,
    /// Words of the document walked: an element holding most of them is a wrapper,
    /// whatever its class says.
    page_words: usize,
    /// Cells already seen in the table row being read.
    cells: usize,
    /// The open lists, innermost last, and the list each block belongs to.
    lists: Vec<usize>,
    lists_opened: usize,
    block_list: Vec<Option<usize>>,
}

/// Parts of class and id names that mark site chrome, in the words site templates use
/// whatever the page's language ("share-bar", "article-meta", "story-tags").
const CHROME_NAMES: &[&str] = &[
    "share",
    "sharing",
    "social",
    "breadcrumb",
    "breadcrumbs",
    "crumbs",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "advert",
    "advertisement",
    "ads",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "comment",
    "comments",
    "tags",
    "tag",
    "keywords",
    "meta",
    "byline",
    "author",
    "toolbar",
    "pagination",
    "pager",
    "nav",
    "navigation",
    "menu",
    "sidebar",
    "footer",
];

/// Parts of class and id names that mark a figure's furniture wherever they stand in
/// the part ("wp-caption", "newsCaption", "photoCredit", "photogallery"): a photo's
/// caption and credit, and the gallery that holds them, describe the picture, not the
/// story (schema.org's articleBody leaves them out too).
const FIGURE_NAMES: &[&str] = &[
    "caption",
    "credit",
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
];

/// ARIA roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "contentinfo",
    "banner",
    "search",
];

/// Whether an element is chrome: it names itself so ([`names_chrome`]) and holds at most
/// half the `words` of the document it stands in (more makes it a wrapper, such as a
/// "content-with-sidebar" that holds the article).
fn is_chrome_element(node: &NodeRef, tag: &str, words: usize) -> bool {
    names_chrome(node, tag) && node.text().split_whitespace().count() * 2 <= words
}

/// Whether an element names itself chrome by its tag (`nav`, `aside`, `footer`, `form`,
/// a figure's `figcaption`), its ARIA role or label, or a part of its class or id.
fn names_chrome(node: &NodeRef, tag: &str) -> bool {
    if matches!(tag, "nav" | "aside" | "footer" | "form" | "figcaption") {
        return true;
    }
    let attr = |name: &str| node.attr(name).map(|v| v.to_ascii_lowercase());
    if attr("role").is_some_and(|r| CHROME_ROLES.contains(&r.trim())) {
        return true;
    }
    if attr("aria-label").is_some_and(|l| l.contains("breadcrumb")) {
        return true;
    }
    [attr("class"), attr("id")]
        .into_iter()
        .flatten()
        .any(|names| {
            names
                .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|part| {
                    CHROME_NAMES.contains(&part)
                        || FIGURE_NAMES.iter().any(|name| part.contains(name))
                })
        })
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
        // A table row is one block, its cells set apart by CELL_SEPARATOR: a row of
        // figures reads as one line of the table, not as a run of lone numbers.
        match name.as_str() {
            "tr" => self.cells = 0,
            "td" | "th" => {
                if self.cells > 0 {
                    self.text.push_str(CELL_SEPARATOR);
                }
                self.cells += 1;
            }
            _ => {}
        }
        let chrome = is_chrome_element(node, &name, self.page_words);
        let list = matches!(name.as_str(), "ul" | "ol");
        let is_block =
            (BLOCKS.contains(&name.as_str()) && !matches!(name.as_str(), "td" | "th")) || chrome;
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
        if list {
            self.lists.push(self.lists_opened);
            self.lists_opened += 1;
        }
        self.chrome_depth += usize::from(chrome);
        let is_link = name == "a";
        self.link_depth += usize::from(is_link);
        for child in node.children() {
            self.walk(&child);
        }
        self.link_depth -= usize::from(is_link);
        if is_block {
            self.flush();
        }
        self.chrome_depth -= usize::from(chrome);
        if list {
            self.lists.pop();
        }
        if kind.is_some() {
            self.kind_stack.pop();
        }
    }

    /// The items of a list whose text is mostly link text (a menu, a breadcrumb trail, a
    /// row of share links) are chrome, the unlinked ones ("Home › News › Sport") too.
    fn mark_link_lists(&mut self) {
        let mut letters: HashMap<usize, (usize, usize)> = HashMap::new();
        for (block, list) in self.blocks.iter().zip(&self.block_list) {
            if let Some(list) = list {
                let entry = letters.entry(*list).or_default();
                entry.0 += block.link_chars;
                entry.1 += block.text.chars().filter(|c| c.is_alphanumeric()).count();
            }
        }
        for (block, list) in self.blocks.iter_mut().zip(&self.block_list) {
            if let Some((links, all)) = list.and_then(|l| letters.get(&l)) {
                if *all > 0 && links * 3 >= all * 2 {
                    block.structural_chrome = true;
                }
            }
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
                structural_chrome: self.chrome_depth > 0,
            });
            self.block_list.push(self.lists.last().copied());
        }
        self.text.clear();
        self.link_chars = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest nesting the tag scanner sees.
    fn depth_of(html: &str) -> usize {
        let (mut depth, mut deepest) = (0usize, 0usize);
        for (_, tag) in TagScanner::new(html) {
            match tag {
                Tag::Open => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Tag::Close => depth = depth.saturating_sub(1),
                Tag::Other => {}
            }
        }
        deepest
    }

    #[test]
    fn nesting_beyond_the_cap_is_flattened_and_its_text_kept() {
        let html = format!(
            "<body>{}<p>Deep text.</p>{}<p>After.</p></body>",
            "<section class=\"a>b\">".repeat(1_000),
            "</section>".repeat(1_000)
        );
        // <body> and <p> never nest in themselves, so only the sections count.
        assert_eq!(depth_of(&html), 1_000);
        let capped = cap_nesting(&html, 8);
        assert_eq!(depth_of(&capped), 8);
        assert!(capped.contains("<p>Deep text.</p>") && capped.contains("<p>After.</p>"));
        let doc = read(&html);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(
            texts.contains(&"Deep text.") && texts.contains(&"After."),
            "{texts:?}"
        );
    }

    #[test]
    fn paragraphs_void_elements_and_scripts_do_not_count_as_nesting() {
        let html = format!(
            "<body><div>{}<script>{}</script><!-- {} --></div></body>",
            "<p>Line<br><img src=x>".repeat(5_000),
            "'<div>'".repeat(5_000),
            "<div>".repeat(5_000)
        );
        // The <div> and the <script> around its raw text.
        assert_eq!(depth_of(&html), 2);
        assert!(matches!(cap_nesting(&html, MAX_DEPTH), Cow::Borrowed(_)));
    }

    #[test]
    fn the_headline_loses_the_site_name_its_page_title_adds() {
        let filler = "The tram line will run from the harbour to the university, and the council expects it to carry many thousands of riders each weekday once it opens. ";
        let page = |title: &str, head: &str| {
            format!(
                "<html><head><title>{title}</title>{head}</head><body><article><h1>Council backs the tram</h1>\
                 <p>{filler}</p><p>{filler}</p></article></body></html>"
            )
        };
        let headline = |html: &str| read(html).title.unwrap_or_default();
        // The page's <h1> is the part before the separator.
        assert_eq!(
            headline(&page("Council backs the tram | Daily Courier", "")),
            "Council backs the tram"
        );
        // The part after it is the site's declared name, whatever the <h1> says.
        let declared = r#"<meta property="og:site_name" content="Daily Courier">"#;
        assert_eq!(
            headline(&page("Council backs a tram plan — Daily Courier", declared)),
            "Council backs a tram plan"
        );
        // A separator inside a headline that neither tells apart stays.
        assert_eq!(
            headline(&page("Tram vote - what happens next", "")),
            "Tram vote - what happens next"
        );
        // A logo <h1> before the headline does not become the headline.
        let logo = PageFacts {
            chrome: HashSet::new(),
            top_headings: vec!["Courier".into()],
            site_name: None,
        };
        assert_eq!(
            logo.headline("Courier | Council backs the tram after a long vote"),
            "Courier | Council backs the tram after a long vote"
        );
    }

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

    /// The blocks of a page's article with their chrome evidence.
    fn blocks(body: &str) -> Vec<(String, bool)> {
        let filler = "Die neue Linie soll vor allem Pendlern helfen, sagte die Stadt am Montag, und sie rechnet mit mehr als tausend Fahrgästen am Tag. ";
        let html = format!(
            "<html><head><title>Neue Linie</title></head><body><div class='story'>\
             <h1>Neue Linie</h1><p>{filler}</p><p>{filler}</p>{body}<p>{filler}</p></div></body></html>"
        );
        read(&html)
            .blocks
            .into_iter()
            .map(|b| (b.text, b.structural_chrome))
            .collect()
    }

    #[test]
    fn a_table_row_is_one_block_with_its_cells_apart() {
        let got = blocks(
            "<table><tr><th>Team</th><th>Pts</th></tr><tr><td>Leeds</td><td>32</td></tr></table>",
        );
        assert!(got.contains(&("Team | Pts".to_string(), false)), "{got:?}");
        assert!(got.contains(&("Leeds | 32".to_string(), false)), "{got:?}");
    }

    #[test]
    fn elements_named_chrome_by_class_or_role_are_marked_in_any_language() {
        let got = blocks(
            "<div class='article-meta'><span>Von Jonas Weber</span> <span>12.03.2026</span></div>\
             <div role='navigation'><p>Zurück zur Übersicht</p></div>",
        );
        assert!(
            got.contains(&("Von Jonas Weber 12.03.2026".to_string(), true)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Zurück zur Übersicht".to_string(), true)),
            "{got:?}"
        );
        assert!(
            got.iter().filter(|(_, chrome)| !chrome).count() >= 4,
            "{got:?}"
        );
    }

    #[test]
    fn a_figures_caption_credit_and_gallery_are_chrome_and_a_table_caption_is_not() {
        let got = blocks(
            "<figure><img src='tram.jpg'><figcaption>Die Bahn am Hafen.</figcaption></figure>\
             <div class='wp-caption'><p>Der Bahnsteig am Markt.</p></div>\
             <p class='photo-credit'>Foto: Lena Roth</p>\
             <div class='gallery'><p>Bild 1 von 4</p></div>\
             <div><span class='newsCaption'>Die Bahn bei Nacht.</span></div>\
             <table><caption>Fahrgäste je Tag</caption><tr><td>Montag</td><td>1200</td></tr></table>",
        );
        for chrome in [
            "Die Bahn am Hafen.",
            "Der Bahnsteig am Markt.",
            "Foto: Lena Roth",
            "Bild 1 von 4",
            "Die Bahn bei Nacht.",
        ] {
            assert!(
                got.contains(&(chrome.to_string(), true)),
                "{chrome}: {got:?}"
            );
        }
        assert!(
            got.contains(&("Fahrgäste je Tag".to_string(), false)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Montag | 1200".to_string(), false)),
            "{got:?}"
        );
    }

    #[test]
    fn a_block_that_is_only_a_timestamp_is_chrome_and_a_sentence_with_a_date_is_not() {
        let got = blocks(
            "<p><time datetime='2026-03-12T08:21'>12. März 2026, 08:21 Uhr</time></p>\
             <p>Die Linie fährt ab <time datetime='2026-03-16'>Montag</time> im Takt.</p>",
        );
        assert!(
            got.contains(&("12. März 2026, 08:21 Uhr".to_string(), true)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Die Linie fährt ab Montag im Takt.".to_string(), false)),
            "{got:?}"
        );
    }

    #[test]
    fn a_wrapper_whose_class_names_chrome_is_not_chrome() {
        let filler = "The council expects the tram to carry many thousands of riders each weekday once it opens next spring. ";
        let html = format!(
            "<html><body><div class='content-with-sidebar'><h1>Tram vote</h1><p>{filler}</p><p>{filler}</p></div></body></html>"
        );
        let doc = read(&html);
        assert!(doc
            .blocks
            .iter()
            .any(|b| b.text.starts_with("The council") && !b.structural_chrome));
    }

    #[test]
    fn every_item_of_a_list_of_links_is_chrome() {
        let got = blocks("<ol><li><a href='/'>Startseite</a></li><li><a href='/r'>Region</a></li><li>Verkehr</li></ol><ul><li>Stop one</li><li>Stop two</li></ul>");
        assert!(got.contains(&("Verkehr".to_string(), true)), "{got:?}");
        assert!(got.contains(&("Stop one".to_string(), false)), "{got:?}");
    }

    #[test]
    fn a_pull_quote_that_repeats_the_text_is_chrome_and_a_quote_of_its_own_is_not() {
        let got = blocks(
            "<p>„Wir sehen schon jetzt, dass Leute das Auto stehen lassen“, sagte sie.</p>\
             <blockquote>Wir sehen schon jetzt, dass Leute das Auto stehen lassen</blockquote>\
             <blockquote>Die Brücke ist ein Erfolg für alle Pendler hier</blockquote>",
        );
        assert!(
            got.contains(&(
                "Wir sehen schon jetzt, dass Leute das Auto stehen lassen".to_string(),
                true
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "Die Brücke ist ein Erfolg für alle Pendler hier".to_string(),
                false
            )),
            "{got:?}"
        );
    }
}
