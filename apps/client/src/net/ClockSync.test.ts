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

  it('lets an old fast sample go as it ages, so drift is followed', () => {
    const clock = new ClockSync();
    clock.sample(0, 5000, 2); // rtt 2, offset 4999
    // Ten seconds on, the old sample's bound (1 ms + 2 ms of possible drift) still beats a fresh one's 10 ms.
    clock.sample(10_000, 10_000 + 7000 + 10, 10_020);
    expect(clock.offset).toBe(4999);
    // A minute on it no longer does (1 + 12 ms against 10).
    clock.sample(60_000, 60_000 + 7000 + 10, 60_020);
    expect(clock.offset).toBe(7000);
    expect(clock.roundTrip).toBe(20);
  });

  it('is not moved by a slow, lopsided round trip from a page too busy to read its reply in time', () => {
    const clock = new ClockSync();
    for (let i = 0; i < 8; i++) clock.sample(i * 1000, i * 1000 + 5000 + 6, i * 1000 + 12); // rtt 12, offset 5000
    // Twenty samples over the next minutes, each answered 300 ms late: each says the offset is 150 ms less.
    for (let i = 0; i < 20; i++) {
      const sent = 10_000 + i * 5000;
      clock.sample(sent, sent + 5000 + 5, sent + 305);
    }
    expect(clock.offset).toBe(5000);
  });

  it('forgets everything on reset, as for a new connection to another server', () => {
    const clock = new ClockSync();
    clock.sample(100, 5100, 100);
    clock.reset();
    expect(clock.offset).toBe(0);
    expect(clock.roundTrip).toBeUndefined();
  });
});
