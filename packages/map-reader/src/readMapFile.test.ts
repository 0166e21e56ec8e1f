import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorldMap } from '@campus/world';
import { OFFICE, writeTestMap, type TestMapName } from '@campus/test-maps';
import { readMapFile, type MapBundle } from './readMapFile';

const maps = {} as Record<TestMapName, { mapFile: string; root?: string }>;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-test-maps-'));
  for (const name of ['office', 'tutorial', 'siblingFolders', 'infinite'] as const)
    maps[name] = writeTestMap(name, join(dir, name));
});

const blocked = (world: WorldMap, cells: Array<[number, number]>): boolean[] =>
  cells.map(([c, r]) => world.isBlockedTile(c, r));
type Json = Record<string, unknown>;
const layer = (bundle: MapBundle, name: string): Json =>
  (bundle.clientMap.layers as Json[]).find((l) => l.name === name)!;

describe('a WorkAdventure-style office: external .tsx tilesets, zlib and gzip layers, groups, tile objects, a template', () => {
  let office: MapBundle;
  beforeAll(() => {
    office = readMapFile(maps.office.mapFile);
  });

  it('walls block, the table blocks under its collision shape, the chair does not, the plant blocks by property', () => {
    const { table } = OFFICE;
    expect(
      blocked(office.world, [
        [0, 0],
        [OFFICE.wallColumn, 3],
        [OFFICE.wallColumn, 6],
      ]),
    ).toEqual([true, true, false]);
    expect(
      blocked(office.world, [
        [table.column, 9],
        [table.column + 1, 10],
        [table.column + 2, 9],
      ]),
    ).toEqual([true, true, false]);
    expect(
      blocked(office.world, [
        [6, 7],
        [6, 8],
      ]),
    ).toEqual([false, false]); // the chair
    expect(
      blocked(office.world, [
        [1, 1],
        [2, 2],
      ]),
    ).toEqual([true, true]); // the plant
  });

  it('spawns on the hidden start tile layer, and the zone with a jitsiRoom is a classroom; furniture is not a room', () => {
    expect(office.world.spawns).toEqual([{ x: 56, y: 152 }]);
    expect(office.world.areas).toEqual([
      {
        id: 'quiet-room',
        name: 'Quiet Room',
        kind: 'classroom',
        capacity: 6,
        rect: { x: 192, y: 16, width: 176, height: 192 },
      },
    ]);
    expect(office.notices).toEqual([]);
  });

  it('hands browsers one self-contained map: groups flattened, data decoded, tilesets embedded, the template applied', () => {
    const names = (office.clientMap.layers as Json[]).map((l) => l.name);
    expect(names).toEqual([
      'building/floor',
      'building/walls',
      'building/details/carpet',
      'building/details/notes',
      'start',
      'furniture',
      'floorLayer',
      'lintels',
    ]);
    const floor = layer(office, 'building/floor');
    expect(floor).not.toHaveProperty('encoding');
    expect(floor).not.toHaveProperty('compression');
    expect((floor.data as number[]).slice(0, 3)).toEqual([0, 0, 0]);
    expect((floor.data as number[])[OFFICE.width + 1]).toBe(1);
    expect(layer(office, 'building/details/notes').visible).toBe(false);
    // After the floorLayer, drawn over the avatars.
    expect(layer(office, 'lintels').properties).toEqual([{ name: 'above', type: 'bool', value: true }]);
    const tilesets = office.clientMap.tilesets as Json[];
    expect(tilesets.map((t) => [t.firstgid, t.name, t.image, t.source])).toEqual([
      [1, 'office', 'tilesets/office.png', undefined],
      [9, 'furniture', 'tilesets/furniture.png', undefined],
    ]);
    const table = (layer(office, 'furniture').objects as Json[])[0]!;
    expect(table).toMatchObject({ id: 1, name: 'table', gid: 9, width: 32, height: 32, x: 96, y: 176 });
    expect(table).not.toHaveProperty('template');
    expect(table.properties).toEqual([{ name: 'seats', type: 'int', value: 4 }]);
  });

  it('decodes the gzip-compressed carpet layer to the tiles the generator drew', () => {
    const saved = JSON.parse(readFileSync(maps.office.mapFile, 'utf8')) as { layers: Json[] };
    const building = saved.layers.find((l) => l.name === 'building') as { layers: Json[] };
    const details = building.layers.find((l) => l.name === 'details') as { layers: Json[] };
    const carpet = details.layers.find((l) => l.name === 'carpet')!;
    expect(carpet).toMatchObject({ encoding: 'base64', compression: 'gzip' });
    // gzip's magic bytes: the test map really holds gzip, not zlib under a gzip label.
    expect([...Buffer.from(carpet.data as string, 'base64').subarray(0, 2)]).toEqual([0x1f, 0x8b]);

    const data = layer(office, 'building/details/carpet').data as number[];
    expect(data).toHaveLength(OFFICE.width * OFFICE.height);
    const drawn = data.flatMap((gid, i) =>
      gid === 0 ? [] : [{ gid, c: i % OFFICE.width, r: Math.floor(i / OFFICE.width) }],
    );
    // Carpet (gid 3) over columns 13..21 and rows 3..10 of the right room, nothing else.
    expect(drawn).toHaveLength(9 * 8);
    expect(new Set(drawn.map((t) => t.gid))).toEqual(new Set([3]));
    expect(drawn[0]).toEqual({ gid: 3, c: 13, r: 3 });
    expect(drawn.at(-1)).toEqual({ gid: 3, c: 21, r: 10 });
    expect(drawn.every((t) => t.c >= 13 && t.c <= 21 && t.r >= 3 && t.r <= 10)).toBe(true);
  });

  it('keeps every property type, from the map JSON and from the .tsx XML', () => {
    const types = (office.clientMap.properties as Json[]).map((p) => p.type);
    expect(types).toEqual(['string', 'int', 'float', 'bool', 'color', 'file', 'object', 'class', 'list']);
    const officeTiles = (office.clientMap.tilesets as Json[])[0]!.tiles as Json[];
    expect(officeTiles.find((t) => t.id === 1)!.properties).toEqual([
      { name: 'collides', type: 'bool', value: true },
      { name: 'material', type: 'string', value: 'brick' },
      { name: 'note', type: 'string', value: 'a wall,\ntwo lines' },
    ]);
    expect(officeTiles.find((t) => t.id === 4)!.properties).toEqual([
      { name: 'marker', type: 'class', propertytype: 'Marker', value: { colour: '#ff6cc06c', size: 1 } },
      { name: 'weight', type: 'float', value: 2.5 },
      { name: 'sound', type: 'file', value: '../sounds/step.ogg' },
      { name: 'door', type: 'object', value: 3 },
      {
        name: 'tags',
        type: 'list',
        value: [
          { type: 'string', value: 'entry' },
          { type: 'int', value: 3 },
        ],
      },
    ]);
  });

  it('serves exactly the images the map references, from the map’s folder', () => {
    expect(office.folder.servedPaths()).toEqual(['tilesets/furniture.png', 'tilesets/office.png']);
    expect(office.folder.fileFor('tilesets/office.png')).toBe(
      join(maps.office.mapFile, '../tilesets/office.png'),
    );
    expect(office.folder.fileFor('tilesets/office.tsx')).toBeUndefined();
    expect(office.folder.fileFor('../../etc/passwd')).toBeUndefined();
  });
});

