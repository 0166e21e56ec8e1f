/** Ground and architecture tiles: grass, paths, floors, wall caps, wall faces, doors, rugs. */
import { P } from './palette';
import { Canvas, hash, mix, rng, type RGBA } from './png';
import { TILE, type Tileset } from './tileset';

const N = 1;
const E = 2;
const S = 4;
const W = 8;

export const tile = (): Canvas => new Canvas(TILE, TILE);

function texture(c: Canvas, f: (x: number, y: number) => RGBA): void {
  for (let y = 0; y < TILE; y++) for (let x = 0; x < TILE; x++) c.set(x, y, f(x, y));
}

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
  const r = rng(100 + v);
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

// ---------------------------------------------------------------- indoor floors

export function checker(a: RGBA, b: RGBA, grout: RGBA, size = 8): Canvas {
  const c = tile();
  texture(c, (x, y) => {
    const sq = ((x / size) | 0) + ((y / size) | 0);
    const base = sq % 2 === 0 ? a : b;
    const lx = x % size;
    const ly = y % size;
    if (lx === size - 1 || ly === size - 1) return grout;
    if (lx === 0 || ly === 0) return mix(base, P.white, 0.25);
    return hash(x, y, 41) < 0.08 ? mix(base, grout, 0.3) : base;
  });
  return c;
}

export interface WoodTone {
  dark: RGBA;
  mid: RGBA;
  light: RGBA;
  gap: RGBA;
}

export function planks(t: WoodTone, seed: number, vertical = false): Canvas {
  const c = tile();
  texture(c, (px, py) => {
    const x = vertical ? py : px;
    const y = vertical ? px : py;
    const row = y >> 2;
    const ly = y & 3;
    if (ly === 3) return t.gap;
    const seam = Math.floor(hash(row, seed) * 16);
    const seg = x < seam ? 0 : 1;
    const base = hash(row, seg, seed, 2) < 0.5 ? t.mid : mix(t.mid, t.light, 0.35);
    if (x === seam) return t.gap;
    if (x === (seam + 1) % 16 && ly < 2) return t.light;
    if (ly === 0) return mix(base, t.light, 0.4);
    if (hash(x >> 1, y, seed, 9) < 0.12) return mix(base, t.dark, 0.45);
    return base;
  });
  return c;
}

export function carpet(base: RGBA, dark: RGBA, light: RGBA, motif: 'diamond' | 'dots' | 'weave'): Canvas {
  const c = tile();
  texture(c, (x, y) => {
    const n = hash(x, y, 77);
    let col = n < 0.18 ? mix(base, dark, 0.35) : n > 0.9 ? mix(base, light, 0.3) : base;
    if (motif === 'diamond') {
      for (const [cx, cy] of [
        [4, 4],
        [12, 12],
      ] as const) {
        const d = Math.abs(x - cx) + Math.abs(y - cy);
        if (d === 2) col = mix(base, light, 0.55);
        if (d === 0) col = light;
      }
    } else if (motif === 'dots') {
      if ((x % 8 === 3 && y % 8 === 3) || (x % 8 === 7 && y % 8 === 7)) col = light;
    } else if ((x + y) % 4 === 0 && n < 0.5) col = mix(base, dark, 0.3);
    return col;
  });
  return c;
}

// ---------------------------------------------------------------- stage + lecture floor helpers

export function stageEdge(t: WoodTone): Canvas {
  const c = planks(t, 5);
  c.rect(0, 10, 16, 1, P.oak3);
  c.rect(0, 11, 16, 4, P.wood1);
  for (let x = 1; x < 16; x += 4) c.rect(x, 11, 1, 4, P.wood0);
  c.rect(0, 11, 16, 1, P.wood2);
  c.rect(0, 15, 16, 1, P.ink);
  return c;
}

/** Floor with a tier step: a shadow band at the top (the riser of the row in front). */
export function tierStep(floor: Canvas): Canvas {
  const c = tile();
  c.draw(floor);
  c.rect(0, 0, 16, 1, P.ink);
  c.rect(0, 1, 16, 1, mix(P.r1, P.r3, 0.5));
  c.rect(0, 2, 16, 1, mix(P.r1, P.r0, 0.5));
  return c;
}

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

