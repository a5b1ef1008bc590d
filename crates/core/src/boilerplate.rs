//! Boilerplate: site chrome that ingestion keeps but marks, so it is shown dimmed and
//! never matched as a claim. General signals only: calls to action, link-heavy
//! blocks, bylines, wire credit lines and date lines, repeated headlines, chrome
//! clustered at the end, and the page furniture (running headers, footers, page
//! numbers) a paged format's reader found.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{BlockKind, Document};
use crate::ingest::{RawBlock, CELL_SEPARATOR};

/// Phrases that mark a sentence as chrome wherever it stands: calls to action and
/// footer formulas that reported prose does not use.
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(share\ (this|on|via)|share\ buttons|click\ here|tap\ here|subscribe\ (to\ our|now)|sign\ (up|in)\ (for|to)\ our
        |(our|free|daily|weekly)\ newsletter|follow\ us|like\ us\ on|leave\ a\ (reply|comment)|post\ a\ comment|enter\ your\ (comment|name|email)
        |read\ (more|next|also)\s*[:»›]|related\ (posts?|stories|articles|content)|load\ more|view\ all\ comments|notify\ of
        |inline\ feedbacks|you\ may\ also\ like|recommended\ for\ you
        |all\ rights\ reserved|copyright\ [©ⓒ]|\d+\ min(ute)?s?\ read|download\ our\ app
        |note\ to\ readers|views\ expressed\ (in|on)\ this|original\ source\ of\ this\ article|contains\ copyrighted\ material
        |cross-?post|media\ inquiries|support\ (our|independent)\ journalism|drop[\ -]?down\ menu|our\ home\ ?page
        |forward\ this\ (article|story|post)|(article|story|post|piece)\ (was\ )?originally\ (published|appeared)|featured\ image|donate\ (now|today)|author\ bio|(is|was)\ a\ (frequent|regular)\ contributor
        |(receive|get)\ .{0,40}(daily|weekly)\ (newsletter|digest|briefing)|visit\ and\ follow|follow\ .{0,30}on\ (twitter|x|facebook|instagram|telegram)
        |(facebook|twitter|whatsapp|linkedin|telegram|pinterest|reddit)\ *$)
        # The copyright sign stands after a space, where \b would not match.
        |[©ⓒ]\ ?\d{4}",
    )
    .expect("valid regex")
});

/// Phrases that are chrome when a sentence opens with them ("Most popular", "Privacy
/// policy", "Advertisement", "Sign up for ..."): the same words inside a sentence are
/// reporting ("one of the most popular players", "changed its privacy policy").
static LEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        ^[^\p{L}\p{N}]*(most\ (read|popular|viewed|shared)|sign\ (up|in)\b|subscribe\b|newsletter|check\ (also|out)\b
        |advertisement|sponsored(\ content)?\b|privacy\ policy|terms\ (of|and)\ (use|service|conditions)|cookies?\ (policy|settings|notice)
        |reading\ time|home\ ?page|back\ to\ top|welcome\ to\ \w+|download\ the\ app
        |the\ views\ expressed|fair\ use|copyrighted\ material|re-?post\b|become\ a\ (member|patron|subscriber)
        |about\ the\ author|(this\ (article|story)\ )?(was\ )?originally\ (published|appeared))",
    )
    .expect("valid regex")
});

/// Lines that are nothing but a control or slot label of a page template: "Read
/// more", "Print article", "Advertisement" (in the languages whose sites label ad slots
/// most). Compared whole, lower-cased, without a final colon or full stop.
const UI_LABELS: &[&str] = &[
    "read more",
    "comments",
    "print",
    "print article",
    "text size",
    "order reprints",
    "advert",
    "advertisement",
    "anzeige",
    "werbung",
    "publicidad",
    "publicité",
    "pubblicità",
    "publicidade",
    "reklame",
    "reklama",
    "реклама",
    "iklan",
    "광고",
    "广告",
];

/// Short label lines: "Region: Asia", "Tags: ...", "Filed under ...".
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(region|theme|tags?|topics?|filed under|categor(y|ies)|section|source|photo|image|credit|updated|published|posted)\b\s*:").expect("valid regex")
});

