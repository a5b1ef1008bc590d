//! Sentence embeddings: all-MiniLM-L6-v2 run in-process by `bert` (integer linear
//! layers from `quant`), mean-pooled and L2-normalised. Sentences are cut into batches
//! of about `BATCH_CHARS` characters that the machine's cores take in turn; a batch
//! packs its sentences without padding.
//! The engine never touches the network: the model files come from `./x setup`.

mod bert;
mod quant;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use tokenizers::{Tokenizer, TruncationParams};

use crate::error::ErrorKind;
use bert::{Bert, Config, Precision, Scratch};

/// Folder name of the bundled model under `assets/models/`.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";
/// How the vectors are computed; part of the embedding cache's key.
pub const NUMERICS: &str = "int8-per-token-v1";

/// About 1,000 tokens: enough rows for the matrix products to run at full speed.
const BATCH_CHARS: usize = 4_000;
const MAX_TOKENS: usize = 256;

pub struct Embedder {
    model: Bert,
    tokenizer: Tokenizer,
}

impl Embedder {
    /// Loads `model.safetensors`, `tokenizer.json` and `config.json` from `dir`, with
    /// integer linear layers (`Precision::Int8`).
    pub fn load(dir: &Path) -> Result<Self, ErrorKind> {
        Self::load_with(dir, Precision::Int8)
    }

