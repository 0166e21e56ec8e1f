import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP, writeTestMap } from '@campus/test-maps';
import { readMapFile, type MapBundle } from './readMapFile';

type Json = Record<string, unknown>;
type Cell = readonly [number, number];

let workshop: MapBundle;
beforeAll(() => {
  const { mapFile } = writeTestMap('workshop', mkdtempSync(join(tmpdir(), 'campus-workshop-')));
  workshop = readMapFile(mapFile);
});

const layer = (name: string): Json => (workshop.clientMap.layers as Json[]).find((l) => l.name === name)!;
/** The cells of the 2 × 2 a 32-px tile covers, anchored at its bottom-left cell, that block. */
function blockedQuarters([c, r]: Cell): string[] {
  const quarters = {
    'top-left': [c, r - 1],
    'top-right': [c + 1, r - 1],
    'bottom-left': [c, r],
    'bottom-right': [c + 1, r],
  };
  return Object.entries(quarters)
    .filter(([, [x, y]]) => workshop.world.isBlockedTile(x!, y!))
    .map(([name]) => name);
}

describe('a workshop: flipped part-tile shapes, nested groups, a room without a capacity', () => {
  it('a crate whose shape is its bottom-left quarter blocks the quarter its flips move the shape to', () => {
    const { crates } = WORKSHOP;
    expect(blockedQuarters(crates.plain)).toEqual(['bottom-left']);
    expect(blockedQuarters(crates.horizontal)).toEqual(['bottom-right']);
    // Anti-diagonal alone mirrors across the top-left/bottom-right diagonal.
    expect(blockedQuarters(crates.diagonal)).toEqual(['top-right']);
    // Horizontal + anti-diagonal is Tiled's "rotate 90° clockwise": the diagonal flip comes first.
    expect(blockedQuarters(crates.clockwise)).toEqual(['top-left']);
    // As a tile object flipped both ways (turned round), the shape goes to the opposite corner.
    expect(blockedQuarters(crates.object)).toEqual(['top-right']);
    expect(workshop.summary.collision.tileShape).toBe(4);
    expect(workshop.summary.collision.tileObject).toBe(1);
  });

  it('a wall tile and a collision rectangle inside nested groups block where both groups’ offsets put them', () => {
    const { shelf, blocker } = WORKSHOP;
    const blocked = ([c, r]: Cell): boolean => workshop.world.isBlockedTile(c, r);
    expect([blocked(shelf.drawnAt), blocked(shelf.blocks)]).toEqual([false, true]);
    expect([blocked(blocker.drawnAt), blocked(blocker.blocks)]).toEqual([false, true]);
    // Only the outer offset, or only the inner one, would put them here.
    expect([blocked([4, 4]), blocked([5, 3]), blocked([9, 7]), blocked([10, 6])]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // The tile layer keeps the summed offset for drawing; the objects were moved by it instead.
    expect(layer('annex/shelving/shelf')).toMatchObject({ offsetx: 48, offsety: 16 });
    expect((layer('annex/shelving/collision').objects as Json[])[0]).toMatchObject({ x: 176, y: 112 });
  });

  it('multiplies opacity through the groups and hands their properties down, the nearer group winning', () => {
    expect(layer('annex/shelving/shelf').opacity).toBe(0.25);
    expect(layer('annex/shelving/shelf').properties).toEqual([
      { name: 'wing', type: 'string', value: 'annex west' },
      { name: 'heated', type: 'bool', value: true },
    ]);
    expect(layer('floor').opacity).toBe(1);
    expect(layer('floor')).not.toHaveProperty('properties');
    // The fence group's `collides` makes its carpet solid; the same carpet outside it is not.
    const [first, second] = WORKSHOP.fence;
    expect([first, second, WORKSHOP.rug].map(([c, r]) => workshop.world.isBlockedTile(c, r))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('gives a room without a capacity the default and says so in one info line', () => {
    const { room } = WORKSHOP;
    expect(workshop.world.areas).toEqual([
      {
        id: 'workbench',
        name: room.name,
        kind: 'classroom',
        capacity: 12,
        rect: { x: room.x, y: room.y, width: room.width, height: room.height },
      },
    ]);
    expect(workshop.summary.rooms.map((r) => r.capacityDefaulted)).toEqual([true]);
    expect(workshop.notices).toEqual([
      {
        level: 'info',
        file: 'workshop.tmj',
        message:
          'room "Workbench" in layer "zones" has no "capacity" property, so it holds 12 people; add an int property "capacity" in Tiled to change it',
      },
    ]);
    expect(workshop.world.spawns).toEqual([WORKSHOP.spawn]);
  });
});
