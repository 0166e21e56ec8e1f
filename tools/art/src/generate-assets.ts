/**
 * Procedurally generates the campus art and map (deterministic: same bytes on every run).
 *
 *   npm run assets   (tools/art/src/generate-assets.ts)
 *
 * Writes:
 *   packages/world/maps/campus/campus-tiles.png   tileset (16×16 tiles, 16 columns)
 *   packages/world/maps/campus/campus.json        Tiled JSON map with the tileset embedded
 *   apps/client/public/assets/avatars.png         avatar sheet (16×24 frames, 4 × 24)
 *   docs/campus-preview.png                       the whole map at 1×, with a few avatars
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { buildAvatarSheet, FRAME_H, FRAME_W, LOOKS } from './art/avatars';
import { buildCampus } from './art/campusLayout';
import { LAYER_NAMES, MAP_H, MAP_W, ROOMS, roomInterior, SPAWNS } from './art/campusPlan';
import { registerClassroomFurniture } from './art/classroomFurniture';
import { registerFloorTiles } from './art/floorTiles';
import { registerGroundTiles } from './art/groundTiles';
import { registerIndoorProps } from './art/indoorProps';
import { registerOutdoorProps } from './art/outdoorProps';
import type { Canvas } from './art/png';
import { renderTiledMapToCanvas } from './art/renderMap';
import { registerRugs } from './art/rugTiles';
import { TILE, Tileset } from './art/tileset';
import { registerWallTiles } from './art/wallTiles';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const out = (p: string) => path.join(ROOT, p);
const COLUMNS = 16;

export function buildTileset(): Tileset {
  const ts = new Tileset(COLUMNS);
  // registration order is the sheet order: changing it renumbers every tile in the map
  registerGroundTiles(ts);
  registerFloorTiles(ts);
  registerWallTiles(ts);
  registerClassroomFurniture(ts);
  registerIndoorProps(ts);
  registerOutdoorProps(ts);
  registerRugs(ts, [
    ['sun', 'floor.wood.oak'],
    ['berry', 'floor.lino.mint'],
    ['sea', 'floor.wood.warm'],
  ]);
  ts.closeSection();
  return ts;
}

function tiledMap(ts: Tileset, sheet: Canvas): Record<string, unknown> {
  const campus = buildCampus(ts);
  let nextId = 1;
  const layers: Record<string, unknown>[] = LAYER_NAMES.map((name, i) => ({
    data: campus.layers[name].map((n) => (n ? ts.gid(n) : 0)),
    height: MAP_H,
    id: i + 1,
    name,
    opacity: 1,
    ...(name === 'above' ? { properties: [{ name: 'above', type: 'bool', value: true }] } : {}),
    type: 'tilelayer',
    visible: true,
    width: MAP_W,
    x: 0,
    y: 0,
  }));
  layers.push({
    draworder: 'topdown',
    id: 5,
    name: 'areas',
    objects: ROOMS.map((r) => {
      const a = roomInterior(r);
      return {
        height: a.h * TILE,
        id: nextId++,
        name: r.name,
        properties: [
          { name: 'capacity', type: 'int', value: r.capacity },
          { name: 'kind', type: 'string', value: r.kind },
          { name: 'roomId', type: 'string', value: r.id },
        ],
        rotation: 0,
        type: 'room',
        visible: true,
        width: a.w * TILE,
        x: a.x * TILE,
        y: a.y * TILE,
      };
    }),
    opacity: 1,
    type: 'objectgroup',
    visible: true,
    x: 0,
    y: 0,
  });
  layers.push({
    draworder: 'topdown',
    id: 6,
    name: 'spawns',
    objects: SPAWNS.map(([x, y]) => ({
      height: 0,
      id: nextId++,
      name: 'spawn',
      point: true,
      rotation: 0,
      type: 'spawn',
      visible: true,
      width: 0,
      x: x * TILE + TILE / 2,
      y: y * TILE + TILE / 2,
    })),
    opacity: 1,
    type: 'objectgroup',
    visible: true,
    x: 0,
    y: 0,
  });
  const collides = ts.tiles
    .map((t, id) => ({ t, id }))
    .filter(({ t }) => t.collides)
    .map(({ id }) => ({ id, properties: [{ name: 'collides', type: 'bool', value: true }] }));
  return {
    compressionlevel: -1,
    height: MAP_H,
    infinite: false,
    layers,
    nextlayerid: 7,
    nextobjectid: nextId,
    orientation: 'orthogonal',
    renderorder: 'right-down',
    tiledversion: '1.10.2',
    tileheight: TILE,
    tilesets: [
      {
        columns: COLUMNS,
        firstgid: 1,
        image: 'campus-tiles.png',
        imageheight: sheet.height,
        imagewidth: sheet.width,
        margin: 0,
        name: 'campus',
        spacing: 0,
        tilecount: ts.tiles.length + ((COLUMNS - (ts.tiles.length % COLUMNS)) % COLUMNS),
        tileheight: TILE,
        tiles: collides,
        tilewidth: TILE,
      },
    ],
    tilewidth: TILE,
    type: 'map',
    version: '1.10',
    width: MAP_W,
  };
}

/** JSON with 2-space indentation, tile layer data printed one map row per line. */
function formatMap(map: Record<string, unknown>): string {
  const rows: string[] = [];
  const layers = (map.layers as Record<string, unknown>[]).map((l) => {
    if (!Array.isArray(l.data)) return l;
    const data = l.data as number[];
    const lines: string[] = [];
    for (let y = 0; y < MAP_H; y++)
      lines.push('        ' + data.slice(y * MAP_W, (y + 1) * MAP_W).join(', '));
    rows.push('[\n' + lines.join(',\n') + '\n      ]');
    return { ...l, data: `@@DATA${rows.length - 1}@@` };
  });
  const text = JSON.stringify({ ...map, layers }, null, 2);
  return text.replace(/"@@DATA(\d+)@@"/g, (_m, i: string) => rows[Number(i)] ?? '[]') + '\n';
}

