import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import {
  interpretMap,
  MapConventions,
  MapLoadError,
  normalName,
  noticeText,
  plainGid,
  type MapNotice,
  type MapSummary,
  type TiledProperty,
  type WorldMap,
} from '@campus/world';
import { flattenLayers, type FlatLayer } from './flattenLayers';
import { MapFolder } from './MapFolder';
import { Templates } from './templates';
import { TilesetList } from './TilesetList';

type Json = Record<string, unknown>;

/** The most tiles a map may have along a side (the world's limit). */
const MAX_SIDE = 1024;

/** A map read from disk: what browsers get, what the server enforces, what it serves and what it had to say. */
export interface MapBundle {
  mapFile: string;
  /** The folder whose files are served: the map's folder, or `MAP_ROOT`. */
  root: string;
  /** The self-contained map served at `/world/map.json`: the world's `TiledMap`. */
  clientMap: Json;
  world: WorldMap;
  summary: MapSummary;
  /** Warnings and info, one line each (errors throw). */
  notices: MapNotice[];
  folder: MapFolder;
}

export interface ReadMapOptions {
  /** Serve the map's files from this folder instead of the map's own (`MAP_ROOT`). */
  root?: string | undefined;
}

const LEVEL_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Reads a Tiled JSON map and everything it references, as the server serves it. Throws MapLoadError whose notices
 * name every problem in one line each (`office.tmj: layer "floor" uses zstd compression, …`).
 */
export function readMapFile(mapFile: string, options: ReadMapOptions = {}): MapBundle {
  try {
    return readCheckedMapFile(mapFile, options);
  } catch (err) {
    if (err instanceof MapLoadError) throw err;
    // A shape no check foresaw (null where Tiled writes an object, say): still one line, never a stack trace.
    const shown = resolve(mapFile).split(/[\\/]/).pop() ?? mapFile;
    const message = `holds something Tiled does not write (${(err as Error).message}); open the map in Tiled and save it again`;
    throw new MapLoadError(`${shown}: ${message}`, { notices: [{ level: 'error', message, file: shown }] });
  }
}

