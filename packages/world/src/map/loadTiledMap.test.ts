import { describe, expect, it } from 'vitest';
import { loadTiledMap } from './loadTiledMap';
import { MapLoadError } from './MapNotice';

/** A 4×3 map as the Tiled editor saves it: tile 2 collides by property; a collision layer adds one more cell. */
function tiledFixture(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'map',
    version: '1.10',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    infinite: false,
    width: 4,
    height: 3,
    tilewidth: 16,
    tileheight: 16,
    layers: [
      { type: 'tilelayer', name: 'floor', width: 4, height: 3, data: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
      { type: 'tilelayer', name: 'walls', width: 4, height: 3, data: [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      {
        type: 'tilelayer',
        name: 'collision',
        width: 4,
        height: 3,
        data: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9],
      },
      {
        type: 'objectgroup',
        name: 'areas',
        objects: [
          {
            id: 1,
            name: 'Room 101',
            type: 'room',
            x: 16,
            y: 16,
            width: 32,
            height: 16,
            properties: [
              { name: 'roomId', type: 'string', value: 'room-101' },
              { name: 'capacity', type: 'int', value: 12 },
              { name: 'kind', type: 'string', value: 'classroom' },
            ],
          },
        ],
      },
      { type: 'objectgroup', name: 'spawns', objects: [{ id: 2, name: 'spawn', point: true, x: 8, y: 40 }] },
    ],
    tilesets: [
      {
        firstgid: 1,
        name: 'campus',
        image: 'campus-tiles.png',
        columns: 2,
        tilecount: 2,
        tilewidth: 16,
        tileheight: 16,
        tiles: [{ id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] }],
      },
    ],
    ...overrides,
  };
}

describe('loadTiledMap', () => {
  it('reads size, collisions from tile properties and the collision layer, areas and spawns', () => {
    const map = loadTiledMap(tiledFixture());
    expect([map.widthTiles, map.heightTiles, map.tileSize, map.widthPx, map.heightPx]).toEqual([
      4, 3, 16, 64, 48,
    ]);
    expect(map.isBlockedTile(0, 0)).toBe(true); // walls layer, tile with collides
    expect(map.isBlockedTile(1, 0)).toBe(true);
    expect(map.isBlockedTile(2, 0)).toBe(false);
    expect(map.isBlockedTile(3, 2)).toBe(true); // collision layer
    expect(map.isBlockedTile(1, 1)).toBe(false); // floor tile without the property
    expect(map.areas).toEqual([
      {
        id: 'room-101',
        name: 'Room 101',
        kind: 'classroom',
        capacity: 12,
        rect: { x: 16, y: 16, width: 32, height: 16 },
      },
    ]);
    expect(map.areaAt({ x: 20, y: 20 })?.id).toBe('room-101');
    expect(map.areaAt({ x: 8, y: 8 })).toBeUndefined();
    expect(map.spawns).toEqual([{ x: 8, y: 40 }]);
  });

  it('ignores Tiled flip flags on gids (written unsigned, as Tiled does)', () => {
    const flipped = tiledFixture();
    const layers = flipped.layers as Array<{ data?: number[] }>;
    layers[1]!.data = [0x80000002, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(loadTiledMap(flipped).isBlockedTile(0, 0)).toBe(true);
  });

  it('accepts Tiled 1.9+ "class" in place of "type"', () => {
    const map = tiledFixture();
    const layers = map.layers as Array<Record<string, unknown>>;
    const areas = layers[3]!.objects as Array<Record<string, unknown>>;
    areas[0] = { ...areas[0], type: undefined, class: 'room' };
    layers[3] = { ...layers[3], name: 'rooms' };
    expect(loadTiledMap(map).areas.map((a) => a.id)).toEqual(['room-101']);
  });

  it.each([
    [
      'not a map at all',
      'hello',
      'not a usable Tiled JSON map: invalid input: expected object, received string',
    ],
    [
      'an isometric map',
      tiledFixture({ orientation: 'isometric' }),
      'not a usable Tiled JSON map: "orientation": orientation must be "orthogonal" (Map › Map Properties in Tiled)',
    ],
    [
      'non-square tiles',
      tiledFixture({ tileheight: 8 }),
      "tiles must be square, got 16×8; set the map's tile size (Map › Map Properties) to a square such as 16×16",
    ],
    [
      'an external tileset',
      tiledFixture({ tilesets: [{ firstgid: 1, source: 'campus.tsj' }] }),
      'tileset "campus.tsj" is not embedded; the server embeds external tilesets before this step',
    ],
    [
      'a group layer not yet flattened',
      tiledFixture({ layers: [{ type: 'group', name: 'building', layers: [] }] }),
      'group layer "building" is not flattened; the server flattens groups before this step',
    ],
    [
      'a layer of the wrong size',
      tiledFixture({ width: 5 }),
      'layer "floor" must be 5×3 tiles with 15 entries, like the map',
    ],
  ])('refuses %s with a one-line reason', (_label, json, reason) => {
    expect(() => loadTiledMap(json)).toThrow(MapLoadError);
    expect(() => loadTiledMap(json)).toThrow(reason);
    try {
      loadTiledMap(json);
    } catch (err) {
      expect((err as MapLoadError).notices[0]).toEqual({ level: 'error', message: reason });
    }
  });

  it('loads what the old loader refused, with defaults: no capacity, a duplicate id, no spawn, a walled spawn', () => {
    const noCapacity = tiledFixture();
    const areas = (noCapacity.layers as Array<{ objects?: Array<{ properties?: unknown[] }> }>)[3]!.objects!;
    areas[0]!.properties = [{ name: 'roomId', type: 'string', value: 'room-101' }];
    expect(loadTiledMap(noCapacity).areas[0]?.capacity).toBe(12);

    const twice = tiledFixture();
    const twiceAreas = (twice.layers as Array<{ objects?: unknown[] }>)[3]!.objects!;
    twiceAreas.push({ ...(twiceAreas[0] as object), id: 3 });
    expect(loadTiledMap(twice).areas.map((a) => a.id)).toEqual(['room-101', 'room-101-2']);

    const walledSpawn = tiledFixture();
    (walledSpawn.layers as Array<{ objects?: unknown[] }>)[4]!.objects = [
      { id: 5, point: true, type: 'spawn', x: 8, y: 8 },
    ];
    // The only spawn stands in a wall: the default, the open tile nearest the middle, takes its place.
    expect(loadTiledMap(walledSpawn).spawns).toEqual([{ x: 40, y: 24 }]);
  });
});
