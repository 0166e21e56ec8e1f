/** Furniture and outdoor props, drawn as whole objects then sliced into tiles. */
import { P } from './palette';
import { Canvas, hash, mix, rng, type RGBA } from './png';
import { TILE, type Tileset } from './tileset';

const N = 1;
const E = 2;
const S = 4;
const W = 8;

/** Put a soft shadow only where the canvas is still empty. */
function underShadow(c: Canvas, x: number, y: number, w: number, h: number, ellipse = false): void {
  const tmp = new Canvas(c.width, c.height);
  if (ellipse) tmp.ellipse(x, y, w, h, P.shadow);
  else tmp.rect(x, y, w, h, P.shadow);
  for (let j = 0; j < c.height; j++)
    for (let i = 0; i < c.width; i++) if (c.alpha(i, j) === 0 && tmp.alpha(i, j) > 0) c.set(i, j, P.shadow);
}

// ---------------------------------------------------------------- tiny pixel font

const GLYPHS: Record<string, string[]> = {
  A: ['010', '101', '111', '101', '101'],
  B: ['110', '101', '110', '101', '110'],
  C: ['011', '100', '100', '100', '011'],
  E: ['111', '100', '110', '100', '111'],
  H: ['101', '101', '111', '101', '101'],
  I: ['111', '010', '010', '010', '111'],
  L: ['100', '100', '100', '100', '111'],
  M: ['10001', '11011', '10101', '10001', '10001'],
  P: ['110', '101', '110', '100', '100'],
  R: ['110', '101', '110', '101', '101'],
  S: ['011', '100', '010', '001', '110'],
  U: ['101', '101', '101', '101', '111'],
  Y: ['101', '101', '010', '010', '010'],
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['110', '001', '010', '100', '111'],
  '3': ['110', '001', '010', '001', '110'],
};

function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (GLYPHS[ch]?.[0]?.length ?? 3) + 1;
  return w - 1;
}

function text(c: Canvas, s: string, x: number, y: number, col: RGBA): void {
  let cx = x;
  for (const ch of s) {
    const g = GLYPHS[ch];
    if (!g) throw new Error(`no glyph ${ch}`);
    g.forEach((row, j) => [...row].forEach((b, i) => b === '1' && c.set(cx + i, y + j, col)));
    cx += (g[0]?.length ?? 3) + 1;
  }
}

// ---------------------------------------------------------------- helpers

interface Spec {
  name: string;
  w: number;
  h: number;
  base?: (c: Canvas) => void;
  top?: (c: Canvas) => void;
  /** split a single drawing: tile rows < splitRow go to `above` */
  draw?: (c: Canvas) => void;
  splitRow?: number;
  collide: (tx: number, ty: number) => boolean;
  outline?: boolean;
  shadow?: (c: Canvas) => void;
}

function build(ts: Tileset, s: Spec): void {
  const mk = (f?: (c: Canvas) => void): Canvas | null => {
    if (!f) return null;
    const c = new Canvas(s.w * TILE, s.h * TILE);
    f(c);
    if (s.outline !== false) c.outline(P.ink);
    return c;
  };
  let base = mk(s.base);
  let top = mk(s.top);
  if (s.draw) {
    const full = mk(s.draw);
    if (!full) throw new Error('unreachable');
    const split = (s.splitRow ?? 0) * TILE;
    top = split > 0 ? full.crop(0, 0, full.width, split) : null;
    if (top) {
      const t = new Canvas(full.width, full.height);
      t.draw(top);
      top = t;
    }
    base = new Canvas(full.width, full.height);
    base.draw(full.crop(0, split, full.width, full.height - split), 0, split);
  }
  if (s.shadow && base) s.shadow(base);
  ts.addObject({ name: s.name, w: s.w, h: s.h, base, top, collide: s.collide });
}

const all = () => true;
const none = () => false;

// ---------------------------------------------------------------- classroom furniture

function deskTop(c: Canvas, x0: number, w: number, legs: 'both' | 'L' | 'R' | 'none'): void {
  if (legs === 'both' || legs === 'L') c.rect(x0 + 2, 10, 2, 5, P.wood1);
  if (legs === 'both' || legs === 'R') c.rect(x0 + w - 4, 10, 2, 5, P.wood1);
  c.rect(x0, 1, w, 9, P.oak2);
  c.hline(x0, 1, w, P.oak3);
  c.hline(x0, 9, w, P.oak1);
  c.rect(x0, 10, w, 2, P.wood2);
  c.hline(x0, 11, w, P.wood1);
  for (let x = x0; x < x0 + w; x++) if (hash(x, 5) < 0.2) c.set(x, 3 + Math.floor(hash(x, 6) * 5), P.oak1);
}

