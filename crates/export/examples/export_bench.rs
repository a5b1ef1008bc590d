//! Export timing: compares two articles once (the bundled samples unless two paths are
//! given), then exports the comparison to each format several times and prints the
//! median time of each, with the number of cores. The last line sums it up as
//! `export: pdf_ms=… pdf_first_ms=… html_ms=… csv_ms=… json_ms=…` for `./x bench`.
//!
//! ```sh
//! cargo run --release -p parallax_export --example export_bench [A B]
//! ```

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use parallax_export::{export, ExportFormat, ExportOptions};

const RUNS: usize = 9;

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (a, b) = match args.as_slice() {
        [a, b] => (a.clone(), b.clone()),
        [] => {
            let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/samples");
            (
                samples.join("harbor-bridge-courier.md"),
                samples.join("harbor-bridge-gazette.txt"),
            )
        }
        _ => {
            eprintln!("usage: export_bench [A B]");
            std::process::exit(2);
        }
    };
    let load = |p: &PathBuf| parallax_core::load_path(p).expect("readable article");
    let comparison = parallax_core::Engine::new(None)
        .compare(
            load(&a),
            load(&b),
            &AtomicBool::new(false),
            &mut |_, _, _| {},
        )
        .expect("comparison");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{} vs {}: {} + {} sentences, {} matches; {cores} cores; median of {RUNS} runs",
        name(&a),
        name(&b),
        comparison.documents[0].sentences.len(),
        comparison.documents[1].sentences.len(),
        comparison.matches.len()
    );
    let opts = ExportOptions::default();
    let mut summary = Vec::new();
    for format in [
        ExportFormat::Pdf,
        ExportFormat::Html,
        ExportFormat::Csv,
        ExportFormat::Json,
    ] {
        // The first PDF export also parses the fonts and template: timed on its own.
        let start = Instant::now();
        let bytes = export(&comparison, format, &opts).expect("export");
        let first = start.elapsed();
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                export(&comparison, format, &opts).expect("export");
                start.elapsed()
            })
            .collect();
        times.sort();
        let (median_ms, first_ms) = (
            times[RUNS / 2].as_secs_f64() * 1000.0,
            first.as_secs_f64() * 1000.0,
        );
        println!(
            "{:>4}: median {median_ms:>7.1} ms, first {first_ms:>7.1} ms, {} bytes",
            format.extension(),
            bytes.len()
        );
        let name = format.extension();
        summary.push(format!("{name}_ms={median_ms:.1}"));
        if format == ExportFormat::Pdf {
            summary.push(format!("{name}_first_ms={first_ms:.1}"));
        }
    }
    println!("export: {}", summary.join(" "));
}
