// End-to-end test of drag and drop for real: WebDriver cannot drop files, but X can. A
// small GTK window (drag_source.py) offers files as text/uri-list on the same Xvfb
// display, and xdotool drags from it onto the app: one file onto pane B, then two onto
// the window. The dropped files load where the card says, and they, and only they,
// enter the shell's scope.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, ROOT, SHOTS, sleep, startDriver, stopDriver } from "./webdriver.mjs";
import { invoke, privateSettings, screenshotX, waitForWindow } from "./desktop.mjs";

const dir = mkdtempSync(join(tmpdir(), "parallax-e2e-drop-"));
const first = join(dir, "lighthouse-notes.txt");
const second = join(dir, "lighthouse-report.txt");
const undropped = join(dir, "lighthouse-draft.txt");

before(async () => {
  privateSettings();
  writeFileSync(first, "The old lighthouse reopened on Saturday after two years of repairs.\n\nAbout 300 visitors climbed the tower on the first day.\n");
  writeFileSync(second, "About 300 visitors climbed the tower on the first day.\n\nThe lighthouse reopened on Saturday after repairs lasting two years.\n");
  writeFileSync(undropped, "A draft nobody dropped.\n");
  await startDriver();
});

after(() => {
  stopDriver();
  rmSync(dir, { recursive: true, force: true });
});

function xdotool(...args) {
  const run = spawnSync("xdotool", args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`xdotool ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

/** The position and size of an X window. */
function geometry(id) {
  const out = xdotool("getwindowgeometry", "--shell", id);
  const v = Object.fromEntries(out.trim().split("\n").map((l) => l.split("=")));
  return { x: Number(v.X), y: Number(v.Y), width: Number(v.WIDTH), height: Number(v.HEIGHT) };
}

/** Drags `files` from a drag source window to the screen point (x, y), with the pointer
 * moving in steps as a hand would (GTK starts a drag only after some motion). */
async function drag(files, x, y, title) {
  const source = spawn("/usr/bin/python3", [join(ROOT, "tests/e2e/drag_source.py"), title, "40", "700", ...files], {
    stdio: "ignore",
  });
  try {
    const box = geometry(await waitForWindow(title));
    await sleep(500);
    const [sx, sy] = [box.x + Math.round(box.width / 2), box.y + Math.round(box.height / 2)];
    xdotool("mousemove", "--sync", String(sx), String(sy));
    xdotool("mousedown", "1");
    for (let i = 1; i <= 20; i++) {
      xdotool("mousemove", String(Math.round(sx + ((x - sx) * i) / 20)), String(Math.round(sy + ((y - sy) * i) / 20)));
      await sleep(40);
    }
    await sleep(300);
    xdotool("mouseup", "1");
    await sleep(300);
  } finally {
    source.kill();
  }
}

const titles = (app) => app.exec("return [...document.querySelectorAll('section.pane')].map((p) => p.querySelector('.pane-head h2')?.title ?? null)");

describe("drag and drop", () => {
  it("loads one file dropped on pane B there, two dropped on the window into both panes, and grants only them", async () => {
    const app = await App.start([]);
    try {
      const window = geometry(await waitForWindow("Parallax"));
      const middle = window.y + Math.round(window.height / 2);

      assert.equal((await invoke(app, "load_file", { path: second })).error?.kind, "not_allowed", "not granted before the drop");
      await drag([second], window.x + Math.round(window.width * 0.75), middle - 100, "parallax-drag-one");
      const one = await app.waitFor(async () => {
        const t = await titles(app);
        return t[1] !== null ? t : null;
      }, "the dropped file in pane B", 20_000);
      assert.deepEqual(one, [null, second], "one file dropped on pane B goes to B");
      assert.ok((await invoke(app, "load_file", { path: second })).ok, "the dropped file entered the scope");
      assert.equal((await invoke(app, "load_file", { path: undropped })).error?.kind, "not_allowed", "its neighbour did not");

      await drag([first, second], window.x + Math.round(window.width * 0.25), middle - 100, "parallax-drag-two");
      await app.waitFor(
        () => app.exec("return document.querySelectorAll('#app span.s.matched').length > 0 || null"),
        "the comparison of the two dropped files",
        30_000,
      );
      assert.deepEqual(await titles(app), [first, second], "two files dropped on the window fill A and B in order");
      screenshotX(join(SHOTS, "dropped.png"));
    } finally {
      await app.quit();
    }
  });
});