function book(c: Canvas, x: number, y: number, col: RGBA): void {
  c.rect(x, y, 5, 6, col);
  c.vline(x, y, 6, mix(col, P.ink, 0.4));
  c.rect(x + 1, y + 5, 4, 1, P.cream3);
}

function paper(c: Canvas, x: number, y: number): void {
  c.rect(x, y, 5, 6, P.white);
  c.hline(x + 1, y + 1, 3, P.s3);
  c.hline(x + 1, y + 3, 3, P.s3);
  c.rect(x + 5, y + 1, 1, 5, P.s3);
}

function laptop(c: Canvas, x: number, y: number): void {
  c.rect(x, y, 10, 2, P.s0);
  c.rect(x, y + 2, 10, 5, P.s3);
  for (let i = 0; i < 4; i++) c.hline(x + 1, y + 3 + (i % 2) * 2, 8, P.s2);
  c.set(x + 4, y + 1, P.b3);
}

function pencil(c: Canvas, x: number, y: number): void {
  c.hline(x, y, 5, P.y1);
  c.set(x + 5, y, P.oak3);
  c.set(x + 6, y, P.ink);
}

function chair(c: Canvas, dir: 'up' | 'down' | 'left' | 'right', cush: RGBA): void {
  const cl = mix(cush, P.white, 0.3);
  const cd = mix(cush, P.ink, 0.3);
  if (dir === 'up') {
    c.rect(4, 4, 2, 10, P.wood1);
    c.rect(10, 4, 2, 10, P.wood1);
    c.rect(4, 3, 8, 7, cush);
    c.hline(4, 3, 8, cl);
    c.hline(4, 9, 8, cd);
    c.rect(3, 10, 10, 3, P.wood2);
    c.hline(3, 10, 10, P.wood3);
  } else if (dir === 'down') {
    c.rect(4, 6, 2, 8, P.wood1);
    c.rect(10, 6, 2, 8, P.wood1);
    c.rect(3, 1, 10, 5, P.wood2);
    c.hline(3, 1, 10, P.wood3);
    c.rect(4, 3, 8, 2, cd);
    c.rect(4, 6, 8, 6, cush);
    c.hline(4, 6, 8, cl);
    c.hline(4, 11, 8, cd);
  } else {
    const d = new Canvas(16, 16);
    d.rect(3, 9, 2, 5, P.wood1);
    d.rect(9, 9, 2, 5, P.wood1);
    d.rect(3, 5, 8, 6, cush);
    d.hline(3, 5, 8, cl);
    d.hline(3, 10, 8, cd);
    d.rect(10, 1, 3, 11, P.wood2);
    d.vline(10, 1, 11, P.wood3);
    d.rect(11, 12, 2, 2, P.wood1);
    c.draw(dir === 'left' ? d : d.flipX());
  }
}

function board(c: Canvas, w: number, kind: 'white' | 'chalk' | 'screen'): void {
  const x0 = 2;
  const x1 = w - 3;
  if (kind === 'screen') {
    c.rect(x0 - 1, 1, x1 - x0 + 3, 3, P.s1);
    c.hline(x0 - 1, 1, x1 - x0 + 3, P.s2);
    c.rect(x0, 4, x1 - x0 + 1, 20, P.white);
    c.rect(x0 + 3, 6, x1 - x0 - 5, 3, P.b1);
    const r = rng(9);
    for (let i = 0; i < 7; i++) {
      const h = 4 + Math.floor(r() * 9);
      c.rect(x0 + 8 + i * 6, 22 - h, 4, h, [P.t2, P.y1, P.r2][i % 3] ?? P.t2);
    }
    c.hline(x0 + 6, 22, x1 - x0 - 10, P.s2);
    for (let i = 0; i < 3; i++) c.hline(x1 - 26, 12 + i * 3, 18 - i * 4, P.s2);
    c.hline(x0, 24, x1 - x0 + 1, P.s3);
    c.set((x0 + x1) >> 1, 25, P.s1);
    c.set((x0 + x1) >> 1, 26, P.r2);
    return;
  }
  const frame = kind === 'white' ? P.s3 : P.wood2;
  const surf = kind === 'white' ? P.white : P.g1;
  const ink1 = kind === 'white' ? P.b1 : P.white;
  const ink2 = kind === 'white' ? P.r1 : P.y2;
  c.rect(x0, 3, x1 - x0 + 1, 20, frame);
  c.rect(x0 + 1, 4, x1 - x0 - 1, 18, surf);
  if (kind === 'chalk')
    for (let y = 5; y < 21; y++)
      for (let x = x0 + 2; x < x1 - 1; x++) if (hash(x, y, 4) < 0.05) c.set(x, y, mix(P.g1, P.g2, 0.6));
  if (kind === 'white') for (let i = 0; i < 8; i++) c.set(x0 + 3 + i, 16 - i, P.cream3);
  // writing: a title line, some text lines and a little diagram
  c.hline(x0 + 4, 6, 14, ink2);
  for (let i = 0; i < 4; i++) c.hline(x0 + 4, 10 + i * 3, 10 + ((i * 7) % 9), ink1);
  const cx = x1 - 14;
  c.ellipse(cx, 7, 10, 10, ink2);
  c.ellipse(cx + 1, 8, 8, 8, surf);
  c.hline(cx - 4, 18, 16, ink1);
  c.vline(cx - 4, 7, 12, ink1);
  c.rect(x0, 23, x1 - x0 + 1, 2, mix(frame, P.ink, 0.2));
  c.rect(x0 + 6, 22, 4, 1, P.r2);
  c.rect(x0 + 12, 22, 4, 1, P.b2);
  if (kind === 'chalk') c.rect(x0 + 20, 22, 3, 1, P.white);
}

