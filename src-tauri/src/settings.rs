//! What the app remembers between runs, kept with tauri-plugin-store in the app's data
//! folder: the recent comparisons shown on the start screen, the chosen theme and
//! whether open articles are watched for changes.
//! (Window size and position are kept by tauri-plugin-window-state.)

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

const STORE: &str = "settings.json";
const RECENT_KEY: &str = "recent";
const THEME_KEY: &str = "theme";
const WATCH_KEY: &str = "watch";
/// How many recent comparisons the start screen lists.
pub const RECENT_LIMIT: usize = 8;

/// A pair of files compared before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecentPair {
    pub a: String,
    pub b: String,
}

/// The colour theme: follow the system, or a fixed choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Puts `pair` first, drops an older copy of it and keeps at most `limit` entries.
pub fn push_recent(list: &mut Vec<RecentPair>, pair: RecentPair, limit: usize) {
    list.retain(|p| p != &pair);
    list.insert(0, pair);
    list.truncate(limit);
}

/// The stored value under `key`, or the default when it is missing or unreadable.
fn load<R: Runtime, T: DeserializeOwned + Default>(app: &AppHandle<R>, key: &str) -> T {
    app.store(STORE)
        .ok()
        .and_then(|s| s.get(key))
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

fn save<R: Runtime>(app: &AppHandle<R>, key: &str, value: impl Serialize) -> Result<(), String> {
    let store = app.store(STORE).map_err(|e| e.to_string())?;
    store.set(key, serde_json::to_value(value).map_err(|e| e.to_string())?);
    store.save().map_err(|e| e.to_string())
}

pub fn recent<R: Runtime>(app: &AppHandle<R>) -> Vec<RecentPair> {
    load(app, RECENT_KEY)
}

/// Records a comparison of two files on disk (pasted text is not remembered).
pub fn remember<R: Runtime>(app: &AppHandle<R>, pair: RecentPair) -> Result<(), String> {
    let mut list = recent(app);
    push_recent(&mut list, pair, RECENT_LIMIT);
    save(app, RECENT_KEY, list)
}

pub fn theme<R: Runtime>(app: &AppHandle<R>) -> Theme {
    load(app, THEME_KEY)
}

pub fn set_theme<R: Runtime>(app: &AppHandle<R>, theme: Theme) -> Result<(), String> {
    save(app, THEME_KEY, theme)
}

/// Whether open articles are read again when they change on disk (on unless turned off).
pub fn watching<R: Runtime>(app: &AppHandle<R>) -> bool {
    load::<R, Option<bool>>(app, WATCH_KEY).unwrap_or(true)
}

pub fn set_watching<R: Runtime>(app: &AppHandle<R>, enabled: bool) -> Result<(), String> {
    save(app, WATCH_KEY, enabled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: &str, b: &str) -> RecentPair {
        RecentPair {
            a: a.into(),
            b: b.into(),
        }
    }

    #[test]
    fn recent_pairs_are_most_recent_first_without_duplicates_and_bounded() {
        let mut list = vec![];
        push_recent(&mut list, pair("a", "b"), 2);
        push_recent(&mut list, pair("c", "d"), 2);
        push_recent(&mut list, pair("a", "b"), 2);
        assert_eq!(list, vec![pair("a", "b"), pair("c", "d")]);
        push_recent(&mut list, pair("e", "f"), 2);
        assert_eq!(list, vec![pair("e", "f"), pair("a", "b")]);
    }
}
