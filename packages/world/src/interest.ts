import type { Point } from '@campus/protocol';
import { WALK_SPEED, positionAlong, type MovementStroke } from './movement';

/**
 * Who hears of whom. The world is cut into square cells of CELL px; two avatars are in each other's area of interest
 * when their cells are at most REACH_X columns and REACH_Y rows apart. The relation is symmetric, is kept with a grid
 * of cells, and changes only when an avatar crosses a cell edge: a moment its stroke tells in advance.
 */
export const INTEREST = { CELL: 128, REACH_X: 5, REACH_Y: 3, MARGIN: 64 } as const;

/**
 * The most of the world (px) a client may show at once. Points less than REACH × CELL apart on both axes are always in
 * each other's area of interest; whatever is on screen lies within one view's width and height of one's own avatar (the
 * camera stops at the map's edges, so it is not always centred); so a view this size, with MARGIN to spare for sprites
 * and network delay, never shows a place whose people the server does not send.
 */
export const MAX_VIEW = {
  width: INTEREST.REACH_X * INTEREST.CELL - INTEREST.MARGIN,
  height: INTEREST.REACH_Y * INTEREST.CELL - INTEREST.MARGIN,
} as const;

/** A cell of the interest grid, by column and row. */
export interface Cell {
  column: number;
  row: number;
}

export function cellOf(p: Point): Cell {
  return { column: Math.floor(p.x / INTEREST.CELL), row: Math.floor(p.y / INTEREST.CELL) };
}

/** True when avatars standing in these cells are in each other's area of interest. */
export function cellsInReach(a: Cell, b: Cell): boolean {
  return Math.abs(a.column - b.column) <= INTEREST.REACH_X && Math.abs(a.row - b.row) <= INTEREST.REACH_Y;
}

/** True when avatars standing at these points are in each other's area of interest. */
export function inInterest(a: Point, b: Point): boolean {
  return cellsInReach(cellOf(a), cellOf(b));
}

/**
 * The first whole millisecond after `now` at which the stroke's avatar stands in another cell than it does at `now`,
 * or Infinity if it never will (it stands still, or a wall stops it first). `limit` is the stroke's travelLimit.
 * Whole milliseconds because server clocks tick in them: the grid is exact at every tick.
 */
export function nextCellChange(stroke: MovementStroke, limit: number, now: number): number {
  if (!stroke.isMoving) return Infinity;
  const here = cellOf(positionAlong(stroke, limit, now));
  const changed = (t: number): boolean => {
    const c = cellOf(positionAlong(stroke, limit, t));
    return c.column !== here.column || c.row !== here.row;
  };
  // A stroke walks one way along one axis, so its cell changes monotonically: if it ends where it is, it never changes.
  if (!changed(Infinity)) return Infinity;
  const C = INTEREST.CELL;
  const { x, y } = stroke.position;
  const toEdge = {
    right: (here.column + 1) * C - x,
    left: x - here.column * C,
    down: (here.row + 1) * C - y,
    up: y - here.row * C,
  }[stroke.direction];
  const first = Math.floor(now) + 1;
  const estimate = Math.max(first, Math.ceil(stroke.startedAt + (toEdge * 1000) / WALK_SPEED));
  if (changed(estimate) && (estimate === first || !changed(estimate - 1))) return estimate;
  // Rounding put the estimate a tick off: search the ticks up to the stroke's end, where the cell has changed.
  let lo = first - 1;
  let hi = Math.max(first, Math.ceil(stroke.startedAt + (limit * 1000) / WALK_SPEED) + 1);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid > now && changed(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