function bookshelf(c: Canvas, seed: number): void {
  c.rect(1, 2, 14, 28, P.wood1);
  c.rect(1, 2, 14, 3, P.wood3);
  c.hline(1, 2, 14, P.wood4);
  const r = rng(seed);
  const cols = [P.r2, P.b2, P.g3, P.y1, P.p2, P.t2, P.br2, P.cream3, P.r1, P.b1];
  for (const [y0, y1] of [
    [5, 11],
    [12, 19],
    [20, 27],
  ] as const) {
    c.rect(2, y0, 12, y1 - y0, P.wood0);
    let x = 2;
    while (x < 13) {
      const bw = r() < 0.6 ? 1 : 2;
      const h = y1 - y0 - Math.floor(r() * 3);
      const col = cols[Math.floor(r() * cols.length)] ?? P.r2;
      if (r() < 0.12) {
        x += 1;
        continue;
      }
      c.rect(x, y1 - h, Math.min(bw, 14 - x), h, col);
      c.set(x, y1 - h, mix(col, P.white, 0.35));
      x += bw;
    }
    c.rect(1, y1, 14, 1, P.wood2);
  }
  c.rect(1, 28, 14, 2, P.wood2);
  c.hline(1, 29, 14, P.wood1);
}

function pot(c: Canvas, x: number, y: number, w: number, h: number, col: RGBA, rim: RGBA): void {
  c.rect(x + 1, y + 2, w - 2, h - 2, col);
  c.vline(x + w - 2, y + 2, h - 2, mix(col, P.ink, 0.3));
  c.rect(x, y, w, 2, rim);
  c.hline(x, y, w, mix(rim, P.white, 0.3));
}

function leafBlob(c: Canvas, x: number, y: number, w: number, h: number, pal: RGBA[], seed: number): void {
  const [d, m, l, hi] = [pal[0] ?? P.g1, pal[1] ?? P.g2, pal[2] ?? P.g3, pal[3] ?? P.g4];
  c.ellipse(x, y, w, h, d);
  c.ellipse(x, y, w - 2, h - 2, m);
  const r = rng(seed);
  const n = Math.max(3, Math.floor((w * h) / 30));
  for (let i = 0; i < n; i++) {
    const bw = 3 + Math.floor(r() * 4);
    const bx = x + 1 + Math.floor(r() * (w - bw - 2));
    const by = y + 1 + Math.floor(r() * (h - bw - 3));
    const t = (bx - x + by - y) / (w + h);
    c.ellipse(bx, by, bw, bw, t < 0.45 ? l : m);
    if (t < 0.4) c.set(bx + 1, by + 1, hi);
  }
}

