import type { Point } from '@campus/protocol';
import { describe, expect, it } from 'vitest';
import { findPath } from './findPath';
import type { Rect } from './geometry';
import { BODY } from './movement';
import { gridMap } from './testing/gridMap';
import { tile, walk } from './testing/pathChecks';

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
