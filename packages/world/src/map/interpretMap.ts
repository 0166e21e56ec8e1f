import type { Area } from '../WorldMap';
import { WorldMap } from '../WorldMap';
import { collisionGrid, isCollisionLayer, type CollisionCounts } from './collisionGrid';
import { findRooms, type FoundRoom } from './findRooms';
import { findSpawns, type FoundSpawn } from './findSpawns';
import { hasFlag, normalName } from './mapProperties';
import type { MapNotice } from './MapNotice';
import { MapConventions } from './MapConventions';
import { TileCatalog } from './TileCatalog';
import { TiledMap, type TiledLayer } from './tiled';

/** How the loader used one layer, for the report. */
export interface LayerUse {
  name: string;
  type: TiledLayer['type'];
  /** e.g. `drawn`, `drawn over avatars`, `collision`, `spawns`, `rooms`, `furniture`; empty when ignored. */
  uses: string[];
  /** Why it is ignored, when it is. */
  ignored?: string;
}

/** What the loader understood of a map: the world and everything the report shows. */
export interface MapSummary {
  widthTiles: number;
  heightTiles: number;
  tileSize: number;
  layers: LayerUse[];
  blockedCells: number;
  collision: CollisionCounts;
  spawns: FoundSpawn[];
  rooms: FoundRoom[];
}

export interface MapInterpretation {
  /** Absent when an error makes the map unusable. */
  world?: WorldMap;
  summary?: MapSummary;
  /** Errors first, then warnings, then info; one line each. */
  notices: MapNotice[];
}

const LEVEL_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sorted(notices: MapNotice[]): MapNotice[] {
  return [...notices].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

/** Where a zod issue is, named the way the author sees it in Tiled: `layer "floor", object 4: …`. */
function issuePlace(json: unknown, path: ReadonlyArray<PropertyKey>): string {
  const parts: string[] = [];
  let node: unknown = json;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<PropertyKey, unknown>)[key as string]
        : undefined;
    const named = node !== null && typeof node === 'object' ? (node as { name?: unknown; id?: unknown }) : {};
    if (path[i - 1] === 'layers') parts.push(`layer "${String(named.name ?? key)}"`);
    else if (path[i - 1] === 'objects')
      parts.push(`object ${String(named.id ?? key)}${named.name ? ` "${String(named.name)}"` : ''}`);
    else if (path[i - 1] === 'tilesets') parts.push(`tileset "${String(named.name ?? key)}"`);
    else if (path[i - 1] === 'tiles') parts.push(`tile ${String((named as { id?: unknown }).id ?? key)}`);
    else if (typeof key === 'string' && !['layers', 'objects', 'tilesets', 'tiles'].includes(key))
      parts.push(`"${key}"`);
  }
  return parts.join(', ');
}

/**
 * Reads a self-contained Tiled map (see `TiledMap`) into the walkable world, following the conventions in
 * `MapConventions`, and says in one line each what looks wrong. Never throws.
 */