function readCheckedMapFile(mapFile: string, options: ReadMapOptions): MapBundle {
  const file = resolve(mapFile);
  const shown = file.split(/[\\/]/).pop() ?? file;
  const fail = (message: string, notices?: MapNotice[]): never => {
    const all = notices ?? [{ level: 'error', message }];
    throw new MapLoadError(
      all
        .filter((n) => n.level === 'error')
        .map((n) => noticeText(n, shown))
        .join('\n') || message,
      {
        notices: all.map((n) => ({ ...n, file: n.file ?? shown })),
      },
    );
  };
  const ext = extname(file).toLowerCase();
  if (ext === '.tmx') {
    fail(
      `this is a TMX (XML) map; the server reads Tiled's JSON format: in Tiled use File › Export As and choose "JSON map files (*.tmj *.json)" (its tilesets may stay .tsx)`,
    );
  }
  if (ext === '.world') {
    fail(
      `this is a Tiled world (several maps); the campus runs one map: point MAP_FILE at one of its .tmj maps`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return fail(
      missing
        ? `map file not found (looked for ${file}); check MAP_FILE`
        : `the map file cannot be read: ${(err as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(
      `is not JSON (${(err as Error).message}); save it from Tiled as a JSON map (File › Export As › JSON map files)`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('layers' in raw)) {
    return fail(
      `is JSON but not a Tiled map (it has no "layers"); point MAP_FILE at the .tmj file Tiled saved`,
    );
  }
  const map = raw as Json;
  if (map.orientation !== undefined && map.orientation !== 'orthogonal') {
    fail(
      `the map is ${String(map.orientation)}; the campus walks orthogonal (top-down, square grid) maps only, so it needs redrawing as an orthogonal map in Tiled`,
    );
  }
  const root = resolve(options.root ?? dirname(file));
  let folder: MapFolder;
  try {
    folder = new MapFolder(file, root);
  } catch {
    return fail(`MAP_ROOT ${root} does not exist; set it to the folder that holds the map and its images`);
  }

  const notices: MapNotice[] = [];
  const tilesets = new TilesetList(folder, notices);
  for (const ref of Array.isArray(map.tilesets) ? (map.tilesets as Json[]) : []) tilesets.add(ref, file);
  const infinite = map.infinite === true;
  const width = typeof map.width === 'number' ? map.width : 0;
  const height = typeof map.height === 'number' ? map.height : 0;
  const tileW = typeof map.tilewidth === 'number' ? map.tilewidth : 16;
  const tileH = typeof map.tileheight === 'number' ? map.tileheight : 16;
  const flat = flattenLayers(map.layers, {
    mapFile: file,
    width,
    height,
    infinite,
    folder,
    templates: new Templates(folder, tilesets, notices),
    notices,
  });
  if (notices.some((n) => n.level === 'error')) fail('', sortNotices(notices));

  const bounds = infinite ? tileBounds(flat) : { x: 0, y: 0, width, height };
  if (!bounds) return fail(`the infinite map has no tiles at all; draw its floor in Tiled first`);
  if (bounds.width > MAX_SIDE || bounds.height > MAX_SIDE) {
    fail(
      `the map's tiles span ${bounds.width}×${bounds.height}; the campus takes at most ${MAX_SIDE}×${MAX_SIDE}, so crop it in Tiled (Map › Resize Map)`,
    );
  }
  if (infinite) {
    notices.push({
      level: 'info',
      message: `the map is infinite; its tiles span ${bounds.width}×${bounds.height} from tile (${bounds.x}, ${bounds.y}), which becomes the top-left corner`,
    });
  }
  const clientMap: Json = {
    ...map,
    infinite: false,
    width: bounds.width,
    height: bounds.height,
    layers: finiteLayers(flat, bounds, tileW, tileH),
    tilesets: tilesets.embedded(),
  };
  const knownGids = gidChecker(clientMap.tilesets as Json[]);
  for (const layer of clientMap.layers as Json[]) {
    if (layer.type !== 'objectgroup') continue;
    layer.objects = (layer.objects as Json[]).filter((o) => {
      if (typeof o.gid !== 'number' || knownGids(o.gid)) return true;
      notices.push({
        level: 'warning',
        message: `object ${String(o.id)} in layer "${String(layer.name)}" shows tile ${plainGid(o.gid)}, which no tileset has, so it is left out; delete it or add its tileset back in Tiled`,
      });
      return false;
    });
  }

  const result = interpretMap(clientMap);
  const all = sortNotices([...notices, ...result.notices]).map((n) => ({ ...n, file: n.file ?? shown }));
  if (!result.world || !result.summary) return fail('', all);
  return {
    mapFile: file,
    root,
    clientMap,
    world: result.world,
    summary: result.summary,
    notices: all,
    folder,
  };
}

function sortNotices(notices: MapNotice[]): MapNotice[] {
  return [...notices].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
}

/** The tile rectangle holding every non-empty tile of every tile layer. */
function tileBounds(
  layers: FlatLayer[],
): { x: number; y: number; width: number; height: number } | undefined {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const layer of layers) {
    if (layer.type !== 'tilelayer') continue;
    for (const c of layer.chunks)
      c.data.forEach((gid, i) => {
        if (gid === 0) return;
        const x = c.x + (i % c.width);
        const y = c.y + Math.floor(i / c.width);
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      });
  }
  return x1 < x0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The layers as the world reads them: plain arrays of the bounds' size, objects moved with the bounds' corner. */
function finiteLayers(
  layers: FlatLayer[],
  bounds: { x: number; y: number; width: number; height: number },
  tileW: number,
  tileH: number,
): Json[] {
  const shiftX = bounds.x * tileW;
  const shiftY = bounds.y * tileH;
  let aboveFromHere = false;
  return layers.map((layer) => {
    const common: Json = {
      name: layer.name,
      // Tiled always writes these (as 0); Phaser adds them to the offsets.
      x: 0,
      y: 0,
      visible: layer.visible,
      opacity: layer.opacity,
      ...(layer.properties.length > 0 ? { properties: layer.properties } : {}),
    };
    switch (layer.type) {
      case 'tilelayer': {
        const data = new Array<number>(bounds.width * bounds.height).fill(0);
        for (const c of layer.chunks)
          c.data.forEach((gid, i) => {
            const x = c.x + (i % c.width) - bounds.x;
            const y = c.y + Math.floor(i / c.width) - bounds.y;
            if (x >= 0 && y >= 0 && x < bounds.width && y < bounds.height) data[y * bounds.width + x] = gid;
          });
        // WorkAdventure draws every tile layer after its `floorLayer` object layer over the avatars.
        const properties: TiledProperty[] = aboveFromHere
          ? [
              ...layer.properties.filter((p) => p.name !== MapConventions.ABOVE_PROPERTY),
              { name: MapConventions.ABOVE_PROPERTY, type: 'bool', value: true },
            ]
          : layer.properties;
        return {
          ...common,
          ...(properties.length > 0 ? { properties } : {}),
          type: 'tilelayer',
          width: bounds.width,
          height: bounds.height,
          offsetx: layer.offsetx,
          offsety: layer.offsety,
          data,
        };
      }
      case 'objectgroup':
        if (normalName(layer.name.split('/').pop()) === normalName(MapConventions.FLOOR_LAYER))
          aboveFromHere = true;
        return {
          ...common,
          type: 'objectgroup',
          objects: layer.objects.map((o) => ({
            ...o,
            ...(typeof o.x === 'number' ? { x: o.x - shiftX } : {}),
            ...(typeof o.y === 'number' ? { y: o.y - shiftY } : {}),
          })),
        };
      case 'imagelayer':
        return {
          ...common,
          type: 'imagelayer',
          ...(layer.image ? { image: layer.image } : {}),
          offsetx: layer.offsetx - shiftX,
          offsety: layer.offsety - shiftY,
        };
    }
  });
}

function gidChecker(tilesets: Json[]): (gid: number) => boolean {
  return (raw) => {
    const gid = plainGid(raw);
    return tilesets.some((ts) => {
      const first = Number(ts.firstgid);
      const ids = Array.isArray(ts.tiles) ? (ts.tiles as Json[]).map((t) => Number(t.id)) : [];
      const count = Math.max(Number(ts.tilecount) || 0, ...ids.map((i) => i + 1));
      return gid >= first && gid < first + count;
    });
  };
}
