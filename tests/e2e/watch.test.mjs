// End-to-end tests of watching the open articles: an article saved again is read and
// compared again without a reload, the selection stays on its statements, an article
// that disappears keeps its last version with the error beside its pane, and the
// toolbar toggle turns watching off for good. Prints the time from a one-sentence edit
// of two 45-sentence articles to the repainted view, as a measurement.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, SHOTS, sleep, startDriver, stopDriver } from "./webdriver.mjs";
import { privateSettings, screenshotX } from "./desktop.mjs";

const dir = mkdtempSync(join(tmpdir(), "parallax-e2e-watch-"));
const fileA = join(dir, "ferry-desk.txt");
const fileB = join(dir, "ferry-wire.txt");

const who = ["The harbour master", "A ferry captain", "The port authority", "Two deckhands", "The regional minister",
  "A coastguard officer", "The ticket office", "Local fishermen", "The island school", "A marine biologist",
  "The weather service", "Shop owners on the quay", "The union", "Volunteer divers", "The ferry company"];
const did = ["reported a cracked hull plate", "ordered the terminal closed", "counted the stranded passengers",
  "asked for a second tug", "promised an inquiry into the delays", "measured the wind at the pier",
  "sold refunds for the cancelled crossings", "moved their boats to the inner basin", "sent pupils home early",
  "warned about fuel in the water", "issued a storm warning", "lost a day of trade", "demanded overtime pay",
  "inspected the mooring chains", "published a new timetable"];
const when = ["on Monday morning", "by Tuesday noon", "late on Wednesday"];

/** 45 statements about an invented ferry storm, one per figure so none repeats. */
const statements = Array.from({ length: 45 }, (_, i) => `${who[i % 15]} ${did[(i * 4) % 15]} ${when[i % 3]}, with ${i + 3} people present.`);

/** An article of the given statements, three to a paragraph. */
function article(lines) {
  const paragraphs = [];
  for (let i = 0; i < lines.length; i += 3) paragraphs.push(lines.slice(i, i + 3).join(" "));
  return paragraphs.join("\n\n") + "\n";
}

// B shares 36 statements with A, reordered by paragraph, and makes 9 of its own.
const own = Array.from({ length: 9 }, (_, i) => `The wire desk heard from caller number ${i + 1} that the gulls had left the breakwater.`);
const textA = statements;
const textB = [...statements.slice(9).reverse(), ...own];
const EDITED = 20;
const edits = [
  "A retired lighthouse keeper painted the old signal mast bright green.",
  "The bakery near the ferry ramp handed out free bread to the waiting crews.",
];

const headline = (app) => app.exec("return document.querySelector('[data-testid=headline]')?.textContent ?? null");
const paneText = (app, side) => app.exec(`return document.querySelector('[aria-label="Article ${side}"] article')?.textContent ?? ''`);
const updatedAt = (app, side) => app.exec(`return document.querySelector('[data-testid=updated-${side}]')?.textContent ?? null`);

/** Saves A with statement EDITED replaced, as an editor that writes a new file and renames it over the old one. */
function saveA(replacement, atomic) {
  const lines = [...textA];
  if (replacement !== null) lines[EDITED] = replacement;
  if (atomic) {
    writeFileSync(join(dir, ".ferry-desk.txt.tmp"), article(lines));
    renameSync(join(dir, ".ferry-desk.txt.tmp"), fileA);
  } else writeFileSync(fileA, article(lines));
  return Date.now();
}

before(async () => {
  privateSettings();
  writeFileSync(fileA, article(textA));
  writeFileSync(fileB, article(textB));
  await startDriver();
});

after(() => {
  stopDriver();
  rmSync(dir, { recursive: true, force: true });
});

