import { describe, expect, it } from 'vitest';
import { ROOM, SPAWN, loaded, mapOf, messages, objects, prop, tiles } from '../testing/tiledParts';

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
