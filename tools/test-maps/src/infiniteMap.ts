import { json } from './mapText';
import { officeSheet } from './testArt';
import { base64Layer } from './tiledEncoding';

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
