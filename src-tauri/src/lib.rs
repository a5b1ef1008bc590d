//! The Parallax desktop shell: Tauri commands that hand files to `parallax_core` on
//! background threads and return its `Document`s and `Comparison`s to the web view.
//!
//! No comparison logic lives here. The web view never touches the file system: it passes
//! paths (from the Open dialog, drag and drop or the command line) and Rust reads them,
//! only those the user handed over (`scope`). Open articles are watched for changes
//! (`watch`).

mod error;
mod export;
mod multi;
mod scope;
mod settings;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use parallax_core::{Comparison, Document, Engine, Stage};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_fs::FsExt;
use ts_rs::TS;

pub use error::AppError;
pub use settings::{RecentPair, Theme};

/// Files and samples the view needs when it starts.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Startup {
    /// Files given on the command line (what a file manager passes), made absolute.
    pub files: Vec<String>,
    /// The bundled example pair, when it is installed.
    pub samples: Option<[String; 2]>,
    /// Pairs of files compared before, most recent first.
    pub recent: Vec<RecentPair>,
    pub theme: Theme,
    /// Whether open articles are read again when they change on disk.
    pub watch: bool,
}

/// Files the system asked a running Parallax to open (a second launch, or macOS's
/// "open with"), sent to the view as the `open-files` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OpenFiles {
    pub files: Vec<String>,
}

/// A progress report of a running comparison.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[ts(export)]
pub enum Progress {
    LoadingModel,
    Embedding { done: usize, total: usize },
    Aligning { done: usize, total: usize },
}

/// What the shell keeps between commands.
#[derive(Default)]
pub(crate) struct AppState {
    /// The engine, loaded on first use (loading the model takes a moment).
    engine: OnceLock<Arc<Engine>>,
    /// The cancel flag of the comparison that is running, if any.
    running: Mutex<Option<Arc<AtomicBool>>>,
    startup_files: Vec<String>,
    /// The last finished comparison of two articles, which Export writes out.
    pub(crate) last: Mutex<Option<Arc<Comparison>>>,
    /// The last finished comparison of a set of articles (the matrix view's).
    pub(crate) last_many: Mutex<Option<Arc<parallax_core::multi::MultiComparison>>>,
}

impl AppState {
    /// Marks a new comparison as the running one and cancels the one it replaces.
    pub(crate) fn start_run(&self) -> Arc<AtomicBool> {
        let cancel = Arc::new(AtomicBool::new(false));
        let previous = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(cancel.clone());
        if let Some(previous) = previous {
            previous.store(true, Ordering::Relaxed);
        }
        cancel
    }

    /// Ends the run that `cancel` belongs to. True when it was still the running one, so
    /// its result is the latest and may be kept; false when a newer run replaced it.
    pub(crate) fn finish_run(&self, cancel: &Arc<AtomicBool>) -> bool {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        let current = running.as_ref().is_some_and(|r| Arc::ptr_eq(r, cancel));
        if current {
            *running = None;
        }
        current
    }
}

/// Loads the engine for a comparison, telling the view first when the model must be read.
pub(crate) fn engine_for_run(app: &AppHandle, on_progress: &Channel<Progress>) -> Arc<Engine> {
    let state = app.state::<AppState>();
    if state.engine.get().is_none() {
        let _ = on_progress.send(Progress::LoadingModel);
    }
    engine(app, &state)
}

/// The engine's stage reports, forwarded to the view as `Progress`.
pub(crate) fn forward_progress(
    on_progress: &Channel<Progress>,
) -> impl FnMut(Stage, usize, usize) + '_ {
    move |stage, done, total| {
        let progress = match stage {
            Stage::Embedding => Progress::Embedding { done, total },
            Stage::Aligning => Progress::Aligning { done, total },
        };
        let _ = on_progress.send(progress);
    }
}

/// Resolves a bundled asset: the app's resource folder first (installed app), then an
/// `assets/` folder above the executable or the working directory (a build in the tree).
fn asset(app: &AppHandle, relative: &str) -> Option<PathBuf> {
    let installed = app.path().resource_dir().ok().map(|dir| dir.join(relative));
    let in_tree = [std::env::current_exe().ok(), std::env::current_dir().ok()]
        .into_iter()
        .flatten()
        .flat_map(|start| {
            start
                .ancestors()
                .map(|dir| dir.join("assets").join(relative))
                .collect::<Vec<_>>()
        });
    installed.into_iter().chain(in_tree).find(|p| p.exists())
}

fn engine(app: &AppHandle, state: &AppState) -> Arc<Engine> {
    state
        .engine
        .get_or_init(|| {
            let model_dir = asset(app, "models/all-MiniLM-L6-v2");
            let engine = Engine::new(model_dir.as_deref());
            if let Some(warning) = &engine.warning {
                eprintln!("parallax: {warning}");
            }
            Arc::new(engine)
        })
        .clone()
}

/// Runs blocking work off the async runtime's worker threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
}

