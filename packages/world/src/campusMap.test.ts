import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTiledMap } from './map/loadTiledMap';
import { bodyFits } from './movement';
import type { WorldMap } from './WorldMap';

const campusFile = fileURLToPath(new URL('../maps/campus/campus.json', import.meta.url));
const campus = loadTiledMap(JSON.parse(readFileSync(campusFile, 'utf8')));

/** Tiles reachable on foot from a point: the body (10×6 px) fits inside any free 16-px tile, so tile steps are walks. */
function reachableTiles(map: WorldMap, from: { x: number; y: number }): Set<number> {
  const start = Math.floor(from.y / map.tileSize) * map.widthTiles + Math.floor(from.x / map.tileSize);
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const cell = queue.pop()!;
    const c = cell % map.widthTiles;
    const r = Math.floor(cell / map.widthTiles);
    for (const [dc, dr] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const next = (r + dr) * map.widthTiles + (c + dc);
      if (!map.isBlockedTile(c + dc, r + dr) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('the campus map', () => {
  it('has a courtyard spawn area, three classrooms and a lecture hall', () => {
    const kinds = campus.areas.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'classroom').length).toBeGreaterThanOrEqual(3);
    expect(kinds).toContain('lecture-hall');
    expect(campus.areas.map((a) => a.name)).toEqual(
      expect.arrayContaining(['Room 101', 'Room 102', 'Room 103', 'Lecture Hall']),
    );
    expect(campus.spawns.length).toBeGreaterThanOrEqual(4);
  });

  it('spawns everyone where their body fits and outside every room', () => {
    for (const spawn of campus.spawns) {
      expect(bodyFits(campus, spawn), `spawn ${spawn.x},${spawn.y}`).toBe(true);
      expect(campus.areaAt(spawn)).toBeUndefined();
    }
  });

  it('lets everyone walk from any spawn into every room', () => {
    for (const spawn of campus.spawns) {
      const reachable = reachableTiles(campus, spawn);
      for (const area of campus.areas) {
        const inside = [...reachable].some((cell) => {
          const x = (cell % campus.widthTiles) * campus.tileSize + campus.tileSize / 2;
          const y = Math.floor(cell / campus.widthTiles) * campus.tileSize + campus.tileSize / 2;
          return campus.areaAt({ x, y })?.id === area.id;
        });
        expect(inside, `${area.name} from spawn ${spawn.x},${spawn.y}`).toBe(true);
      }
    }
  });

  it('keeps rooms walled: a room is entered only through its doors, not through its walls', () => {
    for (const area of campus.areas) {
      const { x, y, width, height } = area.rect;
      const t = campus.tileSize;
      let openings = 0;
      for (let c = x / t; c < (x + width) / t; c++) {
        if (!campus.isBlockedTile(c, y / t - 1)) openings++;
        if (!campus.isBlockedTile(c, (y + height) / t)) openings++;
      }
      for (let r = y / t; r < (y + height) / t; r++) {
        if (!campus.isBlockedTile(x / t - 1, r)) openings++;
        if (!campus.isBlockedTile((x + width) / t, r)) openings++;
      }
      // Doors are two tiles wide; a room has one or two.
      expect(openings, area.name).toBeGreaterThanOrEqual(2);
      expect(openings, area.name).toBeLessThanOrEqual(4);
    }
  });
});
