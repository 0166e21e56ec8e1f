/** Tiny RGBA canvas + PNG I/O + seeded noise, used by the procedural art generator. */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

export type RGBA = readonly [number, number, number, number];

export const CLEAR: RGBA = [0, 0, 0, 0];

/** '#rrggbb' → RGBA (alpha 0–255). */
export function hex(h: string, a = 255): RGBA {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
}

export function withAlpha(c: RGBA, a: number): RGBA {
  return [c[0], c[1], c[2], a];
}

/** Linear mix of two colours, t in [0,1]. */
export function mix(a: RGBA, b: RGBA, t: number): RGBA {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
    Math.round(a[3] + (b[3] - a[3]) * t),
  ];
}

/** Deterministic integer hash → [0,1). */
export function hash(...n: number[]): number {
  let h = 0x9e3779b9;
  for (const v of n) {
    h = Math.imul(h ^ (v | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4294967296;
}

export class Canvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4);
  }

  static fromPNG(png: PNG): Canvas {
    const c = new Canvas(png.width, png.height);
    c.data.set(png.data);
    return c;
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  get(x: number, y: number): RGBA {
    if (!this.inside(x, y)) return CLEAR;
    const i = (y * this.width + x) * 4;
    const d = this.data;
    return [d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0, d[i + 3] ?? 0];
  }

  alpha(x: number, y: number): number {
    if (!this.inside(x, y)) return 0;
    return this.data[(y * this.width + x) * 4 + 3] ?? 0;
  }

  /** Overwrite a pixel. */
  set(x: number, y: number, c: RGBA): void {
    if (!this.inside(x, y)) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = c[0];
    this.data[i + 1] = c[1];
    this.data[i + 2] = c[2];
    this.data[i + 3] = c[3];
  }

  /** Source-over composite of one pixel. */
  put(x: number, y: number, c: RGBA): void {
    if (c[3] >= 255) return this.set(x, y, c);
    if (c[3] <= 0 || !this.inside(x, y)) return;
    const d = this.get(x, y);
    const sa = c[3] / 255;
    const da = d[3] / 255;
    const oa = sa + da * (1 - sa);
    const ch = (k: 0 | 1 | 2) => Math.round((c[k] * sa + d[k] * da * (1 - sa)) / oa);
    this.set(x, y, [ch(0), ch(1), ch(2), Math.round(oa * 255)]);
  }

  rect(x: number, y: number, w: number, h: number, c: RGBA): void {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.put(i, j, c);
  }

  hline(x: number, y: number, w: number, c: RGBA): void {
    this.rect(x, y, w, 1, c);
  }

  vline(x: number, y: number, h: number, c: RGBA): void {
    this.rect(x, y, 1, h, c);
  }

  /** Filled ellipse inside the box (x,y,w,h). */
  ellipse(x: number, y: number, w: number, h: number, c: RGBA): void {
    const cx = x + w / 2 - 0.5;
    const cy = y + h / 2 - 0.5;
    const rx = w / 2;
    const ry = h / 2;
    for (let j = y; j < y + h; j++)
      for (let i = x; i < x + w; i++) {
        const dx = (i - cx) / rx;
        const dy = (j - cy) / ry;
        if (dx * dx + dy * dy <= 1.0) this.put(i, j, c);
      }
  }

  /** Composite another canvas on top at (dx,dy). */
  draw(src: Canvas, dx = 0, dy = 0): void {
    for (let y = 0; y < src.height; y++)
      for (let x = 0; x < src.width; x++) {
        const c = src.get(x, y);
        if (c[3] > 0) this.put(dx + x, dy + y, c);
      }
  }

  crop(x: number, y: number, w: number, h: number): Canvas {
    const c = new Canvas(w, h);
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) c.set(i, j, this.get(x + i, y + j));
    return c;
  }

  flipX(): Canvas {
    const c = new Canvas(this.width, this.height);
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) c.set(this.width - 1 - x, y, this.get(x, y));
    return c;
  }

  scaled(n: number): Canvas {
    const c = new Canvas(this.width * n, this.height * n);
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) c.set(x, y, this.get(Math.floor(x / n), Math.floor(y / n)));
    return c;
  }

  isEmpty(): boolean {
    for (let i = 3; i < this.data.length; i += 4) if ((this.data[i] ?? 0) > 0) return false;
    return true;
  }

  /** Paint `c` on every transparent pixel 4-adjacent to an opaque one (a 1-px outline). */
  outline(c: RGBA, threshold = 128): void {
    const mark: number[] = [];
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        if (this.alpha(x, y) >= threshold) continue;
        if (
          this.alpha(x - 1, y) >= threshold ||
          this.alpha(x + 1, y) >= threshold ||
          this.alpha(x, y - 1) >= threshold ||
          this.alpha(x, y + 1) >= threshold
        )
          mark.push(x, y);
      }
    for (let i = 0; i < mark.length; i += 2) this.set(mark[i] ?? 0, mark[i + 1] ?? 0, c);
  }

  toPNG(): PNG {
    const png = new PNG({ width: this.width, height: this.height });
    png.data = Buffer.from(this.data);
    return png;
  }

  save(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, PNG.sync.write(this.toPNG()));
  }
}
