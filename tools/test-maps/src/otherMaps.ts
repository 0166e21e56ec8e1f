import { deskImage, lampImage, officeSheet } from './testArt';
import { base64Layer, gidsOf } from './tiledEncoding';

const json = (value: unknown): string => `${JSON.stringify(value, null, 1)}\n`;

const FRAME = [
  '####################',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '#..................#',
  '####################',
];

/**
 * A game-tutorial map (`map.json`): CSV layers "Below Player", "World", "Above Player"; an external JSON tileset
 * (`tiles.tsj`) whose walls block only by collision shapes; water rotated with flip flags; a "Spawn Point" object.
 * 20 × 12 tiles.
 */
export function tutorialFiles(): Record<string, string | Buffer> {
  const world = gidsOf(FRAME, { '#': 2 });
  // A pond of flipped water tiles at (5..6, 5): horizontally, vertically and anti-diagonally flipped.
  world[5 * 20 + 5] = 0x80000000 + 8;
  world[5 * 20 + 6] = 0x40000000 + 0x20000000 + 8;
  const tileset = {
    type: 'tileset',
    name: 'tiles',
    image: 'tiles.png',
    imagewidth: 64,
    imageheight: 32,
    tilewidth: 16,
    tileheight: 16,
    tilecount: 8,
    columns: 4,
    margin: 0,
    spacing: 0,
    tiles: [
      {
        id: 1,
        objectgroup: {
          type: 'objectgroup',
          name: '',
          objects: [{ id: 1, x: 0, y: 0, width: 16, height: 16 }],
        },
      },
      {
        id: 7,
        objectgroup: {
          type: 'objectgroup',
          name: '',
          objects: [
            {
              id: 1,
              x: 0,
              y: 0,
              polygon: [
                { x: 0, y: 0 },
                { x: 16, y: 0 },
                { x: 8, y: 16 },
              ],
            },
          ],
        },
      },
    ],
  };
  const layer = (id: number, name: string, data: number[]) => ({
    id,
    name,
    type: 'tilelayer',
    width: 20,
    height: 12,
    x: 0,
    y: 0,
    opacity: 1,
    visible: true,
    data,
  });
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
      layer(1, 'Below Player', new Array<number>(240).fill(1)),
      layer(2, 'World', world),
      layer(
        3,
        'Above Player',
        gidsOf(
          FRAME.map((r, i) => (i === 0 ? r : ' '.repeat(20))),
          { '#': 6 },
        ),
      ),
      {
        id: 4,
        name: 'Objects',
        type: 'objectgroup',
        opacity: 1,
        visible: true,
        objects: [
          {
            id: 1,
            name: 'Spawn Point',
            type: '',
            point: true,
            x: 80,
            y: 120,
            width: 0,
            height: 0,
            rotation: 0,
            visible: true,
          },
        ],
      },
    ],
    tilesets: [{ firstgid: 1, source: 'tiles.tsj' }],
  };
  return { 'map.json': json(map), 'tiles.tsj': json(tileset), 'tiles.png': officeSheet() };
}

/**
 * A map kept in `assets/map/` whose art lives in sibling folders (`assets/tiles/`, `assets/items/`), as Phaser office
 * projects lay out: an embedded sheet tileset at `../tiles/floor.png`, an image-collection tileset of items (a desk
 * that blocks by its shape, a lamp that blocks by a property), tile objects, a `Collisions` object layer of
 * rectangles for the walls, a `MeetingRoom` with a capacity, and spawns in a `spawns` layer. It runs with
 * `MAP_ROOT=assets`. 20 × 12 tiles.
 */
export function siblingFolderFiles(): Record<string, string | Buffer> {
  const map = {
    type: 'map',
    orientation: 'orthogonal',
    infinite: false,
    width: 20,
    height: 12,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      {
        id: 1,
        name: 'Ground',
        type: 'tilelayer',
        width: 20,
        height: 12,
        visible: true,
        opacity: 1,
        data: new Array<number>(240).fill(1),
      },
      {
        id: 2,
        name: 'Walls',
        type: 'tilelayer',
        width: 20,
        height: 12,
        visible: true,
        opacity: 1,
        data: gidsOf(FRAME, { '#': 2 }),
      },
      {
        id: 3,
        name: 'Collisions',
        type: 'objectgroup',
        visible: false,
        objects: [
          { id: 1, x: 0, y: 0, width: 320, height: 16 },
          { id: 2, x: 0, y: 176, width: 320, height: 16 },
          { id: 3, x: 0, y: 0, width: 16, height: 192 },
          { id: 4, x: 304, y: 0, width: 16, height: 192 },
        ],
      },
      {
        id: 4,
        name: 'Objects',
        type: 'objectgroup',
        visible: true,
        objects: [
          { id: 5, name: 'desk', gid: 101, x: 160, y: 96, width: 32, height: 16 },
          { id: 6, name: 'lamp', gid: 102, x: 224, y: 96, width: 16, height: 32 },
        ],
      },
      {
        id: 5,
        name: 'Zones',
        type: 'objectgroup',
        visible: true,
        objects: [
          {
            id: 7,
            name: 'Board Room',
            class: 'MeetingRoom',
            x: 144,
            y: 32,
            width: 128,
            height: 112,
            properties: [{ name: 'capacity', type: 'int', value: 6 }],
          },
        ],
      },
      {
        id: 6,
        name: 'spawns',
        type: 'objectgroup',
        visible: true,
        objects: [
          { id: 8, point: true, x: 40, y: 88 },
          { id: 9, point: true, x: 56, y: 88 },
        ],
      },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'floor',
        image: '../tiles/floor.png',
        imagewidth: 64,
        imageheight: 32,
        tilewidth: 16,
        tileheight: 16,
        tilecount: 8,
        columns: 4,
        tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: false }] }],
      },
      {
        firstgid: 101,
        name: 'items',
        tilewidth: 32,
        tileheight: 32,
        tilecount: 2,
        columns: 0,
        grid: { orientation: 'orthogonal', width: 1, height: 1 },
        tiles: [
          {
            id: 0,
            image: '../items/desk.png',
            imagewidth: 32,
            imageheight: 16,
            objectgroup: { objects: [{ id: 1, x: 0, y: 4, width: 32, height: 12 }] },
          },
          {
            id: 1,
            image: '../items/lamp.png',
            imagewidth: 16,
            imageheight: 32,
            properties: [{ name: 'collides', type: 'bool', value: true }],
          },
        ],
      },
    ],
  };
  return {
    'assets/map/office.json': json(map),
    'assets/tiles/floor.png': officeSheet(),
    'assets/items/desk.png': deskImage(),
    'assets/items/lamp.png': lampImage(),
    'assets/secret.txt': 'not for browsers\n',
  };
}

