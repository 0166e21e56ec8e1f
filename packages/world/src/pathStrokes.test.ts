import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Point } from '@campus/protocol';
import { describe, expect, it } from 'vitest';
import { findPath } from './findPath';
import { loadTiledMap } from './map/loadTiledMap';
import { WALK_SPEED, bodyFits, positionAt } from './movement';
import { strokesAlong } from './pathStrokes';
import { seededRandom } from './seededRandom';

const ms = (px: number): number => (px * 1000) / WALK_SPEED;

describe('strokesAlong', () => {
  it('sends a start, one stroke per turn and a stop, each timed to begin where the last one arrives', () => {
    const strokes = strokesAlong(
      [
        { x: 10, y: 20 },
        { x: 10, y: 100 },
        { x: 50, y: 100 },
      ],
      1000,
    );
    expect(strokes).toEqual([
      { position: { x: 10, y: 20 }, direction: 'down', isMoving: true, startedAt: 1000 },
      { position: { x: 10, y: 100 }, direction: 'right', isMoving: true, startedAt: 1000 + ms(80) },
      { position: { x: 50, y: 100 }, direction: 'right', isMoving: false, startedAt: 1000 + ms(120) },
    ]);
  });

  it('merges points along one straight run and skips repeated points, so it sends only on changes', () => {
    const strokes = strokesAlong(
      [
        { x: 0, y: 0 },
        { x: 16, y: 0 },
        { x: 16, y: 0 },
        { x: 40, y: 0 },
        { x: 40, y: -8 },
      ],
      0,
    );
    expect(strokes.map((s) => [s.direction, s.isMoving, s.startedAt])).toEqual([
      ['right', true, 0],
      ['up', true, ms(40)],
      ['up', false, ms(48)],
    ]);
  });

  it('sends nothing for a walk that goes nowhere', () => {
    expect(strokesAlong([], 0)).toEqual([]);
    expect(strokesAlong([{ x: 5, y: 5 }], 0)).toEqual([]);
    expect(
      strokesAlong(
        [
          { x: 5, y: 5 },
          { x: 5, y: 5 },
        ],
        0,
      ),
    ).toEqual([]);
  });

  it('refuses a diagonal leg, which no stroke can walk', () => {
    expect(() =>
      strokesAlong(
        [
          { x: 0, y: 0 },
          { x: 3, y: 4 },
        ],
        0,
      ),
    ).toThrow(/not along one axis/);
  });
});

describe('strokesAlong paths found on the campus', () => {
  const campusFile = fileURLToPath(new URL('../maps/campus/campus.json', import.meta.url));
  const campus = loadTiledMap(JSON.parse(readFileSync(campusFile, 'utf8')));

  const standingPoint = (random: () => number): Point => {
    for (;;) {
      const p = { x: random() * campus.widthPx, y: random() * campus.heightPx };
      if (bodyFits(campus, p)) return p;
    }
  };

  it('each stroke, walked by the movement model, reaches where the next begins, and the last stands at the end', () => {
    const random = seededRandom(11);
    let walks = 0;
    for (let k = 0; k < 200; k++) {
      const from = standingPoint(random);
      const path = findPath(campus, from, standingPoint(random));
      if (!path || path.length === 0) continue;
      walks++;
      const startAt = 5000 + k;
      const strokes = strokesAlong([from, ...path], startAt);
      // Message count: one per leg (start and turns), plus the stop.
      expect(strokes).toHaveLength(path.length + 1);
      expect(strokes[0]).toMatchObject({ position: from, isMoving: true, startedAt: startAt });
      for (let i = 0; i + 1 < strokes.length; i++) {
        const stroke = strokes[i]!;
        const next = strokes[i + 1]!;
        const arrived = positionAt(campus, stroke, next.startedAt);
        expect(Math.hypot(arrived.x - next.position.x, arrived.y - next.position.y)).toBeLessThanOrEqual(0.5);
        expect(next.direction !== stroke.direction || next.isMoving !== stroke.isMoving).toBe(true);
      }
      const last = strokes[strokes.length - 1]!;
      expect(last.isMoving).toBe(false);
      expect(last.position).toEqual(path[path.length - 1]);
    }
    expect(walks).toBeGreaterThan(150);
  });
});
