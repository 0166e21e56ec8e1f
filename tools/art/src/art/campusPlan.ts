/** The campus plan: map size and layers, the rooms (walls, doors, windows, capacity) and the spawn points. */

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
