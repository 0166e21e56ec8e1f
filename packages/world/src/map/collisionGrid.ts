import type { Rect } from '../geometry';
import { hasFlag, normalName } from './mapProperties';
import { MapConventions } from './MapConventions';
import { objectBounds, type TileCatalog, type TileInfo } from './TileCatalog';
import { gidFlips, type TiledLayer, type TiledMap, type TiledObject } from './tiled';

/** Why cells block, counted per cause, for the report. */
export interface CollisionCounts {
  /** Cells under tiles whose property says they collide. */
  tileProperty: number;
  /** Cells under tiles' collision shapes. */
  tileShape: number;
  /** Cells where a collision layer has a tile or shape. */
  collisionLayer: number;
  /** Cells under solid tile objects (furniture). */
  tileObject: number;
  /** Cells with nothing drawn on them (the black around a building). */
  empty: number;
}

export interface CollisionGrid {
  /** One byte per cell, row-major; non-zero blocks. */
  blocked: Uint8Array;
  counts: CollisionCounts;
}

const SAME_CELL = 0.01;

/** Calls `visit` with the index of every map cell `r` overlaps by more than a hair. */
export function forCellsUnder(
  r: Rect,
  map: Pick<TiledMap, 'width' | 'height' | 'tilewidth' | 'tileheight'>,
  visit: (cell: number) => void,
): void {
  const c0 = Math.max(0, Math.floor((r.x + SAME_CELL) / map.tilewidth));
  const r0 = Math.max(0, Math.floor((r.y + SAME_CELL) / map.tileheight));
  const c1 = Math.min(map.width - 1, Math.ceil((r.x + r.width - SAME_CELL) / map.tilewidth) - 1);
  const r1 = Math.min(map.height - 1, Math.ceil((r.y + r.height - SAME_CELL) / map.tileheight) - 1);
  for (let row = r0; row <= r1; row++) for (let col = c0; col <= c1; col++) visit(row * map.width + col);
}

/** Whether a layer is a collision layer: by its name (or its group's), or a collision property on it. */
export function isCollisionLayer(layer: TiledLayer): boolean {
  const names = layer.name.split('/').map(normalName);
  const byName = names.some((n) => (MapConventions.COLLISION_LAYERS as readonly string[]).includes(n));
  return byName || hasFlag(layer, MapConventions.COLLISION_PROPERTIES);
}

/** A rectangle inside a tile (its own pixels), moved by the tile's flips. */
function flipWithin(shape: Rect, tile: { width: number; height: number }, gid: number): Rect {
  const flips = gidFlips(gid);
  let r = shape;
  let w = tile.width;
  let h = tile.height;
  if (flips.diagonal) {
    r = { x: r.y, y: r.x, width: r.height, height: r.width };
    [w, h] = [h, w];
  }
  if (flips.horizontal) r = { ...r, x: w - r.x - r.width };
  if (flips.vertical) r = { ...r, y: h - r.y - r.height };
  return r;
}

/** Where a tile of a tile layer is drawn, in map pixels: anchored at its cell's bottom-left, as Tiled draws it. */
export function tileRectInLayer(
  info: TileInfo,
  column: number,
  row: number,
  layer: { offsetx?: number | undefined; offsety?: number | undefined },
  map: Pick<TiledMap, 'tilewidth' | 'tileheight'>,
): Rect {
  return {
    x: column * map.tilewidth + (layer.offsetx ?? 0) + (info.tileset.tileoffset?.x ?? 0),
    y: (row + 1) * map.tileheight - info.height + (layer.offsety ?? 0) + (info.tileset.tileoffset?.y ?? 0),
    width: info.width,
    height: info.height,
  };
}

