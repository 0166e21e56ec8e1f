import { describe, expect, it } from 'vitest';
import { ClockSync } from './ClockSync';

describe('ClockSync', () => {
  it('maps between clocks using the shortest round trip', () => {
    const clock = new ClockSync();
    // True offset 5000. A slow, lopsided sample, then a fast symmetric one.
    clock.sample(100, 5100 + 90, 200);
    clock.sample(300, 5300 + 5, 310);
    expect(clock.offset).toBe(5000);
    expect(clock.roundTrip).toBe(10);
    expect(clock.toServer(1000)).toBe(6000);
    expect(clock.toLocal(6000)).toBe(1000);
  });

  it('assumes no offset before any sample', () => {
    expect(new ClockSync().toServer(42)).toBe(42);
  });
});
