import { describe, expect, it } from 'vitest';
import { ROOM, SPAWN, loaded, mapOf, objects, prop, tiles } from '../testing/tiledParts';

describe('the report', () => {
  it('says how each layer is used, and why one is ignored', () => {
    const { summary } = loaded(
      mapOf([
        tiles('floor', ROOM),
        tiles(
          'roof',
          ROOM.map((r) => r.replace(/#/g, 'd')),
          { properties: [prop('above', true)] },
        ),
        tiles('notes', ROOM, { visible: false }),
        objects('rooms', [
          { name: 'R', x: 16, y: 16, width: 32, height: 32, properties: [prop('capacity', 2)] },
        ]),
        SPAWN,
        objects('labels', [{ name: 'hello', text: { text: 'hello' }, x: 10, y: 10 }]),
      ]),
    );
    expect(summary.layers.map((l) => [l.name, l.uses.join(', ') || `ignored: ${l.ignored}`])).toEqual([
      ['floor', 'drawn'],
      ['roof', 'drawn over avatars'],
      ['notes', 'ignored: hidden, and not a collision, spawn or room layer'],
      ['rooms', 'rooms'],
      ['spawns', 'spawns'],
      ['labels', 'ignored: nothing in it the campus uses'],
    ]);
    expect(summary.blockedCells).toBe(28);
  });
});