function sill(side: 'L' | 'R'): Canvas {
  const c = planks({ dark: P.oak0, mid: P.oak1, light: P.oak3, gap: P.oak0 }, 61, true);
  const x = side === 'L' ? 0 : 15;
  c.vline(x, 0, 16, P.ink);
  c.vline(side === 'L' ? 1 : 14, 0, 16, P.wood1);
  return c;
}

function mat(side: 'L' | 'R'): Canvas {
  const c = sill(side);
  const x0 = side === 'L' ? 3 : 0;
  const w = 13;
  c.rect(x0, 3, w, 10, P.r0);
  c.rect(x0, 4, w, 8, P.r1);
  for (let y = 5; y < 11; y += 2) for (let x = x0; x < x0 + w; x++) if ((x + y) % 4 < 2) c.set(x, y, P.r2);
  c.hline(x0, 4, w, P.r2);
  return c;
}

// ---------------------------------------------------------------- rugs (9-slice, composited over a floor)

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

// ---------------------------------------------------------------- registration

export const WOOD_OAK: WoodTone = { dark: P.oak0, mid: P.oak2, light: P.oak3, gap: P.oak0 };
export const WOOD_WARM: WoodTone = { dark: P.wood1, mid: P.wood3, light: P.wood4, gap: P.wood1 };
export const WOOD_HONEY: WoodTone = { dark: P.y0, mid: mix(P.y1, P.oak2, 0.5), light: P.y2, gap: P.wood2 };

export const ACCENTS: Accent[] = [
  { name: 'blue', mid: P.b2, dark: P.b1, light: P.b3 },
  { name: 'teal', mid: P.t2, dark: P.t1, light: P.t3 },
  { name: 'rose', mid: P.r2, dark: P.r1, light: P.r3 },
  { name: 'wood', mid: P.wood3, dark: P.wood2, light: P.wood4 },
  { name: 'plum', mid: P.p2, dark: P.p1, light: P.p3 },
];

export const FLOORS: Record<string, () => Canvas> = {
  'floor.carpet.blue': () => carpet(P.b2, P.b1, P.b3, 'diamond'),
  'floor.wood.oak': () => planks(WOOD_OAK, 1),
  'floor.lino.mint': () => checker(mix(P.t3, P.cream3, 0.35), mix(P.t3, P.t2, 0.3), mix(P.t2, P.t1, 0.4)),
  'floor.carpet.wine': () => carpet(P.r1, P.r0, P.r2, 'weave'),
  'floor.wood.warm': () => planks(WOOD_WARM, 2),
  'floor.stage': () => planks(WOOD_HONEY, 3),
  'floor.hall': () => checker(P.cream2, mix(P.cream2, P.br3, 0.55), P.cream0),
};

export const RUGS: RugStyle[] = [
  { name: 'sun', border: P.r1, field: P.y2, pattern: P.y1 },
  { name: 'sea', border: P.b1, field: P.t3, pattern: P.t2 },
  { name: 'berry', border: P.p1, field: P.r3, pattern: P.p3 },
];

export function registerGroundTiles(ts: Tileset): void {
  ts.section('grass');
  for (let v = 0; v < 3; v++) ts.add(`grass.${v}`, grass(v));
  ts.section('cobble path (index = 4-bit neighbour mask N1 E2 S4 W8)');
  for (let m = 0; m < 16; m++) ts.add(`cobble.${m}`, cobble(m));
  ts.section('floors');
  for (const [name, f] of Object.entries(FLOORS)) ts.add(name, f());
  ts.add('floor.stage.edge', stageEdge(WOOD_HONEY));
  ts.add('floor.wine.step', tierStep(FLOORS['floor.carpet.wine']?.() ?? tile()));
  ts.add('door.sill.L', sill('L'));
  ts.add('door.sill.R', sill('R'));
  ts.add('door.mat.L', mat('L'));
  ts.add('door.mat.R', mat('R'));
}

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

export function registerRugs(ts: Tileset, uses: [string, string][]): void {
  ts.section('rugs (3×3 slices over a floor)');
  for (const [rug, floorName] of uses) {
    const style = RUGS.find((r) => r.name === rug);
    const f = FLOORS[floorName];
    if (!style || !f) throw new Error(`bad rug ${rug}@${floorName}`);
    addRug(ts, style, floorName, f());
  }
}
