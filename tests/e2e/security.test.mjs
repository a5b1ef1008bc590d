// End-to-end tests of the view's file authority (docs/security.md): a script in the page
// can name only files the user handed over, and export only to a path the Save dialog
// returned, once. The real flows keep working: files from the command line, the Save
// dialog (answered with xdotool), a recent comparison picked on the start screen.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, startDriver, stopDriver } from "./webdriver.mjs";
import { answerSaveDialog, invoke, privateSettings } from "./desktop.mjs";

const dir = mkdtempSync(join(tmpdir(), "parallax-e2e-scope-"));
const fileA = join(dir, "council-notes.txt");
const fileB = join(dir, "council-report.md");

before(async () => {
  privateSettings();
  writeFileSync(
    fileA,
    "The town council met on Thursday evening to discuss the river bridge.\n\n" +
      "Engineers told the council that the bridge needs new bearings before winter.\n\n" +
      "The repairs will cost 2.4 million euros, according to the finance office.\n\n" +
      "Residents asked for a temporary footbridge during the works.\n",
  );
  writeFileSync(
    fileB,
    "# Bridge repairs approved\n\n" +
      "Engineers told the council that the bridge needs new bearings before winter.\n\n" +
      "According to the finance office, the repairs will cost 2.6 million euros.\n\n" +
      "The mayor said the market will move to the square in March.\n",
  );
  await startDriver();
});

after(() => {
  stopDriver();
  rmSync(dir, { recursive: true, force: true });
});

const matched = (app) => app.exec("return document.querySelectorAll('#app span.s.matched').length > 0 || null");

