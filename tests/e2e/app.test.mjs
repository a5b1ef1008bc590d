// End-to-end tests of the real desktop app: the debug build of `parallax-app` is started
// by tauri-driver (W3C WebDriver over WebKitWebDriver) under Xvfb and driven like a user
// would: files from the command line, highlights, the hover cards, keyboard navigation
// and a bad file (export, through the Save dialog, is in security.test.mjs). Run by
// `./x test` as `xvfb-run -a node --test tests/e2e/`.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, SAMPLE_A, SAMPLE_B, SHOTS, startDriver, stopDriver } from "./webdriver.mjs";

before(startDriver);
after(stopDriver);

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

      // An unmatched statement with a near miss shows its closest statement on the other
      // side, labelled as not a match.
      const near = await app.find("#app span.s.near[id^='s0-']");
      await app.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": near }]);
      await app.hover(near);
      const nearCard = await app.waitFor(
        () => app.exec("const c = document.querySelector('[data-testid=near-card]'); return c && c.textContent"),
        "the near-miss card",
        10_000,
      );
      assert.match(nearCard, /closest in B, not a match/);
      const partnerText = await app.exec(`const c = document.querySelector('[data-testid=near-card] .diff');
        const id = c && [...document.querySelectorAll("span.s[id^='s1-']")].find((s) => s.textContent.trim() === c.textContent.trim());
        return Boolean(id)`);
      assert.ok(partnerText, "the card quotes a sentence of B");

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
      // The two files load side by side: the junk one can fail before article A is shown.
      const a = await app.waitFor(async () => {
        const n = await app.exec("return document.querySelectorAll('[aria-label=\"Article A\"] span.s').length");
        return n > 5 ? n : null;
      }, "article A's sentences");
      assert.ok(a > 5, "article A is still shown");
      const errorA = await app.exec("return document.querySelector('[data-testid=error-A]')");
      assert.equal(errorA, null, "pane A has no error");
    } finally {
      await app.quit();
    }
  });
});
