// End-to-end tests of the real desktop app: the debug build of `parallax-app` is started
// by tauri-driver (W3C WebDriver over WebKitWebDriver) under Xvfb and driven like a user
// would: files from the command line, highlights, the hover card, keyboard navigation
// and a bad file. Run by `./x test` as `xvfb-run -a node --test tests/e2e/`.
//
// Environment: PARALLAX_APP (the binary; default target/debug/parallax-app),
// TAURI_DRIVER (default: tauri-driver on PATH or in ~/.cargo/bin),
// PARALLAX_SCREENSHOTS (a folder to save screenshots to; default target/e2e).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const APP = process.env.PARALLAX_APP ?? join(ROOT, "target/debug/parallax-app");
const DRIVER =
  process.env.TAURI_DRIVER ??
  (existsSync(join(homedir(), ".cargo/bin/tauri-driver")) ? join(homedir(), ".cargo/bin/tauri-driver") : "tauri-driver");
const SHOTS = process.env.PARALLAX_SCREENSHOTS ?? join(ROOT, "target/e2e");
const PORT = 4444;
const BASE = `http://127.0.0.1:${PORT}`;
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const SAMPLE_A = join(ROOT, "assets/samples/harbor-bridge-courier.md");
const SAMPLE_B = join(ROOT, "assets/samples/harbor-bridge-gazette.txt");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function wd(method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

/** One app window driven over WebDriver. */
class App {
  static async start(args) {
    const value = await wd("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application: APP, args } } },
    });
    const app = new App(value.sessionId);
    await app.waitFor(() => app.exec("return document.querySelector('.app') !== null"), "the window");
    return app;
  }
  constructor(id) {
    this.id = id;
  }
  exec(script, args = []) {
    return wd("POST", `/session/${this.id}/execute/sync`, { script, args });
  }
  async find(css) {
    const el = await wd("POST", `/session/${this.id}/element`, { using: "css selector", value: css });
    return el[ELEMENT];
  }
  async waitFor(check, what, timeoutMs = 90_000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await check().catch(() => null);
      if (value) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(250);
    }
  }
  actions(actions) {
    return wd("POST", `/session/${this.id}/actions`, { actions });
  }
  hover(elementId) {
    return this.actions([
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [{ type: "pointerMove", duration: 0, origin: { [ELEMENT]: elementId }, x: 0, y: 0 }],
      },
    ]);
  }
  press(key) {
    return this.actions([
      {
        type: "key",
        id: "keyboard",
        actions: [
          { type: "keyDown", value: key },
          { type: "keyUp", value: key },
        ],
      },
    ]);
  }
  async screenshot(name) {
    const png = await wd("GET", `/session/${this.id}/screenshot`);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, name), Buffer.from(png, "base64"));
  }
  quit() {
    return wd("DELETE", `/session/${this.id}`).catch(() => {});
  }
}

let driver;

before(async () => {
  assert.ok(existsSync(APP), `the app is not built: ${APP} (run cargo build -p parallax_app)`);
  driver = spawn(DRIVER, ["--port", String(PORT)], { stdio: ["ignore", "inherit", "inherit"] });
  const end = Date.now() + 30_000;
  for (;;) {
    try {
      await wd("GET", "/status");
      break;
    } catch {
      if (Date.now() > end) throw new Error("tauri-driver did not start");
      await sleep(200);
    }
  }
});

after(() => driver?.kill());

describe("the desktop app", () => {
  it("opens two files from the command line and links their shared statements", async () => {
    const app = await App.start([SAMPLE_A, SAMPLE_B]);
    try {
      await app.waitFor(
        () => app.exec("return document.querySelectorAll('#app span.s.matched').length > 0"),
        "highlighted sentences",
      );
      // Every match is drawn on both sides, in one colour.
      const pairs = await app.exec(`
        const seen = {};
        for (const el of document.querySelectorAll('span.s.matched')) {
          const side = el.id.startsWith('s0-') ? 0 : 1;
          const m = el.dataset.match;
          seen[m] ??= [[], []];
          seen[m][side].push([el.dataset.colour, getComputedStyle(el).backgroundColor]);
        }
        return Object.values(seen);`);
      assert.ok(pairs.length >= 3, `expected several matches, got ${pairs.length}`);
      for (const [a, b] of pairs) {
        assert.ok(a.length > 0 && b.length > 0, "a match is highlighted on both sides");
        assert.equal(a[0][0], b[0][0], "both sides share the match colour");
        assert.equal(a[0][1], b[0][1], "both sides have the same tint");
        assert.notEqual(a[0][1], "rgba(0, 0, 0, 0)", "the tint is visible");
      }
      const ribbons = await app.exec("return document.querySelectorAll('.gutter path.ribbon').length");
      assert.ok(ribbons > 0, "ribbons connect partners in the gutter");
      const headline = await app.exec("return document.querySelector('[data-testid=headline]').textContent");
      assert.match(headline, /^B repeats \d+% of A's statements; A repeats \d+% of B's; \d+ factual conflicts?$/);

      // Hover shows the diff card.
      await app.hover(await app.find("#app span.s.matched[id^='s0-']"));
      const card = await app.waitFor(
        () => app.exec("const c = document.querySelector('[data-testid=diff-card]'); return c && c.textContent"),
        "the diff card",
        10_000,
      );
      assert.match(card, /\d+%/);

      // `n` selects the next match: A's sentence takes focus and its partner is marked.
      await app.exec("document.activeElement?.blur()");
      await app.press("n");
      const selected = await app.waitFor(
        () =>
          app.exec(`const el = document.activeElement;
            return el && el.matches('span.s.matched.current') ? el.dataset.match : null`),
        "n to select a match",
        5_000,
      );
      const partner = await app.exec(
        `return document.querySelector('span.s.current[id^="s1-"]')?.dataset.match ?? null`,
      );
      assert.equal(partner, selected, "the partner in B is selected too");
      await app.press("n");
      const next = await app.waitFor(
        () => app.exec("return document.activeElement?.dataset.match ?? null").then((m) => (m !== selected ? m : null)),
        "a second n to move on",
        5_000,
      );
      assert.notEqual(next, selected);

      const ms = await app.exec("return document.documentElement.dataset.highlightMs ?? null");
      assert.ok(ms !== null, "the load-to-highlight time is recorded");
      console.log(`# load to highlighted paint (cold, model load included): ${ms} ms`);
      await app.exec("document.activeElement?.blur()");
      await app.screenshot("samples.png");
    } finally {
      await app.quit();
    }
  });

  it("shows a bad file's error next to its pane and keeps the other article", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const junk = join(SHOTS, "junk.pdf");
    writeFileSync(junk, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0x13, 0x37]));
    const app = await App.start([SAMPLE_A, junk]);
    try {
      const error = await app.waitFor(
        () => app.exec("return document.querySelector('[data-testid=error-B]')?.textContent ?? null"),
        "the error of pane B",
      );
      assert.match(error, /junk\.pdf/, "the message names the file");
      const a = await app.exec("return document.querySelectorAll('[aria-label=\"Article A\"] span.s').length");
      assert.ok(a > 5, "article A is still shown");
      const errorA = await app.exec("return document.querySelector('[data-testid=error-A]')");
      assert.equal(errorA, null, "pane A has no error");
    } finally {
      await app.quit();
    }
  });
});
