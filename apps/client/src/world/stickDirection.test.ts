import { describe, expect, it } from 'vitest';
import { STICK, knobOffset, stickDirection } from './stickDirection';

describe('stickDirection', () => {
  it('stands inside the dead zone', () => {
    expect(stickDirection(0, 0, null)).toBeNull();
    expect(stickDirection(STICK.deadZonePx - 1, 5, null)).toBeNull();
    expect(stickDirection(STICK.deadZonePx - 1, 0, 'right')).toBeNull();
  });

  it('walks the way the thumb leans most', () => {
    expect(stickDirection(30, 5, null)).toBe('right');
    expect(stickDirection(-30, 5, null)).toBe('left');
    expect(stickDirection(5, -30, null)).toBe('up');
    expect(stickDirection(5, 30, null)).toBe('down');
  });

  it('keeps the way it walks near a diagonal, and turns once the other way clearly leads', () => {
    expect(stickDirection(30, 32, 'right')).toBe('right'); // a hair past the diagonal: no flap
    expect(stickDirection(30, 32, null)).toBe('down');
    expect(stickDirection(30, 30 * STICK.keepRatio + 1, 'right')).toBe('down');
    expect(stickDirection(-30, 20, 'right')).toBe('left'); // the same axis, the other way: at once
    expect(stickDirection(0, 30, 'right')).toBe('down');
  });
});

describe('knobOffset', () => {
  it('follows the thumb within reach and stops at the rim', () => {
    expect(knobOffset(10, -20)).toEqual({ x: 10, y: -20 });
    const far = knobOffset(300, 400);
    expect(Math.hypot(far.x, far.y)).toBeCloseTo(STICK.reachPx);
    expect(far.x / far.y).toBeCloseTo(0.75);
  });
});
