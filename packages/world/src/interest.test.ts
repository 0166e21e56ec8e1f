import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIRECTIONS } from '@campus/protocol';
import { INTEREST, MAX_VIEW, cellOf, inInterest, nextCellChange } from './interest';
import { loadTiledMap } from './map/loadTiledMap';
import { WALK_SPEED, positionAlong, travelLimit } from './movement';
import { gridMap } from './testing/gridMap';
import { seededRandom } from './seededRandom';

// 96 × 64 tiles (1536 × 1024 px), open but for a few pillars, so some strokes stop at a wall before a cell edge.
const rows = Array.from({ length: 64 }, (_, r) =>
  Array.from({ length: 96 }, (_, c) => (r % 20 === 10 && c % 24 === 12 ? '#' : '.')).join(''),
);
const map = gridMap(rows);

describe('the area of interest', () => {
  it('always covers the largest view a client may show, from anywhere in that view, plus the margin', () => {
    const random = seededRandom(7);
    const missed: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = { x: random() * 5000, y: random() * 5000 };
      // Anything on screen is at most one view's width and height away (the camera may be pushed off-centre).
      const reachX = MAX_VIEW.width + INTEREST.MARGIN - 1e-6;
      const reachY = MAX_VIEW.height + INTEREST.MARGIN - 1e-6;
      const b = { x: a.x + (random() * 2 - 1) * reachX, y: a.y + (random() * 2 - 1) * reachY };
      if (!inInterest(a, b) || !inInterest(b, a)) missed.push(`${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
    expect(missed).toEqual([]);
  });

  it('holds every classroom of the campus whole, so members always hear of each other', () => {
    const file = fileURLToPath(new URL('../maps/campus/campus.json', import.meta.url));
    const campus = loadTiledMap(JSON.parse(readFileSync(file, 'utf8')));
    expect(campus.areas.length).toBeGreaterThan(0);
    for (const { rect } of campus.areas) {
      const corners = [
        { x: rect.x, y: rect.y },
        { x: rect.x + rect.width - 1e-6, y: rect.y + rect.height - 1e-6 },
        { x: rect.x, y: rect.y + rect.height - 1e-6 },
        { x: rect.x + rect.width - 1e-6, y: rect.y },
      ];
      for (const a of corners) for (const b of corners) expect(inInterest(a, b)).toBe(true);
      expect(rect.width).toBeLessThanOrEqual(INTEREST.REACH_X * INTEREST.CELL);
      expect(rect.height).toBeLessThanOrEqual(INTEREST.REACH_Y * INTEREST.CELL);
    }
  });

  it('leaves out what is far away', () => {
    const a = { x: 100, y: 100 };
    expect(inInterest(a, { x: 100 + (INTEREST.REACH_X + 1) * INTEREST.CELL, y: 100 })).toBe(false);
    expect(inInterest(a, { x: 100, y: 100 + (INTEREST.REACH_Y + 1) * INTEREST.CELL })).toBe(false);
  });
});

describe('nextCellChange', () => {
  it('finds the first whole millisecond at which a stroke changes cell, checked tick by tick', () => {
    const random = seededRandom(11);
    let crossings = 0;
    let neverCross = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 300; i++) {
      const stroke = {
        position: { x: 20 + random() * 1490, y: 20 + random() * 990 },
        direction: DIRECTIONS[Math.floor(random() * 4)]!,
        isMoving: true,
        startedAt: 10_000 + random() * 100,
      };
      const limit = travelLimit(map, stroke.position, stroke.direction);
      // Sometimes asked at the start, sometimes part-way along (fractional times too).
      const now = stroke.startedAt + (random() < 0.5 ? 0 : random() * 2000);
      const at = nextCellChange(stroke, limit, now);
      const cellAt = (t: number): string => {
        const c = cellOf(positionAlong(stroke, limit, t));
        return `${c.column},${c.row}`;
      };
      const here = cellAt(now);
      const end = Math.ceil(stroke.startedAt + (limit * 1000) / WALK_SPEED) + 2;
      if (at === Infinity) {
        neverCross++;
        for (let t = Math.floor(now) + 1; t <= end; t++) if (cellAt(t) !== here) wrong.push(`#${i} at ${t}`);
        continue;
      }
      crossings++;
      expect(Number.isInteger(at)).toBe(true);
      expect(at).toBeGreaterThan(now);
      for (let t = Math.floor(now) + 1; t < at; t++)
        if (cellAt(t) !== here) wrong.push(`#${i} early at ${t}`);
      if (cellAt(at) === here) wrong.push(`#${i} not yet at ${at}`);
    }
    expect(wrong).toEqual([]);
    expect(crossings).toBeGreaterThan(100);
    expect(neverCross).toBeGreaterThan(10);
  });

  it('lands exactly on edges met at whole milliseconds, going either way', () => {
    // 80 px/s: from x = 120 the edge at 128 is 100 ms away going right; going left, x < 128 starts just after 0 ms.
    const right = { position: { x: 120, y: 40 }, direction: 'right' as const, isMoving: true, startedAt: 0 };
    expect(nextCellChange(right, travelLimit(map, right.position, 'right'), 0)).toBe(100);
    const left = { position: { x: 136, y: 40 }, direction: 'left' as const, isMoving: true, startedAt: 0 };
    // x = 128 (still column 1) at 100 ms; past it at 101 ms.
    expect(nextCellChange(left, travelLimit(map, left.position, 'left'), 0)).toBe(101);
  });

  it('is never for someone standing', () => {
    const stroke = {
      position: { x: 127, y: 40 },
      direction: 'right' as const,
      isMoving: false,
      startedAt: 0,
    };
    expect(nextCellChange(stroke, 0, 5)).toBe(Infinity);
  });
});
