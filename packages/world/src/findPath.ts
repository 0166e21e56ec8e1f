import type { Direction, Point } from '@campus/protocol';
import { DIRECTION_VECTORS, rectContains, type Rect } from './geometry';
import { MinHeap } from './MinHeap';
import { BODY, bodyFits, travelLimit } from './movement';
import type { WorldMap } from './WorldMap';

export interface FindPathOptions {
  /**
   * Most search states to expand, over all the searches one call makes, before giving up (undefined), so a huge map
   * or a far target cannot stall a frame. A lattice point counts once per direction it is reached in.
   */
  maxNodes?: number;
  /** How far (px) from a target the body cannot stand on (a wall, a desk) to look for the nearest point it can. */
  snapRadius?: number;
  /**
   * Areas not to walk into, such as a full or locked room: like LocalWalker's barriers they are not in the movement
   * model, so only the path finder keeps out of them. One that contains `from` is ignored, to let people walk out.
   */
  barriers?: readonly Rect[];
}

/**
 * The options findPath uses when none are given. Searching the whole campus (for a target no one can reach) expands
 * about 6,500 states, about 1 µs each; the bound is a little above that, so no search on any map takes much longer.
 */
export const FIND_PATH_DEFAULTS = { maxNodes: 10_000, snapRadius: 32 } as const;

// A walk that ends flush against the wall ahead can come out an ulp longer than travelLimit allows, so targets snapped
// against a wall stand this far off it, and corners must have half that to spare ahead.
const NUDGE = 1 / 64;
const MARGIN = NUDGE / 2;
// What counts as that ulp, on any map coordinate a protocol Point allows.
const ROUNDING = 1e-6;
// Among equally short walks, the one with fewest turns: fewer move messages and a walk that looks intended.
const TURN_COST = 1e-3;
// If the nearest standing point to the target is cut off, the next ones the start can reach are tried, at most this many.
const MAX_SEARCHES = 3;

// Directions by index, as Lattice.step takes them: 0 right, 1 left, 2 down, 3 up.
const OPPOSITE = [1, 0, 3, 2] as const;
// The arrival "direction" of the start state, which has none: a first stroke in any direction is not a turn.
const STANDING = 4;

/**
 * The corners of a shortest walk from `from` to `to` in 4-direction strokes that the movement model walks exactly:
 * each point differs from the one before (`from` for the first) in one coordinate, and no wall stops the body short
 * of it. Ends at `to`, or at the nearest point within `snapRadius` where the body can stand when it cannot stand at
 * `to`. `[]` when already there; undefined when `from` is not clear of walls, no such point is reachable, or the
 * search would expand more than `maxNodes` states.
 *
 * Assumes the body fits within one tile (10 × 6 px on 16-px tiles): the search runs on tile centres.
 */
export function findPath(
  map: WorldMap,
  from: Point,
  to: Point,
  options: FindPathOptions = {},
): Point[] | undefined {
  if (from.x === to.x && from.y === to.y) return [];
  if (!bodyFits(map, from)) return undefined;
  const barriers = (options.barriers ?? []).filter((b) => !rectContains(b, from));
  const standing = (p: Point): boolean => bodyFits(map, p) && !barriers.some((b) => rectContains(b, p));
  const budget = { left: options.maxNodes ?? FIND_PATH_DEFAULTS.maxNodes };
  let reached: Set<number> | undefined;
  let searches = 0;
  for (const goal of standingPointsNear(
    map,
    to,
    options.snapRadius ?? FIND_PATH_DEFAULTS.snapRadius,
    barriers,
    standing,
  )) {
    if (goal.x === from.x && goal.y === from.y) return [];
    // After one search has flooded everything reachable, skip points it shows are cut off too.
    if (reached && !reached.has(anchorTile(map, goal))) continue;
    if (searches++ === MAX_SEARCHES) break;
    const result = search(new Lattice(map, from, goal, barriers, standing), budget);
    if (result.kind === 'found') return arriving(map, from, result.path);
    if (result.kind === 'gave-up') return undefined;
    reached ??= result.reached;
  }
  return undefined;
}

/**
 * Points within `radius` of `p` where the body can stand, nearest first; just `p` when it can stand there. The
 * nearest standing point to `p` either shares a coordinate with it or is flush with a tile or barrier edge on that
 * axis, so those lines are the only candidates.
 */
