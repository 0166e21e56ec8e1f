import Phaser from 'phaser';
import type { Direction } from '@campus/protocol';
import { element } from '../ui/dom';
import { STICK_CODES, type KeyIntent } from '../world/KeyIntent';
import { knobOffset, stickDirection } from '../world/stickDirection';

/** A thumb that moved farther than this (CSS px) from where it landed is steering, not tapping. */
export const STICK_SLOP_PX = 12;

/**
 * The touch joystick: it appears where a thumb lands on the campus and is dragged, and holds the walk key of the
 * way it leans (stickDirection) in the scene's KeyIntent, so a stick walk is sent exactly as a keyboard walk is:
 * one move per start, turn and stop. A touch that does not move is a tap (PointToWalk walks there).
 */
export class TouchStick {
  private readonly base = element<HTMLDivElement>('stick');
  private readonly knob = element<HTMLDivElement>('stick-knob');
  private touch: { id: number; x: number; y: number; steering: boolean } | undefined;
  private direction: Direction | null = null;
  /** The pointer whose last touch steered: its release is not a tap. */
  private steered: number | undefined;

  constructor(
    scene: Phaser.Scene,
    private readonly keys: KeyIntent,
    private readonly now: () => number,
  ) {
    const input = scene.input;
    input.on(Phaser.Input.Events.POINTER_DOWN, (pointer: Phaser.Input.Pointer) => {
      if (!pointer.wasTouch || this.touch) return;
      this.touch = { id: pointer.id, x: pointer.x, y: pointer.y, steering: false };
      this.steered = undefined;
    });
    input.on(Phaser.Input.Events.POINTER_MOVE, (pointer: Phaser.Input.Pointer) => this.move(pointer));
    const up = (pointer: Phaser.Input.Pointer): void => {
      if (pointer.id !== this.touch?.id) return;
      if (this.touch.steering) this.steered = pointer.id;
      this.touch = undefined;
      this.steer(null, this.timeOf(pointer));
      this.base.hidden = true;
    };
    input.on(Phaser.Input.Events.POINTER_UP, up);
    input.on(Phaser.Input.Events.POINTER_UP_OUTSIDE, up);
  }

  /** Lets go of everything (the window lost focus: the touch's end may never come). */
  reset(): void {
    this.touch = undefined;
    this.direction = null;
    this.base.hidden = true;
  }

  /** Whether `pointer`'s touch, now ending, steered the stick (and so is no tap). */
  steeredBy(pointer: Phaser.Input.Pointer): boolean {
    return this.touch?.id === pointer.id ? this.touch.steering : this.steered === pointer.id;
  }

  private move(pointer: Phaser.Input.Pointer): void {
    const touch = this.touch;
    if (!touch || pointer.id !== touch.id) return;
    const dx = pointer.x - touch.x;
    const dy = pointer.y - touch.y;
    if (!touch.steering) {
      if (Math.hypot(dx, dy) <= STICK_SLOP_PX) return;
      touch.steering = true;
      this.base.style.left = `${touch.x}px`;
      this.base.style.top = `${touch.y}px`;
      this.base.hidden = false;
    }
    const knob = knobOffset(dx, dy);
    this.knob.style.transform = `translate(${knob.x}px, ${knob.y}px)`;
    this.steer(stickDirection(dx, dy, this.direction), this.timeOf(pointer));
  }

  private steer(direction: Direction | null, at: number): void {
    if (direction === this.direction) return;
    if (this.direction) this.keys.release(STICK_CODES[this.direction], at);
    if (direction) this.keys.press(STICK_CODES[direction], at);
    this.direction = direction;
  }

  private timeOf(pointer: Phaser.Input.Pointer): number {
    return pointer.event?.timeStamp || this.now();
  }
}
