//! The summary of a comparison: how much of each side the other shares, matches by
//! kind, conflicts, and the names both documents mention, matched as a reader would
//! (a surname stands for the person, a title is no name).

use std::collections::{BTreeMap, BTreeSet};

use unicode_segmentation::UnicodeSegmentation;

use crate::document::Document;
use crate::report::{Match, MatchKind, Summary};
use crate::represent::{strip_possessive, Fact, FactKind, SentenceFeatures};

/// The summary of `matches` between `a` and `b`, whose sentences have features `fa`
/// and `fb`.
pub fn summarise(
    a: &Document,
    b: &Document,
    matches: &[Match],
    fa: &[SentenceFeatures],
    fb: &[SentenceFeatures],
) -> Summary {
    let shared = |doc: &Document, ids: &dyn Fn(&Match) -> &Vec<usize>| {
        let content = doc.content_sentences().count().max(1);
        let matched: BTreeSet<usize> = matches
            .iter()
            .filter(|m| m.kind != MatchKind::Boilerplate)
            .flat_map(|m| ids(m).iter().copied())
            .collect();
        matched.len() as f32 / content as f32
    };
    let count = |k: MatchKind| matches.iter().filter(|m| m.kind == k).count();
    let shared_names = shared_names(names(a, fa), names(b, fb));
    Summary {
        a_shared: shared(a, &|m| &m.a),
        b_shared: shared(b, &|m| &m.b),
        verbatim: count(MatchKind::Verbatim),
        edited: count(MatchKind::Edited),
        paraphrase: count(MatchKind::Paraphrase),
        partial: count(MatchKind::Partial),
        boilerplate: count(MatchKind::Boilerplate),
        conflicts: matches.iter().map(|m| m.conflicts.len()).sum(),
        shared_names,
    }
}

/// Capitalised words that are titles, offices or institutions rather than names when
/// they stand alone ("Chief", "Secretary", "City").
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sir", "st", "president", "vice", "prime", "minister",
    "secretary", "foreign", "state", "senator", "sen", "rep", "governor", "gov", "mayor",
    "chief", "judge", "justice", "general", "gen", "col", "capt", "speaker", "house",
    "city", "council", "police", "department", "ministry", "spokesperson", "spokesman",
    "spokeswoman", "director", "chairman", "officials", "office", "councillor", "councilor",
    "councilman", "councilwoman", "deputy", "ambassador", "commissioner", "inspector",
    "sergeant", "sgt", "lieutenant", "lt", "officer", "professor", "reverend", "rev",
    "bishop", "pope", "king", "queen", "prince", "princess", "lord", "lady", "dame",
    "chancellor", "premier", "senior", "fellow", "representative", "chairwoman", "chair",
];

/// The names a document's content mentions, keyed by their lower-cased form, with the
/// form first written (possessive 's dropped; single letters and titles left out):
/// those written inside a sentence, then those seen only at a sentence's start, where a
/// word may be capitalised by its position alone. Last, the full names each word stands
/// in within sentences of prose: runs of names next to each other ("Antony Blinken",
/// "J. R. Talbot"), cut at titles ("Chinese President Xi Jinping" holds "Chinese" and
/// "Xi Jinping"); a run right before a title belongs to it ("Fire Chief").
struct Names {
    inside: BTreeMap<String, String>,
    initial: BTreeMap<String, String>,
    full: BTreeMap<String, BTreeSet<String>>,
}

/// The key a name word is known by: lower-cased, without a possessive 's.
fn name_key(word: &str) -> String {
    strip_possessive(word).to_lowercase()
}

/// The keys of the words of a written name, initials left out.
fn name_keys(written: &str) -> impl Iterator<Item = String> + '_ {
    written
        .unicode_words()
        .map(name_key)
        .filter(|k| k.chars().count() >= 2)
}

