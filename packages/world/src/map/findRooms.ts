import type { Rect } from '../geometry';
import type { Area } from '../WorldMap';
import { findProperty, isYes, normalName, type HasProperties } from './mapProperties';
import type { MapNotice } from './MapNotice';
import { MapConventions } from './MapConventions';
import { objectBounds } from './TileCatalog';
import type { TiledLayer, TiledMap, TiledObject, TiledObjectLayer, TiledTileLayer } from './tiled';

/** A room and where its name and capacity came from, for the report. */
export interface FoundRoom {
  area: Area;
  source: string;
  capacityDefaulted: boolean;
}

const C = MapConventions;
const includes = (list: readonly string[], name: string | undefined): boolean =>
  list.includes(normalName(name));
const ROOM_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The value of a meeting property (`jitsiRoom`, `meetingRoom`, `room`…) if it marks a meeting place. */
function meetingMark(owner: HasProperties): string | true | undefined {
  const value = findProperty(owner, C.MEETING_PROPERTIES);
  if (typeof value === 'string' && value.trim() !== '' && value.trim().toLowerCase() !== 'false')
    return value.trim();
  return isYes(value) ? true : undefined;
}

function isRoomObject(o: TiledObject, layer: TiledObjectLayer): boolean {
  const cls = o.class ?? o.type;
  if (layer.name.split('/').some((n) => includes(C.ROOM_LAYERS, n))) return true;
  if (includes(C.ROOM_CLASSES, cls)) return true;
  if (meetingMark(o) !== undefined) return true;
  // Furniture may say how many it seats; only a shape drawn as an area is a room by its properties alone.
  if (o.gid !== undefined) return false;
  const hasCapacity = findProperty(o, C.CAPACITY_PROPERTIES) !== undefined;
  const hasId = findProperty(o, ['roomId']) !== undefined;
  return hasCapacity || hasId;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** Bounding boxes of the groups of touching tiles in a tile layer (old WorkAdventure maps mark zones this way). */
function tileGroups(layer: TiledTileLayer, map: Pick<TiledMap, 'tilewidth' | 'tileheight'>): Rect[] {
  const { width: w, height: h } = layer;
  const seen = new Uint8Array(w * h);
  const boxes: Rect[] = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || !layer.data[start]) continue;
    seen[start] = 1;
    const stack = [start];
    let [c0, r0, c1, r1] = [w, h, -1, -1];
    while (stack.length > 0) {
      const cell = stack.pop() ?? 0;
      const c = cell % w;
      const r = Math.floor(cell / w);
      [c0, r0, c1, r1] = [Math.min(c0, c), Math.min(r0, r), Math.max(c1, c), Math.max(r1, r)];
      for (const [nc, nr] of [
        [c + 1, r],
        [c - 1, r],
        [c, r + 1],
        [c, r - 1],
      ] as const) {
        const next = nr * w + nc;
        if (nc < 0 || nr < 0 || nc >= w || nr >= h || seen[next] || !layer.data[next]) continue;
        seen[next] = 1;
        stack.push(next);
      }
    }
    boxes.push({
      x: c0 * map.tilewidth,
      y: r0 * map.tileheight,
      width: (c1 - c0 + 1) * map.tilewidth,
      height: (r1 - r0 + 1) * map.tileheight,
    });
  }
  return boxes;
}

interface Candidate {
  owner: HasProperties & { name: string; class?: string | undefined; type?: string | undefined };
  label: string;
  rect: Rect;
}

/**
 * Rooms (classrooms, meeting rooms): rectangles in an `areas`/`rooms` layer, shapes of class `room`/`classroom`/
 * `meeting…`, zones that carry a meeting property (`jitsiRoom`, `meetingRoom`…) or a capacity, and tile layers with a
 * meeting property. Names, ids and capacities come from properties, with defaults that are said as info.
 */
