/**
 * Avatar spritesheet: 16×24 frames, 4 columns (walk frames 0..3) × 24 rows (look*4 + dir),
 * dirs in order down, left, right, up. Feet (bottom centre) at frame pixel (8, 23).
 */
import { P } from './palette';
import { Canvas, hex, mix, type RGBA } from './png';

export const FRAME_W = 16;
export const FRAME_H = 24;
export const DIRS = ['down', 'left', 'right', 'up'] as const;
export type Dir = (typeof DIRS)[number];

type HairStyle = 'short' | 'long' | 'cap' | 'pigtails' | 'puff' | 'bun';

interface Look {
  id: string;
  skin: RGBA;
  hair: RGBA;
  style: HairStyle;
  shirt: RGBA;
  pants: RGBA;
  shoes: RGBA;
  cap?: RGBA;
  glasses?: boolean;
}

export const LOOKS: Look[] = [
  {
    id: 'sky',
    skin: hex('#f6d3b3'),
    hair: hex('#6b4429'),
    style: 'short',
    shirt: hex('#78b4e4'),
    pants: hex('#3e4c6e'),
    shoes: hex('#f4ecdc'),
  },
  {
    id: 'rose',
    skin: hex('#dca477'),
    hair: hex('#8c3a2c'),
    style: 'long',
    shirt: hex('#e8899a'),
    pants: hex('#4a3d5e'),
    shoes: hex('#5e2a36'),
  },
  {
    id: 'moss',
    skin: hex('#7f4e35'),
    hair: hex('#2a2228'),
    style: 'cap',
    shirt: hex('#7fa65a'),
    pants: hex('#5a4a3a'),
    shoes: hex('#3a3036'),
    cap: hex('#e08a3c'),
  },
  {
    id: 'sun',
    skin: hex('#f3cfb0'),
    hair: hex('#c46f38'),
    style: 'pigtails',
    shirt: hex('#f2c44e'),
    pants: hex('#55698e'),
    shoes: hex('#b95d64'),
  },
  {
    id: 'plum',
    skin: hex('#a8704a'),
    hair: hex('#2e2220'),
    style: 'puff',
    shirt: hex('#9a6bb4'),
    pants: hex('#3a3540'),
    shoes: hex('#efe0c4'),
    glasses: true,
  },
  {
    id: 'ink',
    skin: hex('#e8bb94'),
    hair: hex('#eadbb0'),
    style: 'bun',
    shirt: hex('#3d4870'),
    pants: hex('#2f2a36'),
    shoes: hex('#d8cfc2'),
  },
];

const shade = (c: RGBA, t = 0.28): RGBA => mix(c, P.ink, t);
const light = (c: RGBA, t = 0.3): RGBA => mix(c, P.white, t);

/** Rows of the head silhouette: [y, x0, x1]. */
const HEAD: [number, number, number][] = [
  [2, 5, 10],
  [3, 4, 11],
  [4, 3, 12],
  [5, 3, 12],
  [6, 3, 12],
  [7, 3, 12],
  [8, 3, 12],
  [9, 3, 12],
  [10, 4, 11],
  [11, 5, 10],
];

