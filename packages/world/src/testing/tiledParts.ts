import { interpretMap } from '../map/interpretMap';
import type { MapNotice } from '../map/MapNotice';

/**
 * Maps drawn as text: `.` floor (gid 1), `#` a wall tile that collides (gid 2), `s` a tile with a collision shape on its
 * bottom half (gid 3), `w` a tile with a `wall` property written as a string (gid 4), `d` a plain decoration (gid 5),
 * ` ` nothing. 16-px tiles.
 */
export const LEGEND: Record<string, number> = { '.': 1, '#': 2, s: 3, w: 4, d: 5, ' ': 0 };

export function tiles(
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

export const TILESET = {
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
export const FURNITURE = {
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

export function mapOf(layers: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
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

export function objects(
  name: string,
  list: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'objectgroup',
    name,
    objects: list.map((o, i) => ({ id: i + 1, x: 0, y: 0, ...o })),
    ...extra,
  };
}

export const prop = (
  name: string,
  value: unknown,
  type = typeof value === 'number' ? 'int' : typeof value === 'boolean' ? 'bool' : 'string',
) => ({
  name,
  type,
  value,
});

export const ROOM = ['##########', '#........#', '#........#', '#........#', '#........#', '##########'];

/** The world, notices and summary of a map that loads; throws with its errors otherwise. */
export function loaded(json: unknown) {
  const result = interpretMap(json);
  if (!result.world) throw new Error(result.notices.map((n) => n.message).join('\n'));
  return { world: result.world, notices: result.notices, summary: result.summary! };
}

export const messages = (notices: MapNotice[], level: MapNotice['level']): string[] =>
  notices.filter((n) => n.level === level).map((n) => n.message);

export const SPAWN = objects('spawns', [{ name: 'spawn', point: true, x: 24, y: 24 }]);