describe("watching the open articles", () => {
  it("compares again when an article is saved, keeps the last version when it goes, and can be turned off", async () => {
    const app = await App.start([fileA, fileB]);
    try {
      const first = await app.waitFor(
        () => app.exec("return document.querySelectorAll('#app span.s.matched').length > 0 ? document.querySelector('[data-testid=headline]')?.textContent : null"),
        "the first comparison",
      );
      assert.equal(await app.exec("return document.querySelector('[data-testid=watch-toggle]').checked"), true, "watching is on by default");
      assert.equal(await updatedAt(app, "A"), null, "no update yet");
      await app.exec("window.__sameView = true");

      // Select the match of a statement the edit leaves alone; it stays selected.
      const kept = statements[30];
      await app.exec(`const el = [...document.querySelectorAll("[aria-label='Article A'] span.s.matched")].find((s) => s.textContent.trim() === arguments[0]);
        el.scrollIntoView({ block: "center" }); el.click(); el.focus();`, [kept]);
      await app.exec("document.activeElement?.blur()");

      // Edits, alternately in place and by rename, each timed from the save to the repaint.
      const timings = [];
      let previous = first;
      for (let i = 0; i < 6; i++) {
        const replacement = i % 2 === 0 ? edits[(i / 2) % 2] : null;
        const before = await app.exec("return document.documentElement.dataset.refreshedAt ?? '0'");
        const saved = saveA(replacement, i % 2 === 1);
        const repainted = Number(
          await app.waitFor(
            () => app.exec("const t = document.documentElement.dataset.refreshedAt; return t && t !== arguments[0] ? t : null", [before]),
            `the view to follow edit ${i + 1}`,
            20_000,
          ),
        );
        const text = await paneText(app, "A");
        if (replacement !== null) {
          assert.ok(text.includes(replacement), "A shows the new sentence");
          assert.ok(!text.includes(statements[EDITED]), "and no longer the old one");
        } else assert.ok(text.includes(statements[EDITED]), "A shows the restored sentence");
        const now = await headline(app);
        assert.notEqual(now, previous, "the summary follows the edit");
        previous = now;
        assert.match(await updatedAt(app, "A"), /^updated \d\d:\d\d:\d\d$/);
        assert.equal(await updatedAt(app, "B"), null, "B did not change");
        const current = await app.exec("return [...document.querySelectorAll(\"[aria-label='Article A'] span.s.current\")].map((s) => s.textContent.trim())");
        assert.deepEqual(current, [kept], "the selection stays on its statement");
        timings.push({ total: repainted - saved, work: Number(await app.exec("return document.documentElement.dataset.refreshMs")) });
        await sleep(700);
      }
      assert.equal(await app.exec("return window.__sameView === true"), true, "the page was not reloaded");
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `# watch: one-sentence edit of two 45-sentence articles, file event to repainted view: median ${median(timings.map((t) => t.work))} ms ` +
          `(${timings.map((t) => t.work).join(", ")}); save to repainted view, 0.5 s quiet period included: median ${median(timings.map((t) => t.total))} ms`,
      );
      screenshotX(join(SHOTS, "watch-updated.png"));

      // The article disappears: its last version stays, with the error beside its pane.
      const lastText = await paneText(app, "A");
      rmSync(fileA);
      const error = await app.waitFor(
        () => app.exec("return document.querySelector('[data-testid=error-A]')?.textContent ?? null"),
        "the error of the vanished article",
        20_000,
      );
      assert.match(error, /ferry-desk\.txt/, "the error names the file");
      assert.equal(await paneText(app, "A"), lastText, "A keeps its last version");
      assert.ok(await app.exec("return document.querySelectorAll('#app span.s.matched').length > 0"), "the comparison stays");
      saveA(null, false);
      await app.waitFor(
        () => app.exec("return document.querySelector('[data-testid=error-A]') === null || null"),
        "the article to come back",
        20_000,
      );

      // Turned off, a save changes nothing, and the choice outlives the window.
      await app.exec("document.querySelector('[data-testid=watch-toggle]').click()");
      await app.waitFor(() => app.exec("return !document.querySelector('[data-testid=watch-toggle]').checked || null"), "the toggle off");
      const stable = await paneText(app, "A");
      await sleep(300);
      saveA(edits[1], false);
      await sleep(2_000);
      assert.equal(await paneText(app, "A"), stable, "no refresh while watching is off");
    } finally {
      await app.quit();
    }
    const again = await App.start([fileA, fileB]);
    try {
      await again.waitFor(() => again.exec("return document.querySelectorAll('#app span.s.matched').length > 0 || null"), "the comparison");
      assert.equal(await again.exec("return document.querySelector('[data-testid=watch-toggle]').checked"), false, "off is remembered");
      await again.exec("document.querySelector('[data-testid=watch-toggle]').click()");
      await again.waitFor(() => again.exec("return document.querySelector('[data-testid=watch-toggle]').checked || null"), "the toggle on");
      saveA(edits[0], true);
      await again.waitFor(async () => (await paneText(again, "A")).includes(edits[0]) || null, "watching again once turned on", 20_000);
    } finally {
      await again.quit();
    }
  });
});
