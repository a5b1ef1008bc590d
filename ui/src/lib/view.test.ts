// Unit tests of the view logic on a small hand-made comparison.
import { describe, expect, it } from "vitest";
import type { Comparison } from "../generated/Comparison";
import type { Document } from "../generated/Document";
import type { Match } from "../generated/Match";
import {
  PALETTE,
  activeMatches,
  cardPlace,
  clipBand,
  dropSides,
  emphasised,
  sentenceLabels,
  figures,
  headline,
  matchColour,
  nearMissLeads,
  readingOrder,
  renderBlocks,
  ribbonPath,
  search,
  sentenceMatches,
  step,
  tint,
} from "./view";

/** A document whose sentences are the given strings, one block each, optionally chrome. */
function doc(path: string, sentences: string[], chrome: number[] = []): Document {
  let text = "";
  const blocks: Document["blocks"] = [];
  const out: Document["sentences"] = [];
  sentences.forEach((s, i) => {
    if (i > 0) text += "\n\n";
    const start = Array.from(text).length;
    text += s;
    const end = Array.from(text).length;
    const boilerplate = chrome.includes(i);
    blocks.push({ id: i, kind: "paragraph", start, end, boilerplate });
    out.push({ id: i, text: s, start, end, block: i, boilerplate });
  });
  return { path, format: "text", title: null, byline: null, date: null, text, blocks, sentences: out };
}

function match(a: number[], b: number[], score: number, kind: Match["kind"], conflicts = 0): Match {
  const conflict = { kind: "number" as const, a: { sentence: a[0], start: 0, end: 1, text: "1" }, b: { sentence: b[0], start: 0, end: 1, text: "2" } };
  return { a, b, score, kind, conflicts: Array(conflicts).fill(conflict), diff: [] };
}

const comparison: Comparison = {
  documents: [
    doc("/tmp/a.txt", ["Bridge closed.", "Twelve hurt.", "Mayor spoke.", "Share this!"], [3]),
    doc("/tmp/b.md", ["Mayor gave a speech.", "The bridge is shut.", "Fourteen hurt."]),
  ],
  matches: [match([0], [1], 0.9, "paraphrase"), match([1], [2], 0.55, "edited", 1), match([2], [0], 0.3, "paraphrase")],
  near_misses: [],
  summary: { a_shared: 1, b_shared: 1, verbatim: 0, edited: 1, paraphrase: 2, partial: 0, boilerplate: 0, conflicts: 1, shared_names: [] },
  semantic: true,
  warnings: [],
};

describe("sentence labels", () => {
  it("counts from 1 on each side, as the exports do", () => {
    expect(sentenceLabels(0, [0, 2])).toBe("A1 A3");
    expect(sentenceLabels(1, [5])).toBe("B6");
    expect(sentenceLabels(1, [])).toBe("");
  });
});

describe("colours", () => {
  it("gives each match one palette colour, cycling", () => {
    expect(matchColour(0)).toBe(PALETTE[0]);
    expect(matchColour(PALETTE.length + 2)).toBe(PALETTE[2]);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });
  it("tints more strongly for surer matches", () => {
    const alpha = (s: string) => Number(s.match(/([\d.]+)\)$/)![1]);
    expect(alpha(tint("#0072B2", 0.9, false))).toBeGreaterThan(alpha(tint("#0072B2", 0.2, false)));
    expect(tint("#0072B2", 1, false)).toMatch(/^rgba\(0, 114, 178, /);
  });
});

describe("strictness and filters", () => {
  it("drops matches under the threshold without recomputing", () => {
    expect(activeMatches(comparison, 0)).toEqual([0, 1, 2]);
    expect(activeMatches(comparison, 0.5)).toEqual([0, 1]);
    const [a, b] = sentenceMatches(comparison, activeMatches(comparison, 0.5));
    expect(a.get(0)).toEqual([0]);
    expect(a.has(2)).toBe(false);
    expect(b.get(2)).toEqual([1]);
  });
  it("emphasises by filter", () => {
    expect(emphasised("all", 0, false, false)).toBe(true);
    expect(emphasised("shared", 1, true, false)).toBe(true);
    expect(emphasised("shared", 1, false, false)).toBe(false);
    expect(emphasised("only_a", 0, false, false)).toBe(true);
    expect(emphasised("only_a", 1, false, false)).toBe(false);
    expect(emphasised("only_b", 1, true, false)).toBe(false);
    expect(emphasised("conflicts", 0, true, true)).toBe(true);
    expect(emphasised("conflicts", 0, true, false)).toBe(false);
  });
  it("recomputes the summary for the active matches, leaving chrome out", () => {
    const all = figures(comparison, activeMatches(comparison, 0));
    expect(all.aShared).toBeCloseTo(1); // 3 of A's 3 statements; the share prompt is chrome
    expect(all.kinds.paraphrase).toBe(2);
    expect(all.conflicts).toBe(1);
    const strict = figures(comparison, activeMatches(comparison, 0.6));
    expect(strict.aShared).toBeCloseTo(1 / 3);
    expect(strict.conflicts).toBe(0);
    expect(headline(strict)).toBe("B repeats 33% of A's statements; A repeats 33% of B's; 0 factual conflicts");
  });
});

