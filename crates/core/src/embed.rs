//! Sentence embeddings: all-MiniLM-L6-v2 run in-process with candle, mean-pooled and
//! L2-normalised. Sentences are sorted by length and batched so padding stays small.
//! The engine never touches the network: the model files come from `./x setup`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Tokenizer, TruncationParams};

use crate::error::ErrorKind;

/// Folder name of the bundled model under `assets/models/`.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";
const BATCH: usize = 32;
const MAX_TOKENS: usize = 256;

pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dim: usize,
}

impl Embedder {
    /// Loads `model.safetensors`, `tokenizer.json` and `config.json` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, ErrorKind> {
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
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| model_err("tokenizer", &e))?;
        tokenizer.with_padding(None);
        let device = Device::Cpu;
        // SAFETY: the weights file is memory-mapped read-only and not modified while mapped.
        let vb = unsafe {
            VarBuilder::from_mmaped_safetensors(
                &[dir.join("model.safetensors")],
                DType::F32,
                &device,
            )
        }
        .map_err(|e| model_err("cannot map model.safetensors", &e))?;
        let model =
            BertModel::load(vb, &config).map_err(|e| model_err("cannot load the model", &e))?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
            dim: config.hidden_size,
        })
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
        self.dim
    }

    /// Embeds sentences; `progress(done, total)` is called after each batch and
    /// `cancel` is checked before each.
    pub fn embed(
        &self,
        texts: &[&str],
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, ErrorKind> {
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for (n, chunk) in order.chunks(BATCH).enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(ErrorKind::Cancelled);
            }
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            let vectors = self
                .embed_batch(&batch)
                .map_err(|e| ErrorKind::Model(format!("inference failed: {e}")))?;
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
            progress(((n + 1) * BATCH).min(texts.len()), texts.len());
        }
        Ok(out)
    }

    fn embed_batch(
        &self,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, Box<dyn std::error::Error + Send + Sync>> {
        let encodings = self.tokenizer.encode_batch(texts.to_vec(), true)?;
        let len = encodings
            .iter()
            .map(|e| e.get_ids().len())
            .max()
            .unwrap_or(1)
            .max(1);
        let mut ids = Vec::with_capacity(texts.len() * len);
        let mut mask = Vec::with_capacity(texts.len() * len);
        for e in &encodings {
            let n = e.get_ids().len();
            ids.extend_from_slice(e.get_ids());
            ids.extend(std::iter::repeat_n(0u32, len - n));
            mask.extend(std::iter::repeat_n(1u32, n));
            mask.extend(std::iter::repeat_n(0u32, len - n));
        }
        let b = texts.len();
        let ids = Tensor::from_vec(ids, (b, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (b, len), &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let maskf = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&maskf)?.sum(1)?;
        let counts = maskf.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        let normed = mean.broadcast_div(&norm)?;
        Ok(normed.to_vec2::<f32>()?)
    }
}
