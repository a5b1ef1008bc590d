// Unit tests of what carries over when an article is read again after a change on disk.
import { describe, expect, it } from "vitest";
import type { Comparison } from "../generated/Comparison";
import type { Document } from "../generated/Document";
import type { Match } from "../generated/Match";
import { carrySelection, clock, sameStatement } from "./refresh";

/** A document whose sentences are the given strings, one block each. */
function doc(path: string, sentences: string[]): Document {
  const blocks: Document["blocks"] = sentences.map((_, i) => ({ id: i, kind: "paragraph", start: 0, end: 0, boilerplate: false }));
  const out = sentences.map((text, id) => ({ id, text, start: 0, end: 0, block: id, boilerplate: false }));
  return { path, format: "text", title: null, byline: null, date: null, text: sentences.join("\n\n"), blocks, sentences: out };
}

function match(a: number[], b: number[]): Match {
  return { a, b, score: 0.9, kind: "paraphrase", conflicts: [], diff: [] };
}

function comparison(a: Document, b: Document, matches: Match[]): Comparison {
  const summary = { a_shared: 0, b_shared: 0, verbatim: 0, edited: 0, paraphrase: 0, partial: 0, boilerplate: 0, conflicts: 0, shared_names: [] };
  return { documents: [a, b], matches, near_misses: [], summary, semantic: true, warnings: [] };
}

const b = doc("/b.txt", ["The bridge is shut.", "Fourteen hurt.", "Mayor gave a speech."]);
const before = comparison(doc("/a.txt", ["Bridge closed.", "Twelve hurt.", "Mayor spoke."]), b, [
  match([0], [0]),
  match([1], [1]),
  match([2], [2]),
]);

describe("a statement read again", () => {
  it("is found by its text, at its new position, the nearest when repeated", () => {
    const next = doc("/a.txt", ["A new opening.", "Bridge closed.", "Twelve hurt.", "Mayor spoke."]);
    expect(sameStatement(before.documents[0], 2, next)).toBe(3);
    expect(sameStatement(before.documents[0], 1, doc("/a.txt", ["Bridge closed."]))).toBeNull();
    const repeated = doc("/x", ["Same.", "Other.", "Other.", "Same."]);
    expect(sameStatement(repeated, 3, repeated)).toBe(3);
    expect(sameStatement(repeated, 0, repeated)).toBe(0);
  });
});

describe("the selection after a re-comparison", () => {
  it("follows its statement to its new match", () => {
    // A sentence inserted at the top of A shifts A's ids and reorders the matches.
    const a = doc("/a.txt", ["A new opening.", "Bridge closed.", "Twelve hurt.", "Mayor spoke."]);
    const after = comparison(a, b, [match([3], [2]), match([1], [0]), match([2], [1])]);
    expect(carrySelection(before, 1, after)).toBe(2);
    expect(carrySelection(before, 0, after)).toBe(1);
  });
  it("falls back to B's statement when A's was edited, and is dropped when both are gone", () => {
    const edited = doc("/a.txt", ["Bridge closed.", "Eleven hurt.", "Mayor spoke."]);
    const after = comparison(edited, b, [match([0], [0]), match([1], [1]), match([2], [2])]);
    expect(carrySelection(before, 1, after)).toBe(1);
    const unmatched = comparison(edited, b, [match([0], [0]), match([2], [2])]);
    expect(carrySelection(before, 1, unmatched)).toBeNull();
    expect(carrySelection(before, null, after)).toBeNull();
  });
});

describe("the update time", () => {
  it("is the time of day with seconds, two digits each", () => {
    expect(clock(new Date(2026, 0, 2, 4, 5, 6))).toBe("04:05:06");
    expect(clock(new Date(2026, 0, 2, 14, 2, 11))).toBe("14:02:11");
  });
});
