// View logic of the comparison screen, kept free of the DOM so it can be unit-tested:
// which matches count under the strictness slider, which sentences a filter shows,
// match colours, summary figures, keyboard navigation order, ribbon geometry, near-miss
// leads, hover-card placement and where dropped files go.

import type { Comparison } from "../generated/Comparison";
import type { Document } from "../generated/Document";
import type { Match } from "../generated/Match";
import type { MatchKind } from "../generated/MatchKind";
import palette from "../../../assets/palette.json";

export type Side = 0 | 1;
export type Filter = "all" | "shared" | "only_a" | "only_b" | "conflicts";

/** The colour-blind-safe palette the app and the exported PDF share. */
export const PALETTE: readonly string[] = palette;

/** Sentence labels as people count them, from 1, like the terminal summary and the
 * exports (core's `sentence_label`): ids [0, 2] of side A are "A1 A3". */
export function sentenceLabels(side: Side, ids: readonly number[]): string {
  return ids.map((id) => `${side === 0 ? "A" : "B"}${id + 1}`).join(" ");
}

/** A match's colour: one per match, the same on both sides. */
export function matchColour(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** The colour as a translucent background; a surer match is stronger. */
export function tint(hex: string, score: number, dark: boolean): string {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  const s = Math.min(1, Math.max(0, score));
  const alpha = (dark ? 0.22 : 0.16) + 0.3 * s;
  return `rgba(${r}, ${g}, ${b}, ${alpha.toFixed(2)})`;
}

/** How each kind is drawn besides colour, so colour is never the only signal. */
export const KIND_STYLE: Record<MatchKind, { label: string; line: string; hint: string }> = {
  verbatim: { label: "Verbatim", line: "solid", hint: "the same words" },
  edited: { label: "Edited", line: "dashed", hint: "the same sentence, some words changed" },
  paraphrase: { label: "Paraphrase", line: "wavy", hint: "the same claim in other words" },
  partial: { label: "Partial", line: "dotted", hint: "one side says more" },
  boilerplate: { label: "Boilerplate", line: "double", hint: "site chrome on both sides" },
};

/** Indices of the matches at or above the strictness threshold. */
export function activeMatches(c: Comparison, threshold: number): number[] {
  const out: number[] = [];
  c.matches.forEach((m, i) => {
    if (m.score >= threshold) out.push(i);
  });
  return out;
}

/** For each side, sentence id → indices of the active matches that hold it. */
export function sentenceMatches(c: Comparison, active: number[]): [Map<number, number[]>, Map<number, number[]>] {
  const maps: [Map<number, number[]>, Map<number, number[]>] = [new Map(), new Map()];
  for (const i of active) {
    const m = c.matches[i];
    for (const [side, ids] of [[0, m.a], [1, m.b]] as const) {
      for (const id of ids) {
        const list = maps[side].get(id);
        if (list) list.push(i);
        else maps[side].set(id, [i]);
      }
    }
  }
  return maps;
}

/** An unmatched statement's closest statement on the other side (a near miss). */
export interface Lead {
  partner: number;
  score: number;
}

/** For each side, sentence id → its best near-miss lead (the highest-scoring one). */
export function nearMissLeads(c: Comparison): [Map<number, Lead>, Map<number, Lead>] {
  const maps: [Map<number, Lead>, Map<number, Lead>] = [new Map(), new Map()];
  for (const n of c.near_misses) {
    for (const [side, id, partner] of [
      [0, n.a, n.b],
      [1, n.b, n.a],
    ] as const) {
      const held = maps[side].get(id);
      if (!held || n.score > held.score) maps[side].set(id, { partner, score: n.score });
    }
  }
  return maps;
}

/**
 * Where a hover card `width` × `height` goes for a sentence at `anchor`: below it when
 * there is room in a `viewWidth` × `viewHeight` window, above it otherwise, always inside.
 */
export function cardPlace(
  anchor: { left: number; top: number; bottom: number },
  width: number,
  height: number,
  viewWidth: number,
  viewHeight: number,
): { left: number; top: number } {
  const left = Math.max(8, Math.min(anchor.left, viewWidth - width - 8));
  const top = anchor.bottom + 8 + height < viewHeight ? anchor.bottom + 8 : Math.max(8, anchor.top - 8 - height);
  return { left, top };
}

/** Whether a sentence stands out under a filter (others are faded, not hidden). */
export function emphasised(filter: Filter, side: Side, matched: boolean, conflict: boolean): boolean {
  switch (filter) {
    case "all":
      return true;
    case "shared":
      return matched;
    case "only_a":
      return side === 0 && !matched;
    case "only_b":
      return side === 1 && !matched;
    case "conflicts":
      return conflict;
  }
}

export interface Figures {
  /** Share of A's statements (non-boilerplate sentences) that B repeats, 0..1. */
  aShared: number;
  bShared: number;
  conflicts: number;
  kinds: Record<MatchKind, number>;
}

/** Summary figures for the active matches, so the summary follows the slider. */
export function figures(c: Comparison, active: number[]): Figures {
  const kinds: Record<MatchKind, number> = { verbatim: 0, edited: 0, paraphrase: 0, partial: 0, boilerplate: 0 };
  const shared: [Set<number>, Set<number>] = [new Set(), new Set()];
  let conflicts = 0;
  for (const i of active) {
    const m = c.matches[i];
    kinds[m.kind] += 1;
    conflicts += m.conflicts.length;
    m.a.forEach((id) => shared[0].add(id));
    m.b.forEach((id) => shared[1].add(id));
  }
  const share = (doc: Document, ids: Set<number>) => {
    const content = doc.sentences.filter((s) => !s.boilerplate);
    if (content.length === 0) return 0;
    return content.filter((s) => ids.has(s.id)).length / content.length;
  };
  return {
    aShared: share(c.documents[0], shared[0]),
    bShared: share(c.documents[1], shared[1]),
    conflicts,
    kinds,
  };
}

/** The headline sentence of the summary bar. */
export function headline(f: Figures): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const conflicts = f.conflicts === 1 ? "1 factual conflict" : `${f.conflicts} factual conflicts`;
  return `B repeats ${pct(f.aShared)} of A's statements; A repeats ${pct(f.bShared)} of B's; ${conflicts}`;
}

