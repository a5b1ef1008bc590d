//! Which files the web view may name. Only paths that reached the app from the user
//! count: command-line arguments and file-manager opens (a second launch's too), the
//! window's drag and drop, an Open dialog's answer, and a recent comparison the user
//! picks again; besides them, the bundled example pair. They are kept in
//! tauri-plugin-fs's runtime scope, which the dialog and fs plugins fill themselves with
//! dialog answers and drops; the shell adds the others. The view holds no fs permission:
//! the scope only gates the shell's own commands.
//!
//! An entry of the scope grants that one file, never a pattern: a dropped folder grants
//! nothing inside it. A file is read only when it is a regular file (not a folder, named
//! pipe, socket or device), checked before it is opened.
//!
//! A Save dialog's answer is kept apart, as a ticket one export uses up, so the view can
//! write only where the user just chose to.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::scope::fs::{Pattern, Scope};
use tauri::{AppHandle, Runtime};
use tauri_plugin_fs::FsExt;

use crate::error::AppError;
use crate::settings::{self, RecentPair};

/// Whether `requested` is a file the user handed over, and the scope does not forbid it.
pub fn is_granted(scope: &Scope, requested: &Path) -> bool {
    names_a_file_in(&scope.allowed_patterns(), requested) && !scope.is_forbidden(requested)
}

/// Whether one of the `allowed` entries is `requested` itself, as written or with its
/// symlinks and `..` resolved. An entry is the escaped path of one file (what the scope's
/// `allow_file` records); a pattern that stands for more (a dropped folder's `folder/**`)
/// grants nothing here.
pub fn names_a_file_in(allowed: &HashSet<Pattern>, requested: &Path) -> bool {
    let literal = |path: PathBuf| {
        let path: PathBuf = path.components().collect();
        Pattern::new(&Pattern::escape(&path.to_string_lossy())).ok()
    };
    [Some(requested.to_path_buf()), requested.canonicalize().ok()]
        .into_iter()
        .flatten()
        .filter_map(literal)
        .any(|entry| allowed.contains(&entry))
}

/// Refuses a path the user did not hand over (kind `not_allowed`) and anything but a
/// regular file (kind `input`), without opening it.
pub fn check(scope: &Scope, path: &Path) -> Result<(), AppError> {
    if !is_granted(scope, path) {
        return Err(AppError::not_allowed(format!(
            "{}: Parallax reads only files you open (Open…, drag and drop, the command line \
             or a recent comparison)",
            path.display()
        )));
    }
    regular_file(path)
}

/// Refuses a folder, named pipe, socket or device (reading a pipe or a device could
/// block or never end), and a path that cannot be looked at, without opening it.
pub fn regular_file(path: &Path) -> Result<(), AppError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(meta) => Err(AppError::input(format!(
            "{}: it is {}, not a regular file",
            path.display(),
            what(&meta)
        ))),
        Err(e) => Err(AppError::input(format!(
            "{}: cannot read the file: {e}",
            path.display()
        ))),
    }
}

