import { PNG } from 'pngjs';
import { Canvas, hex, type RGBA } from '@campus/art/png';

/** A tile: a flat colour with a darker rim, and an optional mark, so a preview shows which is which. */
function tile(c: Canvas, x: number, y: number, size: number, fill: RGBA, rim: RGBA, mark?: RGBA): void {
  c.rect(x, y, size, size, rim);
  c.rect(x + 1, y + 1, size - 2, size - 2, fill);
  if (mark) c.rect(x + size / 4, y + size / 4, size / 2, size / 2, mark);
}

function png(c: Canvas): Buffer {
  return PNG.sync.write(c.toPNG());
}

/** The 16-px tiles the test maps share, in sheet order (4 columns × 2 rows). */
export const OFFICE_TILES = ['floor', 'wall', 'carpet', 'mat', 'start', 'lintel', 'grass', 'water'] as const;

export function officeSheet(): Buffer {
  const c = new Canvas(64, 32);
  const colours: Record<(typeof OFFICE_TILES)[number], [string, string, string?]> = {
    floor: ['#e8dcc0', '#d8c9a8'],
    wall: ['#5a4b63', '#3a2f42', '#7a6a85'],
    carpet: ['#5f86b5', '#4c6d96'],
    mat: ['#b5835f', '#8f6446'],
    start: ['#6cc06c', '#3f8f3f', '#b8f0b8'],
    lintel: ['#8a5a3a', '#5e3b25'],
    grass: ['#6a9f4f', '#578a3f'],
    water: ['#4f8fcf', '#3a70a8', '#8fc0ef'],
  };
  OFFICE_TILES.forEach((name, i) => {
    const [fill, rim, mark] = colours[name];
    tile(c, (i % 4) * 16, Math.floor(i / 4) * 16, 16, hex(fill), hex(rim), mark ? hex(mark) : undefined);
  });
  return png(c);
}

/** 32-px furniture, 3 columns: a table, a chair, a potted plant. */
export function furnitureSheet(): Buffer {
  const c = new Canvas(96, 32);
  // Table: a top on legs; only its lower part stands on the floor (its collision shape).
  c.rect(2, 8, 28, 14, hex('#9a6a42'));
  c.rect(2, 8, 28, 3, hex('#d1a271'));
  c.rect(4, 22, 3, 8, hex('#4e2e22'));
  c.rect(25, 22, 3, 8, hex('#4e2e22'));
  // Chair.
  c.rect(32 + 10, 8, 12, 4, hex('#70432c'));
  c.rect(32 + 10, 12, 12, 10, hex('#94603a'));
  c.rect(32 + 11, 22, 2, 8, hex('#4e2e22'));
  c.rect(32 + 19, 22, 2, 8, hex('#4e2e22'));
  // Plant.
  c.ellipse(64 + 6, 2, 20, 18, hex('#3f7a45'));
  c.rect(64 + 10, 18, 12, 12, hex('#b9814f'));
  return png(c);
}

/** One image per item, for image-collection tilesets: a desk (32×16) and a lamp (16×32). */
export function deskImage(): Buffer {
  const c = new Canvas(32, 16);
  c.rect(0, 2, 32, 10, hex('#70432c'));
  c.rect(0, 2, 32, 2, hex('#b9814f'));
  c.rect(2, 12, 3, 4, hex('#2a1f2d'));
  c.rect(27, 12, 3, 4, hex('#2a1f2d'));
  return png(c);
}

export function lampImage(): Buffer {
  const c = new Canvas(16, 32);
  c.ellipse(2, 0, 12, 10, hex('#f2d46a'));
  c.rect(7, 10, 2, 18, hex('#4a3b4f'));
  c.rect(3, 28, 10, 4, hex('#2a1f2d'));
  return png(c);
}

/** A 32-px tile whose crate fills only its bottom-left quarter (where its collision shape is), with a shadow beside it. */
export function crateSheet(): Buffer {
  const c = new Canvas(32, 32);
  c.rect(16, 20, 14, 12, hex('#000000', 51));
  c.rect(0, 16, 16, 16, hex('#6e4a2c'));
  c.rect(2, 18, 12, 12, hex('#a8774a'));
  c.rect(2, 23, 12, 2, hex('#6e4a2c'));
  return png(c);
}