function drawHead(look: Look, dir: Dir): Canvas {
  const c = new Canvas(FRAME_W, FRAME_H);
  const side = dir === 'left' || dir === 'right';
  const hair = look.hair;
  const hairD = shade(hair, 0.3);
  const hairL = light(hair, 0.3);
  for (const [y, x0, x1] of HEAD) c.hline(x0, y, x1 - x0 + 1, look.skin);
  // soft shading on the lower right of the face
  c.hline(5, 11, 6, shade(look.skin, 0.15));
  c.vline(12, 7, 3, shade(look.skin, 0.15));
  const inHead = (x: number, y: number) => HEAD.some(([hy, x0, x1]) => hy === y && x >= x0 && x <= x1);
  const paintHair = (pred: (x: number, y: number) => boolean, col = hair) => {
    for (let y = 0; y < FRAME_H; y++) for (let x = 0; x < FRAME_W; x++) if (pred(x, y)) c.set(x, y, col);
  };

  // base hair mass
  if (dir === 'up') {
    paintHair((x, y) => inHead(x, y) && y <= 10);
  } else if (side) {
    // facing left: hair on top and at the back (right side)
    paintHair((x, y) => inHead(x, y) && (y <= 5 || x >= 9 || (y === 6 && x >= 5)));
    c.set(9, 8, look.skin); // ear
    c.set(9, 9, shade(look.skin, 0.2));
  } else {
    paintHair((x, y) => inHead(x, y) && (y <= 5 || ((x === 3 || x === 12) && y <= 8)));
    for (const x of [4, 5, 8, 10, 11]) c.set(x, 6, hair);
  }

  // style extras
  const st = look.style;
  if (st === 'short') {
    for (const [x, y] of [
      [5, 1],
      [7, 1],
      [9, 1],
      [6, 1],
    ] as const)
      c.set(x, y, hair);
    if (side) c.set(12, 3, hair);
  } else if (st === 'long') {
    if (dir === 'down')
      paintHair((x, y) => (x === 2 || x === 3 || x === 12 || x === 13) && y >= 5 && y <= 13);
    else if (side) paintHair((x, y) => x >= 9 && x <= 13 && y >= 4 && y <= 13);
    else paintHair((x, y) => x >= 3 && x <= 12 && y >= 4 && y <= 13);
  } else if (st === 'pigtails') {
    const tail = (x: number) => {
      paintHair((px, py) => px >= x && px <= x + 1 && py >= 6 && py <= 10);
      c.set(x, 6, P.r2);
      c.set(x + 1, 6, P.r2);
    };
    if (dir === 'down' || dir === 'up') {
      tail(1);
      tail(13);
    } else tail(13);
  } else if (st === 'puff') {
    paintHair((x, y) => {
      const dx = (x - 7.5) / 6.2;
      const dy = (y - 4.5) / 4.8;
      const bump = (x + y) % 3 === 0 ? 0.12 : 0;
      if (dir === 'up') return dx * dx + dy * dy <= 1 + bump || (inHead(x, y) && y <= 10);
      if (side) return (dx * dx + dy * dy <= 1 + bump && (y <= 5 || x >= 8)) || (inHead(x, y) && x >= 9);
      return dx * dx + dy * dy <= 1 + bump && (y <= 5 || x <= 3 || x >= 12);
    });
  } else if (st === 'bun') {
    if (side) paintHair((x, y) => x >= 10 && x <= 13 && y >= 1 && y <= 4);
    else paintHair((x, y) => x >= 6 && x <= 9 && y >= 0 && y <= 2);
    c.hline(side ? 10 : 6, side ? 4 : 2, 4, P.b2);
  }
  if (st === 'cap' && look.cap) {
    const cap = look.cap;
    paintHair((x, y) => inHead(x, y) && y <= 4, cap);
    paintHair((x, y) => x >= 5 && x <= 10 && y === 1, cap);
    if (dir === 'down') {
      c.hline(3, 5, 10, shade(cap, 0.3));
      c.hline(4, 6, 8, shade(cap, 0.5));
      c.set(7, 2, P.white);
      c.set(8, 2, P.white);
    } else if (side) {
      c.hline(0, 5, 9, shade(cap, 0.3));
      c.hline(1, 6, 5, shade(cap, 0.5));
    } else {
      c.hline(5, 5, 6, shade(cap, 0.3));
      c.set(7, 4, P.white);
    }
  }

  // highlights on hair
  if (st !== 'cap') {
    c.set(5, 3, hairL);
    c.set(6, 3, hairL);
    c.set(4, 4, hairL);
  } else {
    c.set(5, 2, light(look.cap ?? hair, 0.35));
    c.set(4, 3, light(look.cap ?? hair, 0.35));
  }
  // darker underside of hair at the back for depth
  if (dir === 'up' && look.style !== 'long') c.hline(4, 10, 8, hairD);
  if (dir === 'up' && look.style === 'long') c.hline(4, 13, 8, hairD);

  // face
  if (dir === 'down') {
    c.vline(5, 8, 2, P.ink);
    c.vline(10, 8, 2, P.ink);
    c.set(4, 10, mix(look.skin, P.r2, 0.45));
    c.set(11, 10, mix(look.skin, P.r2, 0.45));
    c.set(7, 10, shade(look.skin, 0.35));
    c.set(8, 10, shade(look.skin, 0.35));
    if (look.glasses) {
      for (const x0 of [4, 9]) {
        c.hline(x0, 7, 3, P.ink);
        c.hline(x0, 10, 3, P.ink);
        c.vline(x0, 7, 4, P.ink);
        c.vline(x0 + 2, 7, 4, P.ink);
        c.set(x0 + 1, 8, P.ink);
        c.set(x0 + 1, 9, P.b4);
      }
      c.hline(7, 8, 2, P.ink);
    }
  } else if (side) {
    c.vline(4, 8, 2, P.ink);
    c.set(5, 10, mix(look.skin, P.r2, 0.45));
    c.set(2, 9, look.skin);
    if (look.glasses) {
      c.hline(3, 7, 3, P.ink);
      c.hline(3, 10, 3, P.ink);
      c.vline(3, 7, 4, P.ink);
      c.vline(5, 7, 4, P.ink);
      c.hline(6, 8, 3, P.ink);
      c.set(4, 9, P.b4);
    }
  }
  c.outline(P.ink);
  return c;
}

