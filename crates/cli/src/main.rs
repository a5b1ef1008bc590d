//! `parallax`: the command line over the Parallax engine.
//!
//! Exit codes: 0 success, 1 internal failure, 2 bad input or usage.

mod baseline;
mod bench;
mod bench_multi;
mod compare;
mod compare_many;
mod inspect;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use parallax_export::{ExportFormat, ExportOptions};

/// Exit code for bad input (unreadable, unsupported or damaged files) and bad usage.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for failures that are not the input's fault.
const EXIT_FAILURE: u8 = 1;

#[derive(Parser)]
#[command(
    name = "parallax",
    version,
    about = "Compare how two or more articles tell the same story"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show how a file is read: title, format, sentences with spans and boilerplate flags.
    Inspect {
        file: PathBuf,
        /// Print the document as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare two articles (shared statements, word diffs, factual conflicts), or up to
    /// 12: the claims they make, which outlets carry each, conflicts and exclusives.
    Compare {
        /// The articles, two or more.
        #[arg(required = true, num_args = 2..=parallax_core::multi::MAX_DOCUMENTS)]
        files: Vec<PathBuf>,
        /// Print the comparison as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the comparison as a PDF report to FILE.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Also write the comparison as one self-contained HTML page to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Also write the shared statements, then those only one side makes, as CSV to FILE.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Keep site chrome (boilerplate) in the PDF, HTML and CSV files.
        #[arg(long)]
        boilerplate: bool,
        /// Append both full texts side by side to the PDF and HTML files.
        #[arg(long)]
        full_texts: bool,
    },
    /// Measure alignment quality (`pairs FILE`, `sts FILE`, `news-ecb DIR`, `news-synth DIR`,
    /// `multi DIR`) beside the TF-IDF baseline, or speed (`speed DIR`).
    Bench {
        suite: String,
        path: PathBuf,
        /// Write every scored sentence pair's gold label, baseline score and features as
        /// TSV (input of scripts/fit_scorer.py).
        #[arg(long)]
        dump_features: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_BAD_INPUT)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Inspect { file, json } => inspect::run(&file, json),
        Command::Compare {
            files,
            json,
            pdf,
            html,
            csv,
            boilerplate,
            full_texts,
        } => {
            let exports = [
                (ExportFormat::Pdf, pdf),
                (ExportFormat::Html, html),
                (ExportFormat::Csv, csv),
            ]
            .into_iter()
            .filter_map(|(format, file)| file.map(|file| (format, file)))
            .collect::<Vec<_>>();
            let opts = ExportOptions {
                include_boilerplate: boilerplate,
                full_texts,
                ..ExportOptions::default()
            };
            match &files[..] {
                [a, b] => compare::run(a, b, json, &exports, &opts),
                _ => compare_many::run(&files, json, &exports, &opts),
            }
        }
        Command::Bench {
            suite,
            path,
            dump_features,
        } => bench::run(&suite, &path, dump_features.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("parallax: {}", failure.message);
            }
            ExitCode::from(failure.code)
        }
    }
}

/// A failure to report on one line, with the exit code it maps to.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl From<parallax_core::Error> for Failure {
    fn from(e: parallax_core::Error) -> Self {
        let code = match e.kind {
            parallax_core::ErrorKind::Model(_) | parallax_core::ErrorKind::Cancelled => {
                EXIT_FAILURE
            }
            _ => EXIT_BAD_INPUT,
        };
        Failure {
            message: e.to_string(),
            code,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader stopped early (`parallax compare A B | head`): not a failure.
            return Failure {
                message: String::new(),
                code: 0,
            };
        }
        Failure {
            message: format!("cannot write output: {e}"),
            code: EXIT_FAILURE,
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure {
            message: format!("cannot serialise output: {e}"),
            code: EXIT_FAILURE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_output_pipe_ends_quietly_and_other_write_errors_do_not() {
        let closed = Failure::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(closed.message.is_empty() && closed.code == 0);
        let full = Failure::from(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(full.message.contains("cannot write output") && full.code == EXIT_FAILURE);
    }
}
