// Unit tests of the matrix view logic on a small hand-made multi comparison.
import { describe, expect, it } from "vitest";
import type { Claim } from "../generated/Claim";
import type { Document } from "../generated/Document";
import type { MultiComparison } from "../generated/MultiComparison";
import { articleLetter, cell, claimRows, memberLabel, representativeText } from "./matrix";

function doc(path: string, sentences: string[]): Document {
  return {
    path,
    format: "text",
    title: null,
    byline: null,
    date: null,
    text: sentences.join("\n\n"),
    blocks: [],
    sentences: sentences.map((text, id) => ({ id, text, start: 0, end: text.length, block: id, boilerplate: false })),
  };
}

function claim(members: [number, number][], conflicts = 0, representative = 0): Claim {
  const fact = (article: number) => ({ article, fact: { sentence: 0, start: 0, end: 1, text: "1" } });
  return {
    members: members.map(([article, s], k) => ({
      article,
      sentences: [s],
      kind: k === representative ? null : "paraphrase",
      score: k === representative ? null : 0.8,
      diff: [],
    })),
    representative,
    conflicts: Array.from({ length: conflicts }, () => ({ kind: "number" as const, a: fact(members[0][0]), b: fact(members[1][0]) })),
  };
}

const multi: MultiComparison = {
  documents: [doc("a.txt", ["a0", "a1", "a2"]), doc("b.txt", ["b0", "b1"]), doc("c.txt", ["c0", "c1"])],
  claims: [
    claim([[0, 1], [1, 0], [2, 1]]), // 0: all three
    claim([[1, 1], [2, 0]], 1, 1), // 1: B and C, conflicting, C's the representative
    claim([[0, 0], [1, 0]]), // 2
    claim([[0, 2]]), // 3: only A
    claim([[2, 1]]), // 4: only C
  ],
  articles: [
    { shared: 2 / 3, shared_claims: 2, exclusives: [3], conflicts: 0 },
    { shared: 1, shared_claims: 3, exclusives: [], conflicts: 1 },
    { shared: 1, shared_claims: 2, exclusives: [4], conflicts: 1 },
  ],
  shared: [
    [1, 2 / 3, 1 / 3],
    [1, 1, 1],
    [0.5, 1, 1],
  ],
  semantic: true,
  warnings: [],
};

describe("the matrix view", () => {
  it("orders claims by coverage, first appearance or conflicts", () => {
    expect(claimRows(multi, "coverage")).toEqual([0, 2, 1, 3, 4]);
    expect(claimRows(multi, "appearance")).toEqual([2, 0, 3, 1, 4]);
    expect(claimRows(multi, "conflicts")).toEqual([1, 0, 2, 3, 4]);
  });

  it("filters to one article's exclusives", () => {
    expect(claimRows(multi, "coverage", 0)).toEqual([3]);
    expect(claimRows(multi, "coverage", 1)).toEqual([]);
  });

  it("fills the cells of the articles that carry a claim and marks conflicts", () => {
    expect(cell(multi.claims[0], 1)).toEqual({ state: "carried", label: "B1" });
    expect(cell(multi.claims[1], 0)).toEqual({ state: "absent" });
    expect(cell(multi.claims[1], 2)).toEqual({ state: "conflict", label: "C1" });
  });

  it("labels and quotes like the CLI", () => {
    expect(articleLetter(2)).toBe("C");
    expect(memberLabel(2, [3, 4])).toBe("C4 C5");
    expect(representativeText(multi, multi.claims[1])).toBe("c0");
  });
});