function tree(c: Canvas, pal: RGBA[], seed: number): void {
  const [d, m, l, hi] = [pal[0] ?? P.g1, pal[1] ?? P.g2, pal[2] ?? P.g3, pal[3] ?? P.g4];
  const blobs: [number, number, number, number][] = [
    [3, 10, 42, 32],
    [9, 2, 30, 28],
    [1, 16, 24, 28],
    [23, 16, 24, 28],
    [10, 20, 28, 24],
  ];
  for (const [x, y, w, h] of blobs) c.ellipse(x, y, w, h, d);
  for (const [x, y, w, h] of blobs) c.ellipse(x, y, w - 3, h - 4, m);
  const r = rng(seed);
  for (let i = 0; i < 26; i++) {
    const bw = 5 + Math.floor(r() * 6);
    const bx = 4 + Math.floor(r() * 34);
    const by = 3 + Math.floor(r() * 30);
    if (c.alpha(bx + (bw >> 1), by + bw) === 0 || c.alpha(bx + (bw >> 1), by) === 0) continue;
    const t = (bx + by) / 70;
    c.ellipse(bx, by, bw, bw - 1, t < 0.55 ? l : m);
    c.ellipse(bx + 1, by + bw - 2, bw - 2, 2, d);
    if (t < 0.5) {
      c.set(bx + 2, by + 1, hi);
      c.set(bx + 3, by + 1, hi);
    }
  }
  for (let i = 0; i < 14; i++) {
    const x = 6 + Math.floor(r() * 36);
    const y = 4 + Math.floor(r() * 34);
    if (c.alpha(x, y) > 0 && hash(x, y, seed) < 0.7) c.set(x, y, hi);
  }
}

function trunk(c: Canvas): void {
  c.rect(20, 38, 8, 18, P.wood2);
  c.vline(21, 38, 17, P.wood3);
  c.vline(26, 38, 18, P.wood1);
  c.rect(18, 54, 12, 3, P.wood2);
  c.hline(18, 56, 12, P.wood1);
  c.set(23, 44, P.wood0);
  c.set(23, 45, P.wood0);
  c.set(24, 49, P.wood0);
}

function fountain(c: Canvas): void {
  c.ellipse(1, 4, 46, 42, P.s2);
  c.ellipse(1, 3, 46, 40, P.s3);
  c.ellipse(2, 4, 40, 30, mix(P.s3, P.s4, 0.6));
  c.ellipse(1, 3, 46, 40, P.s3);
  for (let y = 0; y < 48; y++)
    for (let x = 0; x < 48; x++) {
      const dx = (x - 23.5) / 23;
      const dy = (y - 22.5) / 20;
      const d = dx * dx + dy * dy;
      if (d < 1 && d > 0.72 && dx + dy < -0.3) c.set(x, y, P.s4);
      if (d < 1 && d > 0.72 && dx + dy > 0.6) c.set(x, y, P.s2);
    }
  c.ellipse(6, 7, 36, 31, P.s1);
  c.ellipse(6, 8, 36, 30, P.b1);
  c.ellipse(7, 10, 34, 27, P.b2);
  for (const [rx, ry] of [
    [28, 22],
    [20, 15],
  ] as const)
    for (let a = 0; a < 64; a++) {
      const t = (a / 64) * Math.PI * 2;
      if (Math.sin(t * 3) > 0.2)
        c.set(Math.round(24 + Math.cos(t) * rx * 0.5), Math.round(23 + Math.sin(t) * ry * 0.5), P.b3);
    }
  c.ellipse(17, 20, 14, 10, P.s1);
  c.ellipse(17, 19, 14, 9, P.s3);
  c.ellipse(19, 20, 10, 6, P.b3);
  c.rect(22, 9, 4, 13, P.b4);
  c.vline(23, 9, 12, P.white);
  c.rect(21, 7, 6, 3, P.b4);
  for (const [x, y] of [
    [18, 10],
    [29, 11],
    [16, 14],
    [31, 15],
    [14, 19],
    [33, 19],
  ] as const) {
    c.set(x, y, P.b4);
    c.set(x, y + 1, P.b3);
  }
  c.hline(5, 40, 38, P.s1);
  c.hline(7, 41, 34, P.s1);
}

function planter(c: Canvas, side: 'L' | 'M' | 'R', seed: number): void {
  c.rect(0, 6, 16, 10, P.wood0);
  c.rect(0, 5, 16, 2, P.wood3);
  c.rect(0, 11, 16, 4, P.wood2);
  c.hline(0, 11, 16, P.wood3);
  c.hline(0, 13, 16, P.wood1);
  if (side === 'L') c.rect(0, 5, 2, 10, P.wood3);
  if (side === 'R') c.rect(14, 5, 2, 10, P.wood1);
  const r = rng(seed);
  const cols = [P.r2, P.y2, P.p3, P.white, P.r3];
  for (let i = 0; i < 5; i++) {
    const x = 1 + Math.floor(r() * 13);
    const y = 2 + Math.floor(r() * 6);
    c.vline(x, y + 1, 9 - y, P.g2);
    c.set(x - 1, y + 3, P.g3);
    const col = cols[Math.floor(r() * cols.length)] ?? P.r2;
    c.set(x, y, P.y1);
    c.set(x - 1, y, col);
    c.set(x + 1, y, col);
    c.set(x, y - 1, col);
    c.set(x, y + 1, col);
  }
}