/// "By Jane Doe", "Writes Ahmed Adel", "Written by ...", possibly followed by a role.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|writes|written by|words by|reporting by|author:)\s+\p{Lu}[\p{L}'’.-]+(\s+\p{Lu}[\p{L}'’.-]+){0,3}(\s*(,|and|\|)\s*.{0,40})?\.?$").expect("valid regex")
});

/// A wire story's credit line, names and roles only: "(Reporting by Jane Doe; Editing
/// by John Roe)", "Additional reporting by Ana Ruiz and Li Wei", "Li Wei contributed
/// reporting from Lagos."
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let role = r"(?i:(additional\s+|with\s+|and\s+)?(reporting|writing|editing|compiled|produced|graphics?)\s+by)";
    let names = r"\p{Lu}[\p{L}'’.-]*(\s+(\p{Lu}[\p{L}'’.-]*|and|de|van|von|der|da|dos|del))*";
    let contributed = r"contributed\s+(additional\s+)?(reporting|research|to\s+this\s+(report|article|story))(\s+(from|in)\s+[^.;]{1,40})?";
    Regex::new(&format!(
        r"^\(?\s*{role}\s+{names}(\s*[,;]\s*(and\s+)?({role}\s+)?{names})*\s*\.?\s*\)?\.?$|^{names}(,\s*{names})*\s+{contributed}\.?$"
    ))
    .expect("valid regex")
});

/// A wire-style dateline standing alone: "LARKHAVEN, Feb. 24 —", "WASHINGTON (Reuters) -".
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Lu}\p{Zs}.'’-]{1,40}(,[^!?,]{1,40})?(\s*\([^)]{1,30}\))?\s*(—|–|--?)\s*$",
    )
    .expect("valid regex")
});

static DATE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan(uary)?|feb(ruary)?|march|april|may|june|july|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b.*\b(19|20)\d\d\b").expect("valid regex")
});

/// A date or clock time in figures, in any language: "11/18/19", "18.11.2019",
/// "2019-11-18", "17:19".
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d{2}\b").expect("valid regex")
});

/// A date standing alone, the month in words of any language: "02 Ago 2017", "Nov 18,
/// 2019", "18. listopadu 2019".
static STANDALONE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}\.?\s+\p{L}+\.?|\p{L}+\.?\s+\d{1,2}),?\s+(19|20)\d\d$")
        .expect("valid regex")
});

/// The signature line of an embedded post: "— Jane Roe (@janeroe) November 1, 2026".
/// It says who wrote the quoted post and when, so it stays with the quote; the date in
/// it does not make it a date line.
static POST_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\S.{0,40}$").expect("valid regex")
});