export function findRooms(
  layers: readonly TiledLayer[],
  map: Pick<TiledMap, 'width' | 'height' | 'tilewidth' | 'tileheight'>,
  notices: MapNotice[],
): FoundRoom[] {
  const candidates: Candidate[] = [];
  for (const layer of layers) {
    if (layer.type === 'tilelayer') {
      const mark = meetingMark(layer);
      if (mark === undefined) continue;
      tileGroups(layer, map).forEach((rect, i, all) =>
        candidates.push({
          owner: { ...layer, name: typeof mark === 'string' ? mark : layer.name },
          label: `tile layer "${layer.name}"${all.length > 1 ? ` (part ${i + 1})` : ''}`,
          rect,
        }),
      );
      continue;
    }
    if (layer.type !== 'objectgroup') continue;
    for (const o of layer.objects) {
      if (!isRoomObject(o, layer)) continue;
      const label = `room "${o.name || o.id}" in layer "${layer.name}"`;
      const box = objectBounds(o);
      if (!box || box.width <= 0 || box.height <= 0) {
        notices.push({
          level: 'warning',
          message: `${label} is a point or text, not an area, so it is not a room; draw it as a rectangle in Tiled`,
        });
        continue;
      }
      if (o.ellipse || o.polygon || o.polyline || (o.rotation ?? 0) % 360 !== 0) {
        notices.push({
          level: 'warning',
          message: `${label} is not an upright rectangle, so its bounding box is used; draw it as a rectangle to be exact`,
        });
      }
      candidates.push({ owner: o, label, rect: box });
    }
  }

  const rooms: FoundRoom[] = [];
  const ids = new Set<string>();
  for (const [index, { owner, label, rect: raw }] of candidates.entries()) {
    const rect = clipToMap(raw, map);
    if (!rect) {
      notices.push({ level: 'warning', message: `${label} lies outside the map, so it is left out` });
      continue;
    }
    const mark = meetingMark(owner);
    const named = findProperty(owner, C.ROOM_NAME_PROPERTIES);
    const name =
      owner.name ||
      (typeof named === 'string' && named) ||
      (typeof mark === 'string' ? mark : '') ||
      `Room ${index + 1}`;
    const givenId = findProperty(owner, C.ROOM_ID_PROPERTIES);
    let id =
      typeof givenId === 'string' && ROOM_ID.test(givenId) ? givenId : slug(name) || `room-${index + 1}`;
    if (givenId !== undefined && id !== givenId) {
      notices.push({
        level: 'warning',
        message: `${label}: roomId ${JSON.stringify(givenId)} is not lowercase letters, digits and dashes, so "${id}" is used`,
      });
    }
    if (ids.has(id)) {
      let n = 2;
      while (ids.has(`${id}-${n}`)) n++;
      notices.push({
        level: 'warning',
        message: `${label}: another room already has the id "${id}", so this one is "${id}-${n}"; give each room its own roomId`,
      });
      id = `${id}-${n}`;
    }
    ids.add(id);

    const givenCapacity = findProperty(owner, C.CAPACITY_PROPERTIES);
    const capacityNumber = typeof givenCapacity === 'string' ? Number(givenCapacity) : givenCapacity;
    let capacity: number = C.DEFAULT_CAPACITY;
    let capacityDefaulted = true;
    if (typeof capacityNumber === 'number' && Number.isInteger(capacityNumber) && capacityNumber >= 1) {
      capacity = capacityNumber;
      capacityDefaulted = false;
    } else if (givenCapacity === undefined) {
      notices.push({
        level: 'info',
        message: `${label} has no "capacity" property, so it holds ${C.DEFAULT_CAPACITY} people; add an int property "capacity" in Tiled to change it`,
      });
    } else {
      notices.push({
        level: 'warning',
        message: `${label}: capacity ${JSON.stringify(givenCapacity)} is not a whole number of at least 1, so it holds ${C.DEFAULT_CAPACITY} people; make "capacity" an int property`,
      });
    }
    const kindValue = findProperty(owner, [C.KIND_PROPERTY]);
    const cls = normalName(owner.class ?? owner.type);
    const kind =
      typeof kindValue === 'string' && kindValue
        ? kindValue
        : cls === 'lecturehall' || cls === 'lecture'
          ? 'lecture-hall'
          : 'classroom';
    if (rect.width > C.ROOM_MAX_WIDTH || rect.height > C.ROOM_MAX_HEIGHT) {
      notices.push({
        level: 'warning',
        message: `${label} is ${rect.width}×${rect.height} px, larger than the ${C.ROOM_MAX_WIDTH}×${C.ROOM_MAX_HEIGHT} px a browser sees around it, so people at its far ends would not see or hear each other; split it into smaller rooms`,
      });
    }
    rooms.push({ area: { id, name, kind, capacity, rect }, source: label, capacityDefaulted });
  }
  return rooms;
}

function clipToMap(
  r: Rect,
  map: Pick<TiledMap, 'width' | 'height' | 'tilewidth' | 'tileheight'>,
): Rect | undefined {
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(map.width * map.tilewidth, r.x + r.width);
  const y1 = Math.min(map.height * map.tileheight, r.y + r.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
}
