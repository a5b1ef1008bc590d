// Tests of the Debian package: its desktop entry registers the article types and passes
// the selected files, and the installed program, started with files from a folder
// outside the source tree, finds its bundled model and samples and compares them.
// Needs the package built first (`./x test` runs `tauri build --debug --bundles deb`).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, ROOT, startDriver, stopDriver } from "./webdriver.mjs";

const DEB_DIR = join(ROOT, "target/debug/bundle/deb");

let root;

before(async () => {
  const debs = existsSync(DEB_DIR) ? readdirSync(DEB_DIR).filter((f) => f.endsWith(".deb")) : [];
  assert.equal(debs.length, 1, `expected one .deb in ${DEB_DIR}, found ${debs.length}`);
  root = mkdtempSync(join(tmpdir(), "parallax-deb-"));
  execFileSync("dpkg-deb", ["-x", join(DEB_DIR, debs[0]), root]);
  await startDriver();
});

after(() => {
  stopDriver();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the Debian package", () => {
  it("registers the article types and passes the selected files", () => {
    const entry = readFileSync(join(root, "usr/share/applications/Parallax.desktop"), "utf8");
    const line = (key) => entry.split("\n").find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
    assert.match(line("Exec"), /^parallax-app %F$/);
    const types = line("MimeType").split(";").filter(Boolean);
    for (const t of [
      "text/plain",
      "text/markdown",
      "text/html",
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]) {
      assert.ok(types.includes(t), `MimeType lists ${t}`);
    }
    for (const f of ["model.safetensors", "tokenizer.json", "config.json"]) {
      assert.ok(existsSync(join(root, "usr/lib/Parallax/models/all-MiniLM-L6-v2", f)), `the package holds the model's ${f}`);
    }
  });

  it("opens files given to the installed program, with semantic matching on", async () => {
    const samples = join(root, "usr/lib/Parallax/samples");
    const app = await App.start(
      [join(samples, "harbor-bridge-courier.md"), join(samples, "harbor-bridge-gazette.txt")],
      join(root, "usr/bin/parallax-app"),
    );
    try {
      await app.waitFor(
        () => app.exec("return document.querySelectorAll('span.s.matched').length > 0"),
        "highlighted sentences",
      );
      const warnings = await app.exec("return [...document.querySelectorAll('.banner.warn')].map((e) => e.textContent)");
      assert.deepEqual(warnings, [], "the bundled model was found");
    } finally {
      await app.quit();
    }
  });
});