function standingPointsNear(
  map: WorldMap,
  p: Point,
  radius: number,
  barriers: readonly Rect[],
  standing: (p: Point) => boolean,
): Point[] {
  if (standing(p)) return [p];
  const t = map.tileSize;
  const xs = [p.x];
  for (let c = Math.floor((p.x - radius) / t); c <= Math.ceil((p.x + radius) / t); c++) {
    xs.push(c * t + BODY.HALF_WIDTH + NUDGE, c * t - BODY.HALF_WIDTH - NUDGE);
  }
  const ys = [p.y];
  for (let r = Math.floor((p.y - radius) / t); r <= Math.ceil((p.y + radius) / t); r++) {
    ys.push(r * t + BODY.HEIGHT + NUDGE, r * t - NUDGE);
  }
  // A barrier's own edges too (rectContains leaves out its right and bottom ones).
  for (const b of barriers) {
    xs.push(b.x - NUDGE, b.x + b.width);
    ys.push(b.y - NUDGE, b.y + b.height);
  }
  const found: Array<{ point: Point; distance: number }> = [];
  for (const x of xs) {
    for (const y of ys) {
      const distance = Math.hypot(x - p.x, y - p.y);
      if (distance <= radius && standing({ x, y })) found.push({ point: { x, y }, distance });
    }
  }
  found.sort((a, b) => a.distance - b.distance || a.point.y - b.point.y || a.point.x - b.point.x);
  return found.map((f) => f.point);
}

/** The tile holding the middle of the body at `p`; a body that stands anywhere can walk to that tile's centre. */
function anchorTile(map: WorldMap, p: Point): number {
  const t = map.tileSize;
  return Math.floor((p.y - BODY.HEIGHT / 2) / t) * map.widthTiles + Math.floor(p.x / t);
}

/**
 * The points a search may turn at: every tile centre (for the body), plus lines through the start and the goal so
 * both are exact lattice points. Neighbours are at most a tile apart, so a step is clear of walls when the body stands
 * at both ends (a wall tile the body sweeps past would have to fit in the gap between the two bodies, which is
 * narrower than a tile).
 */
class Lattice {
  readonly start: number;
  readonly goal: number;
  private readonly xs: number[];
  private readonly ys: number[];
  private readonly standingAt = new Map<number, boolean>();

  constructor(
    readonly map: WorldMap,
    from: Point,
    readonly goalPoint: Point,
    private readonly barriers: readonly Rect[],
    private readonly standing: (p: Point) => boolean,
  ) {
    const t = map.tileSize;
    this.xs = linesThrough(map.widthTiles, t, t / 2, [from.x, goalPoint.x]);
    this.ys = linesThrough(map.heightTiles, t, (t + BODY.HEIGHT) / 2, [from.y, goalPoint.y]);
    this.start = this.id(this.xs.indexOf(from.x), this.ys.indexOf(from.y));
    this.goal = this.id(this.xs.indexOf(goalPoint.x), this.ys.indexOf(goalPoint.y));
  }

  point(id: number): Point {
    const n = this.ys.length;
    return { x: this.xs[Math.floor(id / n)]!, y: this.ys[id % n]! };
  }

  /** The neighbour one step in `direction` if the body walks there exactly, else -1. */
  step(id: number, direction: number): number {
    const n = this.ys.length;
    const ia = Math.floor(id / n);
    const ja = id % n;
    let i = ia;
    let j = ja;
    if (direction === 0) i++;
    else if (direction === 1) i--;
    else if (direction === 2) j++;
    else j--;
    if (i < 0 || j < 0 || i >= this.xs.length || j >= n) return -1;
    const next = this.id(i, j);
    if (!this.isStanding(next)) return -1;
    const a = this.point(id);
    const b = this.point(next);
    // A corner flush against the wall ahead may be an ulp further than the walk there gets (the goal is fixed up after).
    if (
      next !== this.goal &&
      !bodyFits(this.map, { x: b.x + MARGIN * (i - ia), y: b.y + MARGIN * (j - ja) })
    ) {
      return -1;
    }
    if (this.barriers.some((r) => segmentEnters(r, a, b))) return -1;
    return next;
  }

  private isStanding(id: number): boolean {
    let known = this.standingAt.get(id);
    if (known === undefined) {
      known = this.standing(this.point(id));
      this.standingAt.set(id, known);
    }
    return known;
  }

  private id(i: number, j: number): number {
    return i * this.ys.length + j;
  }
}

/** `count` evenly spaced lines from `first`, with `extra` merged in, sorted and without repeats. */
function linesThrough(count: number, spacing: number, first: number, extra: readonly number[]): number[] {
  const lines = Array.from({ length: count }, (_, k) => first + k * spacing);
  for (const e of extra) if (!lines.includes(e)) lines.push(e);
  return lines.sort((a, b) => a - b);
}