function drawBody(look: Look, dir: Dir, frame: number): Canvas {
  const c = new Canvas(FRAME_W, FRAME_H);
  const shirt = look.shirt;
  const shirtD = shade(shirt, 0.25);
  const shirtL = light(shirt, 0.25);
  const pantsD = shade(look.pants, 0.3);
  const step = frame === 1 ? 1 : frame === 3 ? -1 : 0; // +1: left foot forward

  if (dir === 'down' || dir === 'up') {
    // legs + shoes (a raised foot is 1 px shorter)
    const leg = (x: number, raised: boolean) => {
      const bottom = raised ? 20 : 21;
      c.rect(x, 18, 2, bottom - 18 + 1 - 1, look.pants);
      c.rect(x, bottom, 2, 2, look.shoes);
      if (dir === 'up') c.hline(x, bottom, 2, shade(look.shoes, 0.2));
    };
    c.hline(5, 18, 6, look.pants);
    leg(5, step === -1);
    leg(9, step === 1);
    c.hline(7, 18, 2, pantsD);
    // torso
    c.rect(5, 12, 6, 6, shirt);
    c.vline(5, 12, 6, shirtL);
    c.vline(10, 12, 6, shirtD);
    c.hline(5, 17, 6, shirtD);
    if (dir === 'down') {
      c.set(7, 12, look.skin);
      c.set(8, 12, look.skin);
      c.set(7, 13, shade(look.skin, 0.2));
    }
    // arms: swing opposite to legs
    const arm = (x: number, len: number) => {
      c.rect(x, 12, 1, len, shirtD);
      c.rect(x, 12 + len, 1, 1, look.skin);
    };
    arm(4, step === 1 ? 3 : step === -1 ? 5 : 4);
    arm(11, step === -1 ? 3 : step === 1 ? 5 : 4);
  } else {
    // side view, drawn facing left
    const front = step === 0 ? look.pants : look.pants;
    const back = pantsD;
    if (step === 0) {
      c.rect(6, 18, 4, 3, look.pants);
      c.vline(8, 19, 2, pantsD);
      c.rect(5, 21, 5, 2, look.shoes);
    } else {
      const a = step === 1 ? front : back;
      const b = step === 1 ? back : front;
      // leg going forward (left)
      c.rect(6, 18, 2, 1, a);
      c.rect(5, 19, 2, 1, a);
      c.rect(4, 20, 2, 1, a);
      c.rect(3, 21, 3, 2, step === 1 ? look.shoes : shade(look.shoes, 0.25));
      // leg going back (right)
      c.rect(8, 18, 2, 1, b);
      c.rect(9, 19, 2, 1, b);
      c.rect(10, 20, 2, 1, b);
      c.rect(10, 21, 3, 2, step === 1 ? shade(look.shoes, 0.25) : look.shoes);
    }
    c.rect(6, 12, 4, 6, shirt);
    c.vline(6, 12, 6, shirtL);
    c.hline(6, 17, 4, shirtD);
    // near arm
    if (step === 0) {
      c.rect(7, 12, 2, 4, shirtD);
      c.rect(7, 16, 2, 1, look.skin);
    } else if (step === 1) {
      c.rect(7, 12, 2, 2, shirtD);
      c.rect(6, 14, 2, 1, shirtD);
      c.rect(5, 15, 2, 1, look.skin);
    } else {
      c.rect(8, 12, 2, 2, shirtD);
      c.rect(9, 14, 2, 1, shirtD);
      c.rect(10, 15, 2, 1, look.skin);
    }
  }
  c.outline(P.ink);
  return c;
}

export function drawAvatarFrame(look: Look, dir: Dir, frame: number): Canvas {
  if (dir === 'right') return drawAvatarFrame(look, 'left', frame).flipX();
  const c = new Canvas(FRAME_W, FRAME_H);
  c.ellipse(3, 21, 10, 3, P.shadow);
  c.draw(drawBody(look, dir, frame));
  c.draw(drawHead(look, dir));
  return c;
}

export function buildAvatarSheet(): Canvas {
  const sheet = new Canvas(FRAME_W * 4, FRAME_H * LOOKS.length * 4);
  LOOKS.forEach((look, li) =>
    DIRS.forEach((dir, di) => {
      for (let f = 0; f < 4; f++)
        sheet.draw(drawAvatarFrame(look, dir, f), f * FRAME_W, (li * 4 + di) * FRAME_H);
    }),
  );
  return sheet;
}
