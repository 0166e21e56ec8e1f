import { describe, expect, it } from 'vitest';
import { TiledMap } from '@campus/world';
import { ABOVE_DEPTH, planMapDrawing } from './mapDrawing';

const map = TiledMap.parse({
  orientation: 'orthogonal',
  width: 4,
  height: 4,
  tilewidth: 16,
  tileheight: 16,
  layers: [
    { type: 'imagelayer', name: 'photo', image: 'photo.png', offsetx: 8, offsety: 4 },
    {
      type: 'tilelayer',
      name: 'floor',
      width: 4,
      height: 4,
      data: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11],
    },
    { type: 'tilelayer', name: 'hidden', width: 4, height: 4, visible: false, data: new Array(16).fill(1) },
    {
      type: 'objectgroup',
      name: 'furniture',
      objects: [
        { id: 1, gid: 3, x: 16, y: 48, width: 32, height: 32 },
        { id: 2, gid: 0x80000000 + 10, x: 0, y: 64, width: 16, height: 32, rotation: 90 },
        { id: 3, gid: 0x20000000 + 2, x: 0, y: 16, width: 16, height: 16 },
        { id: 4, x: 0, y: 0, width: 16, height: 16 },
      ],
    },
    {
      type: 'tilelayer',
      name: 'roof',
      width: 4,
      height: 4,
      properties: [{ name: 'above', type: 'bool', value: true }],
      data: new Array(16).fill(0),
    },
  ],
  tilesets: [
    {
      firstgid: 1,
      name: 'sheet',
      image: 'tiles/sheet.png',
      columns: 2,
      tilecount: 4,
      tilewidth: 16,
      tileheight: 16,
      margin: 1,
      spacing: 2,
    },
    {
      firstgid: 10,
      name: 'items',
      columns: 0,
      tilewidth: 16,
      tileheight: 32,
      tiles: [
        { id: 0, image: 'items/lamp.png', imagewidth: 16, imageheight: 32 },
        { id: 1, image: 'items/rug.png', imagewidth: 32, imageheight: 16 },
      ],
    },
  ],
});

describe('planMapDrawing', () => {
  const drawing = planMapDrawing(map);

  it('loads each sheet, each image-collection picture and each image layer once, from where the server serves it', () => {
    expect(drawing.textures).toEqual([
      { key: 'tileset:sheet', url: 'tiles/sheet.png' },
      { key: 'tile:10', url: 'items/lamp.png' },
      { key: 'tile:11', url: 'items/rug.png' },
      { key: 'image:photo', url: 'photo.png' },
    ]);
    expect(drawing.sheets).toEqual([{ name: 'sheet', texture: 'tileset:sheet' }]);
  });

  it('draws visible tile layers in order through the tilemap, an above layer over the avatars; hidden ones not at all', () => {
    expect(drawing.tileLayers).toEqual([
      { name: 'floor', depth: -99 },
      { name: 'roof', depth: ABOVE_DEPTH },
    ]);
  });

  it('places furniture by its bottom edge among the avatars, rotated about its corner and flipped as Tiled shows it', () => {
    const [photo, rug, table, lamp, diagonal, ...rest] = drawing.placements;
    expect(rest).toEqual([]);
    expect(photo).toMatchObject({ texture: 'image:photo', x: 8, y: 4, width: 0 });
    // An image-collection tile in a tile layer, anchored at its cell's bottom-left (cell 3, 3).
    expect(rug).toMatchObject({ texture: 'tile:11', x: 64, y: 56, width: 32, height: 16, depth: -99 });
    // A sheet tile: its frame found with the tileset's margin and spacing.
    expect(table).toMatchObject({
      texture: 'tileset:sheet',
      frame: { name: 'gid-3', x: 1, y: 19, width: 16, height: 16 },
      x: 32,
      y: 32,
      width: 32,
      height: 32,
      angle: 0,
      depth: 48,
    });
    // Turned 90° clockwise about its bottom-left corner (0, 64): its centre moves from (8, 48) to (16, 72).
    expect(lamp).toMatchObject({ texture: 'tile:10', flipX: true, flipY: false, angle: 90, depth: 64 });
    expect(lamp!.x).toBeCloseTo(16);
    expect(lamp!.y).toBeCloseTo(72);
    // An anti-diagonal flip: a mirrored image turned a quarter anticlockwise.
    expect(diagonal).toMatchObject({ flipX: true, flipY: false, angle: -90, x: 8, y: 8 });
  });
});
