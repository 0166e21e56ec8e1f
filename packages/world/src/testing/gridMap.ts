import { WorldMap, type Area } from '../WorldMap';
import type { Point } from '@campus/protocol';

/**
 * A small map drawn as text for tests: `#` blocks, anything else is floor; 16-px tiles.
 * Spawns default to the centre of the first floor tile.
 */
export function gridMap(rows: readonly string[], extra: { areas?: Area[]; spawns?: Point[] } = {}): WorldMap {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const blocked = new Uint8Array(width * height);
  let firstFloor: Point | undefined;
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`row ${r} has ${row.length} cells, expected ${width}`);
    [...row].forEach((cell, c) => {
      if (cell === '#') blocked[r * width + c] = 1;
      else firstFloor ??= { x: c * 16 + 8, y: r * 16 + 12 };
    });
  });
  return new WorldMap({
    widthTiles: width,
    heightTiles: height,
    tileSize: 16,
    blocked,
    areas: extra.areas ?? [],
    spawns: extra.spawns ?? (firstFloor ? [firstFloor] : []),
  });
}
