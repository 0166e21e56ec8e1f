import {
  MapConventions,
  TileCatalog,
  gidFlips,
  hasFlag,
  type TiledLayer,
  type TiledMap,
  type TileInfo,
} from '@campus/world';

/** An image to load before the world is drawn; `url` is under the page's `world/`. */
export interface TextureLoad {
  key: string;
  url: string;
}

/** One image placed on the map: a tile object (furniture), an image-collection tile, or an image layer. */
export interface Placement {
  texture: string;
  /** A part of the texture (one tile of a sheet), created on first use; absent for the whole image. */
  frame?: { name: string; x: number; y: number; width: number; height: number };
  /** Centre of the placed image, in map pixels. */
  x: number;
  y: number;
  /** Size before rotation. */
  width: number;
  height: number;
  angle: number;
  flipX: boolean;
  flipY: boolean;
  depth: number;
  alpha: number;
}

export interface MapDrawing {
  textures: TextureLoad[];
  /** The tile layers Phaser draws as tilemap layers, by name, with their depth. */
  tileLayers: Array<{ name: string; depth: number }>;
  /** Sheet tilesets to hand Phaser's tilemap, with the texture holding each. */
  sheets: Array<{ name: string; texture: string }>;
  placements: Placement[];
}

/** Above every avatar (whose depth is its feet's y). */
export const ABOVE_DEPTH = 1_000_000;
const LAYER_DEPTH = -100;

const sheetKey = (name: string): string => `tileset:${name}`;
const tileKey = (gid: number): string => `tile:${gid}`;

/** How a flipped gid is shown by an image flipped first and rotated after (as Phaser does it). */
function orientation(gid: number): { flipX: boolean; flipY: boolean; quarterTurn: boolean } {
  const f = gidFlips(gid);
  // Tiled flips anti-diagonally first, then horizontally, then vertically; an anti-diagonal flip is a horizontal
  // flip followed by a quarter turn anticlockwise, which swaps what the later flips do.
  return f.diagonal
    ? { flipX: !f.vertical, flipY: f.horizontal, quarterTurn: true }
    : { flipX: f.horizontal, flipY: f.vertical, quarterTurn: false };
}

/** The texture and frame a tile is drawn from; undefined when its image is not served. */
function source(info: TileInfo): Pick<Placement, 'texture' | 'frame'> | undefined {
  const ts = info.tileset;
  if (ts.image) {
    const columns = ts.columns || 1;
    const w = ts.tilewidth ?? info.width;
    const h = ts.tileheight ?? info.height;
    const margin = ts.margin ?? 0;
    const spacing = ts.spacing ?? 0;
    return {
      texture: sheetKey(ts.name ?? ''),
      frame: {
        name: `gid-${info.gid}`,
        x: margin + (info.id % columns) * (w + spacing),
        y: margin + Math.floor(info.id / columns) * (h + spacing),
        width: w,
        height: h,
      },
    };
  }
  return info.tile?.image ? { texture: tileKey(info.gid) } : undefined;
}

/**
 * A box of `width`×`height` whose bottom-left corner is at (x, y), turned by `degrees` about that corner, showing
 * `gid`'s tile: where its centre goes and how the image is turned and flipped.
 */
function placed(
  info: TileInfo,
  gid: number,
  box: { x: number; y: number; width: number; height: number; degrees: number },
  depth: number,
  alpha: number,
): Placement | undefined {
  const from = source(info);
  if (!from) return undefined;
  const turn = (box.degrees * Math.PI) / 180;
  const cx = box.width / 2;
  const cy = -box.height / 2;
  const o = orientation(gid);
  return {
    ...from,
    x: box.x + cx * Math.cos(turn) - cy * Math.sin(turn),
    y: box.y + cx * Math.sin(turn) + cy * Math.cos(turn),
    width: o.quarterTurn ? box.height : box.width,
    height: o.quarterTurn ? box.width : box.height,
    angle: box.degrees + (o.quarterTurn ? -90 : 0),
    flipX: o.flipX,
    flipY: o.flipY,
    depth,
    alpha,
  };
}

function layerDepth(layer: TiledLayer, index: number): number {
  return hasFlag(layer, [MapConventions.ABOVE_PROPERTY]) ? ABOVE_DEPTH : LAYER_DEPTH + index;
}

/**
 * What to draw for a map and in which order: tile layers through Phaser's tilemap; tile objects (furniture),
 * image-collection tiles and image layers as images. Furniture is sorted with the avatars by its bottom edge, so one
 * walks behind a table's top and in front of its legs; a layer marked `above` is drawn over everyone.
 */
export function planMapDrawing(map: TiledMap): MapDrawing {
  const tiles = new TileCatalog(map);
  const textures = new Map<string, string>();
  for (const ts of map.tilesets) {
    if (ts.image) textures.set(sheetKey(ts.name ?? ''), ts.image);
    for (const tile of ts.tiles ?? [])
      if (!ts.image && tile.image) textures.set(tileKey(ts.firstgid + tile.id), tile.image);
  }
  const drawing: MapDrawing = {
    textures: [],
    tileLayers: [],
    sheets: map.tilesets
      .filter((ts) => ts.image)
      .map((ts) => ({ name: ts.name ?? '', texture: sheetKey(ts.name ?? '') })),
    placements: [],
  };
  map.layers.forEach((raw, index) => {
    const layer = raw as TiledLayer;
    if (layer.visible === false) return;
    const depth = layerDepth(layer, index);
    const alpha = layer.opacity ?? 1;
    if (layer.type === 'imagelayer') {
      if (!layer.image) return;
      const key = `image:${layer.name}`;
      textures.set(key, layer.image);
      // Its size is the image's own: known once loaded, so the scene places it by its top-left corner.
      drawing.placements.push({
        texture: key,
        x: layer.offsetx ?? 0,
        y: layer.offsety ?? 0,
        width: 0,
        height: 0,
        angle: 0,
        flipX: false,
        flipY: false,
        depth,
        alpha,
      });
      return;
    }
    if (layer.type === 'tilelayer') {
      drawing.tileLayers.push({ name: layer.name, depth });
      layer.data.forEach((gid, i) => {
        const info = tiles.get(gid);
        // Sheet tiles are drawn by the tilemap layer; image-collection tiles are not, so they are placed here.
        if (!info || info.tileset.image) return;
        const column = i % layer.width;
        const row = Math.floor(i / layer.width);
        const x = column * map.tilewidth + (layer.offsetx ?? 0) + (info.tileset.tileoffset?.x ?? 0);
        const y = (row + 1) * map.tileheight + (layer.offsety ?? 0) + (info.tileset.tileoffset?.y ?? 0);
        const p = placed(
          info,
          gid,
          { x, y, width: info.width, height: info.height, degrees: 0 },
          depth,
          alpha,
        );
        if (p) drawing.placements.push(p);
      });
      return;
    }
    for (const o of layer.objects) {
      if (o.gid === undefined || o.visible === false) continue;
      const info = tiles.get(o.gid);
      if (!info) continue;
      const box = {
        x: o.x,
        y: o.y,
        width: o.width || info.width,
        height: o.height || info.height,
        degrees: o.rotation ?? 0,
      };
      const p = placed(info, o.gid, box, depth === ABOVE_DEPTH ? ABOVE_DEPTH : o.y, alpha);
      if (p) drawing.placements.push(p);
    }
  });
  drawing.textures = [...textures].map(([key, url]) => ({ key, url }));
  return drawing;
}
