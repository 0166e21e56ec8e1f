import { MessageError, type Direction, type Point } from '@campus/protocol';
import { bodyFits, travelLimit, type WorldMap } from '@campus/world';
import { RoomError } from './RoomError';

/** Float slack on a walk's length: travelLimit is exact, but a claimed point is the client's arithmetic. */
const SLACK_PX = 1e-6;

/** True when an avatar may stand at `p`: inside the map, its body clear of walls. */
export function isWalkable(map: WorldMap, p: Point): boolean {
  return map.containsPoint(p) && bodyFits(map, p);
}

/** Refuses, with the code a client can act on, a point off the map or inside a wall. */
export function requireWalkable(map: WorldMap, p: Point): void {
  if (!map.containsPoint(p)) {
    throw new RoomError(MessageError.OUT_OF_BOUNDS, `position (${p.x}, ${p.y}) is outside the map`);
  }
  if (!bodyFits(map, p)) {
    throw new RoomError(MessageError.POSITION_BLOCKED, `position (${p.x}, ${p.y}) is inside a wall`);
  }
}

/**
 * True when a body standing at `from` can walk to `to` without touching a wall: straight along one axis, then along
 * the other, either way round. Strokes are straight walks along an axis, so where a client says a stroke starts differs
 * from where the server expects it along one axis only (the clock estimate), and a point across a wall is not reached.
 */
export function canWalkBetween(map: WorldMap, from: Point, to: Point): boolean {
  const viaX = { x: to.x, y: from.y };
  const viaY = { x: from.x, y: to.y };
  return (
    (clearLeg(map, from, viaX) && clearLeg(map, viaX, to)) ||
    (clearLeg(map, from, viaY) && clearLeg(map, viaY, to))
  );
}

/** A walk along one axis (`from` and `to` share x or y) that no wall stops short. */
function clearLeg(map: WorldMap, from: Point, to: Point): boolean {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx === 0 && dy === 0) return true;
  const direction: Direction = dx > 0 ? 'right' : dx < 0 ? 'left' : dy > 0 ? 'down' : 'up';
  return travelLimit(map, from, direction) + SLACK_PX >= Math.abs(dx !== 0 ? dx : dy);
}
