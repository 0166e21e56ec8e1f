import type { Direction } from '@campus/protocol';

/** Keyboard codes that walk, by `KeyboardEvent.code` so they work on any layout. */
export const WALK_KEYS: Readonly<Record<string, Direction>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  KeyW: 'up',
  KeyS: 'down',
  KeyA: 'left',
  KeyD: 'right',
  // What the touch stick holds (TouchStick): no keyboard sends these codes.
  StickUp: 'up',
  StickDown: 'down',
  StickLeft: 'left',
  StickRight: 'right',
};

/** The walk code the touch stick holds for each way. */
export const STICK_CODES: Readonly<Record<Direction, string>> = {
  up: 'StickUp',
  down: 'StickDown',
  left: 'StickLeft',
  right: 'StickRight',
};

/**
 * Which way the player wants to walk, from the keys held: the most recently pressed one that is still down,
 * so pressing a second key turns and releasing it turns back. Keys are counted, so Arrow and WASD can overlap.
 */
export class KeyIntent {
  private readonly held: string[] = [];
  private lastChange: number | undefined;

  /**
   * When the intent last changed (the key event's time, ms on the page clock). Movement starts and stops then, not at
   * the next frame, so where the avatar stops does not depend on the frame rate.
   */
  get changedAt(): number | undefined {
    return this.lastChange;
  }

  /** Returns true when the code is a walk key (so the caller can prevent the page from scrolling). */
  press(code: string, at?: number): boolean {
    if (!(code in WALK_KEYS)) return false;
    const index = this.held.indexOf(code);
    if (index >= 0) this.held.splice(index, 1);
    else this.lastChange = at;
    this.held.push(code);
    return true;
  }

  release(code: string, at?: number): void {
    const index = this.held.indexOf(code);
    if (index < 0) return;
    this.held.splice(index, 1);
    this.lastChange = at;
  }

  /** Forget every key, e.g. when the window loses focus and key-ups will never come. */
  clear(): void {
    this.held.length = 0;
    this.lastChange = undefined;
  }

  get direction(): Direction | null {
    const code = this.held[this.held.length - 1];
    return code === undefined ? null : (WALK_KEYS[code] ?? null);
  }
}
