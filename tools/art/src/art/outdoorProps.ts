/** Outdoor props: trees, the fountain, planters, benches, lamps, pillars, signs and the autotiled hedge. */
import { E, N, S, W } from './neighbourMask';
import { all, build, none, underShadow } from './objectKit';
import { P } from './palette';
import { text, textWidth } from './pixelFont';
import { Canvas, hash, mix, type RGBA } from './png';
import { seededRandom } from '@campus/world';
import type { Tileset } from './tileset';

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
  const r = seededRandom(seed);
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
  const r = seededRandom(seed);
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

export function registerOutdoorProps(ts: Tileset): void {
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
