/** Outdoor ground tiles: grass variants and the cobble path with its autotiled grass border. */
import { E, N, S, W } from './neighbourMask';
import { P } from './palette';
import { hash, mix, type Canvas, type RGBA } from './png';
import { seededRandom } from '@campus/world';
import { texture, tile } from './tileCanvas';
import { TILE, type Tileset } from './tileset';

// ---------------------------------------------------------------- grass

function grassBase(x: number, y: number, v: number): RGBA {
  const blot = hash(x >> 2, y >> 2, v, 3) < 0.25;
  const n = hash(x, y, v, 11);
  if (n < 0.07) return P.g2;
  if (n > 0.96) return P.g4;
  return blot ? mix(P.g3, P.g2, 0.28) : P.g3;
}

function tuft(c: Canvas, x: number, y: number): void {
  c.set(x, y, P.g2);
  c.set(x - 1, y - 1, P.g2);
  c.set(x + 1, y - 1, P.g2);
  c.set(x - 1, y - 2, P.g4);
  c.set(x + 1, y - 2, P.g4);
}

export function grass(v: number): Canvas {
  const c = tile();
  texture(c, (x, y) => grassBase(x, y, v));
  const r = seededRandom(100 + v);
  const tufts = v === 2 ? 6 : 3;
  for (let i = 0; i < tufts; i++) tuft(c, 2 + Math.floor(r() * 12), 3 + Math.floor(r() * 12));
  if (v === 1) {
    const cols = [P.white, P.r3, P.y2];
    for (let i = 0; i < 3; i++) {
      const x = 2 + Math.floor(r() * 12);
      const y = 2 + Math.floor(r() * 12);
      const pc = cols[i % cols.length] ?? P.white;
      c.set(x - 1, y, pc);
      c.set(x + 1, y, pc);
      c.set(x, y - 1, pc);
      c.set(x, y + 1, pc);
      c.set(x, y, P.y1);
    }
  }
  return c;
}

// ---------------------------------------------------------------- cobble path (autotiled border)

function cobbleBase(x: number, y: number, v: number): RGBA {
  const bands: [number, number, number][] = [
    [0, 5, 0],
    [5, 6, 5],
    [11, 5, 2],
  ];
  const widths = [6, 5, 5];
  for (let b = 0; b < bands.length; b++) {
    const band = bands[b] ?? [0, 5, 0];
    const [y0, h, off] = band;
    if (y < y0 || y >= y0 + h) continue;
    const xx = (x - off + 16) % 16;
    let start = 0;
    for (let k = 0; k < widths.length; k++) {
      const w = widths[k] ?? 5;
      if (xx < start + w) {
        const lx = xx - start;
        const ly = y - y0;
        const tone = hash(b, k, v, 7);
        const fill = tone < 0.33 ? P.s3 : tone < 0.8 ? mix(P.s3, P.s4, 0.5) : P.s4;
        const mortar = mix(P.s2, P.s1, 0.4);
        if (lx === w - 1 || ly === h - 1) return mortar;
        if ((lx === 0 || lx === w - 2) && (ly === 0 || ly === h - 2)) return P.s2;
        if (ly === 0 || lx === 0) return mix(fill, P.cream3, 0.45);
        if (ly === h - 2 || lx === w - 2) return mix(fill, P.s2, 0.55);
        return hash(x, y, v) < 0.08 ? mix(fill, P.s2, 0.4) : fill;
      }
      start += w;
    }
  }
  return P.s3;
}

/** mask bit set = that neighbour is also path. */
export function cobble(mask: number, v = 0): Canvas {
  const c = tile();
  texture(c, (x, y) => cobbleBase(x, y, v));
  const edge = (open: boolean, px: (i: number, d: number) => [number, number]) => {
    if (!open) return;
    for (let i = 0; i < TILE; i++) {
      const poke = hash(i, mask, v, 5) < 0.25 ? 1 : 0;
      const [x0, y0] = px(i, 0);
      const [x1, y1] = px(i, 1);
      const [x2, y2] = px(i, 2);
      c.set(x0, y0, P.g3);
      c.set(x1, y1, poke ? P.g3 : P.g1);
      c.set(x2, y2, poke ? P.g1 : mix(c.get(x2, y2), P.s1, 0.5));
    }
  };
  edge(!(mask & N), (i, d) => [i, d]);
  edge(!(mask & S), (i, d) => [i, 15 - d]);
  edge(!(mask & W), (i, d) => [d, i]);
  edge(!(mask & E), (i, d) => [15 - d, i]);
  const corner = (open: boolean, cx: number, cy: number, sx: number, sy: number) => {
    if (!open) return;
    for (let j = 0; j < 4; j++)
      for (let i = 0; i < 4; i++) {
        const d = i + j;
        const x = cx + sx * i;
        const y = cy + sy * j;
        if (d < 3) c.set(x, y, P.g3);
        else if (d === 3) c.set(x, y, P.g1);
      }
  };
  corner(!(mask & N) && !(mask & W), 0, 0, 1, 1);
  corner(!(mask & N) && !(mask & E), 15, 0, -1, 1);
  corner(!(mask & S) && !(mask & W), 0, 15, 1, -1);
  corner(!(mask & S) && !(mask & E), 15, 15, -1, -1);
  return c;
}

// ---------------------------------------------------------------- registration

export function registerGroundTiles(ts: Tileset): void {
  ts.section('grass');
  for (let v = 0; v < 3; v++) ts.add(`grass.${v}`, grass(v));
  ts.section('cobble path (index = 4-bit neighbour mask N1 E2 S4 W8)');
  for (let m = 0; m < 16; m++) ts.add(`cobble.${m}`, cobble(m));
}
