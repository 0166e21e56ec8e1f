/** The campus map: rooms, walls, doors, furniture, courtyard, spawns — built from named tiles. */
import { hash } from './png';
import type { Tileset } from './tileset';

export const MAP_W = 64;
export const MAP_H = 44;

export const LAYER_NAMES = ['floor', 'walls', 'furniture', 'above'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

export interface RoomDef {
  id: string;
  name: string;
  kind: 'classroom' | 'lecture-hall' | 'lounge';
  capacity: number;
  /** Outer wall rectangle in tiles (inclusive). Row y0 is the wall cap, rows y0+1..y0+2 the north wall face. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  floor: string;
  accent: string;
  /** Left column of each 2-wide door gap, and the wall it is in. */
  doors: { side: 'N' | 'S'; x: number }[];
  windows: number[];
}

export const ROOMS: RoomDef[] = [
  {
    id: 'room-101',
    name: 'Room 101',
    kind: 'classroom',
    capacity: 12,
    x0: 4,
    y0: 2,
    x1: 19,
    y1: 14,
    floor: 'floor.carpet.blue',
    accent: 'blue',
    doors: [{ side: 'S', x: 11 }],
    windows: [6, 17],
  },
  {
    id: 'room-102',
    name: 'Room 102',
    kind: 'classroom',
    capacity: 12,
    x0: 24,
    y0: 2,
    x1: 39,
    y1: 14,
    floor: 'floor.wood.oak',
    accent: 'teal',
    doors: [{ side: 'S', x: 31 }],
    windows: [26, 37],
  },
  {
    id: 'room-103',
    name: 'Room 103',
    kind: 'classroom',
    capacity: 12,
    x0: 44,
    y0: 2,
    x1: 59,
    y1: 14,
    floor: 'floor.lino.mint',
    accent: 'rose',
    doors: [{ side: 'S', x: 51 }],
    windows: [46, 57],
  },
  {
    id: 'lecture-hall',
    name: 'Lecture Hall',
    kind: 'lecture-hall',
    capacity: 40,
    x0: 17,
    y0: 28,
    x1: 48,
    y1: 41,
    floor: 'floor.carpet.wine',
    accent: 'wood',
    doors: [
      { side: 'N', x: 19 },
      { side: 'N', x: 45 },
    ],
    windows: [23, 26, 39, 42],
  },
  {
    id: 'library',
    name: 'Library',
    kind: 'lounge',
    capacity: 20,
    x0: 48,
    y0: 28,
    x1: 61,
    y1: 41,
    floor: 'floor.wood.warm',
    accent: 'plum',
    doors: [{ side: 'N', x: 54 }],
    windows: [],
  },
];

/** Interior (walkable part inside the walls) of a room, in tiles. */
export function roomInterior(r: RoomDef): { x: number; y: number; w: number; h: number } {
  return { x: r.x0 + 1, y: r.y0 + 3, w: r.x1 - r.x0 - 1, h: r.y1 - r.y0 - 3 };
}

/** Spawn points (tile coordinates; the pixel position is the tile centre). */
export const SPAWNS: [number, number][] = [
  [8, 22],
  [17, 23],
  [26, 23],
  [32, 19],
  [32, 26],
  [40, 23],
  [49, 22],
  [57, 23],
];

export type Layers = Record<LayerName, (string | null)[]>;

export interface Campus {
  layers: Layers;
  blocked: boolean[];
}

const N = 1;
const E = 2;
const S = 4;
const W = 8;

export function buildCampus(ts: Tileset): Campus {
  const size = MAP_W * MAP_H;
  const layers: Layers = {
    floor: new Array<string | null>(size).fill(null),
    walls: new Array<string | null>(size).fill(null),
    furniture: new Array<string | null>(size).fill(null),
    above: new Array<string | null>(size).fill(null),
  };
  const idx = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= MAP_W || y >= MAP_H) throw new Error(`out of map ${x},${y}`);
    return y * MAP_W + x;
  };
  const set = (
    layer: LayerName,
    x: number,
    y: number,
    name: string,
    overwrite = layer === 'floor' || layer === 'walls',
  ) => {
    ts.id(name);
    const i = idx(x, y);
    if (!overwrite && layers[layer][i])
      throw new Error(`${layer} ${x},${y} already has ${layers[layer][i]} (placing ${name})`);
    layers[layer][i] = name;
  };
  const rect = (
    layer: LayerName,
    x: number,
    y: number,
    w: number,
    h: number,
    name: string | ((x: number, y: number) => string),
  ) => {
    for (let j = y; j < y + h; j++)
      for (let i = x; i < x + w; i++) set(layer, i, j, typeof name === 'string' ? name : name(i, j));
  };
  const place = (obj: string, x: number, y: number, layer: LayerName = 'furniture') => {
    const o = ts.object(obj);
    for (let ty = 0; ty < o.h; ty++)
      for (let tx = 0; tx < o.w; tx++) {
        const b = o.base[ty]?.[tx];
        const t = o.top[ty]?.[tx];
        if (b) set(layer, x + tx, y + ty, b);
        if (t) set('above', x + tx, y + ty, t);
      }
  };

  // ---------------------------------------------------------------- ground
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

  // ---------------------------------------------------------------- buildings
  const cap = new Set<number>();
  const lintel = new Set<number>();
  for (const r of ROOMS) {
    rect('floor', r.x0, r.y0, r.x1 - r.x0 + 1, r.y1 - r.y0 + 1, r.floor);
    for (let x = r.x0; x <= r.x1; x++) {
      cap.add(idx(x, r.y0));
      cap.add(idx(x, r.y1));
    }
    for (let y = r.y0; y <= r.y1; y++) {
      cap.add(idx(r.x0, y));
      cap.add(idx(r.x1, y));
    }
  }
  for (const r of ROOMS)
    for (const d of r.doors) {
      const y = d.side === 'S' ? r.y1 : r.y0;
      for (const x of [d.x, d.x + 1]) {
        cap.delete(idx(x, y));
        lintel.add(idx(x, y));
      }
    }
  const isWall = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= MAP_W || y >= MAP_H) return false;
    return cap.has(idx(x, y)) || lintel.has(idx(x, y));
  };
  for (let y = 0; y < MAP_H; y++)
    for (let x = 0; x < MAP_W; x++) {
      const mask =
        (isWall(x, y - 1) ? N : 0) |
        (isWall(x + 1, y) ? E : 0) |
        (isWall(x, y + 1) ? S : 0) |
        (isWall(x - 1, y) ? W : 0);
      if (cap.has(idx(x, y))) set('walls', x, y, `cap.${mask}`);
      if (lintel.has(idx(x, y))) set('above', x, y, 'lintel');
    }
  for (const r of ROOMS) {
    // interior north wall face, two rows
    for (let x = r.x0 + 1; x < r.x1; x++) {
      let f = r.windows.includes(x) ? 'window' : 'plain';
      for (const d of r.doors.filter((dd) => dd.side === 'N')) {
        if (x === d.x - 1) f = 'doorL';
        if (x === d.x + 2) f = 'doorR';
      }
      const door = r.doors.find((d) => d.side === 'N' && (x === d.x || x === d.x + 1));
      if (door) {
        const side = x === door.x ? 'L' : 'R';
        set('floor', x, r.y0, `door.sill.${side}`);
        set('floor', x, r.y0 + 1, `door.sill.${side}`);
        set('floor', x, r.y0 + 2, `door.mat.${side}`);
        set('above', x, r.y0 + 1, 'door.head');
        continue;
      }
      set('walls', x, r.y0 + 1, `face.${r.accent}.${f}.u`);
      set('walls', x, r.y0 + 2, `face.${r.accent}.${f}.l`);
    }
    for (const d of r.doors.filter((dd) => dd.side === 'S')) {
      set('floor', d.x, r.y1, 'door.sill.L');
      set('floor', d.x + 1, r.y1, 'door.sill.R');
    }
  }
  // exterior facades (south faces, one row below the bottom wall)
  const facade = (y: number, x0: number, x1: number, windows: number[], doors: number[]) => {
    for (let x = x0; x <= x1; x++) {
      let f = windows.includes(x) ? 'window' : 'plain';
      if (x === x0) f = 'endL';
      if (x === x1) f = 'endR';
      if (doors.includes(x - 2)) f = 'doorR';
      if (doors.includes(x + 1)) f = 'doorL';
      if (doors.includes(x) || doors.includes(x - 1)) {
        set('floor', x, y, doors.includes(x) ? 'door.mat.L' : 'door.mat.R');
        set('above', x, y, 'door.head');
        continue;
      }
      set('walls', x, y, `brick.${f}`);
    }
  };
  for (const r of ROOMS.filter((rr) => rr.kind === 'classroom')) {
    const dx = r.doors[0]?.x ?? 0;
    facade(r.y1 + 1, r.x0, r.x1, [r.x0 + 2, r.x0 + 4, r.x0 + 12, r.x0 + 14], [dx]);
    place(`plaque.${r.id.slice(5)}`, dx + 3, r.y1 + 1);
  }
  facade(42, 17, 61, [19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 51, 54, 57, 60], []);

  // ---------------------------------------------------------------- classrooms
  const classroom = (r: RoomDef, board: string, chairs: string, rug: string | null) => {
    const ix = r.x0 + 1;
    const iy = r.y0 + 3;
    const fy = r.y0 + 1;
    place(`board.${board}`, ix + 5, fy);
    place('clock', ix + 3, fy);
    place('noticeboard', ix + 9, fy);
    if (rug) rugRect(rug, r.floor, ix + 4, iy, 5, 3);
    place('bookshelf.1', ix, iy - 1);
    place('plant.tall', ix + 13, iy - 1);
    place('teacherdesk', ix + 5, iy + 1);
    place('chair.down.' + chairs, ix + 6, iy);
    const variants = ['desk.book', 'desk.plain', 'desk.laptop', 'desk.paper', 'desk.plain', 'desk.book'];
    let k = 0;
    for (const dy of [3, 6])
      for (const dx of [2, 6, 10]) {
        place(variants[(k + r.x0) % variants.length] ?? 'desk.plain', ix + dx, iy + dy);
        place(`chair.up.${chairs}`, ix + dx, iy + dy + 1);
        place(`chair.up.${chairs}`, ix + dx + 1, iy + dy + 1);
        k++;
      }
    place('plant.bush', ix, iy + 8);
    place('plant.cactus', ix + 13, iy + 8);
    place('bookshelf.2', ix + 13, iy + 2);
  };
  const rugRect = (rug: string, floor: string, x: number, y: number, w: number, h: number) => {
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++) {
        const col = i === 0 ? 0 : i === w - 1 ? 2 : 1;
        const row = j === 0 ? 0 : j === h - 1 ? 2 : 1;
        set('floor', x + i, y + j, `rug.${rug}.${col}${row}@${floor}`);
      }
  };
  const [r101, r102, r103, hall, lib] = ROOMS;
  if (!r101 || !r102 || !r103 || !hall || !lib) throw new Error('rooms');
  classroom(r101, 'chalk', 'rose', null);
  classroom(r102, 'white', 'teal', 'sun');
  classroom(r103, 'white', 'blue', 'berry');

  // ---------------------------------------------------------------- lecture hall
  place('board.screen', 30, 29);
  place('clock', 36, 29);
  rect('floor', 24, 31, 18, 2, 'floor.stage');
  rect('floor', 24, 33, 18, 1, 'floor.stage.edge');
  place('lectern', 32, 31);
  place('plant.tall', 24, 31);
  place('plant.tall', 41, 31);
  for (const y of [35, 37, 39]) {
    rect('floor', 18, y, 30, 1, 'floor.wine.step');
    const blocks: [number, number][] = [
      [21, 30],
      [35, 44],
    ];
    for (const [x0, x1] of blocks) {
      for (let x = x0; x <= x1; x++) {
        const v = x === x0 ? 'L' : x === x1 ? 'R' : hash(x, y, 9) < 0.3 ? 'M2' : 'M';
        place(`counter.${v}`, x, y);
        place('chair.up.plum', x, y + 1);
      }
    }
  }
  place('plant.bush', 18, 40);
  place('plant.bush', 47, 40);
  place('plant.cactus', 18, 31);
  place('plant.cactus', 47, 31);

  // ---------------------------------------------------------------- library
  rugRect('sea', lib.floor, 53, 33, 4, 6);
  place('clock', 51, 29);
  for (const x of [49, 50, 51, 52, 57, 58, 59, 60]) place(`bookshelf.${(x % 2) + 1}`, x, 30);
  for (const x of [49, 50, 51, 58, 59, 60]) place(`bookshelf.${((x + 1) % 2) + 1}`, x, 34);
  for (const x of [49, 50, 51]) place(`bookshelf.${(x % 2) + 1}`, x, 38);
  place('readingtable', 54, 35);
  place('armchair.down', 54, 34);
  place('armchair.down', 55, 34);
  place('armchair.up', 54, 37);
  place('armchair.up', 55, 37);
  place('plant.tall', 60, 39);
  place('plant.cactus', 57, 40);
  place('plant.bush', 49, 40);

  // ---------------------------------------------------------------- outdoors
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

  // hedge border
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

  // cobble autotiling: a border is drawn towards grass
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

  // ---------------------------------------------------------------- checks
  const blocked = new Array<boolean>(size).fill(false);
  for (const ln of LAYER_NAMES)
    layers[ln].forEach((name, i) => {
      if (!name) return;
      const t = ts.tiles[ts.id(name)];
      if (t?.collides) {
        if (ln === 'above') throw new Error(`colliding tile ${name} in above layer`);
        blocked[i] = true;
      }
    });
  verify(blocked);
  return { layers, blocked };
}

