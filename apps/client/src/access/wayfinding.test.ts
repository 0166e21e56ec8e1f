import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPath, loadTiledMap } from '@campus/world';
import { gridMap } from '@campus/world/testing';
import { destinations, personTarget, roomTarget, stepsAway } from './wayfinding';

// A hall with one room in its north-east corner (tiles 5–8 × 0–3), its door at tile (6, 3).
const map = gridMap(['##########', '#....#..##', '#....#..##', '#.....####', '#........#', '##########'], {
  areas: [
    {
      id: 'r1',
      name: 'Room 1',
      kind: 'classroom',
      capacity: 12,
      rect: { x: 96, y: 16, width: 32, height: 32 },
    },
    {
      id: 'hall',
      name: 'Big Hall',
      kind: 'lecture-hall',
      capacity: 40,
      rect: { x: 16, y: 16, width: 64, height: 32 },
    },
  ],
});

describe('wayfinding', () => {
  it('lists the rooms in the map’s order with their kind, size and who is inside, and says which one you are in', () => {
    const self = { x: 40, y: 24 }; // in the Big Hall
    const { rooms } = destinations(map, self, [
      { userId: 'b', name: 'Bo', position: { x: 104, y: 24 } },
      { userId: 'c', name: 'Cy', position: { x: 120, y: 40 } },
    ]);
    expect(rooms.map((r) => [r.name, r.detail])).toEqual([
      ['Room 1', 'classroom, holds 12, 2 people inside'],
      ['Big Hall', 'lecture hall, holds 40, 1 person inside, you are here'],
    ]);
    expect(rooms[0]!.target).toEqual(roomTarget(map.areas[0]!));
    expect(map.areaAt(rooms[0]!.target)?.id).toBe('r1');
  });

  it('lists people nearest first, with where they are and how far, and aims a tile short of them', () => {
    const self = { x: 24, y: 72 };
    const { people } = destinations(map, self, [
      { userId: 'far', name: 'Far', position: { x: 120, y: 24 } },
      { userId: 'near', name: 'Near', position: { x: 72, y: 72 } },
    ]);
    expect(people.map((p) => [p.name, p.detail])).toEqual([
      ['Near', 'on the campus, 3 steps away'],
      ['Far', 'in Room 1, 7 steps away'],
    ]);
    expect(people[0]!.target).toEqual({ x: 56, y: 72 });
  });

  it('aims beside someone on our side of them, along the longer way between us', () => {
    expect(personTarget({ x: 0, y: 0 }, { x: 100, y: 10 }, 16)).toEqual({ x: 84, y: 10 });
    expect(personTarget({ x: 100, y: 200 }, { x: 100, y: 10 }, 16)).toEqual({ x: 100, y: 26 });
    expect(personTarget({ x: 5, y: 5 }, { x: 5, y: 5 }, 16)).toEqual({ x: 5, y: 5 });
  });

  it('says distances in steps, rounded further out', () => {
    expect(stepsAway({ x: 0, y: 0 }, { x: 10, y: 0 }, 16)).toBe('right here');
    expect(stepsAway({ x: 0, y: 0 }, { x: 64, y: 0 }, 16)).toBe('4 steps away');
    expect(stepsAway({ x: 0, y: 0 }, { x: 16 * 23, y: 0 }, 16)).toBe('about 25 steps away');
  });

  it('on the campus map, every room can be walked into from the courtyard', () => {
    const file = fileURLToPath(
      new URL('../../../../packages/world/maps/campus/campus.json', import.meta.url),
    );
    const campus = loadTiledMap(JSON.parse(readFileSync(file, 'utf8')));
    const from = campus.spawns[0]!;
    const { rooms } = destinations(campus, from, []);
    expect(rooms.length).toBeGreaterThan(2);
    for (const room of rooms) {
      const corners = findPath(campus, from, room.target);
      expect(corners, `a way into ${room.name}`).toBeDefined();
      expect(campus.areaAt(corners!.at(-1)!)?.id, `${room.name}: the walk ends inside`).toBe(room.id);
    }
  });
});
