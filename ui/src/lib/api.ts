// Typed calls to the Tauri shell's commands. Every type crossing the boundary is
// generated from Rust (ui/src/generated), never written here by hand.

import { Channel, invoke } from "@tauri-apps/api/core";
import type { AppError } from "../generated/AppError";
import type { Comparison } from "../generated/Comparison";
import type { Document } from "../generated/Document";
import type { FileChanged } from "../generated/FileChanged";
import type { MultiComparison } from "../generated/MultiComparison";
import type { OpenFiles } from "../generated/OpenFiles";
import type { Progress } from "../generated/Progress";
import type { RecentPair } from "../generated/RecentPair";
import type { Startup } from "../generated/Startup";
import type { Theme } from "../generated/Theme";

export type { AppError, Comparison, Document, FileChanged, MultiComparison, OpenFiles, Progress, RecentPair, Startup, Theme };

/** Turns whatever a command rejected with into an AppError. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === "object" && "kind" in e && "message" in e) return e as AppError;
  return { kind: "internal", message: String(e) };
}

export const startup = () => invoke<Startup>("startup");

export const setTheme = (theme: Theme) => invoke<void>("set_theme", { theme });

export const loadFile = (path: string) => invoke<Document>("load_file", { path });

export const loadText = (label: string, text: string) => invoke<Document>("load_text", { label, text });

export function compare(a: Document, b: Document, onProgress: (p: Progress) => void): Promise<Comparison> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return invoke<Comparison>("compare", { a, b, onProgress: channel });
}

/** Lets the shell read the files of a recent comparison again (the user picked it). */
export const reopenRecent = (pair: RecentPair) => invoke<void>("reopen_recent", { pair });

/** Asks where to export with the Save dialog; null when the user cancels. */
export const chooseExportPath = (defaultName: string) => invoke<string | null>("choose_export_path", { defaultName });

/** Writes the last comparison to `path` (an answer of chooseExportPath, once): the
 * matrix of the set when `matrix`, else the two articles. The extension picks PDF,
 * HTML, CSV or JSON. */
export const exportTo = (path: string, includeBoilerplate: boolean, matrix = false) =>
  invoke<void>("export", { path, includeBoilerplate, matrix });

/** The open articles to watch for changes on disk (the shell ignores them while watching is off). */
export const watchFiles = (paths: string[]) => invoke<void>("watch_files", { paths });

/** Turns watching for changes on or off; the choice is remembered. */
export const setWatching = (enabled: boolean) => invoke<void>("set_watching", { enabled });

/** Compares 2 to 12 documents into claims across them (the matrix view). */
export function compareMany(
  documents: Document[],
  onProgress: (p: Progress) => void,
): Promise<MultiComparison> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return invoke<MultiComparison>("compare_many", { documents, onProgress: channel });
}
