import { describe, expect, it } from 'vitest';
import { bodyFits } from './movement';
import { rectContains } from './geometry';
import { gridMap } from './testing/gridMap';
import { wayOut } from './wayOut';

// A 12 × 6 map; the room is tiles x 6–10, y 1–4 (px 96–176 × 16–80), walled but for a door in its west wall (rows 2–3).
const map = gridMap([
  '############',
  '#....#.....#',
  '#..........#',
  '#..........#',
  '#....#.....#',
  '############',
]);
const room = { x: 96, y: 16, width: 80, height: 64 };
// An open floor with a room drawn on it and no walls around it.
const open = gridMap(['##########', '#........#', '#........#', '#........#', '#........#', '##########']);
const zone = { x: 48, y: 32, width: 48, height: 32 };

describe('wayOut', () => {
  it('steps back out the way the avatar came in when nothing is in the way', () => {
    expect(wayOut(open, zone, { x: 60, y: 40 }, 'up')).toEqual({ x: 60, y: 64 });
    expect(wayOut(open, zone, { x: 60, y: 40 }, 'down')).toEqual({ x: 60, y: 31.75 });
    expect(wayOut(open, zone, { x: 60, y: 40 }, 'left')).toEqual({ x: 96, y: 40 });
    expect(wayOut(open, zone, { x: 60, y: 40 }, 'right')).toEqual({ x: 47.75, y: 40 });
  });

  it('goes to the nearest opening of a walled room when behind the avatar is a wall', () => {
    // Facing down in the middle of the room: behind is the north wall, the door is west.
    const out = wayOut(map, room, { x: 130, y: 44 }, 'down');
    expect(out).toEqual({ x: 95.75, y: 44 });
    // Deep in the room's lower corner: still the door, at the nearest height the body fits through it.
    const corner = wayOut(map, room, { x: 170, y: 76 }, 'right')!;
    expect(corner.x).toBe(95.75);
    expect(corner.y).toBeGreaterThanOrEqual(32 + 6);
    expect(corner.y).toBeLessThanOrEqual(64);
  });

  it('always lands outside the room, where the body fits', () => {
    for (const [x, y] of [
      [100, 20],
      [170, 20],
      [130, 60],
      [100, 78],
    ] as const) {
      for (const d of ['up', 'down', 'left', 'right'] as const) {
        const out = wayOut(map, room, { x, y }, d)!;
        expect(rectContains(room, out), `${x},${y} ${d}`).toBe(false);
        expect(bodyFits(map, out), `${x},${y} ${d}`).toBe(true);
      }
    }
  });

  it('finds no way out of a room with no opening', () => {
    const sealed = gridMap(['#######', '#.#...#', '#.#...#', '#.#####']);
    expect(wayOut(sealed, { x: 48, y: 16, width: 48, height: 32 }, { x: 60, y: 30 }, 'up')).toBeUndefined();
  });
});
