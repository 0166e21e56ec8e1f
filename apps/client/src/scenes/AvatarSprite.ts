import type Phaser from 'phaser';
import { AVATAR_LOOKS, DIRECTIONS, type AvatarLook, type Direction, type Point } from '@campus/protocol';
import { AVATAR_SHEET, avatarFrame, walkAnimationKey } from '../world/avatarFrames';

/** Depth of name labels: above everything on the map. */
const LABEL_DEPTH = 2_000_000;

/** Registers the walk animations once per game. */
export function createAvatarAnimations(anims: Phaser.Animations.AnimationManager): void {
  for (const look of AVATAR_LOOKS) {
    for (const direction of DIRECTIONS) {
      const key = walkAnimationKey(look, direction);
      if (anims.exists(key)) continue;
      anims.create({
        key,
        frames: [1, 2, 3, 0].map((step) => ({
          key: AVATAR_SHEET.key,
          frame: avatarFrame(look, direction, step),
        })),
        frameRate: 8,
        repeat: -1,
      });
    }
  }
}

/** One avatar on screen: the sprite, drawn by its feet, and its name above it. */
export class AvatarSprite {
  readonly sprite: Phaser.GameObjects.Sprite;
  private readonly label: Phaser.GameObjects.Text;
  private look: AvatarLook;
  private facing: Direction = 'down';
  private walking = false;

  constructor(scene: Phaser.Scene, look: AvatarLook, name: string, isSelf: boolean, labelResolution: number) {
    this.look = look;
    this.sprite = scene.add.sprite(0, 0, AVATAR_SHEET.key, avatarFrame(look, 'down'));
    // The frame's feet are at (8, 23); the avatar's position is the point between its feet.
    this.sprite.setOrigin(0.5, 23 / 24);
    this.label = scene.add
      .text(0, 0, name, {
        fontFamily: 'system-ui, -apple-system, Segoe UI, sans-serif',
        fontSize: '6px',
        color: isSelf ? '#ffe9a8' : '#ffffff',
        backgroundColor: 'rgba(20, 16, 34, 0.62)',
        padding: { x: 2, y: 1 },
      })
      .setResolution(labelResolution)
      .setOrigin(0.5, 1)
      .setDepth(LABEL_DEPTH);
  }

  /** Moves the avatar to `p`, facing `direction`, animating the walk only while it walks. */
  place(p: Point, direction: Direction, walking: boolean): void {
    this.sprite.setPosition(p.x, p.y).setDepth(p.y);
    this.label.setPosition(Math.round(p.x), Math.round(p.y - 24));
    if (direction === this.facing && walking === this.walking) return;
    this.facing = direction;
    this.walking = walking;
    if (walking) this.sprite.play(walkAnimationKey(this.look, direction), true);
    else this.sprite.stop().setFrame(avatarFrame(this.look, direction));
  }

  /** A user whose connection dropped stays, faded, for the server's grace period. */
  setOnline(online: boolean): void {
    this.sprite.setAlpha(online ? 1 : 0.45);
    this.label.setAlpha(online ? 1 : 0.6);
  }

  setProfile(name: string, look: AvatarLook): void {
    this.label.setText(name);
    if (look === this.look) return;
    this.look = look;
    this.walking = !this.walking; // force the next place() to refresh the frames
    this.place({ x: this.sprite.x, y: this.sprite.y }, this.facing, !this.walking);
  }

  destroy(): void {
    this.sprite.destroy();
    this.label.destroy();
  }
}
