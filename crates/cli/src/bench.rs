//! `parallax bench`: alignment quality on the suites described in the bench README,
//! through the same engine code path as `compare`.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use parallax_core::align;
use parallax_core::segment::document_from_sentences;
use parallax_core::Engine;

use crate::baseline::{self, Tfidf};
use crate::Failure;

#[path = "bench_speed.rs"]
mod speed;

fn bad(path: &Path, why: impl std::fmt::Display) -> Failure {
    Failure {
        message: format!("{}: {why}", path.display()),
        code: 2,
    }
}

/// Where `--dump-features` writes: one line per scored pair, the gold value first.
type Dump = Option<std::io::BufWriter<std::fs::File>>;

fn dump_line(dump: &mut Dump, fields: &[String], features: &[f32]) -> Result<(), Failure> {
    if let Some(out) = dump.as_mut() {
        let values: Vec<String> = features.iter().map(|x| format!("{x:.4}")).collect();
        writeln!(out, "{}\t{}", fields.join("\t"), values.join("\t"))
            .map_err(|e| bad(Path::new("--dump-features"), e))?;
    }
    Ok(())
}

pub fn run(suite: &str, path: &Path, dump_features: Option<&Path>) -> Result<(), Failure> {
    // The bench measures the engine as a first run would see it: no disk cache.
    let engine = Engine::new(None).with_cache_dir(None);
    if let Some(w) = &engine.warning {
        eprintln!("parallax: warning: {w}");
    }
    let mut dump = match dump_features {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| bad(p, e))?,
        )),
        None => None,
    };
    let line = match suite {
        "pairs" => pairs(&engine, path, &mut dump)?,
        "sts" => sts(&engine, path, &mut dump)?,
        "news-ecb" | "news-synth" => news_ecb(suite, &engine, path, &mut dump)?,
        "speed" => speed::run(path)?,
        "multi" => crate::bench_multi::run(&engine, path)?,
        other => {
            return Err(Failure {
                message: format!(
                    "unknown suite {other:?} (pairs, sts, news-ecb, news-synth, multi, speed)"
                ),
                code: 2,
            })
        }
    };
    println!("{line}");
    Ok(())
}

/// One pair of one-sentence documents as the engine sees it.
struct PairResult {
    matched: bool,
    score: f32,
    similarity: f32,
    features: Vec<f32>,
}

fn pair_score(engine: &Engine, s1: &str, s2: &str) -> Result<PairResult, Failure> {
    let a = document_from_sentences("a", &[s1.to_string()]);
    let b = document_from_sentences("b", &[s2.to_string()]);
    let (c, scored) = engine.compare_scored(a, b, &AtomicBool::new(false), &mut |_, _, _| {})?;
    // A matched pair scores as its match (two sentences with the same words score 1);
    // a pair the boilerplate rule keeps apart (a date line against a statement) cannot
    // be matched whatever its evidence, so its score is 0.
    let may_pair = match (
        c.documents[0].sentences.first(),
        c.documents[1].sentences.first(),
    ) {
        (Some(x), Some(y)) => align::may_pair(x, y),
        _ => false,
    };
    let score = match c.matches.first() {
        Some(m) => m.score,
        None if may_pair => scored.score(0, 0),
        None => 0.0,
    };
    Ok(PairResult {
        matched: !c.matches.is_empty(),
        score,
        similarity: scored.similarity(0, 0),
        features: scored.features(0, 0).to_vec(),
    })
}

/// Embeds every sentence of a suite in large batches up front; the per-pair
/// comparisons then find them in the engine's cache.
pub(crate) fn warm<'a>(
    engine: &Engine,
    texts: impl Iterator<Item = &'a String>,
) -> Result<(), Failure> {
    let unique: std::collections::BTreeSet<&str> = texts.map(String::as_str).collect();
    let texts: Vec<&str> = unique.into_iter().collect();
    engine.represent(&texts, &mut |_, _, _| {})?;
    Ok(())
}

fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| bad(path, e))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