function bench(c: Canvas, facing: 'down' | 'up'): void {
  const seatY = facing === 'down' ? 7 : 3;
  const backY = facing === 'down' ? 1 : 9;
  c.rect(3, seatY + 2, 2, 13 - seatY - 1, P.s0);
  c.rect(27, seatY + 2, 2, 13 - seatY - 1, P.s0);
  c.rect(1, seatY, 30, 5, P.wood3);
  c.hline(1, seatY + 2, 30, P.wood2);
  c.hline(1, seatY, 30, P.wood4);
  c.rect(1, backY, 30, 5, P.wood2);
  c.hline(1, backY, 30, P.wood3);
  c.hline(1, backY + 2, 30, P.wood1);
  c.hline(1, backY + 3, 30, P.wood3);
}

function hedge(mask: number): Canvas {
  const c = new Canvas(16, 16);
  const inset = (i: number, side: number) => (hash(i >> 1, side, mask, 71) < 0.5 ? 1 : 2);
  for (let y = 0; y < 16; y++)
    for (let x = 0; x < 16; x++) {
      if (!(mask & N) && y < inset(x, 1)) continue;
      if (!(mask & S) && 15 - y < inset(x, 2) - 1) continue;
      if (!(mask & W) && x < inset(y, 3)) continue;
      if (!(mask & E) && 15 - x < inset(y, 4)) continue;
      const lx = (x + (y >> 2) * 2) % 4;
      const ly = y % 4;
      let col: RGBA = P.g2;
      if (lx === 0 && ly === 0) col = P.g4;
      else if (lx + ly <= 2) col = P.g3;
      else if (lx === 3 && ly === 3) col = P.g1;
      if (hash(x, y, 72) < 0.08) col = P.g1;
      c.set(x, y, col);
    }
  if (!(mask & S))
    for (let x = 0; x < 16; x++)
      for (let y = 11; y < 15; y++)
        if (c.alpha(x, y) > 0) c.set(x, y, y >= 13 ? P.g0 : mix(c.get(x, y), P.g1, 0.6));
  // corners: round off
  const cut = (x: number, y: number) => c.set(x, y, [0, 0, 0, 0]);
  if (!(mask & N) && !(mask & W)) [0, 1, 2].forEach((i) => [0, 1, 2 - i].forEach((j) => cut(i, j)));
  if (!(mask & N) && !(mask & E)) [0, 1, 2].forEach((i) => [0, 1, 2 - i].forEach((j) => cut(15 - i, j)));
  if (!(mask & S) && !(mask & W)) [0, 1, 2].forEach((i) => [0, 1, 2 - i].forEach((j) => cut(i, 15 - j)));
  if (!(mask & S) && !(mask & E)) [0, 1, 2].forEach((i) => [0, 1, 2 - i].forEach((j) => cut(15 - i, 15 - j)));
  c.outline(P.ink);
  return c;
}

// ---------------------------------------------------------------- registration

export const CHAIR_COLOURS: Record<string, RGBA> = {
  blue: P.b2,
  teal: P.t2,
  rose: P.r2,
  wine: P.r1,
  plum: P.p2,
};

