import { z } from 'zod';

/**
 * Tiled's JSON map format (https://doc.mapeditor.org/en/stable/reference/json-map-format/) in the self-contained form
 * the server hands to browsers: finite, tilesets embedded, layer data as plain arrays, groups flattened (their offsets,
 * visibility and properties folded into each layer), templates applied. `@campus/map-reader` turns what Tiled saves
 * into this. Unknown fields are kept, so a map saved by a newer Tiled still loads.
 */
const TiledProperty = z.looseObject({
  name: z.string(),
  /** `string` (default), `int`, `float`, `bool`, `color`, `file`, `object`, `class` or `list`. */
  type: z.string().optional(),
  propertytype: z.string().optional(),
  value: z.unknown(),
});
export type TiledProperty = z.infer<typeof TiledProperty>;

const Properties = z.array(TiledProperty).optional();

const TiledPoint = z.object({ x: z.number(), y: z.number() });

const TiledTileLayer = z.looseObject({
  type: z.literal('tilelayer'),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  data: z.array(z.number().int().nonnegative()),
  visible: z.boolean().optional(),
  opacity: z.number().optional(),
  offsetx: z.number().optional(),
  offsety: z.number().optional(),
  properties: Properties,
  encoding: z.literal('csv').optional(),
});
export type TiledTileLayer = z.infer<typeof TiledTileLayer>;

const TiledObject = z.looseObject({
  id: z.number().int(),
  name: z.string().optional().default(''),
  type: z.string().optional(),
  class: z.string().optional(),
  x: z.number(),
  y: z.number(),
  width: z.number().optional().default(0),
  height: z.number().optional().default(0),
  rotation: z.number().optional(),
  visible: z.boolean().optional(),
  /** A tile object: the tile it shows, with Tiled's flip flags in the top bits. */
  gid: z.number().int().nonnegative().optional(),
  point: z.boolean().optional(),
  ellipse: z.boolean().optional(),
  polygon: z.array(TiledPoint).optional(),
  polyline: z.array(TiledPoint).optional(),
  text: z.unknown().optional(),
  properties: Properties,
});
export type TiledObject = z.infer<typeof TiledObject>;

const TiledObjectLayer = z.looseObject({
  type: z.literal('objectgroup'),
  name: z.string(),
  objects: z.array(TiledObject),
  visible: z.boolean().optional(),
  opacity: z.number().optional(),
  properties: Properties,
});
export type TiledObjectLayer = z.infer<typeof TiledObjectLayer>;

const TiledImageLayer = z.looseObject({
  type: z.literal('imagelayer'),
  name: z.string(),
  /** A path under the server's `/world/`, or absent when the server does not serve the image. */
  image: z.string().optional(),
  visible: z.boolean().optional(),
  opacity: z.number().optional(),
  offsetx: z.number().optional(),
  offsety: z.number().optional(),
  properties: Properties,
});
export type TiledImageLayer = z.infer<typeof TiledImageLayer>;

/** A group layer: `@campus/map-reader` flattens these, so here it only gets a clear refusal. */
const TiledGroupLayer = z.looseObject({ type: z.literal('group'), name: z.string() });

export type TiledLayer = TiledTileLayer | TiledObjectLayer | TiledImageLayer;

const TiledShapeLayer = z.looseObject({ objects: z.array(TiledObject).optional() });

const TiledTile = z.looseObject({
  id: z.number().int().nonnegative(),
  type: z.string().optional(),
  class: z.string().optional(),
  properties: Properties,
  /** Collision shapes drawn in Tiled's tile collision editor. */
  objectgroup: TiledShapeLayer.optional(),
  /** An image-collection tile's own image (a path under `/world/`), and its size. */
  image: z.string().optional(),
  imagewidth: z.number().optional(),
  imageheight: z.number().optional(),
  animation: z.array(z.looseObject({ tileid: z.number(), duration: z.number() })).optional(),
});
export type TiledTile = z.infer<typeof TiledTile>;

const TiledTileset = z.looseObject({
  firstgid: z.number().int().positive(),
  name: z.string().optional(),
  /** One image cut into tiles; absent for an image collection (each tile has its own) or when not served. */
  image: z.string().optional(),
  imagewidth: z.number().optional(),
  imageheight: z.number().optional(),
  source: z.string().optional(),
  tilecount: z.number().int().nonnegative().optional(),
  columns: z.number().int().nonnegative().optional(),
  tilewidth: z.number().int().positive().optional(),
  tileheight: z.number().int().positive().optional(),
  margin: z.number().int().nonnegative().optional(),
  spacing: z.number().int().nonnegative().optional(),
  tileoffset: z.object({ x: z.number(), y: z.number() }).optional(),
  /** `grid` scales every tile to the map's grid cell (Tiled 1.9). */
  tilerendersize: z.string().optional(),
  tiles: z.array(TiledTile).optional(),
  properties: Properties,
});
export type TiledTileset = z.infer<typeof TiledTileset>;

export const TiledMap = z.looseObject({
  orientation: z.literal('orthogonal'),
  infinite: z.literal(false).optional(),
  width: z.number().int().positive().max(1024),
  height: z.number().int().positive().max(1024),
  tilewidth: z.number().int().positive(),
  tileheight: z.number().int().positive(),
  layers: z.array(
    z.discriminatedUnion('type', [TiledTileLayer, TiledObjectLayer, TiledImageLayer, TiledGroupLayer]),
  ),
  tilesets: z.array(TiledTileset),
  properties: Properties,
});
export type TiledMap = z.infer<typeof TiledMap>;

/** A custom property's value, or undefined when absent. */
export function propertyValue(properties: readonly TiledProperty[] | undefined, name: string): unknown {
  return properties?.find((p) => p.name === name)?.value;
}

/** Tiled stores flips (horizontal, vertical, anti-diagonal, hexagonal rotation) in the top four bits of a gid. */
export const GidFlags = {
  FLIPPED_HORIZONTALLY: 0x80000000,
  FLIPPED_VERTICALLY: 0x40000000,
  FLIPPED_DIAGONALLY: 0x20000000,
  ROTATED_HEXAGONAL_120: 0x10000000,
} as const;
const GID_MASK = 0x0fffffff;

/** A gid with Tiled's flip flags cleared. */
export function plainGid(gid: number): number {
  return gid & GID_MASK;
}

/** The flips a gid carries. */
export function gidFlips(gid: number): { horizontal: boolean; vertical: boolean; diagonal: boolean } {
  return {
    horizontal: (gid & GidFlags.FLIPPED_HORIZONTALLY) !== 0,
    vertical: (gid & GidFlags.FLIPPED_VERTICALLY) !== 0,
    diagonal: (gid & GidFlags.FLIPPED_DIAGONALLY) !== 0,
  };
}
