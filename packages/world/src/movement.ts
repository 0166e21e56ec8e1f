import type { Direction, Point } from '@campus/protocol';
import { DIRECTION_VECTORS, rectContains, type Rect } from './geometry';
import type { WorldMap } from './WorldMap';

/** Walking speed S in pixels per second, the same for every avatar on every client and on the server. */
export const WALK_SPEED = 80;

/**
 * How far back (ms) a client may date a change of stroke: the server takes a start or turn at the key's time up to
 * `MAX_STROKE_BACKDATE_MS` before the message arrived, and a stop up to `MAX_STOP_BACKDATE_MS` (a late stop only puts
 * the avatar where it was then, so it gains no ground, while a late start or turn would let it jump ahead). Older
 * claims are clamped. A client dates its own changes no further back than the `CLIENT_` figures, which leave room for
 * the message's trip, so that server and client agree on where it stopped even after the page stalled.
 */
export const MAX_STROKE_BACKDATE_MS = 1000;
export const MAX_STOP_BACKDATE_MS = 5000;
export const CLIENT_STROKE_BACKDATE_MS = 500;
export const CLIENT_STOP_BACKDATE_MS = 4000;

/**
 * The part of an avatar that collides: a box around the feet, `x ± HALF_WIDTH` by `y - HEIGHT … y`,
 * where (x, y) is the avatar's position (the point between its feet).
 */
export const BODY = { HALF_WIDTH: 5, HEIGHT: 6 } as const;

/**
 * One movement stroke: from `position` at time `startedAt` (ms) the avatar walks in `direction` at WALK_SPEED
 * until it reaches a wall, or stands still when `isMoving` is false. Every party computes where it is from this alone.
 */
export interface MovementStroke {
  position: Point;
  direction: Direction;
  isMoving: boolean;
  startedAt: number;
}

function tileSpan(from: number, to: number, tileSize: number): [number, number] {
  // Tiles overlapped by the open interval (from, to).
  return [Math.floor(from / tileSize), Math.ceil(to / tileSize) - 1];
}

/** True when the avatar's body at `p` overlaps no blocked tile and stays inside the map. */
export function bodyFits(map: WorldMap, p: Point): boolean {
  const [c0, c1] = tileSpan(p.x - BODY.HALF_WIDTH, p.x + BODY.HALF_WIDTH, map.tileSize);
  const [r0, r1] = tileSpan(p.y - BODY.HEIGHT, p.y, map.tileSize);
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      if (map.isBlockedTile(c, r)) return false;
    }
  }
  return true;
}

/**
 * How far, in pixels, the body at `from` can walk in `direction` before it touches a blocked tile or the map's edge.
 * Exact, not stepped: the same answer on every machine for the same inputs.
 */
export function travelLimit(map: WorldMap, from: Point, direction: Direction): number {
  const t = map.tileSize;
  const left = from.x - BODY.HALF_WIDTH;
  const right = from.x + BODY.HALF_WIDTH;
  const top = from.y - BODY.HEIGHT;
  const bottom = from.y;
  const [c0, c1] = tileSpan(left, right, t);
  const [r0, r1] = tileSpan(top, bottom, t);
  const columnBlocked = (c: number): boolean => {
    for (let r = r0; r <= r1; r++) if (map.isBlockedTile(c, r)) return true;
    return false;
  };
  const rowBlocked = (r: number): boolean => {
    for (let c = c0; c <= c1; c++) if (map.isBlockedTile(c, r)) return true;
    return false;
  };
  // Out-of-map tiles are blocked, so each scan ends within the map's size.
  switch (direction) {
    case 'right': {
      let c = c1 + 1;
      while (!columnBlocked(c)) c++;
      return Math.max(0, c * t - right);
    }
    case 'left': {
      let c = c0 - 1;
      while (!columnBlocked(c)) c--;
      return Math.max(0, left - (c + 1) * t);
    }
    case 'down': {
      let r = r1 + 1;
      while (!rowBlocked(r)) r++;
      return Math.max(0, r * t - bottom);
    }
    case 'up': {
      let r = r0 - 1;
      while (!rowBlocked(r)) r--;
      return Math.max(0, top - (r + 1) * t);
    }
  }
}

/** Where the stroke's avatar stands at time `now` (ms). Before `startedAt` it stands at the stroke's start. */
export function positionAt(map: WorldMap, stroke: MovementStroke, now: number): Point {
  if (!stroke.isMoving) return { x: stroke.position.x, y: stroke.position.y };
  return positionAlong(stroke, travelLimit(map, stroke.position, stroke.direction), now);
}

/**
 * positionAt for a stroke whose travel limit is already known (the server keeps it per stroke rather than scanning
 * tiles on every look). The same arithmetic, so the same answer to the last bit.
 */
export function positionAlong(stroke: MovementStroke, limit: number, now: number): Point {
  if (!stroke.isMoving) return { x: stroke.position.x, y: stroke.position.y };
  const walked = (Math.max(0, now - stroke.startedAt) * WALK_SPEED) / 1000;
  const d = Math.min(walked, limit);
  const v = DIRECTION_VECTORS[stroke.direction];
  return { x: stroke.position.x + v.x * d, y: stroke.position.y + v.y * d };
}

/** The time (ms) at which a moving stroke reaches the wall ahead and stands still (the map's edge counts as a wall). */
export function strokeArrivalTime(map: WorldMap, stroke: MovementStroke): number {
  if (!stroke.isMoving) return stroke.startedAt;
  return stroke.startedAt + (travelLimit(map, stroke.position, stroke.direction) * 1000) / WALK_SPEED;
}

/**
 * When a stroke's avatar is last inside `rect` before leaving it for good (ms), or Infinity if it ends inside (it
 * stands still, or stops at a wall within). A stroke that walks in from outside counts from where it crosses back out;
 * one that never passes through the rect has left at its start.
 */
export function strokeExitTime(map: WorldMap, stroke: MovementStroke, rect: Rect): number {
  const { x, y } = stroke.position;
  const horizontal = stroke.direction === 'left' || stroke.direction === 'right';
  const across = horizontal
    ? y >= rect.y && y < rect.y + rect.height
    : x >= rect.x && x < rect.x + rect.width;
  if (!across) return stroke.startedAt;
  if (!stroke.isMoving) return rectContains(rect, stroke.position) ? Infinity : stroke.startedAt;
  // Distance along the walk until the avatar is past the rect's far edge (the near edge is left when moving away).
  const toFarEdge: Record<MovementStroke['direction'], number> = {
    right: rect.x + rect.width - x,
    left: x - rect.x + Number.EPSILON * Math.max(1, Math.abs(x)),
    down: rect.y + rect.height - y,
    up: y - rect.y + Number.EPSILON * Math.max(1, Math.abs(y)),
  };
  const d = toFarEdge[stroke.direction];
  if (d <= 0) return stroke.startedAt;
  if (d > travelLimit(map, stroke.position, stroke.direction)) {
    // It stops before the far edge: inside if it got past the near edge, else it never came in.
    return rectContains(rect, positionAt(map, stroke, Infinity)) ? Infinity : stroke.startedAt;
  }
  return stroke.startedAt + (d * 1000) / WALK_SPEED;
}
