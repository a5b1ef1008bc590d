//! On-disk embedding cache, so comparing the same documents again skips the model.
//!
//! Layout: `<cache dir>/embeddings/<model key>/<shard>.bin`, 256 shards chosen by the
//! first byte of each sentence's SHA-256. A shard is a header (magic, dimension) and
//! fixed-size records: the sentence hash, the vector, and a checksum of the vector.
//! A shard that is damaged in any way is ignored (and replaced on the next write);
//! a record whose checksum fails is skipped. Each shard is bounded: past its share of
//! the size limit, its oldest records are dropped.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const MAGIC: &[u8; 4] = b"PXE1";
const SHARDS: usize = 256;
/// Default bound on the whole cache: about 170,000 sentences of a 384-dimension model.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

pub type SentenceHash = [u8; 32];

/// The cache of one model's embeddings.
pub struct EmbeddingCache {
    dir: PathBuf,
    dim: usize,
    max_shard_bytes: u64,
}

/// `$PARALLAX_CACHE_DIR`, else `$XDG_CACHE_HOME/parallax`, else `~/.cache/parallax`.
pub fn default_dir() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    var("PARALLAX_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| var("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("parallax")))
        .or_else(|| var("HOME").map(|d| PathBuf::from(d).join(".cache/parallax")))
}

/// Identifies a model by its files (the hash of its `SHA256SUMS` when present, else of
/// the files themselves) and by how the engine computes with it
/// ([`crate::embed::NUMERICS`]), so vectors of an older computation are not reused.
pub fn model_key(model_dir: &Path) -> Option<String> {
    let mut h = Sha256::new();
    h.update(crate::embed::NUMERICS);
    if let Ok(sums) = std::fs::read(model_dir.join("SHA256SUMS")) {
        h.update(&sums);
    } else {
        for name in ["config.json", "tokenizer.json", "model.safetensors"] {
            h.update(std::fs::read(model_dir.join(name)).ok()?);
        }
    }
    Some(hex(&h.finalize()[..8]))
}

