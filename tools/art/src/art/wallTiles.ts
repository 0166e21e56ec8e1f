/** Wall tiles: autotiled wall caps, interior wall faces, exterior brick facades, door posts and heads. */
import { E, N, S, W } from './neighbourMask';
import { P } from './palette';
import { Canvas, hash, mix, type RGBA } from './png';
import { texture, tile } from './tileCanvas';
import type { Tileset } from './tileset';

// ---------------------------------------------------------------- wall caps (autotiled)

function capImage(mask: number): Canvas {
  const c = tile();
  texture(c, (x, y) => {
    const n = hash(x, y, 13);
    if (n < 0.03) return P.cap2;
    if (n > 0.975) return P.cap0;
    return (x + y) % 8 === 0 && hash(x >> 2, y >> 2, 14) < 0.5 ? mix(P.cap1, P.cap2, 0.5) : P.cap1;
  });
  if (!(mask & N)) {
    c.hline(0, 0, 16, P.ink);
    c.hline(0, 1, 16, P.cap3);
  }
  if (!(mask & S)) {
    c.hline(0, 15, 16, P.ink);
    c.hline(0, 14, 16, P.cap0);
  }
  if (!(mask & W)) {
    c.vline(0, 0, 16, P.ink);
    c.vline(1, 1, 14, P.cap2);
  }
  if (!(mask & E)) {
    c.vline(15, 0, 16, P.ink);
    c.vline(14, 1, 14, P.cap0);
  }
  if (!(mask & N) && !(mask & W)) c.set(1, 1, P.ink);
  if (!(mask & N) && !(mask & E)) c.set(14, 1, P.ink);
  if (!(mask & S) && !(mask & W)) c.set(1, 14, P.ink);
  if (!(mask & S) && !(mask & E)) c.set(14, 14, P.ink);
  return c;
}

// ---------------------------------------------------------------- wall faces

export interface Accent {
  name: string;
  mid: RGBA;
  dark: RGBA;
  light: RGBA;
}

type FaceFeature = 'plain' | 'window' | 'doorL' | 'doorR';

function doorPost(c: Canvas, x: number, h: number): void {
  c.rect(x, 0, 4, h, P.wood2);
  c.vline(x + 1, 0, h, P.wood3);
  c.vline(x + 3, 0, h, P.wood1);
  c.vline(x - 1 < 0 ? x + 4 : x - 1, 0, h, P.ink);
}

/** Interior wall face, two tiles tall (16×32): plaster, chair rail, wainscot, baseboard. */
function interiorFace(a: Accent, feature: FaceFeature): Canvas {
  const c = new Canvas(16, 32);
  for (let y = 0; y < 32; y++)
    for (let x = 0; x < 16; x++) {
      let col: RGBA = hash(x, y, 21) < 0.06 ? P.cream1 : P.cream2;
      if (y === 0) col = P.cream0;
      else if (y === 1) col = P.cream1;
      else if (y === 18) col = P.wood3;
      else if (y === 19) col = P.wood1;
      else if (y >= 20 && y < 28) {
        col = a.mid;
        if (y === 20) col = a.light;
        if (x === 7 || x === 15) col = a.dark;
        if (x === 8 || x === 0) col = mix(a.mid, a.light, 0.5);
      } else if (y === 28) col = P.wood3;
      else if (y === 29) col = P.wood2;
      else if (y === 30) col = P.wood1;
      else if (y === 31) col = P.ink;
      c.set(x, y, col);
    }
  if (feature === 'window') {
    c.rect(2, 4, 12, 14, P.ink);
    c.rect(3, 5, 10, 12, P.wood2);
    c.rect(4, 6, 8, 10, P.b3);
    for (let i = 0; i < 10; i++) {
      c.set(5 + i, 14 - i, P.b4);
      c.set(6 + i, 14 - i, P.b4);
    }
    c.rect(4, 6, 8, 10, P.b3);
    for (let i = 0; i < 7; i++) {
      c.set(5 + i, 13 - i, P.b4);
      if (i < 5) c.set(5 + i, 15 - i, P.b4);
    }
    c.vline(7, 6, 10, P.wood3);
    c.hline(4, 10, 8, P.wood3);
    c.rect(4, 6, 8, 1, P.b2);
    c.rect(1, 17, 14, 1, P.cream3);
    c.rect(1, 18, 14, 1, P.cream0);
  }
  if (feature === 'doorL') doorPost(c, 12, 32);
  if (feature === 'doorR') doorPost(c, 0, 32);
  return c;
}

