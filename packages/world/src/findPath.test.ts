import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Direction, Point } from '@campus/protocol';
import { describe, expect, it } from 'vitest';
import { findPath } from './findPath';
import type { Rect } from './geometry';
import { loadTiledMap } from './map/loadTiledMap';
import { BODY, bodyFits, travelLimit } from './movement';
import { seededRandom } from './seededRandom';
import { gridMap } from './testing/gridMap';
import type { WorldMap } from './WorldMap';

/** Where the body stands centred in tile (c, r) of a 16-px map: the search's own lattice points. */
const tile = (c: number, r: number): Point => ({ x: c * 16 + 8, y: r * 16 + 11 });
const show = (p: Point): string => `(${p.x}, ${p.y})`;

/**
 * Walks `path` from `from` with the movement model, failing on a leg that is not along one axis, does not turn from
 * the leg before, or that a wall stops short. The walk's length.
 */
function walk(map: WorldMap, from: Point, path: readonly Point[]): number {
  let at = from;
  let length = 0;
  let axis: 'x' | 'y' | undefined;
  for (const next of path) {
    const dx = next.x - at.x;
    const dy = next.y - at.y;
    const legAxis = dx !== 0 && dy === 0 ? 'x' : dx === 0 && dy !== 0 ? 'y' : undefined;
    expect(legAxis, `leg ${show(at)} → ${show(next)} is along one axis`).toBeDefined();
    expect(legAxis, `${show(at)} is a turn`).not.toBe(axis);
    const direction: Direction = dx > 0 ? 'right' : dx < 0 ? 'left' : dy > 0 ? 'down' : 'up';
    const leg = Math.abs(dx) + Math.abs(dy);
    expect(travelLimit(map, at, direction), `walking ${direction} from ${show(at)}`).toBeGreaterThanOrEqual(
      leg,
    );
    length += leg;
    axis = legAxis;
    at = next;
  }
  return length;
}

/** Steps between free tiles, by breadth-first search on the tile grid: the oracle for shortest walks. */
function tileSteps(map: WorldMap, from: [number, number]): Map<number, number> {
  const w = map.widthTiles;
  const steps = new Map([[from[1] * w + from[0], 0]]);
  const queue = [from[1] * w + from[0]];
  for (let k = 0; k < queue.length; k++) {
    const cell = queue[k]!;
    const c = cell % w;
    const r = Math.floor(cell / w);
    for (const [nc, nr] of [
      [c + 1, r],
      [c - 1, r],
      [c, r + 1],
      [c, r - 1],
    ] as const) {
      const next = nr * w + nc;
      if (!map.isBlockedTile(nc, nr) && !steps.has(next)) {
        steps.set(next, steps.get(cell)! + 1);
        queue.push(next);
      }
    }
  }
  return steps;
}

/** The tile holding the middle of the body at `p`. */
const anchorOf = (p: Point): [number, number] => [
  Math.floor(p.x / 16),
  Math.floor((p.y - BODY.HEIGHT / 2) / 16),
];

const open = (width: number, height: number): string[] =>
  Array.from({ length: height }, (_, r) =>
    r === 0 || r === height - 1 ? '#'.repeat(width) : `#${'.'.repeat(width - 2)}#`,
  );

