//! The comparison pipeline after segmentation: represent → align → diff → report.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::align::{self, Group};
use crate::cache::{self, EmbeddingCache};
use crate::diff;
use crate::document::Document;
use crate::embed::Embedder;
use crate::error::{Error, ErrorKind, Result};
use crate::report::{
    Comparison, Conflict, ConflictKind, DiffOp, DiffSpan, FactSpan, Match, MatchKind, NearMiss,
    Summary,
};
use crate::represent::{self, strip_possessive, Fact, FactKind, Idf, SentenceFeatures};
use unicode_segmentation::UnicodeSegmentation;

/// Every pair's evidence, for benchmarks and weight fitting: `features(i, j)` and
/// `score(i, j)` for A's sentence i and B's sentence j.
pub type Scored = align::PairMatrix;

/// A stage of a comparison, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Embedding,
    Aligning,
}

/// The engine: the sentence model when it could be loaded, and why not otherwise.
pub struct Engine {
    embedder: Option<Embedder>,
    /// Where the model's files are, to key the on-disk cache.
    model_dir: Option<PathBuf>,
    /// Embeddings already computed in this process, by sentence text.
    memory: Mutex<HashMap<String, Vec<f32>>>,
    /// Embeddings kept on disk between runs.
    disk: Option<EmbeddingCache>,
    /// Why semantic matching is off, when it is.
    pub warning: Option<String>,
}

impl Engine {
    /// Loads the model from `model_dir` or, when `None`, from where [`Embedder::locate`]
    /// finds it. A missing or broken model leaves a lexical-only engine with a warning.
    /// Embeddings are cached on disk in [`cache::default_dir`]; see
    /// [`Engine::with_cache_dir`].
    pub fn new(model_dir: Option<&Path>) -> Engine {
        let dir = model_dir.map(Path::to_path_buf).or_else(Embedder::locate);
        match dir.as_deref().map(Embedder::load) {
            Some(Ok(embedder)) => Engine {
                embedder: Some(embedder),
                model_dir: dir,
                memory: Mutex::default(),
                disk: None,
                warning: None,
            }
            .with_cache_dir(cache::default_dir().as_deref()),
            Some(Err(e)) => Engine::lexical(format!("semantic matching is off: {e}")),
            None => Engine::lexical(
                "semantic matching is off: the sentence model was not found (run ./x setup)".into(),
            ),
        }
    }

    /// An engine that uses lexical features only.
    pub fn lexical(warning: String) -> Engine {
        Engine {
            embedder: None,
            model_dir: None,
            memory: Mutex::default(),
            disk: None,
            warning: Some(warning),
        }
    }

    /// Keeps embeddings under `dir` (bounded to [`cache::DEFAULT_MAX_BYTES`]), or
    /// nowhere on disk when `None`.
    pub fn with_cache_dir(mut self, dir: Option<&Path>) -> Engine {
        self.disk = match (dir, &self.embedder, &self.model_dir) {
            (Some(root), Some(embedder), Some(model)) => cache::model_key(model).map(|key| {
                EmbeddingCache::new(root, &key, embedder.dim(), cache::DEFAULT_MAX_BYTES)
            }),
            _ => None,
        };
        self
    }