/** The bounding box, in map pixels, of a box given relative to a tile object's anchor (its bottom-left), rotated with it. */
function aroundAnchor(o: TiledObject, x0: number, y0: number, x1: number, y1: number): Rect {
  const angle = ((o.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const corners = [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ].map(([x = 0, y = 0]) => ({ x: o.x + x * cos - y * sin, y: o.y + x * sin + y * cos }));
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The parts of a tile object that block: its tile's shapes scaled to the object, or all of it; rotation included. */
function tileObjectSolids(o: TiledObject, info: TileInfo, whole: boolean): Rect[] {
  const w = o.width || info.width;
  const h = o.height || info.height;
  if (whole || info.collides) return [aroundAnchor(o, 0, -h, w, 0)];
  const sx = w / info.width;
  const sy = h / info.height;
  return info.shapes.map((shape) => {
    const s = flipWithin(shape, info, o.gid ?? 0);
    return aroundAnchor(o, s.x * sx, s.y * sy - h, (s.x + s.width) * sx, (s.y + s.height) * sy - h);
  });
}

/** Whether an object layer's object blocks as a whole: collision layer, class or property. */
function objectIsSolid(o: TiledObject, layerIsCollision: boolean): boolean {
  const cls = normalName(o.class ?? o.type);
  return (
    layerIsCollision ||
    (MapConventions.COLLISION_CLASSES as readonly string[]).includes(cls) ||
    hasFlag(o, MapConventions.COLLISION_PROPERTIES)
  );
}

/**
 * Which cells block walking. A cell blocks when a collision layer has anything there; when a visible tile there
 * collides by property or by a collision shape; when a visible tile object's solid part covers it; or, unless an
 * image layer draws the floor, when nothing at all is drawn there.
 */
export function collisionGrid(
  map: TiledMap,
  layers: readonly TiledLayer[],
  tiles: TileCatalog,
): CollisionGrid {
  const size = map.width * map.height;
  const blocked = new Uint8Array(size);
  const drawn = new Uint8Array(size);
  const counts: CollisionCounts = {
    tileProperty: 0,
    tileShape: 0,
    collisionLayer: 0,
    tileObject: 0,
    empty: 0,
  };
  const block = (cause: keyof CollisionCounts) => (cell: number) => {
    if (blocked[cell]) return;
    blocked[cell] = 1;
    counts[cause]++;
  };
  const markDrawn = (cell: number): void => {
    drawn[cell] = 1;
  };
  let imageFloor = false;

  for (const layer of layers) {
    const visible = layer.visible !== false;
    const collisionLayer = isCollisionLayer(layer);
    if (layer.type === 'imagelayer') {
      if (visible && layer.image) imageFloor = true;
      continue;
    }
    if (layer.type === 'tilelayer') {
      if (!visible && !collisionLayer) continue;
      layer.data.forEach((raw, i) => {
        if (raw === 0) return;
        const info = tiles.get(raw);
        const column = i % layer.width;
        const row = Math.floor(i / layer.width);
        if (!info) {
          // A collision layer often uses a marker tile of a tileset the map no longer has; it still blocks.
          if (collisionLayer) block('collisionLayer')(row * map.width + column);
          return;
        }
        const rect = tileRectInLayer(info, column, row, layer, map);
        if (collisionLayer) {
          forCellsUnder(rect, map, block('collisionLayer'));
          return;
        }
        forCellsUnder(
          { x: column * map.tilewidth, y: row * map.tileheight, width: 1, height: 1 },
          map,
          markDrawn,
        );
        if (info.collides) forCellsUnder(rect, map, block('tileProperty'));
        for (const shape of info.shapes) {
          const s = flipWithin(shape, info, raw);
          forCellsUnder({ ...s, x: rect.x + s.x, y: rect.y + s.y }, map, block('tileShape'));
        }
      });
      continue;
    }
    for (const o of layer.objects) {
      const shown = visible && o.visible !== false;
      const wholeSolid = objectIsSolid(o, collisionLayer);
      if (o.gid !== undefined) {
        const info = tiles.get(o.gid);
        if (!info || !(shown || wholeSolid)) continue;
        for (const r of tileObjectSolids(o, info, wholeSolid)) forCellsUnder(r, map, block('tileObject'));
        continue;
      }
      if (!wholeSolid) continue;
      const box = objectBounds(o);
      if (box) forCellsUnder(box, map, block('collisionLayer'));
    }
  }
  if (!imageFloor) {
    for (let cell = 0; cell < size; cell++) if (!drawn[cell]) block('empty')(cell);
  }
  return { blocked, counts };
}
