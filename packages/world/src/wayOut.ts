import type { Direction, Point } from '@campus/protocol';
import { DIRECTION_VECTORS, distance, type Rect } from './geometry';
import { bodyFits } from './movement';
import type { WorldMap } from './WorldMap';

/** How finely (px) the rectangle's outline is searched for a place to stand. */
const OUTLINE_STEP = 2;

/**
 * Where an avatar standing at `inside` goes when `rect` (a room it may not be in: full, locked, or removed from) shuts
 * around it: just outside the edge it walked in through (behind it, going `direction`) when its body fits there,
 * else the nearest point just outside the rectangle where it does (a walled room's door). Undefined when there is
 * none. The client and the server both use it, so the place the client steps back to is the one the server put it.
 */
export function wayOut(map: WorldMap, rect: Rect, inside: Point, direction: Direction): Point | undefined {
  // The body must fit there and a step farther out too: just below a room's south wall line, a point is outside
  // the rectangle but the body still stands in the room's last row, against the wall.
  const fits = ({ p, out }: Exit) =>
    [p, { x: p.x + out.x, y: p.y + out.y }].every((q) => map.containsPoint(q) && bodyFits(map, q));
  const behind = edgeBehind(rect, inside, direction);
  if (fits(behind)) return behind.p;
  let best: Point | undefined;
  for (const exit of outline(rect)) {
    if (fits(exit) && (!best || distance(exit.p, inside) < distance(best, inside))) best = exit.p;
  }
  return best;
}

/** A point just outside a rectangle, and the way (one pixel) farther out from it. */
interface Exit {
  p: Point;
  out: Point;
}

/** The last point before `rect` on the way in, walking in `direction` to `inside`. */
function edgeBehind(rect: Rect, inside: Point, direction: Direction): Exit {
  switch (direction) {
    case 'up':
      return { p: { x: inside.x, y: rect.y + rect.height }, out: DIRECTION_VECTORS.down };
    case 'down':
      return { p: { x: inside.x, y: rect.y - 0.25 }, out: DIRECTION_VECTORS.up };
    case 'left':
      return { p: { x: rect.x + rect.width, y: inside.y }, out: DIRECTION_VECTORS.right };
    case 'right':
      return { p: { x: rect.x - 0.25, y: inside.y }, out: DIRECTION_VECTORS.left };
  }
}

/** Points just outside each side of `rect` (its right and bottom edges are already outside it). */
function* outline(rect: Rect): Generator<Exit> {
  for (let x = rect.x; x < rect.x + rect.width; x += OUTLINE_STEP) {
    yield { p: { x, y: rect.y - 0.25 }, out: DIRECTION_VECTORS.up };
    yield { p: { x, y: rect.y + rect.height }, out: DIRECTION_VECTORS.down };
  }
  for (let y = rect.y; y < rect.y + rect.height; y += OUTLINE_STEP) {
    yield { p: { x: rect.x - 0.25, y }, out: DIRECTION_VECTORS.left };
    yield { p: { x: rect.x + rect.width, y }, out: DIRECTION_VECTORS.right };
  }
}
