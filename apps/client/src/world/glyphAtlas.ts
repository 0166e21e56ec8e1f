/** The characters name labels draw from the shared glyph atlas: printable ASCII and Latin-1, and common punctuation. */
export const LABEL_CHARS = (() => {
  let chars = '';
  for (let code = 0x20; code <= 0x7e; code++) chars += String.fromCharCode(code);
  for (let code = 0xa1; code <= 0xff; code++) if (code !== 0xad) chars += String.fromCharCode(code);
  return chars + '‘’“”–—…•€';
})();

const DRAWABLE = new Set(LABEL_CHARS);

/** True when every character of `text` is in the atlas; other names are drawn as their own text (as before). */
export function atlasCanDraw(text: string): boolean {
  for (const char of text) if (!DRAWABLE.has(char)) return false;
  return true;
}

export interface GlyphBox {
  code: number;
  x: number;
  y: number;
  width: number;
}

export interface GlyphAtlasLayout {
  glyphs: GlyphBox[];
  /** A solid square after the glyphs, for the labels' backgrounds (same texture, so they batch with the text). */
  block: { x: number; y: number; size: number };
  width: number;
  height: number;
}

/**
 * Packs glyphs of one height in rows no wider than `maxWidth`, `gap` pixels apart (so filtering never bleeds one into
 * the next), with the background block last; the atlas is as tall as its rows.
 */
export function packGlyphs(
  widths: ReadonlyArray<{ code: number; width: number }>,
  cellHeight: number,
  maxWidth: number,
  gap = 2,
): GlyphAtlasLayout {
  const glyphs: GlyphBox[] = [];
  let x = gap;
  let y = gap;
  const place = (width: number): { x: number; y: number } => {
    if (x + width + gap > maxWidth) {
      x = gap;
      y += cellHeight + gap;
    }
    const at = { x, y };
    x += width + gap;
    return at;
  };
  for (const { code, width } of widths) glyphs.push({ code, width, ...place(Math.ceil(width)) });
  const block = { ...place(cellHeight), size: cellHeight };
  return { glyphs, block, width: maxWidth, height: y + cellHeight + gap };
}

/** Phaser's bitmap font data (as its XML and retro font parsers make it) for a packed atlas of `cellHeight` rows. */
export function bitmapFontData(layout: GlyphAtlasLayout, font: string, cellHeight: number) {
  const chars: Record<number, object> = {};
  for (const g of layout.glyphs) {
    chars[g.code] = {
      x: g.x,
      y: g.y,
      width: Math.ceil(g.width),
      height: cellHeight,
      centerX: Math.floor(g.width / 2),
      centerY: Math.floor(cellHeight / 2),
      xOffset: 0,
      yOffset: 0,
      xAdvance: g.width,
      data: {},
      kerning: {},
      u0: g.x / layout.width,
      v0: 1 - g.y / layout.height,
      u1: (g.x + Math.ceil(g.width)) / layout.width,
      v1: 1 - (g.y + cellHeight) / layout.height,
    };
  }
  return { retroFont: false, font, size: cellHeight, lineHeight: cellHeight, chars };
}
