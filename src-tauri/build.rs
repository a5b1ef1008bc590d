//! Generates the Tauri context and an explicit permission for each app command, so the
//! capability file lists exactly what the web view may call.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "startup",
            "load_file",
            "load_text",
            "compare",
            "compare_many",
            "set_theme",
            "choose_export_path",
            "export",
            "reopen_recent",
            "watch_files",
            "set_watching",
        ]),
    ))
    .expect("failed to run the Tauri build script");
}
