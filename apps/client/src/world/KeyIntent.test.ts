import { describe, expect, it } from 'vitest';
import { KeyIntent } from './KeyIntent';

describe('KeyIntent', () => {
  it('walks towards the most recent key still held, and back when it is released', () => {
    const keys = new KeyIntent();
    expect(keys.direction).toBeNull();
    keys.press('ArrowRight');
    keys.press('KeyW');
    expect(keys.direction).toBe('up');
    keys.release('KeyW');
    expect(keys.direction).toBe('right');
    keys.release('ArrowRight');
    expect(keys.direction).toBeNull();
  });

  it('ignores keys that do not walk and key repeats', () => {
    const keys = new KeyIntent();
    expect(keys.press('Space')).toBe(false);
    keys.press('KeyA');
    keys.press('KeyA');
    keys.release('KeyA');
    expect(keys.direction).toBeNull();
  });

  it('remembers when the intent last changed, ignoring key repeats', () => {
    const keys = new KeyIntent();
    keys.press('ArrowUp', 100);
    keys.press('ArrowUp', 150); // auto-repeat
    expect(keys.changedAt).toBe(100);
    keys.release('ArrowUp', 420);
    expect(keys.changedAt).toBe(420);
  });

  it('forgets everything on clear', () => {
    const keys = new KeyIntent();
    keys.press('ArrowDown');
    keys.clear();
    expect(keys.direction).toBeNull();
  });
});