fn pairs(engine: &Engine, path: &Path, dump: &mut Dump) -> Result<String, Failure> {
    let rows = read_tsv(path)?;
    warm(engine, rows.iter().flat_map(|r| r.iter().skip(1)))?;
    let tfidf = Tfidf::new(
        rows.iter()
            .flat_map(|r| r.iter().skip(1))
            .map(String::as_str),
    );
    let (mut tp, mut fp, mut fn_, mut correct) = (0usize, 0usize, 0usize, 0usize);
    let mut base = Counts::default();
    let mut scored = Vec::new();
    let mut base_scored = Vec::new();
    for row in &rows {
        let [label, s1, s2] = &row[..] else {
            return Err(bad(path, "expected label<TAB>sentence_1<TAB>sentence_2"));
        };
        let gold = label.trim() == "1";
        let PairResult {
            matched,
            score,
            features,
            ..
        } = pair_score(engine, s1, s2)?;
        let base_score = baseline::cosine(&tfidf.vector(s1), &tfidf.vector(s2));
        base.add(base_score >= baseline::PAIRS_THRESHOLD, gold);
        base_scored.push((base_score as f32, gold));
        dump_line(
            dump,
            &[u8::from(gold).to_string(), format!("{base_score:.4}")],
            &features,
        )?;
        match (matched, gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
        correct += usize::from(matched == gold);
        scored.push((score, gold));
    }
    let (p, r, f) = prf(tp, fp, fn_);
    let (_, _, base_f) = base.prf();
    Ok(format!(
        "pairs: P={:.1} R={:.1} F1={:.1} acc={:.1} auc={:.3} n={} tfidf_f1={:.1} tfidf_auc={:.3}",
        p,
        r,
        f,
        100.0 * correct as f64 / rows.len().max(1) as f64,
        auc(&scored),
        rows.len(),
        base_f,
        auc(&base_scored),
    ))
}

fn sts(engine: &Engine, path: &Path, dump: &mut Dump) -> Result<String, Failure> {
    let rows = read_tsv(path)?;
    warm(engine, rows.iter().flat_map(|r| r.iter().skip(5)))?;
    let tfidf = Tfidf::new(
        rows.iter()
            .flat_map(|r| r.iter().skip(5))
            .map(String::as_str),
    );
    let (mut gold, mut ours, mut cosine, mut base): (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) =
        Default::default();
    for row in &rows {
        if row.len() < 7 {
            return Err(bad(
                path,
                "expected genre, file, year, id, score, sentence_1, sentence_2",
            ));
        }
        let g: f64 = row[4]
            .trim()
            .parse()
            .map_err(|_| bad(path, format!("bad score {:?}", row[4])))?;
        gold.push(g);
        let r = pair_score(engine, &row[5], &row[6])?;
        let base_score = baseline::cosine(&tfidf.vector(&row[5]), &tfidf.vector(&row[6]));
        base.push(base_score);
        dump_line(
            dump,
            &[row[4].trim().to_string(), format!("{base_score:.4}")],
            &r.features,
        )?;
        ours.push(f64::from(r.similarity));
        cosine.push(f64::from(r.features[0]));
    }
    // The plain cosine of the same model is the baseline the engine must beat.
    Ok(format!(
        "sts: spearman={:.1} cosine_spearman={:.1} n={} tfidf_spearman={:.1}",
        100.0 * spearman(&gold, &ours),
        100.0 * spearman(&gold, &cosine),
        rows.len(),
        100.0 * spearman(&gold, &base),
    ))
}

type Docs = BTreeMap<String, BTreeMap<String, String>>;

/// One article pair of a news-ecb-format links file.
#[derive(serde::Deserialize)]
pub(crate) struct Pair {
    pub doc1: String,
    pub doc2: String,
    links: BTreeMap<String, Vec<String>>,
}

/// A news-ecb-format folder: its documents (`docs.json`) and its article pairs with
/// their gold links (`links.json`).
pub(crate) struct NewsData<'a> {
    dir: &'a Path,
    pub docs: Docs,
    pub pairs: BTreeMap<String, Pair>,
}

impl<'a> NewsData<'a> {
    pub(crate) fn read(dir: &'a Path) -> Result<Self, Failure> {
        let read = |name: &str| {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| bad(&path, e))?;
            Ok::<_, Failure>((text, path))
        };
        let (docs, path) = read("docs.json")?;
        let docs = serde_json::from_str(&docs).map_err(|e| bad(&path, e))?;
        let (pairs, path) = read("links.json")?;
        let pairs = serde_json::from_str(&pairs).map_err(|e| bad(&path, e))?;
        Ok(NewsData { dir, docs, pairs })
    }

    fn index(&self, k: &str) -> Result<usize, Failure> {
        k.trim()
            .parse()
            .map_err(|_| bad(self.dir, format!("sentence index {k:?} is not a number")))
    }

    /// A document's sentences in the order of their indices, with those indices: gold
    /// links name sentences by index, which need not run 0, 1, 2, ... without gaps.
    pub(crate) fn sentences(&self, id: &str) -> Result<(Vec<usize>, Vec<String>), Failure> {
        let doc = self
            .docs
            .get(id)
            .ok_or_else(|| bad(self.dir, format!("unknown document {id}")))?;
        let mut items = doc
            .iter()
            .map(|(k, v)| Ok((self.index(k)?, v.clone())))
            .collect::<Result<Vec<(usize, String)>, Failure>>()?;
        items.sort_by_key(|(k, _)| *k);
        Ok(items.into_iter().unzip())
    }

    /// A pair's gold links as (index in doc1, index in doc2).
    pub(crate) fn gold(&self, pair: &Pair) -> Result<HashSet<(usize, usize)>, Failure> {
        let mut gold = HashSet::new();
        for (i, js) in &pair.links {
            for j in js {
                gold.insert((self.index(i)?, self.index(j)?));
            }
        }
        Ok(gold)
    }
}

