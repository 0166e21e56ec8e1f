import type { Direction, Point } from '@campus/protocol';
import { WALK_SPEED, type MovementStroke } from './movement';

/**
 * The strokes that walk `path` from time `startAt` (ms): a start, one per turn, then a stop at the last point, each
 * timed at WALK_SPEED to begin where the one before arrives. `path` starts where the avatar stands, followed by the
 * corners, e.g. `strokesAlong([here, ...findPath(map, here, there)], now)`. Send each as a move when its `startedAt`
 * comes, not before: the server does not accept strokes dated in its future. Empty when there is nowhere to walk.
 */
export function strokesAlong(path: readonly Point[], startAt: number): MovementStroke[] {
  const [first, ...rest] = path;
  if (!first) return [];
  const strokes: MovementStroke[] = [];
  let at = startAt;
  let direction: Direction | undefined;
  let legStart = first;
  let corner = first;
  for (const next of rest) {
    const heading = directionOf(corner, next);
    if (heading === undefined) continue;
    if (heading !== direction) {
      // Straight runs given as several points are still one stroke: movement is edge-triggered.
      if (direction !== undefined) at += (distanceAlong(legStart, corner) * 1000) / WALK_SPEED;
      strokes.push({ position: { ...corner }, direction: heading, isMoving: true, startedAt: at });
      direction = heading;
      legStart = corner;
    }
    corner = next;
  }
  if (direction === undefined) return [];
  at += (distanceAlong(legStart, corner) * 1000) / WALK_SPEED;
  strokes.push({ position: { ...corner }, direction, isMoving: false, startedAt: at });
  return strokes;
}

function directionOf(from: Point, to: Point): Direction | undefined {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx !== 0 && dy !== 0) {
    throw new Error(`path leg (${from.x}, ${from.y}) → (${to.x}, ${to.y}) is not along one axis`);
  }
  if (dx > 0) return 'right';
  if (dx < 0) return 'left';
  if (dy > 0) return 'down';
  if (dy < 0) return 'up';
  return undefined;
}

function distanceAlong(a: Point, b: Point): number {
  return Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
}
