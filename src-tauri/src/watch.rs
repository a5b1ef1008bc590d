//! Watches the open articles on disk, so an article saved again is read and compared
//! again. The view names the files it shows; only files in the scope (see `scope`) are
//! watched, and nothing while the user has turned watching off.
//!
//! Each file's folder is watched rather than the file itself: an editor that saves by
//! writing a new file and renaming it over the old one replaces the file, and a watch on
//! the old file would go quiet. Events are debounced (notify-debouncer-mini): a save that
//! writes in several steps, or a burst of saves, is reported once, half a second after
//! the file goes quiet. A file that disappears is reported too: the view reads it again
//! and keeps its last version with the error.
//!
//! A file is reported only when its version (size, modification and change times) moved
//! since it was last reported: reading a file raises events too, and the view's own read
//! after a report must not set off another.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_fs::FsExt;
use ts_rs::TS;

use crate::error::AppError;
use crate::{scope, settings};

/// How long a file must stay quiet after a change before it is reported.
pub const QUIET: Duration = Duration::from_millis(500);

/// An open article changed on disk (or disappeared), sent as the `file-changed` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileChanged {
    /// The path as the view named it.
    pub path: String,
}

/// What tells one version of a file from the next without reading it: size,
/// modification time and (on Unix) change time, which a chmod moves; `None` when the
/// file cannot be looked at.
type Version = Option<(u64, Option<SystemTime>, i64, i64)>;

fn version(path: &Path) -> Version {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let changed = {
        use std::os::unix::fs::MetadataExt;
        (meta.ctime(), meta.ctime_nsec())
    };
    #[cfg(not(unix))]
    let changed = (0, 0);
    Some((meta.len(), meta.modified().ok(), changed.0, changed.1))
}

/// A watched file: the path as the view names it, and the version last seen.
struct Watched {
    name: String,
    seen: Version,
}

/// Watched files, keyed by path.
type Files = Arc<Mutex<HashMap<PathBuf, Watched>>>;

/// The watcher of the open articles, kept by the shell.
#[derive(Default)]
pub struct FileWatch {
    files: Files,
    /// The debouncer and the folders it watches; none while nothing is watched.
    watcher: Mutex<Option<(Debouncer<RecommendedWatcher>, HashSet<PathBuf>)>>,
}

/// The folders that hold `files`.
fn folders<'a>(files: impl IntoIterator<Item = &'a PathBuf>) -> HashSet<PathBuf> {
    files
        .into_iter()
        .filter_map(|f| f.parent())
        .map(Path::to_path_buf)
        .collect()
}

/// The watched files among the paths of debounced events whose version moved, once
/// each, by the name the view knows them by; their new versions are remembered.
fn changed(
    files: &mut HashMap<PathBuf, Watched>,
    paths: &[&Path],
    version_of: impl Fn(&Path) -> Version,
) -> Vec<String> {
    let mut named = vec![];
    for path in paths {
        let Some(file) = files.get_mut(*path) else {
            continue;
        };
        let now = version_of(path);
        if now != file.seen {
            file.seen = now;
            named.push(file.name.clone());
        }
    }
    named.sort();
    named.dedup();
    named
}