fn names(doc: &Document, features: &[SentenceFeatures]) -> Names {
    let (mut inside, mut initial) = (BTreeMap::new(), BTreeMap::new());
    // Full names as (key, written, whether the name opens its sentence).
    let mut forms: Vec<(String, String, bool)> = Vec::new();
    for (s, f) in doc.sentences.iter().zip(features) {
        if s.boilerplate {
            continue;
        }
        let chars: Vec<char> = s.text.chars().collect();
        let text = |start: usize, end: usize| -> String { chars[start..end].iter().collect() };
        let first = chars.iter().position(|c| c.is_alphanumeric());
        let names: Vec<&Fact> = f
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::Name)
            .collect();
        // Whether name k and name k + 1 are one name: a gap of spaces, or of a full stop
        // and spaces after an initial; a possessive ends a name.
        let joined = |k: usize| {
            names.get(k + 1).is_some_and(|next| {
                let (fact, written) = (names[k], text(names[k].start, names[k].end));
                let gap = text(fact.end, next.start);
                let initial = fact.end - fact.start == 1;
                written == strip_possessive(&written)
                    && !gap.is_empty()
                    && (gap.trim().is_empty() || (initial && gap.trim() == "."))
            })
        };
        let is_title =
            |k: usize| TITLES.contains(&name_key(&text(names[k].start, names[k].end)).as_str());
        // Runs of names between titles, as ranges of `names`.
        let mut segments: Vec<std::ops::Range<usize>> = Vec::new();
        let mut k = 0;
        while k < names.len() {
            if is_title(k) {
                k += 1;
                continue;
            }
            let begin = k;
            while joined(k) && !is_title(k + 1) {
                k += 1;
            }
            let before_title = joined(k) && is_title(k + 1);
            if !before_title {
                segments.push(begin..k + 1);
            }
            k += 1;
        }
        // Headlines in title case capitalise every longer word: only prose gives full
        // names.
        let prose = !s
            .text
            .unicode_words()
            .filter(|w| w.chars().count() > 3)
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        for segment in segments {
            let written = text(names[segment.start].start, names[segment.end - 1].end);
            let written = strip_possessive(&written).to_string();
            let opens = Some(names[segment.start].start) == first;
            for fact in &names[segment] {
                let word = text(fact.start, fact.end);
                let key = name_key(&word);
                if key.chars().count() < 2 {
                    continue;
                }
                let side = if Some(fact.start) == first {
                    &mut initial
                } else {
                    &mut inside
                };
                side.entry(key.clone())
                    .or_insert_with(|| strip_possessive(&word).to_string());
                if prose {
                    forms.push((key, written.clone(), opens));
                }
            }
        }
    }
    initial.retain(|key, _| !inside.contains_key(key));
    // A run that opens a sentence may open with a word capitalised for that alone
    // ("Owner Miriam Hollins said"): it is part of the name only when the document
    // also writes it capitalised inside a sentence.
    let mut full: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, written, opens) in forms {
        let mut written = written.as_str();
        if let Some((head, rest)) = written.split_once(' ').filter(|_| opens) {
            let head = name_key(head);
            if !inside.contains_key(&head) {
                if head == key {
                    continue;
                }
                written = rest.trim_start();
            }
        }
        full.entry(key).or_default().insert(written.to_string());
    }
    Names {
        inside,
        initial,
        full,
    }
}