/// Names a file that is not a regular one, for the refusal message.
fn what(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Grants files the user handed over outside a dialog or a drop (command line, a second
/// launch, a recent comparison, the bundled example pair).
pub fn allow<R: Runtime>(app: &AppHandle<R>, paths: impl IntoIterator<Item = impl AsRef<Path>>) {
    let scope = app.fs_scope();
    for path in paths {
        if let Err(e) = scope.allow_file(path.as_ref()) {
            eprintln!("parallax-app: {}: {e}", path.as_ref().display());
        }
    }
}

/// The files of a recent comparison the user picked, to grant again: only a pair the
/// settings hold, and only while both are still regular files.
pub fn reopen<'a>(recent: &[RecentPair], pair: &'a RecentPair) -> Result<[&'a str; 2], AppError> {
    if !recent.contains(pair) {
        return Err(AppError::not_allowed(format!(
            "{} and {}: not a recent comparison",
            pair.a, pair.b
        )));
    }
    regular_file(Path::new(&pair.a))?;
    regular_file(Path::new(&pair.b))?;
    Ok([pair.a.as_str(), pair.b.as_str()])
}

/// Grants the two files of a recent comparison the user picked on the start screen.
#[tauri::command]
pub fn reopen_recent(app: AppHandle, pair: RecentPair) -> Result<(), AppError> {
    allow(&app, reopen(&settings::recent(&app), &pair)?);
    Ok(())
}

/// Paths the Save dialog returned this session that no export has used yet.
#[derive(Default)]
pub struct ExportTickets(Mutex<Vec<PathBuf>>);

impl ExportTickets {
    /// Records a path the Save dialog returned.
    pub fn issue(&self, path: PathBuf) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(path);
    }

    /// Uses up the ticket of `path`: false when the Save dialog did not return it, or an
    /// export already used that answer.
    pub fn redeem(&self, path: &Path) -> bool {
        let mut tickets = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match tickets.iter().position(|t| t == path) {
            Some(i) => {
                tickets.swap_remove(i);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppErrorKind;

    /// A fresh folder under the system's temporary one, removed at the end of the test.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let dir =
                std::env::temp_dir().join(format!("parallax-scope-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            // Resolved, so the entries below are written as the files resolve.
            TempDir(dir.canonicalize().unwrap())
        }

        fn file(&self, name: &str) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, "One sentence. Another one.").unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The entry the scope's `allow_file` records for `path`.
    fn file_entry(path: &Path) -> Pattern {
        Pattern::new(&Pattern::escape(&path.to_string_lossy())).unwrap()
    }

    /// The entries the scope's `allow_directory(path, true)` records (for a dropped folder).
    fn folder_entries(path: &Path) -> [Pattern; 2] {
        let escaped = Pattern::escape(&path.to_string_lossy());
        [
            Pattern::new(&escaped).unwrap(),
            Pattern::new(&format!("{escaped}/**")).unwrap(),
        ]
    }

    #[test]
    fn only_granted_files_pass_and_other_spellings_of_them_too() {
        let dir = TempDir::new("grant");
        let granted = dir.file("granted.txt");
        let other = dir.file("other.txt");
        assert!(!names_a_file_in(&HashSet::new(), &granted));
        let scope = HashSet::from([file_entry(&granted)]);
        assert!(names_a_file_in(&scope, &granted));
        assert!(!names_a_file_in(&scope, &other));
        std::fs::create_dir(dir.0.join("sub")).unwrap();
        assert!(names_a_file_in(&scope, &dir.0.join("sub/../granted.txt")));
        assert!(!names_a_file_in(&scope, Path::new("/etc/passwd")));
        assert!(
            !names_a_file_in(&scope, Path::new("granted.txt")),
            "a relative path"
        );
    }

    #[test]
    fn a_name_with_glob_characters_grants_only_itself() {
        let dir = TempDir::new("glob");
        let starred = dir.file("*.txt");
        let bracketed = dir.file("[ab].txt");
        let scope = HashSet::from([file_entry(&starred), file_entry(&bracketed)]);
        assert!(names_a_file_in(&scope, &starred));
        assert!(names_a_file_in(&scope, &bracketed));
        assert!(!names_a_file_in(&scope, &dir.file("secret.txt")));
        assert!(!names_a_file_in(&scope, &dir.file("a.txt")));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_granted_file_is_that_file_but_a_granted_symlink_grants_no_other_name() {
        let dir = TempDir::new("link");
        let granted = dir.file("granted.txt");
        let secret = dir.file("secret.txt");
        let to_granted = dir.0.join("to-granted.txt");
        let to_secret = dir.0.join("to-secret.txt");
        std::os::unix::fs::symlink(&granted, &to_granted).unwrap();
        std::os::unix::fs::symlink(&secret, &to_secret).unwrap();
        let scope = HashSet::from([file_entry(&granted), file_entry(&to_secret)]);
        assert!(names_a_file_in(&scope, &to_granted));
        assert!(
            names_a_file_in(&scope, &to_secret),
            "the name the user chose"
        );
        assert!(
            !names_a_file_in(&scope, &secret),
            "its target under another name"
        );
    }

    #[test]
    fn a_dropped_folder_grants_nothing_inside_it_and_is_itself_refused() {
        let dir = TempDir::new("folder");
        let inside = dir.file("inside.txt");
        let scope = HashSet::from(folder_entries(&dir.0));
        assert!(!names_a_file_in(&scope, &inside));
        assert!(names_a_file_in(&scope, &dir.0));
        let refused = regular_file(&dir.0).unwrap_err();
        assert_eq!(refused.kind, AppErrorKind::Input);
        assert!(refused
            .message
            .ends_with("it is a folder, not a regular file"));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_or_a_device_is_refused_without_being_opened() {
        let dir = TempDir::new("fifo");
        let fifo = dir.0.join("pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a FIFO with no writer would block: returning at all shows it was not opened.
        let refused = regular_file(&fifo).unwrap_err();
        assert_eq!(refused.kind, AppErrorKind::Input);
        assert!(
            refused.message.contains("a named pipe"),
            "{}",
            refused.message
        );
        let refused = regular_file(Path::new("/dev/zero")).unwrap_err();
        assert!(refused.message.contains("a device"), "{}", refused.message);
        assert!(regular_file(&dir.file("plain.txt")).is_ok());
        let missing = regular_file(&dir.0.join("missing.txt")).unwrap_err();
        assert!(missing
            .message
            .contains("missing.txt: cannot read the file"));
    }

    #[test]
    fn a_recent_pair_is_granted_again_only_when_stored_and_still_regular_files() {
        let dir = TempDir::new("recent");
        let a = dir.file("a.txt");
        let b = dir.file("b.txt");
        let pair = RecentPair {
            a: a.display().to_string(),
            b: b.display().to_string(),
        };
        let unknown = reopen(&[], &pair).unwrap_err();
        assert_eq!(unknown.kind, AppErrorKind::NotAllowed);

        let stored = std::slice::from_ref(&pair);
        assert_eq!(
            reopen(stored, &pair).unwrap(),
            [pair.a.as_str(), pair.b.as_str()]
        );
        std::fs::remove_file(&b).unwrap();
        std::fs::create_dir(&b).unwrap();
        let changed = reopen(stored, &pair).unwrap_err();
        assert_eq!(changed.kind, AppErrorKind::Input);
        assert!(changed.message.contains("b.txt"), "{}", changed.message);
    }

    #[test]
    fn an_export_ticket_is_used_once_and_only_for_its_path() {
        let tickets = ExportTickets::default();
        let chosen = Path::new("/home/reader/report.pdf");
        assert!(!tickets.redeem(chosen));
        tickets.issue(chosen.to_path_buf());
        assert!(!tickets.redeem(Path::new("/home/reader/.bashrc")));
        assert!(tickets.redeem(chosen));
        assert!(!tickets.redeem(chosen), "one answer, one export");
    }
}