impl FileWatch {
    /// Watches exactly `paths` (none stops the watcher).
    fn set<R: Runtime>(&self, app: &AppHandle<R>, paths: Vec<String>) -> Result<(), AppError> {
        let named: Vec<(PathBuf, String)> =
            paths.into_iter().map(|p| (PathBuf::from(&p), p)).collect();
        let dirs = folders(named.iter().map(|(path, _)| path));
        // Events name a file by the folder as watched, or resolved by the platform.
        let resolved = named.iter().filter_map(|(path, name)| {
            let folder = path.parent()?.canonicalize().ok()?;
            Some((folder.join(path.file_name()?), name.clone()))
        });
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        // A file watched already keeps the version last seen, so a change not yet
        // reported is not lost; a new one starts from its version now.
        let wanted: HashMap<PathBuf, Watched> = resolved
            .chain(named.iter().cloned())
            .map(|(path, name)| {
                let seen = match files.remove(&path) {
                    Some(watched) => watched.seen,
                    None => version(&path),
                };
                (path, Watched { name, seen })
            })
            .collect();
        *files = wanted;
        drop(files);
        let mut watcher = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        if dirs.is_empty() {
            // Dropping the debouncer stops its watches and its thread.
            *watcher = None;
            return Ok(());
        }
        if watcher.is_none() {
            let app = app.clone();
            let files = self.files.clone();
            let debouncer = new_debouncer(QUIET, move |result: DebounceEventResult| {
                let Ok(events) = result else { return };
                let paths: Vec<&Path> = events.iter().map(|e| e.path.as_path()).collect();
                let mut files = files.lock().unwrap_or_else(|p| p.into_inner());
                for path in changed(&mut files, &paths, version) {
                    let _ = app.emit_to("main", "file-changed", FileChanged { path });
                }
            })
            .map_err(|e| AppError::internal(format!("cannot watch files for changes: {e}")))?;
            *watcher = Some((debouncer, HashSet::new()));
        }
        let (debouncer, watched) = watcher.as_mut().expect("made above");
        for gone in watched.difference(&dirs) {
            let _ = debouncer.watcher().unwatch(gone);
        }
        let mut now_watched = HashSet::new();
        let mut failure = None;
        for dir in dirs {
            if watched.contains(&dir) {
                now_watched.insert(dir);
            } else {
                match debouncer.watcher().watch(&dir, RecursiveMode::NonRecursive) {
                    Ok(()) => {
                        now_watched.insert(dir);
                    }
                    Err(e) => {
                        failure = Some(AppError::internal(format!(
                            "{}: cannot watch for changes: {e}",
                            dir.display()
                        )))
                    }
                }
            }
        }
        *watched = now_watched;
        failure.map_or(Ok(()), Err)
    }
}

/// Watches the open articles the view names, when watching is on: only files in the
/// scope, so the view cannot learn when other files change.
#[tauri::command]
pub fn watch_files(
    app: AppHandle,
    watch: State<'_, FileWatch>,
    paths: Vec<String>,
) -> Result<(), AppError> {
    let paths = if settings::watching(&app) {
        let user_files = app.fs_scope();
        paths
            .into_iter()
            .filter(|p| scope::is_granted(&user_files, Path::new(p)))
            .collect()
    } else {
        vec![]
    };
    watch.set(&app, paths)
}

/// Turns watching on or off and remembers the choice; off stops the watcher at once.
#[tauri::command]
pub fn set_watching(
    app: AppHandle,
    watch: State<'_, FileWatch>,
    enabled: bool,
) -> Result<(), AppError> {
    settings::set_watching(&app, enabled).map_err(AppError::internal)?;
    if !enabled {
        watch.set(&app, vec![])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(name: &str, seen: Version) -> Watched {
        Watched {
            name: name.into(),
            seen,
        }
    }

    #[test]
    fn a_watched_file_is_reported_once_by_its_name_when_its_version_moved() {
        let v1 = Some((10, None, 1, 0));
        let v2 = Some((12, None, 2, 0));
        let mut files: HashMap<PathBuf, Watched> = [
            (PathBuf::from("/news/a.txt"), watched("/news/a.txt", v1)),
            (PathBuf::from("/wire/b.md"), watched("/wire/b.md", v1)),
        ]
        .into();
        let paths = [
            Path::new("/news/a.txt"),
            Path::new("/news/a.txt.swp"),
            Path::new("/news/other.txt"),
            Path::new("/news/a.txt"),
            Path::new("/wire/b.md"),
        ];
        let a_saved = |p: &Path| if p.ends_with("a.txt") { v2 } else { v1 };
        assert_eq!(
            changed(&mut files, &paths, a_saved),
            vec!["/news/a.txt".to_string()]
        );
        // Read again after the report: events, but the same version, so no report.
        assert!(changed(&mut files, &paths, a_saved).is_empty());
        // Gone: reported once.
        let gone = |p: &Path| if p.ends_with("a.txt") { None } else { v1 };
        assert_eq!(
            changed(&mut files, &paths, gone),
            vec!["/news/a.txt".to_string()]
        );
        assert!(changed(&mut files, &paths, gone).is_empty());
        assert_eq!(
            folders(files.keys()),
            [PathBuf::from("/news"), PathBuf::from("/wire")].into()
        );
    }
}
