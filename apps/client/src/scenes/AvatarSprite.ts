import type Phaser from 'phaser';
import { AVATAR_LOOKS, DIRECTIONS, type AvatarLook, type Direction, type Point } from '@campus/protocol';
import { AVATAR_SHEET, avatarFrame, walkAnimationKey } from '../world/avatarFrames';
import { NameLabel } from './NameLabel';

/** How far outside the camera's view (in world pixels) an avatar is still drawn: a label is wider than its sprite. */
const VIEW_MARGIN = 48;

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

/** One avatar on screen: the sprite, drawn by its feet, and its name above it; off screen, neither is drawn. */
export class AvatarSprite {
  readonly sprite: Phaser.GameObjects.Sprite;
  private readonly label: NameLabel;
  private look: AvatarLook;
  private facing: Direction = 'down';
  private walking = false;
  private shown = true;
  /** Whether its name is drawn when it is (a crowd draws only the nearest names: labelBudget). */
  private named = true;
  private at: Point = { x: 0, y: 0 };

  constructor(scene: Phaser.Scene, look: AvatarLook, name: string, isSelf: boolean, labelResolution: number) {
    this.look = look;
    this.sprite = scene.add.sprite(0, 0, AVATAR_SHEET.key, avatarFrame(look, 'down'));
    // The frame's feet are at (8, 23); the avatar's position is the point between its feet.
    this.sprite.setOrigin(0.5, 23 / 24);
    this.label = new NameLabel(scene, name, isSelf ? 0xffe9a8 : 0xffffff, labelResolution);
  }

  /** Moves the avatar to `p`, facing `direction`, animating the walk only while it walks and is in view. */
  place(p: Point, direction: Direction, walking: boolean): void {
    this.at = p;
    if (!this.inView(p)) {
      if (this.shown) this.show(false);
      return;
    }
    if (!this.shown) this.show(true);
    this.sprite.setPosition(p.x, p.y);
    // Every depth change sorts the display list again: only when it changes.
    if (this.sprite.depth !== p.y) this.sprite.setDepth(p.y);
    this.label.setPosition(Math.round(p.x), Math.round(p.y - 24));
    if (direction === this.facing && walking === this.walking) return;
    this.facing = direction;
    this.walking = walking;
    if (walking) this.sprite.play(walkAnimationKey(this.look, direction), true);
    else this.sprite.stop().setFrame(avatarFrame(this.look, direction));
  }

  /** Draws its name, or not (the avatar itself stays). */
  setNamed(named: boolean): void {
    if (named === this.named) return;
    this.named = named;
    this.label.setVisible(this.shown && named);
  }

  /** Whether it is drawn now (in view). */
  get inSight(): boolean {
    return this.shown;
  }

  /** Whether its name is drawn now. */
  get nameShown(): boolean {
    return this.shown && this.named;
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
    this.place(this.at, this.facing, !this.walking);
  }

  private inView(p: Point): boolean {
    const view = this.sprite.scene.cameras.main.worldView;
    // Before the camera's first frame its view is empty: draw everyone.
    if (view.width === 0) return true;
    return (
      p.x > view.x - VIEW_MARGIN &&
      p.x < view.right + VIEW_MARGIN &&
      p.y > view.y - VIEW_MARGIN &&
      p.y < view.bottom + VIEW_MARGIN
    );
  }

  /** Out of view nothing is drawn or animated; back in view the next place() draws it afresh. */
  private show(shown: boolean): void {
    this.shown = shown;
    this.sprite.setVisible(shown);
    this.label.setVisible(shown && this.named);
    if (!shown && this.walking) {
      this.sprite.stop();
      this.walking = false;
      // A different facing makes the next place() in view set the frame or the walk again.
      this.facing = this.facing === 'down' ? 'up' : 'down';
    }
  }

  destroy(): void {
    this.sprite.destroy();
    this.label.destroy();
  }
}
