import { describe, expect, it } from 'vitest';
import { SPAWN, loaded, mapOf, messages, objects, prop, tiles } from '../testing/tiledParts';
import { interpretMap } from './interpretMap';

describe('collision conventions', () => {
  it('blocks tiles with a collides property, a string "true" wall property, or a collision shape; and the empty black', () => {
    const { world, summary } = loaded(mapOf([tiles('floor', ['#.s.w.', '...   ', '......']), SPAWN]));
    const row0 = [0, 1, 2, 3, 4, 5].map((c) => world.isBlockedTile(c, 0));
    expect(row0).toEqual([true, false, true, false, true, false]);
    expect([3, 4, 5].map((c) => world.isBlockedTile(c, 1))).toEqual([true, true, true]); // nothing drawn
    expect(summary.collision).toMatchObject({ tileProperty: 2, tileShape: 1, empty: 3 });
  });

  it('a layer named collision or Collisions blocks wherever it has a tile, even hidden; so does a layer with solid = true', () => {
    for (const blocker of [
      tiles('Collisions', ['d     ', '      '], { visible: false }),
      tiles('collision', ['d     ', '      ']),
      tiles('walls/top', ['d     ', '      '], { properties: [prop('solid', true)] }),
    ]) {
      const { world } = loaded(
        mapOf([
          tiles('floor', ['......', '......']),
          blocker,
          objects('spawns', [{ point: true, x: 40, y: 24 }]),
        ]),
      );
      expect(world.isBlockedTile(0, 0)).toBe(true);
      expect(world.isBlockedTile(1, 0)).toBe(false);
    }
  });

  it('a hidden ordinary layer is neither drawn nor solid; an image layer stands in for the floor', () => {
    const hidden = loaded(
      mapOf([
        tiles('floor', ['......']),
        tiles('old walls', ['#.....'], { visible: false }),
        objects('s', [{ type: 'spawn', point: true, x: 40, y: 12 }]),
      ]),
    );
    expect(hidden.world.isBlockedTile(0, 0)).toBe(false);
    expect(hidden.summary.layers.find((l) => l.name === 'old walls')?.ignored).toBe(
      'hidden, and not a collision, spawn or room layer',
    );

    const imageFloor = loaded(
      mapOf([
        { type: 'imagelayer', name: 'photo', image: 'office.png' },
        tiles('walls', ['#     ']),
        objects('s', [{ type: 'spawn', point: true, x: 40, y: 12 }]),
      ]),
    );
    expect(imageFloor.world.isBlockedTile(0, 0)).toBe(true);
    expect(imageFloor.world.isBlockedTile(3, 0)).toBe(false);
  });

  it('tile objects block under their tile’s collision shape (scaled, flipped) or whole when the tile or object collides', () => {
    const floor = tiles('floor', ['........', '........', '........', '........', '........', '........']);
    const table = (extra: Record<string, unknown>) =>
      loaded(
        mapOf([
          floor,
          objects('furniture', [{ gid: 101, x: 32, y: 64, width: 32, height: 32, ...extra }]),
          objects('spawns', [{ point: true, x: 8, y: 90 }]),
        ]),
      ).world;
    // The table covers cells (2..3, 2..3); its shape is its bottom half: row 3 blocks, row 2 does not.
    const plain = table({});
    expect([
      plain.isBlockedTile(2, 2),
      plain.isBlockedTile(2, 3),
      plain.isBlockedTile(3, 3),
      plain.isBlockedTile(4, 3),
    ]).toEqual([false, true, true, false]);
    // Flipped vertically, the shape is on top.
    const flipped = table({ gid: 0x40000000 + 101 });
    expect([flipped.isBlockedTile(2, 2), flipped.isBlockedTile(2, 3)]).toEqual([true, false]);
    // Drawn twice as large (cells 2..5 × 2..5), the shape grows with it: rows 4..5.
    const large = table({ width: 64, height: 64, y: 96 });
    expect([large.isBlockedTile(5, 5), large.isBlockedTile(5, 4), large.isBlockedTile(5, 3)]).toEqual([
      true,
      true,
      false,
    ]);
    // A tile that collides as a whole, or an object that says so itself.
    expect(table({ gid: 102 }).isBlockedTile(2, 2)).toBe(true);
    expect(table({ properties: [prop('collides', true)] }).isBlockedTile(2, 2)).toBe(true);
    // Hidden furniture is not there.
    expect(table({ visible: false }).isBlockedTile(2, 3)).toBe(false);
  });

  it('a 32-px tile whose shape is one quarter blocks the quarter its flip flags move the shape to', () => {
    // gid 201: a crate whose collision shape is its bottom-left 16 × 16 quarter.
    const crates = {
      firstgid: 201,
      name: 'crates',
      image: 'crates.png',
      columns: 1,
      tilecount: 1,
      tilewidth: 32,
      tileheight: 32,
      tiles: [{ id: 0, objectgroup: { objects: [{ id: 1, x: 0, y: 16, width: 16, height: 16 }] } }],
    };
    const [H, V, D] = [0x80000000, 0x40000000, 0x20000000];
    const quarters = (flags: number): boolean[] => {
      const layer = tiles('crates', ['    ', '    ']);
      (layer.data as number[])[4] = flags + 201; // bottom-left cell (0, 1): the tile covers cells 0..1 × 0..1
      const json = mapOf([
        tiles('floor', ['....', '....']),
        layer,
        objects('spawns', [{ point: true, x: 56, y: 8 }]),
      ]);
      (json.tilesets as unknown[]).push(crates);
      const { world } = loaded(json);
      // top-left, top-right, bottom-left, bottom-right
      return [
        world.isBlockedTile(0, 0),
        world.isBlockedTile(1, 0),
        world.isBlockedTile(0, 1),
        world.isBlockedTile(1, 1),
      ];
    };
    expect(quarters(0)).toEqual([false, false, true, false]);
    expect(quarters(H)).toEqual([false, false, false, true]);
    expect(quarters(V)).toEqual([true, false, false, false]);
    expect(quarters(D)).toEqual([false, true, false, false]);
    // Tiled's "rotate 90° clockwise" (H + D: the diagonal flip first) and "counter-clockwise" (V + D).
    expect(quarters(H + D)).toEqual([true, false, false, false]);
    expect(quarters(V + D)).toEqual([false, false, false, true]);
  });

  it('rectangles in a collision object layer, or of class wall, block their cells', () => {
    const { world } = loaded(
      mapOf([
        tiles('floor', ['......', '......', '......']),
        objects('Collisions', [{ x: 0, y: 0, width: 32, height: 16 }]),
        objects('things', [
          { class: 'wall', x: 64, y: 32, width: 16, height: 16 },
          { x: 80, y: 32, width: 16, height: 16 },
        ]),
        objects('spawns', [{ point: true, x: 40, y: 24 }]),
      ]),
    );
    expect([world.isBlockedTile(0, 0), world.isBlockedTile(1, 0), world.isBlockedTile(2, 0)]).toEqual([
      true,
      true,
      false,
    ]);
    expect([world.isBlockedTile(4, 2), world.isBlockedTile(5, 2)]).toEqual([true, false]);
  });

  it('warns when nothing blocks at all', () => {
    const { notices } = loaded(
      mapOf([tiles('floor', ['......']), objects('spawns', [{ point: true, x: 8, y: 8 }])]),
    );
    expect(messages(notices, 'warning')).toEqual([
      'nothing blocks walking (no tile has a "collides" property or a collision shape, and there is no "collision" layer), so people walk through walls; in Tiled select the wall tiles in the tileset and add a bool property "collides" = true',
    ]);
  });

  it('refuses a map with no open tile at all', () => {
    const result = interpretMap(mapOf([tiles('floor', ['##', '##'])]));
    expect(result.world).toBeUndefined();
    expect(messages(result.notices, 'error')).toEqual([
      'there is no open tile to stand on: every cell is blocked or has nothing drawn on it; check the "collides" properties and that the floor layer is visible',
    ]);
  });
});
