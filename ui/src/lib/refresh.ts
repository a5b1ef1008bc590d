// What carries over when an open article is read again after it changed on disk: the
// selected match and the statement at the top of each pane, found again by their text,
// and the time shown in the pane header. Kept free of the DOM so it can be unit-tested.

import type { Comparison } from "../generated/Comparison";
import type { Document } from "../generated/Document";
import type { Side } from "./view";

/** The sentence of `next` with the same text as sentence `id` of `prev`, the nearest in
 * position when the text occurs more than once; null when the statement is gone. */
export function sameStatement(prev: Document, id: number, next: Document): number | null {
  const text = prev.sentences[id]?.text;
  if (text === undefined) return null;
  let best: number | null = null;
  for (const s of next.sentences) {
    if (s.text === text && (best === null || Math.abs(s.id - id) < Math.abs(best - id))) best = s.id;
  }
  return best;
}

/** The match of `next` holding a statement of the match `current` of `prev` (A's first,
 * else B's); null when no statement of it is matched any more. */
export function carrySelection(prev: Comparison, current: number | null, next: Comparison): number | null {
  const m = current === null ? undefined : prev.matches[current];
  if (!m) return null;
  for (const side of [0, 1] as Side[]) {
    const ids = side === 0 ? m.a : m.b;
    for (const id of ids) {
      const found = sameStatement(prev.documents[side], id, next.documents[side]);
      if (found === null) continue;
      const index = next.matches.findIndex((n) => (side === 0 ? n.a : n.b).includes(found));
      if (index >= 0) return index;
    }
  }
  return null;
}

/** A time of day as the pane header shows it: 14:02:11. */
export function clock(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}