export function interpretMap(json: unknown): MapInterpretation {
  const notices: MapNotice[] = [];
  const parsed = TiledMap.safeParse(json);
  if (!parsed.success) {
    // One line per problem, at most five: a wrong field repeats across a map.
    for (const issue of parsed.error.issues.slice(0, 5)) {
      const where = issuePlace(json, issue.path);
      const what =
        where === '"orientation"'
          ? `orientation must be "orthogonal" (Map › Map Properties in Tiled)`
          : issue.message.toLowerCase();
      notices.push({
        level: 'error',
        message: `not a usable Tiled JSON map: ${where ? `${where}: ` : ''}${what}`,
      });
    }
    return { notices };
  }
  const map = parsed.data;
  if (map.tilewidth !== map.tileheight) {
    notices.push({
      level: 'error',
      message: `tiles must be square, got ${map.tilewidth}×${map.tileheight}; set the map's tile size (Map › Map Properties) to a square such as 16×16`,
    });
  }
  for (const ts of map.tilesets) {
    if (ts.source !== undefined) {
      notices.push({
        level: 'error',
        message: `tileset "${ts.source}" is not embedded; the server embeds external tilesets before this step`,
      });
    }
  }
  const layers: TiledLayer[] = [];
  for (const layer of map.layers) {
    if (layer.type === 'group') {
      notices.push({
        level: 'error',
        message: `group layer "${layer.name}" is not flattened; the server flattens groups before this step`,
      });
      continue;
    }
    const l = layer as TiledLayer;
    if (
      l.type === 'tilelayer' &&
      (l.width !== map.width || l.height !== map.height || l.data.length !== map.width * map.height)
    ) {
      notices.push({
        level: 'error',
        message: `layer "${l.name}" must be ${map.width}×${map.height} tiles with ${map.width * map.height} entries, like the map`,
      });
      continue;
    }
    layers.push(l);
  }
  if (notices.some((n) => n.level === 'error')) return { notices: sorted(notices) };

  const tiles = new TileCatalog(map);
  const grid = collisionGrid(map, layers, tiles);
  const solid =
    grid.counts.tileProperty + grid.counts.tileShape + grid.counts.collisionLayer + grid.counts.tileObject;
  if (solid === 0) {
    notices.push({
      level: 'warning',
      message: `nothing blocks walking (no tile has a "collides" property or a collision shape, and there is no "collision" layer), so people walk through walls; in Tiled select the wall tiles in the tileset and add a bool property "collides" = true`,
    });
  }
  const roomNotices: MapNotice[] = [];
  const rooms = findRooms(layers, map, roomNotices);
  const provisional = new WorldMap({
    widthTiles: map.width,
    heightTiles: map.height,
    tileSize: map.tilewidth,
    blocked: grid.blocked,
    areas: rooms.map((r) => r.area),
    spawns: [],
  });
  const spawns = findSpawns(layers, provisional, notices);
  notices.push(...roomNotices);
  if (spawns.length === 0) {
    notices.push({
      level: 'error',
      message: `there is no open tile to stand on: every cell is blocked or has nothing drawn on it; check the "collides" properties and that the floor layer is visible`,
    });
    return { notices: sorted(notices) };
  }
  for (const room of rooms) {
    if (!hasOpenTile(provisional, room.area)) {
      notices.push({
        level: 'warning',
        message: `${room.source} has no open floor inside it, so nobody can enter it; check its walls and furniture`,
      });
    }
  }
  const world = new WorldMap({
    widthTiles: map.width,
    heightTiles: map.height,
    tileSize: map.tilewidth,
    blocked: grid.blocked,
    areas: rooms.map((r) => r.area),
    spawns: spawns.map((s) => s.point),
  });
  const summary: MapSummary = {
    widthTiles: map.width,
    heightTiles: map.height,
    tileSize: map.tilewidth,
    layers: layers.map((l) => layerUse(l, rooms, spawns)),
    blockedCells: grid.blocked.reduce((n, b) => n + (b ? 1 : 0), 0),
    collision: grid.counts,
    spawns,
    rooms,
  };
  return { world, summary, notices: sorted(notices) };
}

function hasOpenTile(world: WorldMap, area: Area): boolean {
  const t = world.tileSize;
  for (let r = Math.floor(area.rect.y / t); r * t < area.rect.y + area.rect.height; r++)
    for (let c = Math.floor(area.rect.x / t); c * t < area.rect.x + area.rect.width; c++)
      if (!world.isBlockedTile(c, r)) return true;
  return false;
}

function layerUse(layer: TiledLayer, rooms: FoundRoom[], spawns: FoundSpawn[]): LayerUse {
  const uses: string[] = [];
  const visible = layer.visible !== false;
  const mentions = (source: string): boolean => source.includes(`layer "${layer.name}"`);
  const collision = isCollisionLayer(layer);
  if (layer.type === 'tilelayer') {
    if (visible) uses.push(hasFlag(layer, [MapConventions.ABOVE_PROPERTY]) ? 'drawn over avatars' : 'drawn');
    if (collision) uses.push('collision');
  } else if (layer.type === 'imagelayer') {
    if (visible && layer.image) uses.push('drawn (image)');
  } else {
    if (visible && layer.objects.some((o) => o.gid !== undefined)) uses.push('tile objects drawn');
    if (collision) uses.push('collision');
    if (normalName(layer.name) === normalName(MapConventions.FLOOR_LAYER)) uses.push('floor level');
  }
  if (spawns.some((s) => mentions(s.source))) uses.push('spawns');
  if (rooms.some((r) => mentions(r.source))) uses.push('rooms');
  if (uses.length > 0) return { name: layer.name, type: layer.type, uses };
  const ignored = !visible
    ? 'hidden, and not a collision, spawn or room layer'
    : layer.type === 'imagelayer'
      ? 'its image is not served'
      : 'nothing in it the campus uses';
  return { name: layer.name, type: layer.type, uses, ignored };
}
