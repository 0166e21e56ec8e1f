import { z } from 'zod';

/**
 * The subset of Tiled's JSON map format (https://doc.mapeditor.org/en/stable/reference/json-map-format/) that the
 * campus uses. Unknown fields are kept, so a map saved by a newer Tiled still loads.
 */
const TiledProperty = z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  value: z.unknown(),
});
export type TiledProperty = z.infer<typeof TiledProperty>;

const TiledTileLayer = z.looseObject({
  type: z.literal('tilelayer'),
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  data: z.array(z.number().int().nonnegative()),
  visible: z.boolean().optional(),
  opacity: z.number().optional(),
  properties: z.array(TiledProperty).optional(),
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
  point: z.boolean().optional(),
  properties: z.array(TiledProperty).optional(),
});
export type TiledObject = z.infer<typeof TiledObject>;

const TiledObjectLayer = z.looseObject({
  type: z.literal('objectgroup'),
  name: z.string(),
  objects: z.array(TiledObject),
  properties: z.array(TiledProperty).optional(),
});
export type TiledObjectLayer = z.infer<typeof TiledObjectLayer>;

const TiledOtherLayer = z.looseObject({ type: z.enum(['imagelayer', 'group']), name: z.string() });

const TiledTile = z.looseObject({
  id: z.number().int().nonnegative(),
  properties: z.array(TiledProperty).optional(),
});

const TiledTileset = z.looseObject({
  firstgid: z.number().int().positive(),
  name: z.string().optional(),
  image: z.string().optional(),
  source: z.string().optional(),
  tilecount: z.number().int().nonnegative().optional(),
  columns: z.number().int().nonnegative().optional(),
  tilewidth: z.number().int().positive().optional(),
  tileheight: z.number().int().positive().optional(),
  tiles: z.array(TiledTile).optional(),
});
export type TiledTileset = z.infer<typeof TiledTileset>;

export const TiledMap = z.looseObject({
  orientation: z.literal('orthogonal'),
  infinite: z.literal(false).optional(),
  width: z.number().int().positive().max(1024),
  height: z.number().int().positive().max(1024),
  tilewidth: z.number().int().positive(),
  tileheight: z.number().int().positive(),
  layers: z.array(z.union([TiledTileLayer, TiledObjectLayer, TiledOtherLayer])),
  tilesets: z.array(TiledTileset),
  properties: z.array(TiledProperty).optional(),
});
export type TiledMap = z.infer<typeof TiledMap>;

/** A custom property's value, or undefined when absent. */
export function propertyValue(properties: readonly TiledProperty[] | undefined, name: string): unknown {
  return properties?.find((p) => p.name === name)?.value;
}

// Tiled stores flips in the top bits of each gid.
const FLIP_MASK = 0x1fffffff;

/** A gid with Tiled's flip flags cleared. */
export function plainGid(gid: number): number {
  return gid & FLIP_MASK;
}