/** Active matches in A's reading order (by first A sentence), the order of `n` and `p`. */
export function readingOrder(c: Comparison, active: number[], onlyConflicts = false): number[] {
  const first = (m: Match) => (m.a.length ? Math.min(...m.a) : Number.MAX_SAFE_INTEGER);
  return active
    .filter((i) => !onlyConflicts || c.matches[i].conflicts.length > 0)
    .sort((x, y) => first(c.matches[x]) - first(c.matches[y]) || x - y);
}

/** The next (or previous) entry of `order` after `current`, wrapping around. */
export function step(order: number[], current: number | null, dir: 1 | -1): number | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at === -1) return dir === 1 ? order[0] : order[order.length - 1];
  return order[(at + dir + order.length) % order.length];
}

export interface Band {
  top: number;
  bottom: number;
}

/**
 * An SVG path for a ribbon across a gutter `width` wide, from a band on the left edge to
 * a band on the right edge (coordinates relative to the gutter's top).
 */
export function ribbonPath(a: Band, b: Band, width: number): string {
  const mid = width / 2;
  const f = (x: number) => x.toFixed(1);
  return (
    `M0,${f(a.top)} C${f(mid)},${f(a.top)} ${f(mid)},${f(b.top)} ${f(width)},${f(b.top)} ` +
    `L${f(width)},${f(b.bottom)} C${f(mid)},${f(b.bottom)} ${f(mid)},${f(a.bottom)} 0,${f(a.bottom)} Z`
  );
}

/** Clips a band to the visible height of a pane; null when it is entirely out of view. */
export function clipBand(band: Band, height: number): Band | null {
  if (band.bottom < 0 || band.top > height) return null;
  return { top: Math.max(0, band.top), bottom: Math.min(height, band.bottom) };
}

/**
 * Which side each dropped file fills. Two files fill both sides in order; one file goes to
 * the pane under the pointer (`x` out of the window's `width`).
 */
export function dropSides(count: number, x: number, width: number): Side[] {
  if (count >= 2) return [0, 1];
  if (count === 1) return [x < width / 2 ? 0 : 1];
  return [];
}

/** A run of a block's text: a sentence (with its id) or the text between sentences. */
export interface Piece {
  text: string;
  sentence: number | null;
}

export interface RenderBlock {
  id: number;
  kind: Document["blocks"][number]["kind"];
  boilerplate: boolean;
  pieces: Piece[];
}

/**
 * Cuts a document into blocks of pieces for rendering. Spans are offsets in Unicode
 * code points, which differ from JavaScript string indices outside the BMP.
 */
export function renderBlocks(doc: Document): RenderBlock[] {
  const chars = Array.from(doc.text);
  const slice = (start: number, end: number) => chars.slice(start, end).join("");
  const byBlock = new Map<number, Document["sentences"]>();
  for (const s of doc.sentences) {
    const list = byBlock.get(s.block);
    if (list) list.push(s);
    else byBlock.set(s.block, [s]);
  }
  return doc.blocks.map((block) => {
    const pieces: Piece[] = [];
    let at = block.start;
    for (const s of byBlock.get(block.id) ?? []) {
      if (s.start > at) pieces.push({ text: slice(at, s.start), sentence: null });
      pieces.push({ text: slice(s.start, s.end), sentence: s.id });
      at = Math.max(at, s.end);
    }
    if (block.end > at) pieces.push({ text: slice(at, block.end), sentence: null });
    return { id: block.id, kind: block.kind, boilerplate: block.boilerplate, pieces };
  });
}

/** The file name of a path or label, for pane headers. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** Sentences whose text contains `query` (case-insensitive), as [side, id] in order. */
export function search(c: Comparison, query: string): [Side, number][] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: [Side, number][] = [];
  c.documents.forEach((doc, side) => {
    for (const s of doc.sentences) {
      if (s.text.toLowerCase().includes(q)) hits.push([side as Side, s.id]);
    }
  });
  return hits;
}