    fn load_with(dir: &Path, precision: Precision) -> Result<Self, ErrorKind> {
        let model_err = |what: &str, e: &dyn std::fmt::Display| {
            ErrorKind::Model(format!("{what} in {}: {e}", dir.display()))
        };
        let config = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| model_err("cannot read config.json", &e))?;
        let config: Config =
            serde_json::from_str(&config).map_err(|e| model_err("bad config.json", &e))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| model_err("cannot load tokenizer.json", &e))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS.min(config.max_position_embeddings),
                ..Default::default()
            }))
            .map_err(|e| model_err("tokenizer", &e))?;
        tokenizer.with_padding(None);
        let model = Bert::load(&dir.join("model.safetensors"), &config, precision)
            .map_err(|e| model_err("cannot load model.safetensors", &e))?;
        Ok(Embedder { model, tokenizer })
    }
    /// Finds the model folder: `$PARALLAX_MODEL_DIR`, else `assets/models/<name>` next to
    /// the executable or in one of its (or the working directory's) ancestors.
    pub fn locate() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("PARALLAX_MODEL_DIR") {
            return Some(PathBuf::from(dir));
        }
        let starts = [std::env::current_exe().ok(), std::env::current_dir().ok()];
        starts
            .into_iter()
            .flatten()
            .flat_map(|p| p.ancestors().map(Path::to_path_buf).collect::<Vec<_>>())
            .find_map(|dir| {
                let candidate = dir.join("assets/models").join(MODEL_NAME);
                candidate
                    .join("model.safetensors")
                    .is_file()
                    .then_some(candidate)
            })
    }

    /// The length of the vectors.
    pub fn dim(&self) -> usize {
        self.model.hidden()
    }

    /// Embeds sentences; `progress(done, total)` is called as batches finish and
    /// `cancel` is checked before each batch.
    pub fn embed(
        &self,
        texts: &[&str],
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, ErrorKind> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let batches = batches(texts, threads);
        let next = AtomicUsize::new(0);
        let mut out = vec![Vec::new(); texts.len()];
        let mut done = 0;
        std::thread::scope(|scope| {
            let (send, receive) = mpsc::channel();
            for _ in 0..threads.min(batches.len()) {
                let (send, next, batches) = (send.clone(), &next, &batches);
                scope.spawn(move || {
                    let mut scratch = Scratch::default();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let Some(range) = batches.get(n) else { break };
                        if cancel.load(Ordering::Relaxed) {
                            let _ = send.send(Err(ErrorKind::Cancelled));
                            break;
                        }
                        let result = self.embed_batch(&texts[range.clone()], &mut scratch);
                        if send.send(result.map(|v| (range.start, v))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(send);
            for result in receive {
                let (start, vectors) = result?;
                done += vectors.len();
                for (k, v) in vectors.into_iter().enumerate() {
                    out[start + k] = v;
                }
                progress(done, texts.len());
            }
            // Returning early drops `receive`: the workers' next send fails and they stop.
            Ok::<(), ErrorKind>(())
        })?;
        Ok(out)
    }

    fn embed_batch(
        &self,
        texts: &[&str],
        scratch: &mut Scratch,
    ) -> Result<Vec<Vec<f32>>, ErrorKind> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| ErrorKind::Model(format!("tokenizer failed: {e}")))?;
        let ids: Vec<&[u32]> = encodings.iter().map(|e| e.get_ids()).collect();
        Ok(self.model.embed(&ids, scratch))
    }
}

/// Every dot product of a vector of `a` with a vector of `b`, row-major (`i * b.len() + j`),
/// as one matrix product; `None` when the vectors differ in length.
pub fn dot_products(a: &[&[f32]], b: &[&[f32]]) -> Option<Vec<f32>> {
    let dim = a.first().or(b.first()).map_or(0, |v| v.len());
    if a.iter().chain(b).any(|v| v.len() != dim) {
        return None;
    }
    let (na, nb) = (a.len(), b.len());
    let (fa, fb) = (a.concat(), b.concat());
    let mut out = vec![0.0f32; na * nb];
    if dim == 0 || out.is_empty() {
        return Some(out);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // SAFETY: fa is na × dim and fb nb × dim, row-major; fb is read transposed
    // (dim × nb); out is na × nb. All strides stay inside the buffers.
    unsafe {
        gemm::gemm(
            na,
            nb,
            dim,
            out.as_mut_ptr(),
            1,
            nb as isize,
            false,
            fa.as_ptr(),
            1,
            dim as isize,
            fb.as_ptr(),
            dim as isize,
            1,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::Rayon(threads),
        );
    }
    Some(out)
}

/// Consecutive ranges of `texts` of about [`BATCH_CHARS`] characters each, and at
/// least one per thread when there is enough text, so that every core has work.
fn batches(texts: &[&str], threads: usize) -> Vec<std::ops::Range<usize>> {
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let budget = BATCH_CHARS.min(total.div_ceil(threads.max(1))).max(1);
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, t) in texts.iter().enumerate() {
        size += t.len();
        if size >= budget {
            out.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < texts.len() {
        out.push(start..texts.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedder() -> Embedder {
        let dir = Embedder::locate().expect("the model files from `./x setup`");
        Embedder::load(&dir).expect("the model loads")
    }

    fn embed(e: &Embedder, texts: &[&str]) -> Vec<Vec<f32>> {
        e.embed(texts, &AtomicBool::new(false), &mut |_, _| {})
            .expect("embeds")
    }

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    const COUNCIL: &str = "The council approved the new budget on Tuesday.";
    const BRIDGE: &str = "Officials said the bridge would reopen in March after repairs \
        costing $4 million, according to a statement released late on Friday evening.";

    fn exact_embedder() -> Embedder {
        let dir = Embedder::locate().expect("the model files from `./x setup`");
        Embedder::load_with(&dir, Precision::F32).expect("the model loads")
    }

    #[test]
    fn exact_vectors_match_the_reference_implementation() {
        // The first components as candle-transformers' BertModel (0.9) computed them
        // for the same model, mean-pooled and normalised like sentence-transformers.
        let v = embed(&exact_embedder(), &[COUNCIL, BRIDGE]);
        let want = [
            [-0.031657, -0.023537, -0.003444, 0.083227],
            [0.004878, -0.012908, 0.067272, 0.032625],
        ];
        for (got, want) in v.iter().zip(want) {
            assert_eq!(got.len(), 384);
            assert!((cosine(got, got) - 1.0).abs() < 1e-5);
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 2e-5, "{:?} is not {want:?}", &got[..4]);
            }
        }
    }

    #[test]
    fn quantised_vectors_stay_close_to_the_exact_ones() {
        let texts = [
            COUNCIL,
            BRIDGE,
            "Fourteen people were taken to hospital, two of them in a serious condition.",
            "“We will not raise taxes,” the minister said, but the opposition disagreed.",
            "Shares fell 3.2% to $41.70 after the results.",
            "Ok.",
        ];
        let (exact, quantised) = (embed(&exact_embedder(), &texts), embed(&embedder(), &texts));
        for ((e, q), text) in exact.iter().zip(&quantised).zip(texts) {
            let c = cosine(e, q);
            assert!(c > 0.99, "cosine {c} for {text:?}");
        }
        // And the engine's embedder is the quantised one: its vectors are not exact.
        assert!(cosine(&exact[0], &quantised[0]) < 1.0 - 1e-6);
    }

    #[test]
    fn a_sentence_gets_the_same_vector_alone_or_packed_in_any_batch() {
        let e = embedder();
        let alone = embed(&e, &[BRIDGE]).remove(0);
        // Enough text for several batches on several threads.
        let mut texts: Vec<String> = (0..200)
            .map(|k| format!("Sentence number {k} says something about item {}.", k * 7))
            .collect();
        texts.insert(123, BRIDGE.to_string());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(batches(&refs, 2).len() > 1);
        let packed = embed(&e, &refs);
        assert_eq!(packed.len(), refs.len());
        assert!(cosine(&alone, &packed[123]) > 0.999_99);
        assert!(cosine(&packed[0], &packed[123]) < 0.9);
    }

    #[test]
    fn a_paraphrase_is_closer_than_an_unrelated_sentence() {
        let v = embed(
            &embedder(),
            &[
                COUNCIL,
                "On Tuesday councillors voted through the new budget.",
                "Heavy rain flooded the harbour road overnight.",
            ],
        );
        assert!(cosine(&v[0], &v[1]) > 0.6);
        assert!(cosine(&v[0], &v[2]) < 0.3);
    }

    #[test]
    fn batches_cover_every_text_once_and_split_for_every_thread() {
        let texts = [
            "a".repeat(3000),
            "b".repeat(3000),
            "c".into(),
            "d".repeat(10),
        ];
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let b = batches(&refs, 2);
        let covered: Vec<usize> = b.iter().flat_map(|r| r.clone()).collect();
        assert_eq!(covered, vec![0, 1, 2, 3]);
        assert!(b.len() >= 2);
        assert!(batches(&[], 2).is_empty());
    }

    #[test]
    fn dot_products_are_row_major_and_reject_mixed_lengths() {
        let (a, b): (&[&[f32]], &[&[f32]]) = (&[&[1.0, 0.0], &[0.0, 2.0]], &[&[3.0, 4.0]]);
        assert_eq!(dot_products(a, b), Some(vec![3.0, 8.0]));
        assert_eq!(dot_products(&[&[1.0]], &[&[1.0, 2.0]]), None);
    }

    #[test]
    fn a_cancelled_run_stops_with_cancelled() {
        let e = embedder();
        let texts = vec![BRIDGE; 50];
        let result = e.embed(&texts, &AtomicBool::new(true), &mut |_, _| {});
        assert!(matches!(result, Err(ErrorKind::Cancelled)));
    }
}