describe("the view's file authority", () => {
  it("refuses files and export paths the user did not hand over, and exports through the Save dialog", async () => {
    const app = await App.start([fileA, fileB]);
    try {
      // The command line is a real flow: both files load and are compared.
      await app.waitFor(() => matched(app), "the comparison of the command-line files");

      const passwd = await invoke(app, "load_file", { path: "/etc/passwd" });
      assert.equal(passwd.error?.kind, "not_allowed", JSON.stringify(passwd));
      assert.match(passwd.error.message, /^\/etc\/passwd: /, "the message names the file");
      const roundabout = await invoke(app, "load_file", { path: `${dir}/../../etc/passwd` });
      assert.equal(roundabout.error?.kind, "not_allowed", "another spelling of an outside file");
      const granted = await invoke(app, "load_file", { path: fileA });
      assert.ok(granted.ok?.sentences.length > 0, "a file from the command line is readable");

      // tauri-plugin-fs holds the scope, but the view may call none of its commands.
      const direct = await invoke(app, "plugin:fs|read_text_file", { path: fileA });
      assert.ok(direct.error !== undefined, "the fs plugin's own read is denied");
      assert.match(String(direct.error), /not allowed/i);

      // The CSP (tauri.conf.json): no inline script, no eval, no request off the app.
      const csp = await app.execAsync(`const done = arguments[arguments.length - 1];
        const s = document.createElement("script");
        s.textContent = "window.__inlineRan = true";
        document.body.appendChild(s);
        let evalRan = false;
        try { evalRan = window.eval("true"); } catch {}
        fetch("http://127.0.0.1:4444/status").then(() => "fetched", () => "blocked")
          .then((fetched) => done({ inline: window.__inlineRan === true, eval: evalRan, fetch: fetched }));`);
      assert.deepEqual(csp, { inline: false, eval: false, fetch: "blocked" });

      // Export to a path no dialog returned writes nothing, even over an existing file.
      const target = join(dir, "not-chosen.csv");
      const bashrc = join(dir, "bashrc");
      writeFileSync(bashrc, "export PS1='$ '\n");
      for (const [path, kept] of [[target, null], [bashrc, "export PS1='$ '\n"]]) {
        const refused = await invoke(app, "export", { path, includeBoilerplate: false });
        assert.equal(refused.error?.kind, "not_allowed", JSON.stringify(refused));
        if (kept === null) assert.equal(existsSync(path), false, `${path} is not written`);
        else assert.equal(readFileSync(path, "utf8"), kept, `${path} is left as it was`);
      }

      // A comparison of documents whose paths the view made up is not remembered, so
      // those paths cannot come back through the recent list.
      const forged = await app.execAsync(`const done = arguments[arguments.length - 1];
        const invoke = window.__TAURI_INTERNALS__.invoke;
        Promise.all([invoke("load_text", { label: "x", text: "One claim here. Another claim there." }),
                     invoke("load_text", { label: "y", text: "One claim here. A third claim." })])
          .then(([a, b]) => {
            const channel = window.__TAURI_INTERNALS__.transformCallback(() => {});
            return invoke("compare", { a: { ...a, path: "/etc/hostname" }, b: { ...b, path: "/etc/hosts" },
                                       onProgress: "__CHANNEL__:" + channel });
          })
          .then(() => done("compared"), (e) => done(JSON.stringify(e)));`);
      assert.equal(forged, "compared");

      // The real export: Ctrl+E, the Save dialog answered like a user, then the file.
      // Swap compares the view's own documents again, so Export has a real comparison.
      await app.exec("document.querySelector('button[title^=\"Swap\"]').click()");
      await app.waitFor(
        () =>
          app.exec(`return document.querySelector('[aria-label="Article A"] h2')?.title === arguments[0]
            && document.querySelectorAll('#app span.s.matched').length > 0 || null`, [fileB]),
        "the swapped comparison",
      );
      for (const [name, magic] of [["report.pdf", "%PDF"], ["report.csv", "a_ids"]]) {
        const chosen = join(dir, name);
        await app.exec("document.activeElement?.blur()");
        await app.actions([
          {
            type: "key",
            id: "keyboard",
            actions: [
              { type: "keyDown", value: "\uE009" },
              { type: "keyDown", value: "e" },
              { type: "keyUp", value: "e" },
              { type: "keyUp", value: "\uE009" },
            ],
          },
        ]);
        await answerSaveDialog("Export the comparison", chosen);
        await app.waitFor(
          () => app.exec("return [...document.querySelectorAll('[role=status]')].some((e) => e.textContent === arguments[0]) || null", [`Saved ${name}`]),
          `the export to ${name}`,
          30_000,
        );
        assert.ok(readFileSync(chosen, "latin1").startsWith(magic), `${name} starts with ${magic}`);

        // One answer, one export: the same path again is refused and nothing is written.
        rmSync(chosen);
        const again = await invoke(app, "export", { path: chosen, includeBoilerplate: false });
        assert.equal(again.error?.kind, "not_allowed", JSON.stringify(again));
        assert.equal(existsSync(chosen), false, "the used answer writes nothing more");
      }
    } finally {
      await app.quit();
    }
  });

  it("reopens a recent comparison only when it is picked, and never a named pipe", async () => {
    const fifo = join(dir, "pipe.txt");
    execFileSync("mkfifo", [fifo]);
    const app = await App.start([fifo]);
    try {
      // A FIFO given on the command line is refused before it is opened (opening it
      // would block), and the app keeps working.
      const error = await app.waitFor(
        () => app.exec("return document.querySelector('[data-testid=error-A]')?.textContent ?? null"),
        "the FIFO's error",
      );
      assert.match(error, /pipe\.txt: it is a named pipe, not a regular file/);

      const recent = (await invoke(app, "startup")).ok.recent;
      assert.deepEqual(recent, [{ a: fileB, b: fileA }, { a: fileA, b: fileB }], "only the real files were remembered");

      // Stored paths are not granted until the user picks the entry.
      const early = await invoke(app, "load_file", { path: fileA });
      assert.equal(early.error?.kind, "not_allowed", JSON.stringify(early));
      const unknown = await invoke(app, "reopen_recent", { pair: { a: "/etc/passwd", b: "/etc/hosts" } });
      assert.equal(unknown.error?.kind, "not_allowed", JSON.stringify(unknown));
      assert.equal((await invoke(app, "load_file", { path: "/etc/passwd" })).error?.kind, "not_allowed");

      await app.exec(`[...document.querySelectorAll('nav[aria-label="Recent comparisons"] button')]
        .find((b) => b.title === arguments[0]).click()`, [`${fileA}\n${fileB}`]);
      await app.waitFor(() => matched(app), "the recent comparison");
      const titles = await app.exec("return [...document.querySelectorAll('.pane-head h2')].map((h) => h.title)");
      assert.deepEqual(titles, [fileA, fileB]);
    } finally {
      await app.quit();
    }
  });
});
