import type { Point } from '@campus/protocol';
import {
  INTEREST,
  cellOf,
  nextCellChange,
  positionAlong,
  travelLimit,
  type MovementStroke,
  type Rect,
  type WorldMap,
} from '@campus/world';
import type { Cancel, Clock } from './ports';

/** Hears of pairs of users coming into or going out of each other's area of interest (the relation is symmetric). */
export interface InterestChanges {
  met(a: string, b: string): void;
  parted(a: string, b: string): void;
}

interface Tracked {
  stroke: MovementStroke;
  /** The stroke's travelLimit, computed once per stroke rather than on every look. */
  limit: number;
  column: number;
  row: number;
  /** The timer for the next cell edge the stroke crosses. */
  cancel: Cancel | undefined;
}

/**
 * The area of interest (see `INTEREST` in @campus/world), kept with a grid of cells: who stands in which cell, and,
 * for each walking avatar, a timer for the moment its stroke carries it over a cell edge. Movement is edge-triggered,
 * so nobody sends a message when they walk into someone's area; the timer is what notices, and tells `changes` of
 * every pair that met or parted, both ways. Exact at every tick of the clock, and free of the network.
 */
export class InterestGrid {
  private readonly cells = new Map<number, Set<string>>();
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly map: WorldMap,
    private readonly clock: Clock,
    private readonly changes: InterestChanges,
  ) {}

  /** Starts following a user without telling `changes`; returns who is in their area (the caller announces them). */
  add(userId: string, stroke: MovementStroke): string[] {
    this.remove(userId);
    const entry: Tracked = { stroke, limit: limitOf(this.map, stroke), column: 0, row: 0, cancel: undefined };
    const cell = cellOf(positionAlong(stroke, entry.limit, this.clock.now()));
    entry.column = cell.column;
    entry.row = cell.row;
    this.tracked.set(userId, entry);
    this.cellAt(cell.column, cell.row, true)?.add(userId);
    this.schedule(userId, entry);
    return this.audience(userId);
  }

  /**
   * A user's new stroke: whoever it brings them into (or out of) the area of is told to `changes` now. Returns who
   * was met, who already had the stroke in the snapshot `changes` gave them.
   */
  update(userId: string, stroke: MovementStroke): Set<string> {
    const entry = this.tracked.get(userId);
    if (!entry) {
      const met = new Set(this.add(userId, stroke));
      for (const id of met) this.changes.met(userId, id);
      return met;
    }
    entry.cancel?.();
    entry.cancel = undefined;
    entry.stroke = stroke;
    entry.limit = limitOf(this.map, stroke);
    const met = this.relocate(userId, entry);
    this.schedule(userId, entry);
    return met;
  }

  /** Stops following a user without telling `changes`; returns who had them in their area. */
  remove(userId: string): string[] {
    const entry = this.tracked.get(userId);
    if (!entry) return [];
    const audience = this.audience(userId);
    entry.cancel?.();
    this.tracked.delete(userId);
    const cell = this.cellAt(entry.column, entry.row);
    cell?.delete(userId);
    if (cell?.size === 0) this.cells.delete(key(entry.column, entry.row));
    return audience;
  }

  /** Everyone else whose area of interest holds this user (and so, symmetrically, whom this user's area holds). */
  audience(userId: string): string[] {
    const entry = this.tracked.get(userId);
    if (!entry) return [];
    const out: string[] = [];
    for (let c = entry.column - INTEREST.REACH_X; c <= entry.column + INTEREST.REACH_X; c++) {
      for (let r = entry.row - INTEREST.REACH_Y; r <= entry.row + INTEREST.REACH_Y; r++) {
        const cell = this.cellAt(c, r);
        if (cell) for (const id of cell) if (id !== userId) out.push(id);
      }
    }
    return out;
  }

  /** Where the user's avatar is now, by its stroke. */
  where(userId: string): Point | undefined {
    const entry = this.tracked.get(userId);
    return entry ? positionAlong(entry.stroke, entry.limit, this.clock.now()) : undefined;
  }

  /**
   * Users who may stand in `rect` now, with where they are: a superset (one cell of slack, for a timer that fires a
   * little late), so callers filter by position.
   */
  *around(rect: Rect): Generator<{ userId: string; at: Point }> {
    const now = this.clock.now();
    const from = cellOf({ x: rect.x, y: rect.y });
    const to = cellOf({ x: rect.x + rect.width, y: rect.y + rect.height });
    for (let c = from.column - 1; c <= to.column + 1; c++) {
      for (let r = from.row - 1; r <= to.row + 1; r++) {
        const cell = this.cellAt(c, r);
        if (!cell) continue;
        for (const userId of cell) {
          const entry = this.tracked.get(userId);
          if (entry) yield { userId, at: positionAlong(entry.stroke, entry.limit, now) };
        }
      }
    }
  }

  /** Moves the entry to the cell its stroke puts it in now, telling `changes` of who it met and parted. */
  private relocate(userId: string, entry: Tracked): Set<string> {
    const met = new Set<string>();
    const cell = cellOf(positionAlong(entry.stroke, entry.limit, this.clock.now()));
    const { column: c0, row: r0 } = entry;
    if (cell.column === c0 && cell.row === r0) return met;
    const parted: string[] = [];
    const { REACH_X: rx, REACH_Y: ry } = INTEREST;
    const within = (c: number, r: number, oc: number, or: number): boolean =>
      Math.abs(c - oc) <= rx && Math.abs(r - or) <= ry;
    // Only cells in reach of the old or the new cell can change; look at the box around both.
    for (let c = Math.min(c0, cell.column) - rx; c <= Math.max(c0, cell.column) + rx; c++) {
      for (let r = Math.min(r0, cell.row) - ry; r <= Math.max(r0, cell.row) + ry; r++) {
        const before = within(c, r, c0, r0);
        const after = within(c, r, cell.column, cell.row);
        if (before === after) continue;
        const others = this.cellAt(c, r);
        if (!others) continue;
        for (const id of others) {
          if (id === userId) continue;
          if (after) met.add(id);
          else parted.push(id);
        }
      }
    }
    const old = this.cellAt(c0, r0);
    old?.delete(userId);
    if (old?.size === 0) this.cells.delete(key(c0, r0));
    entry.column = cell.column;
    entry.row = cell.row;
    this.cellAt(cell.column, cell.row, true)?.add(userId);
    for (const id of parted) this.changes.parted(userId, id);
    for (const id of met) this.changes.met(userId, id);
    return met;
  }

  private schedule(userId: string, entry: Tracked): void {
    const now = this.clock.now();
    const at = nextCellChange(entry.stroke, entry.limit, now);
    if (at === Infinity) return;
    entry.cancel = this.clock.setTimeout(() => {
      if (this.tracked.get(userId) !== entry) return;
      entry.cancel = undefined;
      this.relocate(userId, entry);
      this.schedule(userId, entry);
    }, at - now);
  }

  private cellAt(column: number, row: number, create = false): Set<string> | undefined {
    const k = key(column, row);
    let cell = this.cells.get(k);
    if (!cell && create) {
      cell = new Set();
      this.cells.set(k, cell);
    }
    return cell;
  }
}

/** Cells are keyed by one number; coordinates are bounded (Limits.COORD_ABS_MAX / CELL is far below 2^15). */
function key(column: number, row: number): number {
  return (column + 32_768) * 65_536 + (row + 32_768);
}

function limitOf(map: WorldMap, stroke: MovementStroke): number {
  return stroke.isMoving ? travelLimit(map, stroke.position, stroke.direction) : 0;
}
