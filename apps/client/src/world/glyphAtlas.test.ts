import { describe, expect, it } from 'vitest';
import { LABEL_CHARS, atlasCanDraw, bitmapFontData, packGlyphs } from './glyphAtlas';

describe('the name label glyph atlas', () => {
  it('draws ordinary and accented names, and leaves others to their own text', () => {
    expect(atlasCanDraw('Ada Lovelace')).toBe(true);
    expect(atlasCanDraw('Zoë Ñúñez-O’Brien')).toBe(true);
    expect(atlasCanDraw('李雷')).toBe(false);
    expect(atlasCanDraw('Ada 🎓')).toBe(false);
    expect(new Set(LABEL_CHARS).size).toBe(LABEL_CHARS.length);
  });

  it('packs glyphs in rows that never overlap nor leave the sheet', () => {
    const widths = [...LABEL_CHARS].map((c, i) => ({ code: c.charCodeAt(0), width: 5 + (i % 7) * 1.5 }));
    const layout = packGlyphs(widths, 14, 128);
    const boxes = [
      ...layout.glyphs.map((g) => ({ x: g.x, y: g.y, w: Math.ceil(g.width), h: 14 })),
      { x: layout.block.x, y: layout.block.y, w: layout.block.size, h: layout.block.size },
    ];
    for (const [i, a] of boxes.entries()) {
      expect(a.x + a.w).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.h).toBeLessThanOrEqual(layout.height);
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart, `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(true);
      }
    }
  });

  it("maps each glyph to its texture coordinates, v flipped as Phaser's parsers do", () => {
    const layout = packGlyphs([{ code: 65, width: 10 }], 20, 64);
    const data = bitmapFontData(layout, 'labels', 20);
    const a = data.chars[65] as { u0: number; v0: number; u1: number; v1: number; xAdvance: number };
    expect(a.u0).toBeCloseTo(2 / 64);
    expect(a.u1).toBeCloseTo(12 / 64);
    expect(a.v0).toBeCloseTo(1 - 2 / layout.height);
    expect(a.v1).toBeCloseTo(1 - 22 / layout.height);
    expect(a.xAdvance).toBe(10);
    expect(data.size).toBe(20);
  });
});
