// Takes screenshots of the desktop app for the docs: opens A and B, waits for the
// highlights, optionally hovers the first shared statement (so the diff card shows) or
// the first unmatched one with a near miss (its closest statement on the other side),
// and saves a PNG. Run under a display, e.g.
//   WEBKIT_DISABLE_COMPOSITING_MODE=1 xvfb-run -a -s "-screen 0 1440x900x24" \
//     node scripts/screenshots.mjs OUT.png A B [--hover | --near] [--dark]
import { App, startDriver, stopDriver } from "../tests/e2e/webdriver.mjs";
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SHOTS } from "../tests/e2e/webdriver.mjs";

const [out, a, b, ...flags] = process.argv.slice(2);
if (!out || !a || !b) {
  console.error("usage: node scripts/screenshots.mjs OUT.png A B [--hover | --near] [--dark]");
  process.exit(2);
}
await startDriver();
const app = await App.start([resolve(a), resolve(b)]);
try {
  await app.waitFor(() => app.exec("return document.querySelectorAll('span.s.matched').length > 0"), "highlights");
  if (flags.includes("--dark")) {
    await app.exec("document.documentElement.dataset.theme = 'dark'");
  }
  const hover = flags.includes("--hover") ? "span.s.matched[id^='s0-']" : flags.includes("--near") ? "span.s.near[id^='s0-']" : null;
  if (hover) {
    const target = await app.find(hover);
    await app.exec("arguments[0].scrollIntoView({block: 'center'})", [{ "element-6066-11e4-a52e-4f735466cecf": target }]);
    await app.hover(target);
  }
  await new Promise((r) => setTimeout(r, 800));
  await app.screenshot("shot.png");
  copyFileSync(join(SHOTS, "shot.png"), out);
  console.log(`saved ${out}`);
} finally {
  await app.quit();
  stopDriver();
}