    /// The folder this engine's model's embeddings are cached in, if any.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.disk.as_ref().map(EmbeddingCache::dir)
    }

    pub fn is_semantic(&self) -> bool {
        self.embedder.is_some()
    }

    /// Sentence features for a list of texts, embeddings included when the model is loaded.
    pub fn represent(
        &self,
        texts: &[&str],
        progress: &mut dyn FnMut(Stage, usize, usize),
    ) -> Result<Vec<SentenceFeatures>> {
        self.represent_cancellable(texts, &AtomicBool::new(false), progress)
    }

    /// [`Engine::represent`], checking `cancel` between embedding batches. Embeddings
    /// come from memory, then the disk cache, then the model.
    pub fn represent_cancellable(
        &self,
        texts: &[&str],
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Stage, usize, usize),
    ) -> Result<Vec<SentenceFeatures>> {
        let mut features: Vec<SentenceFeatures> =
            texts.iter().map(|t| represent::features(t)).collect();
        let Some(embedder) = &self.embedder else {
            return Ok(features);
        };
        let mut memory = self
            .memory
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !memory.contains_key(*t))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if let Some(disk) = &self.disk {
            let hashes: Vec<_> = missing.iter().map(|t| cache::sentence_hash(t)).collect();
            let mut found = disk.get(&hashes);
            missing = missing
                .into_iter()
                .zip(&hashes)
                .filter_map(|(t, h)| match found.remove(h) {
                    Some(v) => {
                        memory.insert(t.to_string(), v);
                        None
                    }
                    None => Some(t),
                })
                .collect();
        }
        let vectors = embedder
            .embed(&missing, cancel, &mut |done, total| {
                progress(Stage::Embedding, done, total)
            })
            .map_err(|k| Error::new("", k))?;
        if let Some(disk) = &self.disk {
            let entries: Vec<_> = missing
                .iter()
                .zip(&vectors)
                .map(|(t, v)| (cache::sentence_hash(t), v.as_slice()))
                .collect();
            disk.put(&entries);
        }
        for (text, v) in missing.iter().zip(vectors) {
            memory.insert(text.to_string(), v);
        }
        for (f, text) in features.iter_mut().zip(texts) {
            f.embedding = memory.get(*text).cloned();
        }
        Ok(features)
    }

    /// Compares two documents. `cancel` is checked between embedding batches and
    /// between rows of the pair matrix; `progress` reports both stages.
    pub fn compare(
        &self,
        a: Document,
        b: Document,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Stage, usize, usize),
    ) -> Result<Comparison> {
        let (comparison, _) = self.compare_scored(a, b, cancel, progress)?;
        Ok(comparison)
    }

    /// Like [`Engine::compare`], also returning every pair's features and score (for
    /// benchmarks and weight fitting).
    pub fn compare_scored(
        &self,
        a: Document,
        b: Document,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Stage, usize, usize),
    ) -> Result<(Comparison, Scored)> {
        check_pairs(&a, &b)?;
        let texts: Vec<&str> = a
            .sentences
            .iter()
            .chain(&b.sentences)
            .map(|s| s.text.as_str())
            .collect();
        let features = self.represent_cancellable(&texts, cancel, progress)?;
        let cancelled = |_| Error::new("", ErrorKind::Cancelled);
        let (fa, fb) = features.split_at(a.sentences.len());
        let idf = Idf::new(features.iter());
        // Aligning reports rows of the pair matrix, then one final step for the matches.
        let rows = fa.len() + 1;
        progress(Stage::Aligning, 0, rows);
        let matrix = align::PairMatrix::new(
            fa,
            fb,
            (align::Layout::of(&a), align::Layout::of(&b)),
            &idf,
            cancel,
            &mut |done, _| progress(Stage::Aligning, done, rows),
        )
        .map_err(cancelled)?;
        let groups = align::choose(&matrix, &a, &b, cancel).map_err(cancelled)?;
        let mut matches = Vec::with_capacity(groups.len());
        for g in &groups {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::new("", ErrorKind::Cancelled));
            }
            matches.push(describe(g, &a, &b, fa, fb));
        }
        let near_misses = align::near_misses(&matrix, &a, &b, &groups)
            .into_iter()
            .map(|(a, b, score)| NearMiss { a, b, score })
            .collect();
        progress(Stage::Aligning, rows, rows);
        let summary = summarise(&a, &b, &matches, fa, fb);
        let warnings = self.warning.iter().cloned().collect();
        Ok((
            Comparison {
                documents: vec![a, b],
                matches,
                near_misses,
                summary,
                semantic: self.is_semantic(),
                warnings,
            },
            matrix,
        ))
    }
}

/// The most sentence pairs one comparison scores: the pair matrix keeps a few numbers
/// per pair, so this bounds its memory (about 320 MB) and time. Two 6,000-sentence
/// documents fit; a document of 300,000 repeated lines against another does not.
pub const MAX_PAIRS: u64 = 40_000_000;

/// Refuses two documents whose pairs exceed [`MAX_PAIRS`], naming the longer one.
fn check_pairs(a: &Document, b: &Document) -> Result<()> {
    let (na, nb) = (a.sentences.len(), b.sentences.len());
    if (na as u64).saturating_mul(nb as u64) <= MAX_PAIRS {
        return Ok(());
    }
    let longer = if na >= nb { &a.path } else { &b.path };
    Err(Error::new(
        longer.clone(),
        ErrorKind::TooManyPairs {
            a: na,
            b: nb,
            limit: MAX_PAIRS,
        },
    ))
}

