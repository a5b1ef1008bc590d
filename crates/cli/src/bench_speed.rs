//! `parallax bench speed DIR`: how fast the engine is, on the articles in DIR (any
//! files `compare` reads). Prints the machine's parallelism, the embedding rate, the
//! time of a cold `parallax compare` process on two of the articles (model load
//! included), the time of comparing two 5,000-sentence documents built from the
//! articles' sentences with an empty and with a warm embedding cache, the time of a
//! cold `parallax compare` process on sets of 8 articles of 50 sentences and of 12 of
//! 200 (the claim matrix), and the peak memory of this process. Each figure is the
//! median of several runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use parallax_core::{Document, Engine};

use super::bad;
use crate::Failure;

const RUNS: usize = 3;
const BIG: usize = 5_000;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// A fresh, empty cache folder for one measurement.
fn temp_cache(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-speed-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(dir: &Path) -> Result<String, Failure> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| bad(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let docs: Vec<(PathBuf, Document)> = files
        .into_iter()
        .filter_map(|p| parallax_core::load_path(&p).ok().map(|d| (p, d)))
        .collect();
    let pool: Vec<String> = docs
        .iter()
        .flat_map(|(_, d)| d.content_sentences().map(|s| s.text.clone()))
        .collect();
    if docs.len() < 2 || pool.is_empty() {
        return Err(bad(dir, "needs at least two readable articles"));
    }
    // Distinct sentences of news length: the articles' sentences, numbered per pass.
    let variants = |tag: &str, n: usize| -> Vec<String> {
        (0..n)
            .map(|k| format!("{} ({tag} {})", pool[k % pool.len()], k / pool.len()))
            .collect()
    };
    println!(
        "available_parallelism={}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // The articles' distinct sentences as they are. Each run gets a fresh engine: an
    // engine keeps the vectors it computed, and embeds a repeated sentence once.
    let mut refs: Vec<&str> = pool.iter().map(String::as_str).collect();
    refs.sort_unstable();
    refs.dedup();
    let mut rates = Vec::new();
    for _ in 0..RUNS {
        let engine = Engine::new(None).with_cache_dir(None);
        if !engine.is_semantic() {
            return Err(bad(dir, "the sentence model is needed to measure speed"));
        }
        let start = Instant::now();
        engine.represent(&refs, &mut |_, _, _| {})?;
        rates.push(refs.len() as f64 / start.elapsed().as_secs_f64());
    }
    let rate = median(rates);
    let words = refs
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>();
    println!(
        "embedding: {rate:.0} sentences/s (median of {RUNS} x {} sentences, {:.1} words each on average)",
        refs.len(),
        words as f64 / refs.len() as f64
    );

    // A cold process: the two articles nearest 45 sentences, no cache.
    let mut by_size: Vec<&(PathBuf, Document)> = docs.iter().collect();
    by_size.sort_by_key(|(_, d)| d.sentences.len().abs_diff(45));
    let (a, b) = (&by_size[0], &by_size[1]);
    let exe = std::env::current_exe()?;
    let mut cold = Vec::new();
    for run in 0..RUNS {
        let cache = temp_cache(&format!("cold{run}"));
        let start = Instant::now();
        let status = Command::new(&exe)
            .args(["compare".as_ref(), a.0.as_os_str(), b.0.as_os_str()])
            .env("PARALLAX_CACHE_DIR", &cache)
            .stdout(std::process::Stdio::null())
            .status()?;
        cold.push(start.elapsed().as_secs_f64());
        let _ = std::fs::remove_dir_all(&cache);
        if !status.success() {
            return Err(bad(&a.0, "compare failed"));
        }
    }
    let cold = median(cold);
    println!(
        "compare process, cold: {cold:.2} s ({} and {} sentences)",
        a.1.sentences.len(),
        b.1.sentences.len()
    );

    // Two 5,000-sentence documents sharing half their sentences, in another order.
    let a_big = variants("big", BIG);
    let mut b_big: Vec<String> = a_big.iter().step_by(2).cloned().collect();
    b_big.extend(variants("other", BIG - b_big.len()));
    b_big.reverse();
    let cache = temp_cache("big");
    let compare_big = || -> Result<f64, Failure> {
        let start = Instant::now();
        let engine = Engine::new(None).with_cache_dir(Some(&cache));
        let da = parallax_core::segment::document_from_sentences("a", &a_big);
        let db = parallax_core::segment::document_from_sentences("b", &b_big);
        engine.compare(da, db, &AtomicBool::new(false), &mut |_, _, _| {})?;
        Ok(start.elapsed().as_secs_f64())
    };
    let cold_big = compare_big()?;
    let warm_big = median((0..RUNS).map(|_| compare_big()).collect::<Result<_, _>>()?);
    let _ = std::fs::remove_dir_all(&cache);
    println!("5,000 x 5,000 sentences: {cold_big:.1} s cold, {warm_big:.2} s with the cache warm");
    let multi_small = cold_set(&exe, &variants, 8, 50)?;
    println!("8 articles x 50 sentences, compare process, cold: {multi_small:.2} s");
    let multi_large = cold_set(&exe, &variants, 12, 200)?;
    println!("12 articles x 200 sentences, compare process, cold: {multi_large:.2} s");

    let peak = peak_memory_mb().unwrap_or(f64::NAN);
    println!("peak memory (VmHWM): {peak:.0} MB");
    Ok(format!(
        "speed: embed_per_s={rate:.0} compare_cold_s={cold:.2} big_cold_s={cold_big:.1} big_warm_s={warm_big:.2} multi8x50_cold_s={multi_small:.2} multi12x200_cold_s={multi_large:.2} peak_mb={peak:.0}"
    ))
}

/// The median time of a cold `parallax compare` process (no cache) on `count` articles
/// of `size` sentences each. Each article carries half of a common pool of sentences
/// (a different half each, so claims are shared by some of the articles) and
/// sentences of its own.
fn cold_set(
    exe: &Path,
    variants: &dyn Fn(&str, usize) -> Vec<String>,
    count: usize,
    size: usize,
) -> Result<f64, Failure> {
    let dir = temp_cache(&format!("set{count}x{size}"));
    std::fs::create_dir_all(&dir)?;
    let common = variants("common", size);
    let mut files = Vec::new();
    for k in 0..count {
        let own = variants(&format!("own{k}"), size / 2);
        let text: Vec<&str> = common
            .iter()
            .skip(k % 2)
            .step_by(2)
            .chain(&own)
            .map(String::as_str)
            .collect();
        let file = dir.join(format!("article{k}.txt"));
        std::fs::write(&file, text.join("\n\n"))?;
        files.push(file);
    }
    let mut times = Vec::new();
    for run in 0..RUNS {
        let cache = temp_cache(&format!("set{count}x{size}-cold{run}"));
        let start = Instant::now();
        let status = Command::new(exe)
            .arg("compare")
            .args(&files)
            .env("PARALLAX_CACHE_DIR", &cache)
            .stdout(std::process::Stdio::null())
            .status()?;
        times.push(start.elapsed().as_secs_f64());
        let _ = std::fs::remove_dir_all(&cache);
        if !status.success() {
            return Err(bad(&files[0], "compare of a set failed"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(median(times))
}