/// Marks sentences and blocks of `doc`; `blocks` are the reader's blocks the document
/// was built from, one per document block (their text and link-text size).
pub fn mark(doc: &mut Document, blocks: &[&RawBlock]) {
    let n_blocks = doc.blocks.len();
    let title = doc.title.as_deref().map(fold);
    let mut block_chrome = vec![false; n_blocks];
    for (i, raw) in blocks.iter().enumerate() {
        let text = raw.text.as_str();
        let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
        let words = text.split_whitespace().count();
        let links = raw.link_chars;
        let link_heavy = letters > 0 && links * 2 >= letters;
        let no_words = letters == 0 || (words <= 2 && text.chars().all(|c| !c.is_alphabetic()));
        // A headline repeated later (often lower-cased by a site's template).
        let repeats_title = i > 0 && title.as_deref().is_some_and(|t| fold(text) == t);
        let unfinished = !text.trim_end().ends_with('.');
        // A short line that dates the story and says nothing: "By Jane Doe - 11/18/19
        // 11:04 PM", "segunda-feira, 22 de janeiro de 2018 às 0:13". A table row or a
        // list item of times is content.
        let dated = raw.kind != BlockKind::ListItem
            && !text.contains(CELL_SEPARATOR)
            && words <= 12
            && unfinished
            && NUMERIC_DATE.is_match(text);
        let date_line = !POST_SIGNATURE.is_match(text.trim())
            && ((words <= 10 && DATE_WORD.is_match(text) && unfinished)
                || (words <= 8 && DATELINE.is_match(text.trim()))
                || dated
                || (words <= 4 && STANDALONE_DATE.is_match(text.trim())));
        let label = (words <= 12 && LABEL_LINE.is_match(text))
            || (words <= 3
                && UI_LABELS.contains(&text.trim_end_matches([':', '.']).to_lowercase().as_str()));
        block_chrome[i] =
            raw.structural_chrome || link_heavy || no_words || repeats_title || date_line || label;
    }
    let mut sentence_chrome: Vec<bool> = doc
        .sentences
        .iter()
        .map(|s| {
            let words = s.text.split_whitespace().count();
            block_chrome[s.block]
                || BYLINE.is_match(&s.text)
                || CREDIT_LINE.is_match(&s.text)
                || ((STRONG.is_match(&s.text) || LEADING.is_match(&s.text)) && words <= 60)
                || is_truncated_teaser(&s.text)
        })
        .collect();
    // Chrome clusters at the end: once a short chrome line appears in the last 40% and
    // most of what follows is chrome already, the rest (author bios, teasers, footer
    // lines between the flagged ones) is chrome too.
    let n_sentences = doc.sentences.len();
    let tail_start = n_sentences - n_sentences * 2 / 5;
    if let Some(first) = (tail_start..n_sentences)
        .find(|&i| sentence_chrome[i] && doc.sentences[i].text.split_whitespace().count() <= 25)
    {
        let rest = &sentence_chrome[first..];
        let flagged = rest.iter().filter(|&&c| c).count();
        if flagged * 5 >= rest.len() * 3 {
            // A paragraph of several finished sentences, none of them flagged, is the
            // article going on after a gallery or a box, not a bio or a teaser.
            let mut prose = vec![0usize; n_blocks];
            let mut flagged_in = vec![false; n_blocks];
            for (s, &chrome) in doc.sentences[first..].iter().zip(rest) {
                flagged_in[s.block] |= chrome;
                prose[s.block] += usize::from(ends_a_sentence(&s.text));
            }
            for (s, chrome) in doc.sentences[first..]
                .iter()
                .zip(&mut sentence_chrome[first..])
            {
                if flagged_in[s.block] || prose[s.block] < PROSE_SENTENCES {
                    *chrome = true;
                }
            }
        }
    }
    for (s, chrome) in doc.sentences.iter_mut().zip(&sentence_chrome) {
        s.boilerplate = *chrome;
    }
    // A block is chrome when it holds sentences and all of them are: one pass over the
    // sentences, whatever the number of blocks.
    let mut holds = vec![false; n_blocks];
    let mut all_chrome = vec![true; n_blocks];
    for s in &doc.sentences {
        holds[s.block] = true;
        all_chrome[s.block] &= s.boilerplate;
    }
    for block in &mut doc.blocks {
        block.boilerplate = holds[block.id] && all_chrome[block.id];
    }
}

/// The fewest finished sentences that make a paragraph after the end cluster's start
/// the article's own text.
const PROSE_SENTENCES: usize = 3;

/// Whether `text` ends as a sentence does, with its closing quote or bracket if any.
fn ends_a_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', '»'])
        .ends_with(['.', '!', '?', '。', '！', '？'])
}