fn describe(
    g: &Group,
    a: &Document,
    b: &Document,
    fa: &[SentenceFeatures],
    fb: &[SentenceFeatures],
) -> Match {
    let sa: Vec<&str> = g.a.iter().map(|&i| a.sentences[i].text.as_str()).collect();
    let sb: Vec<&str> = g.b.iter().map(|&j| b.sentences[j].text.as_str()).collect();
    let (ta, tb) = (sa.join(" "), sb.join(" "));
    let diff = diff::group_diff(&sa, &sb);
    let kind = if g.a.iter().all(|&i| a.sentences[i].boilerplate) {
        MatchKind::Boilerplate
    } else if align::normalise(&ta) == align::normalise(&tb) {
        MatchKind::Verbatim
    } else {
        let equal_chars = diff::equal_chars(&diff);
        let longest = ta.chars().count().max(tb.chars().count()).max(1);
        let (la, lb) = (
            ta.split_whitespace().count() as f32,
            tb.split_whitespace().count() as f32,
        );
        if equal_chars * 10 >= longest * 6 {
            MatchKind::Edited
        } else if la.min(lb) / la.max(lb) < 0.5 {
            // One side says more: counted in words, not sentences, since a statement
            // split in two says no more than the one it was split from.
            MatchKind::Partial
        } else {
            MatchKind::Paraphrase
        }
    };
    let conflicts = if kind == MatchKind::Boilerplate {
        Vec::new()
    } else {
        let mut found = conflicts(g, a, b, fa, fb);
        found.extend(name_conflict(&diff, g, a, b));
        found
    };
    Match {
        a: g.a.clone(),
        b: g.b.clone(),
        score: g.score,
        kind,
        conflicts,
        diff,
    }
}

/// Facts both sides state with different values: numbers and dates that only one side
/// has while the other has a different one of the same kind, and negation on one side only.
fn conflicts(
    g: &Group,
    a: &Document,
    b: &Document,
    fa: &[SentenceFeatures],
    fb: &[SentenceFeatures],
) -> Vec<Conflict> {
    let facts = |ids: &[usize], f: &[SentenceFeatures]| -> Vec<(usize, Fact)> {
        ids.iter()
            .flat_map(|&i| f[i].facts.iter().map(move |x| (i, x.clone())))
            .collect()
    };
    let (xa, xb) = (facts(&g.a, fa), facts(&g.b, fb));
    let mut out = Vec::new();
    for (kind, conflict_kind) in [
        (FactKind::Number, ConflictKind::Number),
        (FactKind::Date, ConflictKind::Date),
    ] {
        let values = |x: &[(usize, Fact)]| {
            x.iter()
                .filter(|(_, f)| f.kind == kind)
                .map(|(_, f)| f.value.clone())
                .collect::<BTreeSet<_>>()
        };
        let (va, vb) = (values(&xa), values(&xb));
        let only_a: Vec<&(usize, Fact)> = xa
            .iter()
            .filter(|(_, f)| f.kind == kind && !vb.contains(&f.value))
            .collect();
        let only_b: Vec<&(usize, Fact)> = xb
            .iter()
            .filter(|(_, f)| f.kind == kind && !va.contains(&f.value))
            .collect();
        if let (Some(x), Some(y)) = (only_a.first(), only_b.first()) {
            out.push(Conflict {
                kind: conflict_kind,
                a: fact_span(a, x),
                b: fact_span(b, y),
            });
        }
    }
    let (na, nb) = (negations(&xa), negations(&xb));
    if na.len() % 2 != nb.len() % 2 {
        let (one, doc, other_ids, other) = if na.len() > nb.len() {
            (na[0], a, &g.b, true)
        } else {
            (nb[0], b, &g.a, false)
        };
        let missing = FactSpan {
            sentence: other_ids[0],
            start: 0,
            end: 0,
            text: String::new(),
        };
        let present = fact_span(doc, one);
        out.push(if other {
            Conflict {
                kind: ConflictKind::Negation,
                a: present,
                b: missing,
            }
        } else {
            Conflict {
                kind: ConflictKind::Negation,
                a: missing,
                b: present,
            }
        });
    }
    out
}

