/** A campus map under construction: tile names per layer, with checked placement of tiles and objects. */
import { MAP_H, MAP_W, type LayerName, type Layers } from './campusPlan';
import type { Tileset } from './tileset';

export interface CampusGrid {
  layers: Layers;
  /** Cell index of tile (x, y); throws outside the map. */
  idx: (x: number, y: number) => number;
  /** Put a tile on a layer; only floor and walls may be overwritten by default, elsewhere a clash throws. */
  set: (layer: LayerName, x: number, y: number, name: string, overwrite?: boolean) => void;
  rect: (
    layer: LayerName,
    x: number,
    y: number,
    w: number,
    h: number,
    name: string | ((x: number, y: number) => string),
  ) => void;
  /** Place a multi-tile object: its base on `layer`, its top on `above`. */
  place: (obj: string, x: number, y: number, layer?: LayerName) => void;
}

export function createGrid(ts: Tileset): CampusGrid {
  const size = MAP_W * MAP_H;
  const layers: Layers = {
    floor: new Array<string | null>(size).fill(null),
    walls: new Array<string | null>(size).fill(null),
    furniture: new Array<string | null>(size).fill(null),
    above: new Array<string | null>(size).fill(null),
  };
  const idx = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= MAP_W || y >= MAP_H) throw new Error(`out of map ${x},${y}`);
    return y * MAP_W + x;
  };
  const set = (
    layer: LayerName,
    x: number,
    y: number,
    name: string,
    overwrite = layer === 'floor' || layer === 'walls',
  ) => {
    ts.id(name);
    const i = idx(x, y);
    if (!overwrite && layers[layer][i])
      throw new Error(`${layer} ${x},${y} already has ${layers[layer][i]} (placing ${name})`);
    layers[layer][i] = name;
  };
  const rect = (
    layer: LayerName,
    x: number,
    y: number,
    w: number,
    h: number,
    name: string | ((x: number, y: number) => string),
  ) => {
    for (let j = y; j < y + h; j++)
      for (let i = x; i < x + w; i++) set(layer, i, j, typeof name === 'string' ? name : name(i, j));
  };
  const place = (obj: string, x: number, y: number, layer: LayerName = 'furniture') => {
    const o = ts.object(obj);
    for (let ty = 0; ty < o.h; ty++)
      for (let tx = 0; tx < o.w; tx++) {
        const b = o.base[ty]?.[tx];
        const t = o.top[ty]?.[tx];
        if (b) set(layer, x + tx, y + ty, b);
        if (t) set('above', x + tx, y + ty, t);
      }
  };
  return { layers, idx, set, rect, place };
}