describe("navigation", () => {
  it("walks matches in A's reading order and wraps", () => {
    const order = readingOrder(comparison, [2, 0, 1]);
    expect(order).toEqual([0, 1, 2]);
    expect(step(order, null, 1)).toBe(0);
    expect(step(order, null, -1)).toBe(2);
    expect(step(order, 2, 1)).toBe(0);
    expect(step(order, 0, -1)).toBe(2);
    expect(readingOrder(comparison, [0, 1, 2], true)).toEqual([1]);
    expect(step([], null, 1)).toBeNull();
  });
  it("finds sentences by text on both sides", () => {
    expect(search(comparison, "BRIDGE")).toEqual([[0, 0], [1, 1]]);
    expect(search(comparison, "  ")).toEqual([]);
  });
});

describe("geometry", () => {
  it("draws a closed ribbon from band to band", () => {
    const path = ribbonPath({ top: 10, bottom: 30 }, { top: 100, bottom: 140 }, 60);
    expect(path.startsWith("M0,10.0 C30.0,10.0 30.0,100.0 60.0,100.0")).toBe(true);
    expect(path).toContain("L60.0,140.0");
    expect(path.endsWith("0,30.0 Z")).toBe(true);
  });
  it("clips bands to the pane and drops what is out of view", () => {
    expect(clipBand({ top: -20, bottom: 10 }, 500)).toEqual({ top: 0, bottom: 10 });
    expect(clipBand({ top: 490, bottom: 520 }, 500)).toEqual({ top: 490, bottom: 500 });
    expect(clipBand({ top: 510, bottom: 520 }, 500)).toBeNull();
    expect(clipBand({ top: -30, bottom: -1 }, 500)).toBeNull();
  });
  it("sends one dropped file to the pane under the pointer, two to both", () => {
    expect(dropSides(1, 100, 1000)).toEqual([0]);
    expect(dropSides(1, 700, 1000)).toEqual([1]);
    expect(dropSides(2, 700, 1000)).toEqual([0, 1]);
    expect(dropSides(0, 700, 1000)).toEqual([]);
  });
});

describe("rendering", () => {
  it("cuts blocks into sentences by code points, keeping astral characters whole", () => {
    const text = "𝔸 one. Two.";
    const d: Document = {
      path: "x",
      format: "text",
      title: null,
      byline: null,
      date: null,
      text,
      blocks: [{ id: 0, kind: "paragraph", start: 0, end: 11, boilerplate: false }],
      sentences: [
        { id: 0, text: "𝔸 one.", start: 0, end: 6, block: 0, boilerplate: false },
        { id: 1, text: "Two.", start: 7, end: 11, block: 0, boilerplate: false },
      ],
    };
    const [block] = renderBlocks(d);
    expect(block.pieces).toEqual([
      { text: "𝔸 one.", sentence: 0 },
      { text: " ", sentence: null },
      { text: "Two.", sentence: 1 },
    ]);
  });
  it("renders every sentence of a document once", () => {
    const blocks = renderBlocks(comparison.documents[0]);
    const ids = blocks.flatMap((b) => b.pieces.filter((p) => p.sentence !== null).map((p) => p.sentence));
    expect(ids).toEqual([0, 1, 2, 3]);
    expect(blocks[3].boilerplate).toBe(true);
  });
});

describe("near misses", () => {
  it("gives each unmatched statement its best lead, on both sides", () => {
    const c: Comparison = {
      ...comparison,
      near_misses: [
        { a: 0, b: 2, score: 0.3 },
        { a: 1, b: 2, score: 0.4 },
      ],
    };
    const [a, b] = nearMissLeads(c);
    expect(a.get(0)).toEqual({ partner: 2, score: 0.3 });
    expect(a.get(1)).toEqual({ partner: 2, score: 0.4 });
    expect(b.get(2)).toEqual({ partner: 1, score: 0.4 });
    expect(b.size).toBe(1);
  });
});

describe("hover cards", () => {
  it("go below the sentence when there is room, above it otherwise, inside the window", () => {
    expect(cardPlace({ left: 100, top: 50, bottom: 70 }, 400, 200, 1000, 800)).toEqual({ left: 100, top: 78 });
    expect(cardPlace({ left: 900, top: 700, bottom: 720 }, 400, 200, 1000, 800)).toEqual({ left: 592, top: 492 });
    expect(cardPlace({ left: 0, top: 100, bottom: 790 }, 400, 900, 1000, 800).top).toBe(8);
  });
});
