import { describe, expect, it } from 'vitest';
import { interpretMap } from './interpretMap';
import type { MapNotice } from './MapNotice';

/**
 * Maps drawn as text: `.` floor (gid 1), `#` a wall tile that collides (gid 2), `s` a tile with a collision shape on its
 * bottom half (gid 3), `w` a tile with a `wall` property written as a string (gid 4), `d` a plain decoration (gid 5),
 * ` ` nothing. 16-px tiles.
 */
const LEGEND: Record<string, number> = { '.': 1, '#': 2, s: 3, w: 4, d: 5, ' ': 0 };

function tiles(
  name: string,
  rows: readonly string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'tilelayer',
    name,
    width: rows[0]!.length,
    height: rows.length,
    data: rows.flatMap((r) => [...r].map((c) => LEGEND[c] ?? 0)),
    ...extra,
  };
}

const TILESET = {
  firstgid: 1,
  name: 'kit',
  image: 'kit.png',
  columns: 4,
  tilecount: 8,
  tilewidth: 16,
  tileheight: 16,
  tiles: [
    { id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] },
    { id: 2, objectgroup: { objects: [{ id: 1, x: 0, y: 8, width: 16, height: 8 }] } },
    { id: 3, properties: [{ name: 'wall', type: 'string', value: 'true' }] },
  ],
};

/** A 32×32 table in its own tileset: gid 101, a collision shape over its bottom half only. */
const FURNITURE = {
  firstgid: 101,
  name: 'furniture',
  image: 'furniture.png',
  columns: 1,
  tilecount: 2,
  tilewidth: 32,
  tileheight: 32,
  tiles: [
    { id: 0, objectgroup: { objects: [{ id: 1, x: 0, y: 16, width: 32, height: 16 }] } },
    { id: 1, properties: [{ name: 'collides', type: 'bool', value: true }] },
  ],
};

function mapOf(layers: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const first = layers.find((l) => (l as { type: string }).type === 'tilelayer') as {
    width: number;
    height: number;
  };
  return {
    type: 'map',
    orientation: 'orthogonal',
    width: first.width,
    height: first.height,
    tilewidth: 16,
    tileheight: 16,
    layers,
    tilesets: [TILESET, FURNITURE],
    ...extra,
  };
}

function objects(name: string, list: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  return {
    type: 'objectgroup',
    name,
    objects: list.map((o, i) => ({ id: i + 1, x: 0, y: 0, ...o })),
    ...extra,
  };
}

const prop = (
  name: string,
  value: unknown,
  type = typeof value === 'number' ? 'int' : typeof value === 'boolean' ? 'bool' : 'string',
) => ({
  name,
  type,
  value,
});

const ROOM = ['##########', '#........#', '#........#', '#........#', '#........#', '##########'];

function loaded(json: unknown) {
  const result = interpretMap(json);
  if (!result.world) throw new Error(result.notices.map((n) => n.message).join('\n'));
  return { world: result.world, notices: result.notices, summary: result.summary! };
}

const messages = (notices: MapNotice[], level: MapNotice['level']): string[] =>
  notices.filter((n) => n.level === level).map((n) => n.message);

const SPAWN = objects('spawns', [{ name: 'spawn', point: true, x: 24, y: 24 }]);

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

