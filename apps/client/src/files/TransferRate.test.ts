import { describe, expect, it } from 'vitest';
import { TransferRate } from './TransferRate';

describe('TransferRate', () => {
  it('knows no rate before any data, nor from the first instants', () => {
    const rate = new TransferRate(3000);
    expect(rate.bytesPerSecond(0)).toBe(0);
    expect(rate.secondsLeft(0, 1000)).toBeUndefined();
    rate.add(1000, 50_000);
    expect(rate.bytesPerSecond(1500)).toBe(0);
    expect(rate.secondsLeft(1500, 1000)).toBeUndefined();
  });

  it('measures a steady transfer from its start, then over the window', () => {
    const rate = new TransferRate(3000);
    // 100 KB every 100 ms is 1 MB/s.
    for (let t = 100; t <= 10_000; t += 100) rate.add(t, 100_000);
    expect(rate.bytesPerSecond(10_000)).toBeCloseTo(1_000_000, -3);
    expect(rate.secondsLeft(10_000, 5_000_000)).toBeCloseTo(5, 1);

    const young = new TransferRate(3000);
    for (let t = 0; t <= 1000; t += 100) young.add(t, 100_000);
    expect(young.bytesPerSecond(1000)).toBeCloseTo(1_100_000, -3);
  });

  it('follows a change of speed within a window', () => {
    const rate = new TransferRate(3000);
    for (let t = 100; t <= 5000; t += 100) rate.add(t, 100_000);
    for (let t = 5100; t <= 9000; t += 100) rate.add(t, 10_000);
    expect(rate.bytesPerSecond(9000)).toBeCloseTo(100_000, -3);
  });

  it('falls to 0 when nothing arrives for a whole window', () => {
    const rate = new TransferRate(3000);
    for (let t = 0; t <= 2000; t += 100) rate.add(t, 1000);
    expect(rate.bytesPerSecond(2000)).toBeGreaterThan(0);
    expect(rate.bytesPerSecond(4000)).toBeGreaterThan(0);
    expect(rate.bytesPerSecond(5000)).toBe(0);
    expect(rate.secondsLeft(5000, 1000)).toBeUndefined();
  });

  it('has nothing left to wait for when nothing remains', () => {
    expect(new TransferRate().secondsLeft(0, 0)).toBe(0);
  });
});