function verify(blocked: boolean[]): void {
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= MAP_W || y >= MAP_H || (blocked[y * MAP_W + x] ?? true);
  for (const [sx, sy] of SPAWNS)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        if (at(sx + dx, sy + dy)) throw new Error(`spawn ${sx},${sy} is within 1 tile of a blocking cell`);
  const first = SPAWNS[0];
  if (!first) throw new Error('no spawns');
  const seen = new Uint8Array(MAP_W * MAP_H);
  const queue: number[] = [first[1] * MAP_W + first[0]];
  seen[queue[0] ?? 0] = 1;
  while (queue.length) {
    const i = queue.pop() ?? 0;
    const x = i % MAP_W;
    const y = Math.floor(i / MAP_W);
    for (const [nx, ny] of [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ] as const) {
      if (at(nx, ny)) continue;
      const j = ny * MAP_W + nx;
      if (seen[j]) continue;
      seen[j] = 1;
      queue.push(j);
    }
  }
  for (const [sx, sy] of SPAWNS) if (!seen[sy * MAP_W + sx]) throw new Error(`spawn ${sx},${sy} unreachable`);
  for (const r of ROOMS) {
    const a = roomInterior(r);
    let open = 0;
    for (let y = a.y; y < a.y + a.h; y++)
      for (let x = a.x; x < a.x + a.w; x++) {
        if (at(x, y)) continue;
        open++;
        if (!seen[y * MAP_W + x])
          throw new Error(`${r.id}: walkable cell ${x},${y} unreachable from the spawns`);
      }
    if (open < r.capacity) throw new Error(`${r.id}: only ${open} walkable cells`);
    // the interior must be exactly enclosed by walls except at doors
    for (let x = a.x - 1; x <= a.x + a.w; x++)
      for (const y of [a.y - 1, a.y + a.h]) {
        if (y === a.y - 1 && r.doors.some((d) => d.side === 'N' && (x === d.x || x === d.x + 1))) continue;
        if (y === a.y + a.h && r.doors.some((d) => d.side === 'S' && (x === d.x || x === d.x + 1))) continue;
        if (!at(x, y)) throw new Error(`${r.id}: gap in wall at ${x},${y}`);
      }
    for (let y = a.y; y < a.y + a.h; y++)
      for (const x of [a.x - 1, a.x + a.w])
        if (!at(x, y)) throw new Error(`${r.id}: gap in wall at ${x},${y}`);
  }
}
