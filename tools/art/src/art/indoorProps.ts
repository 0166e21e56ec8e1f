/** Indoor props: bookshelves, potted plants, the lectern, and the library's armchairs and reading table. */
import { book } from './classroomFurniture';
import { all, build, none, underShadow } from './objectKit';
import { P } from './palette';
import { mix, type Canvas, type RGBA } from './png';
import { seededRandom } from '@campus/world';
import type { Tileset } from './tileset';

function bookshelf(c: Canvas, seed: number): void {
  c.rect(1, 2, 14, 28, P.wood1);
  c.rect(1, 2, 14, 3, P.wood3);
  c.hline(1, 2, 14, P.wood4);
  const r = seededRandom(seed);
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
  const r = seededRandom(seed);
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

export function registerIndoorProps(ts: Tileset): void {
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
}
