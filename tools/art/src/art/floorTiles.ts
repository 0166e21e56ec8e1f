/** Indoor floor tiles: checker lino, wood planks, carpets, the stage and lecture-hall steps, door sills and mats. */
import { P } from './palette';
import { hash, mix, type Canvas, type RGBA } from './png';
import { texture, tile } from './tileCanvas';
import type { Tileset } from './tileset';

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

// ---------------------------------------------------------------- door sills and mats

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

// ---------------------------------------------------------------- registration

export const WOOD_OAK: WoodTone = { dark: P.oak0, mid: P.oak2, light: P.oak3, gap: P.oak0 };
export const WOOD_WARM: WoodTone = { dark: P.wood1, mid: P.wood3, light: P.wood4, gap: P.wood1 };
export const WOOD_HONEY: WoodTone = { dark: P.y0, mid: mix(P.y1, P.oak2, 0.5), light: P.y2, gap: P.wood2 };

export const FLOORS: Record<string, () => Canvas> = {
  'floor.carpet.blue': () => carpet(P.b2, P.b1, P.b3, 'diamond'),
  'floor.wood.oak': () => planks(WOOD_OAK, 1),
  'floor.lino.mint': () => checker(mix(P.t3, P.cream3, 0.35), mix(P.t3, P.t2, 0.3), mix(P.t2, P.t1, 0.4)),
  'floor.carpet.wine': () => carpet(P.r1, P.r0, P.r2, 'weave'),
  'floor.wood.warm': () => planks(WOOD_WARM, 2),
  'floor.stage': () => planks(WOOD_HONEY, 3),
  'floor.hall': () => checker(P.cream2, mix(P.cream2, P.br3, 0.55), P.cream0),
};

export function registerFloorTiles(ts: Tileset): void {
  ts.section('floors');
  for (const [name, f] of Object.entries(FLOORS)) ts.add(name, f());
  ts.add('floor.stage.edge', stageEdge(WOOD_HONEY));
  ts.add('floor.wine.step', tierStep(FLOORS['floor.carpet.wine']?.() ?? tile()));
  ts.add('door.sill.L', sill('L'));
  ts.add('door.sill.R', sill('R'));
  ts.add('door.mat.L', mat('L'));
  ts.add('door.mat.R', mat('R'));
}
