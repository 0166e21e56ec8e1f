import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Point } from '@campus/protocol';
import { describe, expect, it } from 'vitest';
import { findPath } from './findPath';
import { loadTiledMap } from './map/loadTiledMap';
import { bodyFits } from './movement';
import { seededRandom } from './seededRandom';
import { gridMap } from './testing/gridMap';
import { anchorOf, show, tile, tileSteps, walk } from './testing/pathChecks';
import type { WorldMap } from './WorldMap';

/** A perfect maze (one way between any two cells) of corridors one tile wide, carved from a fixed seed. */
function maze(cellsWide: number, cellsHigh: number, seed: number): string[] {
  const random = seededRandom(seed);
  const w = 2 * cellsWide + 1;
  const h = 2 * cellsHigh + 1;
  const grid = Array.from({ length: h }, () => Array<string>(w).fill('#'));
  const seen = new Set<number>([0]);
  const stack: Array<[number, number]> = [[0, 0]];
  grid[1]![1] = '.';
  while (stack.length > 0) {
    const [cx, cy] = stack[stack.length - 1]!;
    const options = (
      [
        [cx + 1, cy],
        [cx - 1, cy],
        [cx, cy + 1],
        [cx, cy - 1],
      ] as Array<[number, number]>
    ).filter(([x, y]) => x >= 0 && y >= 0 && x < cellsWide && y < cellsHigh && !seen.has(y * cellsWide + x));
    const next = options[Math.floor(random() * options.length)];
    if (!next) {
      stack.pop();
      continue;
    }
    const [nx, ny] = next;
    seen.add(ny * cellsWide + nx);
    grid[2 * ny + 1]![2 * nx + 1] = '.';
    grid[cy + ny + 1]![cx + nx + 1] = '.';
    stack.push(next);
  }
  // Knock through some walls so there are loops, several ways round and open patches.
  for (let k = 0; k < cellsWide * cellsHigh * 0.3; k++) {
    const r = 1 + Math.floor(random() * (h - 2));
    const c = 1 + Math.floor(random() * (w - 2));
    grid[r]![c] = '.';
  }
  // And wall off a few closed rooms, 3 × 3 tiles inside, that no one can walk into.
  for (let k = 0; k < 3; k++) {
    const r0 = Math.floor(random() * (h - 5));
    const c0 = Math.floor(random() * (w - 5));
    for (let r = r0; r < r0 + 5; r++) {
      for (let c = c0; c < c0 + 5; c++) {
        const edge = r === r0 || r === r0 + 4 || c === c0 || c === c0 + 4;
        grid[r]![c] = edge ? '#' : '.';
      }
    }
  }
  return grid.map((row) => row.join(''));
}

/** A point where the body fits, somewhere in a random free tile. */
function randomStandingPoint(map: WorldMap, random: () => number): Point {
  for (;;) {
    const p = { x: random() * map.widthPx, y: random() * map.heightPx };
    if (bodyFits(map, p)) return p;
  }
}