#[tauri::command]
fn startup(app: AppHandle, state: State<'_, AppState>) -> Startup {
    let sample = |name: &str| asset(&app, &format!("samples/{name}"));
    let samples = match (
        sample("harbor-bridge-courier.md"),
        sample("harbor-bridge-gazette.txt"),
    ) {
        (Some(a), Some(b)) => {
            // The bundled example pair is the app's own: the view may open it.
            scope::allow(&app, [&a, &b]);
            Some([a.display().to_string(), b.display().to_string()])
        }
        _ => None,
    };
    Startup {
        files: state.startup_files.clone(),
        samples,
        recent: settings::recent(&app),
        theme: settings::theme(&app),
        watch: settings::watching(&app),
    }
}

#[tauri::command]
fn set_theme(app: AppHandle, theme: Theme) -> Result<(), AppError> {
    settings::set_theme(&app, theme).map_err(AppError::internal)
}

/// Reads and segments one file the user handed over (see `scope`); any other path is
/// refused with kind `not_allowed`, and anything but a regular file before it is opened.
#[tauri::command]
async fn load_file(app: AppHandle, path: String) -> Result<Document, AppError> {
    blocking(move || {
        let path = Path::new(&path);
        scope::check(&app.fs_scope(), path)?;
        Ok(parallax_core::load_path(path)?)
    })
    .await
}

/// Segments pasted text (plain, Markdown or HTML).
#[tauri::command]
async fn load_text(label: String, text: String) -> Result<Document, AppError> {
    blocking(move || Ok(parallax_core::load_text(&label, &text)?)).await
}

/// Compares two loaded documents, streaming progress. Starting a comparison cancels the
/// one that is running; the cancelled call returns an error of kind `cancelled`.
#[tauri::command]
async fn compare(
    app: AppHandle,
    state: State<'_, AppState>,
    a: Document,
    b: Document,
    on_progress: Channel<Progress>,
) -> Result<Comparison, AppError> {
    let cancel = state.start_run();
    let handle = app.clone();
    let flag = cancel.clone();
    let result = blocking(move || {
        let engine = engine_for_run(&handle, &on_progress);
        let mut report = forward_progress(&on_progress);
        let pair = RecentPair {
            a: a.path.clone(),
            b: b.path.clone(),
        };
        let comparison = engine.compare(a, b, &flag, &mut report)?;
        // Only files the user handed over are remembered: a path the view made up must
        // not enter the recent list and be granted from it later.
        let user_files = handle.fs_scope();
        let remembered =
            |p: &str| Path::new(p).is_file() && scope::is_granted(&user_files, Path::new(p));
        if remembered(&pair.a) && remembered(&pair.b) {
            if let Err(e) = settings::remember(&handle, pair) {
                eprintln!("parallax-app: could not save the recent comparisons: {e}");
            }
        }
        Ok(comparison)
    })
    .await;
    if state.finish_run(&cancel) {
        *state.last.lock().unwrap_or_else(|p| p.into_inner()) =
            result.as_ref().ok().map(|c| Arc::new(c.clone()));
    }
    result
}

/// Makes command-line paths absolute (against the launching process's working folder)
/// so they survive the web view's round trip.
fn absolute_files(args: impl Iterator<Item = String>, cwd: &Path) -> Vec<String> {
    args.filter(|a| !a.starts_with('-'))
        .map(|a| cwd.join(a).display().to_string())
        .collect()
}

/// Hands files opened from outside to the running window and brings it forward.
fn forward_files(app: &AppHandle, files: Vec<String>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
    if !files.is_empty() {
        scope::allow(app, &files);
        let _ = app.emit_to("main", "open-files", OpenFiles { files });
    }
}

pub fn run() {
    let cwd = std::env::current_dir().unwrap_or_default();
    let startup_files = absolute_files(std::env::args().skip(1), &cwd);
    let granted = startup_files.clone();
    let state = AppState {
        startup_files,
        ..AppState::default()
    };
    let app = tauri::Builder::default()
        // First: a second launch (a file double-clicked while Parallax runs) hands its
        // files to this process and exits.
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            let files = absolute_files(args.into_iter().skip(1), Path::new(&cwd));
            forward_files(app, files);
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        // Its runtime scope holds the files the user handed over (see `scope`); the view
        // is granted none of its commands.
        .plugin(tauri_plugin_fs::init())
        .manage(state)
        .manage(scope::ExportTickets::default())
        .manage(watch::FileWatch::default())
        .setup(move |app| {
            scope::allow(app.handle(), &granted);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            startup,
            set_theme,
            load_file,
            load_text,
            compare,
            export::choose_export_path,
            export::export,
            scope::reopen_recent,
            watch::watch_files,
            watch::set_watching,
            multi::compare_many
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("parallax-app: {e}");
            std::process::exit(1);
        });
    app.run(|_app, _event| {
        // macOS delivers files opened from Finder as an event, not as arguments.
        #[cfg(any(target_os = "macos", target_os = "ios"))]
        if let tauri::RunEvent::Opened { urls } = _event {
            let files = urls
                .into_iter()
                .filter_map(|u| u.to_file_path().ok())
                .map(|p| p.display().to_string())
                .collect();
            forward_files(_app, files);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opened_files_are_made_absolute_and_flags_skipped() {
        let args = ["a.txt".to_string(), "--flag".into(), "/x/b.md".into()];
        let files = absolute_files(args.into_iter(), Path::new("/home/reader"));
        assert_eq!(
            files,
            vec!["/home/reader/a.txt".to_string(), "/x/b.md".into()]
        );
    }
}
