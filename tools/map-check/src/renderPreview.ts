import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { Canvas, hex, withAlpha, type RGBA } from '@campus/art/png';
import type { MapBundle } from '@campus/map-reader';
import { TileCatalog, gidFlips, type TiledLayer, type TiledMap, type TileInfo } from '@campus/world';

/** The largest preview side, in pixels: a bigger map is drawn smaller. */
const MAX_SIDE = 4096;

export const PreviewColours = {
  blocked: hex('#e0303a', 110),
  room: hex('#3a7bff', 45),
  roomEdge: hex('#1f4fd6'),
  spawn: hex('#18b84a'),
  spawnEdge: hex('#ffffff'),
  nothing: hex('#16122a'),
} as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Draws `src`'s box into `out`'s map-pixel box, nearest pixel, flipped, at 1/`shrink` scale. */
function blit(
  out: Canvas,
  src: Canvas,
  from: Box,
  to: Box,
  flip: { x: boolean; y: boolean },
  shrink: number,
  alpha: number,
): void {
  if (to.width <= 0 || to.height <= 0) return;
  const x0 = Math.floor(to.x / shrink);
  const y0 = Math.floor(to.y / shrink);
  const x1 = Math.ceil((to.x + to.width) / shrink);
  const y1 = Math.ceil((to.y + to.height) / shrink);
  for (let oy = y0; oy < y1; oy++)
    for (let ox = x0; ox < x1; ox++) {
      const mx = (ox + 0.5) * shrink;
      const my = (oy + 0.5) * shrink;
      if (mx < to.x || my < to.y || mx >= to.x + to.width || my >= to.y + to.height) continue;
      let u = Math.floor(((mx - to.x) / to.width) * from.width);
      let v = Math.floor(((my - to.y) / to.height) * from.height);
      if (flip.x) u = from.width - 1 - u;
      if (flip.y) v = from.height - 1 - v;
      const c = src.get(from.x + u, from.y + v);
      if (c[3] > 0) out.put(ox, oy, alpha >= 1 ? c : withAlpha(c, Math.round(c[3] * alpha)));
    }
}

/** The images the map names, decoded once; undefined for one the server does not serve or that is not a PNG. */
class Images {
  private readonly cache = new Map<string, Canvas | undefined>();
  constructor(private readonly bundle: MapBundle) {}

  get(url: string | undefined): Canvas | undefined {
    if (!url) return undefined;
    if (this.cache.has(url)) return this.cache.get(url);
    let canvas: Canvas | undefined;
    const file = this.bundle.folder.fileFor(url.split('/').map(decodeURIComponent).join('/'));
    try {
      if (file) canvas = Canvas.fromPNG(PNG.sync.read(readFileSync(file)));
    } catch {
      canvas = undefined; // JPEG or a broken file: its tiles are left out of the preview
    }
    this.cache.set(url, canvas);
    return canvas;
  }
}

function tileSource(info: TileInfo, images: Images): { src: Canvas; from: Box } | undefined {
  const ts = info.tileset;
  if (ts.image) {
    const src = images.get(ts.image);
    if (!src) return undefined;
    const columns = ts.columns || 1;
    const w = ts.tilewidth ?? info.width;
    const h = ts.tileheight ?? info.height;
    const margin = ts.margin ?? 0;
    const spacing = ts.spacing ?? 0;
    return {
      src,
      from: {
        x: margin + (info.id % columns) * (w + spacing),
        y: margin + Math.floor(info.id / columns) * (h + spacing),
        width: w,
        height: h,
      },
    };
  }
  const src = images.get(info.tile?.image);
  return src ? { src, from: { x: 0, y: 0, width: src.width, height: src.height } } : undefined;
}

/**
 * The map as the server understood it: its visible layers and furniture drawn from its own images, blocked tiles in
 * red, rooms in blue and spawn points as green crosses. Furniture rotation is not drawn.
 */
