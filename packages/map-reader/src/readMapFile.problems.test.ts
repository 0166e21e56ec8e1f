import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MapLoadError } from '@campus/world';
import { readMapFile } from './readMapFile';

type Json = Record<string, unknown>;

describe('problems, one line each', () => {
  const dir = mkdtempSync(join(tmpdir(), 'campus-broken-maps-'));
  const write = (name: string, content: string | Json): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const tileset = {
    firstgid: 1,
    name: 't',
    image: 't.png',
    tilewidth: 16,
    tileheight: 16,
    tilecount: 1,
    columns: 1,
  };
  const small = (layerExtra: Json = {}, extra: Json = {}): Json => ({
    type: 'map',
    orientation: 'orthogonal',
    width: 2,
    height: 2,
    tilewidth: 16,
    tileheight: 16,
    layers: [{ type: 'tilelayer', name: 'floor', width: 2, height: 2, data: [1, 1, 1, 1], ...layerExtra }],
    tilesets: [tileset],
    ...extra,
  });
  const errors = (file: string, root?: string): string[] => {
    try {
      readMapFile(file, { root });
    } catch (err) {
      expect(err).toBeInstanceOf(MapLoadError);
      return (err as MapLoadError).notices
        .filter((n) => n.level === 'error')
        .map((n) => `${n.file}: ${n.message}`);
    }
    throw new Error('the map loaded');
  };
  const warnings = (file: string): string[] =>
    readMapFile(file)
      .notices.filter((n) => n.level === 'warning')
      .map((n) => `${n.file}: ${n.message}`);

  it.each([
    [
      'zstd',
      { encoding: 'base64', compression: 'zstd', data: 'KLUv/SAQgQAAAQAAAAEAAAABAAAAAQAAAA==' },
      'layer "floor" uses zstd compression, which this server cannot read (Node\'s zlib has no zstd); in Tiled open Map › Map Properties, set Tile Layer Format to "CSV" or "Base64 (zlib compressed)", and save',
    ],
    [
      'corrupt zlib',
      { encoding: 'base64', compression: 'zlib', data: 'AAAA' },
      'layer "floor" has base64 zlib data that does not decompress (unknown compression method); save the map again from Tiled',
    ],
    [
      'short data',
      { data: [1, 1, 1] },
      'layer "floor" has 3 tiles of data where its size needs 4; save the map again from Tiled',
    ],
    [
      'wrong size',
      { width: 3, data: [1, 1, 1, 1, 1, 1] },
      'layer "floor" is 3×2 tiles but the map is 2×2; resize it in Tiled (Map › Resize Map fixes every layer)',
    ],
  ])('refuses a layer with %s', (name, layerExtra, message) => {
    expect(errors(write(`${name}.tmj`, small(layerExtra)))).toEqual([`${name}.tmj: ${message}`]);
  });

  it('refuses a TMX map, a world, a missing file, not JSON, not a map, an isometric map, a missing MAP_ROOT', () => {
    expect(errors(write('office.tmx', '<map/>'))).toEqual([
      'office.tmx: this is a TMX (XML) map; the server reads Tiled\'s JSON format: in Tiled use File › Export As and choose "JSON map files (*.tmj *.json)" (its tilesets may stay .tsx)',
    ]);
    expect(errors(write('campus.world', '{}'))).toEqual([
      'campus.world: this is a Tiled world (several maps); the campus runs one map: point MAP_FILE at one of its .tmj maps',
    ]);
    expect(errors(join(dir, 'nowhere.tmj'))).toEqual([
      `nowhere.tmj: map file not found (looked for ${join(dir, 'nowhere.tmj')}); check MAP_FILE`,
    ]);
    expect(errors(write('notjson.tmj', '{"layers": ['))).toEqual([
      `notjson.tmj: is not JSON (${(() => {
        try {
          JSON.parse('{"layers": [');
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      })()}); save it from Tiled as a JSON map (File › Export As › JSON map files)`,
    ]);
    expect(errors(write('package.json', { name: 'x' }))).toEqual([
      'package.json: is JSON but not a Tiled map (it has no "layers"); point MAP_FILE at the .tmj file Tiled saved',
    ]);
    expect(errors(write('iso.tmj', small({}, { orientation: 'isometric' })))).toEqual([
      'iso.tmj: the map is isometric; the campus walks orthogonal (top-down, square grid) maps only, so it needs redrawing as an orthogonal map in Tiled',
    ]);
    expect(errors(write('rooted.tmj', small()), join(dir, 'no-such-root'))).toEqual([
      `rooted.tmj: MAP_ROOT ${join(dir, 'no-such-root')} does not exist; set it to the folder that holds the map and its images`,
    ]);
  });

  it('refuses a missing tileset file, a broken .tsx, a missing template; names the file each is about', () => {
    expect(
      errors(write('lost.tmj', small({}, { tilesets: [{ firstgid: 1, source: 'gone/tiles.tsx' }] }))),
    ).toEqual([
      `lost.tmj: tileset file "gone/tiles.tsx" not found (looked for ${join(dir, 'gone/tiles.tsx')}); put it there, or point the map at it in Tiled (Map › Replace Tileset)`,
    ]);
    write('broken.tsx', '<tileset name="x"><image source="a.png"</tileset>');
    expect(
      errors(write('broken.tmj', small({}, { tilesets: [{ firstgid: 1, source: 'broken.tsx' }] })))[0],
    ).toMatch(
      /^broken\.tsx: is not a Tiled tileset file: not well-formed XML \(.+\); open and save it again in Tiled$/,
    );
    const withTemplate = small();
    (withTemplate.layers as Json[]).push({
      type: 'objectgroup',
      name: 'furniture',
      objects: [{ id: 7, name: 'desk', template: 'desk.tx', x: 0, y: 0 }],
    });
    expect(errors(write('templated.tmj', withTemplate))).toEqual([
      `templated.tmj: object 7 "desk" in layer "furniture": template "desk.tx" not found (looked for ${join(dir, 'desk.tx')}); put it there, or detach the object from its template in Tiled (Detach Template)`,
    ]);
  });

  it('names the layer and object of a field of the wrong type, in one line, not a schema dump', () => {
    const map = small();
    (map.layers as Json[]).push({
      type: 'objectgroup',
      name: 'furniture',
      objects: [{ id: 4, name: 'desk', x: 'left', y: 0 }],
    });
    expect(errors(write('typo.tmj', map))).toEqual([
      'typo.tmj: not a usable Tiled JSON map: layer "furniture", object 4 "desk", "x": invalid input: expected number, received string',
    ]);
  });

  it.each([
    [
      'ids',
      { data: [1, 1, 1, -1] },
      'layer "floor" has data that are not tile ids (whole numbers); save the map again from Tiled',
    ],
    [
      'encoding',
      { encoding: 'hex', data: '01' },
      'layer "floor" has no tile data Tiled\'s JSON format allows (encoding "hex")',
    ],
    [
      'lz4',
      { encoding: 'base64', compression: 'lz4', data: 'AAAA' },
      'layer "floor" uses compression "lz4", which Tiled does not write; in Tiled open Map › Map Properties, set Tile Layer Format to "CSV" or "Base64 (zlib compressed)", and save',
    ],
    [
      'bytes',
      { encoding: 'base64', data: 'AAAAAAA=' },
      'layer "floor" has 5 bytes of tile data, not a whole number of 4-byte tile ids; save the map again from Tiled',
    ],
  ])('refuses layer data with bad %s', (name, layerExtra, message) => {
    expect(errors(write(`data-${name}.tmj`, small(layerExtra)))).toEqual([`data-${name}.tmj: ${message}`]);
  });

  it('refuses a tileset without firstgid, a group without layers, a template without an object, a map too large', () => {
    expect(errors(write('nofirst.tmj', small({}, { tilesets: [{ name: 't', image: 't.png' }] })))).toEqual([
      'nofirst.tmj: a tileset has no "firstgid"; save the map again from Tiled',
    ]);
    const group = small();
    (group.layers as Json[]).push({ type: 'group', name: 'empty' });
    expect(errors(write('group.tmj', group))).toEqual([
      'group.tmj: group "empty" has no "layers" list; save the map again from Tiled',
    ]);
    write('hollow.tj', { type: 'template' });
    const hollow = small();
    (hollow.layers as Json[]).push({
      type: 'objectgroup',
      name: 'o',
      objects: [{ id: 1, template: 'hollow.tj', x: 0, y: 0 }],
    });
    expect(errors(write('hollow.tmj', hollow))).toEqual([
      'hollow.tj: is not a Tiled template file: it has no "object"; open and save it again in Tiled',
    ]);
    const wide = {
      ...small(
        {
          data: undefined,
          chunks: [
            { x: 0, y: 0, width: 1, height: 1, data: [1] },
            { x: 2000, y: 0, width: 1, height: 1, data: [1] },
          ],
        },
        { infinite: true },
      ),
    };
    expect(errors(write('wide.tmj', wide))).toEqual([
      "wide.tmj: the map's tiles span 2001×1; the campus takes at most 1024×1024, so crop it in Tiled (Map › Resize Map)",
    ]);
  });

  it('leaves out a layer of a type Tiled does not write, with a warning', () => {
    const odd = small();
    (odd.layers as Json[]).push({ type: 'hexlayer', name: 'odd' });
    expect(warnings(write('odd.tmj', odd))).toEqual([
      'odd.tmj: image "t.png" not found (looked for ' +
        join(dir, 't.png') +
        '), so tileset "t" is not drawn (what it blocks still blocks); put the image there or fix the path in Tiled',
      'odd.tmj: layer "odd" is of type "hexlayer", which Tiled does not write, so it is left out',
      'odd.tmj: nothing blocks walking (no tile has a "collides" property or a collision shape, and there is no "collision" layer), so people walk through walls; in Tiled select the wall tiles in the tileset and add a bool property "collides" = true',
      'odd.tmj: no spawn point found, so people start at (8, 8) near the middle of the largest open area; add a point object of class "spawn" in Tiled (or a tile layer named "start") to choose where',
    ]);
  });

  it.each([
    ['a null tileset', small({}, { tilesets: [null] })],
    ['a null chunk', small({ data: undefined, chunks: [null] }, { infinite: true })],
    ['a null tile in a tileset', small({}, { tilesets: [{ ...tileset, tiles: [null] }] })],
  ])('refuses a map with %s in one line, not a stack trace', (_name, map) => {
    const [line, ...more] = errors(write('nulls.tmj', map));
    expect(more).toEqual([]);
    expect(line).toMatch(/^nulls\.tmj: .+; open the map in Tiled and save it again$/);
    expect(line).not.toMatch(/\n|\bat \S+ \(/);
  });

  it('refuses an infinite map without tiles', () => {
    expect(errors(write('void.tmj', small({ data: undefined, chunks: [] }, { infinite: true })))).toEqual([
      'void.tmj: the infinite map has no tiles at all; draw its floor in Tiled first',
    ]);
  });

  it('warns about an image layer whose image is missing or outside the served folder, and leaves both undrawn', () => {
    // The map sits in a subfolder, so an image beside that folder exists but is outside what is served.
    mkdirSync(join(dir, 'layered'), { recursive: true });
    write('outside.png', 'a picture');
    const map = small();
    (map.layers as Json[]).push(
      { type: 'imagelayer', name: 'backdrop', image: 'backdrop.png' },
      {
        type: 'group',
        name: 'decor',
        layers: [{ type: 'imagelayer', name: 'photo', image: '../outside.png' }],
      },
    );
    const file = write('layered/imaged.tmj', map);
    const bundle = readMapFile(file);
    expect(
      bundle.notices
        .filter((n) => n.message.startsWith('layer '))
        .map((n) => `${n.level} ${n.file}: ${n.message}`),
    ).toEqual([
      `warning imaged.tmj: layer "backdrop": image "backdrop.png" not found (looked for ${join(dir, 'layered/backdrop.png')}), so the layer is not drawn; put the image there or fix the path in Tiled`,
      `warning imaged.tmj: layer "decor/photo": image "../outside.png" lies outside the folder served for this map (${join(dir, 'layered')}), so browsers cannot load it and the layer is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
    ]);
    const images = (bundle.clientMap.layers as Json[]).filter((l) => l.type === 'imagelayer');
    expect(images.map((l) => [l.name, l.image])).toEqual([
      ['backdrop', undefined],
      ['decor/photo', undefined],
    ]);
    expect(bundle.folder.servedPaths()).toEqual([]);
    // With a root that holds the image, the same layer is served and drawn, without a warning.
    const rooted = readMapFile(file, { root: dir });
    expect(rooted.notices.filter((n) => n.message.startsWith('layer "decor/photo"'))).toEqual([]);
    expect((rooted.clientMap.layers as Json[]).find((l) => l.name === 'decor/photo')!.image).toBe(
      'outside.png',
    );
  });

  it('warns about a missing image, an image outside the folder, an object showing a tile no tileset has', () => {
    const map = small(
      {},
      {
        tilesets: [
          {
            firstgid: 1,
            name: 't',
            image: 'missing.png',
            tilewidth: 16,
            tileheight: 16,
            tilecount: 2,
            columns: 2,
            tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
          },
          {
            firstgid: 3,
            name: 'u',
            image: '../../../../etc/passwd',
            tilewidth: 16,
            tileheight: 16,
            tilecount: 1,
            columns: 1,
          },
        ],
      },
    );
    (map.layers as Json[]).push({
      type: 'objectgroup',
      name: 'furniture',
      objects: [
        { id: 4, gid: 99, x: 0, y: 16, width: 16, height: 16 },
        { id: 5, type: 'spawn', point: true, x: 8, y: 8 },
      ],
    });
    (map.layers as Json[]).push({
      type: 'tilelayer',
      name: 'walls',
      width: 2,
      height: 2,
      data: [0, 0, 0, 2],
    });
    const file = write('warned.tmj', map);
    expect(warnings(file)).toEqual([
      `warned.tmj: image "missing.png" not found (looked for ${join(dir, 'missing.png')}), so tileset "t" is not drawn (what it blocks still blocks); put the image there or fix the path in Tiled`,
      `warned.tmj: image "../../../../etc/passwd" lies outside the folder served for this map (${dir}), so browsers cannot load it and tileset "u" is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
      'warned.tmj: object 4 in layer "furniture" shows tile 99, which no tileset has, so it is left out; delete it or add its tileset back in Tiled',
    ]);
    expect(readMapFile(file).folder.servedPaths()).toEqual([]);
  });
});
