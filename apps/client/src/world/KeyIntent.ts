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
};

/**
 * Which way the player wants to walk, from the keys held: the most recently pressed one that is still down,
 * so pressing a second key turns and releasing it turns back. Keys are counted, so Arrow and WASD can overlap.
 */
export class KeyIntent {
  private readonly held: string[] = [];

  /** Returns true when the code is a walk key (so the caller can prevent the page from scrolling). */
  press(code: string): boolean {
    if (!(code in WALK_KEYS)) return false;
    const at = this.held.indexOf(code);
    if (at >= 0) this.held.splice(at, 1);
    this.held.push(code);
    return true;
  }

  release(code: string): void {
    const at = this.held.indexOf(code);
    if (at >= 0) this.held.splice(at, 1);
  }

  /** Forget every key, e.g. when the window loses focus and key-ups will never come. */
  clear(): void {
    this.held.length = 0;
  }

  get direction(): Direction | null {
    const code = this.held[this.held.length - 1];
    return code === undefined ? null : (WALK_KEYS[code] ?? null);
  }
}
