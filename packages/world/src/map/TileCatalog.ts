import type { Rect } from '../geometry';
import { hasFlag } from './mapProperties';
import { MapConventions } from './MapConventions';
import { plainGid, type TiledMap, type TiledObject, type TiledTile, type TiledTileset } from './tiled';

/** What the loader needs to know about one tile of a map, found by its gid. */
export interface TileInfo {
  gid: number;
  tileset: TiledTileset;
  /** The tile's id within its tileset. */
  id: number;
  tile: TiledTile | undefined;
  /** The size the tile is drawn at, in px (an image-collection tile's own image size). */
  width: number;
  height: number;
  /** Marked as blocking by a property (`collides`, `solid`, `wall`…). */
  collides: boolean;
  /** Collision shapes from Tiled's tile collision editor, as rectangles within the tile (bounding boxes). */
  shapes: Rect[];
}

/** Every tile of a map's tilesets, by gid; the gids Tiled wrote with flips are looked up without them. */
export class TileCatalog {
  private readonly sorted: TiledTileset[];
  private readonly cache = new Map<number, TileInfo | undefined>();

  constructor(private readonly map: Pick<TiledMap, 'tilesets' | 'tilewidth' | 'tileheight'>) {
    this.sorted = [...map.tilesets].sort((a, b) => b.firstgid - a.firstgid);
  }

  /** The tile a gid shows, or undefined for 0 and for gids of no tileset. */
  get(rawGid: number): TileInfo | undefined {
    const gid = plainGid(rawGid);
    if (gid === 0) return undefined;
    if (this.cache.has(gid)) return this.cache.get(gid);
    const info = this.find(gid);
    this.cache.set(gid, info);
    return info;
  }

  private find(gid: number): TileInfo | undefined {
    const tileset = this.sorted.find((ts) => ts.firstgid <= gid);
    if (!tileset) return undefined;
    const id = gid - tileset.firstgid;
    const tile = tileset.tiles?.find((t) => t.id === id);
    const isCollection = tileset.image === undefined && tile?.image !== undefined;
    if (tileset.tilecount !== undefined && id >= tileset.tilecount && !isCollection) return undefined;
    const gridSized = tileset.tilerendersize === 'grid';
    const width = gridSized
      ? this.map.tilewidth
      : ((isCollection ? tile?.imagewidth : undefined) ?? tileset.tilewidth ?? this.map.tilewidth);
    const height = gridSized
      ? this.map.tileheight
      : ((isCollection ? tile?.imageheight : undefined) ?? tileset.tileheight ?? this.map.tileheight);
    const scaleX = gridSized ? width / (tileset.tilewidth ?? width) : 1;
    const scaleY = gridSized ? height / (tileset.tileheight ?? height) : 1;
    return {
      gid,
      tileset,
      id,
      tile,
      width,
      height,
      collides: hasFlag(tile, MapConventions.COLLISION_PROPERTIES),
      shapes: shapesOf(tile).map((r) => ({
        x: r.x * scaleX,
        y: r.y * scaleY,
        width: r.width * scaleX,
        height: r.height * scaleY,
      })),
    };
  }
}

function shapesOf(tile: TiledTile | undefined): Rect[] {
  return (tile?.objectgroup?.objects ?? []).flatMap((o) => {
    const box = objectBounds(o);
    return box && box.width > 0 && box.height > 0 ? [box] : [];
  });
}

/**
 * The bounding box of a shape object (rectangle, ellipse, polygon, polyline), rotation included; undefined for points
 * and text. Tile objects are anchored at their bottom-left corner, other shapes at their top-left.
 */
export function objectBounds(o: TiledObject): Rect | undefined {
  if (o.point || o.text !== undefined) return undefined;
  let corners: Array<{ x: number; y: number }>;
  const points = o.polygon ?? o.polyline;
  if (points && points.length > 0) {
    corners = points;
  } else if (o.width > 0 || o.height > 0) {
    const top = o.gid !== undefined ? -o.height : 0;
    corners = [
      { x: 0, y: top },
      { x: o.width, y: top },
      { x: 0, y: top + o.height },
      { x: o.width, y: top + o.height },
    ];
  } else {
    return undefined;
  }
  const angle = ((o.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const turned = corners.map((p) => ({ x: o.x + p.x * cos - p.y * sin, y: o.y + p.x * sin + p.y * cos }));
  const xs = turned.map((p) => p.x);
  const ys = turned.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
