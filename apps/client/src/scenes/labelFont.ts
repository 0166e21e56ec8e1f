import type Phaser from 'phaser';
import { LABEL_CHARS, bitmapFontData, packGlyphs } from '../world/glyphAtlas';
import { viewZoom } from '../world/viewZoom';

/** The one texture (and bitmap font) every name label draws from, so all labels go out in one batch. */
export const LABEL_FONT = 'name-labels';
/** The solid square in the label font's texture that label backgrounds stretch. */
export const LABEL_BLOCK = 'block';
/** The labels' type size, in world pixels, as the per-label text had it. */
export const LABEL_SIZE = 6;
/** A label's line height, in world pixels. */
export const LABEL_LINE = 7.5;

const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, sans-serif';

/**
 * Draws the label glyphs once per game onto a canvas texture and registers it as a bitmap font; sharp at the zoom the
 * window has now (and at `resolution` at least). Returns the font size to ask for, in world pixels.
 */
export function ensureLabelFont(scene: Phaser.Scene, resolution: number): number {
  if (scene.cache.bitmapFont.exists(LABEL_FONT)) return LABEL_LINE;
  const scale = Math.max(
    resolution,
    Math.ceil(viewZoom(scene.scale.width, scene.scale.height) * window.devicePixelRatio),
  );
  const cell = Math.ceil(LABEL_LINE * scale);
  const font = `${LABEL_SIZE * scale}px ${FONT_FAMILY}`;
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = font;
  const widths = [...LABEL_CHARS].map((char) => ({
    code: char.charCodeAt(0),
    width: measure.measureText(char).width,
  }));
  const layout = packGlyphs(widths, cell, 1024);
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext('2d')!;
  ctx.font = font;
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'alphabetic';
  const probe = ctx.measureText('Mgy');
  // The glyphs sit in the middle of their cell, as a line of text sits in its box.
  const baseline = Math.round(
    (cell - probe.actualBoundingBoxAscent - probe.actualBoundingBoxDescent) / 2 +
      probe.actualBoundingBoxAscent,
  );
  for (const g of layout.glyphs) ctx.fillText(String.fromCharCode(g.code), g.x, g.y + baseline);
  ctx.fillRect(layout.block.x, layout.block.y, layout.block.size, layout.block.size);
  const texture = scene.textures.addCanvas(LABEL_FONT, canvas);
  texture?.add(
    LABEL_BLOCK,
    0,
    layout.block.x + 1,
    layout.block.y + 1,
    layout.block.size - 2,
    layout.block.size - 2,
  );
  scene.cache.bitmapFont.add(LABEL_FONT, {
    data: bitmapFontData(layout, LABEL_FONT, cell),
    texture: LABEL_FONT,
    frame: null,
  });
  return LABEL_LINE;
}