/**
 * An infinite map: 16 × 16 chunks at negative coordinates (base64, plain and zlib), a group with an offset holding a
 * rug layer and a sofa from a JSON template (`.tj`) whose tileset (`.tsj`) the map does not list itself, rotated by flip
 * flags; a parallax layer; rooms in an `areas` layer with roomId; spawns from a tile layer with `startLayer`.
 * Its tiles span x -16..15, y -16..-1 (32 × 16), which become 0..31, 0..15.
 */
export function infiniteFiles(): Record<string, string | Buffer> {
  const chunk = (x: number, y: number, fill: (c: number, r: number) => number, compression: '' | 'zlib') => ({
    x,
    y,
    width: 16,
    height: 16,
    data: base64Layer(
      Array.from({ length: 256 }, (_, i) => fill(x + (i % 16), y + Math.floor(i / 16))),
      compression,
    ),
  });
  const edge = (c: number, r: number): boolean => c === -16 || c === 15 || r === -16 || r === -1;
  const tiles = (
    id: number,
    name: string,
    fill: (c: number, r: number) => number,
    extra: Record<string, unknown> = {},
    compression: '' | 'zlib' = 'zlib',
  ) => ({
    id,
    name,
    type: 'tilelayer',
    visible: true,
    opacity: 1,
    startx: -16,
    starty: -16,
    width: 32,
    height: 16,
    encoding: 'base64',
    compression,
    chunks: [chunk(-16, -16, fill, compression), chunk(0, -16, fill, compression)],
    ...extra,
  });
  const map = {
    type: 'map',
    orientation: 'orthogonal',
    infinite: true,
    width: 16,
    height: 16,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      tiles(1, 'floor', () => 1),
      tiles(2, 'walls', (c, r) => (edge(c, r) ? 2 : 0), { parallaxx: 0.5 }, ''),
      tiles(3, 'arrivals', (c, r) => (c === -12 && r === -8 ? 5 : 0), {
        visible: false,
        properties: [{ name: 'startLayer', type: 'bool', value: true }],
      }),
      {
        id: 4,
        name: 'lounge',
        type: 'group',
        offsetx: 16,
        offsety: 0,
        layers: [
          tiles(5, 'rug', (c, r) => (c >= 2 && c <= 5 && r >= -10 && r <= -6 ? 3 : 0)),
          {
            id: 6,
            name: 'deco',
            type: 'objectgroup',
            objects: [{ id: 1, template: 'sofa.tj', x: 0, y: -96 }],
          },
        ],
      },
      // Switched off in Tiled: neither drawn nor solid, whatever its tiles say.
      {
        id: 8,
        name: 'old plan',
        type: 'group',
        visible: false,
        layers: [tiles(9, 'old walls', (c, r) => (r === -8 ? 2 : 0))],
      },
      {
        id: 7,
        name: 'areas',
        type: 'objectgroup',
        objects: [
          {
            id: 2,
            name: 'Lounge',
            x: 0,
            y: -208,
            width: 224,
            height: 192,
            properties: [
              { name: 'roomId', type: 'string', value: 'lounge' },
              { name: 'capacity', type: 'int', value: 10 },
              { name: 'kind', type: 'string', value: 'lounge' },
            ],
          },
        ],
      },
    ],
    tilesets: [{ firstgid: 1, source: 'tiles.tsj' }],
  };
  const sofa = {
    type: 'template',
    tileset: { firstgid: 1, source: 'furniture.tsj' },
    object: {
      name: 'sofa',
      gid: 0x20000000 + 0x80000000 + 2,
      width: 32,
      height: 32,
      properties: [{ name: 'comfy', type: 'bool', value: true }],
    },
  };
  const furniture = {
    type: 'tileset',
    name: 'furniture',
    image: 'furniture.png',
    tilewidth: 32,
    tileheight: 32,
    tilecount: 2,
    columns: 2,
    tiles: [{ id: 1, properties: [{ name: 'solid', type: 'bool', value: true }] }],
  };
  const officeTiles = {
    type: 'tileset',
    name: 'office',
    image: 'tiles.png',
    tilewidth: 16,
    tileheight: 16,
    tilecount: 8,
    columns: 4,
    tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
  };
  return {
    'infinite.tmj': json(map),
    'sofa.tj': json(sofa),
    'furniture.tsj': json(furniture),
    'furniture.png': officeSheet(),
    'tiles.tsj': json(officeTiles),
    'tiles.png': officeSheet(),
  };
}
