/** The campus grounds: grass and paths, the courtyard and garden props, the hedge border, cobble autotiling. */
import type { CampusGrid } from './campusGrid';
import { MAP_H, MAP_W } from './campusPlan';
import { E, N, S, W } from './neighbourMask';
import { hash } from './png';

/** Grass everywhere and the covered walkway; returns the cells to pave, cobbled once everything else is down. */
export function layGround(grid: CampusGrid): Set<number> {
  const { idx, rect } = grid;
  rect('floor', 0, 0, MAP_W, MAP_H, (x, y) => {
    const h = hash(x, y, 1234);
    const meadow = x < 17 && y > 27 ? 0.12 : 0;
    return h < 0.06 + meadow ? 'grass.1' : h < 0.3 + meadow ? 'grass.2' : 'grass.0';
  });
  const path = new Set<number>();
  const pave = (x: number, y: number, w: number, h: number) => {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) path.add(idx(i, j));
  };
  pave(1, 22, 62, 2); // main east-west path
  pave(27, 19, 11, 8); // fountain plaza
  pave(11, 18, 2, 4); // to room 101
  pave(31, 18, 2, 1); // to room 102
  pave(51, 18, 2, 4); // to room 103
  pave(19, 24, 2, 4); // to lecture hall (west door)
  pave(45, 24, 2, 4); // to lecture hall (east door)
  pave(54, 24, 2, 4); // to library
  pave(7, 24, 3, 20); // entrance path to the south gate
  rect('floor', 3, 16, 58, 2, 'floor.hall'); // covered walkway in front of the classrooms
  return path;
}

export function placeOutdoorProps(grid: CampusGrid): void {
  const { place } = grid;
  // between the classroom blocks
  place('tree.blossom', 20, 3);
  place('plant.bush', 21, 12);
  place('lamp', 22, 13);
  place('tree.green', 40, 3);
  place('plant.bush', 42, 12);
  place('lamp', 41, 13);
  place('plant.bush', 1, 3);
  place('plant.bush', 62, 3);
  place('tree.green', 60, 9);
  place('tree.blossom', 1, 9);
  // courtyard, north half
  place('tree.green', 3, 18);
  place('bench.down', 7, 20);
  place('planter.L', 14, 20);
  place('planter.M', 15, 20);
  place('planter.R', 16, 20);
  place('bench.down', 20, 20);
  place('lamp', 24, 20);
  place('lamp', 40, 20);
  place('tree.blossom', 43, 18);
  place('bench.down', 47, 20);
  place('planter.L', 55, 20);
  place('planter.M', 56, 20);
  place('planter.R', 57, 20);
  place('tree.green', 59, 18);
  // fountain plaza
  place('fountain', 31, 21);
  place('bench.down', 28, 20);
  place('bench.down', 35, 20);
  place('bench.up', 28, 25);
  place('bench.up', 35, 25);
  // courtyard, south half
  place('planter.L', 1, 25);
  place('planter.R', 2, 25);
  place('plant.bush', 5, 26);
  place('bench.up', 12, 25);
  place('lamp', 15, 25);
  place('sign.hall', 21, 25);
  place('plant.bush', 25, 27);
  place('tree.blossom', 38, 24);
  place('plant.bush', 43, 27);
  place('sign.library', 51, 25);
  place('lamp', 48, 25);
  place('bench.up', 57, 26);
  place('plant.bush', 61, 26);
  // south-west garden and the entrance
  place('tree.green', 1, 29);
  place('tree.blossom', 12, 28);
  place('tree.green', 1, 35);
  place('bench.up', 4, 33);
  place('bench.up', 11, 36);
  place('planter.L', 13, 33);
  place('planter.M', 14, 33);
  place('planter.R', 15, 33);
  place('sign.campus', 11, 39);
  place('plant.bush', 4, 40);
  place('plant.bush', 15, 41);
  place('pillar', 6, 41);
  place('pillar', 10, 41);
}

export function plantHedgeBorder(grid: CampusGrid): void {
  const { idx, set } = grid;
  const hedge = new Set<number>();
  for (let x = 0; x < MAP_W; x++) {
    hedge.add(idx(x, 0));
    if (x < 7 || x > 9) hedge.add(idx(x, MAP_H - 1));
  }
  for (let y = 0; y < MAP_H; y++) {
    hedge.add(idx(0, y));
    hedge.add(idx(MAP_W - 1, y));
  }
  const isHedge = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < MAP_W && y < MAP_H && hedge.has(idx(x, y));
  for (const i of hedge) {
    const x = i % MAP_W;
    const y = Math.floor(i / MAP_W);
    const m =
      (isHedge(x, y - 1) ? N : 0) |
      (isHedge(x + 1, y) ? E : 0) |
      (isHedge(x, y + 1) ? S : 0) |
      (isHedge(x - 1, y) ? W : 0);
    set('walls', x, y, `hedge.${m}`);
  }
}

/** Cobble autotiling: a border is drawn towards grass. */
export function paveCobbles(grid: CampusGrid, path: Set<number>): void {
  const { layers, idx, set } = grid;
  const paved = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= MAP_W || y >= MAP_H) return true;
    const f = layers.floor[idx(x, y)] ?? '';
    return path.has(idx(x, y)) || !f.startsWith('grass');
  };
  for (const i of path) {
    const x = i % MAP_W;
    const y = Math.floor(i / MAP_W);
    const m =
      (paved(x, y - 1) ? N : 0) |
      (paved(x + 1, y) ? E : 0) |
      (paved(x, y + 1) ? S : 0) |
      (paved(x - 1, y) ? W : 0);
    set('floor', x, y, `cobble.${m}`);
  }
}
