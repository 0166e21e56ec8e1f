/** A tiny 5-pixel-high font for plaques and signs (only the glyphs the campus uses). */
import type { Canvas, RGBA } from './png';

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

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (GLYPHS[ch]?.[0]?.length ?? 3) + 1;
  return w - 1;
}

export function text(c: Canvas, s: string, x: number, y: number, col: RGBA): void {
  let cx = x;
  for (const ch of s) {
    const g = GLYPHS[ch];
    if (!g) throw new Error(`no glyph ${ch}`);
    g.forEach((row, j) => [...row].forEach((b, i) => b === '1' && c.set(cx + i, y + j, col)));
    cx += (g[0]?.length ?? 3) + 1;
  }
}
