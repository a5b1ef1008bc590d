//! The comparison pipeline after segmentation, stage by stage: represent (with the
//! embedding caches the [`Engine`] keeps) → align → diff → conflict → report. Each
//! stage lives in its own module; this one runs them in order and reports progress.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::align::{self, Group};
use crate::cache::{self, EmbeddingCache};
use crate::conflict::{self, Side};
use crate::diff;
use crate::document::Document;
use crate::embed::Embedder;
use crate::error::{Error, ErrorKind, Result};
use crate::report::{summarise, Comparison, Match, MatchKind, NearMiss};
use crate::represent::{self, Idf, SentenceFeatures};

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
    memory: Mutex<HashMap<String, Arc<[f32]>>>,
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
        let Ok(mut features) = align::by_rows(texts.len(), |range| {
            Ok::<_, std::convert::Infallible>(
                texts[range]
                    .iter()
                    .map(|t| represent::features(t))
                    .collect(),
            )
        });
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
                        memory.insert(t.to_string(), v.into());
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
            memory.insert(text.to_string(), v.into());
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

/// A match as the reader sees it: the word diff of its sentences, its kind and, unless
/// it is boilerplate, the facts its two sides disagree on.
fn describe(
    g: &Group,
    a: &Document,
    b: &Document,
    fa: &[SentenceFeatures],
    fb: &[SentenceFeatures],
) -> Match {
    let sa: Vec<&str> = g.a.iter().map(|&i| a.sentences[i].text.as_str()).collect();
    let sb: Vec<&str> = g.b.iter().map(|&j| b.sentences[j].text.as_str()).collect();
    let diff = diff::group_diff(&sa, &sb);
    let boilerplate = g.a.iter().all(|&i| a.sentences[i].boilerplate);
    let kind = diff::kind(&sa, &sb, &diff, boilerplate);
    let conflicts = if kind == MatchKind::Boilerplate {
        Vec::new()
    } else {
        let side_a = Side {
            doc: a,
            features: fa,
            ids: &g.a,
        };
        let side_b = Side {
            doc: b,
            features: fb,
            ids: &g.b,
        };
        conflict::find(&side_a, &side_b, &diff)
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