/** True when the axis-aligned segment a–b touches `r` (same edges as rectContains). */
function segmentEnters(r: Rect, a: Point, b: Point): boolean {
  return (
    Math.max(a.x, b.x) >= r.x &&
    Math.min(a.x, b.x) < r.x + r.width &&
    Math.max(a.y, b.y) >= r.y &&
    Math.min(a.y, b.y) < r.y + r.height
  );
}

function manhattan(a: Point, b: Point): number {
  return Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
}

type SearchResult =
  | { kind: 'found'; path: Point[] }
  /** Everything reachable was searched; `reached` holds the anchor tile of each point reached. */
  | { kind: 'unreachable'; reached: Set<number> }
  | { kind: 'gave-up' };

/** A* over (lattice point, arrival direction), costed by length plus a hair per turn. */
function search(lattice: Lattice, budget: { left: number }): SearchResult {
  const goal = lattice.goalPoint;
  const cost = new Map<number, number>();
  const cameFrom = new Map<number, number>();
  const closed = new Set<number>();
  const reached = new Set<number>();
  const open = new MinHeap();
  const first = lattice.start * 5 + STANDING;
  cost.set(first, 0);
  open.push(first, rank(manhattan(lattice.point(lattice.start), goal)), 0);
  for (let state = open.pop(); state !== undefined; state = open.pop()) {
    if (closed.has(state)) continue;
    closed.add(state);
    if (budget.left-- <= 0) return { kind: 'gave-up' };
    const node = Math.floor(state / 5);
    const arrival = state % 5;
    if (node === lattice.goal) return { kind: 'found', path: corners(lattice, cameFrom, state) };
    const here = lattice.point(node);
    reached.add(anchorTile(lattice.map, here));
    const g = cost.get(state)!;
    for (let d = 0; d < 4; d++) {
      if (arrival !== STANDING && d === OPPOSITE[arrival]) continue;
      const next = lattice.step(node, d);
      if (next < 0) continue;
      const nextState = next * 5 + d;
      if (closed.has(nextState)) continue;
      const there = lattice.point(next);
      const nextCost = g + manhattan(here, there) + (arrival !== STANDING && arrival !== d ? TURN_COST : 0);
      if (nextCost < (cost.get(nextState) ?? Infinity)) {
        cost.set(nextState, nextCost);
        cameFrom.set(nextState, state);
        open.push(nextState, rank(nextCost + manhattan(there, goal)), -nextCost);
      }
    }
  }
  return { kind: 'unreachable', reached };
}

/**
 * The path, with its end pulled back off the wall by NUDGE when `to` is flush against the wall the last leg walks
 * into and rounding leaves the walk an ulp short of it (every other corner has room to spare ahead).
 */
function arriving(map: WorldMap, from: Point, path: Point[]): Point[] {
  const end = path[path.length - 1];
  const before = path[path.length - 2] ?? from;
  if (!end) return path;
  const dx = end.x - before.x;
  const dy = end.y - before.y;
  const direction: Direction = dx > 0 ? 'right' : dx < 0 ? 'left' : dy > 0 ? 'down' : 'up';
  const limit = travelLimit(map, before, direction);
  const length = Math.abs(dx) + Math.abs(dy);
  if (limit >= length || length - limit > ROUNDING) return path;
  if (limit <= NUDGE) return path.slice(0, -1);
  const v = DIRECTION_VECTORS[direction];
  path[path.length - 1] = { x: before.x + v.x * (limit - NUDGE), y: before.y + v.y * (limit - NUDGE) };
  return path;
}

/**
 * A search order for an estimate: walks of equal length differ in the last bits when summed in a different order,
 * and counting them equal lets the deepest go first (tie-break), so an open floor is not searched in a broad front.
 * The grain is far below TURN_COST, so turns still count.
 */
function rank(estimate: number): number {
  return Math.round(estimate * 1e6);
}

/** The turning points and the end of the walk that reached `state`, without the start. */
function corners(lattice: Lattice, cameFrom: Map<number, number>, state: number): Point[] {
  const states = [state];
  for (let s = cameFrom.get(state); s !== undefined; s = cameFrom.get(s)) states.push(s);
  states.reverse();
  const path: Point[] = [];
  for (let k = 1; k < states.length; k++) {
    const s = states[k]!;
    const following = states[k + 1];
    // A point is a corner when the walk leaves it in another direction than it came; the last one is the end.
    if (following === undefined || following % 5 !== s % 5) path.push(lattice.point(Math.floor(s / 5)));
  }
  return path;
}
