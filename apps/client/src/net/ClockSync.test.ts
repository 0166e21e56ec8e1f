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

  it('lets an old fast sample go once enough newer ones have come, so drift is followed', () => {
    const clock = new ClockSync();
    clock.sample(0, 5000, 2); // rtt 2, offset 4999
    for (let i = 1; i <= 8; i++) clock.sample(i * 1000, i * 1000 + 7000 + 10, i * 1000 + 20); // rtt 20, offset 7000
    expect(clock.offset).toBe(7000);
    expect(clock.roundTrip).toBe(20);
  });

  it('forgets everything on reset, as for a new connection to another server', () => {
    const clock = new ClockSync();
    clock.sample(100, 5100, 100);
    clock.reset();
    expect(clock.offset).toBe(0);
    expect(clock.roundTrip).toBeUndefined();
  });
});
