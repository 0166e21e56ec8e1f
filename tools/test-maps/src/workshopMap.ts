import { json, FRAME } from './mapText';
import { crateSheet, officeSheet } from './testArt';
import { gidsOf } from './tiledEncoding';

const H = 0x80000000;
const V = 0x40000000;
const D = 0x20000000;
/** The crate's gid: a 32-px tile whose collision shape is its bottom-left 16 × 16 quarter. */
const CRATE = 9;

/**
 * A workshop (`workshop.tmj`, 20 × 12 tiles of 16 px) for what the other maps leave out: a 32-px crate whose collision
 * shape is a quarter of the tile, placed plain and flipped (horizontally, anti-diagonally, both: Tiled's "rotate 90°
 * clockwise") in a tile layer and as a tile object flipped both ways; nested groups with offsets at both levels,
 * opacities and properties, holding a wall tile and a collision rectangle; a group whose `collides` property makes its
 * carpet solid; and a room without a capacity.
 *
 * Where things end up is listed in `WORKSHOP` (tile columns and rows).
 */
export const WORKSHOP = {
  /** Each crate's tile: its bottom-left cell, with the 2 × 2 cells it covers up and right of it. */
  crates: { plain: [2, 9], horizontal: [5, 9], diagonal: [8, 9], clockwise: [11, 9], object: [14, 9] },
  /** The shelf tile, drawn at tile (3, 3) inside groups offset by 16 + 32 px across and 16 + 0 px down. */
  shelf: { drawnAt: [3, 3], blocks: [6, 4] },
  /** The collision rectangle, drawn at tile (8, 6) in the same groups. */
  blocker: { drawnAt: [8, 6], blocks: [11, 7] },
  /** Carpet in the `fence` group (which collides) and the same carpet outside it. */
  fence: [
    [14, 2],
    [15, 2],
  ],
  rug: [14, 3],
  spawn: { x: 40, y: 120 },
  room: { name: 'Workbench', x: 32, y: 32, width: 96, height: 64 },
} as const;

const tiles = (id: number, name: string, fill: (c: number, r: number) => number, extra = {}) => ({
  id,
  name,
  type: 'tilelayer',
  width: 20,
  height: 12,
  x: 0,
  y: 0,
  visible: true,
  opacity: 1,
  data: Array.from({ length: 240 }, (_, i) => fill(i % 20, Math.floor(i / 20))),
  ...extra,
});

const at =
  (cells: ReadonlyArray<readonly [number, number, number]>) =>
  (c: number, r: number): number =>
    cells.find(([x, y]) => x === c && y === r)?.[2] ?? 0;

export function workshopFiles(): Record<string, string | Buffer> {
  const { crates, shelf, blocker, fence, rug, spawn, room } = WORKSHOP;
  const map = {
    type: 'map',
    version: '1.10',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width: 20,
    height: 12,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      tiles(1, 'floor', () => 1),
      { ...tiles(2, 'walls', () => 0), data: gidsOf(FRAME, { '#': 2 }) },
      tiles(
        3,
        'crates',
        at([
          [...crates.plain, CRATE],
          [...crates.horizontal, H + CRATE],
          [...crates.diagonal, D + CRATE],
          [...crates.clockwise, H + D + CRATE],
        ]),
      ),
      {
        id: 4,
        name: 'annex',
        type: 'group',
        visible: true,
        opacity: 0.5,
        offsetx: 16,
        offsety: 16,
        properties: [
          { name: 'wing', type: 'string', value: 'east' },
          { name: 'heated', type: 'bool', value: true },
        ],
        layers: [
          {
            id: 5,
            name: 'shelving',
            type: 'group',
            visible: true,
            opacity: 0.5,
            offsetx: 32,
            offsety: 0,
            properties: [{ name: 'wing', type: 'string', value: 'annex west' }],
            layers: [
              tiles(6, 'shelf', at([[...shelf.drawnAt, 2]])),
              {
                id: 7,
                name: 'collision',
                type: 'objectgroup',
                visible: false,
                opacity: 1,
                objects: [
                  { id: 1, x: blocker.drawnAt[0] * 16, y: blocker.drawnAt[1] * 16, width: 16, height: 16 },
                ],
              },
            ],
          },
        ],
      },
      {
        id: 8,
        name: 'fence',
        type: 'group',
        visible: true,
        opacity: 1,
        properties: [{ name: 'collides', type: 'bool', value: true }],
        layers: [tiles(9, 'rails', at(fence.map(([c, r]) => [c, r, 3] as const)))],
      },
      tiles(10, 'rugs', at([[...rug, 3]])),
      {
        id: 11,
        name: 'furniture',
        type: 'objectgroup',
        visible: true,
        opacity: 1,
        objects: [
          {
            id: 2,
            name: 'crate (turned round)',
            gid: H + V + CRATE,
            x: crates.object[0] * 16,
            y: (crates.object[1] + 1) * 16,
            width: 32,
            height: 32,
          },
        ],
      },
      {
        id: 12,
        name: 'zones',
        type: 'objectgroup',
        visible: true,
        opacity: 1,
        objects: [
          {
            id: 3,
            name: room.name,
            class: 'room',
            x: room.x,
            y: room.y,
            width: room.width,
            height: room.height,
          },
          { id: 4, name: '', class: 'spawn', point: true, x: spawn.x, y: spawn.y },
        ],
      },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'office',
        image: 'tiles.png',
        imagewidth: 64,
        imageheight: 32,
        tilewidth: 16,
        tileheight: 16,
        tilecount: 8,
        columns: 4,
        tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
      },
      {
        firstgid: CRATE,
        name: 'crates',
        image: 'crates.png',
        imagewidth: 32,
        imageheight: 32,
        tilewidth: 32,
        tileheight: 32,
        tilecount: 1,
        columns: 1,
        tiles: [{ id: 0, objectgroup: { objects: [{ id: 1, x: 0, y: 16, width: 16, height: 16 }] } }],
      },
    ],
  };
  return { 'workshop.tmj': json(map), 'tiles.png': officeSheet(), 'crates.png': crateSheet() };
}
