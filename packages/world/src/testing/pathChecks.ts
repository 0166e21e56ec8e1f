import type { Direction, Point } from '@campus/protocol';
import { expect } from 'vitest';
import { BODY, travelLimit } from '../movement';
import type { WorldMap } from '../WorldMap';

// What the path finder's tests check a walk with (findPath.test.ts, findPath.random.test.ts).

/** Where the body stands centred in tile (c, r) of a 16-px map: the search's own lattice points. */
export const tile = (c: number, r: number): Point => ({ x: c * 16 + 8, y: r * 16 + 11 });
export const show = (p: Point): string => `(${p.x}, ${p.y})`;

/**
 * Walks `path` from `from` with the movement model, failing on a leg that is not along one axis, does not turn from
 * the leg before, or that a wall stops short. The walk's length.
 */
export function walk(map: WorldMap, from: Point, path: readonly Point[]): number {
  let at = from;
  let length = 0;
  let axis: 'x' | 'y' | undefined;
  for (const next of path) {
    const dx = next.x - at.x;
    const dy = next.y - at.y;
    const legAxis = dx !== 0 && dy === 0 ? 'x' : dx === 0 && dy !== 0 ? 'y' : undefined;
    expect(legAxis, `leg ${show(at)} → ${show(next)} is along one axis`).toBeDefined();
    expect(legAxis, `${show(at)} is a turn`).not.toBe(axis);
    const direction: Direction = dx > 0 ? 'right' : dx < 0 ? 'left' : dy > 0 ? 'down' : 'up';
    const leg = Math.abs(dx) + Math.abs(dy);
    expect(travelLimit(map, at, direction), `walking ${direction} from ${show(at)}`).toBeGreaterThanOrEqual(
      leg,
    );
    length += leg;
    axis = legAxis;
    at = next;
  }
  return length;
}

/** Steps between free tiles, by breadth-first search on the tile grid: the oracle for shortest walks. */
export function tileSteps(map: WorldMap, from: [number, number]): Map<number, number> {
  const w = map.widthTiles;
  const steps = new Map([[from[1] * w + from[0], 0]]);
  const queue = [from[1] * w + from[0]];
  for (let k = 0; k < queue.length; k++) {
    const cell = queue[k]!;
    const c = cell % w;
    const r = Math.floor(cell / w);
    for (const [nc, nr] of [
      [c + 1, r],
      [c - 1, r],
      [c, r + 1],
      [c, r - 1],
    ] as const) {
      const next = nr * w + nc;
      if (!map.isBlockedTile(nc, nr) && !steps.has(next)) {
        steps.set(next, steps.get(cell)! + 1);
        queue.push(next);
      }
    }
  }
  return steps;
}

/** The tile holding the middle of the body at `p`. */
export const anchorOf = (p: Point): [number, number] => [
  Math.floor(p.x / 16),
  Math.floor((p.y - BODY.HEIGHT / 2) / 16),
];
