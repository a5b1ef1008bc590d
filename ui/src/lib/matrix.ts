// View logic of the matrix screen (several articles), kept free of the DOM so it can be
// unit-tested: claim order, the exclusives filter, cell contents and labels.

import type { Claim } from "../generated/Claim";
import type { MultiComparison } from "../generated/MultiComparison";

export type ClaimOrder = "coverage" | "appearance" | "conflicts";

/** An article's letter, as the CLI and the exports name it: A, B, C, … */
export function articleLetter(article: number): string {
  return article < 26 ? String.fromCharCode(65 + article) : `#${article + 1}`;
}

/** A member's sentence labels, counted from 1: article 2's ids [3, 4] are "C4 C5". */
export function memberLabel(article: number, sentences: readonly number[]): string {
  return sentences.map((id) => `${articleLetter(article)}${id + 1}`).join(" ");
}

/** The text of an article's sentences, joined by a space. */
export function memberText(m: MultiComparison, article: number, sentences: readonly number[]): string {
  const doc = m.documents[article];
  return sentences.map((id) => doc.sentences[id].text).join(" ");
}

/** A claim's representative statement. */
export function representativeText(m: MultiComparison, claim: Claim): string {
  const r = claim.members[claim.representative];
  return memberText(m, r.article, r.sentences);
}

/** Where a claim first appears: its first article, then its place in that article. */
function appearance(claim: Claim): [number, number] {
  const first = claim.members[0];
  return [first.article, first.sentences[0]];
}

/**
 * Indices of the claims to show, in the chosen order: most articles first, first
 * appearance (article order, then reading order), or most conflicts first. Ties fall
 * back to coverage, then appearance. `exclusiveOf` keeps only that article's
 * exclusives.
 */
export function claimRows(m: MultiComparison, order: ClaimOrder, exclusiveOf: number | null = null): number[] {
  const rows =
    exclusiveOf === null ? m.claims.map((_, i) => i) : [...(m.articles[exclusiveOf]?.exclusives ?? [])];
  const byAppearance = (a: Claim, b: Claim) => {
    const [x, y] = [appearance(a), appearance(b)];
    return x[0] - y[0] || x[1] - y[1];
  };
  const byCoverage = (a: Claim, b: Claim) => b.members.length - a.members.length || byAppearance(a, b);
  const compare = {
    coverage: byCoverage,
    appearance: byAppearance,
    conflicts: (a: Claim, b: Claim) => b.conflicts.length - a.conflicts.length || byCoverage(a, b),
  }[order];
  return rows.sort((i, j) => compare(m.claims[i], m.claims[j]));
}

/** What a claim's cell shows for one article: absent, carried, or carried in conflict. */
export type Cell = { state: "absent" } | { state: "carried" | "conflict"; label: string };

export function cell(claim: Claim, article: number): Cell {
  const member = claim.members.find((x) => x.article === article);
  if (!member) return { state: "absent" };
  const conflict = claim.conflicts.some((c) => c.a.article === article || c.b.article === article);
  return { state: conflict ? "conflict" : "carried", label: memberLabel(article, member.sentences) };
}