export function registerObjects(ts: Tileset): void {
  ts.section('desks, chairs, boards');
  for (const v of ['plain', 'book', 'laptop', 'paper'] as const)
    build(ts, {
      name: `desk.${v}`,
      w: 2,
      h: 1,
      collide: all,
      base: (c) => {
        deskTop(c, 1, 30, 'both');
        if (v === 'book') {
          book(c, 5, 2, P.r2);
          pencil(c, 20, 5);
        } else if (v === 'laptop') {
          laptop(c, 18, 2);
          paper(c, 5, 2);
        } else if (v === 'paper') {
          paper(c, 6, 2);
          paper(c, 21, 3);
          pencil(c, 12, 6);
        }
      },
      shadow: (c) => underShadow(c, 2, 13, 29, 3),
    });
  for (const v of ['L', 'M', 'M2', 'R'] as const)
    build(ts, {
      name: `counter.${v}`,
      w: 1,
      h: 1,
      collide: all,
      base: (c) => {
        const x0 = v === 'L' ? 1 : 0;
        const w = v === 'L' || v === 'R' ? 15 : 16;
        deskTop(c, x0, w, v === 'L' ? 'L' : v === 'R' ? 'R' : 'none');
        if (v === 'M2') paper(c, 5, 2);
      },
      outline: false,
      shadow: (c) => {
        c.hline(0, 0, 16, P.ink);
        for (let x = 0; x < 16; x++) if (c.alpha(x, 12) === 0) c.set(x, 12, P.ink);
        if (v === 'L') c.vline(0, 0, 13, P.ink);
        if (v === 'R') c.vline(15, 0, 13, P.ink);
        underShadow(c, 0, 13, 16, 3);
      },
    });
  for (const [cn, col] of Object.entries(CHAIR_COLOURS))
    for (const dir of ['up', 'down', 'left', 'right'] as const)
      build(ts, {
        name: `chair.${dir}.${cn}`,
        w: 1,
        h: 1,
        collide: none,
        base: (c) => chair(c, dir, col),
        shadow: (c) => underShadow(c, 3, 12, 10, 3, true),
      });
  build(ts, {
    name: 'teacherdesk',
    w: 3,
    h: 1,
    collide: all,
    base: (c) => {
      c.rect(1, 1, 46, 8, P.wood3);
      c.hline(1, 1, 46, P.wood4);
      c.rect(1, 9, 46, 5, P.wood1);
      c.hline(1, 9, 46, P.wood2);
      for (const x of [3, 19, 35]) {
        c.rect(x, 10, 10, 3, P.wood2);
        c.set(x + 5, 11, P.y2);
      }
      paper(c, 5, 2);
      paper(c, 8, 3);
      c.ellipse(17, 3, 5, 5, P.r2);
      c.set(18, 4, P.r3);
      c.set(19, 2, P.g3);
      c.rect(26, 3, 4, 4, P.b2);
      c.set(30, 4, P.b2);
      c.set(27, 3, P.b4);
      book(c, 35, 2, P.g3);
      book(c, 38, 1, P.p2);
    },
    shadow: (c) => underShadow(c, 2, 14, 45, 2),
  });
  for (const kind of ['white', 'chalk'] as const)
    build(ts, { name: `board.${kind}`, w: 4, h: 2, collide: all, base: (c) => board(c, 64, kind) });
  build(ts, { name: 'board.screen', w: 6, h: 2, collide: all, base: (c) => board(c, 96, 'screen') });
  build(ts, {
    name: 'clock',
    w: 1,
    h: 1,
    collide: all,
    base: (c) => {
      c.ellipse(3, 3, 11, 11, P.wood2);
      c.ellipse(4, 4, 9, 9, P.cream3);
      c.vline(8, 5, 4, P.ink);
      c.hline(8, 8, 3, P.ink);
      c.set(8, 8, P.r1);
    },
  });
  build(ts, {
    name: 'noticeboard',
    w: 2,
    h: 1,
    collide: all,
    base: (c) => {
      c.rect(1, 2, 30, 13, P.wood2);
      c.rect(2, 3, 28, 11, P.y1);
      for (let y = 3; y < 14; y++) for (let x = 2; x < 30; x++) if (hash(x, y, 8) < 0.2) c.set(x, y, P.y0);
      const notes: [number, number, RGBA][] = [
        [4, 4, P.white],
        [11, 6, P.r3],
        [18, 4, P.b4],
        [24, 6, P.y3],
      ];
      for (const [x, y, col] of notes) {
        c.rect(x, y, 5, 6, col);
        c.hline(x + 1, y + 2, 3, P.s2);
        c.hline(x + 1, y + 4, 2, P.s2);
        c.set(x + 2, y, P.r1);
      }
    },
  });
  for (const n of ['101', '102', '103'])
    build(ts, {
      name: `plaque.${n}`,
      w: 1,
      h: 1,
      collide: all,
      base: (c) => {
        c.rect(1, 3, 14, 9, P.cream3);
        c.hline(1, 11, 14, P.cream0);
        text(c, n, 8 - (textWidth(n) >> 1), 5, P.ink);
      },
    });

  ts.section('shelves, plants, lecture hall, library');
  for (const seed of [1, 2])
    build(ts, {
      name: `bookshelf.${seed}`,
      w: 1,
      h: 2,
      collide: (_x, y) => y === 1,
      draw: (c) => bookshelf(c, seed * 17),
      splitRow: 1,
      shadow: (c) => underShadow(c, 1, 31, 14, 1),
    });
  build(ts, {
    name: 'plant.bush',
    w: 1,
    h: 1,
    collide: all,
    base: (c) => {
      pot(c, 4, 10, 8, 6, P.br2, P.br3);
      leafBlob(c, 1, 0, 14, 12, [P.g1, P.g2, P.g3, P.g4], 3);
    },
  });
  build(ts, {
    name: 'plant.tall',
    w: 1,
    h: 2,
    collide: (_x, y) => y === 1,
    splitRow: 1,
    draw: (c) => {
      pot(c, 3, 24, 10, 8, P.cream2, P.cream3);
      c.hline(4, 27, 8, P.t2);
      const leaves: [number, number, number, number][] = [
        [1, 6, 8, 6],
        [7, 3, 8, 6],
        [4, 11, 9, 6],
        [0, 15, 7, 5],
        [9, 13, 7, 5],
        [5, 18, 7, 5],
      ];
      c.vline(7, 10, 15, P.g1);
      c.vline(9, 8, 16, P.g1);
      for (const [x, y, w, h] of leaves) {
        c.ellipse(x, y, w, h, P.g2);
        c.ellipse(x, y, w - 2, h - 2, P.g3);
        c.set(x + 2, y + 1, P.g4);
        c.hline(x + 1, y + (h >> 1), w - 2, P.g1);
      }
    },
    shadow: (c) => underShadow(c, 3, 29, 11, 3, true),
  });
  build(ts, {
    name: 'plant.cactus',
    w: 1,
    h: 1,
    collide: all,
    base: (c) => {
      pot(c, 4, 10, 8, 6, P.b2, P.b3);
      c.rect(6, 2, 4, 9, P.t1);
      c.vline(7, 2, 8, P.t2);
      c.rect(3, 5, 2, 4, P.t1);
      c.rect(4, 8, 2, 2, P.t1);
      c.rect(11, 4, 2, 4, P.t1);
      c.rect(10, 7, 2, 2, P.t1);
      c.set(8, 1, P.r3);
      c.set(7, 1, P.r2);
      for (const [x, y] of [
        [8, 4],
        [6, 7],
        [9, 8],
      ] as const)
        c.set(x, y, P.t3);
    },
  });
  build(ts, {
    name: 'lectern',
    w: 1,
    h: 2,
    collide: (_x, y) => y === 1,
    splitRow: 1,
    draw: (c) => {
      c.rect(3, 14, 10, 16, P.wood2);
      c.vline(4, 14, 16, P.wood3);
      c.vline(11, 14, 16, P.wood1);
      c.rect(2, 29, 12, 2, P.wood1);
      c.rect(6, 19, 4, 4, P.y1);
      c.set(7, 20, P.y3);
      c.rect(1, 9, 14, 5, P.wood3);
      c.hline(1, 9, 14, P.wood4);
      c.rect(3, 10, 5, 3, P.white);
      c.rect(8, 10, 5, 3, P.cream3);
      c.set(14, 11, P.s1);
      c.vline(13, 4, 6, P.s0);
      c.rect(12, 3, 3, 2, P.s1);
    },
    shadow: (c) => underShadow(c, 2, 30, 13, 2, true),
  });
  build(ts, {
    name: 'armchair.down',
    w: 1,
    h: 1,
    collide: none,
    base: (c) => {
      c.rect(2, 1, 12, 7, P.t1);
      c.hline(2, 1, 12, P.t2);
      c.rect(1, 5, 3, 9, P.t1);
      c.rect(12, 5, 3, 9, P.t1);
      c.vline(1, 5, 8, P.t2);
      c.rect(4, 7, 8, 6, P.t2);
      c.hline(4, 7, 8, P.t3);
      c.rect(2, 13, 12, 1, P.t0);
    },
    shadow: (c) => underShadow(c, 1, 13, 14, 3, true),
  });
  build(ts, {
    name: 'armchair.up',
    w: 1,
    h: 1,
    collide: none,
    base: (c) => {
      c.rect(1, 2, 3, 9, P.t1);
      c.rect(12, 2, 3, 9, P.t1);
      c.vline(1, 2, 8, P.t2);
      c.rect(4, 2, 8, 7, P.t2);
      c.hline(4, 2, 8, P.t3);
      c.rect(2, 9, 12, 5, P.t1);
      c.hline(2, 9, 12, P.t2);
    },
    shadow: (c) => underShadow(c, 1, 13, 14, 3, true),
  });
  build(ts, {
    name: 'readingtable',
    w: 2,
    h: 2,
    collide: all,
    base: (c) => {
      c.rect(3, 22, 2, 8, P.wood1);
      c.rect(27, 22, 2, 8, P.wood1);
      c.rect(1, 3, 30, 19, P.wood3);
      c.hline(1, 3, 30, P.wood4);
      c.vline(1, 3, 19, P.wood4);
      c.rect(1, 22, 30, 3, P.wood1);
      c.hline(1, 22, 30, P.wood2);
      book(c, 5, 6, P.b2);
      c.rect(11, 12, 10, 6, P.white);
      c.vline(16, 12, 6, P.s3);
      c.hline(12, 14, 3, P.s3);
      c.hline(18, 14, 2, P.s3);
      c.rect(23, 5, 5, 3, P.g2);
      c.hline(23, 5, 5, P.g3);
      c.vline(25, 8, 5, P.y0);
      c.rect(23, 13, 5, 2, P.y0);
      c.rect(22, 8, 7, 1, P.y3);
    },
    shadow: (c) => underShadow(c, 2, 27, 29, 4, true),
  });

  ts.section('outdoor props');
  const green = [P.g1, P.g2, P.g3, P.g4];
  const blossom = [P.r1, P.r2, P.r3, mix(P.r3, P.white, 0.6)];
  for (const [name, pal, seed] of [
    ['tree.green', green, 5],
    ['tree.blossom', blossom, 8],
  ] as const)
    build(ts, {
      name,
      w: 3,
      h: 4,
      collide: (x, y) => x === 1 && y === 3,
      base: trunk,
      top: (c) => tree(c, [...pal], seed),
      shadow: (c) => underShadow(c, 10, 52, 28, 9, true),
    });
  build(ts, {
    name: 'fountain',
    w: 3,
    h: 3,
    collide: all,
    base: fountain,
    shadow: (c) => underShadow(c, 2, 40, 44, 7, true),
  });
  for (const [i, side] of (['L', 'M', 'R'] as const).entries())
    build(ts, {
      name: `planter.${side}`,
      w: 1,
      h: 1,
      collide: all,
      base: (c) => planter(c, side, 40 + i),
      outline: false,
      shadow: (c) => {
        for (let x = 0; x < 16; x++) c.set(x, 15, P.ink);
        if (side === 'L') c.vline(0, 5, 11, P.ink);
        if (side === 'R') c.vline(15, 5, 11, P.ink);
      },
    });
  for (const f of ['down', 'up'] as const)
    build(ts, {
      name: `bench.${f}`,
      w: 2,
      h: 1,
      collide: none,
      base: (c) => bench(c, f),
      shadow: (c) => underShadow(c, 2, 13, 28, 3),
    });
  build(ts, {
    name: 'lamp',
    w: 1,
    h: 2,
    collide: (_x, y) => y === 1,
    splitRow: 1,
    draw: (c) => {
      c.rect(7, 9, 2, 18, P.s0);
      c.vline(7, 9, 18, P.s1);
      c.rect(5, 26, 6, 4, P.s0);
      c.hline(5, 26, 6, P.s1);
      c.rect(4, 2, 8, 2, P.s0);
      c.rect(5, 4, 6, 5, P.y2);
      c.rect(6, 5, 2, 2, P.y3);
      c.rect(4, 9, 8, 1, P.s0);
      c.set(7, 1, P.s0);
      c.set(8, 1, P.s0);
    },
    shadow: (c) => underShadow(c, 4, 29, 9, 3, true),
  });
  build(ts, {
    name: 'pillar',
    w: 1,
    h: 2,
    collide: (_x, y) => y === 1,
    splitRow: 1,
    draw: (c) => {
      c.rect(2, 10, 12, 20, P.s3);
      c.vline(2, 10, 20, P.s4);
      c.rect(11, 10, 3, 20, P.s2);
      for (let y = 14; y < 30; y += 5) c.hline(2, y, 12, P.s2);
      c.rect(1, 7, 14, 4, P.s4);
      c.hline(1, 10, 14, P.s2);
      c.rect(5, 1, 6, 6, P.y2);
      c.rect(6, 2, 2, 2, P.y3);
      c.hline(4, 0, 8, P.s0);
    },
    shadow: (c) => underShadow(c, 1, 30, 15, 2, true),
  });
  for (const label of ['CAMPUS', 'HALL', 'LIBRARY'])
    build(ts, {
      name: `sign.${label.toLowerCase()}`,
      w: 2,
      h: 2,
      collide: (_x, y) => y === 1,
      splitRow: 1,
      draw: (c) => {
        c.rect(6, 20, 3, 10, P.wood1);
        c.rect(23, 20, 3, 10, P.wood1);
        c.rect(1, 8, 30, 14, P.wood3);
        c.rect(2, 9, 28, 12, P.oak3);
        c.hline(1, 8, 30, P.wood4);
        c.hline(1, 21, 30, P.wood1);
        text(c, label, 16 - (textWidth(label) >> 1), 12, P.wood0);
      },
      shadow: (c) => underShadow(c, 4, 29, 24, 3, true),
    });
  ts.section('hedge (index = 4-bit neighbour mask N1 E2 S4 W8)');
  for (let m = 0; m < 16; m++) ts.add(`hedge.${m}`, hedge(m), true);
}