describe('a game-tutorial map: a .tsj tileset whose walls block by collision shapes, flipped tiles, a Spawn Point', () => {
  it('is walkable with walls, water blocks however it is flipped, and people start at the Spawn Point', () => {
    const { world, notices, summary } = readMapFile(maps.tutorial.mapFile);
    expect(
      blocked(world, [
        [0, 0],
        [19, 11],
        [1, 1],
        [5, 5],
        [6, 5],
        [7, 5],
      ]),
    ).toEqual([true, true, false, true, true, false]);
    expect(summary.collision.tileShape).toBe(62);
    expect(world.spawns).toEqual([{ x: 80, y: 120 }]);
    expect(world.areas).toEqual([]);
    expect(notices).toEqual([]);
  });
});

describe('a map whose images sit in sibling folders', () => {
  it('with MAP_ROOT, serves ../tiles and ../items; collision rectangles, an image collection, a meeting room', () => {
    const bundle = readMapFile(maps.siblingFolders.mapFile, { root: maps.siblingFolders.root });
    expect(bundle.notices).toEqual([]);
    expect(bundle.folder.servedPaths()).toEqual(['items/desk.png', 'items/lamp.png', 'tiles/floor.png']);
    const items = (bundle.clientMap.tilesets as Json[])[1]!;
    expect((items.tiles as Json[]).map((t) => t.image)).toEqual(['items/desk.png', 'items/lamp.png']);
    // Walls from the hidden Collisions rectangles; the desk blocks its lower 12 px, the lamp all of it.
    expect(
      blocked(bundle.world, [
        [0, 5],
        [19, 5],
        [10, 5],
        [10, 4],
        [14, 5],
        [14, 4],
        [1, 5],
      ]),
    ).toEqual([true, true, true, false, true, true, false]);
    // The two points of the `spawns` object layer, kept where they are: each is already a tile's middle.
    expect(bundle.world.spawns).toEqual([
      { x: 40, y: 88 },
      { x: 56, y: 88 },
    ]);
    expect(bundle.world.areas).toEqual([
      {
        id: 'board-room',
        name: 'Board Room',
        kind: 'classroom',
        capacity: 6,
        rect: { x: 144, y: 32, width: 128, height: 112 },
      },
    ]);
    expect(bundle.folder.fileFor('secret.txt')).toBeUndefined();
  });

  it('without MAP_ROOT, loads and walks the same but warns that it will not serve the images', () => {
    const bundle = readMapFile(maps.siblingFolders.mapFile);
    expect(bundle.folder.servedPaths()).toEqual([]);
    expect(bundle.notices.map((n) => `${n.file}: ${n.message}`)).toEqual([
      `office.json: image "../tiles/floor.png" lies outside the folder served for this map (${join(maps.siblingFolders.mapFile, '..')}), so browsers cannot load it and tileset "floor" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
      `office.json: image "../items/desk.png" lies outside the folder served for this map (${join(maps.siblingFolders.mapFile, '..')}), so browsers cannot load it and tile 0 of tileset "items" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
      `office.json: image "../items/lamp.png" lies outside the folder served for this map (${join(maps.siblingFolders.mapFile, '..')}), so browsers cannot load it and tile 1 of tileset "items" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
    ]);
    expect(bundle.world.isBlockedTile(14, 5)).toBe(true);
  });
});

describe('an infinite map with chunks, a group offset, a JSON template from a tileset the map does not list', () => {
  it('is cut to the bounds of its tiles, everything moved with the corner', () => {
    const bundle = readMapFile(maps.infinite.mapFile);
    const { world } = bundle;
    expect([world.widthTiles, world.heightTiles]).toEqual([32, 16]);
    expect(bundle.clientMap.infinite).toBe(false);
    expect(
      blocked(world, [
        [0, 0],
        [31, 15],
        [1, 1],
        [30, 14],
      ]),
    ).toEqual([true, true, false, false]);
    // Row 8 holds the hidden group's walls: not there.
    expect(
      blocked(world, [
        [5, 8],
        [10, 8],
      ]),
    ).toEqual([false, false]);
    expect(layer(bundle, 'old plan/old walls').visible).toBe(false);
    // The start tile (-12, -8) is now (4, 8).
    expect(world.spawns).toEqual([{ x: 72, y: 136 }]);
    expect(world.areas).toEqual([
      {
        id: 'lounge',
        name: 'Lounge',
        kind: 'lounge',
        capacity: 10,
        rect: { x: 256, y: 48, width: 224, height: 192 },
      },
    ]);
    // The sofa: the template's tileset appended at gid 9, its flips kept, moved by the group's 16 px: cells 17..18 × 8..9.
    const sofa = (layer(bundle, 'lounge/deco').objects as Json[])[0]!;
    expect(sofa).toMatchObject({ name: 'sofa', gid: 0x80000000 + 0x20000000 + 10, x: 272, y: 160 });
    expect(
      blocked(world, [
        [17, 8],
        [18, 9],
        [16, 8],
        [19, 9],
      ]),
    ).toEqual([true, true, false, false]);
    // The rug's group offset moves it by one tile when drawn; it stays offset, as Tiled shows it.
    expect(layer(bundle, 'lounge/rug')).toMatchObject({ offsetx: 16, offsety: 0 });
    expect(bundle.notices.map((n) => n.message)).toEqual([
      'layer "walls" scrolls with parallax, which the campus does not do, so it is drawn fixed to the map',
      'the map is infinite; its tiles span 32×16 from tile (-16, -16), which becomes the top-left corner',
    ]);
  });
});