/// Names both documents mention, in alphabetical order. A word only ever seen at the
/// start of a sentence counts when the other document has it inside one. A word names
/// the same thing on both sides when each side writes it alone or in a full name whose
/// words after it the other side names too: a surname stands for the person ("Blinken"
/// and "Antony Blinken"), a word before another does not ("Taiwan" and "Taiwan
/// Strait", "Wang" and "Wang Yi"). Each is shown as the longest such full name A writes.
fn shared_names(a: Names, b: Names) -> Vec<String> {
    /// `names`' forms of `key` whose words after `key` all satisfy `other_has`; `None`
    /// when the word was only seen outside prose (no forms known: the word alone).
    fn forms<'n>(
        names: &'n Names,
        key: &str,
        other_has: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<&'n String>> {
        let forms = names.full.get(key)?;
        Some(
            forms
                .iter()
                .filter(|form| {
                    let words: Vec<String> = name_keys(form).collect();
                    let at = words.iter().position(|w| w == key).unwrap_or(words.len());
                    words.iter().skip(at + 1).all(|w| other_has(w))
                })
                .collect(),
        )
    }
    let a_has = |k: &str| a.inside.contains_key(k) || a.initial.contains_key(k);
    let b_has = |k: &str| b.inside.contains_key(k) || b.initial.contains_key(k);
    let shared: BTreeSet<String> = a
        .inside
        .iter()
        .filter(|(k, _)| b_has(k))
        .chain(a.initial.iter().filter(|(k, _)| b.inside.contains_key(*k)))
        .filter_map(|(k, word)| {
            if forms(&b, k, &a_has).is_some_and(|f| f.is_empty()) {
                return None;
            }
            match forms(&a, k, &b_has) {
                None => Some(word.clone()),
                Some(f) => f.into_iter().max_by_key(|f| name_keys(f).count()).cloned(),
            }
        })
        .collect();
    let mut shared: Vec<String> = shared.into_iter().collect();
    shared.sort_by_key(|w| w.to_lowercase());
    shared
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::represent;
    use crate::segment::document_from_sentences;

    fn names_of(sentences: &[&str]) -> Names {
        let owned: Vec<String> = sentences.iter().map(|s| s.to_string()).collect();
        let doc = document_from_sentences("doc", &owned);
        let features: Vec<SentenceFeatures> = doc
            .sentences
            .iter()
            .map(|s| represent::features(&s.text))
            .collect();
        names(&doc, &features)
    }

    #[test]
    fn shared_names_are_written_names_not_titles_initials_or_sentence_starts() {
        let a = names_of(&[
            "Fire Chief J. R. Talbot said the Quayside bridge had failed.",
            "City engineers blamed Okafor's report.",
            "Residents told Mayor Lund they were angry.",
        ]);
        let b = names_of(&[
            "Talbot's crews searched the water near Quayside.",
            "City officials praised Dr. Okafor.",
            "Lund said nothing.",
        ]);
        // Talbot and Quayside stand inside sentences on both sides (Talbot shown in
        // full, initials and all); Okafor is written with a possessive in A; Lund starts
        // B's sentence but stands inside A's. Fire Chief, Mayor and Dr are titles, J and
        // R initials, City only ever starts a sentence.
        assert_eq!(
            shared_names(a, b),
            ["J. R. Talbot", "Lund", "Okafor", "Quayside"]
        );
    }

    #[test]
    fn shared_names_are_written_in_full_as_prose_writes_them() {
        let a = names_of(&[
            "Ferry Strike Leaves Quay Empty As Talks Stall",
            "Union leader Maria Costa met Mayor Ruth Abernathy's deputy at City Hall.",
            "The talks with Costa ended without a deal.",
            "Foreign Minister Wang Yi sent ships to the Taiwan Strait.",
            "Organiser Maria Costa called a vote.",
        ]);
        let b = names_of(&[
            "Costa told reporters that Abernathy had not called.",
            "Commuters waited at the Quay.",
            "A spokesman, Wang Wenbin, said Taiwan was not discussed.",
        ]);
        // One run of names is one name, cut at the title (Mayor) and the possessive;
        // the title-case headline's runs ("Quay Empty As") are not full names. B's
        // Costa is A's Maria Costa, but B's Taiwan is not A's Taiwan Strait, and two
        // Wangs are two people. Organiser is capitalised for opening its sentence.
        assert_eq!(
            shared_names(a, b),
            ["Maria Costa", "Quay", "Ruth Abernathy"]
        );
    }

    #[test]
    fn a_word_only_starting_sentences_on_both_sides_is_not_a_shared_name() {
        let a = names_of(&["Harbour crews met at noon.", "Ferries ran late."]);
        let b = names_of(&["Harbour staff left early.", "Ferries were cancelled."]);
        assert!(shared_names(a, b).is_empty());
    }
}