describe('room conventions', () => {
  const floor = tiles('floor', ROOM);
  const roomsOf = (...layers: unknown[]) => {
    const { world, notices } = loaded(mapOf([floor, SPAWN, ...layers]));
    return { areas: world.areas, notices };
  };
  const rect = { x: 16, y: 16, width: 64, height: 32 };

  it('reads rectangles in an areas layer, of class room/classroom/meeting room, and zones with a meeting property', () => {
    expect(
      roomsOf(
        objects('areas', [
          { name: 'Room 101', ...rect, properties: [prop('roomId', 'room-101'), prop('capacity', 20)] },
        ]),
      ).areas,
    ).toEqual([{ id: 'room-101', name: 'Room 101', kind: 'classroom', capacity: 20, rect }]);
    expect(
      roomsOf(
        objects('objects', [
          { name: 'Lab', class: 'Meeting Room', ...rect, properties: [prop('capacity', 6)] },
        ]),
      ).areas[0],
    ).toMatchObject({ id: 'lab', name: 'Lab', capacity: 6 });
    expect(
      roomsOf(
        objects('objects', [
          { type: 'lecture-hall', name: 'Aula', ...rect, properties: [prop('capacity', 90)] },
        ]),
      ).areas[0],
    ).toMatchObject({ kind: 'lecture-hall' });
    // WorkAdventure: an area whose jitsiRoom names the meeting.
    expect(
      roomsOf(
        objects('floorLayer', [{ class: 'area', ...rect, properties: [prop('jitsiRoom', 'Team Sync')] }]),
      ).areas[0],
    ).toMatchObject({ id: 'team-sync', name: 'Team Sync', capacity: 12 });
    // A zone that only says how many fit.
    expect(
      roomsOf(
        objects('zones', [{ class: 'zone', name: 'Quiet', ...rect, properties: [prop('capacity', 4)] }]),
      ).areas[0],
    ).toMatchObject({ name: 'Quiet', capacity: 4 });
    // A zone without a meeting mark is not a room.
    expect(
      roomsOf(
        objects('zones', [{ class: 'area', name: 'Silent', ...rect, properties: [prop('silent', true)] }]),
      ).areas,
    ).toEqual([]);
  });

  it('reads old WorkAdventure zones: a tile layer with jitsiRoom, one room per patch of tiles', () => {
    const { areas } = roomsOf(
      tiles('meeting', ['          ', ' dd       ', ' dd    dd ', '          ', '          ', '          '], {
        properties: [prop('jitsiRoom', 'Standup')],
      }),
    );
    expect(areas).toEqual([
      {
        id: 'standup',
        name: 'Standup',
        kind: 'classroom',
        capacity: 12,
        rect: { x: 16, y: 16, width: 32, height: 32 },
      },
      {
        id: 'standup-2',
        name: 'Standup',
        kind: 'classroom',
        capacity: 12,
        rect: { x: 112, y: 32, width: 32, height: 16 },
      },
    ]);
  });

  it('says each default it uses, and warns about ids, capacities and shapes it had to fix', () => {
    const { areas, notices } = roomsOf(
      objects('rooms', [
        { name: 'Room A', ...rect },
        {
          name: 'Room B',
          ...rect,
          properties: [prop('capacity', 'ten', 'string'), prop('roomId', 'Room B!')],
        },
        { name: 'Room C', ...rect, properties: [prop('roomId', 'room-a'), prop('capacity', 3)] },
        { name: 'Round', ellipse: true, ...rect, properties: [prop('capacity', 3)] },
        { name: 'Dot', point: true, x: 20, y: 20 },
        { name: 'Away', x: 900, y: 900, width: 16, height: 16 },
        { name: 'Hall', x: 0, y: 0, width: 160, height: 96, properties: [prop('capacity', 3)] },
      ]),
    );
    expect(areas.map((a) => [a.id, a.capacity])).toEqual([
      ['room-a', 12],
      ['room-b', 12],
      ['room-a-2', 3],
      ['round', 3],
      ['hall', 3],
    ]);
    expect(messages(notices, 'info')).toEqual([
      'room "Room A" in layer "rooms" has no "capacity" property, so it holds 12 people; add an int property "capacity" in Tiled to change it',
    ]);
    expect(messages(notices, 'warning')).toEqual([
      'room "Round" in layer "rooms" is not an upright rectangle, so its bounding box is used; draw it as a rectangle to be exact',
      'room "Dot" in layer "rooms" is a point or text, not an area, so it is not a room; draw it as a rectangle in Tiled',
      'room "Room B" in layer "rooms": roomId "Room B!" is not lowercase letters, digits and dashes, so "room-b" is used',
      'room "Room B" in layer "rooms": capacity "ten" is not a whole number of at least 1, so it holds 12 people; make "capacity" an int property',
      'room "Room C" in layer "rooms": another room already has the id "room-a", so this one is "room-a-2"; give each room its own roomId',
      'room "Away" in layer "rooms" lies outside the map, so it is left out',
    ]);
  });

  it('warns about a room too large for the view and one with no floor inside', () => {
    const big = tiles(
      'floor',
      Array.from({ length: 30 }, () => '.'.repeat(50)),
    );
    const { notices } = loaded(
      mapOf([
        big,
        tiles(
          'walls',
          Array.from({ length: 30 }, (_, r) => (r < 2 ? '##' : '  ') + ' '.repeat(48)),
        ),
        objects('spawns', [{ point: true, x: 400, y: 200 }]),
        objects('rooms', [
          { name: 'Gym', x: 32, y: 0, width: 704, height: 400, properties: [prop('capacity', 40)] },
          { name: 'Cupboard', x: 0, y: 0, width: 32, height: 32, properties: [prop('capacity', 1)] },
        ]),
      ]),
    );
    expect(messages(notices, 'warning')).toEqual([
      'room "Gym" in layer "rooms" is 704×400 px, larger than the 640×384 px a browser sees around it, so people at its far ends would not see or hear each other; split it into smaller rooms',
      'room "Cupboard" in layer "rooms" has no open floor inside it, so nobody can enter it; check its walls and furniture',
    ]);
  });
});

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