fn news_ecb(suite: &str, engine: &Engine, dir: &Path, dump: &mut Dump) -> Result<String, Failure> {
    let data = NewsData::read(dir)?;
    let (docs, pairs) = (&data.docs, &data.pairs);
    let sentences = |id: &str| data.sentences(id);
    let start = Instant::now();
    warm(engine, docs.values().flat_map(|d| d.values()))?;
    let engine_time = start.elapsed();
    let tfidf = Tfidf::new(docs.values().flat_map(|d| d.values()).map(String::as_str));
    let mut base = Counts::default();
    let (mut tp, mut fp, mut fn_, mut n_sentences) = (0usize, 0usize, 0usize, 0usize);
    let mut aligning = std::time::Duration::ZERO;
    for (n, pair) in pairs.values().enumerate() {
        let ((ka, s1), (kb, s2)) = (sentences(&pair.doc1)?, sentences(&pair.doc2)?);
        n_sentences += s1.len() + s2.len();
        let a = document_from_sentences(&pair.doc1, &s1);
        let b = document_from_sentences(&pair.doc2, &s2);
        let started = Instant::now();
        let (c, scored) =
            engine.compare_scored(a, b, &AtomicBool::new(false), &mut |_, _, _| {})?;
        aligning += started.elapsed();
        // Links as (index in doc1, index in doc2), the gold's numbering.
        let predicted: HashSet<(usize, usize)> = c
            .matches
            .iter()
            .flat_map(|m| {
                let (ka, kb) = (&ka, &kb);
                m.a.iter()
                    .flat_map(move |&i| m.b.iter().map(move |&j| (ka[i], kb[j])))
            })
            .collect();
        let gold = data.gold(pair)?;
        let (va, vb): (Vec<_>, Vec<_>) = (
            s1.iter().map(|s| tfidf.vector(s)).collect(),
            s2.iter().map(|s| tfidf.vector(s)).collect(),
        );
        let places = (
            align::content_places(&c.documents[0]),
            align::content_places(&c.documents[1]),
        );
        for (i, &index_a) in ka.iter().enumerate() {
            for (j, &index_b) in kb.iter().enumerate() {
                let linked = gold.contains(&(index_a, index_b));
                let base_score = baseline::cosine(&va[i], &vb[j]);
                base.add(base_score >= baseline::NEWS_THRESHOLD, linked);
                if dump.is_some() {
                    let mut ids = [usize::from(linked), n, i, j, places.0[i], places.1[j]]
                        .map(|x| x.to_string())
                        .to_vec();
                    ids.push(format!("{base_score:.4}"));
                    dump_line(dump, &ids, &scored.features(i, j))?;
                }
            }
        }
        tp += predicted.intersection(&gold).count();
        fp += predicted.difference(&gold).count();
        fn_ += gold.difference(&predicted).count();
    }
    let (p, r, f) = prf(tp, fp, fn_);
    // The engine's own time: embedding every sentence once, then the comparisons.
    let rate = n_sentences as f64 / (engine_time + aligning).as_secs_f64();
    let (bp, br, bf) = base.prf();
    Ok(format!(
        "{suite}: P={p:.1} R={r:.1} F1={f:.1} pairs={} sentences_per_s={rate:.0} \
         tfidf_P={bp:.1} tfidf_R={br:.1} tfidf_f1={bf:.1}",
        pairs.len()
    ))
}

/// Decisions against gold, counted for precision, recall and F1.
#[derive(Default)]
pub(crate) struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    /// Counts predicted links against the gold ones.
    pub(crate) fn add_links(
        &mut self,
        predicted: &HashSet<(usize, usize)>,
        gold: &HashSet<(usize, usize)>,
    ) {
        self.tp += predicted.intersection(gold).count();
        self.fp += predicted.difference(gold).count();
        self.fn_ += gold.difference(predicted).count();
    }

    pub(crate) fn prf(&self) -> (f64, f64, f64) {
        prf(self.tp, self.fp, self.fn_)
    }
}

pub(crate) fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

/// Area under the ROC curve: the probability that a positive outranks a negative.
fn auc(scored: &[(f32, bool)]) -> f64 {
    let gold: Vec<f64> = scored
        .iter()
        .map(|(_, g)| f64::from(u8::from(*g)))
        .collect();
    let ranks = ranks(
        &scored
            .iter()
            .map(|(s, _)| f64::from(*s))
            .collect::<Vec<_>>(),
    );
    let n_pos = gold.iter().filter(|&&g| g == 1.0).count() as f64;
    let n_neg = gold.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return f64::NAN;
    }
    let pos_rank_sum: f64 = ranks
        .iter()
        .zip(&gold)
        .filter(|(_, &g)| g == 1.0)
        .map(|(r, _)| r)
        .sum();
    (pos_rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg)
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = mean;
        }
        i = j + 1;
    }
    ranks
}

fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum::<f64>().sqrt();
    let sy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum::<f64>().sqrt();
    cov / (sx * sy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_on_hand_checked_values() {
        assert_eq!(prf(3, 1, 1), (75.0, 75.0, 75.0));
        assert_eq!(
            auc(&[(0.9, true), (0.1, false), (0.5, true), (0.6, false)]),
            0.75
        );
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 30.0, 20.0]) - 0.5).abs() < 1e-9);
    }
}
