import { INTEREST } from '@campus/world';

/** Tile size of the generated map, as the campus's. */
export const TILE = 16;

/**
 * How many people share one area of interest on average, far from the edges: the density every world size is run at,
 * so that what each person receives should stay the same as the world grows.
 */
export const PEOPLE_PER_AREA = 12;

const AREA_PX = (2 * INTEREST.REACH_X + 1) * INTEREST.CELL * (2 * INTEREST.REACH_Y + 1) * INTEREST.CELL;

/** The largest map side the map loader takes, in tiles. */
export const MAX_SIDE_TILES = 1024;

/** The side, in tiles, of a square map holding `users` people at PEOPLE_PER_AREA. */
export function mapSideTiles(users: number): number {
  return Math.ceil(Math.sqrt((users * AREA_PX) / PEOPLE_PER_AREA) / TILE);
}

/** The most people a generated map can hold at PEOPLE_PER_AREA. */
export const MAX_USERS = Math.floor(((MAX_SIDE_TILES * TILE) ** 2 * PEOPLE_PER_AREA) / AREA_PX);

/**
 * A large open campus for `users` people, as a Tiled JSON map: grass everywhere, a few pillars here and there (so some
 * strokes stop at a wall, as on a real map), and spawn points on a grid. Scaled with `users` for constant density.
 */
export function openMap(users: number): Record<string, unknown> {
  const side = mapSideTiles(users);
  if (side > MAX_SIDE_TILES) {
    throw new Error(
      `${users} people need a map ${side} tiles wide; maps hold at most ${MAX_USERS} at this density`,
    );
  }
  const floor = new Array<number>(side * side).fill(1);
  const walls = new Array<number>(side * side).fill(0);
  // A 2 × 2 pillar in the middle of every 12 × 12 block.
  for (let r = 5; r + 1 < side; r += 12) {
    for (let c = 5; c + 1 < side; c += 12) {
      for (const [dr, dc] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ] as const)
        walls[(r + dr) * side + c + dc] = 2;
    }
  }
  const spawns: Array<Record<string, unknown>> = [];
  let id = 1;
  for (let r = 2; r < side; r += 24) {
    for (let c = 2; c < side; c += 24) {
      spawns.push({ id: id++, name: 'spawn', type: 'spawn', point: true, x: c * TILE + 8, y: r * TILE + 12 });
    }
  }
  return {
    type: 'map',
    orientation: 'orthogonal',
    infinite: false,
    width: side,
    height: side,
    tilewidth: TILE,
    tileheight: TILE,
    layers: [
      { type: 'tilelayer', name: 'floor', width: side, height: side, data: floor },
      { type: 'tilelayer', name: 'walls', width: side, height: side, data: walls },
      { type: 'objectgroup', name: 'spawns', objects: spawns },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'bench',
        image: 'bench.png',
        columns: 2,
        tilecount: 2,
        tilewidth: TILE,
        tileheight: TILE,
        tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
      },
    ],
  };
}
