/** The campus buildings: room floors, autotiled wall caps, interior wall faces, doors and brick facades. */
import type { CampusGrid } from './campusGrid';
import { MAP_H, MAP_W, ROOMS } from './campusPlan';
import { E, N, S, W } from './neighbourMask';

export function buildWalls(grid: CampusGrid): void {
  const { idx, set, rect, place } = grid;
  const cap = new Set<number>();
  const lintel = new Set<number>();
  for (const r of ROOMS) {
    rect('floor', r.x0, r.y0, r.x1 - r.x0 + 1, r.y1 - r.y0 + 1, r.floor);
    for (let x = r.x0; x <= r.x1; x++) {
      cap.add(idx(x, r.y0));
      cap.add(idx(x, r.y1));
    }
    for (let y = r.y0; y <= r.y1; y++) {
      cap.add(idx(r.x0, y));
      cap.add(idx(r.x1, y));
    }
  }
  for (const r of ROOMS)
    for (const d of r.doors) {
      const y = d.side === 'S' ? r.y1 : r.y0;
      for (const x of [d.x, d.x + 1]) {
        cap.delete(idx(x, y));
        lintel.add(idx(x, y));
      }
    }
  const isWall = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= MAP_W || y >= MAP_H) return false;
    return cap.has(idx(x, y)) || lintel.has(idx(x, y));
  };
  for (let y = 0; y < MAP_H; y++)
    for (let x = 0; x < MAP_W; x++) {
      const mask =
        (isWall(x, y - 1) ? N : 0) |
        (isWall(x + 1, y) ? E : 0) |
        (isWall(x, y + 1) ? S : 0) |
        (isWall(x - 1, y) ? W : 0);
      if (cap.has(idx(x, y))) set('walls', x, y, `cap.${mask}`);
      if (lintel.has(idx(x, y))) set('above', x, y, 'lintel');
    }
  for (const r of ROOMS) {
    // interior north wall face, two rows
    for (let x = r.x0 + 1; x < r.x1; x++) {
      let f = r.windows.includes(x) ? 'window' : 'plain';
      for (const d of r.doors.filter((dd) => dd.side === 'N')) {
        if (x === d.x - 1) f = 'doorL';
        if (x === d.x + 2) f = 'doorR';
      }
      const door = r.doors.find((d) => d.side === 'N' && (x === d.x || x === d.x + 1));
      if (door) {
        const side = x === door.x ? 'L' : 'R';
        set('floor', x, r.y0, `door.sill.${side}`);
        set('floor', x, r.y0 + 1, `door.sill.${side}`);
        set('floor', x, r.y0 + 2, `door.mat.${side}`);
        set('above', x, r.y0 + 1, 'door.head');
        continue;
      }
      set('walls', x, r.y0 + 1, `face.${r.accent}.${f}.u`);
      set('walls', x, r.y0 + 2, `face.${r.accent}.${f}.l`);
    }
    for (const d of r.doors.filter((dd) => dd.side === 'S')) {
      set('floor', d.x, r.y1, 'door.sill.L');
      set('floor', d.x + 1, r.y1, 'door.sill.R');
    }
  }
  // exterior facades (south faces, one row below the bottom wall)
  const facade = (y: number, x0: number, x1: number, windows: number[], doors: number[]) => {
    for (let x = x0; x <= x1; x++) {
      let f = windows.includes(x) ? 'window' : 'plain';
      if (x === x0) f = 'endL';
      if (x === x1) f = 'endR';
      if (doors.includes(x - 2)) f = 'doorR';
      if (doors.includes(x + 1)) f = 'doorL';
      if (doors.includes(x) || doors.includes(x - 1)) {
        set('floor', x, y, doors.includes(x) ? 'door.mat.L' : 'door.mat.R');
        set('above', x, y, 'door.head');
        continue;
      }
      set('walls', x, y, `brick.${f}`);
    }
  };
  for (const r of ROOMS.filter((rr) => rr.kind === 'classroom')) {
    const dx = r.doors[0]?.x ?? 0;
    facade(r.y1 + 1, r.x0, r.x1, [r.x0 + 2, r.x0 + 4, r.x0 + 12, r.x0 + 14], [dx]);
    place(`plaque.${r.id.slice(5)}`, dx + 3, r.y1 + 1);
  }
  facade(42, 17, 61, [19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 51, 54, 57, 60], []);
}
