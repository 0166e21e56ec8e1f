/** Rug tiles: a 9-slice rug pattern composited over a floor, one set per rug/floor pair the map uses. */
import { FLOORS } from './floorTiles';
import { P } from './palette';
import { mix, type Canvas, type RGBA } from './png';
import { tile } from './tileCanvas';
import type { Tileset } from './tileset';

export interface RugStyle {
  name: string;
  border: RGBA;
  field: RGBA;
  pattern: RGBA;
}

function rugOverlay(s: RugStyle, col: 0 | 1 | 2, row: 0 | 1 | 2): Canvas {
  const c = tile();
  const x0 = col === 0 ? 2 : 0;
  const x1 = col === 2 ? 13 : 15;
  const y0 = row === 0 ? 2 : 0;
  const y1 = row === 2 ? 13 : 15;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const edge = x === x0 && col === 0 ? 1 : x === x1 && col === 2 ? 1 : y === y0 && row === 0 ? 1 : 0;
      const edgeS = y === y1 && row === 2;
      const dl = col === 0 ? x - x0 : col === 2 ? x1 - x : 9;
      const dt = row === 0 ? y - y0 : row === 2 ? y1 - y : 9;
      const d = Math.min(dl, dt);
      let c2: RGBA = s.field;
      if (edge || edgeS) c2 = P.ink;
      else if (d <= 2) c2 = s.border;
      else if (d === 3) c2 = s.pattern;
      else if ((x + y) % 6 === 0 || (x - y + 96) % 6 === 0) c2 = mix(s.field, s.pattern, 0.5);
      c.set(x, y, c2);
    }
  // fringe on the short sides
  if (col === 0) for (let y = y0 + 1; y < y1; y += 2) c.set(1, y, P.cream2);
  if (col === 2) for (let y = y0 + 1; y < y1; y += 2) c.set(14, y, P.cream2);
  return c;
}

export function addRug(ts: Tileset, s: RugStyle, floorName: string, floor: Canvas): void {
  for (const row of [0, 1, 2] as const)
    for (const col of [0, 1, 2] as const) {
      const c = tile();
      c.draw(floor);
      c.draw(rugOverlay(s, col, row));
      ts.add(`rug.${s.name}.${col}${row}@${floorName}`, c);
    }
}

export const RUGS: RugStyle[] = [
  { name: 'sun', border: P.r1, field: P.y2, pattern: P.y1 },
  { name: 'sea', border: P.b1, field: P.t3, pattern: P.t2 },
  { name: 'berry', border: P.p1, field: P.r3, pattern: P.p3 },
];

export function registerRugs(ts: Tileset, uses: [string, string][]): void {
  ts.section('rugs (3×3 slices over a floor)');
  for (const [rug, floorName] of uses) {
    const style = RUGS.find((r) => r.name === rug);
    const f = FLOORS[floorName];
    if (!style || !f) throw new Error(`bad rug ${rug}@${floorName}`);
    addRug(ts, style, floorName, f());
  }
}
