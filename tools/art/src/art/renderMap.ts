/** Render a Tiled JSON map (orthogonal, one embedded tileset, plain-array tile layers) to a PNG. */
import type { PNG } from 'pngjs';
import { Canvas } from './png';

interface TiledLayer {
  type: string;
  name: string;
  visible?: boolean;
  opacity?: number;
  data?: number[];
  width?: number;
  height?: number;
}

interface TiledMap {
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  layers: TiledLayer[];
  tilesets: {
    firstgid: number;
    columns: number;
    margin?: number;
    spacing?: number;
    tilewidth: number;
    tileheight: number;
  }[];
}

const FLIP_MASK = 0x1fffffff;

export interface RenderOptions {
  /** Only draw tile layers with these names (default: all visible tile layers). */
  layers?: string[];
  /** Draw onto an existing canvas instead of a fresh one. */
  target?: Canvas;
}

export function renderTiledMapToCanvas(mapJson: unknown, tilesetPng: PNG, opts: RenderOptions = {}): Canvas {
  const map = mapJson as TiledMap;
  const ts = map.tilesets[0];
  if (!ts) throw new Error('map has no tileset');
  const sheet = Canvas.fromPNG(tilesetPng);
  const tw = map.tilewidth;
  const th = map.tileheight;
  const out = opts.target ?? new Canvas(map.width * tw, map.height * th);
  const margin = ts.margin ?? 0;
  const spacing = ts.spacing ?? 0;
  for (const layer of map.layers) {
    if (layer.type !== 'tilelayer' || layer.visible === false || !layer.data) continue;
    if (opts.layers && !opts.layers.includes(layer.name)) continue;
    const lw = layer.width ?? map.width;
    layer.data.forEach((raw, i) => {
      const gid = raw & FLIP_MASK;
      if (gid === 0) return;
      const id = gid - ts.firstgid;
      const sx = margin + (id % ts.columns) * (ts.tilewidth + spacing);
      const sy = margin + Math.floor(id / ts.columns) * (ts.tileheight + spacing);
      const dx = (i % lw) * tw;
      const dy = Math.floor(i / lw) * th;
      for (let y = 0; y < ts.tileheight; y++)
        for (let x = 0; x < ts.tilewidth; x++) {
          const c = sheet.get(sx + x, sy + y);
          if (c[3] > 0) out.put(dx + x, dy + y, c);
        }
    });
  }
  return out;
}

/** Composite every visible tile layer, in order, at 1× scale. */
export function renderTiledMap(mapJson: unknown, tilesetPng: PNG): PNG {
  return renderTiledMapToCanvas(mapJson, tilesetPng).toPNG();
}