function main(): void {
  const ts = buildTileset();
  const sheet = ts.image();
  const map = tiledMap(ts, sheet);
  const avatars = buildAvatarSheet();

  const tilesPath = out('packages/world/maps/campus/campus-tiles.png');
  sheet.save(tilesPath);
  fs.writeFileSync(out('packages/world/maps/campus/campus.json'), formatMap(map));
  avatars.save(out('apps/client/public/assets/avatars.png'));

  // preview: ground layers, then avatars at the spawns, then the `above` layer
  const tilesPng = PNG.sync.read(fs.readFileSync(tilesPath));
  const preview = renderTiledMapToCanvas(map, tilesPng, { layers: ['floor', 'walls', 'furniture'] });
  SPAWNS.forEach(([x, y], i) => {
    const look = i % LOOKS.length;
    const dir = [0, 3, 1, 2][i % 4] ?? 0;
    const frame = avatars.crop((i % 2) * FRAME_W, (look * 4 + dir) * FRAME_H, FRAME_W, FRAME_H);
    preview.draw(frame, x * TILE + TILE / 2 - 8, y * TILE + TILE / 2 - 23);
  });
  renderTiledMapToCanvas(map, tilesPng, { layers: ['above'], target: preview });
  preview.save(out('docs/campus-preview.png'));

  const blocking = (map.tilesets as { tiles: unknown[] }[])[0]?.tiles.length ?? 0;
  console.log(
    `campus ${MAP_W}×${MAP_H}, ${ts.tiles.length} tiles (${blocking} blocking), ${LOOKS.length} avatar looks`,
  );
  for (const s of ts.sections) console.log(`  tiles ${s.first}-${s.last}: ${s.label}`);
}

main();
