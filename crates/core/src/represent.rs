//! Represent: what the aligner knows of each sentence — its embedding (when the model
//! is available), IDF-weighted word stems, and facts (numbers, dates, names, negation).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock};

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// A fact found in a sentence, with its char span inside the sentence text.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub kind: FactKind,
    /// Normalised value used for comparison ("14", "friday", "okafor").
    pub value: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Number,
    Date,
    Name,
    Negation,
}

/// Everything the aligner uses about one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    pub stems: Vec<String>,
    pub facts: Vec<Fact>,
    /// The sentence embedding, shared by every sentence with the same text (a document of
    /// one line repeated 300,000 times holds one vector, not 300,000 copies).
    pub embedding: Option<Arc<[f32]>>,
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my",
    "your", "him", "them", "us", "me", "has", "have", "had", "do", "does", "did", "will", "would",
    "can", "could", "should", "may", "might", "must", "shall", "said", "says", "say", "also",
    "than", "then", "there", "here", "which", "who", "whom", "whose", "what", "when", "where",
    "why", "how", "into", "over", "about", "after", "before", "up", "down", "out", "so", "if",
    "while", "all", "any", "some", "more", "most", "other", "such", "only", "own", "same", "too",
    "very", "just", "s", "t", "one", "per",
];

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
];

/// Verbs that negate the verb after their "to": "declined to speculate" says what "would
/// not speculate" says, so each is a negation when "to" follows it (and only then:
/// "shares declined sharply" negates nothing). The word stays a stem as well.
const NEGATING_VERBS: &[&str] = &[
    "decline",
    "declines",
    "declined",
    "declining",
    "refuse",
    "refuses",
    "refused",
    "refusing",
    "fail",
    "fails",
    "failed",
    "failing",
];

const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("hundred", "100"),
    ("dozen", "12"),
];

/// Weekday names, shared with the segmenter ("7.45 a.m. Tuesday" continues a sentence).
pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month names and relative days; weekdays are in [`WEEKDAYS`].
const DATE_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "yesterday",
    "today",
    "tomorrow",
];

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)*").expect("valid regex"));

/// Extracts stems and facts from one sentence.
pub fn features(text: &str) -> SentenceFeatures {
    let mut stems = Vec::new();
    let mut facts = Vec::new();
    let char_index = CharIndex::new(text);
    for m in NUMBER.find_iter(text) {
        let value = m.as_str().replace(',', "");
        let value = value.trim_end_matches('.').to_string();
        facts.push(Fact {
            kind: FactKind::Number,
            value,
            start: char_index.at(m.start()),
            end: char_index.at(m.end()),
        });
    }
    let words: Vec<(usize, &str)> = text.unicode_word_indices().collect();
    for (i, &(offset, word)) in words.iter().enumerate() {
        // Typeset apostrophes as typed ones, so that "didn’t" is a negation and the
        // stemmer removes "’s".
        let mut lower = word.to_lowercase();
        if lower.contains(['\u{2019}', '\u{02BC}']) {
            lower = lower.replace(['\u{2019}', '\u{02BC}'], "'");
        }
        let span = (char_index.at(offset), char_index.at(offset + word.len()));
        let negating_verb = NEGATING_VERBS.contains(&lower.as_str())
            && words
                .get(i + 1)
                .is_some_and(|(_, next)| next.eq_ignore_ascii_case("to"));
        let kind_value =
            if NEGATIONS.contains(&lower.as_str()) || lower.ends_with("n't") || negating_verb {
                Some((FactKind::Negation, "not".to_string()))
            } else if DATE_WORDS.contains(&lower.as_str()) || WEEKDAYS.contains(&lower.as_str()) {
                Some((FactKind::Date, lower.clone()))
            } else if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
                Some((FactKind::Number, n.to_string()))
            } else if word.chars().next().is_some_and(char::is_uppercase)
                && !STOPWORDS.contains(&lower.as_str())
                && (i > 0 || word.len() > 1)
                && !word.chars().all(|c| c.is_ascii_digit())
            {
                Some((FactKind::Name, strip_possessive(&lower).to_string()))
            } else {
                None
            };
        if let Some((kind, value)) = kind_value {
            facts.push(Fact {
                kind,
                value,
                start: span.0,
                end: span.1,
            });
        }
        if !STOPWORDS.contains(&lower.as_str()) && !NEGATIONS.contains(&lower.as_str()) {
            stems.push(STEMMER.stem(&lower).into_owned());
        }
    }
    facts.sort_by_key(|f| f.start);
    SentenceFeatures {
        stems,
        facts,
        embedding: None,
    }
}

/// A word or name without its possessive "'s" ("Blinken's", "Blinken’s"). A word never
/// ends with a bare apostrophe ("the Joneses’ boat" gives the word "Joneses").
pub(crate) fn strip_possessive(written: &str) -> &str {
    ["'s", "\u{2019}s"]
        .iter()
        .find_map(|p| written.strip_suffix(p))
        .unwrap_or(written)
}

