/** Classroom furniture: desks, lecture-hall counters, chairs, boards, the clock, noticeboard and door plaques. */
import { all, build, none, underShadow } from './objectKit';
import { P } from './palette';
import { text, textWidth } from './pixelFont';
import { Canvas, hash, mix, type RGBA } from './png';
import { seededRandom } from '@campus/world';
import type { Tileset } from './tileset';

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

export function book(c: Canvas, x: number, y: number, col: RGBA): void {
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
    const r = seededRandom(9);
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

export const CHAIR_COLOURS: Record<string, RGBA> = {
  blue: P.b2,
  teal: P.t2,
  rose: P.r2,
  wine: P.r1,
  plum: P.p2,
};

export function registerClassroomFurniture(ts: Tileset): void {
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
}
