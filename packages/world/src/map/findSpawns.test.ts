import { describe, expect, it } from 'vitest';
import { ROOM, loaded, mapOf, messages, objects, prop, tiles } from '../testing/tiledParts';

describe('spawn conventions', () => {
  const floor = tiles('floor', ROOM);
  const spawnsOf = (...layers: unknown[]) => loaded(mapOf([floor, ...layers])).world.spawns;

  it('finds points of class spawn or start, named "Spawn Point", or in a spawns layer', () => {
    expect(spawnsOf(objects('objects', [{ class: 'spawn', point: true, x: 24, y: 24 }]))).toEqual([
      { x: 24, y: 24 },
    ]);
    expect(spawnsOf(objects('objects', [{ type: 'start', point: true, x: 40, y: 24 }]))).toEqual([
      { x: 40, y: 24 },
    ]);
    expect(spawnsOf(objects('Objects', [{ name: 'Spawn Point', point: true, x: 56, y: 40 }]))).toEqual([
      { x: 56, y: 40 },
    ]);
    expect(spawnsOf(objects('Spawns', [{ point: true, x: 72, y: 40 }]))).toEqual([{ x: 72, y: 40 }]);
    // A point on a grid line stands in the middle of its tile.
    expect(spawnsOf(objects('spawns', [{ point: true, x: 16, y: 16 }]))).toEqual([{ x: 24, y: 24 }]);
  });

  it('a start tile layer (by name or startLayer property) gives a spawn per tile; a spawn area gives its open tiles', () => {
    expect(
      spawnsOf(
        tiles('start', ['          ', '  d       ', '     d    ', '          ', '          ', '          '], {
          visible: false,
        }),
      ),
    ).toEqual([
      { x: 40, y: 24 },
      { x: 88, y: 40 },
    ]);
    expect(
      spawnsOf(
        tiles(
          'entrance',
          ['          ', ' d        ', '          ', '          ', '          ', '          '],
          { properties: [prop('startLayer', true)] },
        ),
      ),
    ).toEqual([{ x: 24, y: 24 }]);
    expect(spawnsOf(objects('zones', [{ class: 'spawn', x: 16, y: 16, width: 32, height: 16 }]))).toEqual([
      { x: 24, y: 24 },
      { x: 40, y: 24 },
    ]);
  });

  it('leaves out spawns in walls with a warning, and falls back to the middle of the largest open area', () => {
    const { world, notices } = loaded(
      mapOf([floor, objects('spawns', [{ name: 'door', point: true, x: 8, y: 8 }])]),
    );
    expect(world.spawns).toEqual([{ x: 72, y: 40 }]);
    expect(messages(notices, 'warning')).toEqual([
      'object "door" in layer "spawns": spawn point at (8, 8) is on a blocked tile or off the map, so nobody starts there; move it onto open floor in Tiled',
      'no spawn point found, so people start at (72, 40) near the middle of the largest open area; add a point object of class "spawn" in Tiled (or a tile layer named "start") to choose where',
    ]);
    const tilesInWalls = loaded(
      mapOf([
        floor,
        tiles('start', ['#d        ', ' d        ', '          ', '          ', '          ', '          ']),
      ]),
    );
    expect(messages(tilesInWalls.notices, 'warning')[0]).toBe(
      'tile layer "start": 2 of its 3 spawn tiles are on a blocked tile or off the map, so nobody starts there; move them onto open floor in Tiled',
    );
  });
});