type BrickFeature = FaceFeature | 'endL' | 'endR';

/** Exterior brick facade, one tile tall. */
function brickFace(feature: BrickFeature): Canvas {
  const c = tile();
  texture(c, (x, y) => {
    if (y < 2) return y === 0 ? P.br0 : mix(P.br0, P.br1, 0.5);
    if (y >= 14) return y === 14 ? P.s2 : P.s1;
    const row = (y - 2) >> 2;
    const ly = (y - 2) & 3;
    const off = row % 2 === 0 ? 0 : 4;
    const bx = Math.floor((x + off) / 8);
    const lx = (x + off) % 8;
    if (ly === 3 || lx === 7) return P.cream1;
    const tone = hash(row, bx, 31);
    const base = tone < 0.3 ? P.br1 : tone > 0.8 ? P.br3 : P.br2;
    if (ly === 0 && lx < 6) return mix(base, P.br3, 0.5);
    return base;
  });
  if (feature === 'window') {
    c.rect(2, 2, 12, 11, P.ink);
    c.rect(3, 3, 10, 9, P.cream3);
    c.rect(4, 4, 8, 7, P.b3);
    for (let i = 0; i < 6; i++) c.set(5 + i, 9 - i, P.b4);
    c.vline(7, 4, 7, P.cream3);
    c.rect(1, 12, 14, 2, P.cream2);
    c.hline(1, 13, 14, P.cream0);
  }
  if (feature === 'doorL') doorPost(c, 12, 16);
  if (feature === 'doorR') doorPost(c, 0, 16);
  if (feature === 'endL') c.vline(0, 0, 16, P.ink);
  if (feature === 'endR') c.vline(15, 0, 16, P.ink);
  return c;
}

function doorHead(): Canvas {
  const c = tile();
  c.rect(0, 0, 16, 3, P.wood2);
  c.hline(0, 0, 16, P.wood3);
  c.hline(0, 3, 16, P.ink);
  c.rect(0, 4, 16, 2, P.shadow);
  return c;
}

// ---------------------------------------------------------------- registration

export const ACCENTS: Accent[] = [
  { name: 'blue', mid: P.b2, dark: P.b1, light: P.b3 },
  { name: 'teal', mid: P.t2, dark: P.t1, light: P.t3 },
  { name: 'rose', mid: P.r2, dark: P.r1, light: P.r3 },
  { name: 'wood', mid: P.wood3, dark: P.wood2, light: P.wood4 },
  { name: 'plum', mid: P.p2, dark: P.p1, light: P.p3 },
];

export function registerWallTiles(ts: Tileset): void {
  ts.section('wall caps (index = 4-bit neighbour mask N1 E2 S4 W8)');
  for (let m = 0; m < 16; m++) ts.add(`cap.${m}`, capImage(m), true);
  ts.add('lintel', capImage(E | W));
  ts.add('door.head', doorHead());
  ts.section('interior wall faces (upper/lower)');
  for (const a of ACCENTS)
    for (const f of ['plain', 'window', 'doorL', 'doorR'] as const) {
      const img = interiorFace(a, f);
      ts.add(`face.${a.name}.${f}.u`, img.crop(0, 0, 16, 16), true);
      ts.add(`face.${a.name}.${f}.l`, img.crop(0, 16, 16, 16), true);
    }
  ts.section('exterior brick facade');
  for (const f of ['plain', 'window', 'doorL', 'doorR', 'endL', 'endR'] as const)
    ts.add(`brick.${f}`, brickFace(f), true);
}
