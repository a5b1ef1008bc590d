// End-to-end test of the matrix of several articles: the real app opens the three
// sample articles from the command line, shows one row per claim and one column per
// article with filled cells and a conflict marker, shows a row's members with their
// diffs, and opens two ticked columns side by side. It saves target/e2e/matrix.png
// (the screenshot in docs/screenshots/matrix.png).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { App, ROOT, SAMPLE_A, SAMPLE_B, startDriver, stopDriver } from "./webdriver.mjs";

const SAMPLE_C = join(ROOT, "assets/samples/harbor-bridge-wire.txt");
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

before(startDriver);
after(stopDriver);

describe("the matrix view", () => {
  it("opens three files as a claim × article matrix with conflicts", async () => {
    const app = await App.start([SAMPLE_A, SAMPLE_B, SAMPLE_C]);
    try {
      await app.waitFor(
        () => app.exec("return document.querySelectorAll('[data-testid=matrix] tr.claim-row').length > 0"),
        "claim rows",
      );
      const heads = await app.exec(
        "return [...document.querySelectorAll('[data-testid=article-head]')].map((h) => h.textContent)",
      );
      assert.equal(heads.length, 3, "one column per article");
      assert.match(heads[2], /Larkhaven footbridge collapse/);
      // Each row has one cell per article; the first (by coverage) is carried by all.
      const rows = await app.exec(`return [...document.querySelectorAll('tr.claim-row')].map((r) =>
        [...r.querySelectorAll('[data-testid=cell]')].map((c) => c.classList.contains('absent') ? 0 : 1))`);
      assert.ok(rows.every((r) => r.length === 3));
      assert.deepEqual(rows[0], [1, 1, 1], "the first claim is in all three articles");
      const counts = rows.map((r) => r.reduce((a, b) => a + b, 0));
      assert.ok(counts.every((n, i) => i === 0 || counts[i - 1] >= n), "rows sorted by coverage");
      assert.ok(counts.includes(1), "exclusives are rows too");
      // The injured counts differ (14, 17, 15): a row carries the conflict marker.
      const conflict = await app.exec(`const row = [...document.querySelectorAll('tr.claim-row')]
          .find((r) => r.querySelector('.cell.conflict .conflict-mark'));
        return row ? row.dataset.claim : null`);
      assert.ok(conflict !== null, "a conflict marker in the matrix");
      await app.exec(`document.querySelector('tr.claim-row[data-claim="${conflict}"]').click()`);
      const members = await app.waitFor(
        () => app.exec("const m = document.querySelector('[data-testid=claim-members]'); return m && m.textContent"),
        "the selected claim's members",
        10_000,
      );
      assert.match(members, /⚠/);
      assert.match(members, /says/);
      await app.screenshot("matrix.png");

      // Filtering to C's exclusives leaves rows with C's cell alone filled.
      await app.exec(`const s = document.querySelector('select[aria-label="Filter claims"]');
        s.value = '2'; s.dispatchEvent(new Event('change', { bubbles: true }))`);
      const only = await app.waitFor(
        () =>
          app.exec(`const rows = [...document.querySelectorAll('tr.claim-row')];
            return rows.length && rows.map((r) => [...r.querySelectorAll('[data-testid=cell]')].map((c) => c.classList.contains('absent') ? 0 : 1).join(''))`),
        "C's exclusives",
        10_000,
      );
      assert.ok(only.every((r) => r === "001"), JSON.stringify(only));

      // Ticking A and C opens them side by side.
      await app.exec(`document.querySelector('input[aria-label="Pick article A"]').click();
        document.querySelector('input[aria-label="Pick article C"]').click()`);
      const open = await app.find("[data-testid=open-pair]");
      await app.exec("arguments[0].click()", [{ [ELEMENT]: open }]);
      await app.waitFor(
        () => app.exec("return document.querySelectorAll('#app span.s.matched').length > 0"),
        "the side-by-side view",
      );
      const headline = await app.exec("return document.querySelector('[data-testid=headline]').textContent");
      assert.match(headline, /^B repeats \d+% of A's statements/);
      const back = await app.exec("return document.querySelector('[data-testid=back-to-matrix]') !== null");
      assert.ok(back, "a way back to the matrix");
    } finally {
      await app.quit();
    }
  });
});
