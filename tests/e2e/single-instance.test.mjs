// End-to-end test of single-instance forwarding: a file opened while Parallax runs (a
// second launch, as a file manager does on double-click) goes to the running window and
// the second process exits. tauri-plugin-single-instance talks over the D-Bus session
// bus, so this file starts a private bus for its app and its second launch.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { APP, App, SAMPLE_A, SAMPLE_B, startDriver, stopDriver } from "./webdriver.mjs";

let busPid;

before(async () => {
  const [address, pid] = execFileSync("dbus-daemon", ["--session", "--fork", "--print-address=1", "--print-pid=1"], {
    encoding: "utf8",
  })
    .trim()
    .split("\n");
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  busPid = Number(pid);
  await startDriver();
});

after(() => {
  stopDriver();
  if (busPid) process.kill(busPid);
});

const paneSentences = (app, side) =>
  app.exec(`return document.querySelectorAll('[aria-label="Article ${side}"] span.s').length`);

describe("a second launch", () => {
  it("hands its file to the running window: the empty side, else the side the user picks", async () => {
    const app = await App.start([SAMPLE_A]);
    try {
      await app.waitFor(async () => (await paneSentences(app, "A")) > 0 || null, "article A");
      assert.equal(await paneSentences(app, "B"), 0, "B starts empty");

      const second = spawnSync(APP, [SAMPLE_B], { encoding: "utf8", timeout: 30_000 });
      assert.equal(second.error, undefined, "the second launch ends by itself");
      assert.equal(second.status, 0, `the second launch exits cleanly: ${second.stderr}`);

      await app.waitFor(async () => (await paneSentences(app, "B")) > 0 || null, "the forwarded file in B");
      await app.waitFor(
        () => app.exec("return document.querySelectorAll('#app span.s.matched').length > 0 || null"),
        "the comparison of A with the forwarded file",
      );

      // With both sides full, a third file asks which side it replaces; B is chosen.
      const third = spawnSync(APP, [SAMPLE_A], { encoding: "utf8", timeout: 30_000 });
      assert.equal(third.status, 0, `the third launch exits cleanly: ${third.stderr}`);
      const question = await app.waitFor(
        () => app.exec("return document.querySelector('[role=dialog]')?.textContent ?? null"),
        "the which-side question",
      );
      assert.match(question, /harbor-bridge-courier\.md/, "the question names the file");
      await app.exec("[...document.querySelectorAll('[role=dialog] button')].find((b) => b.textContent === 'Replace B').click()");
      await app.waitFor(
        () => app.exec("return document.querySelector('[role=dialog]') === null || null"),
        "the question to close",
      );
      // Both sides now hold the same article: no statement of B is B's alone.
      await app.waitFor(
        () =>
          app.exec(`const pane = document.querySelector('[aria-label="Article B"]');
            const matched = pane.querySelectorAll('span.s.matched').length;
            return (matched > 0 && pane.querySelectorAll('span.s.only').length === 0) || null`),
        "B replaced by A's file",
      );
    } finally {
      await app.quit();
    }
  });
});
