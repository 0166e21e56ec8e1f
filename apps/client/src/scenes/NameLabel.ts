import type Phaser from 'phaser';
import { atlasCanDraw } from '../world/glyphAtlas';
import { LABEL_BLOCK, LABEL_FONT, ensureLabelFont } from './labelFont';

/** Depth of name labels: above everything on the map. */
const LABEL_DEPTH = 2_000_000;
const BACKGROUND = 0x141022;
const BACKGROUND_ALPHA = 0.62;
const PAD_X = 2;
const PAD_Y = 1;

type Drawn =
  /** From the shared glyph atlas: text and background share one texture, so every such label batches. */
  | { kind: 'atlas'; text: Phaser.GameObjects.BitmapText; background: Phaser.GameObjects.Image }
  /** A name with characters the atlas lacks: its own text texture, as every label used to be. */
  | { kind: 'text'; text: Phaser.GameObjects.Text };

/** A person's name above their avatar, its bottom centre at the point placed. */
export class NameLabel {
  private drawn: Drawn;
  private alpha = 1;
  private visible = true;

  constructor(
    private readonly scene: Phaser.Scene,
    name: string,
    private readonly color: number,
    private readonly resolution: number,
  ) {
    this.drawn = this.draw(name);
  }

  setText(name: string): void {
    const { x, y } = this.drawn.text;
    if (this.drawn.kind === 'atlas' && atlasCanDraw(name)) {
      this.drawn.text.setText(name);
      this.fitBackground(this.drawn);
    } else {
      this.destroy();
      this.drawn = this.draw(name);
    }
    this.setPosition(x, y);
    this.setAlpha(this.alpha);
    this.setVisible(this.visible);
  }

  setPosition(x: number, y: number): void {
    const drawn = this.drawn;
    if (drawn.kind === 'text') {
      drawn.text.setPosition(x, y);
      return;
    }
    drawn.text.setPosition(x, y - PAD_Y);
    drawn.background.setPosition(x, y);
  }

  setAlpha(alpha: number): void {
    this.alpha = alpha;
    this.drawn.text.setAlpha(alpha);
    if (this.drawn.kind === 'atlas') this.drawn.background.setAlpha(alpha * BACKGROUND_ALPHA);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.drawn.text.setVisible(visible);
    if (this.drawn.kind === 'atlas') this.drawn.background.setVisible(visible);
  }

  destroy(): void {
    this.drawn.text.destroy();
    if (this.drawn.kind === 'atlas') this.drawn.background.destroy();
  }

  private draw(name: string): Drawn {
    if (!atlasCanDraw(name)) {
      const text = this.scene.add
        .text(0, 0, name, {
          fontFamily: 'system-ui, -apple-system, Segoe UI, sans-serif',
          fontSize: '6px',
          color: `#${this.color.toString(16).padStart(6, '0')}`,
          backgroundColor: 'rgba(20, 16, 34, 0.62)',
          padding: { x: PAD_X, y: PAD_Y },
        })
        .setResolution(this.resolution)
        .setOrigin(0.5, 1)
        .setDepth(LABEL_DEPTH);
      return { kind: 'text', text };
    }
    const size = ensureLabelFont(this.scene, this.resolution);
    // The background first: at one depth, the display list keeps the order things were added in.
    const background = this.scene.add
      .image(0, 0, LABEL_FONT, LABEL_BLOCK)
      .setOrigin(0.5, 1)
      .setTint(BACKGROUND)
      .setAlpha(BACKGROUND_ALPHA)
      .setDepth(LABEL_DEPTH);
    const text = this.scene.add
      .bitmapText(0, 0, LABEL_FONT, name, size)
      .setOrigin(0.5, 1)
      .setTint(this.color)
      .setDepth(LABEL_DEPTH);
    const drawn: Drawn = { kind: 'atlas', text, background };
    this.fitBackground(drawn);
    return drawn;
  }

  private fitBackground(drawn: Extract<Drawn, { kind: 'atlas' }>): void {
    const bounds = drawn.text.getTextBounds(false).local;
    drawn.background.setDisplaySize(Math.ceil(bounds.width) + 2 * PAD_X, bounds.height + 2 * PAD_Y);
  }
}