/// Whether a word can be part of a person's or place's name: capitalised, and not a
/// stop word, negation, number word, month or weekday.
pub fn is_name_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    let w = lower.as_str();
    word.chars().next().is_some_and(char::is_uppercase)
        && !STOPWORDS.contains(&w)
        && !NEGATIONS.contains(&w)
        && !DATE_WORDS.contains(&w)
        && !WEEKDAYS.contains(&w)
        && !NUMBER_WORDS.iter().any(|(n, _)| *n == w)
}

/// Maps byte offsets of a string to char offsets.
struct CharIndex(Vec<usize>);

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut map = vec![0; text.len() + 1];
        let mut chars = 0;
        for (byte, c) in text.char_indices() {
            for slot in &mut map[byte..byte + c.len_utf8()] {
                *slot = chars;
            }
            chars += 1;
        }
        map[text.len()] = chars;
        CharIndex(map)
    }

    fn at(&self, byte: usize) -> usize {
        self.0[byte]
    }
}

/// Inverse document frequencies over the sentences of both documents.
pub struct Idf {
    weights: HashMap<String, f32>,
    unseen: f32,
}

impl Idf {
    pub fn new<'a>(sentences: impl Iterator<Item = &'a SentenceFeatures>) -> Self {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut n = 0usize;
        for s in sentences {
            n += 1;
            for stem in s.stems.iter().collect::<HashSet<_>>() {
                *df.entry(stem.clone()).or_default() += 1;
            }
        }
        let idf = |d: usize| ((n as f32 + 1.0) / (d as f32 + 1.0)).ln() + 1.0;
        Idf {
            weights: df.into_iter().map(|(k, d)| (k, idf(d))).collect(),
            unseen: idf(0),
        }
    }

    pub fn weight(&self, stem: &str) -> f32 {
        self.weights.get(stem).copied().unwrap_or(self.unseen)
    }

    /// IDF-weighted cosine of two stem sets.
    pub fn overlap(&self, a: &[String], b: &[String]) -> f32 {
        let a: HashSet<&String> = a.iter().collect();
        let b: HashSet<&String> = b.iter().collect();
        let norm =
            |s: &HashSet<&String>| s.iter().map(|t| self.weight(t).powi(2)).sum::<f32>().sqrt();
        let (na, nb) = (norm(&a), norm(&b));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        a.intersection(&b)
            .map(|t| self.weight(t).powi(2))
            .sum::<f32>()
            / (na * nb)
    }
}

/// Jaccard overlap of the values of one kind of fact; `None` when neither side has any.
pub fn fact_overlap(a: &[Fact], b: &[Fact], kind: FactKind) -> Option<f32> {
    let a: HashSet<&str> = a
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.value.as_str())
        .collect();
    let b: HashSet<&str> = b
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.value.as_str())
        .collect();
    if a.is_empty() && b.is_empty() {
        return None;
    }
    Some(a.intersection(&b).count() as f32 / a.union(&b).count() as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_dates_names_and_negation() {
        let f = features("Seventeen people were not hurt when Mayor Ruth Abernathy spoke on Friday, costing $3.5 million.");
        let of = |k| {
            f.facts
                .iter()
                .filter(|x| x.kind == k)
                .map(|x| x.value.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(of(FactKind::Number), ["17", "3.5"]);
        assert_eq!(of(FactKind::Date), ["friday"]);
        assert_eq!(of(FactKind::Negation), ["not"]);
        assert!(of(FactKind::Name).contains(&"abernathy".to_string()));
        assert!(f.stems.contains(&"hurt".to_string()));
    }

    #[test]
    fn a_negating_verb_before_to_is_a_negation() {
        let negations = |text: &str| {
            features(text)
                .facts
                .iter()
                .filter(|f| f.kind == FactKind::Negation)
                .map(|f| (f.start, f.end))
                .collect::<Vec<_>>()
        };
        assert_eq!(negations("The mayor declined to speculate."), [(10, 18)]);
        assert_eq!(negations("Refused to comment, the firm closed."), [(0, 7)]);
        assert_eq!(negations("The operator failed to inspect it."), [(13, 19)]);
        assert!(negations("Shares declined sharply on Monday.").is_empty());
        assert!(negations("The request was refused.").is_empty());
        assert!(features("The mayor declined to speculate.")
            .stems
            .contains(&"declin".to_string()));
    }

    #[test]
    fn possessives_and_typeset_apostrophes_do_not_change_words() {
        let values = |text: &str, kind| {
            features(text)
                .facts
                .into_iter()
                .filter(|f| f.kind == kind)
                .map(|f| f.value)
                .collect::<Vec<_>>()
        };
        let plain = features("Marlow met the Harbour Board");
        for text in [
            "Marlow\u{2019}s meeting with the Harbour Board\u{2019}s",
            "Marlow's meeting with the Harbour Board's",
        ] {
            assert_eq!(
                values(text, FactKind::Name),
                ["marlow", "harbour", "board"],
                "{text}"
            );
            let stems = features(text).stems;
            assert!(stems.contains(&plain.stems[0]), "{stems:?}");
            assert!(stems.contains(&"board".to_string()), "{stems:?}");
        }
        assert_eq!(
            values("The ferry didn\u{2019}t sail", FactKind::Negation),
            ["not"]
        );
        assert_eq!(
            values("The Joneses\u{2019} boat", FactKind::Name),
            ["joneses"]
        );
    }
}