pub fn sentence_hash(text: &str) -> SentenceHash {
    Sha256::digest(text.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// FNV-1a over the vector's bytes: cheap, and enough to catch torn or flipped records.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

impl EmbeddingCache {
    /// A cache for vectors of `dim` values under `root`, for the model `key`.
    pub fn new(root: &Path, key: &str, dim: usize, max_bytes: u64) -> EmbeddingCache {
        EmbeddingCache {
            dir: root.join("embeddings").join(key),
            dim,
            max_shard_bytes: (max_bytes / SHARDS as u64).max(64 << 10),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn record_len(&self) -> usize {
        32 + 4 * self.dim + 4
    }

    fn shard_path(&self, shard: u8) -> PathBuf {
        self.dir.join(format!("{shard:02x}.bin"))
    }

    /// The valid records of one shard, oldest first; nothing if it is missing or damaged.
    fn read_shard(&self, shard: u8) -> Vec<(SentenceHash, Vec<f32>)> {
        let Ok(bytes) = std::fs::read(self.shard_path(shard)) else {
            return Vec::new();
        };
        let header = 8;
        if bytes.len() < header
            || &bytes[..4] != MAGIC
            || u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize != self.dim
        {
            return Vec::new();
        }
        bytes[header..]
            .chunks_exact(self.record_len())
            .filter_map(|r| {
                let (hash, rest) = r.split_at(32);
                let (vector, sum) = rest.split_at(4 * self.dim);
                if checksum(vector).to_le_bytes() != sum {
                    return None;
                }
                let v: Vec<f32> = vector
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                v.iter()
                    .all(|x| x.is_finite())
                    .then(|| (hash.try_into().expect("32 bytes"), v))
            })
            .collect()
    }

    /// Looks the hashes up; returns the vectors found, by hash.
    pub fn get(&self, hashes: &[SentenceHash]) -> HashMap<SentenceHash, Vec<f32>> {
        let mut by_shard: HashMap<u8, Vec<&SentenceHash>> = HashMap::new();
        for h in hashes {
            by_shard.entry(h[0]).or_default().push(h);
        }
        let mut found = HashMap::new();
        for (shard, wanted) in by_shard {
            let records: HashMap<SentenceHash, Vec<f32>> =
                self.read_shard(shard).into_iter().collect();
            for h in wanted {
                if let Some(v) = records.get(h) {
                    found.insert(*h, v.clone());
                }
            }
        }
        found
    }

    /// Stores vectors. Failures (read-only disk, full disk) only cost the next run time.
    pub fn put(&self, entries: &[(SentenceHash, &[f32])]) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let mut by_shard: HashMap<u8, Vec<&(SentenceHash, &[f32])>> = HashMap::new();
        for e in entries.iter().filter(|e| e.1.len() == self.dim) {
            by_shard.entry(e.0[0]).or_default().push(e);
        }
        for (shard, new) in by_shard {
            let mut records = self.read_shard(shard);
            records.extend(new.iter().map(|(h, v)| (*h, v.to_vec())));
            // Past the bound, keep the newest records that fill half the shard's share.
            let fits = (self.max_shard_bytes as usize / self.record_len()).max(1);
            if records.len() > fits {
                records.drain(..records.len() - fits.div_ceil(2));
            }
            let _ = self.write_shard(shard, &records);
        }
    }

    /// Writes a shard to a temporary file and renames it, so readers never see half.
    fn write_shard(&self, shard: u8, records: &[(SentenceHash, Vec<f32>)]) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(8 + records.len() * self.record_len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(self.dim as u32).to_le_bytes());
        for (hash, v) in records {
            bytes.extend_from_slice(hash);
            let start = bytes.len();
            for x in v {
                bytes.extend_from_slice(&x.to_le_bytes());
            }
            let sum = checksum(&bytes[start..]);
            bytes.extend_from_slice(&sum.to_le_bytes());
        }
        let tmp = self
            .dir
            .join(format!("{shard:02x}.{}.tmp", std::process::id()));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        drop(f);
        std::fs::rename(&tmp, self.shard_path(shard)).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("parallax-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn stores_finds_and_survives_damage() {
        let root = temp_dir("damage");
        let cache = EmbeddingCache::new(&root, "m", 3, DEFAULT_MAX_BYTES);
        let (x, y) = (sentence_hash("x"), sentence_hash("y"));
        cache.put(&[(x, &[1.0, 2.0, 3.0]), (y, &[0.5, 0.5, 0.5])]);
        let found = cache.get(&[x, y, sentence_hash("z")]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[&x], [1.0, 2.0, 3.0]);
        // Flip a byte inside x's vector: x is no longer found, nothing panics.
        let path = cache.shard_path(x[0]);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[8 + 32 + 1] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert!(!cache.get(&[x]).contains_key(&x));
        // Garbage and truncated shards are ignored, and the next write replaces them.
        std::fs::write(&path, b"not a cache file").unwrap();
        assert!(cache.get(&[x]).is_empty());
        std::fs::write(&path, &bytes[..5]).unwrap();
        assert!(cache.get(&[x]).is_empty());
        cache.put(&[(x, &[1.0, 2.0, 3.0])]);
        assert_eq!(cache.get(&[x])[&x], [1.0, 2.0, 3.0]);
        // A cache of another dimension does not read these records.
        let other = EmbeddingCache::new(&root, "m", 4, DEFAULT_MAX_BYTES);
        assert!(other.get(&[x]).is_empty());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn stays_within_its_bound() {
        let root = temp_dir("bound");
        // The smallest bound: 64 KiB a shard, 1,452 bytes a record of 352 values.
        let cache = EmbeddingCache::new(&root, "m", 352, 0);
        let v = vec![0.25f32; 352];
        let hashes: Vec<SentenceHash> = (0..200)
            .map(|n| {
                let mut h = sentence_hash(&n.to_string());
                h[0] = 7; // all in one shard
                h
            })
            .collect();
        for h in &hashes {
            cache.put(&[(*h, &v)]);
        }
        let size = std::fs::metadata(cache.shard_path(7)).unwrap().len();
        assert!(size <= 64 << 10, "shard grew to {size} bytes");
        // The newest record is kept, the oldest dropped.
        assert!(cache.get(&[hashes[199]]).contains_key(&hashes[199]));
        assert!(!cache.get(&[hashes[0]]).contains_key(&hashes[0]));
        let _ = std::fs::remove_dir_all(&root);
    }
}
