// A small W3C WebDriver client for the desktop app: starts tauri-driver (which runs the
// app through WebKitWebDriver) and drives one window per session. Used by the
// end-to-end tests and by scripts/screenshots.mjs.
//
// Environment: PARALLAX_APP (the binary; default target/debug/parallax-app),
// TAURI_DRIVER (default: tauri-driver in ~/.cargo/bin or on PATH),
// PARALLAX_SCREENSHOTS (where screenshots go; default target/e2e).

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.PARALLAX_APP ?? join(ROOT, "target/debug/parallax-app");
const DRIVER =
  process.env.TAURI_DRIVER ??
  (existsSync(join(homedir(), ".cargo/bin/tauri-driver")) ? join(homedir(), ".cargo/bin/tauri-driver") : "tauri-driver");
export const SHOTS = process.env.PARALLAX_SCREENSHOTS ?? join(ROOT, "target/e2e");
const PORT = 4444;
const BASE = `http://127.0.0.1:${PORT}`;
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const SAMPLE_A = join(ROOT, "assets/samples/harbor-bridge-courier.md");
export const SAMPLE_B = join(ROOT, "assets/samples/harbor-bridge-gazette.txt");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
export class App {
  /** Launches `application` (the debug build by default) with `args`. */
  static async start(args, application = APP) {
    const value = await wd("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application, args } } },
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
  /** Runs an async script; it gets a callback as its last argument. */
  execAsync(script, args = []) {
    return wd("POST", `/session/${this.id}/execute/async`, { script, args });
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

/** Starts tauri-driver and waits until it answers. */
export async function startDriver() {
  if (!existsSync(APP)) throw new Error(`the app is not built: ${APP} (run ./x run or cargo build -p parallax_app)`);
  // Apps inherit the driver's working folder; a neutral one keeps them from finding
  // assets through it, so each app must find its own (next to itself or installed).
  // Its own process group, so stopDriver can end WebKitWebDriver and every app window
  // with it: an app a closed session left running would otherwise hold the test
  // runner's output open and keep it from exiting.
  driver = spawn(DRIVER, ["--port", String(PORT)], {
    cwd: tmpdir(),
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
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
}

/** Stops tauri-driver and everything it started. */
export function stopDriver() {
  if (!driver) return;
  try {
    process.kill(-driver.pid, "SIGKILL");
  } catch {
    driver.kill();
  }
  driver = undefined;
}

