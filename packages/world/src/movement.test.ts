import { describe, expect, it } from 'vitest';
import {
  BODY,
  WALK_SPEED,
  bodyFits,
  positionAt,
  strokeArrivalTime,
  strokeExitTime,
  travelLimit,
} from './movement';
import { gridMap } from './testing/gridMap';

// 10 × 6 tiles: a room with an inner pillar at column 6, rows 2–3.
const room = gridMap(['##########', '#........#', '#.....#..#', '#.....#..#', '#........#', '##########']);

describe('travelLimit', () => {
  it('walks right until the body touches the pillar', () => {
    // Feet at y=48 → body spans rows 2 (y 42..48); pillar at column 6 starts at x=96.
    const from = { x: 40, y: 48 };
    expect(travelLimit(room, from, 'right')).toBe(96 - (40 + BODY.HALF_WIDTH));
  });

  it('walks right to the outer wall when the row is clear', () => {
    const from = { x: 40, y: 24 }; // row 1
    expect(travelLimit(room, from, 'right')).toBe(9 * 16 - (40 + BODY.HALF_WIDTH));
  });

  it('walks left, up and down to the outer walls', () => {
    const from = { x: 40, y: 40 };
    expect(travelLimit(room, from, 'left')).toBe(40 - BODY.HALF_WIDTH - 16);
    expect(travelLimit(room, from, 'up')).toBe(40 - BODY.HEIGHT - 16);
    expect(travelLimit(room, from, 'down')).toBe(5 * 16 - 40);
  });

  it('is zero when already touching a wall in that direction', () => {
    const from = { x: 16 + BODY.HALF_WIDTH, y: 40 };
    expect(travelLimit(room, from, 'left')).toBe(0);
  });

  it('treats the map edge as a wall even without wall tiles', () => {
    const open = gridMap(['....', '....']);
    expect(travelLimit(open, { x: 10, y: 20 }, 'right')).toBe(64 - 15);
    expect(travelLimit(open, { x: 10, y: 20 }, 'down')).toBe(32 - 20);
  });

  it('a body straddling two rows is stopped by a wall in either', () => {
    // Feet at y=36 → body spans y 30..36: rows 1 and 2. The pillar is only in row 2.
    expect(travelLimit(room, { x: 40, y: 36 }, 'right')).toBe(96 - 45);
  });
});

describe('positionAt', () => {
  const stroke = { position: { x: 40, y: 24 }, direction: 'right' as const, isMoving: true, startedAt: 1000 };

  it('moves at WALK_SPEED from the stroke start', () => {
    expect(positionAt(room, stroke, 1500)).toEqual({ x: 40 + WALK_SPEED / 2, y: 24 });
  });

  it('stands at the start before the stroke began', () => {
    expect(positionAt(room, stroke, 500)).toEqual({ x: 40, y: 24 });
  });

  it('stops at walls and stays there', () => {
    const stopX = 9 * 16 - BODY.HALF_WIDTH;
    expect(positionAt(room, stroke, 60_000)).toEqual({ x: stopX, y: 24 });
    expect(strokeArrivalTime(room, stroke)).toBeCloseTo(1000 + ((stopX - 40) * 1000) / WALK_SPEED);
  });

  it('a standing stroke stays put whatever the time', () => {
    expect(positionAt(room, { ...stroke, isMoving: false }, 9e9)).toEqual({ x: 40, y: 24 });
  });

  it('the end of a stroke always fits the body (never inside a wall)', () => {
    for (const direction of ['up', 'down', 'left', 'right'] as const) {
      for (let x = 24; x < 140; x += 7.3) {
        for (let y = 24; y < 80; y += 5.1) {
          if (!bodyFits(room, { x, y })) continue;
          const end = positionAt(room, { position: { x, y }, direction, isMoving: true, startedAt: 0 }, 1e6);
          expect(bodyFits(room, end), `${direction} from ${x},${y}`).toBe(true);
        }
      }
    }
  });
});

describe('bodyFits', () => {
  it('refuses positions overlapping walls or beyond the map', () => {
    expect(bodyFits(room, { x: 40, y: 40 })).toBe(true);
    expect(bodyFits(room, { x: 100, y: 40 })).toBe(false);
    expect(bodyFits(room, { x: 8, y: 40 })).toBe(false);
    expect(bodyFits(room, { x: -30, y: 40 })).toBe(false);
  });
});

describe('strokeExitTime', () => {
  const area = { x: 16, y: 16, width: 64, height: 48 };

  it('is when a walk carries the avatar across the edge of an area', () => {
    const stroke = {
      position: { x: 40, y: 40 },
      direction: 'right' as const,
      isMoving: true,
      startedAt: 1000,
    };
    const exit = strokeExitTime(room, stroke, area);
    expect(exit).toBeCloseTo(1000 + ((80 - 40) * 1000) / WALK_SPEED);
    expect(area.x + area.width).toBe(positionAt(room, stroke, exit).x);
  });

  it('is never for someone standing, or walking into a wall inside', () => {
    expect(
      strokeExitTime(
        room,
        { position: { x: 40, y: 40 }, direction: 'up', isMoving: false, startedAt: 0 },
        area,
      ),
    ).toBe(Infinity);
    // Upwards the outer wall (row 0) stops the avatar before y = 16 minus nothing: the area's top edge is the wall.
    expect(
      strokeExitTime(
        room,
        { position: { x: 40, y: 40 }, direction: 'up', isMoving: true, startedAt: 0 },
        area,
      ),
    ).toBe(Infinity);
  });

  it('is the start for a stroke that begins outside', () => {
    expect(
      strokeExitTime(
        room,
        { position: { x: 120, y: 40 }, direction: 'left', isMoving: true, startedAt: 7 },
        area,
      ),
    ).toBe(7);
  });
});
