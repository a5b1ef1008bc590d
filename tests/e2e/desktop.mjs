// Helpers for end-to-end tests that reach past WebDriver: calling the shell's commands
// from the page as any script in the view could, answering the native Save dialog with
// xdotool on the same X display, screenshots of the X display, and a private settings
// folder per test file.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT, sleep } from "./webdriver.mjs";

/** Calls a shell command from the page; resolves to `{ ok: value }` or `{ error }`. */
export function invoke(app, command, args = {}) {
  return app.execAsync(
    `const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
      .then((v) => done({ ok: v ?? null }), (e) => done({ error: e }));`,
    [command, args],
  );
}

/** Gives the apps this test file starts their own settings (recent list, watching),
 * so they neither see nor change another test's. Call before startDriver. */
export function privateSettings() {
  const home = mkdtempSync(join(tmpdir(), "parallax-e2e-data-"));
  process.env.XDG_DATA_HOME = home;
  process.env.XDG_CONFIG_HOME = home;
  return home;
}

function xdotool(...args) {
  const run = spawnSync("xdotool", args, { encoding: "utf8" });
  if (run.error) throw new Error(`xdotool: ${run.error.message}`);
  return run;
}

/** Waits for the X window titled `title` and returns its id. */
export async function waitForWindow(title, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ids = xdotool("search", "--onlyvisible", "--name", `^${title}$`).stdout.trim().split("\n").filter(Boolean);
    if (ids.length > 0) return ids[ids.length - 1];
    if (Date.now() > end) throw new Error(`no window titled "${title}"`);
    await sleep(200);
  }
}

/** Answers the GTK Save dialog titled `title` with an absolute `path`, as a user typing
 * it into the name field would. */
export async function answerSaveDialog(title, path) {
  const id = await waitForWindow(title);
  // The name field takes focus once the dialog is drawn.
  await sleep(800);
  xdotool("windowfocus", "--sync", id);
  xdotool("key", "--clearmodifiers", "ctrl+a");
  xdotool("type", "--delay", "15", path);
  await sleep(300);
  xdotool("key", "Return");
}

/** Saves the X display as a PNG (Debian's python3-gi): the window as a user sees it. */
export function screenshotX(path) {
  mkdirSync(dirname(path), { recursive: true });
  const run = spawnSync("/usr/bin/python3", [join(ROOT, "tests/e2e/x_screenshot.py"), path], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`screenshot: ${run.stderr}`);
}