export function renderPreview(bundle: MapBundle): Canvas {
  const map = bundle.clientMap as unknown as TiledMap;
  const { world } = bundle;
  const shrink = Math.max(1, Math.ceil(Math.max(world.widthPx, world.heightPx) / MAX_SIDE));
  const out = new Canvas(Math.ceil(world.widthPx / shrink), Math.ceil(world.heightPx / shrink));
  out.rect(0, 0, out.width, out.height, PreviewColours.nothing);
  const images = new Images(bundle);
  const tiles = new TileCatalog(map);
  const draw = (info: TileInfo, gid: number, to: Box, alpha: number): void => {
    const source = tileSource(info, images);
    const f = gidFlips(gid);
    if (source) blit(out, source.src, source.from, to, { x: f.horizontal, y: f.vertical }, shrink, alpha);
  };
  for (const raw of map.layers) {
    const layer = raw as TiledLayer;
    if (layer.visible === false) continue;
    const alpha = layer.opacity ?? 1;
    if (layer.type === 'imagelayer') {
      const src = images.get(layer.image);
      if (src)
        blit(
          out,
          src,
          { x: 0, y: 0, width: src.width, height: src.height },
          { x: layer.offsetx ?? 0, y: layer.offsety ?? 0, width: src.width, height: src.height },
          { x: false, y: false },
          shrink,
          alpha,
        );
    } else if (layer.type === 'tilelayer') {
      layer.data.forEach((gid, i) => {
        const info = tiles.get(gid);
        if (!info) return;
        const x =
          (i % layer.width) * map.tilewidth + (layer.offsetx ?? 0) + (info.tileset.tileoffset?.x ?? 0);
        const y =
          (Math.floor(i / layer.width) + 1) * map.tileheight -
          info.height +
          (layer.offsety ?? 0) +
          (info.tileset.tileoffset?.y ?? 0);
        draw(info, gid, { x, y, width: info.width, height: info.height }, alpha);
      });
    } else {
      for (const o of layer.objects) {
        const info = o.gid === undefined || o.visible === false ? undefined : tiles.get(o.gid);
        if (!info) continue;
        const w = o.width || info.width;
        const h = o.height || info.height;
        draw(info, o.gid ?? 0, { x: o.x, y: o.y - h, width: w, height: h }, alpha);
      }
    }
  }
  const t = world.tileSize;
  const fill = (box: Box, c: RGBA): void =>
    out.rect(
      Math.floor(box.x / shrink),
      Math.floor(box.y / shrink),
      Math.max(1, Math.round(box.width / shrink)),
      Math.max(1, Math.round(box.height / shrink)),
      c,
    );
  for (let r = 0; r < world.heightTiles; r++)
    for (let c = 0; c < world.widthTiles; c++)
      if (world.isBlockedTile(c, r))
        fill({ x: c * t, y: r * t, width: t, height: t }, PreviewColours.blocked);
  for (const area of world.areas) {
    const r = area.rect;
    fill(r, PreviewColours.room);
    const edge = 2 * shrink;
    fill({ x: r.x, y: r.y, width: r.width, height: edge }, PreviewColours.roomEdge);
    fill({ x: r.x, y: r.y + r.height - edge, width: r.width, height: edge }, PreviewColours.roomEdge);
    fill({ x: r.x, y: r.y, width: edge, height: r.height }, PreviewColours.roomEdge);
    fill({ x: r.x + r.width - edge, y: r.y, width: edge, height: r.height }, PreviewColours.roomEdge);
  }
  for (const s of world.spawns) {
    const x = Math.floor(s.x / shrink);
    const y = Math.floor(s.y / shrink);
    out.rect(x - 4, y - 1, 9, 3, PreviewColours.spawnEdge);
    out.rect(x - 1, y - 4, 3, 9, PreviewColours.spawnEdge);
    out.rect(x - 3, y, 7, 1, PreviewColours.spawn);
    out.rect(x, y - 3, 1, 7, PreviewColours.spawn);
  }
  return out;
}
