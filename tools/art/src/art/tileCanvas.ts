/** Blank 16×16 tiles and per-pixel texturing, shared by the ground, floor, wall and rug tiles. */
import { Canvas, type RGBA } from './png';
import { TILE } from './tileset';

export const tile = (): Canvas => new Canvas(TILE, TILE);

export function texture(c: Canvas, f: (x: number, y: number) => RGBA): void {
  for (let y = 0; y < TILE; y++) for (let x = 0; x < TILE; x++) c.set(x, y, f(x, y));
}
