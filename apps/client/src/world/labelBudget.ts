import type { Point } from '@campus/protocol';

/**
 * At most this many other people's names are drawn at once: the nearest. In a crowd a screen full of name tags is
 * unreadable anyway, and each one costs a software-rendered page (no GPU) more than the avatar under it
 * (docs/benchmarks.md, `npm run bench:client`); someone whose name is hidden shows it again as they come nearer.
 */
export const MAX_LABELS = 40;

/** How often (ms) the nearest are chosen again: names need not follow every frame of a crowd's walk. */
export const LABEL_REFRESH_MS = 250;

/** The people (of those drawn) whose names are drawn: all of them up to `max`, else the `max` nearest to `self`. */
export function labelled(self: Point, others: ReadonlyMap<string, Point>, max = MAX_LABELS): Set<string> {
  if (others.size <= max) return new Set(others.keys());
  const byDistance = [...others].map(([id, p]) => ({ id, d: (p.x - self.x) ** 2 + (p.y - self.y) ** 2 }));
  // Ties go by id, so the same crowd gives the same names on every refresh.
  byDistance.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
  return new Set(byDistance.slice(0, max).map((o) => o.id));
}