/** Checks findPath against the movement model and the tile-grid oracle for many random pairs. */
function checkRandomWalks(map: WorldMap, seed: number, pairs: number): { found: number; missed: number } {
  const random = seededRandom(seed);
  let found = 0;
  let missed = 0;
  for (let k = 0; k < pairs; k++) {
    const from = randomStandingPoint(map, random);
    // Half the targets anywhere on the map (walls included), half where the body fits.
    const to =
      k % 2 === 0
        ? { x: random() * map.widthPx, y: random() * map.heightPx }
        : randomStandingPoint(map, random);
    const path = findPath(map, from, to);
    const steps = tileSteps(map, anchorOf(from));
    const [tc, tr] = anchorOf(to);
    const reachable = steps.get(tr * map.widthTiles + tc);
    const label = `${show(from)} → ${show(to)}`;
    if (bodyFits(map, to)) {
      // The oracle: a body that fits can always walk to its anchor tile's centre and back.
      expect(path !== undefined, label).toBe(reachable !== undefined);
    }
    if (!path) {
      missed++;
      continue;
    }
    found++;
    const length = walk(map, from, path);
    const end = path[path.length - 1] ?? from;
    expect(bodyFits(map, end), label).toBe(true);
    if (bodyFits(map, to) && reachable !== undefined) {
      expect(end, label).toEqual(to);
      // No longer than to the anchor tile, along the tiles, and out to the target.
      const viaTiles =
        Math.abs(from.x - (anchorOf(from)[0] * 16 + 8)) +
        Math.abs(from.y - (anchorOf(from)[1] * 16 + 11)) +
        reachable * 16 +
        Math.abs(to.x - (tc * 16 + 8)) +
        Math.abs(to.y - (tr * 16 + 11));
      expect(length, label).toBeLessThanOrEqual(viaTiles + 1e-6);
    } else {
      expect(Math.hypot(end.x - to.x, end.y - to.y), label).toBeLessThanOrEqual(32);
    }
    expect(length, label).toBeGreaterThanOrEqual(Math.abs(end.x - from.x) + Math.abs(end.y - from.y) - 1e-9);
  }
  return { found, missed };
}

/** Checks that walks between tile centres are exactly as long as the tile-grid oracle says. */
function checkShortest(map: WorldMap, seed: number, pairs: number): void {
  const random = seededRandom(seed);
  const free: Array<[number, number]> = [];
  for (let r = 0; r < map.heightTiles; r++) {
    for (let c = 0; c < map.widthTiles; c++) if (!map.isBlockedTile(c, r)) free.push([c, r]);
  }
  for (let k = 0; k < pairs; k++) {
    const a = free[Math.floor(random() * free.length)]!;
    const b = free[Math.floor(random() * free.length)]!;
    const steps = tileSteps(map, a).get(b[1] * map.widthTiles + b[0]);
    const path = findPath(map, tile(...a), tile(...b));
    expect(path === undefined, `${a} → ${b}`).toBe(steps === undefined);
    if (path && steps !== undefined) expect(walk(map, tile(...a), path)).toBe(steps * 16);
  }
}

describe('findPath on a random maze', () => {
  const map = gridMap(maze(20, 14, 2024));

  it('every walk it returns is walkable by the movement model, ends where asked, and exists when the target is reachable', () => {
    const { found, missed } = checkRandomWalks(map, 1, 400);
    // The test means something only if both outcomes happen.
    expect(found).toBeGreaterThan(200);
    expect(missed).toBeGreaterThan(5);
  });

  it('walks between tile centres are shortest', () => {
    checkShortest(map, 2, 200);
  });

  it('sealed-off pockets are unreachable, not a crash', () => {
    const sealed = gridMap(maze(8, 8, 7).map((row, r) => (r === 8 ? '#'.repeat(row.length) : row)));
    expect(findPath(sealed, tile(1, 1), tile(15, 15))).toBeUndefined();
  });
});

describe('findPath on the campus', () => {
  const campusFile = fileURLToPath(new URL('../maps/campus/campus.json', import.meta.url));
  const campus = loadTiledMap(JSON.parse(readFileSync(campusFile, 'utf8')));

  it('every walk it returns is walkable by the movement model and ends where asked', () => {
    const { found } = checkRandomWalks(campus, 3, 300);
    expect(found).toBeGreaterThan(150);
  });

  it('walks between tile centres are shortest', () => {
    checkShortest(campus, 4, 150);
  });

  it('reaches every room from every spawn', () => {
    for (const spawn of campus.spawns) {
      for (const area of campus.areas) {
        const middle = { x: area.rect.x + area.rect.width / 2, y: area.rect.y + area.rect.height / 2 };
        const path = findPath(campus, spawn, middle);
        expect(path, `${area.name} from ${show(spawn)}`).toBeDefined();
        if (path) walk(campus, spawn, path);
      }
    }
  });
});
