import type { Point } from '@campus/protocol';
import type { Rect } from '../geometry';
import { bodyFits } from '../movement';
import type { WorldMap } from '../WorldMap';
import { hasFlag, normalName } from './mapProperties';
import type { MapNotice } from './MapNotice';
import { MapConventions } from './MapConventions';
import { objectBounds } from './TileCatalog';
import type { TiledLayer, TiledObject, TiledObjectLayer, TiledTileLayer } from './tiled';

/** A spawn point and where the loader found it, for the report. */
export interface FoundSpawn {
  point: Point;
  /** `object "Spawn Point" in layer "objects"`, `tile layer "start"`, `default`. */
  source: string;
}

const includes = (list: readonly string[], name: string): boolean => list.includes(normalName(name));

function isSpawnObject(o: TiledObject, layer: TiledObjectLayer): boolean {
  const layerSays =
    layer.name.split('/').some((n) => includes(MapConventions.SPAWN_LAYERS, n)) ||
    hasFlag(layer, MapConventions.START_PROPERTIES);
  return (
    layerSays ||
    includes(MapConventions.SPAWN_NAMES, o.class ?? o.type ?? '') ||
    includes(MapConventions.SPAWN_NAMES, o.name) ||
    hasFlag(o, MapConventions.START_PROPERTIES)
  );
}

function isStartTileLayer(layer: TiledTileLayer): boolean {
  const last = layer.name.split('/').pop() ?? '';
  return includes(MapConventions.START_TILE_LAYERS, last) || hasFlag(layer, MapConventions.START_PROPERTIES);
}

/** Centres of the cells whose centre lies in `r`. */
function cellCentresIn(r: Rect, world: WorldMap): Point[] {
  const t = world.tileSize;
  const points: Point[] = [];
  for (let row = Math.floor(r.y / t); row * t < r.y + r.height; row++)
    for (let col = Math.floor(r.x / t); col * t < r.x + r.width; col++) {
      const p = { x: col * t + t / 2, y: row * t + t / 2 };
      if (p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height) points.push(p);
    }
  return points;
}

/** Where an avatar can stand at `p`: `p` itself, or the middle of its tile when `p` sits on a grid line. */
function standingPlace(p: Point, world: WorldMap): Point | undefined {
  if (world.containsPoint(p) && bodyFits(world, p)) return p;
  const t = world.tileSize;
  const centre = { x: Math.floor(p.x / t) * t + t / 2, y: Math.floor(p.y / t) * t + t / 2 };
  return world.containsPoint(centre) && bodyFits(world, centre) ? centre : undefined;
}

/** The open tile nearest the middle of the largest area one can walk around in; undefined when no tile is open. */
export function defaultSpawn(world: WorldMap): Point | undefined {
  const { widthTiles: w, heightTiles: h, tileSize: t } = world;
  const centreOf = (cell: number): Point => ({
    x: (cell % w) * t + t / 2,
    y: Math.floor(cell / w) * t + t / 2,
  });
  const region = new Int32Array(w * h).fill(-1);
  let best: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (region[start] !== -1 || !bodyFits(world, centreOf(start))) continue;
    const cells = [start];
    region[start] = start;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] ?? 0;
      const c = cell % w;
      const r = Math.floor(cell / w);
      for (const [dc, dr] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ] as const) {
        const nc = c + dc;
        const nr = r + dr;
        const next = nr * w + nc;
        if (nc < 0 || nr < 0 || nc >= w || nr >= h || region[next] !== -1) continue;
        if (!bodyFits(world, centreOf(next))) continue;
        region[next] = start;
        cells.push(next);
      }
    }
    if (cells.length > best.length) best = cells;
  }
  const middle = { x: world.widthPx / 2, y: world.heightPx / 2 };
  let chosen: Point | undefined;
  let nearest = Infinity;
  for (const cell of best) {
    const p = centreOf(cell);
    const d = (p.x - middle.x) ** 2 + (p.y - middle.y) ** 2;
    if (d < nearest) [chosen, nearest] = [p, d];
  }
  return chosen;
}

/**
 * Spawn points: point objects (or the open tiles of shapes) named or classed `spawn`/`start`, objects in a `spawns`
 * layer, and the tiles of a `start` tile layer (WorkAdventure's, also marked by a `startLayer` property). Ones an avatar
 * cannot stand on are left out with a warning; with none at all, a default near the middle of the map is used.
 */
export function findSpawns(
  layers: readonly TiledLayer[],
  world: WorldMap,
  notices: MapNotice[],
): FoundSpawn[] {
  const found: FoundSpawn[] = [];
  const add = (candidates: Point[], source: string): void => {
    let skipped = 0;
    for (const c of candidates) {
      const place = standingPlace(c, world);
      if (place) found.push({ point: place, source });
      else skipped++;
    }
    if (skipped > 0) {
      const what =
        candidates.length === 1
          ? `spawn point at (${candidates[0]?.x}, ${candidates[0]?.y})`
          : `${skipped} of its ${candidates.length} spawn tiles`;
      notices.push({
        level: 'warning',
        message: `${source}: ${what} ${skipped === 1 ? 'is' : 'are'} on a blocked tile or off the map, so nobody starts there; move ${candidates.length === 1 ? 'it' : 'them'} onto open floor in Tiled`,
      });
    }
  };
  for (const layer of layers) {
    if (layer.type === 'tilelayer') {
      if (!isStartTileLayer(layer)) continue;
      const t = world.tileSize;
      const cells = layer.data.flatMap((gid, i) =>
        gid === 0 ? [] : [{ x: (i % layer.width) * t + t / 2, y: Math.floor(i / layer.width) * t + t / 2 }],
      );
      add(cells, `tile layer "${layer.name}"`);
      continue;
    }
    if (layer.type !== 'objectgroup') continue;
    for (const o of layer.objects) {
      if (!isSpawnObject(o, layer)) continue;
      const source = `object "${o.name || o.id}" in layer "${layer.name}"`;
      const box = objectBounds(o);
      add(box && box.width > 0 && box.height > 0 ? cellCentresIn(box, world) : [{ x: o.x, y: o.y }], source);
    }
  }
  if (found.length > 0) return found;
  const fallback = defaultSpawn(world);
  if (!fallback) return [];
  notices.push({
    level: 'warning',
    message: `no spawn point found, so people start at (${fallback.x}, ${fallback.y}) near the middle of the largest open area; add a point object of class "spawn" in Tiled (or a tile layer named "start") to choose where`,
  });
  return [{ point: fallback, source: 'default' }];
}
