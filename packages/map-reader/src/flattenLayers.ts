import type { MapNotice, TiledProperty } from '@campus/world';
import { decodeLayerData, LayerDataError } from './layerData';
import { MapFolder } from './MapFolder';
import type { Templates } from './templates';

type Json = Record<string, unknown>;

/** A block of decoded gids at a tile position (a whole finite layer is one chunk at 0,0). */
export interface Chunk {
  x: number;
  y: number;
  width: number;
  height: number;
  data: number[];
}

interface Common {
  /** The path through groups: `building/walls`. */
  name: string;
  visible: boolean;
  opacity: number;
  offsetx: number;
  offsety: number;
  properties: TiledProperty[];
}

/** A layer once its groups are gone: what the group said is folded in. */
export type FlatLayer =
  | (Common & { type: 'tilelayer'; chunks: Chunk[] })
  | (Common & { type: 'objectgroup'; objects: Json[] })
  | (Common & { type: 'imagelayer'; image?: string });

export interface FlattenContext {
  mapFile: string;
  width: number;
  height: number;
  infinite: boolean;
  folder: MapFolder;
  templates: Templates;
  notices: MapNotice[];
}

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** Properties of a group under those of its layer: the layer's own win. */
function mergeProperties(outer: TiledProperty[], own: unknown): TiledProperty[] {
  const merged = new Map<string, TiledProperty>();
  for (const p of outer) merged.set(p.name, p);
  if (Array.isArray(own)) {
    for (const p of own as TiledProperty[]) if (p && typeof p.name === 'string') merged.set(p.name, p);
  }
  return [...merged.values()];
}

/**
 * Flattens group layers (nested at any depth: offsets add up, a hidden group hides what is in it, opacity multiplies,
 * properties are inherited), decodes tile data, applies object templates and moves objects by their layers' offsets.
 */
export function flattenLayers(layers: unknown, ctx: FlattenContext): FlatLayer[] {
  const out: FlatLayer[] = [];
  const root: Common = { name: '', visible: true, opacity: 1, offsetx: 0, offsety: 0, properties: [] };
  walk(layers, root, ctx, out);
  return out;
}

function walk(layers: unknown, parent: Common, ctx: FlattenContext, out: FlatLayer[]): void {
  if (!Array.isArray(layers)) {
    ctx.notices.push({
      level: 'error',
      message: `${parent.name ? `group "${parent.name}"` : 'the map'} has no "layers" list; save the map again from Tiled`,
    });
    return;
  }
  for (const [index, raw] of layers.entries()) {
    if (raw === null || typeof raw !== 'object') continue;
    const layer = raw as Json;
    const ownName = typeof layer.name === 'string' && layer.name ? layer.name : `layer ${index + 1}`;
    const here: Common = {
      name: parent.name ? `${parent.name}/${ownName}` : ownName,
      visible: parent.visible && layer.visible !== false,
      opacity: parent.opacity * num(layer.opacity, 1),
      offsetx: parent.offsetx + num(layer.offsetx, 0),
      offsety: parent.offsety + num(layer.offsety, 0),
      properties: mergeProperties(parent.properties, layer.properties),
    };
    const label = `layer "${here.name}"`;
    if (num(layer.parallaxx, 1) !== 1 || num(layer.parallaxy, 1) !== 1) {
      ctx.notices.push({
        level: 'info',
        message: `${label} scrolls with parallax, which the campus does not do, so it is drawn fixed to the map`,
      });
    }
    switch (layer.type) {
      case 'group':
        walk(layer.layers, here, ctx, out);
        break;
      case 'tilelayer': {
        const chunks = tileChunks(layer, label, ctx);
        if (chunks) out.push({ ...here, type: 'tilelayer', chunks });
        break;
      }
      case 'objectgroup':
        out.push({ ...here, type: 'objectgroup', objects: objectsOf(layer, here, label, ctx) });
        break;
      case 'imagelayer':
        out.push({ ...here, type: 'imagelayer', ...imageOf(layer, label, ctx) });
        break;
      default:
        ctx.notices.push({
          level: 'warning',
          message: `${label} is of type ${JSON.stringify(layer.type)}, which Tiled does not write, so it is left out`,
        });
    }
  }
}

function tileChunks(layer: Json, label: string, ctx: FlattenContext): Chunk[] | undefined {
  const encoding = typeof layer.encoding === 'string' ? layer.encoding : undefined;
  const compression = typeof layer.compression === 'string' ? layer.compression : undefined;
  try {
    if (Array.isArray(layer.chunks)) {
      return (layer.chunks as Json[]).map((c) => {
        const width = num(c.width, 0);
        const height = num(c.height, 0);
        return {
          x: num(c.x, 0),
          y: num(c.y, 0),
          width,
          height,
          data: decodeLayerData(c.data, encoding, compression, width * height),
        };
      });
    }
    if (ctx.infinite && layer.data === undefined) return [];
    const width = num(layer.width, ctx.width);
    const height = num(layer.height, ctx.height);
    if (width !== ctx.width || height !== ctx.height) {
      ctx.notices.push({
        level: 'error',
        message: `${label} is ${width}×${height} tiles but the map is ${ctx.width}×${ctx.height}; resize it in Tiled (Map › Resize Map fixes every layer)`,
      });
      return undefined;
    }
    return [
      {
        x: num(layer.x, 0),
        y: num(layer.y, 0),
        width,
        height,
        data: decodeLayerData(layer.data, encoding, compression, width * height),
      },
    ];
  } catch (err) {
    if (!(err instanceof LayerDataError)) throw err;
    ctx.notices.push({ level: 'error', message: `${label} ${err.message}` });
    return undefined;
  }
}

function objectsOf(layer: Json, here: Common, label: string, ctx: FlattenContext): Json[] {
  if (!Array.isArray(layer.objects)) return [];
  return (layer.objects as unknown[]).flatMap((raw) => {
    if (raw === null || typeof raw !== 'object') return [];
    const o = raw as Json;
    const where = `object ${String(o.id ?? '?')}${typeof o.name === 'string' && o.name ? ` "${o.name}"` : ''} in ${label}`;
    const resolved = ctx.templates.apply(o, ctx.mapFile, where);
    if (!resolved) return [];
    // A position that is not a number is left for the map's check to name.
    const move = (v: unknown, by: number): unknown => (typeof v === 'number' ? v + by : v);
    return [{ ...resolved, x: move(resolved.x, here.offsetx), y: move(resolved.y, here.offsety) }];
  });
}

function imageOf(layer: Json, label: string, ctx: FlattenContext): { image?: string } {
  if (typeof layer.image !== 'string' || layer.image === '') return {};
  const file = MapFolder.resolveFrom(ctx.mapFile, layer.image);
  const served = ctx.folder.serve(file);
  if ('url' in served) return { image: served.url };
  ctx.notices.push({
    level: 'warning',
    message:
      served.refused === 'missing'
        ? `${label}: image "${layer.image}" not found (looked for ${file}), so the layer is not drawn; put the image there or fix the path in Tiled`
        : `${label}: image "${layer.image}" lies outside the folder served for this map (${ctx.folder.root}), so browsers cannot load it and the layer is not drawn; move it inside, or set MAP_ROOT to a folder that holds the map and its images`,
  });
  return {};
}