/// A name in the same role: the diff replaces one run of capitalised name words by
/// another between the same words on both sides ("said Minister Ana Ruiz" vs "said
/// Minister Carla Ruiz"). Precision first: the replaced and the replacing name must
/// each appear only there, both must be one to three name words, and the unchanged
/// context must hold at least two words on one side of the change.
fn name_conflict(diff: &[DiffSpan], g: &Group, a: &Document, b: &Document) -> Option<Conflict> {
    let words = |t: &str| t.unicode_words().count();
    let name_run = |t: &str| {
        let n = words(t);
        (1..=3).contains(&n)
            && t.unicode_words().all(represent::is_name_word)
            && t.chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '.')
    };
    let (ta, tb) = (
        diff::side(diff, DiffOp::Delete),
        diff::side(diff, DiffOp::Insert),
    );
    for k in 0..diff.len().saturating_sub(1) {
        let (del, ins) = (&diff[k], &diff[k + 1]);
        if del.op != DiffOp::Delete || ins.op != DiffOp::Insert {
            continue;
        }
        let (x, y) = (del.text.trim(), ins.text.trim());
        if !name_run(x) || !name_run(y) || ta.contains(y) || tb.contains(x) {
            continue;
        }
        let before = k
            .checked_sub(1)
            .map(|p| &diff[p])
            .filter(|s| s.op == DiffOp::Equal);
        let after = diff.get(k + 2).filter(|s| s.op == DiffOp::Equal);
        let context = before
            .map_or(0, |s| words(&s.text))
            .max(after.map_or(0, |s| words(&s.text)));
        if context < 2 || ta.matches(x).count() != 1 || tb.matches(y).count() != 1 {
            continue;
        }
        return Some(Conflict {
            kind: ConflictKind::Name,
            a: locate(x, &g.a, a)?,
            b: locate(y, &g.b, b)?,
        });
    }
    None
}

/// The span of `text` in the first of `ids`' sentences that holds it.
fn locate(text: &str, ids: &[usize], doc: &Document) -> Option<FactSpan> {
    ids.iter().find_map(|&id| {
        let sentence = &doc.sentences[id].text;
        let byte = sentence.find(text)?;
        let start = sentence[..byte].chars().count();
        Some(FactSpan {
            sentence: id,
            start,
            end: start + text.chars().count(),
            text: text.to_string(),
        })
    })
}

fn negations(x: &[(usize, Fact)]) -> Vec<&(usize, Fact)> {
    x.iter()
        .filter(|(_, f)| f.kind == FactKind::Negation)
        .collect()
}

/// A fact as its sentence writes it ("9,000", "Fourteen"), not its normalised value.
fn fact_span(doc: &Document, (sentence, f): &(usize, Fact)) -> FactSpan {
    let text = doc.sentences[*sentence].text.chars();
    FactSpan {
        sentence: *sentence,
        start: f.start,
        end: f.end,
        text: text.skip(f.start).take(f.end - f.start).collect(),
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

fn summarise(
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

#[cfg(test)]
mod tests {
    use super::*;
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

    fn kind_of(a: &[&str], b: &[&str]) -> MatchKind {
        let doc = |texts: &[&str]| {
            let owned: Vec<String> = texts.iter().map(|s| s.to_string()).collect();
            document_from_sentences("doc", &owned)
        };
        let features = |texts: &[&str]| texts.iter().map(|t| represent::features(t)).collect();
        let (fa, fb): (Vec<SentenceFeatures>, Vec<SentenceFeatures>) = (features(a), features(b));
        let g = Group {
            a: (0..a.len()).collect(),
            b: (0..b.len()).collect(),
            score: 0.9,
        };
        describe(&g, &doc(a), &doc(b), &fa, &fb).kind
    }

    #[test]
    fn a_statement_split_in_two_is_no_partial_but_one_that_says_more_is() {
        let whole =
            ["The ferry terminal opened in 1987 and inspectors last checked its roof in May."];
        let split = [
            "The terminal dates from 1987.",
            "Its roof was looked at by inspectors in May.",
        ];
        assert_eq!(kind_of(&whole, &split), MatchKind::Paraphrase);
        let more = [
            "The terminal dates from 1987.",
            "Its roof was looked at by inspectors in May, and its piers, its car park, its waiting rooms and the slipway were all found in need of urgent repair.",
        ];
        assert_eq!(kind_of(&whole, &more), MatchKind::Partial);
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
