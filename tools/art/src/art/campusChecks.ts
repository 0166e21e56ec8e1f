/** Checks on the finished campus: which cells block, spawns clear and connected, rooms enclosed and reachable. */
import { LAYER_NAMES, MAP_H, MAP_W, ROOMS, roomInterior, SPAWNS, type Layers } from './campusPlan';
import type { Tileset } from './tileset';

/** Cells covered by a colliding tile on any layer; colliding tiles may not sit on the `above` layer. */
export function blockedCells(ts: Tileset, layers: Layers): boolean[] {
  const blocked = new Array<boolean>(MAP_W * MAP_H).fill(false);
  for (const ln of LAYER_NAMES)
    layers[ln].forEach((name, i) => {
      if (!name) return;
      const t = ts.tiles[ts.id(name)];
      if (t?.collides) {
        if (ln === 'above') throw new Error(`colliding tile ${name} in above layer`);
        blocked[i] = true;
      }
    });
  return blocked;
}

export function verify(blocked: boolean[]): void {
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= MAP_W || y >= MAP_H || (blocked[y * MAP_W + x] ?? true);
  for (const [sx, sy] of SPAWNS)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++)
        if (at(sx + dx, sy + dy)) throw new Error(`spawn ${sx},${sy} is within 1 tile of a blocking cell`);
  const first = SPAWNS[0];
  if (!first) throw new Error('no spawns');
  const seen = new Uint8Array(MAP_W * MAP_H);
  const queue: number[] = [first[1] * MAP_W + first[0]];
  seen[queue[0] ?? 0] = 1;
  while (queue.length) {
    const i = queue.pop() ?? 0;
    const x = i % MAP_W;
    const y = Math.floor(i / MAP_W);
    for (const [nx, ny] of [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ] as const) {
      if (at(nx, ny)) continue;
      const j = ny * MAP_W + nx;
      if (seen[j]) continue;
      seen[j] = 1;
      queue.push(j);
    }
  }
  for (const [sx, sy] of SPAWNS) if (!seen[sy * MAP_W + sx]) throw new Error(`spawn ${sx},${sy} unreachable`);
  for (const r of ROOMS) {
    const a = roomInterior(r);
    let open = 0;
    for (let y = a.y; y < a.y + a.h; y++)
      for (let x = a.x; x < a.x + a.w; x++) {
        if (at(x, y)) continue;
        open++;
        if (!seen[y * MAP_W + x])
          throw new Error(`${r.id}: walkable cell ${x},${y} unreachable from the spawns`);
      }
    if (open < r.capacity) throw new Error(`${r.id}: only ${open} walkable cells`);
    // the interior must be exactly enclosed by walls except at doors
    for (let x = a.x - 1; x <= a.x + a.w; x++)
      for (const y of [a.y - 1, a.y + a.h]) {
        if (y === a.y - 1 && r.doors.some((d) => d.side === 'N' && (x === d.x || x === d.x + 1))) continue;
        if (y === a.y + a.h && r.doors.some((d) => d.side === 'S' && (x === d.x || x === d.x + 1))) continue;
        if (!at(x, y)) throw new Error(`${r.id}: gap in wall at ${x},${y}`);
      }
    for (let y = a.y; y < a.y + a.h; y++)
      for (const x of [a.x - 1, a.x + a.w])
        if (!at(x, y)) throw new Error(`${r.id}: gap in wall at ${x},${y}`);
  }
}