describe('findPath', () => {
  const cases: Array<{
    name: string;
    rows: string[];
    from: Point;
    to: Point;
    expected: Point[] | undefined;
    barriers?: Rect[];
  }> = [
    {
      name: 'walks a straight line in one stroke',
      rows: open(8, 4),
      from: tile(1, 1),
      to: tile(6, 1),
      expected: [tile(6, 1)],
    },
    {
      name: 'walks round a wall, up, across and down',
      rows: ['#######', '#.....#', '#.###.#', '#..#..#', '#######'],
      from: tile(1, 3),
      to: tile(5, 3),
      expected: [tile(1, 1), tile(5, 1), tile(5, 3)],
    },
    {
      name: 'goes through a one-tile door in a wall across its way, with the fewest turns',
      rows: ['#########', '#...#...#', '#.......#', '#...#...#', '#########'],
      from: tile(1, 1),
      to: tile(7, 3),
      expected: [tile(1, 2), tile(7, 2), tile(7, 3)],
    },
    {
      name: 'goes through a one-tile gap in a wall between rows (the body is 10 px wide, the gap 16)',
      rows: ['#####', '#...#', '##.##', '#...#', '#####'],
      from: tile(1, 1),
      to: tile(3, 3),
      expected: [tile(2, 1), tile(2, 3), tile(3, 3)],
    },
    {
      name: 'starts from wherever the avatar stands, off the tile centres, and ends exactly at the target',
      rows: ['#######', '#.....#', '#.###.#', '#..#..#', '#######'],
      from: { x: 21.3, y: 60.7 },
      to: { x: 86.5, y: 55.2 },
      expected: [
        { x: 21.3, y: 27 },
        { x: 86.5, y: 27 },
        { x: 86.5, y: 55.2 },
      ],
    },
    {
      name: 'walks along a wall it stands flush against, into the corner',
      // x = 21 touches the left wall, y = 48 the bottom one: where walks into them stop.
      rows: ['#######', '#.....#', '#.....#', '#######'],
      from: { x: 16 + BODY.HALF_WIDTH, y: 27 },
      to: { x: 16 + BODY.HALF_WIDTH, y: 48 },
      expected: [{ x: 16 + BODY.HALF_WIDTH, y: 48 }],
    },
    {
      name: 'walks from one corner to the other along the wall, ending exactly flush',
      rows: ['#######', '#.....#', '#.....#', '#######'],
      from: { x: 16 + BODY.HALF_WIDTH, y: 48 },
      to: { x: 96 - BODY.HALF_WIDTH, y: 48 },
      expected: [{ x: 96 - BODY.HALF_WIDTH, y: 48 }],
    },
    {
      name: 'does not turn flush against the wall ahead, where rounding would leave the walk an ulp short',
      // From x = 62.264, walking right to x = 75 (flush with column 5) stops at 62.264 + (80 - 67.264), just short.
      rows: ['#######', '#....##', '#..#.##', '#..#.##', '#.....#', '#######'],
      from: { x: 62.264, y: 27 },
      to: { x: 75, y: 75 },
      expected: [tile(4, 1), { x: 72, y: 75 }, { x: 75, y: 75 }],
    },
    {
      name: 'finds nothing into a closed room',
      rows: ['#######', '#..#..#', '#..#..#', '#######'],
      from: tile(1, 1),
      to: tile(5, 2),
      expected: undefined,
    },
    {
      name: 'stops at the nearest point the body fits when the target is inside a pillar',
      // The pillar is tile (3, 2), x 48–64, y 32–48; (50, 40) is 2 px in from its left face.
      rows: ['#######', '#.....#', '#..#..#', '#.....#', '#######'],
      from: { x: 24, y: 40 },
      to: { x: 50, y: 40 },
      expected: [{ x: 48 - BODY.HALF_WIDTH - 1 / 64, y: 40 }],
    },
    {
      name: 'stops on its own side of a wall when the nearest point is in a closed room beyond',
      // The wall is column 3 (x 48–64); (60, 27) is nearer the right room, which cannot be reached.
      rows: ['#######', '#..#..#', '#..#..#', '#######'],
      from: tile(1, 1),
      to: { x: 60, y: 27 },
      expected: [{ x: 48 - BODY.HALF_WIDTH - 1 / 64, y: 27 }],
    },
    {
      name: 'finds nothing when the target is deep inside a wall, beyond the snap radius',
      // The block is tiles 2–11 by 2–7 (x 32–192, y 32–128); the target at its middle is 48 px from any floor.
      rows: open(14, 10).map((row, r) => (r >= 2 && r <= 7 ? `#.${'#'.repeat(10)}.#` : row)),
      from: tile(1, 1),
      to: { x: 112, y: 80 },
      expected: undefined,
    },
    {
      name: 'is already there when start and end are the same',
      rows: open(5, 4),
      from: tile(2, 2),
      to: tile(2, 2),
      expected: [],
    },
    {
      name: 'cannot start from inside a wall',
      rows: ['#####', '#...#', '#####'],
      from: { x: 8, y: 27 },
      to: tile(3, 1),
      expected: undefined,
    },
    {
      name: 'keeps out of a barrier (a locked room) the direct way passes through',
      rows: open(9, 5),
      from: tile(1, 2),
      to: tile(7, 2),
      // Tiles 3–5 of rows 1–2: the way round is below, along row 3.
      barriers: [{ x: 48, y: 16, width: 48, height: 32 }],
      expected: [tile(1, 3), tile(7, 3), tile(7, 2)],
    },
    {
      name: 'finds nothing into a barrier',
      rows: open(9, 7),
      from: tile(1, 1),
      to: tile(4, 3),
      // The target is more than the snap radius inside it.
      barriers: [{ x: 32, y: 16, width: 96, height: 80 }],
      expected: undefined,
    },
    {
      name: 'stops just outside a barrier when the target is just inside it',
      rows: open(9, 5),
      from: tile(1, 2),
      to: { x: 52, y: 43 },
      barriers: [{ x: 48, y: 16, width: 48, height: 48 }],
      expected: [{ x: 48 - 1 / 64, y: 43 }],
    },
    {
      name: 'walks out of the barrier it stands in',
      rows: open(9, 5),
      from: tile(4, 2),
      to: tile(7, 2),
      barriers: [{ x: 48, y: 16, width: 48, height: 48 }],
      expected: [tile(7, 2)],
    },
  ];

  it.each(cases)('$name', ({ rows, from, to, expected, barriers }) => {
    const map = gridMap(rows);
    const path = findPath(map, from, to, { barriers });
    expect(path).toEqual(expected);
    if (path) walk(map, from, path);
  });

  it('stops a hair short of a target flush against the wall ahead when rounding would leave the walk an ulp short', () => {
    const map = gridMap(['#######', '#....##', '#######']);
    const from = { x: 62.264, y: 27 };
    const path = findPath(map, from, { x: 75, y: 27 });
    expect(path).toHaveLength(1);
    expect(path![0]!.x).toBeCloseTo(75 - 1 / 64, 9);
    walk(map, from, path!);
  });

  it('gives up beyond its node bound rather than searching a huge map to the end', () => {
    const map = gridMap(open(200, 200));
    const far = tile(198, 198);
    expect(findPath(map, tile(1, 1), far, { maxNodes: 100 })).toBeUndefined();
    const path = findPath(map, tile(1, 1), far);
    expect(path && walk(map, tile(1, 1), path)).toBe(2 * 197 * 16);
  });
});

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
