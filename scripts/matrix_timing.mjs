// Measures how the matrix view holds up with 12 articles and about 500 claims: writes
// 12 generated articles (a few statements shared by several, most only in one), opens
// them in the real app over WebDriver, then times selecting a row (click to the
// members' panel painted) and scrolling the matrix (each step to the next painted
// frame). Prints medians and the worst case. A measurement, not a test. Run under a
// display, e.g.
//   WEBKIT_DISABLE_COMPOSITING_MODE=1 xvfb-run -a -s "-screen 0 1440x900x24" \
//     node scripts/matrix_timing.mjs
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, startDriver, stopDriver } from "../tests/e2e/webdriver.mjs";

const ARTICLES = 12;
const OWN = 40; // statements only one article makes
const SHARED = 8; // statements each article takes from a common pool

// Each article draws its own statements from a vocabulary of its own, so they stay
// exclusives; the shared ones come from a common pool.
const DOMAINS = [
  "drizzle barometer monsoon humidity forecast hailstone isobar frost gale drought thermometer cloudburst",
  "goalkeeper midfielder penalty striker offside referee stadium corner tackle league trophy dugout",
  "saucepan marinade simmer shallot whisk oven pastry ladle garnish broth colander skillet",
  "telescope nebula asteroid orbit comet galaxy quasar eclipse meteor observatory pulsar satellite",
  "mortgage dividend ledger overdraft bond auditor treasury loan equity cheque pension broker",
  "compost trowel seedling hedge tulip greenhouse mulch orchard pruner allotment fern hose",
  "violin orchestra sonata conductor cello rehearsal chord melody trumpet choir tempo overture",
  "locomotive platform signalman timetable carriage junction sleeper freight depot tunnel viaduct conductor",
  "stethoscope vaccine clinic surgeon antibiotic ward nurse fracture diagnosis pharmacy syringe bandage",
  "tailor runway fabric hemline designer boutique stitch collar velvet zipper wardrobe catwalk",
  "bishop gambit checkmate pawn rook endgame grandmaster castling knight opening stalemate clock",
  "trawler harbour angler net mackerel bait reel tide jetty skipper lobster buoy",
].map((d) => d.split(" "));

/** A statement of article \`a\`'s own, number \`k\`: nearly all its words come from
 * the article's vocabulary, and its number is its own. */
function own(a, k) {
  const w = DOMAINS[a];
  const pick = (x) => w[(k * x + a) % w.length];
  return `The ${pick(1)} ${pick(5)} beat the ${pick(7)} ${pick(11)} by ${1000 * (a + 1) + 17 * k} ${pick(3)}s.`;
}

const pool = Array.from(
  { length: 40 },
  (_, k) => `Officials said the depot dispute would cost ${k + 2} million after review number ${k * 11 + 5}.`,
);

const dir = mkdtempSync(join(tmpdir(), "parallax-matrix-timing-"));
const files = [];
for (let a = 0; a < ARTICLES; a++) {
  const lines = [`Article ${a + 1} on the depot dispute`];
  for (let k = 0; k < OWN; k++) {
    lines.push(own(a, k));
    if (k % 5 === 0 && k / 5 < SHARED) lines.push(pool[(a * 3 + k / 5) % pool.length]);
  }
  const file = join(dir, `article-${String(a + 1).padStart(2, "0")}.txt`);
  writeFileSync(file, lines.join("\n\n"));
  files.push(file);
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

await startDriver();
const started = Date.now();
const app = await App.start(files);
try {
  await app.waitFor(() => app.exec("return document.querySelectorAll('tr.claim-row').length > 0"), "claim rows", 300_000);
  const ready = (Date.now() - started) / 1000;
  const rows = await app.exec("return document.querySelectorAll('tr.claim-row').length");
  // Selecting a row: click, then wait for the frame after the members' panel shows it.
  const select = await app.execAsync(`const done = arguments[arguments.length - 1];
    const rows = [...document.querySelectorAll('tr.claim-row')];
    const times = [];
    const next = (k) => {
      if (k >= 25) return done(times);
      const row = rows[(k * 19) % rows.length];
      const start = performance.now();
      row.click();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (!document.querySelector('[data-testid=claim-members]')) return done(['no members panel']);
        times.push(performance.now() - start);
        next(k + 1);
      }));
    };
    next(0);`);
  // Scrolling: move the matrix by a screenful at a time and time each painted frame.
  const scroll = await app.execAsync(`const done = arguments[arguments.length - 1];
    const box = document.querySelector('.matrix-scroll');
    const times = [];
    const step = () => {
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1 || times.length >= 60) return done(times);
      const start = performance.now();
      box.scrollTop += box.clientHeight * 0.8;
      requestAnimationFrame(() => requestAnimationFrame(() => { times.push(performance.now() - start); step(); }));
    };
    step();`);
  if (!Array.isArray(select) || typeof select[0] !== "number") throw new Error(`selection failed: ${select}`);
  console.log(`matrix: ${ARTICLES} articles, ${rows} claims, shown ${ready.toFixed(1)} s after launch`);
  console.log(`select a row: median ${median(select).toFixed(0)} ms, worst ${Math.max(...select).toFixed(0)} ms (${select.length} rows)`);
  console.log(`scroll a screenful: median ${median(scroll).toFixed(0)} ms, worst ${Math.max(...scroll).toFixed(0)} ms (${scroll.length} steps)`);
  await app.exec("document.querySelector('.matrix-scroll').scrollTop = 0; document.querySelector('tr.claim-row').click()");
  await new Promise((r) => setTimeout(r, 300));
  await app.screenshot("matrix-12.png");
} finally {
  await app.quit();
  stopDriver();
  rmSync(dir, { recursive: true, force: true });
}