/// A teaser cut off mid-word with an ellipsis ("... stemming from his behavior whil…").
fn is_truncated_teaser(text: &str) -> bool {
    let t = text.trim_end();
    (t.ends_with('…') || t.ends_with("..."))
        && t.trim_end_matches(['…', '.'])
            .ends_with(|c: char| c.is_alphabetic())
        && {
            let last = t
                .trim_end_matches(['…', '.'])
                .rsplit(' ')
                .next()
                .unwrap_or("");
            last.len() <= 4
                && t.split_whitespace().count() >= 8
                && !last.chars().next().is_some_and(|c| c.is_uppercase())
        }
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ingest;
    use crate::segment::build_document;

    fn flags(text: &str) -> Vec<(String, bool)> {
        let (format, raw) = ingest::read_text(text, Some("txt")).unwrap();
        let doc = build_document("t.txt", format, raw).unwrap();
        doc.sentences
            .iter()
            .map(|s| (s.text.clone(), s.boilerplate))
            .collect()
    }

    /// The sentences of `flags` output marked (or not) as chrome.
    fn marked(flags: &[(String, bool)], chrome: bool) -> Vec<&str> {
        flags
            .iter()
            .filter(|(_, b)| *b == chrome)
            .map(|(t, _)| t.as_str())
            .collect()
    }

    #[test]
    fn chrome_is_marked_and_statements_are_not() {
        let text = "Harbour Bridge Falls\n\nBy Nadia Kerrigan\n\n7 min read\n\n\
            The bridge fell on Tuesday. Officials said 14 people were hurt. The council will meet on Friday.\n\n\
            Engineers share the blame, one resident said. Click here to share on Facebook\n\n\
            Read more: Mayor opens new market\n\nLEAVE A REPLY\n\nPlease enter your comment!\n\n\
            Please enter your name here\n\n© 2026 The Gazette. All rights reserved.\n";
        let got = flags(text);
        let (chrome, kept) = (marked(&got, true), marked(&got, false));
        assert_eq!(
            kept,
            [
                "Harbour Bridge Falls",
                "The bridge fell on Tuesday.",
                "Officials said 14 people were hurt.",
                "The council will meet on Friday.",
                "Engineers share the blame, one resident said."
            ]
        );
        assert!(
            chrome.contains(&"By Nadia Kerrigan") && chrome.contains(&"7 min read"),
            "{chrome:?}"
        );
        assert!(
            chrome.contains(&"Please enter your name here"),
            "{chrome:?}"
        );
    }

    #[test]
    fn a_wire_credit_line_is_chrome_and_reporting_about_reporting_is_not() {
        for line in [
            "(Reporting by Nadia Kerrigan; Editing by Tom Hale)",
            "(Reporting by Ana Ruiz, Li Wei, with reporting by Sam Ode and Jo Park, editing by Tom Hale.)",
            "Additional reporting by Ana Ruiz and Li Wei",
            "Reporting by Ana Ruiz; additional reporting by Li Wei, Sam Ode and Jo Park; Editing by Tom Hale",
        ] {
            let got = flags(&format!(
                "Ferry Line Sold\n\nThe ferry was sold on Monday.\n\n{line}\n"
            ));
            assert_eq!(marked(&got, true), [line], "{got:?}");
        }
        // A statement about reporting is a statement.
        let got = flags(
            "Ferry Line Sold\n\nThe ferry was sold on Monday.\n\n\
             Reporting by Harbour Radio showed that the sale was agreed in March.\n",
        );
        assert_eq!(marked(&got, true), Vec::<&str>::new(), "{got:?}");
    }

    #[test]
    fn a_dateline_on_its_own_line_is_chrome() {
        for line in [
            "LARKHAVEN, Feb. 24 —",
            "WASHINGTON (Reuters) -",
            "PORT ELLIS, March 3 (Harbour Wire) --",
        ] {
            let got = flags(&format!(
                "Ferry Line Sold\n\n{line}\n\nThe ferry was sold on Monday.\n"
            ));
            assert_eq!(
                got,
                [
                    ("Ferry Line Sold".to_string(), false),
                    (line.to_string(), true),
                    ("The ferry was sold on Monday.".to_string(), false)
                ],
                "{line}"
            );
        }
        // A statement that ends in a dash is not a dateline.
        let got = flags("Ferry Line Sold\n\nThe vote passed, narrowly —\n");
        assert!(!got[1].1, "{got:?}");
    }

    #[test]
    fn a_line_that_only_dates_the_story_is_chrome_in_any_language() {
        for line in [
            "By Nadia Kerrigan - 11/18/26 11:04 PM",
            "segunda-feira, 22 de janeiro de 2026 às 0:13",
            "Publicado: 18.11.2026 - 17:19",
            "02 Ago 2026",
        ] {
            let got = flags(&format!(
                "Ferry Line Sold\n\n{line}\n\nThe ferry was sold on Monday.\n"
            ));
            assert!(got[1].1 && !got[2].1, "{line}: {got:?}");
        }
        // A statement with a time in it, a time with a finished sentence's period, and
        // a timetable's list items are content.
        let got = flags(
            "Ferry Line Sold\n\nVoting closes on 8 October at 18:00 local time.\n\n\
             4:14 p.m.\n\n- 09:15 Harbour\n- 09:40 Quay\n",
        );
        assert_eq!(marked(&got, true), Vec::<&str>::new(), "{got:?}");
    }

    /// Words a site uses for its menus and footers also occur in reporting; a sentence
    /// that merely contains them is a statement, one that opens with them is chrome.
    #[test]
    fn chrome_words_inside_reporting_do_not_make_it_chrome() {
        let text = "Ferry Line Sold\n\n\
            The ferry operator changed its privacy policy on Monday. \
            She was one of the most popular captains on the route. \
            Terms of the sale were not disclosed. \
            Voters can sign up for the harbour forum until Friday. \
            The mayor reposted the notice and welcomed the buyer. \
            The council newsletter first reported the sale.\n\n\
            Most popular\n\nAdvertisement\n\nSign up to get the harbour briefing\n\n\
            Privacy Policy | Terms of Use\n\n\
            Our articles can be read in 12 languages from the drop-down menu on our home page.\n";
        assert_eq!(
            marked(&flags(text), true),
            [
                "Most popular",
                "Advertisement",
                "Sign up to get the harbour briefing",
                "Privacy Policy | Terms of Use",
                "Our articles can be read in 12 languages from the drop-down menu on our home page."
            ]
        );
    }

    #[test]
    fn template_labels_copyright_lines_and_contributor_credits_are_chrome() {
        for line in [
            "Read More",
            "Advert",
            "Anzeige",
            "Comments:",
            "Print article",
            "The contents of this site are ©2026 Harbour Publishing.",
            "Copyright ⓒ Harbour Gazette.",
            "Li Wei and Sam Ode contributed reporting from Port Ellis.",
        ] {
            let got = flags(&format!(
                "Ferry Line Sold\n\n{line}\n\nThe ferry was sold on Monday. It will keep the crews.\n"
            ));
            assert_eq!(marked(&got, true), [line], "{got:?}");
        }
        // The same words in statements are statements.
        let got = flags(
            "Ferry Line Sold\n\nThe mayor said the comments were unfair. \
             Harbour Print will print the new timetable. \
             Li Wei contributed reporting to the inquiry that found the flaws.\n",
        );
        assert_eq!(marked(&got, true), Vec::<&str>::new(), "{got:?}");
    }

    #[test]
    fn an_embedded_posts_signature_stays_with_the_post() {
        let got = flags(
            "Ferry Line Sold\n\nThe ferry was sold on Monday.\n\n\
             We will keep every crossing on the timetable.\n\n\
             — Harbour Lines (@harbourlines) March 3, 2026\n\nMarch 3, 2026\n",
        );
        assert_eq!(marked(&got, true), ["March 3, 2026"], "{got:?}");
    }

    /// The end cluster takes the short lines and bios between chrome, but a paragraph
    /// of finished sentences after a photo box is the article going on.
    #[test]
    fn the_end_cluster_leaves_a_paragraph_of_the_article_after_a_photo_box() {
        let body: String = (1..=20)
            .map(|i| format!("The ferry made crossing number {i} on time. "))
            .collect();
        let text = format!(
            "Ferry Line Sold\n\n{body}\n\nPhoto: Jane Roe\n\nImage: Harbour Wire\n\n\
             Note: the buyer also runs the river boats. It will keep the crews. \
             The sale closes in May.\n\nJane Roe writes about ferries.\n\n\
             Advertisement\n\nMost popular\n\nPrivacy policy\n\nFollow us on Twitter\n\n\
             © 2026 The Gazette.\n"
        );
        let got = flags(&text);
        let chrome = marked(&got, true);
        assert!(
            chrome.contains(&"Jane Roe writes about ferries."),
            "{chrome:?}"
        );
        assert!(
            !chrome
                .iter()
                .any(|s| s.contains("buyer") || s.contains("crews") || s.contains("May")),
            "{chrome:?}"
        );
        assert_eq!(chrome.len(), 8, "{chrome:?}");
    }
}
